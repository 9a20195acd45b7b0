"""``outreach-kiosk cards``: a PDF of wallet cards for printing, one card or sheets of 8
(Letter) or 10 (A4).

Outreach workers print a group's cards before a farm visit: ``--lang`` may be given more than
once for a mixed group (``--count`` cards of each language, in the order given). The numbers
are those of the active content pack in the data folder (the newest installed, or the shipped
one), the same the kiosk prints; the command says which pack that was.

``--print`` sends the PDF to CUPS too, as the kiosk does (kiosk.cards.printing): at 100% on the
PDF's own paper, whatever paper the queue expects, because a sheet a printer has scaled cuts
into cards that fit no wallet; then it waits until CUPS says the job printed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.cards.make import PAPERS, pack_card, render_pdf
from kiosk.cards.printing import print_pdf
from kiosk.cards.sheet import PER_SHEET, per_sheet_text
from kiosk.config import Settings
from kiosk.packs.store import PackStore

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
        help=f"cards of each language (default: 1 on card paper, a sheet: {per_sheet_text()})",
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
        help="also print it on this CUPS queue (without QUEUE: the default printer), "
        "at 100%% on the PDF's paper, and wait until it is printed",
    )
    parser.set_defaults(handler=make_cards)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= 10_000:
        raise argparse.ArgumentTypeError("must be between 1 and 10000")
    return value


def make_cards(args: argparse.Namespace, settings: Settings) -> int:
    count = args.count or (1 if args.paper == "card" else PER_SHEET[args.paper])
    languages = list(dict.fromkeys(args.lang))
    active = PackStore.from_settings(settings).active()
    contents = [pack_card(language, active.pack) for language in languages]
    cards = [content for content in contents for _ in range(count)]
    data = render_pdf(cards, args.paper, args.out)
    print(
        f"{args.out}: {len(cards)} card(s) in {', '.join(languages)} on {args.paper} paper, "
        f"{len(data) // 1024 + 1} KiB; numbers from content pack {active.pack.id} "
        f"{active.pack.version} ({active.origin})"
    )
    if args.queue is not None:
        queue, job = print_pdf(args.out, args.queue or None, timeout=PRINT_TIMEOUT)
        print(f"printed on {queue} (job {job}), at 100% on {args.paper} paper")
    return 0
