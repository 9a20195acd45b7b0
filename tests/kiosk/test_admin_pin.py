"""The admin PIN: only a salted scrypt hash is stored; wrong tries lock the pad for a while."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.admin_pin import LOCKOUT_SECONDS, MAX_FAILURES, PinGuard, hash_pin, verify_pin
from kiosk.config import load_settings
from kiosk.errors import ConfigError


def test_hash_verifies_only_the_right_pin() -> None:
    stored = hash_pin("2468")
    assert stored.startswith("scrypt$n=16384,r=8,p=1$")
    assert "2468" not in stored
    assert verify_pin("2468", stored)
    assert not verify_pin("2469", stored)
    assert not verify_pin("", stored)
    assert hash_pin("2468") != stored  # a fresh salt each time


@pytest.mark.parametrize("pin", ["123", "abcd", "1234567890123", "12 34"])
def test_pin_shape(pin: str) -> None:
    with pytest.raises(ConfigError, match="4 to 12 digits"):
        hash_pin(pin)


def test_malformed_hash_matches_nothing() -> None:
    assert not verify_pin("2468", "scrypt$broken")
    assert not verify_pin("2468", "plain-2468")


def test_lockout_after_repeated_failures() -> None:
    now = [1000.0]
    guard = PinGuard(hash_pin("2468"), clock=lambda: now[0])
    for _ in range(MAX_FAILURES):
        assert not guard.attempt("0000")
    assert guard.seconds_locked() == LOCKOUT_SECONDS
    assert not guard.attempt("2468")  # even the right PIN waits
    now[0] += LOCKOUT_SECONDS
    assert guard.seconds_locked() == 0
    assert guard.attempt("2468")


def test_no_pin_configured_opens_nothing() -> None:
    guard = PinGuard(None)
    assert not guard.configured
    assert not guard.attempt("0000")


def test_admin_pin_command_writes_a_hash_the_settings_accept(tmp_path: Path) -> None:
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text('site = "yvr-arrivals"\nadmin_pin_hash = "scrypt$old"\n', "utf-8")
    settings_file.chmod(0o600)  # it holds the PIN's hash: its owner's only
    env = {key: value for key, value in os.environ.items() if not key.startswith("OUTREACH_")}
    command = [str(Path(sys.executable).with_name("outreach-kiosk"))]
    result = subprocess.run(
        [*command, "--settings", str(settings_file), "admin-pin", "--stdin", "--write"],
        input="975310\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    text = settings_file.read_text("utf-8")
    assert "975310" not in text and "scrypt$old" not in text
    settings = load_settings(path=settings_file, environ={})
    assert settings.site == "yvr-arrivals"
    assert settings.admin_pin_hash is not None
    assert verify_pin("975310", settings.admin_pin_hash)
    assert settings_file.stat().st_mode & 0o777 == 0o600
    assert not [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")]
