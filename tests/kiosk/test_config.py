"""Settings: defaults, the TOML file, environment overrides, and errors that name the key.

The file's version, upgrades and unknown keys: test_settings_upgrade.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Settings, load_settings, setting_descriptions
from kiosk.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(path=tmp_path / "missing.toml", environ={})
    assert settings == Settings()
    assert settings.idle_timeout_seconds == 90


def test_every_setting_has_a_description() -> None:
    descriptions = setting_descriptions()
    assert descriptions and all(descriptions.values())


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


def test_every_bad_key_is_named_in_one_message(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'settings_version = 2\nmode = "desk"\nsite = "yvr_arrivals"\n', encoding="utf-8"
    )
    environ = {"OUTREACH_KIOSK_KIOSK_MODE": "sometimes"}
    with pytest.raises(ConfigError) as caught:
        load_settings(path=path, environ=environ)
    message = str(caught.value)
    for key in ("mode", "site", "kiosk_mode"):
        assert f"setting '{key}'" in message
    assert "OUTREACH_KIOSK_KIOSK_MODE" in message
    assert "'desk'" in message


def test_keys_from_one_environment_variable(tmp_path: Path) -> None:
    first, second = "ed25519:" + "A" * 43 + "=", "ed25519:" + "B" * 43 + "="
    environ = {"OUTREACH_KIOSK_TRUSTED_KEYS": f"{first},\n{second}"}
    settings = load_settings(path=tmp_path / "none.toml", environ=environ)
    assert settings.trusted_keys == (first, second)
    with pytest.raises(ConfigError, match=r"trusted_keys.*Ed25519"):
        load_settings(path=tmp_path / "none.toml", environ={"OUTREACH_KIOSK_TRUSTED_KEYS": "abc"})


def test_settings_built_in_code_meet_the_same_site_rule() -> None:
    with pytest.raises(ConfigError, match="setting 'site'"):
        Settings(site="yvr_arrivals")
    assert Settings(site="yvr-arrivals").site == "yvr-arrivals"


def test_a_folder_given_as_text_becomes_a_path(tmp_path: Path) -> None:
    settings = load_settings(
        path=tmp_path / "none.toml", environ={"OUTREACH_KIOSK_DATA_DIR": str(tmp_path)}
    )
    assert settings.data_dir == tmp_path
