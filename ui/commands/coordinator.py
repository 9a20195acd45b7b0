"""``outreach-kiosk coordinator``: the coordinator's statistics window (sign in to the central).

It lives in the UI (the core's command line must not import Qt); ``ui.main`` adds it to the
parser. The central's address comes from ``--central``, else the ``central_url`` setting; the
language from ``--lang``, else the ``default_language`` setting.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.config import Settings


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "coordinator",
        help="open the coordinator's window: reach statistics, exports, funder report",
    )
    parser.add_argument("--central", metavar="URL", help="the central (default: central_url)")
    parser.add_argument("--lang", metavar="CODE", help="language (default: default_language)")
    parser.set_defaults(handler=start_coordinator)


def start_coordinator(args: argparse.Namespace, settings: Settings) -> int:
    from ui.coordinator.window import run  # Qt only when the window really starts

    return run(args.central or settings.central_url or "", args.lang or settings.default_language)
