"""Hostile, broken, empty and enormous inputs: a result, never an exception or a stall.

Sizes are bounded (2 MB, 10,000 commas) and nothing asserts on time: a
quadratic regex would make these tests hang, which is the failure to catch.
"""

from __future__ import annotations

import random

import pytest

from articles.ingest import ParsedArticle, parse_article
from articles.ingest.parse import looks_like_html

BODY = (
    "La Corée du Nord a tiré samedi un missile balistique en mer de l'Est, a annoncé "
    "l'état-major interarmées sud-coréen, selon lequel l'engin a parcouru 800 kilomètres."
)


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t\n", "\x00\x00", "\ufeff", "\u200b\u200b"])
@pytest.mark.parametrize("kind", ["auto", "text", "html"])
def test_empty_input_gives_an_empty_article(raw, kind):
    article = parse_article(raw, kind=kind)
    assert isinstance(article, ParsedArticle)
    assert article.text == ""
    assert article.paragraphs == []
    assert article.published_at is None


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="kind"):
        parse_article(BODY, kind="pdf")


def test_sniffing():
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("<meta charset='utf-8'><h1>Titre</h1><p>Texte</p>")
    assert looks_like_html("<div><p>Un</p><p>Deux</p></div>")
    assert not looks_like_html(BODY)
    assert not looks_like_html("Kim a dit que 3 < 5 et que 7 > 2, selon KCNA.")
    assert parse_article("<p>" + BODY + "</p><p>" + BODY.replace("samedi", "dimanche") + "</p>"
                         "<p>Séoul n'a pas réagi.</p>").input_format == "html"  # fmt: skip


HOSTILE = f"""<html><head><title>Titre</title>
<script>alert('head script')</script>
<meta property="og:title" content="Kim Jong-un <script>alert('og')</script> à Pyongyang">
</head><body onload="alert('onload')">
<h1>Kim Jong-un inspecte une usine<script>alert('in h1')</script></h1>
<p>{BODY}</p>
<p onclick="alert('onclick')">Séoul affirme que Pyongyang prépare un nouvel essai, a déclaré le ministère sud-coréen de la Défense lors d'un point presse.</p>
<img src="x" onerror="alert('onerror')">
<svg><script>alert('svg')</script></svg>
<iframe src="javascript:alert('iframe')"></iframe>
<noscript><p>Activez JavaScript noscript</p></noscript>
<style>p {{ background: url("javascript:alert('css')") }}</style>
<a href="javascript:alert('link')">Lien</a>
<p>Moscou n'a pas réagi à ces déclarations, selon l'agence TASS citée par l'AFP.</p>
</body></html>"""


def test_hostile_html_leaves_no_script_text():
    article = parse_article(HOSTILE)
    assert article.input_format == "html"
    assert BODY in article.text
    everything = " ".join([article.text, article.title, article.lead,
                           *(c.text for c in article.captions)])  # fmt: skip
    for needle in ("alert", "<script", "javascript:", "onerror", "onload", "noscript"):
        assert needle not in everything
    assert article.title == "Kim Jong-un inspecte une usine"


def test_hostile_html_fragment_through_the_fallback():
    raw = "<div><script>document.write('x')</script><p onclick=\"evil()\">" + BODY + "</p></div>"
    article = parse_article(raw, kind="html")
    assert BODY in article.text
    assert "document.write" not in article.text and "evil" not in article.text


@pytest.mark.parametrize(
    "raw",
    [
        "<html><body><p>" + BODY + "<p>Séoul n'a pas réagi, selon l'agence Yonhap.<div><span>",
        "<p>" + BODY + "</b></i></div></div></p></html></body><p>Suite du texte sans fin",
        "<<<>>><p>" + BODY,
        "<html><body><table><tr><td><p>" + BODY + "</td></p></tr>",
        '<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>' + BODY + "</p></body></html>",
        "<!-- unterminated comment <p>" + BODY,
        "<html>" * 5000 + BODY,
        "<div>" * 3000 + "<p>" + BODY + "</p>",
    ],
)
def test_broken_html_still_parses(raw):
    article = parse_article(raw, kind="html")
    assert isinstance(article, ParsedArticle)
    if "unterminated" not in raw:
        assert "Corée du Nord a tiré samedi" in article.text


