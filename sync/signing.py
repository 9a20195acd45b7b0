"""Signed content manifests: the publisher signs, the central stores, the device verifies.

Why Ed25519 over a small JSON document: the document names the pack, its version and the sha256
and size of its zip, so one signature check plus one hash check prove the whole download came
from the publisher. The central never holds the private key, so a central that was broken into
still cannot change what a worker reads.

Interim format: the content-pack format (``manifest.json`` with a hash per file and
``manifest.sig``, see docs/architecture.md) is checked on the device by ``kiosk.packs.load``; this
envelope only covers the transport of the pack's zip.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


class SignatureError(ValueError):
    """A key cannot be read, or a signature does not match; the message says which."""


def canonical_json(document: dict[str, Any]) -> str:
    """One spelling per document: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The publisher's Ed25519 private key, PEM (``openssl genpkey -algorithm ed25519``)."""
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise SignatureError(f"cannot read the key {path}: {exc.strerror}") from exc
    except (ValueError, TypeError) as exc:
        raise SignatureError(f"{path} is not an unencrypted PEM private key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SignatureError(f"{path} is not an Ed25519 key")
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    """A public key as base64 of its 32 raw bytes, short enough to paste into a setting."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def public_key_from_text(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except ValueError as exc:
        raise SignatureError(f"not an Ed25519 public key: {text[:60]!r}") from exc


def sign(key: Ed25519PrivateKey, document: dict[str, Any]) -> tuple[str, str]:
    """The exact text signed and its signature (base64)."""
    signed = canonical_json(document)
    signature = key.sign(signed.encode("utf-8"))
    return signed, base64.b64encode(signature).decode("ascii")


def verify(key: Ed25519PublicKey, signed: str, signature: str) -> dict[str, Any]:
    """The signed document if ``signature`` is the publisher's over ``signed``, else raise."""
    try:
        key.verify(base64.b64decode(signature, validate=True), signed.encode("utf-8"))
    except (InvalidSignature, ValueError) as exc:
        raise SignatureError("the content manifest's signature does not match") from exc
    document = json.loads(signed)
    if not isinstance(document, dict):
        raise SignatureError("the signed content manifest is not a JSON object")
    return document
