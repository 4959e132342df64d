"""Odd inputs a desk meets: prose that quotes HTML, half-broken UTF-8, Latin-1 French files."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services.imports import MostlyRemoved, import_article, import_file

pytestmark = pytest.mark.django_db

IMPORT = reverse("articles:import")

# Security news quotes markup in its prose; pasted into the text box, with no clipboard HTML.
HACKING = """Hackers used a <script> tag hidden in the comment box of the ministry's site, researchers said on Tuesday.

They typed a line that called steal(document.cookie) into the box, according to the security firm, and the site stored it as it was.

Visitors' browsers then loaded an <img src=x onerror=alert(1)> tag planted in profile pages, the firm said. The attack closed every </div> early so the page looked normal.

The campaign hit about 4,000 sites before it was stopped, according to the report published by the agency.
"""


def test_a_text_paste_that_quotes_html_tags_keeps_the_whole_article(researcher_client, registry):
    response = researcher_client.post(IMPORT, {"text": HACKING, "html": ""}, follow=True)
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert article.input_kind == Article.InputKind.PASTE_TEXT
    assert article.text.startswith("Hackers used a <script> tag hidden")
    for quoted in ("steal(document.cookie)", "<img src=x onerror=alert(1)>",
                   "every </div> early", "about 4,000 sites"):  # fmt: skip
        assert quoted in article.text
    assert article.claims.exists()


def test_a_whole_html_document_pasted_as_text_is_still_read_as_html(registry):
    page = (
        "<!DOCTYPE html><html><head><title>Missile</title></head><body><nav>Menu Accueil</nav>"
        "<article><h1>Pyongyang tire un missile</h1><p>La Corée du Nord a tiré un missile "
        "balistique samedi, selon l'état-major sud-coréen, qui a précisé que l'engin avait "
        "parcouru 800 kilomètres.</p></article></body></html>"
    )
    article = import_article(page, input_kind=Article.InputKind.PASTE_TEXT).article
    assert "<p>" not in article.text and "DOCTYPE" not in article.text
    assert "800 kilomètres" in article.text


def _losing_html() -> str:
    """The article as an HTML page whose prose opens a `<script>` it never closes: read as
    HTML, everything after "Hackers used a" is script (what the desk saw happen)."""
    paragraphs = "".join(f"<p>{line}</p>" for line in HACKING.splitlines() if line)
    return f"<html><body>{paragraphs}</body></html>"


def test_html_cleaning_that_keeps_almost_nothing_is_not_saved_silently(researcher_client, registry):
    response = researcher_client.post(IMPORT, {"text": _losing_html(), "html": ""})
    assert response.status_code == 200
    assert not Article.objects.exists()
    page = response.content.decode()
    assert "The cleaner kept only" in page
    assert 'name="as_text"' in page and "Import as plain text" in page
    # The offer re-submits what was pasted: the paste is still in the box.
    assert "about 4,000 sites" in page

    response = researcher_client.post(
        IMPORT, {"text": _losing_html(), "html": "", "as_text": "1"}, follow=True
    )
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert article.input_kind == Article.InputKind.PASTE_TEXT
    assert article.raw_input == _losing_html()
    assert "about 4,000 sites" in article.text


def test_clipboard_html_that_loses_the_article_offers_the_browsers_plain_text(
    researcher_client, registry
):
    response = researcher_client.post(IMPORT, {"text": HACKING, "html": _losing_html()})
    assert "The cleaner kept only" in response.content.decode()
    assert not Article.objects.exists()
    researcher_client.post(IMPORT, {"text": HACKING, "html": _losing_html(), "as_text": "1"})
    article = Article.objects.get()
    assert article.raw_input == HACKING
    assert "about 4,000 sites" in article.text


def test_the_kept_share_is_checked_by_the_service(registry):
    with pytest.raises(MostlyRemoved) as refused:
        import_article(_losing_html(), input_kind=Article.InputKind.PASTE_HTML, guard_loss=True)
    assert refused.value.kept < refused.value.total / 10
    assert not Article.objects.exists()


def test_a_normal_clipboard_paste_passes_the_kept_share_check(researcher_client, registry):
    from tests.ingest.paths import INGEST_FIXTURES

    html = (INGEST_FIXTURES / "liberation_clipboard.html").read_text(encoding="utf-8")
    response = researcher_client.post(IMPORT, {"text": "", "html": html})
    assert response.status_code == 302
    assert Article.objects.get().input_kind == Article.InputKind.PASTE_HTML


FRENCH_UTF8 = (
    "Le ministère a déclaré jeudi que la coopération française avec Séoul était « essentielle ».\n\n"
    "Selon l'état-major, le coût de l'opération reste élevé, a précisé un porte-parole à Noël."
)


def test_a_utf8_file_with_one_bad_byte_is_read_as_utf8_and_the_article_says_so(registry):
    data = FRENCH_UTF8.encode("utf-8").replace("le coût".encode(), b"le \xffco\xc3\xbbt")
    article = import_file("depeche.txt", data).article
    assert "déclaré" in article.text and "française" in article.text
    assert "Ã" not in article.text  # no mojibake
    assert "\ufffd" in article.text
    notes = [line for line in article.dropped_lines if "not valid UTF-8" in line["text"]]
    assert notes and notes[0]["text"].startswith("1 byte ")
    assert bytes(article.raw_bytes) == data


def test_a_clean_file_gets_no_decoding_note(registry):
    article = import_file("depeche.txt", FRENCH_UTF8.encode("utf-8")).article
    assert not [line for line in article.dropped_lines if "not valid" in line["text"]]


def test_a_latin1_french_file_is_read_as_western_european(registry):
    text = (
        "La présidence française a réagi.\n\n"
        "Selon le ministère, le coût de la leçon reste élevé, a déclaré un garçon de Noël, "
        "et ça a déçu les Français en août."
    )
    data = text.encode("latin-1")
    assert not any(0x80 <= b <= 0x9F for b in data)
    article = import_file("depeche.txt", data).article
    assert "française" in article.text and "coût" in article.text and "Noël" in article.text
    assert "franēaise" not in article.text and "franįaise" not in article.text
