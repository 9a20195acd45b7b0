"""Words the pages must not use again, per language, each for a reason a reader gave.

A translation is checked by people who read the language; these are the corrections they made,
kept as a check so an edit or a new page does not bring the word back. One word for one thing:
where the interface and the pages must agree (Vietnamese "tố cáo" for reporting), the page may
not use another.
"""

from __future__ import annotations

import pytest

from kiosk import i18n
from kiosk.packs.load import load_pack

PACK = load_pack()
AVOIDED = {
    # "denounce" where the interface says "report" (tố cáo)
    "vi": {"tố giác": "the tip line is đường dây tố cáo, as on screen", "hái tay": "hái bằng tay"},
    # repatriate, not deport
    "zh-Hans": {"遣返": "deported is 驱逐出境"},
    "zh-Hant": {
        "遣返": "deported is 驅逐出境",
        # Hong Kong words where the interface uses Taiwan's: one register for the language
        "傳譯": "口譯",
        "入息稅": "所得稅",
        "糧單": "工資單",
        # Taiwan's forms, as in its labour laws: 雇主, 計畫, 仲介
        "僱主": "雇主",
        "計劃": "計畫",
        "中介": "仲介",
        "短訊": "簡訊",
        "網上": "線上",
    },
    # an officer (police, army), not a liaison officer; "the oppressed", not vulnerable workers
    "ar": {"ضابط الاتصال": "موظف الاتصال", "المستضعفين": "المعرّضين للخطر"},
    # an anglicism; IRCC writes "violence"
    "fr": {
        "l'abus": "la violence",
        "les abus": "la violence",
        # the pages say relevé de paie: one word for the pay stub
        "bulletin de paie": "relevé de paie",
        "bulletins de paie": "relevés de paie",
        # "you can get" promises what IRCC decides: "you may get"
        "vous pouvez obtenir un": "vous pouvez peut-être obtenir un",
    },
    # brutal cruelty: an unpaid or insulted worker thinks it is not about them
    "th": {
        "ทารุณ": "ละเมิด",
        # word orders that read as the opposite ("... because you can complain")
        "เพราะคุณแจ้งเรื่องไม่ได้": "ไม่มีสิทธิ์ลงโทษคุณที่แจ้งเรื่อง",
        "เพราะคุณร้องเรียนได้": "เพราะคุณร้องเรียน",
    },
    # Mexican workers know the programme as PTAT; SAWP is its English name
    "es": {"Temporales (SAWP)": "Temporales (PTAT, en inglés SAWP)", "del SAWP": "del PTAT"},
    # a transliteration no reader understands
    "pa": {"ਲਿਆਜ਼ੋਂ ਅਫ਼ਸਰ": "ਸੰਪਰਕ ਅਧਿਕਾਰੀ (liaison officer)"},
    # "you can get" promises what IRCC decides: "you may get"
    "tl": {"Puwede kang kumuha ng open work permit": "Baka makakuha ka ng open work permit"},
}


def texts_in(language: str) -> dict[str, str]:
    """Every page and contact line a visitor reads in the language, by where it is."""
    texts = {
        topic: page.markdown
        for topic in PACK.topics
        if (page := PACK.page(topic, language)).language == language
    }
    for contact in PACK.contacts:
        texts[f"{contact.id} name"] = contact.names.get(language, "")
        texts[f"{contact.id} description"] = contact.descriptions.get(language, "")
    return texts


@pytest.mark.parametrize("language", sorted(AVOIDED))
def test_corrected_words_do_not_come_back(language: str) -> None:
    """In pages and contacts alike, at the start of a title or a sentence too."""
    found = [
        (where, word, instead)
        for where, text in texts_in(language).items()
        for word, instead in AVOIDED[language].items()
        if word.casefold() in text.casefold()
    ]
    assert not found, f"{language}: {found}"


@pytest.mark.parametrize(
    ("language", "avoided"),
    [("zh-Hans", "大陆"), ("zh-Hant", "大陸"), ("es", "Continente")],
)
def test_the_mainland_region_is_not_mainland_china_or_a_continent(
    language: str, avoided: str
) -> None:
    """BC's Mainland/Southwest region: 大陆 reads as mainland China, "Continente" as a continent."""
    assert avoided not in i18n.gettext_in(language, "Mainland/Southwest")
