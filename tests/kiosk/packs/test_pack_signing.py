"""Manifests and Ed25519 signatures with real keys: what is signed verifies, anything else not."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kiosk.errors import ContentError
from kiosk.packs.authoring import sign_pack, write_manifest
from kiosk.packs.manifest import TrustedKey, generate_key, parse_public_key
from kiosk.packs.problems import PackRefusedError
from kiosk.packs.validate import inspect_pack

KeyPair = tuple[Path, TrustedKey]


def signature_problems(pack: Path, keys: list[TrustedKey]) -> list[str]:
    inspection = inspect_pack(pack, keys=keys, require_signature=True)
    return [str(problem) for problem in inspection.problems]


def test_keygen_keeps_the_private_key_private(tmp_path: Path) -> None:
    public_path, text = generate_key(tmp_path / "k.key")
    assert stat.S_IMODE((tmp_path / "k.key").stat().st_mode) == 0o600
    assert public_path.read_text("utf-8").strip() == text
    assert text.startswith("ed25519:")
    parse_public_key(text)
    with pytest.raises(ContentError, match="already exists"):
        generate_key(tmp_path / "k.key")


def test_signed_pack_verifies_with_its_key(pack_dir: Path, key_pair: KeyPair) -> None:
    private, public = key_pair
    assert sign_pack(pack_dir, private) == public.fingerprint
    inspection = inspect_pack(pack_dir, keys=[public], require_signature=True)
    assert inspection.problems == []
    assert inspection.signer == public


def test_unsigned_pack_is_refused_when_a_signature_is_required(pack_dir: Path) -> None:
    assert signature_problems(pack_dir, []) == [
        "manifest.sig: missing: a pack from outside must be signed by a trusted key "
        "(`outreach-kiosk pack sign`); unsigned packs load only with the "
        "allow_unsigned_packs development setting"
    ]


def test_signature_by_an_untrusted_key(
    pack_dir: Path, key_pair: KeyPair, other_key_pair: KeyPair
) -> None:
    sign_pack(pack_dir, other_key_pair[0])
    found = signature_problems(pack_dir, [key_pair[1]])
    assert found == [
        f"manifest.sig: signed by key {other_key_pair[1].fingerprint}, "
        "which this kiosk does not trust"
    ]


def test_changed_page_after_signing_is_caught_by_the_manifest(
    pack_dir: Path, key_pair: KeyPair
) -> None:
    sign_pack(pack_dir, key_pair[0])
    page = pack_dir / "topics" / "emergency-and-health" / "en.md"
    page.write_text(page.read_text("utf-8").replace("911", "1-900-555-0199"), "utf-8")
    assert signature_problems(pack_dir, [key_pair[1]]) == [
        "topics/emergency-and-health/en.md: differs from manifest.json (sha256) "
        "(run `outreach-kiosk pack manifest PATH` after editing a pack)"
    ]


def test_manifest_rewritten_after_signing_breaks_the_signature(
    pack_dir: Path, key_pair: KeyPair
) -> None:
    sign_pack(pack_dir, key_pair[0])
    signature = (pack_dir / "manifest.sig").read_text("utf-8")
    page = pack_dir / "topics" / "emergency-and-health" / "en.md"
    page.write_text(page.read_text("utf-8") + "\nCall 1-900-555-0199.\n", "utf-8")
    write_manifest(pack_dir)
    assert not (pack_dir / "manifest.sig").exists()  # a stale signature is removed
    (pack_dir / "manifest.sig").write_text(signature, "utf-8")  # an attacker puts it back
    assert signature_problems(pack_dir, [key_pair[1]]) == [
        f"manifest.sig: bad signature: manifest.json was not signed by key "
        f"{key_pair[1].fingerprint} as it is now"
    ]


@pytest.mark.parametrize(
    "signature",
    ["", "garbage", "ed25519:abc:***", "rsa:abc:def"],
)
def test_malformed_signature_file(pack_dir: Path, key_pair: KeyPair, signature: str) -> None:
    (pack_dir / "manifest.sig").write_text(signature, "utf-8")
    found = signature_problems(pack_dir, [key_pair[1]])
    assert len(found) == 1 and found[0].startswith("manifest.sig: "), found


def test_missing_or_broken_manifest(pack_dir: Path) -> None:
    (pack_dir / "manifest.json").unlink()
    assert signature_problems(pack_dir, []) == [
        "manifest.json: missing (run `outreach-kiosk pack manifest PATH` to make it)"
    ]
    (pack_dir / "manifest.json").write_text('{"files": ', "utf-8")
    assert signature_problems(pack_dir, [])[0].startswith("manifest.json:1: not valid JSON")


def test_file_listed_in_the_manifest_but_removed(pack_dir: Path) -> None:
    manifest = json.loads((pack_dir / "manifest.json").read_text("utf-8"))
    manifest["files"]["audio/rights-at-work/tl.ogg"] = {"sha256": "0" * 64, "bytes": 1}
    (pack_dir / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    assert inspect_pack(pack_dir).problems[0].message == (
        "listed in manifest.json but missing from the pack"
    )


def test_a_broken_pack_is_not_signed(pack_dir: Path, key_pair: KeyPair) -> None:
    (pack_dir / "topics" / "report-safely" / "es.md").write_text("no title", "utf-8")
    with pytest.raises(PackRefusedError, match=r"topics/report-safely/es\.md:1"):
        sign_pack(pack_dir, key_pair[0])
    assert not (pack_dir / "manifest.sig").exists()


def test_a_key_without_its_prefix_is_the_same_key(key_pair: KeyPair) -> None:
    from kiosk.packs.manifest import public_key_text

    text = public_key_text(key_pair[1].key)
    bare = text.split()[0].removeprefix("ed25519:")
    assert TrustedKey(parse_public_key(bare), "bare").fingerprint == key_pair[1].fingerprint
    with pytest.raises(ContentError, match="not an Ed25519 public key"):
        parse_public_key("ed25519:not-a-key")
