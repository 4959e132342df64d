"""The Django admin: the registry, claims with the optimistic lock, and users without escalation."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def claim_form(claim, **changes):
    data = {
        "status": claim.status_id,
        "credibility": claim.credibility or "",
        "reliability_override": claim.reliability_override,
        "cue_text": claim.cue_text,
        "cue_kind": claim.cue_kind,
        "stance": claim.stance,
        "origin": claim.origin,
        "author": "",
        "opened_version": claim.version,
        "attributions-TOTAL_FORMS": 0,
        "attributions-INITIAL_FORMS": 0,
        "notes-TOTAL_FORMS": 0,
        "notes-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_admin_claim_save_bumps_version_and_marks_curated(admin_client_desk):
    claim = ClaimFactory()
    url = reverse("admin:articles_claim_change", args=[claim.pk])
    response = admin_client_desk.post(url, claim_form(claim, credibility=2))
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert (claim.credibility, claim.version, claim.curated) == (2, 2, True)


def test_admin_claim_save_over_a_colleagues_edit_is_refused(admin_client_desk):
    claim = ClaimFactory()
    stale = claim_form(claim, credibility=5)
    claim.credibility = 1
    claim.version += 1
    claim.save()  # a colleague saved in the reader meanwhile
    url = reverse("admin:articles_claim_change", args=[claim.pk])
    response = admin_client_desk.post(url, stale)
    assert response.status_code == 200
    assert "A colleague changed this claim" in response.content.decode()
    claim.refresh_from_db()
    assert claim.credibility == 1


def test_article_text_is_read_only_in_the_admin(admin_client_desk):
    article = ArticleFactory()
    page = admin_client_desk.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert page.status_code == 200
    assert 'name="text"' not in page.content.decode()


def test_desk_admin_cannot_grant_superuser_or_touch_a_superuser(admin_client_desk):
    researcher = UserFactory(username="newcomer")
    page = admin_client_desk.get(reverse("admin:auth_user_change", args=[researcher.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="groups"' in html
    assert 'name="is_superuser"' not in html and 'name="user_permissions"' not in html
    root = get_user_model().objects.create_superuser("root", "root@desk.example", "pw-root-123")
    assert (
        admin_client_desk.get(reverse("admin:auth_user_change", args=[root.pk])).status_code
        in (302, 403, 404)
    )
    response = admin_client_desk.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "taken-over-9", "password2": "taken-over-9"},
    )
    assert response.status_code in (302, 403, 404)
    root.refresh_from_db()
    assert root.check_password("pw-root-123")


def test_desk_admin_posting_is_superuser_changes_nothing(admin_client_desk):
    user = UserFactory(username="climber")
    url = reverse("admin:auth_user_change", args=[user.pk])
    admin_client_desk.post(
        url,
        {
            "username": "climber",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    user.refresh_from_db()
    assert not user.is_superuser
