"""The front door to content packs: the shipped pack, and loading and checking a pack folder.

The pack shipped inside the application is trusted as shipped, but it is still checked against
its manifest so that a damaged installation is caught rather than shown. The other modules of
:mod:`kiosk.packs` hold the checks; this one puts them together for the screens and commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from importlib.resources.abc import Traversable

from kiosk.i18n import FALLBACKS
from kiosk.packs.manifest import TrustedKey, shipped_keys
from kiosk.packs.model import TRANSLATION_STATUSES, Contact, Pack, TopicPage, Translation
from kiosk.packs.problems import PackRefusedError, Problem
from kiosk.packs.validate import Inspection, inspect_pack

DEFAULT_PACK = "content"

__all__ = [
    "DEFAULT_PACK",
    "FALLBACKS",
    "TRANSLATION_STATUSES",
    "Contact",
    "Inspection",
    "Pack",
    "PackRefusedError",
    "Problem",
    "TopicPage",
    "Translation",
    "default_pack_root",
    "inspect_embedded",
    "load_pack",
]


def default_pack_root() -> Traversable:
    """The pack shipped inside the application."""
    return resources.files("kiosk.resources") / DEFAULT_PACK


def inspect_embedded(keys: Sequence[TrustedKey] | None = None, *, lint: bool = True) -> Inspection:
    """Check the shipped pack: its manifest must match, a signature (if any) must verify.

    At start-up ``lint=False``: the shipped content passed every check before it was released
    (tests/kiosk/test_content.py), and the manifest proves the files are those files.
    """
    keys = shipped_keys() if keys is None else keys
    return inspect_pack(default_pack_root(), keys=keys, require_manifest=True, lint=lint)


def load_pack(
    root: Traversable | None = None,
    *,
    require_manifest: bool | None = None,
    keys: Sequence[TrustedKey] | None = None,
) -> Pack:
    """Read and check a pack folder (default: the shipped one); PackRefusedError if broken.

    The shipped pack must match its manifest. Other folders are checked the same way unless
    ``require_manifest=False`` (authors' previews and tests of the content itself).
    """
    if require_manifest is None:
        require_manifest = True
    source = default_pack_root() if root is None else root
    inspection = inspect_pack(
        source, keys=shipped_keys() if keys is None else keys, require_manifest=require_manifest
    )
    if inspection.pack is None:
        raise PackRefusedError(inspection.problems, source=str(source))
    return inspection.pack
