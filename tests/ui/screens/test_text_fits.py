"""No text is cut on any visitor screen, in any shipped language, on the screens kiosks have.

Each screen is shown as a visitor reaches it, at 1024x768, 1280x800, 1920x1080 and portrait
1080x1920, in every language of the shipped pack, with normal and with bigger text, and every
label and button on it is checked for text painted cut (tests/ui/text_fit.py).
"""

from __future__ import annotations

import pytest

from kiosk.i18n import REQUESTABLE_LANGUAGES
from tests.ui.text_fit import cut_texts

SIZES = [(1024, 768), (1280, 800), (1920, 1080), (1080, 1920)]


def visitor_screens(window, qtbot, language: str, bigger: bool):  # type: ignore[no-untyped-def]
    """(name, screen) as a visitor in ``language`` meets them, in order, with bigger text
    chosen at the start of the visit if ``bigger``."""
    attract = window.attract
    window.reset_to_attract()
    attract.show_language(window.pack.languages.index(language))
    yield "attract", attract
    window.start_visit()
    window.set_large_text(bigger)
    yield "languages", window.languages
    yield "top bar", window.top_bar
    window.show_more_languages()
    yield "more languages", window.more_languages
    # a different language the pack lacks on each walk, so the walks cover them all
    walk = window.pack.languages.index(language) * 2 + bigger
    unlisted = REQUESTABLE_LANGUAGES[walk % len(REQUESTABLE_LANGUAGES)]
    window.more_languages.choose(unlisted)
    yield f"help in {unlisted}", window.more_languages
    window.choose_language(language)
    yield "topics", window.topics
    for topic in window.pack.topics:
        window.choose_topic(topic)
        yield f"topic {topic}", window.topic_page
    window.show_card()
    with_numbers = window.card.numbers
    qtbot.waitUntil(lambda: with_numbers.count() > 0, timeout=10_000)  # made on a worker
    yield "card", window.card
    window.on_idle()
    yield "still there", window.still_there


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_text_is_cut_on_any_visitor_screen(make_kiosk, qtbot, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = kiosk.window
    window.resize(width, height)
    problems: list[str] = []
    for language in window.pack.languages:
        for bigger in (False, True):
            for name, screen in visitor_screens(window, qtbot, language, bigger):
                qtbot.wait(20)  # the layout settles (fonts, then lines, then rows)
                for problem in cut_texts(screen):
                    text = "bigger" if bigger else "normal"
                    problems.append(f"{language} {text} {name}: {problem}")
            window.end_visit_done()
        needed = window.minimumSizeHint()  # the screens of this language, all built by now
        if needed.width() > width or needed.height() > height:
            problems.append(f"{language}: the window needs {needed.width()}x{needed.height()}")
    assert not problems, "\n".join(problems)
