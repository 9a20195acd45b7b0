"""The fields of a reach event, declared once: their names, their order, which may be empty, and
which of them statistics count by.

Why here: the same event is a row of the kiosk's database (kiosk.storage.schema), a message on
the wire (sync.protocol.Event), a row of the central's database (sync.central.db.models) and a
dimension of the statistics (sync.stats.protocol, sync.central.stats.rollups). Spelled out in
each place, the lists drifted; now each either reads these names or is checked against them
(tests/sync/test_event_fields.py), so a field added here and forgotten there fails a test.
The order is the wire order of protocol version 1: it may only ever grow at the end.
"""

from __future__ import annotations

from typing import Final

EVENT_FIELDS: Final = (
    "uuid",
    "seq",
    "site",
    "device",
    "channel",
    "kind",
    "language",
    "topic",
    "quantity",
    "assisted",
    "local_date",
    "hour_bucket",
    "content_version",
    "region",
    "sector",
    "stream",
)
OPTIONAL_FIELDS: Final = frozenset(
    {"language", "topic", "content_version", "region", "sector", "stream"}
)
"""Fields an event may leave empty (None): a visit has no topic, a kiosk count no region."""

DIMENSIONS: Final = (
    "site",
    "channel",
    "language",
    "topic",
    "kind",
    "assisted",
    "region",
    "sector",
    "stream",
)
"""The fields statistics count by: codes of a closed set or of a code's shape, never a date,
a number or a uuid."""
NULLABLE_DIMENSIONS: Final = frozenset(OPTIONAL_FIELDS.intersection(DIMENSIONS))
