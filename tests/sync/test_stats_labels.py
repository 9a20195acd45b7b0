"""Languages in exports and the funder report carry the names a coordinator knows them by."""

from __future__ import annotations

import pytest

from sync.stats.labels import Labels


@pytest.mark.parametrize(
    ("language", "code", "name"),
    [
        ("en", "tl", "Tagalog"),  # not CLDR's alias "Filipino (Philippines)"
        ("es", "tl", "Tagalo"),
        ("en", "quc", "K\u02bciche\u02bc"),
        ("es", "zh-Hans", "Chino (simplificado)"),
        ("en", "pa", "Punjabi"),
        ("en", "mam", "mam"),  # a language CLDR cannot name keeps its code
    ],
)
def test_language_names(language: str, code: str, name: str) -> None:
    assert Labels(language).language_name(code) == name
