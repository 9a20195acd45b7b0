"""``outreach-kiosk cards``, run as an outreach worker would, in a real process."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.packs.load import load_pack
from kiosk.settings_upgrade import CURRENT_VERSION, VERSION_KEY

EXECUTABLE = Path(sys.executable).with_name("outreach-kiosk")
SHIPPED = load_pack()  # every language but English a draft
PACK_HAS = f"content pack {SHIPPED.id} {SHIPPED.version} has"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """The folder the command runs in; the site's settings and data live beside it, so that
    what a run leaves in it is only what it wrote."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def run(*args: str, cwd: Path, settings: str = "") -> subprocess.CompletedProcess[str]:
    """``outreach-kiosk ARGS`` as typed in ``cwd``, on a site of its own beside it: a settings
    file holding ``settings`` and an empty data folder (so the shipped pack is the active one),
    whatever the machine running the tests has configured."""
    site = cwd.parent / "site"
    site.mkdir(exist_ok=True)
    (site / "settings.toml").write_text(f"{VERSION_KEY} = {CURRENT_VERSION}\n{settings}", "utf-8")
    options = ["--settings", str(site / "settings.toml"), "--data-dir", str(site / "data")]
    return subprocess.run(
        [str(EXECUTABLE), *options, *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a refused run printed on stderr, after checking it was refused cleanly."""
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert result.returncode == 2, result.stderr
    return result.stderr


def contents(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def pages(pdf: Path) -> list[str]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return re.findall(r"Page +\d+ size: +([\d.]+ x [\d.]+) pts", info)


needs_pdfinfo = pytest.mark.skipif(
    shutil.which("pdfinfo") is None, reason="needs pdfinfo from Debian's poppler-utils"
)


@needs_pdfinfo
def test_one_card_for_a_card_printer(work: Path) -> None:
    result = run("cards", "--lang", "es", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "cards.pdf: 1 card(s) in es on card paper" in result.stdout
    assert pages(work / "cards.pdf") == ["242.646 x 153.071"] * 2


@needs_pdfinfo
def test_a_mixed_group_on_a4_sheets(work: Path) -> None:
    out = work / "group.pdf"
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
        cwd=work,
    )
    assert result.returncode == 0, result.stderr
    assert "12 card(s) in pa, es on a4 paper" in result.stdout
    assert pages(out) == ["595.276 x 841.89"] * 4


@needs_pdfinfo
def test_a_letter_sheet_by_default_holds_eight(work: Path) -> None:
    result = run("cards", "--lang", "en", "--paper", "letter", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "8 card(s)" in result.stdout
    assert pages(work / "cards.pdf") == ["612 x 792"] * 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("cards", "--lang", "es", "--count", "0"), 2, "--count: must be 1 or more"),
        (("cards", "--lang", "es", "--paper", "legal"), 2, "invalid choice: 'legal'"),
        (("cards",), 2, "the following arguments are required: --lang"),
    ],
)
def test_bad_requests_say_what_is_wrong(
    work: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    result = run(*args, cwd=work)
    assert result.returncode == code
    assert message in result.stderr
    assert not (work / "cards.pdf").exists()


def test_the_command_is_listed_in_help(work: Path) -> None:
    assert "cards" in run("--help", cwd=work).stdout


def test_an_output_folder_that_does_not_exist_is_one_line(work: Path) -> None:
    result = run("cards", "--lang", "en", "--out", "visits/cards.pdf", cwd=work)
    assert refused(result) == (
        "outreach-kiosk: cannot write visits/cards.pdf: there is no folder visits\n"
    )
    assert contents(work) == []


def test_out_naming_a_folder_leaves_nothing_in_it(work: Path) -> None:
    (work / "visits").mkdir()
    result = run("cards", "--lang", "en", "--out", "visits", cwd=work)
    assert refused(result) == (
        "outreach-kiosk: --out visits is a folder; name the PDF to write, "
        "such as visits/cards.pdf\n"
    )
    assert contents(work) == ["visits"]


def test_out_under_a_file_is_one_line(work: Path) -> None:
    (work / "notes.txt").write_text("farm visit", "utf-8")
    result = run("cards", "--lang", "en", "--out", "notes.txt/cards.pdf", cwd=work)
    assert refused(result) == (
        "outreach-kiosk: cannot write notes.txt/cards.pdf: notes.txt is not a folder\n"
    )
    assert contents(work) == ["notes.txt"]


def unwritable_folder(work: Path) -> tuple[Path, str]:
    """A folder no file can be made in, and the system's reason. A read-only folder stops
    everyone but root; as root, /sys (the kernel's, where no one makes files) stands in."""
    folder = work / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    for candidate in (folder, Path("/sys")):
        try:
            (candidate / "probe.pdf").open("x").close()
        except OSError as exc:
            return candidate, exc.strerror
        (candidate / "probe.pdf").unlink()
    pytest.skip("no folder here refuses a new file to this user")


def test_a_read_only_output_folder_is_one_line(work: Path) -> None:
    folder, reason = unwritable_folder(work)
    out = folder / "cards.pdf"
    result = run("cards", "--lang", "en", "--out", str(out), cwd=work)
    assert refused(result) == f"outreach-kiosk: cannot write {out}: {reason}\n"
    assert contents(work) == ["read-only"]


@pytest.mark.parametrize("language", ["de", "ja", "pa-Guru", "xx"])
def test_a_language_the_pack_lacks_is_refused_naming_those_it_has(
    work: Path, language: str
) -> None:
    """It used to make an English card, byte for byte the one ``--lang en`` makes."""
    result = run("cards", "--lang", language, cwd=work)
    assert refused(result) == (
        f"outreach-kiosk: {PACK_HAS} no language {language}; it has "
        "en, fr, es, tl, pa, zh-Hans, zh-Hant, vi, th, ar\n"
    )
    assert contents(work) == []


def test_every_language_the_pack_lacks_is_named_at_once(work: Path) -> None:
    result = run("cards", "--lang", "de", "--lang", "es", "--lang", "ja", cwd=work)
    assert refused(result).startswith(f"outreach-kiosk: {PACK_HAS} no languages de, ja; it has ")
    assert contents(work) == []


def messages(result: subprocess.CompletedProcess[str]) -> list[str]:
    """What the command itself said on stderr (a build without compiled catalogs logs more)."""
    return [line for line in result.stderr.splitlines() if line.startswith("outreach-kiosk:")]


def test_a_draft_translation_prints_with_a_warning(work: Path) -> None:
    """One line for all drafts asked for; English, the pack's default, is never one."""
    result = run("cards", "--lang", "en", "--lang", "es", "--lang", "pa", cwd=work)
    assert result.returncode == 0, result.stderr
    assert messages(result) == [
        "outreach-kiosk: warning: the es, pa translations are drafts, not yet reviewed; "
        "have a speaker check the cards before handing them out"
    ]
    assert contents(work) == ["cards.pdf"]


def test_a_site_that_hides_drafts_prints_none_and_names_the_setting(work: Path) -> None:
    result = run(
        "cards",
        "--lang",
        "en",
        "--lang",
        "es",
        cwd=work,
        settings="hide_draft_translations = true\n",
    )
    assert refused(result) == (
        "outreach-kiosk: the es translation is a draft, not yet reviewed, and this site hides "
        "drafts; the setting hide_draft_translations = false allows it\n"
    )
    assert contents(work) == []


@pytest.mark.parametrize(
    ("languages", "count", "message"),
    [
        (("en",), "10001", "1 language x 10,001 = 10,001 asked"),
        (("en", "es"), "5001", "2 languages x 5,001 = 10,002 asked"),
        (SHIPPED.languages, "10000", "10 languages x 10,000 = 100,000 asked"),
    ],
)
def test_one_cap_holds_for_all_languages_together(
    work: Path, languages: tuple[str, ...], count: str, message: str
) -> None:
    """The cap was per language: ten languages of 10,000 each took 27 s and 1.3 GB."""
    asked = [argument for language in languages for argument in ("--lang", language)]
    result = run("cards", *asked, "--count", count, cwd=work)
    assert refused(result) == f"outreach-kiosk: at most 10,000 cards in one run; {message}\n"
    assert contents(work) == []
