"""Simulated visits: every path a visitor or an outreach worker can take, repeatable by seed."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from kiosk.enrolment import Enrolment, save_enrolment
from kiosk.i18n import REQUESTABLE_LANGUAGES
from kiosk.reach.log import ReachContext, ReachLog
from kiosk.reach.simulate import SimulatedClock, run
from kiosk.reach.vocabulary import EVENT_KINDS
from kiosk.storage.database import open_database

EXECUTABLE = Path(sys.executable).with_name("outreach-kiosk")
PACIFIC = timezone(timedelta(hours=-8))
TODAY = date(2026, 11, 21)
LANGUAGES = ("en", "es", "tl")
TOPICS = ("rights-at-work", "report-safely", "emergency-and-health")


def simulate_into(data_dir: Path, visits: int, seed: int) -> list[tuple[object, ...]]:
    database = open_database(data_dir)
    clock = SimulatedClock(datetime(2026, 11, 21, 12, tzinfo=PACIFIC))
    reach = ReachLog(database, ReachContext("sim", "dev-sim", "2026.11.0"), clock=clock)
    report = run(reach, clock, LANGUAGES, TOPICS, visits, today=TODAY, days=10, seed=seed)
    reach.close()
    database.close()
    with sqlite3.connect(data_dir / "kiosk.sqlite3") as connection:
        rows = connection.execute(
            "SELECT kind, channel, language, topic, quantity, assisted, local_date, hour_bucket,"
            " region, sector, stream FROM reach_event ORDER BY seq"
        ).fetchall()
    assert report.events == len(rows)
    assert report.sessions == visits // 40
    return rows


def test_a_simulation_walks_every_path(tmp_path: Path) -> None:
    rows = simulate_into(tmp_path, visits=600, seed=11)
    kinds = {row[0] for row in rows}
    assert kinds == set(EVENT_KINDS)
    assert [row[0] for row in rows].count("visit") == 600
    assert {row[1] for row in rows} == {"kiosk", "outreach"}
    assert any(row[5] for row in rows if row[1] == "kiosk")  # some visits were assisted
    requested = {row[2] for row in rows if row[0] == "language_requested"}
    assert requested and not requested & set(LANGUAGES)  # only languages the pack lacks
    assert requested <= set(REQUESTABLE_LANGUAGES)  # and that the screen lets a visitor ask for
    assert {row[2] for row in rows if row[0] == "language_selected"} <= set(LANGUAGES)
    days = {row[6] for row in rows}
    assert min(days) >= "2026-11-12" and max(days) <= "2026-11-21"
    outreach = [row for row in rows if row[1] == "outreach"]
    assert all(row[8] and row[9] and row[10] and row[5] for row in outreach)
    assert all(row[8] is None for row in rows if row[1] == "kiosk")
    assert sum(row[4] for row in rows if row[0] == "outreach_session") >= 15 * 3


def test_the_same_seed_gives_the_same_visits(tmp_path: Path) -> None:
    first = simulate_into(tmp_path / "a", visits=200, seed=5)
    again = simulate_into(tmp_path / "b", visits=200, seed=5)
    other = simulate_into(tmp_path / "c", visits=200, seed=6)
    assert first == again
    assert first != other


def cli(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OUTREACH_KIOSK_")}
    environment.update(XDG_CONFIG_HOME=str(data_dir.parent / "config"), **env)
    return subprocess.run(
        [str(EXECUTABLE), "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )


def test_simulate_then_stats_on_the_command_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = cli("simulate", "--visits", "400", "--seed", "3", "--days", "3", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    match = re.search(
        r"simulated 400 visits and 10 outreach sessions .*: (\d+) events", result.stdout
    )
    assert match, result.stdout
    events = int(match.group(1))

    shown = cli("stats", "--json", data_dir=data_dir)
    assert shown.returncode == 0, shown.stderr
    figures = json.loads(shown.stdout)
    assert figures["unsynced_backlog"] == events
    month = figures["periods"]["month"]
    assert month["kind"]["visit"] + figures["periods"]["today"]["kind"]["visit"] >= 1
    assert set(month["channel"]) == {"kiosk", "outreach"}

    table = cli("stats", "--csv", data_dir=data_dir)
    assert table.returncode == 0, table.stderr
    assert "People reached, by channel" in table.stdout
    assert f"Events not synced yet: {events}" in table.stdout
    assert list((data_dir / "exports").glob("reach-stats-*.csv"))


def test_simulate_refuses_a_device_that_reports_to_central(tmp_path: Path) -> None:
    result = cli(
        "simulate",
        "--visits",
        "10",
        data_dir=tmp_path / "data",
        OUTREACH_KIOSK_CENTRAL_URL="https://reach.example.org",
    )
    assert result.returncode == 1
    assert "would be counted as real ones" in result.stderr
    assert not (tmp_path / "data" / "kiosk.sqlite3").exists()


def test_simulate_refuses_an_enrolled_device(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    database = open_database(data_dir)
    save_enrolment(database, Enrolment("https://reach.example.org", "token", "yvr"))
    database.close()

    result = cli("simulate", "--visits", "10", data_dir=data_dir)

    assert result.returncode == 1
    assert "enrolled with https://reach.example.org" in result.stderr
    with sqlite3.connect(data_dir / "kiosk.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM reach_event").fetchone() == (0,)


def test_simulate_refuses_nonsense_arguments(tmp_path: Path) -> None:
    for args in (("--visits", "-3"), ("--visits", "5", "--days", "0"), ("--days", "3")):
        result = cli("simulate", *args, data_dir=tmp_path / "data")
        assert result.returncode == 2, args
        assert "usage:" in result.stderr
