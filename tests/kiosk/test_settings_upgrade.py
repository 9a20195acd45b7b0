"""The settings file's version: old files upgraded once (with a backup), renamed keys carried
over, unknown keys and files from newer releases only warned about."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import load_settings
from kiosk.errors import ConfigError
from kiosk.logs import configure_logging
from kiosk.settings_upgrade import CURRENT_VERSION, UPGRADES, VERSION_KEY, carry_over

OLD_FILE = (
    '# the arrivals desk\nsite = "yvr-arrivals"  # our site code\nidle_timeout_seconds = 45\n'
)


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The installed ``outreach-kiosk`` console script, without the caller's OUTREACH_ settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OUTREACH_")}
    command = str(Path(sys.executable).with_name("outreach-kiosk"))
    return subprocess.run(
        [command, *args], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )


def test_file_without_version_is_upgraded_once_and_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(OLD_FILE, encoding="utf-8")

    settings = load_settings(path=path, environ={})

    assert settings.site == "yvr-arrivals"
    assert settings.idle_timeout_seconds == 45
    backup = tmp_path / "settings.toml.version-0.bak"
    assert backup.read_text(encoding="utf-8") == OLD_FILE
    upgraded = path.read_text(encoding="utf-8")
    assert tomllib.loads(upgraded)[VERSION_KEY] == CURRENT_VERSION
    assert "# our site code" in upgraded  # the desk staff's comments stay
    upgraded_to = f"upgraded from version 0 to {CURRENT_VERSION}"
    assert any(upgraded_to in note.getMessage() for note in settings.notes)

    files = sorted(tmp_path.iterdir())
    again = load_settings(path=path, environ={})
    assert again.notes == ()
    assert sorted(tmp_path.iterdir()) == files
    assert path.read_text(encoding="utf-8") == upgraded


def test_settings_command_upgrades_an_old_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(OLD_FILE, encoding="utf-8")
    result = run_cli("--settings", str(path), "settings")
    assert result.returncode == 0, result.stderr
    assert "idle_timeout_seconds = 45" in result.stdout
    assert "# info: settings file" in result.stdout
    assert (tmp_path / "settings.toml.version-0.bak").read_text(encoding="utf-8") == OLD_FILE
    assert tomllib.loads(path.read_text(encoding="utf-8"))[VERSION_KEY] == CURRENT_VERSION


def idle_timeout_renamed(raw: dict[str, Any]) -> dict[str, Any]:
    """A release that renamed ``idle_timeout`` to ``idle_timeout_seconds``."""
    return carry_over(raw, "idle_timeout", "idle_timeout_seconds")


def test_renamed_key_is_carried_over_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.toml"
    old = CURRENT_VERSION
    path.write_text(
        f'settings_version = {old}\nsite = "farm-visits"\nidle_timeout = 300\n', "utf-8"
    )
    caplog.set_level(logging.INFO, logger="kiosk.settings")

    settings = load_settings(path=path, environ={}, upgrades=(*UPGRADES, idle_timeout_renamed))

    assert settings.idle_timeout_seconds == 300
    assert "setting 'idle_timeout' is now 'idle_timeout_seconds'" in caplog.text
    written = tomllib.loads(path.read_text(encoding="utf-8"))
    assert written == {
        VERSION_KEY: old + 1,
        "site": "farm-visits",
        "idle_timeout_seconds": 300,
    }
    backup = tmp_path / f"settings.toml.version-{old}.bak"
    assert "idle_timeout = 300" in backup.read_text("utf-8")


def test_renamed_key_does_not_overwrite_the_new_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("idle_timeout = 300\nidle_timeout_seconds = 60\n", encoding="utf-8")
    settings = load_settings(path=path, environ={}, upgrades=(*UPGRADES, idle_timeout_renamed))
    assert settings.idle_timeout_seconds == 60
    assert any(note.levelno == logging.WARNING for note in settings.notes)


def test_unknown_key_warns_and_starts(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        f'settings_version = {CURRENT_VERSION}\nsite = "yvr"\nidle_timout_seconds = 30\n', "utf-8"
    )

    settings = load_settings(path=path, environ={})

    assert settings.site == "yvr"
    assert settings.idle_timeout_seconds == 90
    assert "unknown setting 'idle_timout_seconds'" in caplog.text
    assert [record.levelno for record in caplog.records] == [logging.WARNING]


def test_settings_command_shows_an_unknown_key(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('settings_version = 1\nsite = "yvr"\nidle_timout_seconds = 30\n', "utf-8")
    result = run_cli("--settings", str(path), "settings")
    assert result.returncode == 0, result.stderr
    assert "site = 'yvr'" in result.stdout
    assert "# warning: unknown setting 'idle_timout_seconds'" in result.stdout


def test_other_commands_warn_about_an_unknown_key_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("settings_version = 1\nprinter_name = 'desk'\n", "utf-8")
    result = run_cli("--settings", str(path), "admin-pin", "--stdin")
    assert result.returncode == 1  # no PIN on standard input
    assert "unknown setting 'printer_name'" in result.stderr


def test_the_kiosk_log_file_gets_what_loading_said(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("idle_timout_seconds = 30\n", encoding="utf-8")
    settings = load_settings(path=path, environ={}, overrides={"data_dir": tmp_path / "data"})
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        log_file = configure_logging(settings.resolved_data_dir(), earlier=settings.notes)
    finally:
        for handler in [handler for handler in root.handlers if handler not in before]:
            root.removeHandler(handler)
            handler.close()
    text = log_file.read_text(encoding="utf-8")
    assert "INFO kiosk.settings: settings file" in text
    assert "WARNING kiosk.settings: unknown setting 'idle_timout_seconds'" in text


def test_newer_file_warns_and_is_not_rewritten(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.toml"
    text = 'settings_version = 7\nsite = "yvr"\nscreen_saver = "aurora"\n'
    path.write_text(text, encoding="utf-8")

    settings = load_settings(path=path, environ={})

    assert settings.site == "yvr"
    assert f"version 7, newer than this kiosk knows ({CURRENT_VERSION})" in caplog.text
    assert "unknown setting 'screen_saver'" in caplog.text
    assert path.read_text(encoding="utf-8") == text
    assert sorted(tmp_path.iterdir()) == [path]


def test_settings_command_warns_about_a_newer_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    text = 'settings_version = 7\nsite = "yvr"\n'
    path.write_text(text, encoding="utf-8")
    result = run_cli("--settings", str(path), "settings")
    assert result.returncode == 0, result.stderr
    assert "# warning: settings file" in result.stdout
    assert "is version 7, newer than this kiosk knows" in result.stdout
    assert path.read_text(encoding="utf-8") == text
    assert sorted(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("version", ['"two"', "-1", "true", "1.5"])
def test_bad_version_names_the_key(tmp_path: Path, version: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"settings_version = {version}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"settings_version.*settings\.toml: a whole number"):
        load_settings(path=path, environ={})


def test_bad_value_under_a_renamed_key_names_the_new_key(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("settings_version = 1\nidle_timeout = 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"'idle_timeout_seconds' from .*settings\.toml.*10"):
        load_settings(path=path, environ={}, upgrades=(*UPGRADES, idle_timeout_renamed))


def test_admin_pin_stamps_a_new_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk" / "settings.toml"
    result = run_cli("--settings", str(path), "admin-pin", "--stdin", "--write", stdin="975310\n")
    assert result.returncode == 0, result.stderr
    assert tomllib.loads(path.read_text(encoding="utf-8"))[VERSION_KEY] == CURRENT_VERSION
    assert load_settings(path=path, environ={}).notes == ()


def test_a_site_the_central_would_refuse_is_made_a_site_code_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A kiosk set up with ``site = "YVR_Arrivals"`` logged visits no central accepts; after the
    upgrade it starts as yvr-arrivals, and the log and the file say so."""
    path = tmp_path / "settings.toml"
    path.write_text('settings_version = 1\nsite = "YVR_Arrivals"\n', encoding="utf-8")
    caplog.set_level(logging.INFO, logger="kiosk.settings")

    assert load_settings(path=path, environ={}).site == "yvr-arrivals"
    assert "setting 'site' is now 'yvr-arrivals'" in caplog.text
    rewritten = tomllib.loads(path.read_text(encoding="utf-8"))
    assert rewritten["site"] == "yvr-arrivals" and rewritten[VERSION_KEY] == CURRENT_VERSION


def test_a_site_that_cannot_be_made_a_code_is_refused_naming_the_key(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('site = "Terminal 3 / gate B?"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="setting 'site'"):
        load_settings(path=path, environ={})
