"""GET /api/v1/stats over real HTTP, on SQLite and PostgreSQL: sign-in, roles, suppression, audit.

Each test pushes its own site's events through the device API and filters on that site, so the
tests share one central per backend without seeing each other's counts.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from central_process import CentralProcess, run_central
from fleet import Enrolled, enrol
from reach_data import SCENARIO, events_of, get_stats, new_person, push, sign_in
from sqlalchemy import update

from sync.central.db.database import CentralDatabase
from sync.central.db.models import UserToken
from sync.central.errors import utcnow
from sync.central.stats import audit
from sync.stats.protocol import StatsTable

QUARTER = [("period", "quarter"), ("start", "2026-07-01")]


@pytest.fixture
def site_with_events(central: CentralProcess, db: CentralDatabase) -> Enrolled:
    device = enrol(central.url, db)
    push(central, device, events_of(device, SCENARIO))
    return device


def stats(
    central: CentralProcess, headers: dict[str, str], site: str, *params: tuple[str, str]
) -> StatsTable:
    answer = get_stats(central, headers, [*QUARTER, ("site", site), *params])
    assert answer.status_code == 200, answer.text
    return StatsTable.model_validate_json(answer.content)


def by_row(table: StatsTable) -> dict[str, str]:
    return {row.key[0]: table.cells[i][0].shown for i, row in enumerate(table.rows)}


def test_a_viewer_reads_reach_by_language_with_small_cells_hidden(
    central: CentralProcess, db: CentralDatabase, site_with_events: Enrolled
) -> None:
    viewer = sign_in(central, new_person(db, "viewer"))
    table = stats(central, viewer, site_with_events.site, ("group_by", "language"))
    # Reach: kiosk visits plus workers reached in outreach sessions, in the quarter only.
    # pa is 1 visit + 3 workers = 4: hidden as <5; the smallest other count (zh-Hans, 12) is
    # hidden too, or 114 minus the visible ones would give it away.
    assert by_row(table) == {"en": "25", "es": "73", "pa": "<5", "zh-Hans": "x"}
    assert table.total.value == 114
    assert table.suppressed and table.measure == "reach"
    assert "outreach" in table.definition
    assert (table.first.isoformat(), table.last.isoformat()) == ("2026-07-01", "2026-09-30")


def test_reach_is_kiosk_visits_plus_workers_reached(
    central: CentralProcess, db: CentralDatabase, site_with_events: Enrolled
) -> None:
    viewer = sign_in(central, new_person(db, "viewer"))
    table = stats(central, viewer, site_with_events.site, ("group_by", "channel"))
    assert by_row(table) == {"kiosk": "81", "outreach": "33"}
    cards = stats(
        central,
        viewer,
        site_with_events.site,
        ("kind", "card_printed"),
        ("measure", "quantity"),
    )
    assert cards.total.shown == "6"


def test_a_time_breakdown_has_every_bucket_and_totals(
    central: CentralProcess, db: CentralDatabase, site_with_events: Enrolled
) -> None:
    viewer = sign_in(central, new_person(db, "viewer"))
    table = stats(
        central,
        viewer,
        site_with_events.site,
        ("interval", "month"),
        ("group_by", "channel"),
    )
    assert [row.key for row in table.rows] == [("2026-07",), ("2026-08",), ("2026-09",)]
    assert [column.key for column in table.columns] == [("kiosk",), ("outreach",)]
    # July: 40 es + 25 en visits and 30 workers; August: 15 visits and 3 workers; September: 1
    # visit. The 3 and the 1 (and September's total) are small; hiding them alone would let
    # the totals give them away, so the July cells and August's other cell and total go too.
    assert [[cell.shown for cell in row] for row in table.cells] == [
        ["x", "x"],
        ["x", "<5"],
        ["<5", "0"],
    ]
    assert [total.shown for total in table.row_totals] == ["95", "x", "<5"]
    assert [total.shown for total in table.column_totals] == ["81", "33"]
    assert table.total.value == 114
    weeks = stats(central, viewer, site_with_events.site, ("interval", "week"))
    assert weeks.rows[0].key == ("2026-W27",)
    assert (weeks.rows[0].first, weeks.rows[-1].last) == (table.first, table.last)


def test_raw_counts_are_for_coordinators_and_every_request_is_audited(
    central: CentralProcess, db: CentralDatabase, site_with_events: Enrolled
) -> None:
    coordinator_name = new_person(db, "coordinator")
    coordinator = sign_in(central, coordinator_name)
    viewer_name = new_person(db, "viewer")
    viewer = sign_in(central, viewer_name)
    params = [*QUARTER, ("site", site_with_events.site), ("group_by", "language")]

    refused = get_stats(central, viewer, [*params, ("raw", "true")])
    assert refused.status_code == 403
    assert "coordinators only" in refused.json()["detail"]

    suppressed = get_stats(central, coordinator, params)
    assert by_row(StatsTable.model_validate_json(suppressed.content))["pa"] == "<5"
    logged_before = [e for e in audit.entries(db) if e.user_name == coordinator_name]
    assert logged_before == []

    raw = get_stats(central, coordinator, [*params, ("raw", "true")])
    assert raw.status_code == 200, raw.text
    table = StatsTable.model_validate_json(raw.content)
    assert by_row(table) == {"en": "25", "es": "73", "pa": "4", "zh-Hans": "12"}
    assert not table.suppressed

    logged = [e for e in audit.entries(db) if e.user_name in (coordinator_name, viewer_name)]
    assert [(e.user_name, e.role, e.action) for e in logged] == [
        (coordinator_name, "coordinator", "stats.raw")
    ]
    assert logged[0].detail["query"]["filters"] == {"site": [site_with_events.site]}
    assert logged[0].detail["query"]["group_by"] == ["language"]
    assert abs(logged[0].at - utcnow()) < timedelta(minutes=5)
    listed = run_central(db.url, "audit")
    assert listed.returncode == 0, listed.stderr
    mine = [line.split("\t") for line in listed.stdout.splitlines() if coordinator_name in line]
    assert [fields[1:4] for fields in mine] == [[coordinator_name, "coordinator", "stats.raw"]]


def test_a_device_token_cannot_read_statistics(
    central: CentralProcess, site_with_events: Enrolled
) -> None:
    answer = get_stats(central, site_with_events.headers, QUARTER)
    assert answer.status_code == 403
    assert "device token" in answer.json()["detail"]
    for headers in ({}, {"Authorization": "Bearer oku_forged"}):
        assert get_stats(central, headers, QUARTER).status_code == 401


def test_sign_in_refuses_wrong_passwords_and_unknown_names_alike(
    central: CentralProcess, db: CentralDatabase
) -> None:
    name = new_person(db, "viewer")
    url = f"{central.url}/api/v1/auth/token"
    wrong = requests.post(url, json={"name": name, "password": "not it at all"}, timeout=30)
    unknown = requests.post(url, json={"name": "nobody-here", "password": "x" * 12}, timeout=30)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "wrong name or password"}


def test_an_expired_sign_in_is_refused(central: CentralProcess, db: CentralDatabase) -> None:
    headers = sign_in(central, new_person(db, "coordinator"))
    assert get_stats(central, headers, QUARTER).status_code == 200
    with db.sessions.begin() as session:
        session.execute(update(UserToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    answer = get_stats(central, headers, QUARTER)
    assert answer.status_code == 401
    assert "expired" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ([("start", "2026-07-01")], "custom period needs an end date"),
        ([("start", "2026-07-01"), ("end", "2026-06-01")], "before the start"),
        ([*QUARTER, ("group_by", "colour")], "group_by"),
        ([*QUARTER, ("group_by", "site,site")], "twice"),
        ([*QUARTER, ("language", "Spanish please")], "query.language"),
        ([*QUARTER, ("region", "ontario")], "query.region"),
        ([*QUARTER, ("interval", "hour")], "interval"),
        ([("period", "week"), ("start", "1999-12-31")], "between 2000-01-01"),
        ([("period", "year"), ("start", "2026-01-01"), ("interval", "day"),
          ("group_by", "site,language,topic")], None),
    ],
)  # fmt: skip
def test_a_query_that_cannot_be_answered_is_a_422_saying_why(
    central: CentralProcess,
    db: CentralDatabase,
    params: list[tuple[str, str]],
    message: str | None,
) -> None:
    headers = sign_in(central, new_person(db, "viewer"))
    answer = get_stats(central, headers, params)
    if message is None:  # a big table on a database with few events is still small
        assert answer.status_code == 200, answer.text
        return
    assert answer.status_code == 422, answer.text
    assert message in answer.json()["detail"]
