"""The ``outreach-kiosk`` command line: global options and the core's subcommands.

The parser lives in the core so every subcommand shares one style; the console script itself is
``ui.main``, the composition root that may also start the Qt kiosk, which the core must not import.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.config import Settings, default_settings_path, load_settings
from kiosk.errors import KioskError

Handler = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    """The full parser: global options, then one subparser per command."""
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
        help="quit once the first screen is painted (start-up benchmarks and smoke tests)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    settings = commands.add_parser("settings", help="show every setting, its value and meaning")
    settings.set_defaults(handler=show_settings)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings with the command line's overrides applied."""
    return load_settings(path=args.settings, overrides={"data_dir": args.data_dir})


def show_settings(_args: argparse.Namespace, settings: Settings) -> int:
    for name, info in Settings.model_fields.items():
        print(f"{name} = {getattr(settings, name)!r}    # {info.description}")
    print(f"# data folder in use: {settings.resolved_data_dir()}")
    return 0


def main(
    argv: Sequence[str] | None = None,
    start_kiosk: Handler | None = None,
) -> int:
    """Parse ``argv``; run a subcommand, or ``start_kiosk`` when none is given."""
    args = build_parser().parse_args(argv)
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
