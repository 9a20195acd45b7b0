"""Native names and scripts of the languages the kiosk knows, computed once from babel's CLDR.

Why a table: asking babel for a language's name in itself loads and merges that language's whole
locale data, about 10 ms each; the kiosk shows thirty-odd names and must paint its first screen
fast. tests/kiosk/test_i18n.py checks every entry against babel, so the table cannot drift;
languages not listed here are still looked up in babel.
"""

from __future__ import annotations

# Names people of that language would look for on a button, where CLDR's differs:
# CLDR files Tagalog under Filipino; "Indonesia" alone names the country.
NAME_OVERRIDES = {"tl": "Tagalog", "id": "Bahasa Indonesia"}

# code: (name in the language itself, capitalised as on a button; ISO 15924 script)
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", "Latn"),
    "fr": ("Français", "Latn"),
    "es": ("Español", "Latn"),
    "tl": ("Tagalog", "Latn"),
    "pa": ("ਪੰਜਾਬੀ", "Guru"),
    "zh-Hans": ("中文 (简体)", "Hans"),
    "zh-Hant": ("中文 (繁體)", "Hant"),
    "vi": ("Tiếng Việt", "Latn"),
    "th": ("ไทย", "Thai"),
    "ar": ("العربية", "Arab"),
    "hi": ("हिन्दी", "Deva"),
    "ur": ("اردو", "Arab"),
    "ne": ("नेपाली", "Deva"),
    "gu": ("ગુજરાતી", "Gujr"),
    "bn": ("বাংলা", "Beng"),
    "ta": ("தமிழ்", "Taml"),
    "ml": ("മലയാളം", "Mlym"),
    "si": ("සිංහල", "Sinh"),
    "ceb": ("Cebuano", "Latn"),
    "id": ("Bahasa Indonesia", "Latn"),
    "km": ("ខ្មែរ", "Khmr"),
    "my": ("မြန်မာ", "Mymr"),
    "ja": ("日本語", "Jpan"),
    "yue": ("粵語", "Hant"),
    "fa": ("فارسی", "Arab"),
    "ru": ("Русский", "Cyrl"),
    "uk": ("Українська", "Cyrl"),
    "pt": ("Português", "Latn"),
    "ht": ("Kreyòl Ayisyen", "Latn"),
    "quc": ("K\u02bciche\u02bc", "Latn"),
    "am": ("አማርኛ", "Ethi"),
    "ti": ("ትግርኛ", "Ethi"),
    "sw": ("Kiswahili", "Latn"),
}

# Scripts written right to left (of those CLDR's likely subtags use).
RIGHT_TO_LEFT_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand"})
