"""``outreach-kiosk cards``: a PDF of wallet cards for printing, one card or sheets of 8
(Letter) or 10 (A4).

Outreach workers print a group's cards before a farm visit: ``--lang`` may be given more than
once for a mixed group (``--count`` cards of each language, in the order given). The numbers
are those of the active content pack in the data folder (the newest installed, or the shipped
one), the same the kiosk prints; the command says which pack that was.

What cannot be done as asked (a language the pack lacks, a draft one where the site hides
drafts, more than MAX_CARDS cards in all, an ``--out`` that cannot be written) is refused with
exit status 2 and one line on stderr, before any card is drawn where it can be, and leaves no
file behind.

``--print`` sends the PDF to CUPS too, as the kiosk does (kiosk.cards.printing): at 100% on the
PDF's own paper, whatever paper the queue expects, because a sheet a printer has scaled cuts
into cards that fit no wallet; then it waits until CUPS says the job printed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk.cards.make import MAX_CARDS, PAPERS, pack_card, render_pdf
from kiosk.cards.printing import print_pdf
from kiosk.cards.sheet import PER_SHEET, per_sheet_text
from kiosk.config import Settings
from kiosk.i18n import _, ngettext
from kiosk.packs.model import Pack
from kiosk.packs.store import PackStore

# Exit status when the command line asks for something that cannot be done, as argparse's own.
REFUSED = 2
# The site setting that keeps draft translations from visitors, and so from cards; the
# refusal names it, as the key a site writes in its settings file.
HIDE_DRAFTS_SETTING = "hide_draft_translations"


class RefusedError(Exception):
    """What the command line asks cannot be done; the message says why in one line.

    Raised before any card is drawn where it can be, so a worker is not kept waiting for a
    run that was bound to fail.
    """


# Seconds to wait for CUPS to print a batch: sheets of many cards take its filters far longer
# than the kiosk's one card (print_pdf's 90 s).
PRINT_TIMEOUT = 900.0


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "cards",
        help="make a PDF of wallet cards (one card, or sheets of 8 or 10 with crop marks)",
        description="Make a PDF of wallet cards in a language and English, ready to print.",
    )
    parser.add_argument(
        "--lang",
        action="append",
        required=True,
        metavar="CODE",
        help="language of the cards (e.g. pa, zh-Hant); repeat for a mixed group",
    )
    parser.add_argument(
        "--count",
        type=_positive,
        help=f"cards of each language (default: 1 on card paper, a sheet: {per_sheet_text()}); "
        f"at most {MAX_CARDS:,} cards in all",
    )
    parser.add_argument(
        "--paper",
        choices=PAPERS,
        default="card",
        help="card: CR80 pages, front then back, for a card printer; letter or a4: "
        f"sheets with crop marks ({per_sheet_text()}), backs for long-edge duplex (default: card)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("cards.pdf"), help="PDF to write (default: cards.pdf)"
    )
    parser.add_argument(
        "--print",
        dest="queue",
        nargs="?",
        const="",
        metavar="QUEUE",
        help="also print it on this CUPS queue (without QUEUE: the printer setting, else the "
        "system's default printer), "
        "at 100%% on the PDF's paper, and wait until it is printed",
    )
    parser.set_defaults(handler=make_cards)


def _positive(text: str) -> int:
    """A ``--count``: a whole number of 1 or more; the total is checked against MAX_CARDS once
    the languages are known."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a whole number: {text!r}").format(text=text)
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be 1 or more"))
    return value


def make_cards(args: argparse.Namespace, settings: Settings) -> int:
    """Make the PDF; a request that cannot be met is one line on stderr and exit status 2."""
    try:
        return _make_cards(args, settings)
    except RefusedError as refusal:
        print(f"outreach-kiosk: {refusal}", file=sys.stderr)
        return REFUSED


def _make_cards(args: argparse.Namespace, settings: Settings) -> int:
    count = args.count or (1 if args.paper == "card" else PER_SHEET[args.paper])
    languages = list(dict.fromkeys(args.lang))
    out: Path = args.out
    _check_total(len(languages), count)
    _check_out(out)
    active = PackStore.from_settings(settings).active()
    _check_languages(languages, active.pack, settings)
    contents = [pack_card(language, active.pack) for language in languages]
    cards = [content for content in contents for _copy in range(count)]
    try:
        data = render_pdf(cards, args.paper, out)
    except OSError as exc:
        raise RefusedError(_cannot_write(out, exc)) from exc
    print(
        f"{out}: {len(cards)} card(s) in {', '.join(languages)} on {args.paper} paper, "
        f"{len(data) // 1024 + 1} KiB; numbers from content pack {active.pack.id} "
        f"{active.pack.version} ({active.origin})"
    )
    if args.queue is not None:
        # no queue named: the site's card printer, as the kiosk prints, else CUPS's default
        queue, job = print_pdf(out, args.queue or settings.printer, timeout=PRINT_TIMEOUT)
        print(f"printed on {queue} (job {job}), at 100% on {args.paper} paper")
    return 0


