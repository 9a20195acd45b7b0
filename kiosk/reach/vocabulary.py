"""The fixed vocabularies of reach events, shared by the kiosk, the sync protocol and central.

Why fixed lists: a count may only ever carry codes. A closed set of kinds, channels, regions,
sectors and streams, and code-shaped languages and topics (kiosk.codes), leave no room for a
name, a phone number or a sentence to slip into a row (the privacy rules in docs/architecture.md).
"""

from __future__ import annotations

EVENT_KINDS = (
    "visit",
    "language_selected",
    "topic_viewed",
    "audio_played",
    "card_printed",
    "qr_shown",
    "language_requested",
    "outreach_session",
    "brochure_given",
)
CHANNELS = ("kiosk", "outreach")

# British Columbia's eight development regions.
BC_REGIONS = (
    "vancouver-island-coast",
    "mainland-southwest",
    "thompson-okanagan",
    "kootenay",
    "cariboo",
    "north-coast",
    "nechako",
    "northeast",
)
SECTORS = (
    "agriculture",
    "caregiving",
    "food-processing",
    "hospitality",
    "construction",
    "other",
)
# Work-permit streams: Seasonal Agricultural Worker Program, the agricultural stream, caregivers.
STREAMS = ("sawp", "agricultural-stream", "caregivers", "other")

MAX_QUANTITY = 10_000
