"""The settings file's version, and the steps that bring an older file up to this code's version.

Why: kiosks run for months on a settings file that desk staff wrote once. When a release renames
a key, a kiosk that still has the old name must keep its value rather than refuse to start, and
the file should say which version of the keys it holds so each upgrade is done once. Like
MusicBrainz Picard's config upgrades: ``UPGRADES[n]`` turns the raw table of a version ``n`` file
into version ``n + 1``, and a file is taken through every step from its version to the newest.
The upgraded file is written back atomically, with a copy of the old one beside it.

To rename a key: rename the field in ``kiosk.config.Settings`` and append a step that calls
``carry_over(raw, "old_name", "new_name")`` to ``UPGRADES``; never change a released step.

Log records go to the ``kiosk.settings`` logger, which the loader collects so the kiosk's log
file (opened only once the settings name the data folder) and ``outreach-kiosk settings`` show
them too.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kiosk.codes import SITE_CODE_RULE, site_problem
from kiosk.durable_files import write_text_atomically
from kiosk.errors import ConfigError

VERSION_KEY = "settings_version"
LOGGER_NAME = "kiosk.settings"

log = logging.getLogger(LOGGER_NAME)

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]
"""One step: the raw table of a version N file in, version N+1's out (edited in place or new)."""


def carry_over(raw: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """For a renamed key: move the old key's value to the new name, saying so in the log.

    A file that already has the new name keeps that value: someone set it on purpose.
    """
    if old not in raw:
        return raw
    value = raw.pop(old)
    if new in raw:
        log.warning(
            "setting '%s' is now '%s', which the file also sets: '%s' dropped", old, new, old
        )
    else:
        raw[new] = value
        log.info("setting '%s' is now '%s': its value carried over", old, new)
    return raw


def stamp_version_1(raw: dict[str, Any]) -> dict[str, Any]:
    """Files written before settings had a version: their keys are version 1's keys.

    Nothing is carried over; the stamp itself tells later upgrades where to start.
    """
    return raw


def site_codes_as_the_central_takes_them(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 2: a site is a code the central accepts (``kiosk.codes.SITE_CODE``).

    Before, the kiosk took any site and logged visits the protocol then refused, so a kiosk set
    up with ``site = "YVR_Arrivals"`` never synced. Such a site is rewritten the way its people
    meant it (lower case, dashes for ``_``, ``.`` and spaces), with a log line; a site that
    still is no code is left for the loader to refuse, naming the key.
    """
    site = raw.get("site")
    if not isinstance(site, str) or site_problem(site) is None:
        return raw
    shaped = re.sub(r"[\s_.]+", "-", site.strip().lower()).strip("-")
    if site_problem(shaped) is None:
        raw["site"] = shaped
        log.warning(
            "setting 'site' is now %r: %r is not a site code (%s)", shaped, site, SITE_CODE_RULE
        )
    return raw


UPGRADES: tuple[Upgrade, ...] = (stamp_version_1, site_codes_as_the_central_takes_them)
"""``UPGRADES[n]`` upgrades a version ``n`` file; a file without ``settings_version`` is 0."""

CURRENT_VERSION = len(UPGRADES)


def file_version(raw: dict[str, Any], path: Path) -> int:
    """The version the file says it is (0 when it says none); a bad value names the key."""
    version = raw.get(VERSION_KEY, 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ConfigError(
            f"setting '{VERSION_KEY}' from {path}: a whole number, 0 or more (got {version!r})"
        )
    return version


def upgrade_file(
    path: Path, text: str, raw: dict[str, Any], upgrades: Sequence[Upgrade] = UPGRADES
) -> str:
    """Take the settings file at ``path`` (its ``text``, parsed as ``raw``) to the newest version.

    Returns the text to read the settings from: the file's own when it needs no upgrade (a
    file from newer code is left as it is, with a warning), else the upgraded text, which is
    also written back. A file that cannot be written back still gives its upgraded settings.
    """
    version = file_version(raw, path)
    newest = len(upgrades)
    if version > newest:
        log.warning(
            "settings file %s is version %d, newer than this kiosk knows (%d): settings it "
            "does not know are ignored and the file is left as it is",
            path,
            version,
            newest,
        )
        return text
    if version == newest:
        return text
    import tomlkit  # ~40 ms to import, paid only on the one start that upgrades the file

    document: dict[str, Any] = tomlkit.parse(text)
    for number in range(version, newest):
        document = upgrades[number](document)
        document[VERSION_KEY] = number + 1
    upgraded = tomlkit.dumps(document)
    backup = path.with_name(f"{path.name}.version-{version}.bak")
    try:
        write_text_atomically(backup, text, mode_like=path)
        write_text_atomically(path, upgraded, mode_like=path)
    except OSError as exc:
        log.warning(
            "settings file %s upgraded from version %d to %d for this run only: "
            "cannot write it back: %s",
            path,
            version,
            newest,
            exc,
        )
    else:
        log.info(
            "settings file %s upgraded from version %d to %d; the old file is kept as %s",
            path,
            version,
            newest,
            backup.name,
        )
    return upgraded
