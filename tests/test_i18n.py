"""Newsdesk in French: the catalogues are complete and current, templates hold no untranslated
text, and pages, messages, dates, numbers and reports follow the language chosen.

English stays the default (LANGUAGE_CODE): a browser asking for French gets French, the
switch in the navigation bar and the account's preference override the browser.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
CATALOGUES = [LOCALE / "fr" / "LC_MESSAGES" / name for name in ("django.po", "djangojs.po")]
# What makemessages reads: the app, the project package, the templates and our scripts.
SOURCES = ["articles", "newsdesk", "templates", "static/js", "manage.py"]
MAKEMESSAGES_IGNORE = ["--ignore=.venv", "--ignore=staticfiles", "--ignore=tests"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")
HTML_TAG = re.compile(r"</?[a-z]+")

FR = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}


def _keys(po: polib.POFile) -> set[tuple[str, str]]:
    return {(entry.msgctxt or "", entry.msgid) for entry in po if not entry.obsolete}


# -- the catalogues ----------------------------------------------------------------------


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_every_french_entry_is_translated_and_none_is_fuzzy(path):
    po = polib.pofile(str(path))
    assert len(po) > 0
    assert not po.metadata_is_fuzzy, f"{path.name}: the header is marked fuzzy"
    empty = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert not empty, f"{len(empty)} untranslated in {path.name}, e.g. {empty[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {path.name}, e.g. {fuzzy[:5]}"
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=2; plural=(n > 1)")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_translations_keep_the_placeholders_and_markup(path):
    """A translation that drops `%(name)s` or a `<strong>` breaks the page or loses data."""
    wrong = []
    for entry in polib.pofile(str(path)):
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            pairs = [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
        for source, target in pairs:
            for pattern in (PLACEHOLDER, HTML_TAG):
                if sorted(pattern.findall(source)) != sorted(pattern.findall(target)):
                    wrong.append(f"{source!r} → {target!r}")
    assert not wrong, "\n".join(wrong)


def test_the_desk_vocabulary_is_used():
    """Claim is « affirmation » (never « revendication »), a grade is a « cote »."""
    po = polib.pofile(str(CATALOGUES[0]))
    text = " ".join(e.msgstr for e in po) + " ".join(
        s for e in po for s in e.msgstr_plural.values()
    )
    assert "revendication" not in text.lower()
    by_id = {(e.msgctxt or "", e.msgid): e.msgstr for e in po}
    assert by_id[("", "Claim")] == "Affirmation"
    assert by_id[("", "Grade")] == "Cote"
    assert by_id[("", "Reliability")] == "Fiabilité"
    assert by_id[("", "Credibility")] == "Crédibilité"
    statuses = {m: by_id[("claim status", m)] for m in ("Corroborated", "Disputed", "Refuted")}
    assert statuses == {
        "Corroborated": "Corroborée",
        "Disputed": "Contestée",
        "Refuted": "Réfutée",
    }
    assert by_id[("claim status", "Unverifiable")] == "Invérifiable"


def test_the_catalogues_are_up_to_date_with_the_marked_strings(tmp_path):
    """makemessages over a copy of the sources finds exactly the entries the .po files hold.

    A string marked in code or a template but missing from the catalogue (or an entry whose
    string was removed) fails here: run the README's makemessages command and translate.
    """
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    for domain in ("django", "djangojs"):
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "fr", "-d", domain,
             *MAKEMESSAGES_IGNORE, "--verbosity=0"],
            cwd=tmp_path,
            check=True,
        )  # fmt: skip
    for committed in CATALOGUES:
        fresh = tmp_path / "locale" / "fr" / "LC_MESSAGES" / committed.name
        want, have = _keys(polib.pofile(str(fresh))), _keys(polib.pofile(str(committed)))
        assert not want - have, f"not in {committed.name}: {sorted(want - have)[:10]}"
        assert not have - want, f"no longer marked, still in {committed.name}: {sorted(have - want)[:10]}"


# -- templates hold no text outside translation tags -----------------------------------------

TEMPLATES = ROOT / "templates"
# Words that are the same in every language: names, formats, protocols, code.
ALLOWED_WORDS = {
    "Newsdesk", "HTTP", "HTML", "PDF", "CSV", "JSON", "API", "URL", "STIX", "KCNA",
    "HMAC", "SHA", "min", "Esc", "Ctrl", "Enter", "KR",
}
VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "hx-confirm")
# Tags whose content is not text for people.
_INVISIBLE = re.compile(r"<(script|style)\b.*?</\1>", re.S)
_TRANSLATED = re.compile(
    r"{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
    re.S,
)
_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
# Blocks that fill in CSS classes, and web addresses given as examples.
_NOT_TEXT = re.compile(
    r"{%\s*block\s+\w*class\s*%}.*?{%\s*endblock\s*%}|https?://[^\s\"'<>]+", re.S
)
_ELEMENT = re.compile(r"<[^<>]*>")
_ATTRIBUTE = re.compile(r"""\s([a-z-]+)=(?:"([^"]*)"|'([^']*)')""")
_WORD = re.compile(r"[^\W\d_]{2,}")


