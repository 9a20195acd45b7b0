"""A page as a voice reads it: no Markdown marks, one sentence per block, numbers dictated."""

from __future__ import annotations

from kiosk.packs.spoken_text import digit_by_digit, spoken_text


def test_marks_are_dropped_and_blocks_become_sentences() -> None:
    page = (
        "# Housing\n\n## Your rights\n\nYour home must be **safe**\nand clean\n\n"
        "- Ask [WorkSafeBC](https://worksafebc.com) for help\n1. Keep a copy!\n\n---\n"
    )
    assert spoken_text(page) == (
        "Housing.\n\nYour rights.\n\nYour home must be safe and clean.\n\n"
        "Ask WorkSafeBC for help.\n\nKeep a copy!"
    )


def test_phone_numbers_are_read_digit_by_digit() -> None:
    assert digit_by_digit("1-888-967-5377") == "1, 8 8 8, 9 6 7, 5 3 7 7"
    assert spoken_text("# Help\n\nCall **911** or 604-683-7151 at 8:30.") == (
        "Help.\n\nCall 9 1 1 or 6 0 4, 6 8 3, 7 1 5 1 at 8:30."
    )
    # a service number at the end of a sentence, as the reporting page starts
    assert spoken_text("# Help\n\nIn danger? Call 911. Or 811, or 211.") == (
        "Help.\n\nIn danger? Call 9 1 1. Or 8 1 1, or 2 1 1."
    )
    # a year, an amount or a decimal is not a phone number
    assert spoken_text("# Fees\n\nUp 911.5 dollars.") == "Fees.\n\nUp 911.5 dollars."
    assert spoken_text("# Fees\n\nIn 2026 you paid 1911 dollars.") == (
        "Fees.\n\nIn 2026 you paid 1911 dollars."
    )


def test_a_sentence_ending_in_another_script_gets_no_extra_stop() -> None:
    assert spoken_text("# 住房\n\n请打电话。") == "住房.\n\n请打电话。"
    assert spoken_text("# ਘਰ\n\nਮਦਦ ਲਵੋ।") == "ਘਰ.\n\nਮਦਦ ਲਵੋ।"


def test_the_closing_source_line_is_not_read_aloud() -> None:
    """Web addresses read aloud are noise to a listener; the page still shows them."""
    full_width_colon = "\uff1a"
    for label in ("Source:", "Source :", f"来源{full_width_colon}", "المصدر:", "ที่มา:"):
        page = f"# Pay\n\nYou get paid.\n\n{label} ESB (gov.bc.ca), IRCC (canada.ca)"
        assert spoken_text(page) == "Pay.\n\nYou get paid.", label
    # a web address in the body, or a last paragraph without one, is still read
    assert spoken_text("# Help\n\nNote: look on welcomebc.ca.\n\n- Ask.") == (
        "Help.\n\nNote: look on welcomebc.ca.\n\nAsk."
    )
    assert spoken_text("# Help\n\nCall us: any time.") == "Help.\n\nCall us: any time."


def test_every_shipped_page_ends_with_a_source_line_the_voice_skips() -> None:
    from kiosk.packs.load import load_pack

    pack = load_pack()
    for topic in pack.topics:
        for language in pack.languages:
            markdown = pack.page(topic, language).markdown
            last = markdown.strip().split("\n\n")[-1]
            assert last not in spoken_text(markdown).split("\n\n")[-1], (topic, language)
            assert len(spoken_text(markdown)) < len(markdown), (topic, language)
