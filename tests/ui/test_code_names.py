"""A code has one name, on the kiosk's screens and in the central's statistics alike
(kiosk.reach.names): "Topics viewed" on a kiosk and "Topics read" in the report were one figure."""

from __future__ import annotations

import pytest

from kiosk.reach.names import VALUE_NAMES
from kiosk.reach.vocabulary import BC_REGIONS, CHANNELS, EVENT_KINDS, SECTORS, STREAMS
from sync.stats.labels import Labels
from ui.common import labels

ON_SCREEN = {
    "channel": labels.CHANNELS,
    "kind": labels.KINDS,
    "region": labels.REGIONS,
    "sector": labels.SECTORS,
    "stream": labels.STREAMS,
}


@pytest.mark.parametrize(
    ("dimension", "codes"),
    [
        ("channel", CHANNELS),
        ("kind", EVENT_KINDS),
        ("region", BC_REGIONS),
        ("sector", SECTORS),
        ("stream", STREAMS),
        ("assisted", ("true", "false")),
    ],
)
def test_every_code_has_one_name_on_the_kiosk_and_in_the_statistics(
    dimension: str, codes: tuple[str, ...]
) -> None:
    assert set(VALUE_NAMES[dimension]) == set(codes)
    statistics = Labels("en")
    for code in codes:
        assert statistics.value(dimension, code) != code  # named, not shown as a code
        if dimension in ON_SCREEN:
            assert labels.label(ON_SCREEN[dimension], code) == statistics.value(dimension, code)