def untranslated_text(source: str) -> list[str]:
    """The words a person would read that are not inside a translation tag."""
    text = _NOT_TEXT.sub("§", _TRANSLATED.sub("§", source))
    text = _TAG.sub("§", text)
    text = _INVISIBLE.sub("", text)
    found = []
    for element in _ELEMENT.findall(text):
        for name, double, single in _ATTRIBUTE.findall(element):
            if name in VISIBLE_ATTRIBUTES:
                found += _WORD.findall(double or single)
    found += _WORD.findall(_ELEMENT.sub(" ", text).replace("&amp;", "&"))
    return [word for word in found if word not in ALLOWED_WORDS]


def test_the_check_finds_text_outside_translation_tags():
    assert untranslated_text('<p title="Close">{% translate "Save" %} now</p>') == [
        "Close",
        "now",
    ]
    assert untranslated_text('<p>{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}</p>') == []
    assert untranslated_text("<script>var x = 'text';</script>{{ value }} · ×") == []


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_templates_have_no_text_outside_translation_tags(template):
    source = template.read_text(encoding="utf-8")
    assert not untranslated_text(source), f"{template.name}: {untranslated_text(source)}"
    if _WORD.search(_TAG.sub("", _INVISIBLE.sub("", source))) and "{% translate" in source:
        assert "{% load" in source and "i18n" in source, f"{template.name} needs {{% load i18n %}}"


# -- pages in French --------------------------------------------------------------------------


