"""Typed settings: defaults, a one-line description each, a TOML file and environment overrides.

Why in one place: desk staff configure a kiosk by editing one TOML file, tests and side-by-side
instances override with ``OUTREACH_KIOSK_*`` variables, and every bad value is refused with a
message that names the key and where the value came from. An unknown key in the file is only
a warning (a typo must not leave a kiosk dark), and a file from an older release is upgraded
first (``kiosk.settings_upgrade``).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import threading
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, get_type_hints

import msgspec
import platformdirs

from kiosk.codes import site_problem
from kiosk.errors import ConfigError
from kiosk.settings_upgrade import LOGGER_NAME, UPGRADES, VERSION_KEY, Upgrade, upgrade_file

log = logging.getLogger(LOGGER_NAME)

APP_NAME = "outreach-kiosk"
ENV_PREFIX = "OUTREACH_KIOSK_"
SETTINGS_FILE_NAME = "settings.toml"
PUBLIC_KEY = re.compile(r"^(ed25519:)?[A-Za-z0-9+/]{43}=(\s.*)?$")


def described(description: str) -> dict[str, str]:
    """A setting's one line that ``outreach-kiosk settings`` shows, kept in the field's metadata."""
    return {"description": description}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything a site can set. Field descriptions are the documentation of each key.

    A plain frozen dataclass, checked by msgspec when read from a file or the environment:
    the kiosk reads its settings before its first paint, and a schema library's import and
    class build cost a visitor a third of the start-up.
    """

    site: str = dataclasses.field(
        default="unassigned",
        metadata=described(
            "Site code this device reports for (lower-case letters, digits and dashes)."
        ),
    )
    central_url: str | None = dataclasses.field(
        default=None, metadata=described("Central endpoint URL; none means offline.")
    )
    ca_bundle: Path | None = dataclasses.field(
        default=None,
        metadata=described("CA bundle (PEM) for a central behind a private certificate authority."),
    )
    kiosk_mode: bool = dataclasses.field(
        default=False, metadata=described("Full screen, no window frame, no way out.")
    )
    mode: Literal["kiosk", "outreach"] = dataclasses.field(
        default="kiosk",
        metadata=described(
            "kiosk: self-service visits at a desk; outreach: an outreach worker's laptop "
            "(record sessions, present topics to a group)."
        ),
    )
    idle_timeout_seconds: Annotated[int, msgspec.Meta(ge=10, le=3600)] = dataclasses.field(
        default=90, metadata=described("Seconds without a touch before the visit ends.")
    )
    default_language: str = dataclasses.field(
        default="en", metadata=described("Language of the attract and admin screens.")
    )
    printer: str | None = dataclasses.field(
        default=None,
        metadata=described("CUPS queue for wallet cards; none means the system's default printer."),
    )
    data_dir: Path | None = dataclasses.field(
        default=None,
        metadata=described("Folder for the database and logs; default is the user data folder."),
    )
    admin_pin_hash: Annotated[str, msgspec.Meta(pattern=r"^scrypt\$")] | None = dataclasses.field(
        default=None,
        metadata=described(
            "Hash of the admin PIN (make it with `outreach-kiosk admin-pin`); "
            "none means the admin screen cannot be opened in kiosk mode."
        ),
    )
    hide_draft_translations: bool = dataclasses.field(
        default=False,
        metadata=described("Offer only languages whose translation a qualified person reviewed."),
    )
    hide_machine_narration: bool = dataclasses.field(
        default=False,
        metadata=described(
            "Offer only narration recorded by people, not the draft narration of a machine voice."
        ),
    )
    contact_max_age_days: Annotated[int, msgspec.Meta(ge=1, le=3650)] = dataclasses.field(
        default=180,
        metadata=described(
            "The admin screen asks for a call to every number never called or last called "
            "longer ago than this many days."
        ),
    )
    trusted_keys: tuple[str, ...] = dataclasses.field(
        default=(),
        metadata=described(
            "Ed25519 public keys ('ed25519:...') whose signed content packs are "
            "accepted, besides the keys shipped in resources/keys."
        ),
    )
    allow_unsigned_packs: bool = dataclasses.field(
        default=False,
        metadata=described("Development only: accept content packs that carry no signature."),
    )

    def __post_init__(self) -> None:
        """The rules a type cannot say; code that builds settings directly meets them too."""
        for name, problem_of in VALUE_CHECKS.items():
            problem = problem_of(getattr(self, name))
            if problem is not None:
                raise ConfigError(f"setting '{name}': {problem}")

    @property
    def notes(self) -> tuple[logging.LogRecord, ...]:
        """What loading said (upgrades, unknown keys), for the log file opened later."""
        notes: tuple[logging.LogRecord, ...] = getattr(self, "_notes", ())
        return notes

    def resolved_data_dir(self) -> Path:
        """The data folder to use: the setting if given, else the platform's user data folder."""
        if self.data_dir is not None:
            return self.data_dir
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def setting_descriptions() -> dict[str, str]:
    """Every setting's name and its one-line description, in the order of the class."""
    return {field.name: field.metadata["description"] for field in dataclasses.fields(Settings)}


SETTING_NAMES = frozenset(field.name for field in dataclasses.fields(Settings))


def _keys_problem(keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if not PUBLIC_KEY.match(key):
            return f"not an Ed25519 public key 'ed25519:<base64>': {key[:60]!r}"
    return None


# The protocol's site rule (kiosk.codes): a site refused here would be refused at sync.
VALUE_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "site": site_problem,
    "trusted_keys": _keys_problem,
}


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
    object.__setattr__(settings, "_notes", tuple(notes))  # kept beside the fields, not a setting
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

    for name in sorted(SETTING_NAMES):
        variable = ENV_PREFIX + name.upper()
        if variable in environ:
            values[name] = environ[variable]
            origins[name] = f"environment variable {variable}"

    for name, value in overrides.items():
        if value is not None:
            values[name] = value
            origins[name] = "command line"

    checked, problems = _check_values(values)
    if problems:
        raise ConfigError(
            "; ".join(
                f"setting '{name}' from {origins.get(name, 'settings')}: {problem}"
                for name, problem in problems.items()
            )
        )
    return Settings(**checked)


def _check_values(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Each value converted to its setting's type, and a problem for every value that is not.

    Key by key, so one message names every bad key; strings convert (an environment variable
    gives "45" or "true").
    """
    types = get_type_hints(Settings, include_extras=True)
    checked: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, value in values.items():
        if name not in types:
            problems[name] = "unknown setting"
            continue
        if name == "trusted_keys" and isinstance(value, str):
            value = [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]
        try:
            converted = msgspec.convert(value, types[name], strict=False, dec_hook=_to_path)
        except msgspec.ValidationError as exc:
            problems[name] = f"{exc} (got {value!r})"
            continue
        problem = VALUE_CHECKS[name](converted) if name in VALUE_CHECKS else None
        if problem is not None:
            problems[name] = f"{problem} (got {value!r})"
        else:
            checked[name] = converted
    return checked, problems


def _to_path(wanted: type, value: Any) -> Any:
    """msgspec's hook for the one type it does not convert itself."""
    if wanted is Path and isinstance(value, str | os.PathLike):
        return Path(value)
    raise NotImplementedError(f"no conversion to {wanted}")


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
    for key in [key for key in from_file if key not in SETTING_NAMES]:
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
