"""The run command's setup: registry, demo accounts and the seed article; never in production."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from articles.models import Article, Source
from articles.roles import is_desk_admin, is_desk_member

pytestmark = pytest.mark.django_db


def test_setup_demo_prepares_a_working_desk(capsys):
    call_command("setup_demo")
    out = capsys.readouterr().out
    assert "password `newsdesk-demo`" in out
    assert Source.objects.filter(name="KCNA").exists()
    article = Article.objects.get()
    assert article.title.startswith("Kim Jong-un loue")
    admin = authenticate(username="admin", password="newsdesk-demo")
    researcher = authenticate(username="researcher", password="newsdesk-demo")
    assert admin is not None and is_desk_admin(admin)
    assert researcher is not None and is_desk_member(researcher)
    assert not is_desk_admin(researcher)


def test_setup_demo_twice_changes_nothing(capsys):
    call_command("setup_demo")
    call_command("setup_demo")
    assert Article.objects.count() == 1
    assert "already there" in capsys.readouterr().out


def test_setup_demo_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("setup_demo")
    assert not Article.objects.exists()
