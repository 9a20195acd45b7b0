"""The self-check names what is wrong and keeps going after a failure."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Settings
from kiosk.selfcheck import core_checks, run_checks


def test_all_core_checks_pass_on_a_good_install(tmp_path: Path) -> None:
    results = list(run_checks(core_checks(Settings(data_dir=tmp_path))))
    assert [result.name for result in results] == [
        "content pack",
        "database",
        "catalogs",
        "fonts",
        "cards",
    ]
    assert all(result.ok for result in results), [result.line() for result in results]
    assert (tmp_path / "kiosk.sqlite3").is_file()


def test_a_failing_check_is_named_and_the_rest_still_run(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")

    def broken() -> str:
        raise RuntimeError("catalog for pa: missing")

    checks = [*core_checks(Settings(data_dir=blocker / "data")), ("catalogs again", broken)]
    results = {result.name: result for result in run_checks(checks)}
    assert not results["database"].ok
    assert "cannot create the data folder" in results["database"].detail
    assert results["catalogs again"].line() == (
        "FAIL catalogs again: RuntimeError: catalog for pa: missing"
    )
    assert results["fonts"].ok
