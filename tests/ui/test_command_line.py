"""The ``outreach-kiosk`` console script, run as a person would, in a real process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from kiosk.version import package_version

# The console script installed beside this interpreter (make setup installs it editable).
EXECUTABLE = Path(sys.executable).with_name("outreach-kiosk")


def run(*args: str, env: dict[str, str] | None = None, timeout: int = 60):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [str(EXECUTABLE), *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "share")
    env.update(extra)
    return env


def test_version() -> None:
    result = run("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"outreach-kiosk {package_version()}")


def test_help_lists_options_and_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for word in ("--data-dir", "--windowed", "--version", "settings"):
        assert word in result.stdout


def test_no_display_gives_one_clear_line(tmp_path: Path) -> None:
    result = run("--windowed", env=clean_env(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "xvfb-run" in result.stderr


def test_bad_setting_names_the_key(tmp_path: Path) -> None:
    env = clean_env(tmp_path, OUTREACH_KIOSK_IDLE_TIMEOUT_SECONDS="ninety")
    result = run("--windowed", env=env)
    assert result.returncode == 1
    assert "idle_timeout_seconds" in result.stderr
    assert "OUTREACH_KIOSK_IDLE_TIMEOUT_SECONDS" in result.stderr


def test_settings_file_in_user_config_folder_is_read(tmp_path: Path) -> None:
    config = tmp_path / "config" / "outreach-kiosk"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text('site = "farm-visits"\n', encoding="utf-8")
    result = run("settings", env=clean_env(tmp_path))
    assert result.returncode == 0
    assert "site = 'farm-visits'" in result.stdout


def test_kiosk_starts_paints_and_creates_its_database(tmp_path: Path) -> None:
    data_dir = tmp_path / "kiosk-data"
    env = clean_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    result = run("--windowed", "--quit-after-paint", "--data-dir", str(data_dir), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("painted ")
    with sqlite3.connect(data_dir / "kiosk.sqlite3") as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "reach_event" in tables
    assert (data_dir / "logs" / "kiosk.log").is_file()


def test_default_data_folder_is_the_user_data_folder(tmp_path: Path) -> None:
    env = clean_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    result = run("--windowed", "--quit-after-paint", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "share" / "outreach-kiosk" / "kiosk.sqlite3").is_file()


def test_self_check_prints_one_line_per_check(tmp_path: Path) -> None:
    env = clean_env(tmp_path)  # no display at all: the self-check runs offscreen by itself
    result = run("--self-check", "--data-dir", str(tmp_path / "data"), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "self-check passed"
    names = [line.split(":")[0][5:] for line in lines[:-1]]
    assert names == [
        "content pack",
        "database",
        "catalogs",
        "fonts",
        "cards",
        "qt fonts",
        "attract screen",
        "narration audio",
        "coordinator charts",
        "network watch",
        "collation",
    ]
    assert all(line.startswith("ok   ") for line in lines[:-1])
