"""The layers at run time: importing the core or sync loads no Qt and nothing above it.

The import statements themselves are checked by the contracts in pyproject.toml
([tool.importlinter], `lint-imports` in `make lint`). What they cannot see is a module imported
by name (importlib.import_module), as the command lines do; this imports every module of a
layer in a fresh interpreter and looks at what got loaded.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

FORBIDDEN = {
    "kiosk": ("PySide6", "shiboken6", "ui", "sync"),
    "sync": ("PySide6", "shiboken6", "ui"),
}

PROBE = """\
import importlib, pkgutil, sys
package = importlib.import_module({package!r})
for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):
    if '.migrations' not in info.name:  # Alembic's env.py runs migrations when imported
        importlib.import_module(info.name)
print(sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r}))
"""


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_importing_a_layer_loads_nothing_above_it(package: str) -> None:
    code = PROBE.format(package=package, forbidden=FORBIDDEN[package])
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
