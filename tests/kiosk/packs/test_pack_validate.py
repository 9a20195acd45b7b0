"""Every kind of broken pack is refused with a message naming the file and, where it can, the line.

Each test breaks a fresh copy of the shipped pack in one way, refreshes the manifest where the
break is in the content (so only the content problem is left), and reads the problems.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.language_table import LANGUAGES
from kiosk.packs.authoring import write_manifest
from kiosk.packs.files import MAX_AUDIO_BYTES, MAX_TEXT_BYTES
from kiosk.packs.validate import inspect_pack


def problems(pack: Path, *, refresh: bool = True) -> list[str]:
    if refresh:
        write_manifest(pack)
    inspection = inspect_pack(pack, require_manifest=True)
    assert (inspection.pack is None) == bool(inspection.problems)
    return [str(problem) for problem in inspection.problems]


def pack_meta(pack: Path) -> dict[str, Any]:
    return tomllib.loads((pack / "pack.toml").read_text("utf-8"))


def line_number(text: str, start: str) -> int:
    """The number of the first line of ``text`` starting with ``start``."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def declare_missing(pack: Path, language: str, topic: str) -> None:
    """Remove a translated page and list it in ``translations.<language>.missing``."""
    (pack / "topics" / topic / f"{language}.md").unlink()
    toml = pack / "pack.toml"
    header = f"[translations.{language}]\n"
    assert header in toml.read_text("utf-8")
    toml.write_text(
        toml.read_text("utf-8").replace(header, f"{header}missing = [{topic!r}]\n", 1), "utf-8"
    )


def test_the_shipped_pack_copy_is_clean(pack_dir: Path) -> None:
    inspection = inspect_pack(pack_dir, require_manifest=True)
    assert inspection.problems == []
    assert inspection.pack is not None
    assert inspection.pack.topics[0] == "rights-at-work"


def test_missing_translation_file(pack_dir: Path) -> None:
    (pack_dir / "topics" / "report-safely" / "es.md").unlink()
    assert problems(pack_dir) == [
        "topics/report-safely/es.md: missing translation (add the page, or list "
        "'report-safely' in translations.es.missing to show the fallback on purpose)"
    ]


def test_declared_missing_translation_is_accepted_and_falls_back(pack_dir: Path) -> None:
    declare_missing(pack_dir, "es", "report-safely")
    assert problems(pack_dir) == []
    pack = inspect_pack(pack_dir).pack
    assert pack is not None
    page = pack.page("report-safely", "es")
    assert (page.language, page.is_fallback) == ("en", True)


def test_missing_default_language_page(pack_dir: Path) -> None:
    (pack_dir / "topics" / "rights-at-work" / "en.md").unlink()
    assert problems(pack_dir) == [
        "topics/rights-at-work/en.md: missing: every topic needs a page in the default language"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sin título\n\nTexto.\n", ":1: a page must start with its title: '# Title'"),
        ("# Título\n\nTexto **sin cerrar.\n", ":3: bold text opened with ** is never closed"),
        ("# Título\n\n```\n911\n", ":3: code block opened with ``` is never closed"),
        ("# Título\n\n<script>alert(1)</script>\n", ":3: raw HTML is not allowed ('<script>')"),
        ("# Título\n\n[llame](javascript:alert)\n", ":3: link 'javascript:alert' must start"),
        ("# Título\n\n[sitio](https://gov.bc.ca\n", ":3: link is not closed"),
        ("# Título\n\n##Sección\n", ":3: a heading needs a space after '#'"),
        ("# Título\n\n# Otro título\n", ":3: only the first line may be a '# ' title"),
        ("# Título\n\nuse `code\n", ":3: code span opened with ` is never closed"),
        ("   \n\n", ": the page is empty"),
    ],
)
def test_broken_markdown(pack_dir: Path, text: str, expected: str) -> None:
    (pack_dir / "topics" / "rights-at-work" / "es.md").write_text(text, "utf-8")
    found = problems(pack_dir)
    assert len(found) == 1
    assert found[0].startswith("topics/rights-at-work/es.md" + expected), found


def test_good_markdown_features_pass(pack_dir: Path) -> None:
    (pack_dir / "topics" / "rights-at-work" / "es.md").write_text(
        "# Título\n\n## Parte\n\n- **uno** y *dos*\n- [web](https://www.gov.bc.ca) "
        "y [teléfono](tel:18332363700) <https://canada.ca>\n\n1. `código`\n",
        "utf-8",
    )
    assert problems(pack_dir) == []


def test_unknown_topic_id(pack_dir: Path) -> None:
    stray = pack_dir / "topics" / "visa-lottery"
    stray.mkdir()
    (stray / "en.md").write_text("# Win a visa\n", "utf-8")
    assert problems(pack_dir) == [
        "topics/visa-lottery/en.md: unknown topic id 'visa-lottery': not in pack.toml topics"
    ]