def _check_total(languages: int, count: int) -> None:
    """Refuse more than MAX_CARDS cards in all, before the pack is read or a card drawn.

    The cap is on the run, not on each language: ten languages of 10,000 cards each took
    27 s and 1.3 GB of memory before ending in a PDF no printer queue wants.
    """
    total = languages * count
    if total > MAX_CARDS:
        raise RefusedError(
            ngettext(
                "at most {cap:,} cards in one run; {languages} language x {count:,} = "
                "{total:,} asked",
                "at most {cap:,} cards in one run; {languages} languages x {count:,} = "
                "{total:,} asked",
                languages,
            ).format(cap=MAX_CARDS, languages=languages, count=count, total=total)
        )


def _check_languages(languages: Sequence[str], pack: Pack, settings: Settings) -> None:
    """Refuse a language the pack lacks, and a draft one where the site hides drafts; warn of
    a draft one otherwise."""
    _check_in_pack(languages, pack)
    drafts = [language for language in languages if pack.is_draft(language)]
    if drafts and settings.hide_draft_translations:
        raise RefusedError(_drafts_hidden(drafts))
    if drafts:
        print(f"outreach-kiosk: {_drafts_warning(drafts)}", file=sys.stderr)


def _check_in_pack(languages: Sequence[str], pack: Pack) -> None:
    """Refuse languages the pack lacks, naming those it has: such a card would be an English
    card under another name (the catalogs fall back to English), handed to a worker who cannot
    read it."""
    missing = [language for language in languages if language not in pack.languages]
    if missing:
        raise RefusedError(
            ngettext(
                "content pack {pack} has no language {missing}; it has {languages}",
                "content pack {pack} has no languages {missing}; it has {languages}",
                len(missing),
            ).format(
                pack=f"{pack.id} {pack.version}",
                missing=", ".join(missing),
                languages=", ".join(pack.languages),
            )
        )


def _drafts_hidden(drafts: Sequence[str]) -> str:
    """Why drafts are refused: the site keeps them from its visitors, so from cards too; and
    which setting would allow them."""
    return ngettext(
        "the {drafts} translation is a draft, not yet reviewed, and this site hides "
        "drafts; the setting {setting} = false allows it",
        "the {drafts} translations are drafts, not yet reviewed, and this site hides "
        "drafts; the setting {setting} = false allows them",
        len(drafts),
    ).format(drafts=", ".join(drafts), setting=HIDE_DRAFTS_SETTING)


def _drafts_warning(drafts: Sequence[str]) -> str:
    """One line for every draft asked for: a card is kept for months, so a wrong word in an
    unreviewed translation is worth a speaker's look before it is handed out."""
    return ngettext(
        "warning: the {drafts} translation is a draft, not yet reviewed; "
        "have a speaker check the cards before handing them out",
        "warning: the {drafts} translations are drafts, not yet reviewed; "
        "have a speaker check the cards before handing them out",
        len(drafts),
    ).format(drafts=", ".join(drafts))


def _check_out(out: Path) -> None:
    """Refuse an ``--out`` that cannot be written before the cards are drawn: a run of many
    cards takes seconds, and its PDF would be thrown away at the end."""
    try:
        if out.is_dir():
            raise RefusedError(
                _("--out {path} is a folder; name the PDF to write, such as {example}").format(
                    path=out, example=out / "cards.pdf"
                )
            )
        folder = out.parent
        if folder.exists() and not folder.is_dir():
            raise RefusedError(
                _("cannot write {path}: {folder} is not a folder").format(path=out, folder=folder)
            )
        if not folder.exists():
            raise RefusedError(
                _("cannot write {path}: there is no folder {folder}").format(
                    path=out, folder=folder
                )
            )
    except OSError as exc:
        raise RefusedError(_cannot_write(out, exc)) from exc


def _cannot_write(out: Path, exc: OSError) -> str:
    """One line for a write the system refused (a read-only folder, a full disk)."""
    return _("cannot write {path}: {reason}").format(path=out, reason=exc.strerror or exc)
