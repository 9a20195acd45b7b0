"""Tokens, enrolment codes and passwords: how they are made and how they are stored.

Why hashes only: a copy of the central's database must not let anyone push counts or enrol a
device. Device tokens (32 random bytes) and enrolment codes (80 random bits, single use, expiring)
have so much entropy that a plain sha256 is enough to store them; people's passwords do not, so
they get argon2.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Final

TOKEN_PREFIX: Final = "okt_"
CODE_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base32: no I, L, O or U, so a code read aloud or typed on a kiosk survives."""
CODE_GROUPS: Final = 4
CODE_GROUP_LENGTH: Final = 4


def new_token() -> str:
    """A fresh bearer token for a device: 32 random bytes, URL-safe."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def token_hash(token: str) -> str:
    """What the central stores of a token."""
    return sha256_hex(token)


def new_enrolment_code() -> str:
    """A code a person can type: 16 base32 characters in groups of four (80 random bits)."""
    characters = "".join(
        secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH)
    )
    return "-".join(
        characters[start : start + CODE_GROUP_LENGTH]
        for start in range(0, len(characters), CODE_GROUP_LENGTH)
    )


def normalise_code(code: str) -> str:
    """The canonical form of a typed code: upper case, no dashes, look-alike letters mapped."""
    cleaned = code.strip().upper().replace("-", "").replace(" ", "")
    return cleaned.translate(str.maketrans("OIL", "011"))


def code_hash(code: str) -> str:
    """What the central stores of an enrolment code."""
    return sha256_hex("enrol:" + normalise_code(code))


def request_hash(request_id: str) -> str:
    """What the central stores of a device's enrolment request id (with the code, a way in)."""
    return sha256_hex("enrol-request:" + request_id)


def hash_password(password: str) -> str:
    """An argon2id hash of a person's password."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
