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

from kiosk.cards import printing as card_print
from kiosk.errors import KioskError, PrintError
from ui.qt import QtCore, Signal, Slot

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


class PrintWorker(QtCore.QObject):
    """Lives on the worker thread; every slot runs there."""

    prepared = Signal(str, object)  # language, CardCodes (None if the card cannot be made)
    printed = Signal(str)  # language
    failed = Signal(str, str, str)  # language, problem, detail for the log

    def __init__(self, queue: str | None, stopping: threading.Event):
        super().__init__()
        self._queue = queue
        self._stopping = stopping

    @Slot(str, object)
    def prepare(self, language: str, pack: Pack) -> None:
        try:
            from kiosk.cards import make as cards
            from kiosk.cards.qr import make_qr

            content = cards.pack_card(language, pack)
            codes = CardCodes(content, make_qr(content.vcard), make_qr(content.tel))
        except KioskError as exc:
            log.error("the card codes in %s cannot be made: %s", language, exc)
            self.prepared.emit(language, None)
            return
        self.prepared.emit(language, codes)

    @Slot(str, object)
    def print_card(self, language: str, pack: Pack) -> None:
        try:
            from kiosk.cards import make as cards

            content = cards.pack_card(language, pack)
            with tempfile.TemporaryDirectory(prefix="kiosk-card-") as folder:
                pdf = Path(folder) / "card.pdf"
                cards.render_pdf([content], "card", pdf)
                queue, job = card_print.print_pdf(pdf, self._queue, stopping=self._stopping.is_set)
        except PrintError as exc:
            log.warning("card in %s not printed (%s): %s", language, exc.problem, exc)
            self.failed.emit(language, exc.problem, str(exc))
        except KioskError as exc:
            log.error("card in %s cannot be made: %s", language, exc)
            self.failed.emit(language, CARD_ERROR, str(exc))
        except Exception as exc:  # the visitor still gets the codes; the log gets the trace
            log.exception("card in %s: unexpected error", language)
            self.failed.emit(language, card_print.JOB_FAILED, repr(exc))
        else:
            log.info(
                "card in %s (pack %s %s) printed on %s (job %s)",
                language,
                pack.id,
                pack.version,
                queue,
                job,
            )
            self.printed.emit(language)


class CardPrinter(QtCore.QObject):
    """The UI's side: asks the worker thread to prepare or print, relays its answers.

    Cards carry the contacts of ``pack`` (the active pack; see :meth:`set_pack`). Answers
    arrive on the GUI thread (queued connections). :meth:`shutdown` cancels a job being
    followed and waits for the thread; call it when the window closes.
    """

    prepared = Signal(str, object)
    printed = Signal(str)
    failed = Signal(str, str, str)
    _prepare = Signal(str, object)
    _print = Signal(str, object)

    def __init__(self, pack: Pack, queue: str | None, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.pack = pack
        self._stopping = threading.Event()
        self._thread = QtCore.QThread()
        self._thread.setObjectName("card-printer")
        self._worker = PrintWorker(queue, self._stopping)
        self._worker.moveToThread(self._thread)
        self._prepare.connect(self._worker.prepare)
        self._print.connect(self._worker.print_card)
        self._worker.prepared.connect(self._relay_prepared)
        self._worker.printed.connect(self._relay_printed)
        self._worker.failed.connect(self._relay_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self.busy = False
        self._thread.start()

    def set_pack(self, pack: Pack) -> None:
        """Make cards from ``pack``'s contacts from the next request on (the newly active pack)."""
        self.pack = pack

    def prepare(self, language: str) -> None:
        self._prepare.emit(language, self.pack)

    def print_card(self, language: str) -> bool:
        """Ask for a card; False (and nothing asked) while another one is on its way."""
        if self.busy:
            return False
        self.busy = True
        self._print.emit(language, self.pack)
        return True

    def shutdown(self) -> None:
        if self._thread.isRunning():
            self._stopping.set()
            self._thread.quit()
            self._thread.wait()

    @Slot(str, object)
    def _relay_prepared(self, language: str, codes: object) -> None:
        self.prepared.emit(language, codes)

    @Slot(str)
    def _relay_printed(self, language: str) -> None:
        self.busy = False
        self.printed.emit(language)

    @Slot(str, str, str)
    def _relay_failed(self, language: str, problem: str, detail: str) -> None:
        self.busy = False
        self.failed.emit(language, problem, detail)
