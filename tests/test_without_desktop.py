"""Installed without the `desktop` extra, as the central is: it runs, and the kiosk says what
to install.

Each check runs a real process whose imports of the extra's packages fail as they do when a
package is absent (ModuleNotFoundError): a sitecustomize on PYTHONPATH puts a finder in front of
every other. The rest of the environment is the test's own, so a central module that imported
Qt or the sync client's HTTP library, directly or through a module it imports, fails here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from ui.main import DESKTOP_MODULES

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

BLOCKER = """\
import sys
from importlib.abc import MetaPathFinder

ABSENT = frozenset({absent!r})


class Absent(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ABSENT:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, Absent())
"""


@pytest.fixture
def without_desktop(tmp_path: Path) -> dict[str, str]:
    """The environment of a process in which the desktop extra's packages are absent."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        BLOCKER.format(absent=sorted(DESKTOP_MODULES)), encoding="utf-8"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_DATA_HOME"] = str(tmp_path / "share")
    return env


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_each_package_of_the_desktop_extra_is_blocked() -> None:
    """A package added to the extra must be added to ui.main.DESKTOP_MODULES too."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        extra = tomllib.load(handle)["project"]["optional-dependencies"]["desktop"]
    provides: dict[str, set[str]] = {}
    for module, distributions in packages_distributions().items():
        for distribution in distributions:
            provides.setdefault(canonical(distribution), set()).add(module)
    unblocked = []
    for requirement in extra:
        name = canonical(re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0])
        if not provides.get(name, set()) & DESKTOP_MODULES:
            unblocked.append(name)
    assert unblocked == []
    assert len(extra) >= 3


def test_the_blocked_modules_cannot_be_imported(without_desktop: dict[str, str]) -> None:
    probe = (
        "import importlib\n"
        f"for name in {sorted(DESKTOP_MODULES)!r} + ['PySide6.QtCore']:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ModuleNotFoundError as exc:\n"
        "        assert exc.name == name.split('.')[0], exc\n"
        "    else:\n"
        "        print('imported', name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=without_desktop
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_every_central_module_imports(without_desktop: dict[str, str]) -> None:
    probe = (
        "import importlib, pkgutil, sys\n"
        "import sync.central as central\n"
        "names = [info.name for info in pkgutil.walk_packages(central.__path__, 'sync.central.')]\n"
        "for name in names:\n"
        "    if '.migrations' not in name:  # run below, by the commands\n"
        "        importlib.import_module(name)\n"
        "print(len(names))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'ui'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=without_desktop
    )
    assert result.returncode == 0, result.stderr
    count, loaded_ui = result.stdout.splitlines()
    assert int(count) > 20
    assert loaded_ui == "[]"


def test_outreach_central_runs(without_desktop: dict[str, str], tmp_path: Path) -> None:
    central = str(BIN / "outreach-central")
    helped = subprocess.run(
        [central, "--help"], capture_output=True, text=True, env=without_desktop, timeout=60
    )
    assert helped.returncode == 0, helped.stderr
    assert "serve" in helped.stdout
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    for command in (["site", "add", "farm-team"], ["site", "list"]):
        done = subprocess.run(
            [central, *command, "--database-url", url],
            capture_output=True,
            text=True,
            env=without_desktop,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["farm-team", "farm-team"]


def test_the_kiosk_says_what_to_install(without_desktop: dict[str, str]) -> None:
    result = subprocess.run(
        # with Qt at hand this would paint once and exit 0
        [str(BIN / "outreach-kiosk"), "--windowed", "--quit-after-paint"],
        capture_output=True,
        text=True,
        env=without_desktop,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("outreach-kiosk: PySide6 is not installed;")
    assert "pip install 'outreach-kiosk[desktop]'" in result.stderr
