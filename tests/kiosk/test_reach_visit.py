"""What a kiosk visit adds to the reach log: audio, cards, QR, requests, and the assisted flag."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.reach.log import ReachContext, ReachLog
from kiosk.reach.visit import Visit
from kiosk.storage.database import open_database


def test_every_kind_of_kiosk_event_and_the_assisted_flag(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    reach = ReachLog(database, ReachContext("yvr", "dev-test"))
    visit = Visit(reach)
    visit.request_language("mam")  # not offered: counted, so the next pack can add it
    visit.choose_language("es")
    visit.view_topic("rights-at-work")
    visit.play_audio("rights-at-work")
    visit.mark_assisted()  # desk staff step in
    visit.print_card()
    visit.show_qr("emergency-and-health")
    visit.end("hide")
    visit.choose_language("pa")  # the next visitor is not assisted
    reach.close()
    with sqlite3.connect(database.path) as connection:
        events = connection.execute(
            "SELECT kind, language, topic, quantity, assisted FROM reach_event ORDER BY seq"
        ).fetchall()
    database.close()
    assert events == [
        ("language_requested", "mam", None, 1, 0),
        ("visit", "es", None, 1, 0),  # counted in the language the visit is held in
        ("language_selected", "es", None, 1, 0),
        ("topic_viewed", "es", "rights-at-work", 1, 0),
        ("audio_played", "es", "rights-at-work", 1, 0),
        ("card_printed", "es", None, 1, 1),
        ("qr_shown", "es", "emergency-and-health", 1, 1),
        ("visit", "pa", None, 1, 0),
        ("language_selected", "pa", None, 1, 0),
    ]


def test_events_before_storage_keep_their_assisted_flag(tmp_path: Path) -> None:
    visit = Visit()
    visit.touch()
    visit.mark_assisted()  # staff step in before a language is chosen: the visit is assisted
    visit.choose_language("vi")
    visit.end("done")
    visit.mark_assisted()  # staff start the next visit for someone: the visit itself is assisted
    visit.choose_language("th")
    database = open_database(tmp_path)
    reach = ReachLog(database, ReachContext("yvr", "dev-test"))
    visit.attach(reach)
    reach.close()
    with sqlite3.connect(database.path) as connection:
        events = connection.execute(
            "SELECT kind, assisted FROM reach_event ORDER BY seq"
        ).fetchall()
    database.close()
    assert events == [
        ("visit", 1),
        ("language_selected", 1),
        ("visit", 1),
        ("language_selected", 1),
    ]
