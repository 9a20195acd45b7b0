"""Fixtures that give a test a real small or read-only file system: a tmpfs mounted for it.

We run as root in CI; where mounting is impossible, the test is skipped with the reason naming
the missing piece (the mount program, or the CAP_SYS_ADMIN capability a container may lack).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


class Mount:
    """A tmpfs mounted at ``path`` for one test; ``read_only()`` remounts it read-only."""

    def __init__(self, path: Path):
        self.path = path

    def read_only(self) -> None:
        _mount("-o", "remount,ro", str(self.path))

    def read_write(self) -> None:
        _mount("-o", "remount,rw", str(self.path))


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, text=True)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Mount]]:
    """Mount a tmpfs of a given size (e.g. ``"2m"``) under tmp_path; unmounted after the test."""
    mounted: list[Path] = []

    def make(size: str) -> Mount:
        if shutil.which("mount") is None:
            pytest.skip("needs the `mount` program (util-linux) to make a small file system")
        if os.geteuid() != 0:
            pytest.skip("needs root (CAP_SYS_ADMIN) to mount a tmpfs")
        path = tmp_path / f"mnt{len(mounted)}"
        path.mkdir()
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(path)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            pytest.skip(
                "cannot mount a tmpfs here (the container lacks CAP_SYS_ADMIN): "
                + result.stderr.strip()
            )
        mounted.append(path)
        return Mount(path)

    yield make
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", str(path)], capture_output=True)
