"""The ``outreach-kiosk`` command line: global options and the core's subcommands.

The parser lives in the core so every subcommand shares one style; the console script itself is
``ui.main``, the composition root that may also start the Qt kiosk, which the core must not import.
Each subcommand lives in its own module under ``kiosk/commands/`` with a ``register`` function;
``COMMAND_MODULES`` lists them in the order ``--help`` shows them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.config import Settings, default_settings_path, load_settings
from kiosk.errors import KioskError

Handler = Callable[[argparse.Namespace, Settings], int]


COMMAND_MODULES = [
    "kiosk.commands.settings",
    "kiosk.commands.cards",
    "kiosk.commands.pack",
    "kiosk.commands.admin_pin",
    "kiosk.commands.stats",
    "kiosk.commands.simulate",
]


def build_parser(extra_commands: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The full parser: global options, then one subparser per command module."""
    parser = argparse.ArgumentParser(
        prog="outreach-kiosk",
        description="Orientation kiosk for workers arriving in British Columbia. "
        "With no command it starts the kiosk.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
    for name in [*COMMAND_MODULES, *extra_commands]:
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
    args = build_parser(extra_commands).parse_args(argv)
    try:
        settings = settings_from(args)
        handler: Handler | None = getattr(args, "handler", None) or start_kiosk
        if handler is None:
            print("outreach-kiosk: no command given", file=sys.stderr)
            return 2
        return handler(args, settings)
    except KioskError as exc:
        print(f"outreach-kiosk: {exc}", file=sys.stderr)
        return 1
