"""Why a card was not printed, as codes (``PrintError.problem``) the UI words for the visitor.

Apart from kiosk.cards.printing so that the card screen can name them without loading the CUPS
client (HTTP, sockets) before the kiosk's first paint.
"""

from __future__ import annotations

NO_PRINTER = "no-printer"
PAPER_OUT = "paper-out"
NOT_READY = "not-ready"
JOB_FAILED = "job-failed"
TIMED_OUT = "timed-out"
PROBLEMS = (NO_PRINTER, PAPER_OUT, NOT_READY, JOB_FAILED, TIMED_OUT)
