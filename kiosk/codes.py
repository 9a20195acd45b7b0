"""The shapes of the codes every part exchanges: site, device, topic, pack, contact and language
codes, and content versions.

Why one module: a code is checked where it is typed (the settings file, a pack, the central's
``site add``), where it is logged (kiosk.reach) and where it crosses the wire (sync.protocol).
Written out in each place, the rules drifted apart: a site called ``yvr_arrivals`` was logged by
the kiosk for months and then refused by the central at the first sync. Every check reads its
pattern from here, so a code one part accepts, every part accepts.

Codes only: none of these patterns lets a name, a phone number or a sentence through (the privacy
rules in docs/architecture.md). Checks use ``fullmatch`` (or pydantic's own regex engine), since
Python's ``$`` also matches before a trailing newline.
"""

from __future__ import annotations

import re
from typing import Final

NAME_PART: Final = r"[a-z0-9][a-z0-9-]{0,63}"
"""A lower-case name: letters, digits and dashes, up to 64 characters, not starting with a dash.
For patterns that hold a name among other things (a pack's file paths, its folder name)."""
LANGUAGE_PART: Final = r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?"
"""A language code in the BCP 47 style the packs use: ``es``, ``pa``, ``zh-Hant``."""

SITE_CODE: Final = re.compile(rf"^{NAME_PART}$")
DEVICE_ID: Final = re.compile(rf"^{NAME_PART}$")
TOPIC_ID: Final = re.compile(rf"^{NAME_PART}$")
PACK_ID: Final = TOPIC_ID
CONTACT_ID: Final = TOPIC_ID
LANGUAGE_CODE: Final = re.compile(rf"^{LANGUAGE_PART}$")
CONTENT_VERSION: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]{0,31}$")
"""The version of the content a count was made with, as the wire carries it (a pack's version
is stricter still: dotted numbers, kiosk.packs.meta)."""

SITE_CODE_RULE: Final = "lower-case letters, digits and dashes, e.g. yvr-arrivals"
DEVICE_ID_RULE: Final = "lower-case letters, digits and dashes, e.g. dev-3f9a2c"
NAME_RULE: Final = "lower-case letters, digits and dashes"
CONTENT_VERSION_RULE: Final = "letters, digits, '.', '+' and '-', up to 32 characters"


def matches(pattern: re.Pattern[str], value: object) -> bool:
    """Whether ``value`` is a string of the whole shape of ``pattern``."""
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def site_problem(value: object) -> str | None:
    """Why ``value`` is not a site code, or None when it is one."""
    return None if matches(SITE_CODE, value) else f"not a site code: {value!r} ({SITE_CODE_RULE})"


def device_problem(value: object) -> str | None:
    """Why ``value`` is not a device id, or None when it is one."""
    return None if matches(DEVICE_ID, value) else f"not a device id: {value!r} ({DEVICE_ID_RULE})"


def content_version_problem(value: object) -> str | None:
    """Why ``value`` is not a content version, or None when it is one."""
    if matches(CONTENT_VERSION, value):
        return None
    return f"not a content version: {value!r} ({CONTENT_VERSION_RULE})"
