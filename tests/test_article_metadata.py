"""Editable article metadata, the reader's one-line check, undated and outlet-less articles.

Reported: a wrong headline could not be fixed (title, outlet, dates, language were
editable by no one); a French article showed "UNKNOWN OUTLET"; the article list's date
column showed the import time of undated articles as if it were a publication date,
and "newest" sorted them last.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.ingest.furniture import R_HEADER
from articles.models import Article
from articles.services import articles as service
from articles.services.imports import import_article
from tests.factories import ArticleFactory, ClaimFactory, SourceAliasFactory, SourceFactory

pytestmark = pytest.mark.django_db

UNDATED_PASTE = (
    "Pyongyang fires two ballistic missiles into the sea\n\n"
    "North Korea fired two ballistic missiles into the sea on Monday, South Korea's Joint "
    "Chiefs of Staff said, weeks after the last launch. The launches came as Seoul and "
    "Washington held joint drills, according to Yonhap.\n\n"
    "Japan's defence ministry said the missiles fell outside its exclusive economic zone.\n"
)


def form(article, **changes):
    data = {
        "version": article.version,
        "title": article.title,
        "lead": article.lead,
        "outlet": article.outlet_name,
        "published_at": "",
        "updated_at": "",
        "language": article.language,
        "url": article.url,
    }
    data.update(changes)
    return data


def url(article):
    return reverse("articles:article_metadata", args=[article.pk])


def test_a_researcher_fixes_title_outlet_dates_language_and_url(researcher_client, researcher):
    yonhap = SourceFactory(name="Yonhap")
    SourceAliasFactory(source=yonhap, alias="Yonhap News Agency")
    article = ArticleFactory(title="The sub-deck, not the headline", language="fr")
    response = researcher_client.post(url(article), form(
        article, title="Pyongyang fires two missiles", outlet="Yonhap News Agency",
        published_at="2025-12-27T14:01", updated_at="2025-12-27T14:07", language="en",
        url="https://en.yna.co.kr/view/AEN20251227",
    ))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Pyongyang fires two missiles"
    assert article.publisher == yonhap
    # typed in the desk's time (Europe/Paris, UTC+1 in December)
    assert article.published_at == dt.datetime(2025, 12, 27, 13, 1, tzinfo=dt.UTC)
    assert article.updated_at == dt.datetime(2025, 12, 27, 13, 7, tzinfo=dt.UTC)
    assert (article.language, article.url) == ("en", "https://en.yna.co.kr/view/AEN20251227")
    assert article.version == 2
    assert article.history.latest().history_user == researcher
    change = service.metadata_history(article)[0]
    assert change.who == researcher.username
    assert ("title", "The sub-deck, not the headline", "Pyongyang fires two missiles") in (
        change.details
    )


def test_an_outlet_the_registry_does_not_know_is_kept_as_written(researcher_client):
    article = ArticleFactory()
    researcher_client.post(url(article), form(article, outlet="Le Courrier de Séoul"))
    article.refresh_from_db()
    assert (article.publisher, article.publisher_name) == (None, "Le Courrier de Séoul")


def test_htmx_save_answers_with_the_new_header(researcher_client):
    article = ArticleFactory()
    response = researcher_client.post(
        url(article), form(article, title="A better headline"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="article-head"' in html and "A better headline" in html
    assert "<html" not in html


def test_the_form_opens_in_the_header_with_htmx_and_as_a_page_without(researcher_client):
    article = ArticleFactory(title="Old title")
    partial = researcher_client.get(url(article), HTTP_HX_REQUEST="true").content.decode()
    assert 'id="metadata-form"' in partial and "<html" not in partial
    page = researcher_client.get(url(article)).content.decode()
    assert 'id="metadata-form"' in page and "<html" in page and 'value="Old title"' in page


def test_two_editors_never_overwrite_each_other(researcher_client, researcher):
    article = ArticleFactory(title="First title")
    service.update_metadata(article.pk, version=1, user=researcher, title="Colleague's title")
    response = researcher_client.post(url(article), form(article, version=1, title="Mine"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed these details" in html
    assert "First title → Colleague&#x27;s title" in html or "First title → Colleague's" in html
    assert 'value="Mine"' in html  # what was typed is kept
    assert 'name="version" value="2"' in html
    article.refresh_from_db()
    assert article.title == "Colleague's title"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "This field is required"),
        ({"url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"published_at": "27/13/2025"}, "Give the publication date as"),
        ({"published_at": "2025-12-27T14:00", "updated_at": "2025-12-26T10:00"},
         "The update time is before the publication time"),
        ({"version": "x"}, "no article version; reload the page"),
        ({"language": "xx"}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_message_not_a_500(researcher_client, changes, message):
    article = ArticleFactory(title="Kept")
    response = researcher_client.post(url(article), form(article, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Kept" and article.version == 1


def test_a_desk_member_without_edit_rights_is_refused(client, django_user_model):
    article = ArticleFactory()
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.post(url(article), form(article, title="No")).status_code == 403


def test_import_flags_what_the_parser_was_unsure_of(researcher):
    article = import_article(UNDATED_PASTE, user=researcher).article
    assert "date" in article.metadata_doubts
    assert "outlet" in article.metadata_doubts


def test_a_title_under_dropped_page_header_lines_is_a_guess():
    doubts = service.metadata_doubts(
        title="The sub-deck", published_at=timezone.now(), publisher=None,
        publisher_name="franceinfo", input_format="text", dropped_reasons=[R_HEADER],
    )
    assert doubts == ["title"]
    sure = service.metadata_doubts(
        title="The sub-deck", published_at=timezone.now(), publisher=None,
        publisher_name="franceinfo", input_format="html", dropped_reasons=[R_HEADER],
    )
    assert sure == []


def test_the_seed_article_raises_no_doubt(seed_article):
    assert seed_article.metadata_doubts == []


def test_the_reader_offers_a_one_line_check_until_confirmed(researcher_client, researcher):
    article = import_article(UNDATED_PASTE, user=researcher).article
    page = researcher_client.get(article.get_absolute_url()).content.decode()
    assert "Title, outlet, date right?" in page
    assert "no publication date was found" in page
    response = researcher_client.post(url(article), {"version": article.version, "confirm": "1"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.metadata_doubts == []
    page = researcher_client.get(article.get_absolute_url()).content.decode()
    assert "Title, outlet, date right?" not in page
    assert "Edit the title, outlet, dates" in page


def test_no_known_outlet_is_said_in_words(researcher_client):
    article = ArticleFactory(publisher=None, publisher_name="", published_at=None)
    page = researcher_client.get(article.get_absolute_url()).content.decode()
    assert "outlet not known" in page
    assert "Unknown outlet" not in page and "UNKNOWN OUTLET" not in page
    assert "date not known" in page


def test_the_list_says_undated_instead_of_showing_the_import_time(researcher_client):
    undated = ArticleFactory(title="Undated piece", published_at=None)
    html = researcher_client.get(reverse("articles:article_list")).content.decode()
    row = html[html.index("Undated piece"):]
    shown = re.sub(r"<[^>]+>", " ", row[: row.index("</tr>")])
    assert "undated" in shown
    imported = timezone.localtime(undated.imported_at)
    assert f"{imported:%H:%M}" not in shown  # the import time is not shown as a date


def test_newest_puts_an_undated_article_by_its_import_time(researcher_client):
    ArticleFactory(title="Dated last year", published_at=timezone.now() - dt.timedelta(days=365))
    ArticleFactory(title="Undated, imported now", published_at=None)
    html = researcher_client.get(reverse("articles:article_list")).content.decode()
    assert html.index("Undated, imported now") < html.index("Dated last year")


def test_claims_newest_puts_undated_articles_by_import_time(researcher_client):
    old = ArticleFactory(published_at=timezone.now() - dt.timedelta(days=365))
    new = ArticleFactory(published_at=None)
    ClaimFactory(article=old)
    recent = ClaimFactory(article=new)
    html = researcher_client.get(reverse("articles:claim_list") + "?sort=newest").content.decode()
    first = html.index(recent.get_absolute_url())
    assert first < html.index(f"/articles/{old.pk}/claims/")
    oldest = researcher_client.get(reverse("articles:claim_list") + "?sort=oldest")
    html = oldest.content.decode()
    assert html.index(f"/articles/{old.pk}/claims/") < html.index(recent.get_absolute_url())


def test_article_metadata_history_is_kept_per_edit(researcher, desk_admin):
    article = ArticleFactory(title="One")
    service.update_metadata(article.pk, version=1, user=researcher, title="Two")
    service.update_metadata(article.pk, version=2, user=desk_admin, title="Three")
    history = service.metadata_history(Article.objects.get(pk=article.pk))
    assert [(c.who, c.details[0][1:]) for c in history] == [
        (desk_admin.username, ("Two", "Three")),
        (researcher.username, ("One", "Two")),
    ]


def test_an_edit_in_the_django_admin_moves_the_version_on(desk_admin, researcher_client):
    from django.test import Client

    admin_client_desk = Client()
    admin_client_desk.force_login(desk_admin)
    article = ArticleFactory(title="Before")
    opened = form(article, title="Mine")  # a researcher opens the form at version 1
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = {
        "title": "Admin's title", "lead": "", "url": "", "publisher": "", "publisher_name": "",
        "authors": "[]", "language": "en", "captions": "[]", "dropped_lines": "[]",
        "metadata_doubts": "[]",
    }
    response = admin_client_desk.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert (article.title, article.version) == ("Admin's title", 2)
    refused = researcher_client.post(url(article), opened)
    assert "Someone else changed these details" in refused.content.decode()
    article.refresh_from_db()
    assert article.title == "Admin's title"


def test_confirming_after_a_colleagues_edit_shows_their_version(researcher_client, researcher):
    article = ArticleFactory(title="Theirs soon", metadata_doubts=["date"])
    service.update_metadata(article.pk, version=1, user=researcher, title="Their title")
    response = researcher_client.post(
        url(article), {"version": 1, "confirm": "1"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "A colleague changed these details meanwhile" in html and "Their title" in html