def test_a_browser_asking_for_french_gets_french_and_english_stays_the_default(
    researcher_client, seed_article
):
    url = seed_article.get_absolute_url()
    english = researcher_client.get(url).content.decode()
    assert '<html lang="en">' in english and "Who makes the claim" not in english
    assert "27 December 2025, 14:01" in english
    french = researcher_client.get(url, headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert french["Content-Language"] == "fr"
    body = french.content.decode()
    assert '<html lang="fr">' in body
    assert "Affirmations dans l’ordre de lecture" in body
    assert "27 décembre 2025 à 14 h 01" in body
    assert "Raccourcis clavier" in body


def test_the_claim_panel_and_statuses_are_in_french(researcher_client, seed_article):
    claim = seed_article.claims.first()
    body = researcher_client.get(claim.get_absolute_url(), headers={"Accept-Language": "fr"})
    body = body.content.decode()
    assert "Qui fait l’affirmation" in body
    assert ">Non examinée</span>" in body
    assert "Crédibilité" in body and "Fiabilité" in body
    assert "Corroborée" in body and "Contestée" in body and "Réfutée" in body


def test_an_admin_named_status_stays_as_typed(researcher_client, seed_article):
    from articles.models import ClaimStatus

    ClaimStatus.objects.create(slug="needs-source", name="Needs a source", order=50)
    ClaimStatus.objects.filter(slug="disputed").update(name="Disputed (by whom?)")
    body = researcher_client.get("/claims/", headers={"Accept-Language": "fr"}).content.decode()
    assert "Needs a source" in body and "Disputed (by whom?)" in body
    assert "Corroborée" in body


def test_the_switch_saves_the_language_on_the_account_and_login_applies_it(
    client, researcher, seed_article
):
    from articles.models import UserPreference

    client.force_login(researcher)
    response = client.post("/language/", {"language": "fr", "next": "/claims/"})
    assert response.status_code == 302 and response["Location"] == "/claims/"
    assert UserPreference.objects.get(user=researcher).language == "fr"
    # The browser asks for English; the account's choice wins.
    body = client.get("/claims/", headers={"Accept-Language": "en"}).content.decode()
    assert "Chercher des affirmations" in body
    # A new session (another browser) gets it at login.
    client.logout()
    client.force_login(researcher)
    body = client.get("/", headers={"Accept-Language": "en"}).content.decode()
    assert "Importer un article" in body
    # Back to English, and the next page is English although the browser asks for French.
    client.post("/language/", {"language": "en", "next": "/"})
    body = client.get("/", headers={"Accept-Language": "fr"}).content.decode()
    assert "Import an article" in body and UserPreference.objects.get().language == "en"


def test_the_switch_refuses_to_send_the_browser_elsewhere(client, researcher):
    client.force_login(researcher)
    response = client.post("/language/", {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_before_login_the_switch_sets_a_cookie(client, db):
    response = client.post("/language/", {"language": "fr", "next": "/accounts/login/"})
    assert response.cookies["django_language"].value == "fr"
    body = client.get("/accounts/login/").content.decode()
    assert "Se connecter à" in body


def test_messages_after_an_edit_are_in_french(researcher_client, seed_article):
    claim = seed_article.claims.first()
    url = f"/articles/{seed_article.pk}/claims/{claim.pk}/edit/"
    response = researcher_client.post(
        url,
        {"version": claim.version, "form": "review", "status": "disputed", "credibility": "9"},
        headers={"Accept-Language": "fr", "HX-Request": "true"},
    )
    assert "La crédibilité est un chiffre de 1 à 6." in response.content.decode()


def test_numbers_and_dates_follow_the_language():
    import datetime as dt

    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import formats, timezone

    moment = timezone.make_aware(dt.datetime(2025, 12, 27, 14, 1))
    with translation.override("fr"):
        assert intcomma(10000) == "10\u00a0000"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "27 décembre 2025 à 14 h 01"
        early = timezone.make_aware(dt.datetime(2026, 1, 3, 6, 5))
        assert formats.date_format(early, "SHORT_DATETIME_FORMAT") == "3 jan. 2026 à 6 h 05"
    with translation.override("en"):
        assert intcomma(10000) == "10,000"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "27 December 2025, 14:01"


def test_the_javascript_catalogue_is_french_and_served_under_the_csp(client, db):
    response = client.get("/jsi18n/", headers={"Accept-Language": "fr"})
    assert response.status_code == 200
    # The catalogue is JSON inside the script: "é" is written \u00e9.
    assert "Aucune autre affirmation non examin\\u00e9e" in response.content.decode()
    page = client.get("/accounts/login/", headers={"Accept-Language": "fr"})
    assert '<script src="/jsi18n/?lang=fr"' in page.content.decode()
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_the_api_stays_english_whatever_the_client_asks(client, researcher):
    from articles.services.tokens import create_token

    _token, secret = create_token(researcher, name="notebook", scope="read")
    response = client.get(
        "/api/v1/claims?grade=Z9",
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": "fr"},
    )
    assert response.status_code == 400
    assert "is not an Admiralty grade" in response.json()["detail"]


# -- reports ------------------------------------------------------------------------------


def test_the_report_builder_offers_the_users_language_by_default(researcher_client, seed_article):
    body = researcher_client.get(
        f"/reports/?article={seed_article.pk}", headers={"Accept-Language": "fr"}
    ).content.decode()
    assert "Exporter un rapport" in body and "Langue du rapport" in body
    assert 'name="report_language" value="fr" checked' in body


def test_a_markdown_report_in_french_and_the_csv_in_english(researcher_client, seed_article):
    params = {"article": seed_article.pk, "format": "md", "report_language": "fr"}
    response = researcher_client.get("/reports/download/", params)
    text = b"".join(response.streaming_content).decode()
    assert "- **Statut\u00a0:** Non examinée" in text
    assert "Affirmation 1 (n°" in text
    assert "27 décembre 2025 à 14 h 01" in text
    # Asked in English from a French page, the report is English.
    params["report_language"] = "en"
    response = researcher_client.get("/reports/download/", params, headers={"Accept-Language": "fr"})
    assert "- **Status:** Unreviewed" in b"".join(response.streaming_content).decode()
    # The CSV's columns and values stay English, whatever the page's language.
    params.update(format="csv", report_language="fr")
    response = researcher_client.get("/reports/download/", params, headers={"Accept-Language": "fr"})
    csv_text = b"".join(response.streaming_content).decode()
    assert csv_text.lstrip("\ufeff").startswith("article_id,")
    assert "Unreviewed" in csv_text and "Non examinée" not in csv_text


def test_an_html_report_in_french_has_french_headings_legends_and_statuses(
    researcher_client, seed_article
):
    params = {"article": seed_article.pk, "format": "html", "report_language": "fr"}
    html = b"".join(researcher_client.get("/reports/download/", params).streaming_content).decode()
    assert '<html lang="fr">' in html
    assert "Rapport d’affirmations" in html and "Affirmations par statut" in html
    assert "Les cotes suivent le système de l’Amirauté" in html
    assert ">Non examinée<" in html


def test_every_source_role_has_its_translatable_label():
    """The roles live in plain Python (the extractor); the model names them for the pages."""
    from articles.extraction.descriptions import ROLES
    from articles.models import ROLE_LABELS

    with translation.override("en"):
        assert {key: str(label) for key, label in ROLE_LABELS.items()} == ROLES
    with translation.override("fr"):
        assert str(ROLE_LABELS["intelligence"]) == "Service de renseignement"


def test_every_reason_the_cleaner_gives_is_translated():
    """The cleaner (plain Python) stores its reasons in English; the pages translate them."""
    from articles.ingest import furniture, html
    from articles.templatetags.desk_i18n import DROP_REASONS, drop_reason

    reasons = {v for k, v in vars(furniture).items() if k.startswith("R_")}
    reasons |= set(html._FURNITURE_REASONS.values())
    assert reasons <= set(DROP_REASONS), sorted(reasons - set(DROP_REASONS))
    with translation.override("fr"):
        assert drop_reason("photo credit") == "crédit photo"
        assert drop_reason("a reason added later") == "a reason added later"


def test_texts_sent_to_a_person_use_their_saved_language(researcher, desk_admin):
    from articles.models import UserPreference
    from articles.services.preferences import language_for

    UserPreference.objects.create(user=researcher, language="fr")
    assert language_for(researcher) == "fr"
    assert language_for(desk_admin) == "en"  # nothing saved: the desk's default


def test_a_bulk_import_records_its_refusals_in_the_language_of_who_started_it(
    researcher_client, researcher, settings, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import ImportJob, UserPreference

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    UserPreference.objects.create(user=researcher, language="fr")
    files = [
        SimpleUploadedFile("vide.txt", b"   "),
        SimpleUploadedFile("dépêche.txt", "Séoul\n\nPyongyang a tiré un missile lundi.".encode()),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        researcher_client.post("/import/files/", {"files": files})
    job = ImportJob.objects.get()
    assert job.failures, job.imported
    assert "Le fichier «\u00a0vide.txt\u00a0» est vide" in job.failures[0]["reason"]


# -- the desk ------------------------------------------------------------------------------


def test_the_desk_pages_and_notifications_are_in_french(client, researcher):
    from articles.services import desk
    from tests.factories import ClaimFactory, ResearcherFactory

    otto = ResearcherFactory(username="otto")
    claim = ClaimFactory()
    desk.assign([claim.pk], assignee=otto, by=researcher)
    desk.assign([ClaimFactory().pk, ClaimFactory().pk], assignee=otto, by=researcher, blind=True)
    client.force_login(otto)
    inbox = client.get("/inbox/", headers={"Accept-Language": "fr"}).content.decode()
    assert "<h1>Boîte de réception</h1>" in inbox
    assert "rita vous a affecté une affirmation" in inbox
    assert "rita vous a affecté 2 affirmations à coter à l’aveugle" in inbox
    assert 'aria-label="2 non lues"' in inbox and "Ma file" in inbox
    queue = client.get("/queue/", headers={"Accept-Language": "fr"}).content.decode()
    assert "3 affectations ouvertes" in queue and "cotation à l’aveugle" in queue
    panel = client.get(claim.get_absolute_url(), headers={"Accept-Language": "fr"})
    panel = panel.content.decode()
    assert "<h3>La rédaction</h3>" in panel and "Affectée à\u00a0:" in panel
    # The same pages stay English by default.
    assert "rita assigned you 2 claims to grade blind" in client.get("/inbox/").content.decode()


def test_a_desk_refusal_is_in_the_language_of_the_page(researcher_client, seed_article):
    claim = seed_article.claims.first()
    url = f"/articles/{seed_article.pk}/claims/{claim.pk}/assign/"
    response = researcher_client.post(
        url, {"assignee": "nobody-here"}, headers={"Accept-Language": "fr", "HX-Request": "true"}
    )
    assert "Il n’y a pas d’utilisateur «\u00a0nobody-here\u00a0» à la rédaction." in (
        response.content.decode()
    )


def test_a_digest_is_written_in_each_recipients_language(researcher):
    from django.core import mail

    from articles.models import UserPreference
    from articles.services import desk, notifications
    from tests.factories import ClaimFactory, ResearcherFactory

    otto, hugo = ResearcherFactory(username="otto"), ResearcherFactory(username="hugo")
    UserPreference.objects.create(user=otto, language="fr")
    for person in (otto, hugo):
        notifications.set_digest(person, "daily")
        desk.assign([ClaimFactory().pk], assignee=person, by=researcher)
        desk.assign([ClaimFactory().pk, ClaimFactory().pk], assignee=person, by=researcher)
    with translation.override("en"):
        assert notifications.send_digests("daily") == 2
        # The recipient's language does not leak into whoever triggered the sending.
        assert translation.get_language() == "en"
    sent = {message.to[0].split("@")[0]: message for message in mail.outbox}
    assert sent["otto"].subject == "Newsdesk\u00a0: votre récapitulatif quotidien (2)"
    assert sent["otto"].body.startswith("Bonjour otto,")
    assert "- rita vous a affecté 2 affirmations (" in sent["otto"].body
    assert "Votre boîte de réception\u00a0: /inbox/" in sent["otto"].body
    assert sent["hugo"].subject == "Newsdesk: your daily digest (2)"
    assert "- rita assigned you 2 claims (" in sent["hugo"].body


def test_a_saved_searchs_feed_speaks_its_subscribers_language(client, researcher, seed_article):
    import feedparser

    from articles.models import Subscription, UserPreference
    from articles.services import saved_searches

    saved_searches.save_search(user=researcher, name="Pyongyang", params={"status": "unreviewed"})
    url = f"/feeds/searches/{Subscription.objects.get().feed_token}.atom"
    english = feedparser.parse(client.get(url, headers={"Accept-Language": "fr"}).content)
    assert english.feed.title == "Newsdesk: Pyongyang" and english.feed.language == "en"
    assert english.entries[0].summary.endswith("— Unreviewed")
    UserPreference.objects.create(user=researcher, language="fr")
    response = client.get(url)
    assert response["Content-Language"] == "fr"
    french = feedparser.parse(response.content)
    assert french.feed.title == "Newsdesk\u00a0: Pyongyang" and french.feed.language == "fr"
    assert french.entries[0].summary.endswith("— Non examinée")


# -- the models and the admin -------------------------------------------------------------

# Names that are the same word in both languages: these need a marker, not a different text.
SAME_IN_FRENCH = {
    "source", "sources", "article", "articles", "note", "notes", "version", "alias",
    "description", "mention", "position", "attribution", "attributions", "notification",
    "notifications", "total", "secret", "webhook", "webhooks", "score", "suggestions", "code",
    "url", "format",
}  # fmt: skip
# A help text that only shows a data shape (`[{text, credit}]`, `#rrggbb`) reads the same.
NOTATION = re.compile(r"^[\[{#][\[\]{}a-z_, .]*$")


def _articles_models():
    from django.apps import apps

    return list(apps.get_app_config("articles").get_models())


def _untranslated(texts):
    """The (where, English) pairs whose text is not a lazy translation with a French text."""
    from django.utils.functional import Promise

    wrong = []
    for where, text in texts:
        if not isinstance(text, Promise):
            wrong.append((where, f"{text!r} is not marked"))
            continue
        english = str(text)
        with translation.override("fr"):
            french = str(text)
        same_word = english.lower() in SAME_IN_FRENCH or NOTATION.match(english)
        if french == english and not same_word:
            wrong.append((where, f"{english!r} has no French"))
    return wrong


def test_every_model_of_the_articles_app_has_a_french_name():
    texts = []
    for model in _articles_models():
        opts = model._meta
        if opts.model_name == "historicalclaim_tags":
            continue  # simple_history names an m2m's history itself, with no way to set it
        texts += [(opts.label, opts.verbose_name), (opts.label, opts.verbose_name_plural)]
    assert len(texts) > 60  # the models and their history
    wrong = _untranslated(texts)
    assert not wrong, "\n".join(f"{where}: {why}" for where, why in wrong)


def test_every_field_of_the_articles_app_has_a_french_name_and_help_text():
    """Concrete and many-to-many fields of the models (history's own fields are the
    library's; a model's history copies its fields, so they are checked once)."""
    texts = []
    for model in _articles_models():
        if model.__name__.startswith("Historical"):
            continue
        opts = model._meta
        for field in [*opts.local_fields, *opts.local_many_to_many]:
            if field.auto_created:  # the automatic `id`: Django's own "ID"
                continue
            where = f"{opts.label}.{field.name}"
            texts.append((where, field.verbose_name))
            if field.help_text:
                texts.append((where + " (help)", field.help_text))
    assert len(texts) > 300
    wrong = _untranslated(texts)
    assert not wrong, "\n".join(f"{where}: {why}" for where, why in wrong)


def test_the_check_of_model_names_finds_an_unmarked_or_untranslated_name():
    from django.utils.translation import gettext_lazy

    assert _untranslated([("x", "reliability")]) == [("x", "'reliability' is not marked")]
    assert _untranslated([("x", gettext_lazy("no such phrase in the catalogue"))])
    assert not _untranslated([("x", gettext_lazy("reliability")), ("y", gettext_lazy("note"))])


def test_the_admin_shows_the_claims_columns_in_french_for_a_french_user(
    client, desk_admin, seed_article
):
    from articles.models import UserPreference

    UserPreference.objects.create(user=desk_admin, language="fr")
    client.force_login(desk_admin)  # the saved language is applied at login
    body = client.get("/admin/articles/claim/", headers={"Accept-Language": "en"}).content
    body = body.decode()
    headers = re.findall(r'<th scope="col"[^>]*>.*?<a href="[^"]*">([^<]+)</a>', body, re.S)
    assert {"Affirmation", "Article", "Statut", "Crédibilité", "Origine", "Rejetée"} <= set(
        headers
    ), headers
    assert "Modifié le" in headers
    assert "<h1>Sélectionnez l’objet affirmation à changer</h1>" in body
    index = client.get("/admin/").content.decode()
    models = set(
        re.findall(r'<th scope="row"[^>]*>\s*<a href="/admin/articles/[a-z]+/">([^<]+)<', index)
    )
    assert {"Affirmations", "Statuts d’affirmation", "Liens entre affirmations"} <= models, models
    # English users keep the names Django derived before they were marked.
    UserPreference.objects.filter(user=desk_admin).update(language="en")
    client.logout()
    client.force_login(desk_admin)
    body = client.get("/admin/articles/claim/").content.decode()
    headers = re.findall(r'<th scope="col"[^>]*>.*?<a href="[^"]*">([^<]+)</a>', body, re.S)
    assert {"Claim", "Article", "Status", "Credibility", "Origin", "Is rejected"} <= set(headers)
