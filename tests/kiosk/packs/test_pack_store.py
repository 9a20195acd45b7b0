"""Installing packs: checked in full, switched atomically, refusals leave the last good pack.

Real folders and zips on disk, real keys; the data folder is a fresh temporary one each time.
"""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest

from kiosk.packs.authoring import sign_pack, zip_pack
from kiosk.packs.files import MAX_TEXT_BYTES
from kiosk.packs.manifest import TrustedKey
from kiosk.packs.problems import PackRefusedError
from kiosk.packs.store import PackStore

KeyPair = tuple[Path, TrustedKey]


def bump(pack: Path, version: str) -> Path:
    toml = pack / "pack.toml"
    text = toml.read_text("utf-8")
    start = text.index('version = "')
    end = text.index('"', start + len('version = "'))
    toml.write_text(text[:start] + f'version = "{version}' + text[end:], "utf-8")
    return pack


def installed_names(store: PackStore) -> list[str]:
    return sorted(entry.name for entry in store.folder.iterdir() if not entry.name.startswith("."))


@pytest.fixture
def store(tmp_path: Path, key_pair: KeyPair) -> PackStore:
    return PackStore(tmp_path / "data", [key_pair[1]])


def test_without_installs_the_shipped_pack_is_active(store: PackStore) -> None:
    active = store.active()
    assert (active.origin, active.pack.id) == ("shipped", "bc-orientation")
    assert store.last_refusal() is None


def test_install_signed_folder_then_zip(
    store: PackStore, pack_dir: Path, key_pair: KeyPair, tmp_path: Path
) -> None:
    sign_pack(bump(pack_dir, "2027.1.0"), key_pair[0])
    active = store.install(pack_dir)
    assert (active.origin, active.pack.version) == ("installed", "2027.1.0")
    assert active.signer is not None and key_pair[1].fingerprint in active.signer
    assert store.active().pack.version == "2027.1.0"
    assert store.active_name() == "bc-orientation-2027.1.0"

    sign_pack(bump(pack_dir, "2027.2.0"), key_pair[0])
    archive = zip_pack(pack_dir, tmp_path / "update.zip")
    assert store.install(archive).pack.version == "2027.2.0"
    assert installed_names(store) == [
        "active",
        "bc-orientation-2027.1.0",
        "bc-orientation-2027.2.0",
    ]


def test_refused_pack_leaves_the_last_good_one_active(
    store: PackStore, pack_dir: Path, key_pair: KeyPair, other_key_pair: KeyPair
) -> None:
    sign_pack(bump(pack_dir, "2027.1.0"), key_pair[0])
    store.install(pack_dir)
    before = (store.folder / "active").read_bytes()
    sign_pack(bump(pack_dir, "2027.2.0"), other_key_pair[0])
    with pytest.raises(PackRefusedError) as refused:
        store.install(pack_dir)
    assert "does not trust" in str(refused.value)
    assert (store.folder / "active").read_bytes() == before
    assert store.active().pack.version == "2027.1.0"
    assert installed_names(store) == ["active", "bc-orientation-2027.1.0", "refused.json"]
    refusal = store.last_refusal()
    assert refusal is not None and refusal.source == str(pack_dir)
    assert refusal.problems == (
        f"manifest.sig: signed by key {other_key_pair[1].fingerprint}, "
        "which this kiosk does not trust",
    )
    # the next good pack clears the refusal
    sign_pack(pack_dir, key_pair[0])
    store.install(pack_dir)
    assert store.last_refusal() is None


def test_unsigned_pack_needs_the_development_setting(tmp_path: Path, pack_dir: Path) -> None:
    bump(pack_dir, "2027.1.0")
    from kiosk.packs.authoring import write_manifest

    write_manifest(pack_dir)
    strict = PackStore(tmp_path / "data")
    with pytest.raises(PackRefusedError, match=r"manifest\.sig: missing"):
        strict.install(pack_dir)
    assert strict.active().origin == "shipped"
    lenient = PackStore(tmp_path / "data", allow_unsigned=True)
    active = lenient.install(pack_dir)
    assert (active.origin, active.signer) == ("installed", None)
    # a kiosk that no longer allows unsigned packs refuses it at start and shows the shipped one
    assert strict.active().origin == "shipped"
    refusal = strict.last_refusal()
    assert refusal is not None and "checked at start" in refusal.source


def test_older_or_same_version_is_refused(
    store: PackStore, pack_dir: Path, key_pair: KeyPair
) -> None:
    sign_pack(bump(pack_dir, "2027.1.0"), key_pair[0])
    store.install(pack_dir)
    with pytest.raises(PackRefusedError, match=r"not newer than the active 2027\.1\.0"):
        store.install(pack_dir)
    sign_pack(bump(pack_dir, "2026.1.0"), key_pair[0])
    with pytest.raises(PackRefusedError, match="not newer"):
        store.install(pack_dir)
    assert store.install(pack_dir, allow_downgrade=True).pack.version == "2026.1.0"


