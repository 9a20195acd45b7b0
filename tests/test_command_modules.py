"""Starting the kiosk loads neither the other commands nor the PDF, QR and database layers."""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys

import pytest

from kiosk.cli import COMMAND_MODULES, command_name, modules_needed
from ui.main import EXTRA_COMMANDS

ALL = [*COMMAND_MODULES, *EXTRA_COMMANDS]


@pytest.mark.parametrize("module", ALL)
def test_each_module_registers_the_command_it_is_named_after(module: str) -> None:
    commands = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(module).register(commands)
    assert list(commands.choices) == [command_name(module)]


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        ([], []),
        (["--windowed", "--data-dir", "stats", "--quit-after-paint"], []),  # a folder named stats
        (["--settings", "s.toml", "stats", "--json"], ["kiosk.commands.stats"]),
        (["admin-pin", "--write"], ["kiosk.commands.admin_pin"]),
        (["enrol", "CODE", "--central", "https://x"], ["sync.commands.enrol"]),
        (["--help"], ALL),
        (["no-such-command"], ALL),
    ],
)
def test_only_the_named_command_is_loaded(argv: list[str], wanted: list[str]) -> None:
    assert modules_needed(argv, ALL) == wanted


def test_starting_the_kiosk_imports_no_database_pdf_or_network_layer() -> None:
    probe = (
        "import sys\n"
        "from kiosk import cli\n"
        "from ui.main import EXTRA_COMMANDS\n"
        "cli.build_parser(EXTRA_COMMANDS, ['--windowed']).parse_args(['--windowed'])\n"
        "heavy = {'sqlalchemy', 'alembic', 'reportlab', 'requests', 'segno'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_kiosk_screens_load_no_pdf_qr_or_database_library_before_first_paint() -> None:
    probe = (
        "import sys\n"
        "import ui.kiosk.app\n"
        "heavy = {'sqlalchemy', 'alembic', 'reportlab', 'requests', 'segno', 'PIL'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.stdout.strip() == "[]"
