"""A pack's manifest (the sha256 of every file) and its Ed25519 signature.

Why both: the manifest catches a damaged copy, file by file; the signature over the manifest
says who published the pack. A kiosk trusts a pack from outside only when a key it ships (in
``resources/keys/*.pub``) or is configured with (the ``trusted_keys`` setting) signed it. Private
keys never enter the repository: ``outreach-kiosk pack keygen`` writes one where its owner says.

Key text format, one line: ``ed25519:<base64 of the 32-byte public key> [comment]``.
``manifest.sig`` holds ``ed25519:<key fingerprint>:<base64 of the 64-byte signature>``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import ContentError
from kiosk.packs.files import MANIFEST, SIGNATURE, PackFile
from kiosk.packs.problems import Problem

if TYPE_CHECKING:  # cryptography is imported where keys are used: start-up rarely needs it
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

MANIFEST_FORMAT = "outreach-kiosk-pack/1"
KEY_PREFIX = "ed25519:"
_CHUNK = 1024 * 1024


def sha256_of(file: PackFile) -> str:
    digest = hashlib.sha256()
    if isinstance(file.source, Path):
        with file.source.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    else:
        digest.update(file.source.read_bytes())
    return digest.hexdigest()


def build_manifest(pack_id: str, version: str, files: Mapping[str, PackFile]) -> bytes:
    """The manifest of ``files`` (every file but the manifest and its signature), as bytes."""
    listed = {
        path: {"sha256": sha256_of(file), "bytes": file.size}
        for path, file in sorted(files.items())
        if path not in (MANIFEST, SIGNATURE)
    }
    document = {"format": MANIFEST_FORMAT, "id": pack_id, "version": version, "files": listed}
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def parse_manifest(data: bytes) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        return None, [Problem(MANIFEST, f"not valid JSON: {exc}", line)]
    if (
        not isinstance(document, dict)
        or document.get("format") != MANIFEST_FORMAT
        or not isinstance(document.get("files"), dict)
    ):
        return None, [Problem(MANIFEST, f"not a manifest of format {MANIFEST_FORMAT}")]
    return document, []


def check_manifest(
    document: Mapping[str, Any], files: Mapping[str, PackFile], pack_id: str, version: str
) -> list[Problem]:
    """Every difference between the manifest and the files as they are."""
    hint = " (run `outreach-kiosk pack manifest PATH` after editing a pack)"
    problems: list[Problem] = []
    if (document.get("id"), document.get("version")) != (pack_id, version):
        problems.append(
            Problem(
                MANIFEST,
                f"is for {document.get('id')} {document.get('version')}, "
                f"pack.toml says {pack_id} {version}" + hint,
            )
        )
    listed: Mapping[str, Any] = document["files"]
    for path, file in sorted(files.items()):
        if path in (MANIFEST, SIGNATURE):
            continue
        entry = listed.get(path)
        if file.oversized:
            continue  # reported as too large; not read
        if not isinstance(entry, dict):
            problems.append(Problem(path, "not listed in manifest.json" + hint))
        elif entry.get("sha256") != sha256_of(file):
            problems.append(Problem(path, "differs from manifest.json (sha256)" + hint))
    for path in sorted(set(listed) - set(files)):
        problems.append(Problem(path, "listed in manifest.json but missing from the pack"))
    return problems


@dataclass(frozen=True)
class TrustedKey:
    """A public key the kiosk trusts, with where it came from (shown on the admin screen)."""

    key: Ed25519PublicKey
    origin: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)


def fingerprint(key: Ed25519PublicKey) -> str:
    """A short, stable name for a public key: the first 16 hex digits of its sha256."""
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_text(key: Ed25519PublicKey, comment: str = "") -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return f"{KEY_PREFIX}{base64.b64encode(raw).decode()} {comment}".strip()


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A key from its one-line text form; ContentError when it is not one.

    The ``ed25519:`` prefix may be left out: plain base64 of the 32 raw bytes is the same key.
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    word = text.strip().split()[0] if text.strip() else ""
    try:
        raw = base64.b64decode(word.removeprefix(KEY_PREFIX), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise ContentError(f"not an Ed25519 public key: {text!r}") from exc


def shipped_keys() -> list[TrustedKey]:
    """The keys that come with the application: ``resources/keys/*.pub``."""
    folder = resources.files("kiosk.resources") / "keys"
    keys = []
    if folder.is_dir():
        for entry in sorted(folder.iterdir(), key=lambda item: item.name):
            if entry.name.endswith(".pub"):
                keys.append(
                    TrustedKey(parse_public_key(entry.read_text("utf-8")), f"keys/{entry.name}")
                )
    return keys


def trusted_keys(configured: Iterable[str] = ()) -> list[TrustedKey]:
    """Shipped keys, then those of the ``trusted_keys`` setting."""
    keys = shipped_keys()
    for index, text in enumerate(configured):
        keys.append(TrustedKey(parse_public_key(text), f"setting trusted_keys[{index}]"))
    return keys


def generate_key(private_path: Path) -> tuple[Path, str]:
    """Write a new private key (PEM, readable by its owner only) and ``<path>.pub`` beside it.

    Refuses to overwrite an existing key. Returns the public key file and its text.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public_path = private_path.with_name(private_path.name + ".pub")
    for path in (private_path, public_path):
        if path.exists():
            raise ContentError(f"{path} already exists; not overwriting a key")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    private_path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    text = public_key_text(key.public_key(), f"outreach-kiosk pack key {private_path.stem}")
    public_path.write_text(text + "\n", encoding="utf-8")
    return public_path, text


def load_private_key(path: Path) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ContentError(f"{path}: cannot read a private key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ContentError(f"{path}: not an Ed25519 private key")
    return key


def sign_manifest(manifest: bytes, key: Ed25519PrivateKey) -> str:
    """The text of ``manifest.sig`` for ``manifest``."""
    signature = base64.b64encode(key.sign(manifest)).decode()
    return f"{KEY_PREFIX}{fingerprint(key.public_key())}:{signature}\n"


def verify_signature(
    manifest: bytes, signature_text: str, keys: Iterable[TrustedKey]
) -> tuple[TrustedKey | None, Problem | None]:
    """The trusted key that signed ``manifest``, or the problem with the signature."""
    from cryptography.exceptions import InvalidSignature

    parts = signature_text.strip().split(":")
    if len(parts) != 3 or f"{parts[0]}:" != KEY_PREFIX:
        return None, Problem(SIGNATURE, "not a signature ('ed25519:<key>:<signature>' expected)")
    _scheme, key_name, encoded = parts
    try:
        signature = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        return None, Problem(SIGNATURE, "the signature is not valid base64")
    candidates = [key for key in keys if key.fingerprint == key_name]
    if not candidates:
        return None, Problem(
            SIGNATURE, f"signed by key {key_name}, which this kiosk does not trust"
        )
    for candidate in candidates:
        try:
            candidate.key.verify(signature, manifest)
        except InvalidSignature:
            continue
        return candidate, None
    return None, Problem(
        SIGNATURE, f"bad signature: manifest.json was not signed by key {key_name} as it is now"
    )
