"""``outreach-kiosk settings``: every setting, its value and what it means.

Then what loading the settings file said (an upgrade, keys it ignored), so a desk worker
checking the settings sees a misspelt key without opening the log.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.config import Settings, setting_descriptions


def register(commands: Any) -> None:
    parser = commands.add_parser("settings", help="show every setting, its value and meaning")
    parser.set_defaults(handler=show_settings, lists_settings_notes=True)


def show_settings(_args: argparse.Namespace, settings: Settings) -> int:
    for name, description in setting_descriptions().items():
        print(f"{name} = {getattr(settings, name)!r}    # {description}")
    print(f"# data folder in use: {settings.resolved_data_dir()}")
    for note in settings.notes:
        print(f"# {note.levelname.lower()}: {note.getMessage()}")
    return 0