def test_topic_listed_in_pack_toml_without_pages(pack_dir: Path) -> None:
    toml = pack_dir / "pack.toml"
    text = toml.read_text("utf-8")
    assert "\ntopics = [" in text
    toml.write_text(text.replace("\ntopics = [", '\ntopics = ["x", ', 1), "utf-8")
    meta = pack_meta(pack_dir)
    assert sorted(problems(pack_dir)) == sorted(
        f"topics/x/{language}.md: missing: every topic needs a page in the default language"
        if language == meta["default_language"]
        else f"topics/x/{language}.md: missing translation (add the page, or list 'x' in "
        f"translations.{language}.missing to show the fallback on purpose)"
        for language in meta["languages"]
    )


def test_non_utf8_file_names_file_and_line(pack_dir: Path) -> None:
    page = pack_dir / "topics" / "rights-at-work" / "es.md"
    page.write_bytes("# Derechos\n\nSeñal de pago\n".encode("latin-1"))
    assert problems(pack_dir) == [
        "topics/rights-at-work/es.md:3: not UTF-8 text (byte 0xf1); save it as UTF-8"
    ]


def test_non_utf8_pack_toml(pack_dir: Path) -> None:
    toml = pack_dir / "pack.toml"
    lines = toml.read_bytes().count(b"\n")
    toml.write_bytes(toml.read_bytes() + "# revisión\n".encode("cp1252"))
    found = problems(pack_dir, refresh=False)
    assert f"pack.toml:{lines + 1}: not UTF-8 text (byte 0xf3); save it as UTF-8" in found


def test_oversized_page(pack_dir: Path) -> None:
    page = pack_dir / "topics" / "rights-at-work" / "es.md"
    page.write_bytes(b"# Grande\n\n" + b"a" * MAX_TEXT_BYTES)
    size = MAX_TEXT_BYTES + 10
    assert problems(pack_dir, refresh=False) == [
        f"topics/rights-at-work/es.md: too large: {size:,} bytes, "
        f"the limit is {MAX_TEXT_BYTES:,} bytes"
    ]


def test_oversized_audio_is_refused_without_reading_it(pack_dir: Path) -> None:
    audio = pack_dir / "audio" / "rights-at-work"
    audio.mkdir(parents=True, exist_ok=True)
    with (audio / "tl.ogg").open("wb") as handle:  # sparse: nothing is really written
        handle.truncate(MAX_AUDIO_BYTES + 1)
    found = problems(pack_dir, refresh=False)
    assert found[0].startswith("audio/rights-at-work/tl.ogg: too large: 33,554,433 bytes")


def test_unexpected_file_and_link(pack_dir: Path) -> None:
    (pack_dir / "install.sh").write_text("rm -rf /\n", "utf-8")
    page = pack_dir / "topics" / "rights-at-work" / "es.md"
    page.unlink()
    page.symlink_to("/etc/passwd")  # a page swapped for a link
    found = problems(pack_dir, refresh=False)
    assert "install.sh: unexpected file: a pack holds pack.toml, contacts.toml, " in found[0]
    assert "topics/rights-at-work/es.md: links are not allowed in a pack" in found


# Each case: a regular expression matching a line (or a table header and its first line) of
# pack.toml, its replacement, the problem expected, and the start of the line it must name.
# "{unused}" stands for a known language code the pack does not have.
@pytest.mark.parametrize(
    ("pattern", "by", "expected", "at"),
    [
        (r"^version = .*$", 'version = "new"', "version 'new' must be dotted", "version ="),
        (r"^languages = \[", 'languages = ["xx", ', "unknown language code 'xx'", "languages ="),
        (
            r"^languages = \[",
            'languages = ["{unused}", ',
            "language '{unused}' has no [translations",
            "languages =",
        ),
        (
            r"^(\[translations\.es\]\n)status = .*$",
            r'\1status = "final"',
            "translations.es: status must be",
            "[translations.es]",
        ),
        (
            r"^(\[translations\.es\]\n)status = .*$",
            r'\1status = "reviewed"',
            "translations.es: a reviewed translation needs reviewed_by",
            "[translations.es]",
        ),
        (r"^id = .*$", 'id = "BC Orientation"', "id 'BC Orientation'", "id ="),
        (r"^topics =", "topic =", "unknown key 'topic'", "topic ="),
        (r"^default_language = .*$", "default_language = ", "not valid TOML", "default_language"),
    ],
)
def test_bad_pack_toml(pack_dir: Path, pattern: str, by: str, expected: str, at: str) -> None:
    toml = pack_dir / "pack.toml"
    meta = pack_meta(pack_dir)
    unused = next(code for code in sorted(LANGUAGES) if code not in meta["languages"])
    by, expected = by.replace("{unused}", unused), expected.replace("{unused}", unused)
    text, count = re.subn(pattern, by, toml.read_text("utf-8"), count=1, flags=re.MULTILINE)
    assert count == 1, pattern
    toml.write_text(text, "utf-8")
    expected = f"pack.toml:{line_number(text, at)}: {expected}"
    found = problems(pack_dir, refresh=expected.endswith("valid TOML") is False)
    assert any(line.startswith(expected) for line in found), found


