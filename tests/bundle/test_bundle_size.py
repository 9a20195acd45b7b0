"""bench/bundle_size.py measures a folder as it would ship and fails --check over the limits."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
MB = 1_000_000


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


bundle_size = load(ROOT / "bench" / "bundle_size.py")


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """1 MB of noise, 1 MB of zeros, a small file and a link to the noise."""
    folder = tmp_path / "OutreachKiosk"
    (folder / "_internal" / "lib").mkdir(parents=True)
    (folder / "_internal" / "lib" / "noise.so").write_bytes(os.urandom(MB))
    (folder / "OutreachKiosk").write_bytes(bytes(MB))
    (folder / "_internal" / "small.txt").write_text("hello", encoding="utf-8")
    (folder / "_internal" / "noise.so").symlink_to("lib/noise.so")
    return folder


def test_sizes_count_files_once_and_the_archive_compresses(bundle: Path) -> None:
    figures = bundle_size.measure(bundle, top=2)
    assert figures["folder_bytes"] == 2 * MB + 5  # the link is not the file again
    assert figures["files"] == 3
    assert MB < figures["tar_gz_bytes"] < 1.1 * MB  # noise stays, zeros vanish
    assert [part["path"] for part in figures["largest"]] == [
        "OutreachKiosk",
        "_internal/lib/noise.so",
    ]
    assert bundle_size.over_limits(figures) == []


def test_check_fails_and_names_the_limit_exceeded(
    bundle: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bundle_size, "TAR_GZ_LIMIT", MB)
    assert bundle_size.main([str(bundle)]) == 0  # measuring alone never fails
    assert bundle_size.main([str(bundle), "--check"]) == 1
    out, err = capsys.readouterr()
    assert "bundle_folder 2.0 MB" in out and "largest:OutreachKiosk 1.00 MB" in out
    assert "tar.gz 1.0 MB > 1 MB" in err and "folder" not in err


def test_json_is_one_object(bundle: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bundle_size.main([str(bundle), "--json", "--top", "1"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["fits"] is True and figures["folder_bytes"] == 2 * MB + 5
    assert figures["limits"] == {"folder_bytes": 200 * MB, "tar_gz_bytes": 80 * MB}
    assert len(figures["largest"]) == 1


def test_a_missing_bundle_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bundle_size.main([str(tmp_path / "nothing")]) == 2
    assert "make bundle" in capsys.readouterr().err
