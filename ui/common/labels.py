"""What the codes of reach events and outreach sessions are called on screen, in every language.

The core stores codes only (kiosk.reach.vocabulary); people read these names, translated where
shown.
"""

from __future__ import annotations

from babel.core import UnknownLocaleError

from kiosk import i18n
from kiosk.i18n import N_, _

REGIONS = {
    "vancouver-island-coast": N_("Vancouver Island/Coast"),
    "mainland-southwest": N_("Mainland/Southwest"),
    "thompson-okanagan": N_("Thompson-Okanagan"),
    "kootenay": N_("Kootenay"),
    "cariboo": N_("Cariboo"),
    "north-coast": N_("North Coast"),
    "nechako": N_("Nechako"),
    "northeast": N_("Northeast"),
}
SECTORS = {
    "agriculture": N_("Agriculture"),
    "caregiving": N_("Caregiving"),
    "food-processing": N_("Food processing"),
    "hospitality": N_("Hospitality"),
    "construction": N_("Construction"),
    "other": N_("Other"),
}
STREAMS = {
    "sawp": N_("Seasonal Agricultural Worker Program (SAWP)"),
    "agricultural-stream": N_("Agricultural stream"),
    "caregivers": N_("Caregivers"),
    "other": N_("Other"),
}
CHANNELS = {"kiosk": N_("Kiosk"), "outreach": N_("Outreach")}
KINDS = {
    "visit": N_("Visits"),
    "language_selected": N_("Languages chosen"),
    "topic_viewed": N_("Topics viewed"),
    "audio_played": N_("Audio played"),
    "card_printed": N_("Cards printed"),
    "qr_shown": N_("QR codes shown"),
    "language_requested": N_("Languages requested"),
    "outreach_session": N_("Workers reached in sessions"),
    "brochure_given": N_("Brochures given"),
}
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
