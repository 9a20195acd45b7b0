"""Numbers and Latin runs are isolated in right-to-left text, and then read in their order.

The display order is checked with python-bidi's Rust implementation of UAX #9 (the crate
unicode-bidi), which knows isolates: an independent reader of what the isolates do.
"""

from __future__ import annotations

from bidi import get_display
from hypothesis import given
from hypothesis import strategies as st

from kiosk import i18n
from kiosk.bidi_text import (
    LRI,
    PDI,
    for_language,
    isolate_ltr_runs,
    ltr,
    ltr_spans,
    phone_for_display,
    whole_isolates,
)
from kiosk.cards.contacts import parse_phone

CONTROLS = str.maketrans("", "", "\u2066\u2067\u2068\u2069")


def shown(text: str) -> str:
    """``text`` as displayed in a right-to-left paragraph, left to right, controls removed."""
    return str(get_display(text, base_dir="R")).translate(CONTROLS)


def marked(text: str) -> str:
    return text.replace(LRI, "[").replace(PDI, "]")


def test_a_phone_number_after_arabic_words_reads_as_dialled() -> None:
    text = "اتصل بالرقم 1-866-602-9448 الآن"
    assert "9448-602-866-1" in shown(text)  # the defect: groups in reverse order
    assert marked(isolate_ltr_runs(text, True)) == "اتصل بالرقم [1-866-602-9448] الآن"
    assert "1-866-602-9448" in shown(isolate_ltr_runs(text, True))


def test_times_dates_and_signs_stay_with_their_number() -> None:
    cases = {
        "من 8:30\u201316:30 يومياً": "من [8:30\u201316:30] يومياً",
        "اتصل بالرقم +1 604 555 0199": "اتصل بالرقم [+1 604 555 0199]",
        "نسبة 20% فقط": "نسبة [20%] فقط",
        "منذ 2026-07-01": "منذ [2026-07-01]",
        "ليلاً ونهاراً 24/7.": "ليلاً ونهاراً [24/7].",
    }
    for text, isolated in cases.items():
        assert marked(isolate_ltr_runs(text, True)) == isolated
        inner = isolated[isolated.index("[") + 1 : isolated.index("]")]
        assert inner in shown(isolate_ltr_runs(text, True)), text


def test_latin_names_are_isolated_with_their_brackets_and_numbers() -> None:
    cases = {
        "خط (Service Canada)": "خط ([Service Canada])",
        "أبلغ WorkSafeBC (Teleclaim): 1-888-967-5377، من": (
            "أبلغ [WorkSafeBC (Teleclaim): 1-888-967-5377]، من"
        ),
        # a bracket whose partner is across Arabic text stays outside, so the pair matches
        "Health Insurance BC (MSP، التأمين الصحي)": "[Health Insurance BC] ([MSP]، التأمين الصحي)",
        "اتصل (1-866-602-9448) الآن": "اتصل ([1-866-602-9448]) الآن",
    }
    for text, isolated in cases.items():
        assert marked(isolate_ltr_runs(text, True)) == isolated
    assert "WorkSafeBC (Teleclaim): 1-888-967-5377" in shown(
        isolate_ltr_runs("أبلغ WorkSafeBC (Teleclaim): 1-888-967-5377، من", True)
    )
    # The brackets are right to left, around the number: get_display does not mirror them,
    # a renderer draws each as its mirror image, "(1-866-602-9448)".
    assert shown(isolate_ltr_runs("اتصل (1-866-602-9448) الآن", True)) == (
        "نآلا )1-866-602-9448( لصتا"
    )


def test_items_of_an_arabic_list_stay_in_right_to_left_order() -> None:
    text = "المصدر: E-Comm 911 (ecomm911.ca)، WorkSafeBC (worksafebc.com)"
    assert marked(isolate_ltr_runs(text, True)) == (
        "المصدر: [E-Comm 911 (ecomm911.ca)]، [WorkSafeBC (worksafebc.com)]"
    )
    display = shown(isolate_ltr_runs(text, True))
    assert display.index("WorkSafeBC") < display.index("E-Comm 911")  # the first on the right


def test_hidden_counts_read_as_written() -> None:
    assert marked(isolate_ltr_runs("الأرقام المخفية (<5، x) تُرسم", True)) == (
        "الأرقام المخفية ([<5]، [x]) تُرسم"
    )
    assert "<5" in shown(isolate_ltr_runs("قيمة <5 فقط", True))


def test_a_date_ordered_by_its_marks_is_left_as_it_is() -> None:
    # babel's Arabic dates carry right-to-left marks: CLDR orders them right to left
    text = "01\u200f/07\u200f/2026 \u2013 30\u200f/09\u200f/2026"
    assert isolate_ltr_runs(text, True) == text
    assert shown(text).replace("\u200f", "") == "2026/09/30 \u2013 2026/07/01"


def test_left_to_right_text_is_left_alone() -> None:
    text = "Call 1-866-602-9448 (Service Canada)"
    assert isolate_ltr_runs(text, False) == text
    assert for_language(text, "en") == text
    assert phone_for_display(parse_phone("1-866-602-9448"), "es") == "1-866-602-9448"


def test_a_phone_number_for_display_follows_the_language() -> None:
    number = parse_phone("18666029448")
    assert phone_for_display(number, "ar") == ltr("1-866-602-9448")
    assert phone_for_display("911", "ar") == ltr("911")
    i18n.activate("ar")
    try:
        assert for_language("اتصل بالرقم 911") == f"اتصل بالرقم {ltr('911')}"
    finally:
        i18n.activate("en")


def test_runs_already_isolated_and_line_breaks_are_respected() -> None:
    text = f"رقم {ltr('1-2')} و 3-4\nثم 5-6\u2028 7-8"
    assert marked(isolate_ltr_runs(text, True)) == "رقم [1-2] و [3-4]\nثم [5-6]\u2028 [7-8]"


def test_an_isolate_cut_by_a_line_break_is_closed_and_opened_again() -> None:
    lines = [f"اتصل بالرقم {LRI}604", f"669 4482{PDI} الآن"]
    assert [marked(line) for line in whole_isolates(lines)] == [
        "اتصل بالرقم [604]",
        "[669 4482] الآن",
    ]


pieces = st.sampled_from(
    [
        "اتصل",
        "بالرقم",
        "الآن",
        "Service Canada",
        "WorkSafeBC",
        "1-866-602-9448",
        "8:30\u201316:30",
        "+1",
        "20%",
        "(",
        ")",
        "،",
        ".",
        ":",
        "/",
        " ",
        "\u200e",
        "\u200f",
        ltr("v1.2"),
    ]
)


def partners(text: str) -> dict[int, int]:
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "(":
            opened.append(index)
        elif char == ")" and opened:
            start = opened.pop()
            pairs[start], pairs[index] = index, start
    return pairs


@given(st.lists(pieces, max_size=12).map("".join))
def test_isolating_adds_only_isolates_and_is_done_once(text: str) -> None:
    isolated = isolate_ltr_runs(text, True)
    assert isolated.replace(LRI, "").replace(PDI, "") == text.replace(LRI, "").replace(PDI, "")
    assert isolate_ltr_runs(isolated, True) == isolated
    pairs = partners(text)
    for start, end in ltr_spans(text):
        assert not any(char in text[start:end] for char in "اتصلبالرقمن\u200f")  # no RTL
        for index in range(start, end):  # a bracket's partner is never cut off
            assert start <= pairs.get(index, start) < end