def test_binary_garbage_decoded_as_text_does_not_raise():
    rng = random.Random(7)
    garbage = bytes(rng.randrange(256) for _ in range(50_000)).decode("latin-1")
    for kind in ("auto", "text", "html"):
        article = parse_article(garbage, kind=kind)
        assert "\x00" not in article.text


def test_lone_surrogates_and_control_characters():
    raw = "Titre de l'article\n\ud800" + BODY + "\x07\x1b\x7f\x85\n" + BODY.replace("samedi", "lundi")
    article = parse_article(raw)
    assert "\ud800" not in article.text and "\x07" not in article.text
    article.text.encode("utf-8")


def test_mixed_scripts():
    raw = "\n".join([
        "북한, 동해상으로 탄도미사일 발사",
        "합동참모본부는 북한이 27일 오전 평양 일대에서 동해상으로 탄도미사일 1발을 발사했다고 밝혔다.",
        "Северная Корея запустила баллистическую ракету в сторону Японского моря, сообщили в Сеуле.",
        BODY,
    ])  # fmt: skip
    article = parse_article(raw)
    assert "탄도미사일 1발을 발사했다고" in article.text
    assert "баллистическую ракету" in article.text
    assert article.title == "북한, 동해상으로 탄도미사일 발사"


def test_two_megabyte_paste_finishes():
    paragraph = BODY + " " + "Les tirs ont été détectés, a indiqué Séoul. " * 10
    raw = "Un titre assez long pour un article\n" + "\n".join(
        f"{i} {paragraph}" for i in range(2_000_000 // len(paragraph))
    )
    assert len(raw) >= 2_000_000
    article = parse_article(raw, kind="text")
    assert len(article.text) > 1_500_000
    assert article.language == "fr"


def test_two_megabyte_single_line_finishes():
    raw = ("Kim a parlé, " * 160_000) + "fin."
    article = parse_article(raw, kind="text")
    assert article.text.startswith("Kim a parlé")


def test_two_megabyte_html_finishes():
    raw = "<html><body>" + ("<p>" + BODY + "</p>\n") * 12_000 + "</body></html>"
    assert len(raw) >= 2_000_000
    article = parse_article(raw, kind="html")
    assert BODY in article.text


@pytest.mark.parametrize(
    "line",
    [
        "," * 10_000,
        "Kim" + ", Kim" * 10_000,
        "(" * 10_000 + "AFP",
        "Publié le " + "27/12/2025 " * 2_000,
        "Par " + "Jean Dupont, " * 3_000,
        "a" * 10_000 + ".jpg)",
        "1" * 10_000,
        "Photo: " + "x:" * 5_000,
        "<" * 10_000,
        "© " * 5_000,
        "Kim à Séoul. " + "AFP" * 260,
        "Kim à Séoul. " + "a" * 700 + "!",
        ". " * 5_000,
    ],
)
@pytest.mark.parametrize("kind", ["text", "html"])
def test_pathological_lines_finish(line, kind):
    raw = "Un titre\n" + BODY + "\n" + line + "\n" + BODY.replace("samedi", "lundi")
    article = parse_article(raw, kind=kind)
    assert isinstance(article, ParsedArticle)


def test_only_furniture_gives_no_text_but_records_every_line():
    raw = "Partager\nFacebook\nPublicité\nNewsletter\n© Le Monde 2025"
    article = parse_article(raw, kind="text")
    assert article.text == ""
    assert len(article.dropped) == 5


def test_a_paste_of_one_sentence():
    article = parse_article("Séoul n'a pas réagi.", kind="text")
    assert article.text == "Séoul n'a pas réagi."
    assert article.lead == "Séoul n'a pas réagi."
