"""The ``outreach-kiosk`` console script: the composition root of core, UI and sync.

Subcommands run without loading Qt; only starting the kiosk imports the UI.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from kiosk import cli
from kiosk.config import Settings

# Subcommands outside the core, which the core itself may not import.
EXTRA_COMMANDS = ("sync.commands.enrol", "sync.commands.sync", "ui.commands.coordinator")


def start_kiosk(args: argparse.Namespace, settings: Settings) -> int:
    if args.self_check:
        from ui import selfcheck

        return selfcheck.run(settings)
    from ui import app  # Qt is heavy: import it only when the kiosk really starts

    return app.run(settings, windowed=args.windowed, quit_after_paint=args.quit_after_paint)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, start_kiosk=start_kiosk, extra_commands=EXTRA_COMMANDS)


if __name__ == "__main__":
    raise SystemExit(main())
