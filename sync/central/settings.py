"""Where the central keeps its data: ``--database-url``, else ``DATABASE_URL``, else a SQLite file.

Why this order: a deployment sets ``DATABASE_URL`` once for every app server and command; a
command line option beats it for one-off runs; and with nothing set the central runs on an
embedded SQLite database in the user data folder, so a coordinator can try it on a laptop.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from sync.central.database import sqlite_url

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
