"""A content update that corrects a phone number: the shipped pack, one number changed, signed.

Shared by the card tests of the core (tests/kiosk) and of the kiosk's printing (tests/ui): both
install it the way a kiosk does (kiosk.packs.store, signature checked with a real Ed25519 key)
and check that the printed codes carry the new number and no longer the old one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.packs.authoring import sign_pack
from kiosk.packs.load import default_pack_root
from kiosk.packs.manifest import generate_key

TIP_LINE_ID = "tfw-tip-line"
OLD_TIP_LINE = "1-866-602-9448"  # as shipped
OLD_TIP_LINE_DIAL = "+18666029448"
# 555-0100 to 555-0199 are set aside for fiction in every North American area code.
NEW_TIP_LINE = "1-866-555-0142"
NEW_TIP_LINE_DIAL = "+18665550142"
UPDATE_VERSION = "2099.1.0"


def signed_update(folder: Path) -> tuple[Path, str]:
    """The shipped pack with the tip line's number changed, as version 2099.1.0, signed.

    Returns the pack folder and the public key (``ed25519:...``) a kiosk must trust for it.
    """
    pack = folder / "update"
    shutil.copytree(str(default_pack_root()), pack)
    contacts = pack / "contacts.toml"
    text = contacts.read_text(encoding="utf-8")
    old_line = f'id = "{TIP_LINE_ID}"\nphone = "{OLD_TIP_LINE}"'
    assert text.count(old_line) == 1, "the shipped tip line changed: update this helper"
    text = text.replace(old_line, f'id = "{TIP_LINE_ID}"\nphone = "{NEW_TIP_LINE}"')
    contacts.write_text(text, encoding="utf-8")
    meta = pack / "pack.toml"
    lines = meta.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("version = "))
    lines[index] = f'version = "{UPDATE_VERSION}"'
    meta.write_text("\n".join(lines), encoding="utf-8")
    (pack / "manifest.sig").unlink(missing_ok=True)
    _public_file, public_key = generate_key(folder / "keys" / "publisher.key")
    sign_pack(pack, folder / "keys" / "publisher.key")
    return pack, public_key.split()[0]
