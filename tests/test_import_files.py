"""Uploading one article file: text, HTML or Markdown in any charset; bad files get a message."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportJob

pytestmark = pytest.mark.django_db

UPLOAD = reverse("articles:import_files")

ENGLISH = (
    "North Korea fires ballistic missile\n\n"
    "Pyongyang fired a ballistic missile into the East Sea on Monday, "
    "the Joint Chiefs of Staff said.\n\n"
    "The launch followed weeks of tension on the peninsula, according to Yonhap.\n"
)
FRENCH = (
    "La Corée du Nord a tiré un missile\n\n"
    "Le ministère a déclaré que l’œuvre du régime était « achevée », selon l’agence Yonhap. "
    "Le cœur de la capitale était fermé, a précisé l’état-major.\n\n"
    "Pyongyang a procédé à un nouvel essai, d’après Séoul.\n"
)
HTML = """<!doctype html><html><head><meta charset="utf-8">
<title>Missile launch | Example News</title>
<link rel="canonical" href="https://news.example/2025/missile-launch">
</head><body><nav>Home | World | Sport</nav>
<article><h1>North Korea fires ballistic missile</h1>
<p>Pyongyang fired a ballistic missile into the East Sea on Monday, the Joint Chiefs of Staff said.</p>
<p>The launch followed weeks of tension on the peninsula, according to Yonhap.</p>
</article><footer>© Example News</footer></body></html>"""


def upload(client, *files, follow=True):
    return client.post(UPLOAD, {"files": list(files)}, follow=follow)


def f(name: str, data: bytes | str, content_type: str = "text/plain") -> SimpleUploadedFile:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_the_import_page_offers_files_and_a_url(researcher_client):
    page = researcher_client.get(reverse("articles:import")).content.decode()
    assert 'type="file"' in page and "multiple" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'name="page_url"' in page


def test_one_text_file_opens_the_article(researcher_client, researcher):
    data = ENGLISH.encode()
    response = upload(researcher_client, f("launch.txt", data))
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert article.input_kind == Article.InputKind.FILE
    assert article.raw_filename == "launch.txt"
    assert bytes(article.raw_bytes) == data
    assert article.raw_input == ENGLISH
    assert article.imported_by == researcher
    assert "Pyongyang fired a ballistic missile" in article.text
    assert "Imported" in response.content.decode()
    assert not ImportJob.objects.exists()  # one file is imported at once, not as a job


def test_one_html_file_is_parsed_as_html(researcher_client):
    upload(researcher_client, f("launch.html", HTML, "text/html"))
    article = Article.objects.get()
    assert "Pyongyang fired a ballistic missile" in article.text
    assert "<p>" not in article.text
    assert article.raw_input == HTML


def test_htm_and_markdown_files(researcher_client):
    upload(researcher_client, f("a.htm", HTML, "text/html"))
    md = "# Missile test\n\nSeoul said **Pyongyang** fired two missiles on Tuesday, Yonhap reported.\n"
    upload(researcher_client, f("b.md", md, "text/markdown"))
    assert Article.objects.count() == 2
    assert "Pyongyang" in Article.objects.get(raw_filename="b.md").text


def test_markdown_markup_is_not_part_of_the_text(researcher_client):
    md = (
        "# Missile test\n\n"
        "Seoul said **Pyongyang** fired two missiles on Tuesday, "
        "[Yonhap](https://en.yna.co.kr/) reported.\n\n"
        "## Background\n\n- The first launch came in *January*, KCNA said.\n"
        "- Tokyo protested.\n\n<script>alert(1)</script>\n"
    )
    upload(researcher_client, f("test.md", md, "text/markdown"))
    article = Article.objects.get()
    assert article.raw_input == md
    assert article.title == "Missile test"
    assert "Seoul said Pyongyang fired two missiles on Tuesday, Yonhap reported." in article.text
    assert "The first launch came in January, KCNA said." in article.text
    for markup in ("**", "](", "##", "- The", "alert(1)"):
        assert markup not in article.text, markup


@pytest.mark.parametrize("codec", ["cp1252", "windows-1252"])
def test_windows_1252_file_is_decoded(researcher_client, codec):
    data = FRENCH.encode(codec)
    upload(researcher_client, f("depeche.txt", data))
    article = Article.objects.get()
    assert bytes(article.raw_bytes) == data  # the bytes as they came
    for word in ("ministère", "l’œuvre", "« achevée »", "cœur", "état-major", "d’après Séoul"):
        assert word in article.raw_input
        assert word in article.text or word in article.title


def test_latin_1_file_is_decoded(researcher_client):
    text = (
        "Essai nucléaire annoncé\n\n"
        "Le régime a annoncé un essai, a déclaré la télévision d'Etat à Séoul. "
        "Les élèves ont été évacués, selon la préfecture.\n"
    )
    upload(researcher_client, f("latin.txt", text.encode("latin-1")))
    article = Article.objects.get()
    assert "télévision d'Etat à Séoul" in article.text
    assert "élèves ont été évacués" in article.text


def test_utf16_file_with_bom_is_decoded(researcher_client):
    upload(researcher_client, f("utf16.txt", FRENCH.encode("utf-16")))
    assert "l’œuvre" in Article.objects.get().text


def test_html_declaring_its_charset_is_decoded(researcher_client):
    html = HTML.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "on Monday", "lundi, l’œuvre du ministère"
    )
    upload(researcher_client, f("declared.html", html.encode("cp1252"), "text/html"))
    assert "lundi, l’œuvre du ministère" in Article.objects.get().text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_file_is_refused(researcher_client, data):
    response = upload(researcher_client, f("empty.txt", data))
    assert "is empty" in response.content.decode()
    assert not Article.objects.exists()


def test_no_file_chosen_is_refused(researcher_client):
    response = researcher_client.post(UPLOAD, {})
    assert "Choose one or more files" in response.content.decode()
    assert not Article.objects.exists()


def test_file_over_the_size_limit_is_refused(researcher_client, settings):
    limit = settings.NEWSDESK_MAX_INPUT_BYTES
    data = ("Pyongyang a tiré un missile, selon Séoul. " * (limit // 40)).encode()
    assert len(data) > limit
    response = upload(researcher_client, f("huge.txt", data))
    page = response.content.decode()
    assert "the limit is 2.0 MB" in page
    assert not Article.objects.exists()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.html", PNG + b"\x00" * 200),
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"),
        ("report.htm", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100),
        ("program.md", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),
    ],
)
def test_binary_file_with_a_text_name_is_refused(researcher_client, name, data):
    response = upload(researcher_client, f(name, data))
    page = response.content.decode()
    assert "is not a text file" in page
    assert name in page
    assert not Article.objects.exists()


@pytest.mark.parametrize("name", ["article.docx", "photo.jpg", "notes"])
def test_unsupported_single_file_is_refused(researcher_client, name):
    response = upload(researcher_client, f(name, ENGLISH))
    assert "was not imported" in response.content.decode()
    assert not Article.objects.exists()


def test_broken_html_is_imported(researcher_client):
    broken = (
        "<html><head><title>Launch</title><body><div><p>Pyongyang fired a ballistic missile on "
        "Monday, the Joint Chiefs of Staff said.<p>The launch followed weeks of tension, "
        "according to Yonhap.</div></span></table><p>Unclosed <b>bold <i>and italic"
    )
    response = upload(researcher_client, f("broken.html", broken, "text/html"))
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert "Pyongyang fired a ballistic missile" in article.text
    assert article.raw_input == broken


HOSTILE = """<html><head><title>Missile launch</title>
<script>alert('head')</script><meta http-equiv="refresh" content="0;url=javascript:alert(1)">
</head><body onload="alert('body')">
<h1 onclick="alert('h1')">North Korea fires missile</h1>
<p onmouseover="alert('p')">Pyongyang fired a ballistic missile on Monday, the Joint Chiefs of Staff said.
<img src=x onerror="alert('img')"><script>document.write('injected')</script></p>
<p>The launch followed weeks of tension, <a href="javascript:alert('a')">according to Yonhap</a>.</p>
<iframe src="https://evil.example/"></iframe><svg onload="alert('svg')"></svg>
</body></html>"""


def test_hostile_html_is_stored_raw_and_never_rendered(researcher_client):
    response = upload(researcher_client, f("hostile.html", HOSTILE, "text/html"))
    article = Article.objects.get()
    assert article.raw_input == HOSTILE
    assert "alert(" not in article.text
    assert "injected" not in article.text
    page = response.content.decode()
    for needle in ("<script>alert", "onerror=", "onload=", "<iframe", "javascript:alert", "<svg"):
        assert needle not in page, needle
    raw = researcher_client.get(reverse("articles:article_raw", args=[article.pk]))
    assert raw["Content-Type"].startswith("text/plain")
    assert raw.content.decode() == HOSTILE
    removed = researcher_client.get(reverse("articles:article_removed", args=[article.pk]))
    assert "<script>" not in removed.content.decode()


def test_the_same_file_twice_leads_to_the_existing_article(researcher_client):
    upload(researcher_client, f("launch.txt", ENGLISH))
    first = Article.objects.get()
    response = upload(researcher_client, f("launch-copy.txt", ENGLISH))
    assert Article.objects.count() == 1
    assert response.redirect_chain[-1][0] == first.get_absolute_url()
    assert "already imported" in response.content.decode()


def test_a_file_with_the_same_text_as_a_paste_is_a_duplicate(researcher_client):
    researcher_client.post(reverse("articles:import"), {"text": ENGLISH})
    upload(researcher_client, f("launch.txt", ENGLISH.replace("\n", "\r\n")))
    assert Article.objects.count() == 1


def test_the_same_canonical_url_is_not_imported_twice(researcher_client):
    upload(researcher_client, f("a.html", HTML, "text/html"))
    first = Article.objects.get()
    assert first.canonical_url == "https://news.example/2025/missile-launch"
    other = HTML.replace("on Monday", "early on Monday morning")
    response = upload(researcher_client, f("b.html", other, "text/html"))
    assert Article.objects.count() == 1
    assert response.redirect_chain[-1][0] == first.get_absolute_url()


def test_what_was_removed_lists_the_dropped_lines(researcher_client, registry, seed_text):
    researcher_client.post(reverse("articles:import"), {"text": seed_text})
    article = Article.objects.get()
    assert article.dropped_lines
    response = researcher_client.get(reverse("articles:article_removed", args=[article.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for line in article.dropped_lines[:5]:
        assert line["reason"] in page
    assert "000-87vq9we-694fd7f3ad2fe518671886.jpg" in page


def test_what_was_removed_says_when_nothing_was(researcher_client):
    upload(researcher_client, f("launch.txt", ENGLISH))
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(dropped_lines=[])
    page = researcher_client.get(reverse("articles:article_removed", args=[article.pk]))
    assert "Nothing was removed" in page.content.decode()


def test_a_failure_part_way_leaves_nothing_half_saved(researcher_client, monkeypatch):
    from articles.services import imports

    def broken(article, **kwargs):
        raise RuntimeError("extractor crashed")

    monkeypatch.setattr(imports, "extract_article", broken)
    response = upload(researcher_client, f("launch.txt", ENGLISH))
    assert response.status_code == 200
    assert "nothing was saved" in response.content.decode()
    assert not Article.objects.exists()
    response = researcher_client.post(reverse("articles:import"), {"text": ENGLISH})
    assert "nothing was saved" in response.content.decode()
    assert not Article.objects.exists()
