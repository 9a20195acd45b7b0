"""What the codes of reach events and outreach sessions are called on screen, in every language.

The core stores codes only (kiosk.reach.vocabulary) and names them once (kiosk.reach.names), for
these screens and the central's statistics alike; people read the names, translated where shown.
"""

from __future__ import annotations

from babel.core import UnknownLocaleError

from kiosk import i18n
from kiosk.i18n import N_, _
from kiosk.reach.names import CHANNEL_NAMES, KIND_NAMES, REGION_NAMES, SECTOR_NAMES, STREAM_NAMES

# One name per code, shared with the central's statistics (kiosk.reach.names).
REGIONS = REGION_NAMES
SECTORS = SECTOR_NAMES
STREAMS = STREAM_NAMES
CHANNELS = CHANNEL_NAMES
KINDS = KIND_NAMES
STATUSES = {
    "draft": N_("Draft"),
    "recorded": N_("Recorded"),
    "void": N_("Voided"),
    "synced": N_("Synced"),
    "sending": N_("Being synced"),
}


def label(names: dict[str, str], code: str) -> str:
    """The translated name of ``code``, or the code itself if it has none."""
    return _(names[code]) if code in names else code


def language_label(code: str) -> str:
    """A language's name in itself; babel does not know every language (e.g. Mam), so the code
    is the last resort."""
    try:
        return i18n.native_name(code)
    except (UnknownLocaleError, ValueError):
        return code
