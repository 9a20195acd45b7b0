"""Settings: defaults, the TOML file, environment overrides, and errors that name the key.

The file's version, upgrades and unknown keys: test_settings_upgrade.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Settings, load_settings
from kiosk.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(path=tmp_path / "missing.toml", environ={})
    assert settings == Settings()
    assert settings.idle_timeout_seconds == 90


def test_every_setting_has_a_description() -> None:
    assert all(info.description for info in Settings.model_fields.values())


def test_file_then_environment_then_command_line(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('site = "yvr-arrivals"\nidle_timeout_seconds = 120\n', encoding="utf-8")
    environ = {"OUTREACH_KIOSK_IDLE_TIMEOUT_SECONDS": "45", "OUTREACH_KIOSK_KIOSK_MODE": "true"}
    settings = load_settings(path=path, environ=environ, overrides={"data_dir": tmp_path})
    assert settings.site == "yvr-arrivals"
    assert settings.idle_timeout_seconds == 45
    assert settings.kiosk_mode is True
    assert settings.resolved_data_dir() == tmp_path


def test_bad_environment_value_names_key_and_variable(tmp_path: Path) -> None:
    environ = {"OUTREACH_KIOSK_IDLE_TIMEOUT_SECONDS": "soon"}
    with pytest.raises(ConfigError) as caught:
        load_settings(path=tmp_path / "none.toml", environ=environ)
    message = str(caught.value)
    assert "idle_timeout_seconds" in message
    assert "OUTREACH_KIOSK_IDLE_TIMEOUT_SECONDS" in message
    assert "'soon'" in message


def test_bad_file_value_names_key_and_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("idle_timeout_seconds = 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"idle_timeout_seconds.*settings\.toml.*10"):
        load_settings(path=path, environ={})


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("site = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"settings\.toml"):
        load_settings(path=path, environ={})
