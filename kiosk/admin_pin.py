"""The admin PIN: stored only as a salted scrypt hash, checked slowly, locked after wrong tries.

Why scrypt from the standard library: a short numeric PIN is easy to guess from its hash unless
each guess is expensive; scrypt makes each one cost memory and time, needs no extra dependency,
and the settings file then holds nothing that opens the kiosk by itself. The lockout stops
someone at the desk from trying PINs one after another.

Hash format: ``scrypt$n=16384,r=8,p=1$<salt, base64>$<hash, base64>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.errors import ConfigError

PIN_PATTERN = re.compile(r"^\d{4,12}$")
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MAX_FAILURES = 5
LOCKOUT_SECONDS = 60
_FORMAT = re.compile(r"^scrypt\$n=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")


def check_pin_shape(pin: str) -> None:
    if not PIN_PATTERN.match(pin):
        raise ConfigError("an admin PIN is 4 to 12 digits")


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The text to store in the ``admin_pin_hash`` setting."""
    check_pin_shape(pin)
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=N, r=R, p=P, dklen=HASH_BYTES)
    return (
        f"scrypt$n={N},r={R},p={P}$"
        f"{base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    )


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches the stored hash; a malformed hash matches nothing."""
    match = _FORMAT.match(stored)
    if match is None or not PIN_PATTERN.match(pin):
        return False
    n, r, p = (int(match.group(index)) for index in (1, 2, 3))
    salt = base64.b64decode(match.group(4))
    expected = base64.b64decode(match.group(5))
    digest = hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=2**27
    )
    return hmac.compare_digest(digest, expected)


@dataclass
class PinGuard:
    """Checks PIN attempts against the stored hash; locks out after repeated failures."""

    stored: str | None
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    locked_until: float = field(default=0.0)

    @property
    def configured(self) -> bool:
        return bool(self.stored)

    def seconds_locked(self) -> int:
        """How long before the next attempt is allowed (0 when it is)."""
        return max(0, int(self.locked_until - self.clock() + 0.999))

    def attempt(self, pin: str) -> bool:
        """Check ``pin``; False while locked, for a wrong PIN, or when no PIN is configured."""
        if self.stored is None or self.seconds_locked() > 0:
            return False
        if verify_pin(pin, self.stored):
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= MAX_FAILURES:
            self.failures = 0
            self.locked_until = self.clock() + LOCKOUT_SECONDS
        return False
