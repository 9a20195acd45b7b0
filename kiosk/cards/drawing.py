"""Drawing a laid-out card on a reportlab canvas: the front's band and rules, the back's codes,
and every fitted text. The layout (:mod:`kiosk.cards.layout`) decides where; this only draws."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kiosk.cards import qr as card_qr
from kiosk.cards import text as card_text
from kiosk.cards.layout import (
    BRAND,
    CARD_HEIGHT,
    CARD_WIDTH,
    RIGHTS_BOX_MM,
    RULE,
    CardLayout,
    Placed,
    mm,
)


def _texts(canvas: Any, texts: Sequence[Placed]) -> None:
    for text in texts:
        canvas.setFillColorRGB(*text.color)
        canvas.setStrokeColorRGB(*text.color)
        card_text.draw(canvas, text.fitted, text.x, CARD_HEIGHT - text.top, text.width, text.align)


def front(canvas: Any, card: CardLayout) -> None:
    """Draw the front with the card's lower-left corner at the canvas origin."""
    canvas.saveState()
    pad = mm(2.5)
    # the rights box: framed, not filled, so its dark text survives a black-and-white print
    canvas.setStrokeColorRGB(*BRAND)
    canvas.setLineWidth(mm(0.6))
    box = mm(RIGHTS_BOX_MM)
    canvas.roundRect(pad, CARD_HEIGHT - pad - box, CARD_WIDTH - 2 * pad, box, mm(1.8), 1, 0)
    canvas.setStrokeColorRGB(*RULE)
    canvas.setLineWidth(0.4)
    for x0, x1, top in card.rules:
        canvas.line(x0, CARD_HEIGHT - top, x1, CARD_HEIGHT - top)
    _texts(canvas, card.front)
    canvas.restoreState()


def back(canvas: Any, card: CardLayout) -> None:
    """Draw the back with the card's lower-left corner at the canvas origin."""
    canvas.saveState()
    for place in (card.vcard_qr, card.tel_qr):
        card_qr.draw_qr(
            canvas, place.code, place.x, CARD_HEIGHT - place.top - place.size, place.size
        )
    _texts(canvas, card.back)
    canvas.restoreState()
