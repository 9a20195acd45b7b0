"""Typed settings: defaults, a one-line description each, a TOML file and environment overrides.

Why in one place: desk staff configure a kiosk by editing one TOML file, tests and side-by-side
instances override with ``OUTREACH_KIOSK_*`` variables, and every bad value is refused with a
message that names the key and where the value came from. An unknown key in the file is only
a warning (a typo must not leave a kiosk dark), and a file from an older release is upgraded
first (``kiosk.settings_upgrade``).
"""

from __future__ import annotations

import logging
import os
import re
import threading
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from kiosk.codes import site_problem
from kiosk.errors import ConfigError
from kiosk.settings_upgrade import LOGGER_NAME, UPGRADES, VERSION_KEY, Upgrade, upgrade_file

log = logging.getLogger(LOGGER_NAME)

APP_NAME = "outreach-kiosk"
ENV_PREFIX = "OUTREACH_KIOSK_"
SETTINGS_FILE_NAME = "settings.toml"
PUBLIC_KEY = re.compile(r"^(ed25519:)?[A-Za-z0-9+/]{43}=(\s.*)?$")


class Settings(BaseModel):
    """Everything a site can set. Field descriptions are the documentation of each key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    site: str = Field(
        "unassigned",
        description="Site code this device reports for (lower-case letters, digits and dashes).",
    )
    central_url: str | None = Field(None, description="Central endpoint URL; none means offline.")
    ca_bundle: Path | None = Field(
        None, description="CA bundle (PEM) for a central behind a private certificate authority."
    )
    kiosk_mode: bool = Field(False, description="Full screen, no window frame, no way out.")
    mode: Literal["kiosk", "outreach"] = Field(
        "kiosk",
        description="kiosk: self-service visits at a desk; outreach: an outreach worker's laptop "
        "(record sessions, present topics to a group).",
    )
    idle_timeout_seconds: int = Field(
        90, ge=10, le=3600, description="Seconds without a touch before the visit ends."
    )
    default_language: str = Field("en", description="Language of the attract and admin screens.")
    printer: str | None = Field(
        None, description="CUPS queue for wallet cards; none means the system's default printer."
    )
    data_dir: Path | None = Field(
        None, description="Folder for the database and logs; default is the user data folder."
    )
    admin_pin_hash: str | None = Field(
        None,
        pattern=r"^scrypt\$",
        description="Hash of the admin PIN (make it with `outreach-kiosk admin-pin`); "
        "none means the admin screen cannot be opened in kiosk mode.",
    )
    hide_draft_translations: bool = Field(
        False, description="Offer only languages whose translation a qualified person reviewed."
    )
    contact_max_age_days: int = Field(
        180, ge=1, le=3650, description="The admin screen warns about contacts checked longer ago."
    )
    trusted_keys: tuple[str, ...] = Field(
        (),
        description="Ed25519 public keys ('ed25519:...') whose signed content packs are "
        "accepted, besides the keys shipped in resources/keys.",
    )
    allow_unsigned_packs: bool = Field(
        False, description="Development only: accept content packs that carry no signature."
    )
    _notes: tuple[logging.LogRecord, ...] = PrivateAttr(default=())

    @field_validator("site")
    @classmethod
    def _check_site(cls, value: str) -> str:
        """The protocol's rule (kiosk.codes): a site refused here would be refused at sync."""
        problem = site_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("trusted_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: Any) -> Any:
        """An environment variable gives one string: keys separated by commas or new lines."""
        if isinstance(value, str):
            return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]
        return value

    @field_validator("trusted_keys")
    @classmethod
    def _check_keys(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for key in value:
            if not PUBLIC_KEY.match(key):
                raise ValueError(f"not an Ed25519 public key 'ed25519:<base64>': {key[:60]!r}")
        return value

    @property
    def notes(self) -> tuple[logging.LogRecord, ...]:
        """What loading said (upgrades, unknown keys), for the log file opened later."""
        return self._notes

    def resolved_data_dir(self) -> Path:
        """The data folder to use: the setting if given, else the platform's user data folder."""
        if self.data_dir is not None:
            return self.data_dir
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_settings_path() -> Path:
    """Where the settings file lives: the platform's user config folder."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILE_NAME


def load_settings(
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    upgrades: Sequence[Upgrade] = UPGRADES,
) -> Settings:
    """Read settings: defaults, then the TOML file, then the environment, then ``overrides``.

    A missing file is fine (defaults apply); an unreadable or invalid one raises ConfigError.
    A file of an older version is upgraded (and written back) first; keys the settings do not
    have are logged and ignored. What was logged is kept in the result's ``notes``.
    """
    with _collected() as notes:
        settings = _load(
            default_settings_path() if path is None else path,
            os.environ if environ is None else environ,
            overrides or {},
            upgrades,
        )
    settings._notes = tuple(notes)
    return settings


def _load(
    path: Path,
    environ: Mapping[str, str],
    overrides: Mapping[str, Any],
    upgrades: Sequence[Upgrade],
) -> Settings:
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}

    if path.exists():
        from_file = _read_file(path, upgrades)
        values.update(from_file)
        origins.update(dict.fromkeys(from_file, f"{path}"))

    for name in Settings.model_fields:
        variable = ENV_PREFIX + name.upper()
        if variable in environ:
            values[name] = environ[variable]
            origins[name] = f"environment variable {variable}"

    for name, value in overrides.items():
        if value is not None:
            values[name] = value
            origins[name] = "command line"

    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, origins)) from exc


def _read_file(path: Path, upgrades: Sequence[Upgrade]) -> dict[str, Any]:
    """The file's settings, upgraded to this code's version, without its version or unknown keys."""
    try:
        text = path.read_text(encoding="utf-8")
        from_file = tomllib.loads(text)
        upgraded = upgrade_file(path, text, from_file, upgrades)
        if upgraded != text:
            from_file = tomllib.loads(upgraded)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"settings file {path}: {exc}") from exc
    from_file.pop(VERSION_KEY, None)
    for key in [key for key in from_file if key not in Settings.model_fields]:
        log.warning(
            "unknown setting '%s' in %s ignored (a typo, or a setting of a newer release?)",
            key,
            path,
        )
        del from_file[key]
    return from_file


class _Collector(logging.Handler):
    """Keeps the records one thread logs while it loads settings."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.thread = threading.get_ident()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.records.append(record)


@contextmanager
def _collected() -> Iterator[list[logging.LogRecord]]:
    """The records logged to the settings logger meanwhile (they still reach the usual handlers).

    The logger is set to INFO here so an upgrade's lines are kept even before logging is set up.
    """
    collector = _Collector()
    logger = logging.getLogger(LOGGER_NAME)
    level = logger.level
    logger.addHandler(collector)
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield collector.records
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)


def _describe(exc: ValidationError, origins: Mapping[str, str]) -> str:
    """One line per bad key: the key, the problem and where the value came from."""
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(settings)"
        origin = origins.get(str(error["loc"][0]) if error["loc"] else "", "settings")
        if error["type"] == "extra_forbidden":
            problem = "unknown setting"
        else:
            problem = f"{error['msg']} (got {error.get('input')!r})"
        lines.append(f"setting '{key}' from {origin}: {problem}")
    return "; ".join(lines)
