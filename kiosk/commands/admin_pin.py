"""``outreach-kiosk admin-pin``: make the hash of a new admin PIN (and optionally store it).

The PIN is asked twice without echo (or read from standard input with ``--stdin``, for
provisioning scripts) and never written anywhere; only its scrypt hash is printed, as the
settings line to use, or written into the settings file with ``--write``.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from pathlib import Path
from typing import Any

from kiosk.admin_pin import hash_pin
from kiosk.config import Settings, default_settings_path
from kiosk.durable_files import write_text_atomically
from kiosk.errors import ConfigError
from kiosk.settings_upgrade import CURRENT_VERSION, VERSION_KEY

SETTING_LINE = re.compile(r"^\s*admin_pin_hash\s*=.*$", re.MULTILINE)


def register(commands: Any) -> None:
    parser = commands.add_parser("admin-pin", help="set the PIN that opens the admin screen")
    parser.add_argument("--stdin", action="store_true", help="read the PIN from standard input")
    parser.add_argument("--write", action="store_true", help="store the hash in the settings file")
    parser.set_defaults(handler=run_admin_pin)


def run_admin_pin(args: argparse.Namespace, _settings: Settings) -> int:
    if args.stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("New admin PIN (4 to 12 digits): ")
        if getpass.getpass("Same PIN again: ") != pin:
            raise ConfigError("the two PINs differ; nothing changed")
    line = f'admin_pin_hash = "{hash_pin(pin)}"'
    if not args.write:
        print(line)
        print("# put this line in the kiosk's settings file", file=sys.stderr)
        return 0
    path: Path = args.settings or default_settings_path()
    # An existing file was brought to this version when the settings were loaded.
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if not text.strip():
        text = f"{VERSION_KEY} = {CURRENT_VERSION}\n"
    if SETTING_LINE.search(text):
        text = SETTING_LINE.sub(line.replace("\\", "\\\\"), text, count=1)
    else:
        text = text + ("" if text.endswith("\n") or not text else "\n") + line + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(path, text, mode_like=path)
    print(f"admin PIN stored in {path}")
    return 0
