"""``outreach-kiosk cards``, run as an outreach worker would, in a real process."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXECUTABLE = Path(sys.executable).with_name("outreach-kiosk")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXECUTABLE), *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def pages(pdf: Path) -> list[str]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return re.findall(r"Page +\d+ size: +([\d.]+ x [\d.]+) pts", info)


needs_pdfinfo = pytest.mark.skipif(
    shutil.which("pdfinfo") is None, reason="needs pdfinfo from Debian's poppler-utils"
)


@needs_pdfinfo
def test_one_card_for_a_card_printer(tmp_path: Path) -> None:
    result = run("cards", "--lang", "es", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "cards.pdf: 1 card(s) in es on card paper" in result.stdout
    assert pages(tmp_path / "cards.pdf") == ["242.646 x 153.071"] * 2


@needs_pdfinfo
def test_a_mixed_group_on_a4_sheets(tmp_path: Path) -> None:
    out = tmp_path / "group.pdf"
    result = run(
        "cards",
        "--lang",
        "pa",
        "--lang",
        "es",
        "--count",
        "6",
        "--paper",
        "a4",
        "--out",
        str(out),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "12 card(s) in pa, es on a4 paper" in result.stdout
    assert pages(out) == ["595.276 x 841.89"] * 4


@needs_pdfinfo
def test_a_letter_sheet_by_default_holds_eight(tmp_path: Path) -> None:
    result = run("cards", "--lang", "en", "--paper", "letter", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "8 card(s)" in result.stdout
    assert pages(tmp_path / "cards.pdf") == ["612 x 792"] * 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("cards", "--lang", "xx"), 1, "outreach-kiosk: unknown language 'xx'"),
        (("cards", "--lang", "es", "--count", "0"), 2, "must be between 1 and 10000"),
        (("cards", "--lang", "es", "--paper", "legal"), 2, "invalid choice: 'legal'"),
        (("cards",), 2, "the following arguments are required: --lang"),
    ],
)
def test_bad_requests_say_what_is_wrong(
    tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == code
    assert message in result.stderr
    assert not (tmp_path / "cards.pdf").exists()


def test_the_command_is_listed_in_help(tmp_path: Path) -> None:
    assert "cards" in run("--help", cwd=tmp_path).stdout
