"""factory_boy factories for Newsdesk's models."""

from __future__ import annotations

import hashlib

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import (
    Article,
    Attribution,
    Claim,
    ClaimLink,
    ClaimStatus,
    ImportJob,
    Note,
    Source,
    SourceAlias,
    Tag,
)
from articles.roles import ADMINS, RESEARCHERS, ensure_groups


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@desk.example")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _join(self, create, extracted)


def _join(user, create: bool, group_name: str | None) -> None:
    if not create:
        return
    if group_name:
        ensure_groups()
        user.groups.add(Group.objects.get(name=group_name))
    user.save()


class ResearcherFactory(UserFactory):
    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _join(self, create, extracted or RESEARCHERS)


class DeskAdminFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        _join(self, create, extracted or ADMINS)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Source {n}")
    kind = Source.Kind.NEWS_AGENCY
    country = "KR"
    reliability = "B"


class SourceAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceAlias

    source = factory.SubFactory(SourceFactory)
    alias = factory.Sequence(lambda n: f"alias {n}")
    language = "en"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    text = factory.Sequence(
        lambda n: (
            f"Pyongyang fired {n} missiles, the Joint Chiefs of Staff said on Monday. "
            "The launches followed weeks of tension, according to Yonhap."
        )
    )
    raw_input = factory.LazyAttribute(lambda a: f"{a.title}\n{a.text}")
    input_kind = Article.InputKind.PASTE_TEXT
    language = "en"
    content_hash = factory.LazyAttribute(
        lambda a: hashlib.sha256(a.raw_input.encode("utf-8")).hexdigest()
    )


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"tag-{n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim on the article's first sentence (or on `start`/`end` when given)."""

    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda c: c.article.text.find(".") + 1 or len(c.article.text))
    quote = factory.LazyAttribute(lambda c: c.article.text[c.start : c.end])
    prefix = factory.LazyAttribute(lambda c: c.article.text[max(0, c.start - 32) : c.start])
    suffix = factory.LazyAttribute(lambda c: c.article.text[c.end : c.end + 32])
    cue_text = "said"
    cue_kind = Claim.CueKind.VERB
    stance = Claim.Stance.ASSERTS
    status = factory.LazyFunction(ClaimStatus.default)


class AttributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribution

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    mention = factory.LazyAttribute(lambda a: a.source.name if a.source else "someone")
    position = 0


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    claim = factory.SubFactory(ClaimFactory)
    body = "Checked against the **NIS** briefing."
    author = factory.SubFactory(ResearcherFactory)


class ClaimLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimLink

    from_claim = factory.SubFactory(ClaimFactory)
    to_claim = factory.SubFactory(ClaimFactory)
    kind = ClaimLink.Kind.CORROBORATES


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    state = ImportJob.State.DONE
