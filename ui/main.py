"""The ``outreach-kiosk`` console script: the composition root of core, UI and sync.

Subcommands run without loading Qt; only starting the kiosk imports the UI.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kiosk import cli
from kiosk.config import Settings

# Subcommands outside the core, which the core itself may not import.
EXTRA_COMMANDS = ("sync.commands.enrol", "sync.commands.sync", "ui.commands.coordinator")

# What the `desktop` extra installs (Qt and the sync client's HTTP library). The central is
# installed without it, so on such a machine the kiosk says what to install instead of failing
# with a traceback.
DESKTOP_MODULES = frozenset({"PySide6", "shiboken6", "requests"})
DESKTOP_MISSING = (
    "outreach-kiosk: {module} is not installed; the kiosk needs the desktop extra: "
    "pip install 'outreach-kiosk[desktop]' (in a checkout: pip install '.[desktop]')"
)


def start_kiosk(args: argparse.Namespace, settings: Settings) -> int:
    if args.self_check:
        from ui.common import selfcheck

        return selfcheck.run(settings)
    from ui.kiosk import app

    return app.run(settings, windowed=args.windowed, quit_after_paint=args.quit_after_paint)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return cli.main(argv, start_kiosk=start_kiosk, extra_commands=EXTRA_COMMANDS)
    except ModuleNotFoundError as exc:
        # Only a package that is absent: a broken Qt (a missing system library) raises a plain
        # ImportError, whose traceback names the library to install.
        module = (exc.name or "").partition(".")[0]
        if module not in DESKTOP_MODULES:
            raise
        print(DESKTOP_MISSING.format(module=module), file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
