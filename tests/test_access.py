"""Every URL pattern, walked as an anonymous visitor, a user with no role, a researcher and an admin.

A new URL pattern must be added to ACCESS: the walk fails on any pattern it does not know.
Codes: 200 page, 302 redirect (anonymous: to the login page), 403 refused, 405 (GET on a
POST-only endpoint, which still must refuse anonymous and role-less users first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    ImportJobFactory,
    NoteFactory,
    SourceFactory,
    TagFactory,
    UserFactory,
)

ANON, NOROLE, RESEARCHER, ADMIN = "anonymous", "no role", "researcher", "admin"


@dataclass
class World:
    """One of each object a URL can point at."""

    article: object
    claim: object
    note: object
    source: object
    tag: object
    other_claim: object


def _story():
    from articles.models import Story

    return Story.objects.create(canonical="one claim, many articles")


def everyone(code: int) -> dict[str, int]:
    """Login required, any desk role gets `code`."""
    return {ANON: 302, NOROLE: 403, RESEARCHER: code, ADMIN: code}


def token_only(code: int = 401) -> dict[str, int]:
    """API operations: a login session is no token (401); a role-less session is refused
    first by the desk-membership check (403)."""
    return {ANON: code, NOROLE: 403, RESEARCHER: code, ADMIN: code}


def admins_only(code: int) -> dict[str, int]:
    return {ANON: 302, NOROLE: 403, RESEARCHER: 403, ADMIN: code}


Kwargs = Callable[[World], dict]
NO_ARGS: Kwargs = lambda w: {}  # noqa: E731

# url name -> (kwargs from the world, expected status per role)
ACCESS: dict[str, tuple[Kwargs, dict[str, int]]] = {
    # accounts
    "login": (NO_ARGS, {ANON: 200, NOROLE: 200, RESEARCHER: 200, ADMIN: 200}),
    "logout": (NO_ARGS, {ANON: 302, NOROLE: 405, RESEARCHER: 405, ADMIN: 405}),
    "password_change": (NO_ARGS, {ANON: 302, NOROLE: 200, RESEARCHER: 200, ADMIN: 200}),
    "password_change_done": (NO_ARGS, {ANON: 302, NOROLE: 200, RESEARCHER: 200, ADMIN: 200}),
    "password_reset": (NO_ARGS, {ANON: 200, NOROLE: 200, RESEARCHER: 200, ADMIN: 200}),
    "password_reset_done": (NO_ARGS, {ANON: 200, NOROLE: 200, RESEARCHER: 200, ADMIN: 200}),
    "password_reset_confirm": (
        lambda w: {"uidb64": "MQ", "token": "set-password"},
        {ANON: 200, NOROLE: 200, RESEARCHER: 200, ADMIN: 200},
    ),
    "password_reset_complete": (NO_ARGS, {ANON: 200, NOROLE: 200, RESEARCHER: 200, ADMIN: 200}),
    # operations: outside login; /metrics answers loopback in development (the test client)
    "healthz": (NO_ARGS, {ANON: 200, NOROLE: 200, RESEARCHER: 200, ADMIN: 200}),
    "readyz": (NO_ARGS, {ANON: 200, NOROLE: 200, RESEARCHER: 200, ADMIN: 200}),
    "metrics": (NO_ARGS, {ANON: 200, NOROLE: 200, RESEARCHER: 200, ADMIN: 200}),
    # the interface's language: the JavaScript strings and the switch (POST only), for anyone
    "javascript-catalog": (NO_ARGS, {ANON: 200, NOROLE: 200, RESEARCHER: 200, ADMIN: 200}),
    "articles:set_language": (NO_ARGS, {ANON: 405, NOROLE: 405, RESEARCHER: 405, ADMIN: 405}),
    # articles
    "articles:article_list": (NO_ARGS, everyone(200)),
    "articles:article_detail": (lambda w: {"pk": w.article.pk}, everyone(200)),
    "articles:article_raw": (lambda w: {"pk": w.article.pk}, everyone(200)),
    "articles:article_metadata": (lambda w: {"pk": w.article.pk}, everyone(200)),
    "articles:claim_detail": (
        lambda w: {"article_pk": w.article.pk, "pk": w.claim.pk},
        everyone(200),
    ),
    "articles:import": (NO_ARGS, everyone(200)),
    "articles:import_files": (NO_ARGS, everyone(200)),
    "articles:import_url": (NO_ARGS, everyone(200)),
    "articles:import_job": (lambda w: {"pk": ImportJobFactory().pk}, everyone(200)),
    "articles:article_removed": (lambda w: {"pk": w.article.pk}, everyone(200)),
    "articles:source_list": (NO_ARGS, everyone(200)),
    "articles:source_detail": (lambda w: {"slug": w.source.slug}, everyone(200)),
    # the researcher's workspace (POST-only endpoints answer GET with 405 once past the role check)
    "articles:claim_create": (lambda w: {"pk": w.article.pk}, everyone(405)),
    "articles:claim_update": (lambda w: _claim_kwargs(w), everyone(405)),
    "articles:claim_span": (lambda w: _claim_kwargs(w), everyone(405)),
    "articles:claim_tag_add": (lambda w: _claim_kwargs(w), everyone(405)),
    "articles:claim_tag_remove": (
        lambda w: {**_claim_kwargs(w), "tag_pk": w.tag.pk},
        everyone(405),
    ),
    "articles:note_add": (lambda w: _claim_kwargs(w), everyone(405)),
    "articles:note_edit": (lambda w: {**_claim_kwargs(w), "note_pk": w.note.pk}, everyone(405)),
    "articles:note_delete": (lambda w: {**_claim_kwargs(w), "note_pk": w.note.pk}, everyone(405)),
    "articles:attribution_add": (lambda w: _claim_kwargs(w), everyone(405)),
    "articles:attribution_edit": (
        lambda w: {**_claim_kwargs(w), "attribution_pk": w.claim.attributions.first().pk},
        everyone(405),
    ),
    "articles:attribution_delete": (
        lambda w: {**_claim_kwargs(w), "attribution_pk": w.claim.attributions.first().pk},
        everyone(405),
    ),
    "articles:link_add": (lambda w: _claim_kwargs(w), everyone(405)),
    "articles:link_delete": (lambda w: {**_claim_kwargs(w), "link_pk": 1}, everyone(405)),
    "articles:suggestion_decide": (
        lambda w: {**_claim_kwargs(w), "suggestion_pk": 1},
        everyone(405),
    ),
    "articles:story_detail": (lambda w: {"pk": _story().pk}, everyone(200)),
    "articles:story_update": (lambda w: {"pk": _story().pk}, everyone(405)),
    "articles:claim_list": (NO_ARGS, everyone(200)),
    "articles:claim_bulk": (NO_ARGS, everyone(405)),
    "articles:claim_picker": (NO_ARGS, everyone(200)),
    "articles:status_css": (NO_ARGS, everyone(200)),
    "articles:source_create": (NO_ARGS, admins_only(200)),
    "articles:source_edit": (lambda w: {"slug": w.source.slug}, admins_only(200)),
    "articles:source_suggestions": (NO_ARGS, admins_only(200)),
    "articles:source_suggestion_alias": (NO_ARGS, admins_only(405)),
    "articles:source_suggestion_new": (NO_ARGS, admins_only(405)),
    "articles:tag_list": (NO_ARGS, everyone(200)),
    "articles:tag_edit": (lambda w: {"pk": w.tag.pk}, admins_only(200)),
    "articles:tag_delete": (lambda w: {"pk": w.tag.pk}, admins_only(200)),
    "articles:article_versions": (lambda w: {"pk": w.article.pk}, everyone(200)),
    # watched feeds
    "articles:feed_list": (NO_ARGS, admins_only(200)),
    "articles:feed_poll": (lambda w: {"pk": 1}, admins_only(405)),
    "articles:feed_toggle": (lambda w: {"pk": 1}, admins_only(405)),
    # reports and exports
    "articles:report_builder": (NO_ARGS, everyone(200)),
    "articles:report_preview": (NO_ARGS, everyone(200)),
    "articles:report_download": (NO_ARGS, everyone(200)),
    "articles:token_list": (NO_ARGS, everyone(200)),
    "articles:token_revoke": (lambda w: {"pk": 1}, everyone(405)),
    "articles:webhook_list": (NO_ARGS, admins_only(200)),
    # the desk at work: assignments, reviews, queue, inbox, saved searches
    "articles:note_resolve": (
        lambda w: {**_claim_kwargs(w), "note_pk": w.note.pk},
        everyone(405),
    ),
    "articles:claim_assign": (lambda w: _claim_kwargs(w), everyone(405)),
    "articles:claim_review": (lambda w: _claim_kwargs(w), everyone(405)),
    "articles:blind_grade": (lambda w: _claim_kwargs(w), everyone(405)),
    "articles:article_assign": (lambda w: {"pk": w.article.pk}, everyone(405)),
    "articles:queue": (NO_ARGS, everyone(200)),
    "articles:assignment_drop": (lambda w: {"pk": 1}, everyone(405)),
    "articles:inbox": (NO_ARGS, everyone(200)),
    "articles:inbox_read": (NO_ARGS, everyone(405)),
    # someone else's (or no) notification: not found
    "articles:notification_open": (lambda w: {"pk": 1}, everyone(404)),
    "articles:digest_preference": (NO_ARGS, everyone(405)),
    "articles:people": (NO_ARGS, everyone(200)),
    "articles:review_stats": (NO_ARGS, admins_only(200)),
    "articles:search_list": (NO_ARGS, everyone(200)),
    "articles:search_save": (NO_ARGS, everyone(405)),
    "articles:search_action": (lambda w: {"pk": 1, "action": "subscribe"}, everyone(405)),
    # a feed reader has no session: the token is the key (an unknown one is not found)
    "articles:search_feed": (
        lambda w: {"token": "no-such-token"},
        {ANON: 404, NOROLE: 403, RESEARCHER: 404, ADMIN: 404},
    ),
    # the API (tests/test_api.py checks tokens, scopes and roles on every operation)
    "api_docs": (NO_ARGS, everyone(200)),
    "api:openapi-json": (NO_ARGS, {ANON: 200, NOROLE: 403, RESEARCHER: 200, ADMIN: 200}),
    "api:api-root": (NO_ARGS, token_only(404)),
    "api:list_articles": (NO_ARGS, token_only()),
    "api:create_article": (NO_ARGS, token_only()),
    "api:get_article": (lambda w: {"article_id": w.article.pk}, token_only()),
    "api:list_claims": (NO_ARGS, token_only()),
    "api:get_claim": (lambda w: {"claim_id": w.claim.pk}, token_only()),
    "api:update_claim": (lambda w: {"claim_id": w.claim.pk}, token_only()),
    "api:create_note": (lambda w: {"claim_id": w.claim.pk}, token_only(405)),
    "api:list_sources": (NO_ARGS, token_only()),
    "api:create_source": (NO_ARGS, token_only()),
    "api:get_source": (lambda w: {"slug": w.source.slug}, token_only()),
    "api:list_tags": (NO_ARGS, token_only()),
    "api:export_claims": (lambda w: {"fmt": "csv"}, token_only()),
    "api:create_export": (NO_ARGS, token_only(405)),
    "api:get_export": (lambda w: {"job_id": "6f1c2b7e-0000-4000-8000-000000000000"}, token_only()),
    "api:download_export": (
        lambda w: {"job_id": "6f1c2b7e-0000-4000-8000-000000000000"}, token_only()
    ),
}


def _claim_kwargs(w: World) -> dict:
    return {"article_pk": w.article.pk, "pk": w.claim.pk}


def walk(resolver: URLResolver, namespace: str = "") -> list[str]:
    """Every named pattern under `resolver`, as `namespace:name`, leaving out the admin site."""
    names: list[str] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names.extend(walk(pattern, inner))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


def test_every_url_pattern_is_in_the_access_table():
    unknown = sorted(set(walk(get_resolver())) - set(ACCESS))
    assert not unknown, f"add these URL patterns to tests/test_access.py ACCESS: {unknown}"


@pytest.fixture
def world(db, researcher):
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=SourceFactory(name="Yonhap"))
    return World(
        article=claim.article,
        claim=claim,
        note=NoteFactory(claim=claim, author=researcher),
        source=SourceFactory(name="KCNA"),
        tag=TagFactory(name="missiles"),
        other_claim=ClaimFactory(),
    )


@pytest.fixture
def users(researcher, desk_admin):
    return {
        ANON: None,
        NOROLE: UserFactory(username="nobody"),
        RESEARCHER: researcher,
        ADMIN: desk_admin,
    }


@pytest.mark.parametrize("role", [ANON, NOROLE, RESEARCHER, ADMIN])
def test_walk_every_url(client, world, users, role):
    user = users[role]
    if user is not None:
        client.force_login(user)
    wrong = []
    for name in walk(get_resolver()):
        kwargs_for, expected = ACCESS[name]
        url = reverse(name, kwargs=kwargs_for(world))
        response = client.get(url)
        if response.status_code != expected[role]:
            wrong.append(f"{name} {url}: {response.status_code}, expected {expected[role]}")
        elif role == ANON and expected[role] == 302:
            assert response["Location"].startswith(reverse("login")), name
    assert not wrong, "\n".join(wrong)


def test_django_admin_is_for_admins_only(client, users):
    index = reverse("admin:index")
    assert client.get(index).status_code == 302
    client.force_login(users[RESEARCHER])
    assert client.get(index).status_code == 302  # not staff: sent to the admin login
    client.force_login(users[ADMIN])
    assert client.get(index).status_code == 200
    assert client.get(reverse("admin:articles_source_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
