"""A code is judged the same by every part: the kiosk's settings, its reach log, the wire
protocol and the central's ``site add`` (one rule, kiosk.codes).

Before, the kiosk took ``yvr_arrivals`` as its site, logged months of counts under it, and the
central refused them all at the first sync.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from kiosk.config import load_settings
from kiosk.errors import ConfigError, InvalidEventError
from kiosk.reach.log import ReachContext
from kiosk.settings_upgrade import CURRENT_VERSION, VERSION_KEY
from sync.central.admin import AdminError, add_site, list_sites
from sync.central.db.database import CentralDatabase, open_central_database, sqlite_url
from sync.protocol import Event

SITES = [
    "yvr-arrivals",
    "yvr_arrivals",
    "unassigned",
    "YVR",
    "yvr.arrivals",
    "-yvr",
    "yvr arrivals",
    "yvr\n",
    "a" * 64,
    "a" * 65,
]
DEVICES = ["dev-0123456789ab", "dev_01", "DEV-01", "dev-01\n", "d" * 65]


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralDatabase]:
    folder = tmp_path_factory.mktemp("central")
    database = open_central_database(sqlite_url(folder / "central.sqlite3"))
    yield database
    database.close()


def wire_event(**changes: object) -> str:
    event: dict[str, object] = {
        "uuid": str(uuid.uuid4()),
        "seq": 1,
        "site": "yvr-arrivals",
        "device": "dev-0123456789ab",
        "channel": "kiosk",
        "kind": "visit",
        "language": None,
        "topic": None,
        "quantity": 1,
        "assisted": False,
        "local_date": "2026-07-02",
        "hour_bucket": 9,
        "content_version": "2026.11.0",
        "region": None,
        "sector": None,
        "stream": None,
    }
    event.update(changes)
    return json.dumps(event)


def protocol_accepts(**changes: object) -> bool:
    try:
        Event.model_validate_json(wire_event(**changes))
    except ValidationError:
        return False
    return True


def settings_accept(site: str, folder: Path) -> bool:
    path = folder / "settings.toml"
    # a file of this release: older ones first have their site made a code (settings_upgrade)
    path.write_text(
        f"{VERSION_KEY} = {CURRENT_VERSION}\nsite = {json.dumps(site)}\n", encoding="utf-8"
    )
    try:
        load_settings(path, environ={})
    except ConfigError as exc:
        assert "setting 'site'" in str(exc), exc  # the message names the key
        assert "not a site code" in str(exc), exc
        return False
    return True


def reach_accepts(site: str = "yvr-arrivals", device: str = "dev-0123456789ab") -> bool:
    try:
        ReachContext(site, device, "2026.11.0")
    except InvalidEventError:
        return False
    return True


def central_accepts(database: CentralDatabase, site: str) -> bool:
    try:
        add_site(database, site, "A site")
    except AdminError as exc:
        assert "not a site code" in str(exc), exc
        return False
    assert site in {code for code, _name in list_sites(database)}
    return True


@pytest.mark.parametrize("site", SITES)
def test_a_site_code_is_judged_the_same_everywhere(
    site: str, central: CentralDatabase, tmp_path: Path
) -> None:
    verdicts = {
        "settings": settings_accept(site, tmp_path),
        "reach log": reach_accepts(site=site),
        "protocol": protocol_accepts(site=site),
        "central": central_accepts(central, site),
    }
    assert len(set(verdicts.values())) == 1, verdicts


def test_the_case_that_diverged_is_refused_at_settings_load(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f'{VERSION_KEY} = {CURRENT_VERSION}\nsite = "yvr_arrivals"\n', "utf-8")
    with pytest.raises(ConfigError) as refused:
        load_settings(path, environ={})
    assert str(refused.value).startswith(f"setting 'site' from {path}: ")
    assert "'yvr_arrivals'" in str(refused.value)
    assert "e.g. yvr-arrivals" in str(refused.value)


@pytest.mark.parametrize("device", DEVICES)
def test_a_device_id_is_judged_the_same_by_the_reach_log_and_the_protocol(device: str) -> None:
    assert reach_accepts(device=device) == protocol_accepts(device=device)
