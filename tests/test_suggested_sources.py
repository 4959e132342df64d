"""Suggested sources: unresolved mentions listed by frequency, and aliases that re-resolve."""

import pytest
from django.urls import reverse

from articles.models import Attribution, Source
from articles.services import registry
from articles.services.extraction import extract_article
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Itsunori Onodera a déclaré que le missile était tombé en mer. "
    "Itsunori Onodera a ajouté que Tokyo protesterait. "
    "Selon Yonhap, Pyongyang a tiré deux missiles."
)


@pytest.fixture
def article(registry):
    article = ArticleFactory(text=TEXT, raw_input=TEXT, language="fr")
    extract_article(article)
    return article


def _unresolved(article):
    return list(
        Attribution.objects.filter(claim__article=article, source__isnull=True).values_list(
            "mention", flat=True
        )
    )


def test_unresolved_mentions_are_listed_by_frequency_with_their_sentences(
    admin_client_desk, article
):
    assert any("Onodera" in m for m in _unresolved(article))
    AttributionFactory(claim=ClaimFactory(article=article), source=None, mention="il")
    page = admin_client_desk.get(reverse("articles:source_suggestions"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Itsunori Onodera" in html
    assert "le missile était tombé en mer" in html  # the sentence it comes from
    rows = page.context["mentions"]
    assert rows[0].key == "itsunori onodera" and rows[0].count == 2
    assert all(r.key != "il" for r in rows)  # a pronoun cannot become an alias


def test_adding_a_mention_as_an_alias_re_resolves_its_claims(admin_client_desk, article):
    minister = SourceFactory(name="Japanese defence ministry", kind="government", country="JP")
    response = admin_client_desk.post(
        reverse("articles:source_suggestion_alias"),
        {"mention": "Itsunori Onodera", "source": minister.pk},
        follow=True,
    )
    assert "2 mentions now resolve" in response.content.decode()
    resolved = Attribution.objects.filter(claim__article=article, source=minister)
    assert resolved.count() == 2
    assert not any("Onodera" in m for m in _unresolved(article))
    # the change is in the attribution's history
    assert resolved.first().history.first().source_id == minister.pk


def test_adding_a_mention_as_a_new_source(admin_client_desk, article):
    response = admin_client_desk.post(
        reverse("articles:source_suggestion_new"),
        {"mention": "Itsunori Onodera", "name": "Itsunori Onodera", "kind": "official",
         "country": "jp", "role": ""},
        follow=True,
    )
    source = Source.objects.get(name="Itsunori Onodera")
    assert source.country == "JP" and source.kind == "official"
    assert "2 mentions now resolve" in response.content.decode()
    assert Attribution.objects.filter(source=source).count() == 2


def test_researchers_cannot_use_the_suggestions(researcher_client, article):
    assert researcher_client.get(reverse("articles:source_suggestions")).status_code == 403
    source = SourceFactory(name="Somebody")
    response = researcher_client.post(
        reverse("articles:source_suggestion_alias"),
        {"mention": "Itsunori Onodera", "source": source.pk},
    )
    assert response.status_code == 403
    assert not source.aliases.filter(alias="Itsunori Onodera").exists()


def test_an_ambiguous_alias_is_refused_with_a_message(admin_client_desk, registry):
    kim = Source.objects.get(name="Kim Jong-un")
    response = admin_client_desk.post(
        reverse("articles:source_suggestion_alias"), {"mention": "Kim", "source": kim.pk},
        follow=True,
    )
    html = response.content.decode()
    assert "ambiguous" in html and "Kim Yo-jong" in html
    assert not kim.aliases.filter(normalized="kim").exists()


def test_an_alias_of_another_source_is_refused():
    nis = SourceFactory(name="NIS")
    nis.aliases.create(alias="spy agency")
    other = SourceFactory(name="HUR")
    with pytest.raises(registry.AliasRefused, match="already names NIS"):
        registry.add_alias(other, "Spy Agency")


def test_saving_an_alias_on_the_source_page_re_resolves_and_says_how_many(
    admin_client_desk, article
):
    response = admin_client_desk.post(
        reverse("articles:source_create"),
        {"name": "Japan defence ministry", "kind": "government", "country": "JP",
         "reliability": "B", "aliases": "Itsunori Onodera | fr", "is_active": "on"},
        follow=True,
    )
    assert "2 mentions now resolve" in response.content.decode()
    assert not any("Onodera" in m for m in _unresolved(article))


def test_source_form_refuses_an_ambiguous_alias(admin_client_desk, registry):
    kim = Source.objects.get(name="Kim Jong-un")
    aliases = "\n".join(a.alias for a in kim.aliases.all())
    response = admin_client_desk.post(
        reverse("articles:source_edit", args=[kim.slug]),
        {"name": kim.name, "kind": kim.kind, "country": kim.country, "reliability": "C",
         "aliases": aliases + "\nKim", "is_active": "on"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert "ambiguous" in response.content.decode()
    kim.refresh_from_db()
    assert kim.reliability != "C"  # nothing was saved
    assert not kim.aliases.filter(normalized="kim").exists()


def test_a_large_corpus_re_resolves_in_the_background(
    monkeypatch, article, settings, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(registry, "RERESOLVE_INLINE_LIMIT", 0)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    source = SourceFactory(name="Japan defence ministry")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sync = registry.add_alias(source, "Itsunori Onodera")
    assert sync.queued and "background" in sync.message()
    assert sync.resolved == 0 and len(callbacks) == 1
    assert any("Onodera" in m for m in _unresolved(article))  # not yet
    callbacks[0]()  # the commit runs the task (immediately with this backend)
    assert not any("Onodera" in m for m in _unresolved(article))


def test_a_word_shared_only_by_organisations_is_not_ambiguous():
    kcna = SourceFactory(name="KCNA", kind="state_media")
    kcna.aliases.create(alias="Pyongyang's state news agency")
    government = SourceFactory(name="North Korean government", kind="government")
    assert registry.alias_problem("Pyongyang", government) is None


def test_a_mention_a_researcher_cleared_stays_cleared(admin_client_desk, article, researcher):
    """A researcher removed a wrong resolution: adding aliases later never puts it back."""
    from articles.services import claims as claim_service

    yonhap = Attribution.objects.get(claim__article=article, source__slug="yonhap")
    claim = yonhap.claim
    claim_service.change_attribution(
        yonhap.pk, version=claim.version, user=researcher, source_id=""
    )
    assert Attribution.objects.get(pk=yonhap.pk).source is None
    registry.reresolve_mentions()
    assert Attribution.objects.get(pk=yonhap.pk).source is None
    # a mention that never had a source still resolves once its alias exists
    minister = SourceFactory(name="Japanese defence ministry", kind="government", country="JP")
    registry.add_alias(minister, "Itsunori Onodera")
    assert Attribution.objects.filter(claim__article=article, source=minister).count() == 2
