"""A visit produces the right anonymous events and forgets itself when it ends."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk.reach.log import ReachContext, ReachLog
from kiosk.reach.visit import Visit
from kiosk.storage.database import open_database


def test_visit_events_and_reset(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    reach = ReachLog(database, ReachContext("yvr", "dev-test"))
    visit = Visit(reach)
    visit.touch()
    visit.touch()  # a second touch is the same visit
    visit.choose_language("es")
    visit.view_topic("rights-at-work")
    visit.choose_language("es")  # back to the picker, the same language: still one visit in it
    visit.choose_language("fr")  # a visit that switches language counts in each
    visit.end("done")
    assert (visit.active, visit.language) == (False, None)
    visit.choose_language("en")  # the next visitor starts a new visit
    reach.close()
    with sqlite3.connect(database.path) as connection:
        events = connection.execute("SELECT kind, language, topic FROM reach_event ORDER BY id")
        assert events.fetchall() == [
            ("visit", "es", None),  # the visit is counted in the language it is held in
            ("language_selected", "es", None),
            ("topic_viewed", "es", "rights-at-work"),
            ("language_selected", "fr", None),  # ... and once, in its first language
            ("visit", "en", None),
            ("language_selected", "en", None),
        ]
    database.close()


def test_a_visitor_who_leaves_before_choosing_a_language_is_counted_without_one(
    tmp_path: Path,
) -> None:
    database = open_database(tmp_path)
    reach = ReachLog(database, ReachContext("yvr", "dev-test"))
    visit = Visit(reach)
    visit.touch()
    visit.request_language("mam")  # not offered; the visitor walks away
    visit.end("idle")
    visit.end("idle")  # nothing more: the visit was counted once
    visit.touch()
    visit.end("hide")
    reach.close()
    with sqlite3.connect(database.path) as connection:
        events = connection.execute("SELECT kind, language FROM reach_event ORDER BY id")
        assert events.fetchall() == [
            ("language_requested", "mam"),
            ("visit", None),
            ("visit", None),
        ]
    database.close()


def test_unknown_end_reason_is_a_bug(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    reach = ReachLog(database, ReachContext("yvr", "dev-test"))
    with pytest.raises(ValueError, match="end reason"):
        Visit(reach).end("closed")
    reach.close()
    database.close()
