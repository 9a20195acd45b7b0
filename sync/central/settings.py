"""The central's settings: where it keeps its data, and how many failed attempts it allows.

Each setting is a command line option, else an environment variable, else a default. Why this
order: a deployment sets the environment once for every app server and command (``uvicorn
--factory`` reads it too); a command line option beats it for one-off runs; and with nothing set
the central runs on an embedded SQLite database in the user data folder, so a coordinator can try
it on a laptop.

- ``--database-url`` / ``DATABASE_URL``: default an SQLite file in the user data folder.
- ``--enrol-limit`` / ``OUTREACH_CENTRAL_ENROL_LIMIT``: failed enrolment attempts per client
  address, as ``ATTEMPTS/WINDOW`` (``10/15m``, the default) or ``off``.
- ``--sign-in-limit`` / ``OUTREACH_CENTRAL_SIGN_IN_LIMIT``: failed coordinator sign-ins per
  client address, likewise (default ``10/15m``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from sync.central.admin import AdminError, parse_duration
from sync.central.db.database import sqlite_url

APP_NAME = "outreach-central"
DATABASE_FILE_NAME = "central.sqlite3"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8750


def default_database_url() -> str:
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return sqlite_url(data_dir / DATABASE_FILE_NAME)


def database_url_from(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The database URL to use: the option, else DATABASE_URL, else the embedded default."""
    environ = os.environ if environ is None else environ
    return option or environ.get("DATABASE_URL") or default_database_url()


ENROL_LIMIT_ENV = "OUTREACH_CENTRAL_ENROL_LIMIT"
SIGN_IN_LIMIT_ENV = "OUTREACH_CENTRAL_SIGN_IN_LIMIT"
DEFAULT_ENROL_LIMIT = "10/15m"
DEFAULT_SIGN_IN_LIMIT = "10/15m"
LIMIT = re.compile(r"^(\d+)/(\w+)$")


@dataclass(frozen=True)
class Limit:
    """At most ``attempts`` failed attempts per ``window`` seconds (sync.central.api.ratelimit)."""

    attempts: int
    window: float

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.window <= 0:
            raise ValueError(f"a limit needs attempts >= 1 and a window > 0, not {self}")


def parse_limit(text: str) -> Limit | None:
    """``10/15m`` (10 failed attempts per 15 minutes) as a Limit; ``off`` as None."""
    cleaned = text.strip().lower()
    if cleaned == "off":
        return None
    match = LIMIT.fullmatch(cleaned)
    if not match or int(match.group(1)) == 0:
        raise AdminError(f"not a limit: {text!r} (ATTEMPTS/WINDOW, e.g. 10/15m, or off)")
    window = parse_duration(match.group(2))
    return Limit(attempts=int(match.group(1)), window=window.total_seconds())


@dataclass(frozen=True)
class RateLimits:
    """Failed attempts allowed per client address (None: no limit)."""

    enrol: Limit | None
    sign_in: Limit | None


DEFAULT_RATE_LIMITS = RateLimits(
    enrol=parse_limit(DEFAULT_ENROL_LIMIT), sign_in=parse_limit(DEFAULT_SIGN_IN_LIMIT)
)


def rate_limits_from(
    enrol: str | None = None,
    sign_in: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> RateLimits:
    """The limits to use: the options, else the environment, else the defaults."""
    environ = os.environ if environ is None else environ
    return RateLimits(
        enrol=parse_limit(enrol or environ.get(ENROL_LIMIT_ENV) or DEFAULT_ENROL_LIMIT),
        sign_in=parse_limit(sign_in or environ.get(SIGN_IN_LIMIT_ENV) or DEFAULT_SIGN_IN_LIMIT),
    )
