"""The smaller ICU data library of the Linux bundle (scripts/icu_subset.py), on PySide6's real one.

The subset must read back as ICU data, and Qt must still collate the pack's languages with it;
a subset missing a shipped language is caught by the self-check's collation line.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ["fr", "es", "tl", "fil", "pa", "zh", "vi", "th", "ar"]


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


icu_subset = load(ROOT / "scripts" / "icu_subset.py")


@pytest.fixture(scope="module")
def libicudata() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("PySide6's own ICU data library (its Linux wheels only)")
    return found[0]


@pytest.fixture(scope="module")
def package(libicudata: Path):  # type: ignore[no-untyped-def]
    image = libicudata.read_bytes()
    _, offset, size = icu_subset.find_data(image)
    return icu_subset.read_package(image[offset : offset + size]), image[offset : offset + size]


def test_the_package_reads_and_writes_back_byte_for_byte(package) -> None:  # type: ignore[no-untyped-def]
    parsed, blob = package
    assert parsed.prefix.startswith("icudt") and len(parsed.items) > 1000
    assert icu_subset.write_package(parsed) == blob


def test_the_subset_keeps_what_qt_reads_for_the_shipped_languages(package) -> None:  # type: ignore[no-untyped-def]
    parsed, _ = package
    kept = set(icu_subset.subset(parsed, icu_subset.keeper(SHIPPED)).names())
    names = set(parsed.names())
    for needed in ["coll/ucadata.icu", "coll/root.res", "coll/zh.res", "coll/th.res", "root.res",
                   "zh_Hant_TW.res", "fil.res", "zone/fr.res", "zoneinfo64.res", "cnvalias.icu",
                   "coll/res_index.res", "pool.res"]:  # fmt: skip
        assert needed in names and needed in kept, needed
    dropped = names - kept
    assert "coll/de.res" in dropped and "de.res" in dropped and "zone/ja.res" in dropped
    assert not any(name.startswith(("brkitr/", "translit/", "lang/")) for name in kept)
    assert not any(name.endswith(".cnv") for name in kept)
    assert len(kept) < len(names) / 4


def test_keeper_decides_by_language_and_tree() -> None:
    keep = icu_subset.keeper(["th"])
    assert keep("th_TH.res") and keep("coll/th.res") and keep("en_CA.res")  # en always
    assert not keep("coll/thv.res") and not keep("tr.res") and not keep("region/th.res")
    assert keep("res_index.res") and keep("zone/pool.res") and keep("supplementalData.res")
    assert not keep("ibm-943_P15A-2003.cnv") and not keep("unames.icu")


def test_not_icu_data_is_refused() -> None:
    with pytest.raises(icu_subset.IcuDataError):
        icu_subset.read_package(b"\x00" * 64)
    with pytest.raises(icu_subset.IcuDataError):
        icu_subset.find_data(b"MZ" + b"\x00" * 62)


def collation_with(library: Path) -> subprocess.CompletedProcess[str]:
    """The self-check's collation line, run with ``library`` in place of PySide6's ICU data."""
    code = "from ui.common.selfcheck_qt import check_collation; print(check_collation())"
    env = {**os.environ, "LD_PRELOAD": str(library), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )


@pytest.fixture(scope="module")
def compiler() -> None:
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("a C compiler (cc), which links the smaller library")


@pytest.mark.usefixtures("compiler")
def test_qt_collates_with_the_subset_and_a_missing_language_is_caught(
    libicudata: Path, tmp_path: Path
) -> None:
    good = tmp_path / "good" / libicudata.name
    good.parent.mkdir()
    before, after = icu_subset.make_subset(libicudata, good, SHIPPED)
    assert after < before / 4 and good.stat().st_size < libicudata.stat().st_size / 4
    result = collation_with(good)
    assert result.returncode == 0, result.stderr
    assert "own script first: pa zh-Hans zh-Hant th ar" in result.stdout

    french_only = tmp_path / "fr" / libicudata.name
    french_only.parent.mkdir()
    icu_subset.make_subset(libicudata, french_only, ["fr"])
    result = collation_with(french_only)
    assert result.returncode != 0
    assert "zh-Hans: Latin before" in result.stderr and "th: Latin before" in result.stderr