def test_damaged_installed_pack_falls_back_to_shipped_and_says_why(
    store: PackStore, pack_dir: Path, key_pair: KeyPair
) -> None:
    sign_pack(bump(pack_dir, "2027.1.0"), key_pair[0])
    store.install(pack_dir)
    page = store.folder / "bc-orientation-2027.1.0" / "topics" / "rights-at-work" / "en.md"
    page.write_text("# Rights\n\nTampered.\n", "utf-8")
    assert store.active().origin == "shipped"
    refusal = store.last_refusal()
    assert refusal is not None
    assert refusal.problems[0].startswith("topics/rights-at-work/en.md: differs from manifest")


def zip_with(path: Path, entries: dict[str, bytes], links: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, data in entries.items():
            bundle.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            bundle.writestr(info, "/etc/passwd")
    return path


@pytest.mark.parametrize(
    ("entries", "links", "expected"),
    [
        ({"../../outside.md": b"x"}, (), "bad.zip:../../outside.md: path escapes the pack folder"),
        ({"/etc/cron.d/x": b"x"}, (), "bad.zip:/etc/cron.d/x: absolute path"),
        ({"pack.toml": b"x"}, ("topics/a/en.md",), "bad.zip:topics/a/en.md: links are not"),
        ({"pack.toml": b"x", "evil.exe": b"MZ"}, (), "evil.exe: unexpected file"),
        (
            {"pack.toml": b"x", "topics/a/en.md": b"#" * (MAX_TEXT_BYTES + 1)},
            (),
            "topics/a/en.md: too large",
        ),
    ],
)
def test_hostile_zips_are_refused_before_anything_is_kept(
    store: PackStore,
    tmp_path: Path,
    entries: dict[str, bytes],
    links: tuple[str, ...],
    expected: str,
) -> None:
    archive = zip_with(tmp_path / "bad.zip", entries, links)
    with pytest.raises(PackRefusedError) as refused:
        store.install(archive)
    assert any(str(problem).startswith(expected) for problem in refused.value.problems), str(
        refused.value
    )
    assert not (tmp_path / "outside.md").exists()
    assert installed_names(store) == ["refused.json"]
    assert store.active().origin == "shipped"


def test_zip_that_lies_about_its_sizes(store: PackStore, tmp_path: Path) -> None:
    archive = zip_with(
        tmp_path / "bomb.zip", {"pack.toml": b"", "topics/a/en.md": b"#" * (MAX_TEXT_BYTES * 4)}
    )
    data = bytearray(archive.read_bytes())
    # declare a tiny uncompressed size in the central directory: the real bytes are still counted
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    with pytest.raises(PackRefusedError) as refused:
        store.install(archive)
    # zipfile stops at the declared size and the checksum then fails: refused, file named
    assert "topics/a/en.md" in str(refused.value)
    assert installed_names(store) == ["refused.json"]


def test_refusal_record_is_json_for_the_admin_screen(store: PackStore, tmp_path: Path) -> None:
    with pytest.raises(PackRefusedError):
        store.install(tmp_path / "nowhere.zip")
    record = json.loads((store.folder / "refused.json").read_text("utf-8"))
    assert record["problems"] == [f"(pack): {tmp_path / 'nowhere.zip'} does not exist"]
    assert record["source"] == str(tmp_path / "nowhere.zip")


def test_a_damaged_lzma_member_is_a_recorded_refusal(store: PackStore, tmp_path: Path) -> None:
    archive = tmp_path / "lzma.zip"
    page = ("# Title\n\n" + "Some words of the page.\n" * 400).encode()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_LZMA) as bundle:
        bundle.writestr("pack.toml", b'id = "x"\n')
        bundle.writestr("topics/a/en.md", page)
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as bundle:
        info = bundle.getinfo("topics/a/en.md")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 9 : start + 60] = bytes(51)  # keep the LZMA properties, zero the stream itself
    archive.write_bytes(bytes(data))
    with pytest.raises(PackRefusedError) as refused:
        store.install(archive)
    assert [problem.file for problem in refused.value.problems] == ["topics/a/en.md"]
    assert "damaged in the zip, cannot be unpacked" in str(refused.value)
    refusal = store.last_refusal()
    assert refusal is not None and refusal.problems[0].startswith("topics/a/en.md: damaged")
    assert installed_names(store) == ["refused.json"]


def test_a_store_from_settings_trusts_the_keys_the_settings_name(
    tmp_path: Path, pack_dir: Path, key_pair: KeyPair
) -> None:
    from kiosk.config import Settings

    private, _key = key_pair
    sign_pack(bump(pack_dir, "2099.1.0"), private)
    public = private.with_name(private.name + ".pub").read_text("utf-8").strip()
    data = tmp_path / "data"
    with pytest.raises(PackRefusedError):  # the publisher is not trusted yet
        PackStore.from_settings(Settings(data_dir=data)).install(pack_dir)

    trusting = PackStore.from_settings(Settings(data_dir=data, trusted_keys=[public]))
    assert trusting.folder == data / "packs"
    assert trusting.install(pack_dir).pack.version == "2099.1.0"
    assert trusting.active().origin == "installed"
    untrusting = PackStore.from_settings(Settings(data_dir=data)).active()
    assert untrusting.origin == "shipped"  # checked again on reading, against the same keys