def test_reviewed_translation_with_reviewer_and_date(pack_dir: Path) -> None:
    toml = pack_dir / "pack.toml"
    toml.write_text(
        toml.read_text("utf-8").replace(
            'status = "draft"',
            'status = "reviewed"\nreviewed_by = "Certified translator"\nreviewed_on = 2026-11-20',
        ),
        "utf-8",
    )
    assert problems(pack_dir) == []
    pack = inspect_pack(pack_dir).pack
    assert pack is not None and not pack.is_draft("es")


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            'phone = "911"',
            'phone = "call us"',
            "contact emergency: phone 'call us' is not a phone number",
        ),
        ('verified_on = "2026-11-21"', "", "contact emergency: verified_on must be the date"),
        ('verified_on = "2026-11-21"', 'verified_on = "2999-01-01"', "is in the future"),
        (
            'verified_how = "official page"\n',
            "",
            'contact emergency: verified_how is missing: "called" or "official page"',
        ),
        (
            'verified_how = "official page"',
            'verified_how = "checked"',
            'contact emergency: verified_how \'checked\' is not "called" or "official page"',
        ),
        (
            'page_date = "2026-11-21"\n',
            "",
            "contact emergency: page_date is missing: the date of the page in source",
        ),
        (
            'page_date = "2026-11-21"',
            'page_date = "last spring"',
            "contact emergency: page_date must be a date (YYYY-MM-DD)",
        ),
        (
            'page_date = "2026-11-21"',
            'page_date = "2026-11-22"',
            "contact emergency: page_date 2026-11-22 is after verified_on 2026-11-21",
        ),
        (
            'verified_how = "official page"',
            'verified_how = "called"',
            'contact emergency: page_date is for verified_how = "official page"',
        ),
        (
            'page_date = "2026-11-21"',
            'page_date = "2026-11-21"\ndoubt = " "',
            "contact emergency: doubt must be non-empty text",
        ),
        (
            'source = "https://www.ecomm911.ca/911-dispatch/how-9-1-1-works/"',
            'source = "a friend"',
            "contact emergency: source must be the https:// address",
        ),
        ('id = "healthlink-bc"', 'id = "emergency"', "contact id 'emergency' is used twice"),
        ('es = "Emergencias', 'xx = "Emergencias', "contact emergency: name.xx is not one of"),
    ],
)
def test_bad_contacts(pack_dir: Path, replace: str, by: str, expected: str) -> None:
    contacts = pack_dir / "contacts.toml"
    text = contacts.read_text("utf-8")
    assert replace in text
    contacts.write_text(text.replace(replace, by, 1), "utf-8")
    found = problems(pack_dir)
    matching = [line for line in found if expected in line]
    assert matching, found
    assert all(line.startswith("contacts.toml:") for line in found)
    line_number = int(matching[0].split(":")[1])
    assert contacts.read_text("utf-8").split("\n")[line_number - 1] == "[[contact]]"


def test_a_called_contact_and_a_page_dated_before_it_was_read(pack_dir: Path) -> None:
    """Both forms of verified_how are accepted, and the pack keeps what each says."""
    contacts = pack_dir / "contacts.toml"
    text = contacts.read_text("utf-8")
    called = 'verified_on = "2026-11-30"\nverified_how = "called"\n'
    page = 'verified_how = "official page"\npage_date = "2020-03-18"\n'
    text = text.replace(
        'verified_on = "2026-11-21"\nverified_how = "official page"\npage_date = "2026-11-21"\n',
        called,
        1,
    )
    text = text.replace('verified_how = "official page"\npage_date = "2026-11-21"\n', page, 1)
    contacts.write_text(text, "utf-8")
    assert problems(pack_dir) == []
    pack = inspect_pack(pack_dir).pack
    assert pack is not None
    first, second = pack.contacts[:2]
    assert (first.verified_how, first.called_on, first.page_date) == (
        "called",
        date(2026, 11, 30),
        None,
    )
    assert (second.verified_how, second.called_on, second.page_date) == (
        "official page",
        None,
        date(2020, 3, 18),
    )


def test_audio_for_unknown_topic_and_fake_audio(pack_dir: Path) -> None:
    (pack_dir / "audio" / "nowhere").mkdir(parents=True)
    (pack_dir / "audio" / "nowhere" / "en.ogg").write_bytes(b"OggS" + bytes(60))
    (pack_dir / "audio" / "rights-at-work").mkdir(parents=True, exist_ok=True)
    (pack_dir / "audio" / "rights-at-work" / "tl.mp3").write_text("not audio", "utf-8")
    assert problems(pack_dir) == [
        "audio/nowhere/en.ogg: unknown topic id 'nowhere': not in pack.toml topics",
        "audio/rights-at-work/tl.mp3: not a mp3 audio file",
    ]


def test_every_problem_is_reported_at_once(pack_dir: Path) -> None:
    (pack_dir / "topics" / "report-safely" / "es.md").unlink()
    (pack_dir / "topics" / "rights-at-work" / "es.md").write_text("sin título\n", "utf-8")
    assert len(problems(pack_dir)) == 2
