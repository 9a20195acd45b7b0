"""Wallet cards: which contacts and words go on a card, and the PDF of cards or sheets.

A worker keeps the card for months, so it holds few things, all checked: the key line about
their rights, and the numbers that matter most (emergency, the federal tip line, WorkSafeBC and
a support organisation when the pack has one), in their language and in English, with QR codes
a phone camera turns into saved contacts or a call.

The words are interface strings (gettext, so they translate with the catalogs); names and
numbers come from the contacts of the pack in use: :func:`pack_card` makes a card from a loaded
pack, and every card path hands it the active pack (``PackStore.active()``: the newest
installed pack, or the shipped one when none is), so a number corrected by a content update is
the number printed. :func:`card_content` takes the contacts themselves and has no default: no
card can quietly fall back to the shipped numbers. Layout lives in
:mod:`kiosk.cards.layout`, text shaping in :mod:`kiosk.cards.text`, codes in
:mod:`kiosk.cards.qr` and sheet pages in :mod:`kiosk.cards.sheet`.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from pathlib import Path

from babel import UnknownLocaleError
from reportlab import rl_config  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from kiosk import i18n
from kiosk.cards import fonts as card_fonts
from kiosk.cards import layout as card_layout
from kiosk.cards import sheet as card_sheet
from kiosk.cards.contacts import Contact, contacts_by_id, contacts_of
from kiosk.cards.layout import CardContent, CardEntry, CardLayout, CardTexts
from kiosk.cards.sheet import PAPERS, PER_SHEET
from kiosk.codes import LANGUAGE_CODE, matches
from kiosk.contact_rules import EMERGENCY_ID, TIP_LINE_ID
from kiosk.durable_files import write_bytes_atomically
from kiosk.errors import CardError
from kiosk.i18n import N_
from kiosk.packs.model import Pack

__all__ = [
    "MAX_CARDS",
    "PAPERS",
    "PER_SHEET",
    "CardContent",
    "CardLayout",
    "CardTexts",
    "card_content",
    "layout",
    "pack_card",
    "render_pdf",
    "texts_in",
]

RIGHTS_LINE = N_(
    "You have the same rights at work as Canadian workers. "
    "No one may take your passport or work permit."
)
CARD_TITLE = N_("Help lines for workers in B.C.")
SCAN_TO_SAVE = N_("Scan to save these numbers")
SCAN_TO_CALL = N_("Scan to call the tip line")

# Support organisations for migrant workers, in order of preference; the first one the pack
# has gets the fourth row of the card.
SUPPORT_CONTACT_IDS = ("migrant-workers-centre", "mosaic", "dawn-bc")
# The rows of the card: each takes the first of its contact ids the pack has.
CARD_SLOTS: tuple[tuple[str, ...], ...] = (
    (EMERGENCY_ID,),
    (TIP_LINE_ID,),
    ("worksafebc-prevention", "worksafebc-claims"),
    SUPPORT_CONTACT_IDS,
)

# The most cards one PDF may hold, whatever their languages: every card is laid out and the
# whole PDF built in memory before anything is written (10,000 cards take seconds and a few
# hundred MB; ten times that took 27 s and 1.3 GB). The one number every caller checks against.
MAX_CARDS = 10_000

_render_lock = threading.Lock()


def texts_in(language: str) -> CardTexts:
    """The card's words in ``language`` from the catalogs (English where not translated)."""
    return CardTexts(
        rights=i18n.gettext_in(language, RIGHTS_LINE),
        title=i18n.gettext_in(language, CARD_TITLE),
        scan=i18n.gettext_in(language, SCAN_TO_SAVE),
        call=i18n.gettext_in(language, SCAN_TO_CALL),
    )


def pack_card(language: str, pack: Pack) -> CardContent:
    """A card in ``language`` with the contacts of ``pack`` (give it the active pack).

    Raises CardError for an unknown language, and ContentError (naming the contact) when a
    number of the pack is not one a phone can dial.
    """
    return card_content(language, contacts_of(pack))


def card_content(
    language: str,
    contacts: Sequence[Contact],
    texts: CardTexts | None = None,
    slots: Sequence[Sequence[str]] = CARD_SLOTS,
) -> CardContent:
    """What a card in ``language`` says: its words and one entry per slot ``contacts`` fill.

    ``texts`` replaces the catalog's words (tests render every script with them). Raises
    CardError for an unknown language or contacts without the tip line.
    """
    if not matches(LANGUAGE_CODE, language):
        raise CardError(f"not a language code: {language!r}")
    try:
        rtl = i18n.is_right_to_left(language)
    except (UnknownLocaleError, ValueError) as exc:
        raise CardError(f"unknown language {language!r}") from exc
    by_id = contacts_by_id(tuple(contacts))
    chosen = []
    for slot in slots:
        contact = next((by_id[i] for i in slot if i in by_id), None)
        if contact is not None and contact not in chosen:
            chosen.append(contact)
    if TIP_LINE_ID not in by_id:
        raise CardError(f"the contacts have no {TIP_LINE_ID!r}, which the card's call code needs")
    if not chosen:
        raise CardError("none of the card's contacts is in the pack")
    entries = tuple(_entry(contact, language) for contact in chosen)
    tip_line = _entry(by_id[TIP_LINE_ID], language)
    return CardContent(
        language, rtl, texts or texts_in(language), texts_in("en"), entries, tip_line
    )


def _entry(contact: Contact, language: str) -> CardEntry:
    return CardEntry(contact.id, contact.name(language), contact.name("en"), contact.phone)


def layout(content: CardContent) -> CardLayout:
    """The card laid out (cached per content); raises CardError if something cannot fit."""
    return card_layout.layout(content)


def render_pdf(cards: Sequence[CardContent], paper: str = "card", out: Path | None = None) -> bytes:
    """The PDF of ``cards``: card-sized page pairs, or sheets on ``letter`` or ``a4``
    (``PER_SHEET[paper]`` cards each: 8 on Letter, 10 on A4).

    Each card may be in its own language. Every card is laid out before anything is drawn, so
    a card that cannot be made stops the whole job with CardError and nothing half-printed;
    more than MAX_CARDS cards are refused the same way, before any is laid out.
    Writes the PDF to ``out`` too if given (through a temporary file, then a rename); when that
    fails, OSError is raised and neither ``out`` nor a temporary file is left half-written.
    """
    if paper not in PAPERS:
        raise CardError(f"unknown paper {paper!r}; use one of {', '.join(PAPERS)}")
    if not cards:
        raise CardError("no cards to print")
    if len(cards) > MAX_CARDS:
        raise CardError(f"at most {MAX_CARDS:,} cards in one PDF; {len(cards):,} asked")
    layouts = [layout(content) for content in cards]
    buffer = io.BytesIO()
    with _render_lock:
        # Binary (Flate only) streams: ASCII85 on top makes the PDF a quarter larger and, in
        # reportlab's pure Python encoder, costs a fifth of a card's time.
        rl_config.useA85 = 0
        # The page's initial font is one of ours, so the PDF names no font it does not embed.
        initial_font = card_fonts.ensure_registered(card_fonts.face(card_fonts.LATIN, "regular"))
        canvas = Canvas(buffer, invariant=True, pageCompression=1, initialFontName=initial_font)
        canvas.setTitle("Wallet cards")
        canvas.setCreator("Outreach Kiosk")
        if paper == "card":
            card_sheet.draw_single(canvas, layouts)
        else:
            card_sheet.draw_sheets(canvas, layouts, paper)
        canvas.save()
    data = buffer.getvalue()
    if out is not None:
        write_bytes_atomically(out, data)
    return data
