"""The installed release's version, read only when someone asks for it.

Why lazily: reading package metadata imports ``importlib.metadata`` and the e-mail parser
behind it, about 40 ms that the kiosk's first paint should not wait for; only ``--version``,
the sync client's User-Agent and the central's API description need it.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence
from typing import Any, NoReturn

DISTRIBUTION = "outreach-kiosk"


@functools.cache
def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


class ShowVersion(argparse.Action):
    """``--version``: print ``<program> <version>`` and exit, reading the version only then."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any):
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit", **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> NoReturn:
        print(f"{parser.prog} {package_version()}")
        parser.exit()
