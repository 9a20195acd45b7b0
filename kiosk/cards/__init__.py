"""Wallet cards: what goes on a card, its QR codes, its layout and the PDF sent to the printer.

- :mod:`kiosk.cards.make`: the front door: a card's content for a language, the PDF of cards
- :mod:`kiosk.cards.contacts`: the contacts and phone numbers a card carries
- :mod:`kiosk.cards.qr`: the contacts and call codes (segno)
- :mod:`kiosk.cards.text`, :mod:`kiosk.cards.bidi_levels`, :mod:`kiosk.cards.breaks`,
  :mod:`kiosk.cards.fonts`: shaped text in every script and direction, line breaks, fonts
- :mod:`kiosk.cards.layout`, :mod:`kiosk.cards.drawing`, :mod:`kiosk.cards.sheet`: where each
  thing goes on a card, drawing it, and sheets with crop marks (8 on Letter, 10 on A4)
- :mod:`kiosk.cards.printing`: jobs to a CUPS queue, at 100% on the PDF's own paper
"""
