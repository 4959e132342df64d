"""The one-query permission backend answers as Django's own model backend does."""

from __future__ import annotations

import pytest
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group, Permission

from newsdesk.auth import ModelBackend
from tests.factories import UserFactory


@pytest.mark.django_db
def test_permissions_are_those_of_the_user_and_their_groups_read_in_one_query(
    django_assert_num_queries,
):
    group = Group.objects.create(name="checkers")
    group.permissions.add(Permission.objects.get(codename="change_claim"))
    user = UserFactory()
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="add_note"))
    other = UserFactory()  # no permission at all
    admin = UserFactory(is_superuser=True)
    inactive = UserFactory(is_active=False)
    inactive.user_permissions.add(Permission.objects.get(codename="add_note"))

    for person in (user, other, admin, inactive):
        expected = DjangoModelBackend().get_all_permissions(
            type(person).objects.get(pk=person.pk)
        )
        fresh = type(person).objects.get(pk=person.pk)
        with django_assert_num_queries(0 if not fresh.is_active else 1):
            got = ModelBackend().get_all_permissions(fresh)
        assert got == expected
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("articles.change_claim") and user.has_perm("articles.add_note")
    assert not user.has_perm("articles.delete_claim")
