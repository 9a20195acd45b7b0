"""A device that the central tells to take a new id (its id is held by a copy of its data folder):
the new id is saved at once, the enrolment in progress stays, and its backlog goes out under the
new id, whichever id its events were logged under."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.enrolment import (
    Enrolment,
    enrolment_request_id,
    load_enrolment,
    save_enrolment,
    take_new_device_id,
)
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.storage.database import device_id, open_database


def test_the_new_id_is_saved_and_the_enrolment_in_progress_stays(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    old = device_id(database)
    save_enrolment(database, Enrolment("https://central.example.org", "okt_old", "yvr"))
    request_id = enrolment_request_id(database)
    new = take_new_device_id(database)
    database.close()

    reopened = open_database(tmp_path)  # a restart, or a power cut, right after
    try:
        assert device_id(reopened) == new != old
        assert re.fullmatch(r"dev-[0-9a-f]{12}", new)
        assert load_enrolment(reopened) is None  # the old id's token is of no use to the new id
        assert enrolment_request_id(reopened) == request_id  # its code was not used
    finally:
        reopened.close()


def test_the_backlog_goes_out_under_the_new_id(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    old = device_id(database)
    reach = ReachLog(database, ReachContext("unassigned", old))
    try:
        before = [reach.record("visit") for _ in range(3)]
        synced = reach.unsynced_batch(1)
        reach.mark_synced("batch-1", [synced[0]["uuid"]])
        assert synced[0]["device"] == old

        new = take_new_device_id(database)
        # A kiosk window opened before the change still logs under the old id until restarted.
        after = reach.record("visit")
        handed = reach.unsynced_batch(10)
        assert [event["uuid"] for event in handed] == [*before[1:], after]
        assert {event["device"] for event in handed} == {new}
    finally:
        reach.close()
        database.close()
