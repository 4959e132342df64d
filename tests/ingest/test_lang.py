"""Language detection (py3langid, offline, restricted to the languages of the beat)."""

from __future__ import annotations

import pytest

from articles.ingest.lang import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Kim Jong-un a reconnu des pertes.", "fr"),
        ("Séoul n'a pas réagi.", "fr"),
        ("« We will respond », a déclaré le porte-parole, selon l'agence Yonhap, qui cite le "
         "ministère sud-coréen de la Défense à Séoul.", "fr"),
        ("North Korea fired a missile.", "en"),
        ("« Nous répondrons », the spokesman said in French, according to Yonhap, which quoted "
         "South Korea's defence ministry in Seoul.", "en"),
        ("북한은 27일 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다.", "ko"),
        ("Северная Корея запустила баллистическую ракету, сообщили в Сеуле.", "ru"),
        ("Північна Корея відправила ще тисячі солдатів до Росії, заявили в розвідці.", "uk"),
    ],
)  # fmt: skip
def test_languages_of_the_beat(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "   ", "12 345 678", "!!! ???", "KCNA"])
def test_too_little_text_is_unknown(text):
    assert detect_language(text) == ""


def test_long_text_is_sampled_not_read_whole():
    assert detect_language("La Corée du Nord a tiré un missile, selon Séoul. " * 50_000) == "fr"
