"""Wallet cards from the kiosk: made and printed on a worker thread, results back as signals.

Why a thread: making a card (shaping its text, its QR codes, the PDF) takes a good part of a
second and a print job is followed until CUPS says it is out, which can take as long as the
printer likes. The screen must stay alive meanwhile, and a closing kiosk must not wait for it.

The card's numbers are those of the pack the kiosk shows: the window hands the printer its pack
(:meth:`CardPrinter.set_pack`) at start and whenever it switches packs between visits, and each
request carries the pack it was made with, so a card never mixes two packs and never falls back
to the numbers shipped with the application once a newer pack is active.

The card PDF goes to the CUPS queue named in the ``printer`` setting (the system default when
unset) through ``lp`` (kiosk.cards.printing): no dialog, ever, in kiosk mode. The screen gets
``prepared`` with the card's QR codes as soon as it asks, so it can show them at once if the
printer fails; ``printed`` or ``failed`` (with a problem code from kiosk.cards.printing, or
``card-error`` when the card itself cannot be made) follow a print request.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cards import print_problems
from kiosk.errors import KioskError, PrintError
from ui.common.tasks import TaskRunner
from ui.qt import QtCore, Signal

if TYPE_CHECKING:
    from kiosk.cards.layout import CardContent
    from kiosk.cards.qr import QrCode
    from kiosk.packs.load import Pack

log = logging.getLogger(__name__)

CARD_ERROR = "card-error"


class CardCodes:
    """What the screen shows instead of a card: the card's content and its two QR codes."""

    def __init__(self, content: CardContent, vcard: QrCode, tel: QrCode):
        self.content = content
        self.vcard = vcard
        self.tel = tel


def make_codes(language: str, pack: Pack) -> CardCodes | None:
    """On the worker: the card's content and QR codes; None (logged) if they cannot be made."""
    try:
        from kiosk.cards import make as cards
        from kiosk.cards.qr import make_qr

        content = cards.pack_card(language, pack)
        return CardCodes(content, make_qr(content.vcard), make_qr(content.tel))
    except KioskError as exc:
        log.error("the card codes in %s cannot be made: %s", language, exc)
        return None


def print_card(
    language: str, pack: Pack, queue: str | None, stopping: threading.Event
) -> tuple[str, str] | None:
    """On the worker: make the card and print it; None once printed, else the problem code
    and a detail for the log. Never raises: the visitor gets the codes whatever happened."""
    try:
        from kiosk.cards import make as cards
        from kiosk.cards import printing as card_print

        content = cards.pack_card(language, pack)
        with tempfile.TemporaryDirectory(prefix="kiosk-card-") as folder:
            pdf = Path(folder) / "card.pdf"
            cards.render_pdf([content], "card", pdf)
            printed_on, job = card_print.print_pdf(pdf, queue, stopping=stopping.is_set)
    except PrintError as exc:
        log.warning("card in %s not printed (%s): %s", language, exc.problem, exc)
        return exc.problem, str(exc)
    except KioskError as exc:
        log.error("card in %s cannot be made: %s", language, exc)
        return CARD_ERROR, str(exc)
    except Exception as exc:  # the visitor still gets the codes; the log gets the trace
        log.exception("card in %s: unexpected error", language)
        return print_problems.JOB_FAILED, repr(exc)
    log.info(
        "card in %s (pack %s %s) printed on %s (job %s)",
        language,
        pack.id,
        pack.version,
        printed_on,
        job,
    )
    return None


class CardPrinter(QtCore.QObject):
    """The UI's side: has the cards prepared or printed on its worker, reports the answers.

    ``prepared`` (language, CardCodes or None), ``printed`` (language) and ``failed``
    (language, problem, detail) arrive on the GUI thread. Cards carry the contacts of ``pack``
    (the active pack; see :meth:`set_pack`). One worker, so requests are answered in order.
    :meth:`shutdown` cancels a job being followed and waits for the worker; call it when the
    window closes.
    """

    prepared = Signal(str, object)
    printed = Signal(str)
    failed = Signal(str, str, str)

    def __init__(self, pack: Pack, queue: str | None, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.pack = pack
        self._queue = queue
        self._stopping = threading.Event()
        self._tasks = TaskRunner(self, name="card-printer")
        self.busy = False

    def set_pack(self, pack: Pack) -> None:
        """Make cards from ``pack``'s contacts from the next request on (the newly active pack)."""
        self.pack = pack

    def prepare(self, language: str) -> None:
        pack = self.pack
        self._tasks.run(
            lambda: make_codes(language, pack), lambda codes: self.prepared.emit(language, codes)
        )

    def print_card(self, language: str) -> bool:
        """Ask for a card; False (and nothing asked) while another one is on its way."""
        if self.busy:
            return False
        self.busy = True
        pack, queue, stopping = self.pack, self._queue, self._stopping
        self._tasks.run(
            lambda: print_card(language, pack, queue, stopping),
            lambda problem: self._answered(language, problem),
        )
        return True

    def shutdown(self) -> None:
        self._stopping.set()
        self._tasks.shutdown()

    def _answered(self, language: str, problem: tuple[str, str] | None) -> None:
        self.busy = False
        if problem is None:
            self.printed.emit(language)
        else:
            self.failed.emit(language, *problem)
