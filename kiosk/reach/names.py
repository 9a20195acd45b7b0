"""What the codes of reach events are called where people read them, marked for translation.

Why in the core: the kiosk's statistics panel (ui.common.labels), the outreach session form,
and the central's tables, exports and funder report (sync.stats.labels) all name the same codes.
Kept apart, the names drifted ("Topics viewed" on a kiosk, "Topics read" in the report), and a
coordinator comparing the two could not tell they were one figure. Each caller translates with
its own catalog: ``_()`` on screen, a per-language catalog on the central.

Every code of kiosk.reach.vocabulary has a name here (checked by tests/sync/test_stats_labels.py).
"""

from __future__ import annotations

from typing import Final

from kiosk.i18n import N_

CHANNEL_NAMES: Final = {"kiosk": N_("Kiosk"), "outreach": N_("Outreach")}
KIND_NAMES: Final = {
    "visit": N_("Visits"),
    "language_selected": N_("Languages chosen"),
    "topic_viewed": N_("Topics read"),
    "audio_played": N_("Audio played"),
    "card_printed": N_("Cards printed"),
    "qr_shown": N_("QR codes shown"),
    "language_requested": N_("Languages requested"),
    # The quantity of an outreach_session event is the number of workers present, and that is
    # what the panels sum and what reach counts.
    "outreach_session": N_("Workers reached in sessions"),
    "brochure_given": N_("Brochures given"),
}
ASSISTED_NAMES: Final = {"true": N_("Assisted"), "false": N_("Self-service")}
REGION_NAMES: Final = {
    "vancouver-island-coast": N_("Vancouver Island/Coast"),
    "mainland-southwest": N_("Mainland/Southwest"),
    "thompson-okanagan": N_("Thompson-Okanagan"),
    "kootenay": N_("Kootenay"),
    "cariboo": N_("Cariboo"),
    "north-coast": N_("North Coast"),
    "nechako": N_("Nechako"),
    "northeast": N_("Northeast"),
}
SECTOR_NAMES: Final = {
    "agriculture": N_("Agriculture"),
    "caregiving": N_("Caregiving"),
    "food-processing": N_("Food processing"),
    "hospitality": N_("Hospitality"),
    "construction": N_("Construction"),
    "other": N_("Other"),
}
STREAM_NAMES: Final = {
    "sawp": N_("Seasonal Agricultural Worker Program (SAWP)"),
    "agricultural-stream": N_("Agricultural stream"),
    "caregivers": N_("Caregivers"),
    "other": N_("Other"),
}
VALUE_NAMES: Final[dict[str, dict[str, str]]] = {
    "channel": CHANNEL_NAMES,
    "kind": KIND_NAMES,
    "assisted": ASSISTED_NAMES,
    "region": REGION_NAMES,
    "sector": SECTOR_NAMES,
    "stream": STREAM_NAMES,
}
"""The names of the codes of each event field that has a closed set of them."""
