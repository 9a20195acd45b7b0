"""The ``outreach-kiosk`` command line: global options and the core's subcommands.

The parser lives in the core so every subcommand shares one style; the console script itself is
``ui.main``, the composition root that may also start the Qt kiosk, which the core must not import.
Each subcommand lives in its own module under ``kiosk/commands/`` with a ``register`` function;
``COMMAND_MODULES`` lists them in the order ``--help`` shows them. A module is named after its
command (``admin_pin`` for ``admin-pin``), so only the one a command line names is imported:
the command modules import the database, PDF and network layers, which starting the kiosk must
not wait for (it opens the database after the first paint).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk.config import Settings, default_settings_path, load_settings
from kiosk.errors import KioskError
from kiosk.pipes import run_with_output
from kiosk.version import ShowVersion

Handler = Callable[[argparse.Namespace, Settings], int]


COMMAND_MODULES = [
    "kiosk.commands.settings",
    "kiosk.commands.cards",
    "kiosk.commands.pack",
    "kiosk.commands.admin_pin",
    "kiosk.commands.stats",
    "kiosk.commands.simulate",
]


OPTIONS_WITH_VALUES = ("--data-dir", "--settings")


def command_name(module: str) -> str:
    return module.rsplit(".", 1)[-1].replace("_", "-")


def modules_needed(argv: Sequence[str], modules: Sequence[str]) -> list[str]:
    """The command modules parsing ``argv`` needs: the command it names, none when it names no
    command (the kiosk starts), all for ``--help`` or a word that is no command (so argparse
    can list the choices)."""
    by_name = {command_name(module): module for module in modules}
    position = 0
    while position < len(argv):
        token = argv[position]
        if token in OPTIONS_WITH_VALUES:
            position += 2
        elif token in ("-h", "--help"):
            return list(modules)
        elif token.startswith("-"):
            position += 1
        else:
            return [by_name[token]] if token in by_name else list(modules)
    return []


def build_parser(
    extra_commands: Sequence[str] = (), argv: Sequence[str] | None = None
) -> argparse.ArgumentParser:
    """Global options, then a subparser per command module (only those ``argv`` needs, if
    given)."""
    parser = argparse.ArgumentParser(
        prog="outreach-kiosk",
        description="Orientation kiosk for workers arriving in British Columbia. "
        "With no command it starts the kiosk.",
    )
    parser.add_argument("--version", action=ShowVersion)
    parser.add_argument(
        "--data-dir", type=Path, help="folder for the database (default: the user data folder)"
    )
    parser.add_argument(
        "--settings", type=Path, help=f"settings file (default: {default_settings_path()})"
    )
    parser.add_argument(
        "--windowed", action="store_true", help="run in a normal window, even in kiosk mode"
    )
    parser.add_argument(
        "--quit-after-paint",
        action="store_true",
        help="quit once the first screen is painted and storage is open "
        "(start-up benchmarks and smoke tests)",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check content, database, catalogs, fonts and rendering offscreen, then exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [*COMMAND_MODULES, *extra_commands]
    if argv is not None:
        modules = modules_needed(argv, modules)
    for name in modules:
        importlib.import_module(name).register(commands)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings with the command line's overrides applied."""
    return load_settings(path=args.settings, overrides={"data_dir": args.data_dir})


def main(
    argv: Sequence[str] | None = None,
    start_kiosk: Handler | None = None,
    extra_commands: Sequence[str] = (),
) -> int:
    """Parse ``argv``; run a subcommand, or ``start_kiosk`` when none is given.

    ``extra_commands`` names command modules outside the core (e.g. sync's), which the
    composition root may add; the core itself never imports them.
    """
    if argv is None:
        argv = sys.argv[1:]
    args = build_parser(extra_commands, argv).parse_args(argv)
    try:
        settings = settings_from(args)
        handler: Handler | None = getattr(args, "handler", None) or start_kiosk
        if handler is not start_kiosk and not getattr(args, "lists_settings_notes", False):
            # The kiosk writes these into its log file; a command has only the terminal.
            for note in settings.notes:
                print(f"outreach-kiosk: {note.getMessage()}", file=sys.stderr)
        if handler is None:
            print("outreach-kiosk: no command given", file=sys.stderr)
            return 2
        return run_with_output(lambda: handler(args, settings))
    except KioskError as exc:
        print(f"outreach-kiosk: {exc}", file=sys.stderr)
        return 1
