"""Researchers' edits to an article's metadata: title, lead, outlet, dates, language, URL.

The cleaned text and the raw input never change here (every claim's offsets index
the text). Like claim edits, each edit carries the article `version` the researcher
saw: a colleague's newer save refuses it with `ArticleConflict` (saying what they
changed), never overwritten. django-simple-history records who changed what.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Source
from articles.services.registry import find_source

MAX_TITLE = 500

# What the cleaner can be unsure of, as the reader's one-line check words it.
DOUBTS = {
    "title": _("the title was guessed from the first lines"),
    "date": _("no publication date was found"),
    "outlet": _("the outlet is not known"),
}
METADATA_FIELDS = ["title", "lead", "publisher", "published_at", "updated_at", "language", "url"]
FIELD_LABELS = {
    "title": pgettext_lazy("article field", "title"),
    "lead": pgettext_lazy("article field", "lead"),
    "publisher": pgettext_lazy("article field", "outlet"),
    "publisher_name": pgettext_lazy("article field", "outlet (as written)"),
    "published_at": pgettext_lazy("article field", "published"),
    "updated_at": pgettext_lazy("article field", "updated"),
    "language": pgettext_lazy("article field", "language"),
    "url": pgettext_lazy("article field", "URL"),
}


class ArticleEditError(ValueError):
    """A metadata edit that cannot be made; the message says why and what to do."""


@dataclass
class MetadataChange:
    """One line of an article's metadata history."""

    when: dt.datetime
    who: str
    details: list[tuple[str, str, str]]


class ArticleConflict(Exception):
    """A colleague saved the article's metadata after the version this edit was based on."""

    def __init__(self, article: Article, seen_version: int):
        super().__init__(
            gettext(
                "This article's details were changed by someone else "
                "(version %(seen)s → %(now)s)."
            )
            % {"seen": seen_version, "now": article.version}
        )
        self.article = article
        self.seen_version = seen_version

    @property
    def changes(self) -> list[MetadataChange]:
        return metadata_history(self.article, since_version=self.seen_version)


def metadata_doubts(
    *,
    title: str,
    published_at,
    publisher: Source | None,
    publisher_name: str,
    input_format: str,
    dropped_reasons,
) -> list[str]:
    """What the cleaner was unsure of, read from what it found (a flag kept at import).

    A pasted text's headline is guessed from its first lines; when lines above it were
    dropped as page header, the real headline may be among them.
    """
    from articles.ingest.furniture import R_HEADER

    doubts = []
    if not title or (input_format == "text" and R_HEADER in set(dropped_reasons)):
        doubts.append("title")
    if published_at is None:
        doubts.append("date")
    if publisher is None and not publisher_name:
        doubts.append("outlet")
    return doubts


def _locked(article_id: int, version) -> Article:
    article = (
        Article.objects.select_for_update(of=("self",))
        .defer("raw_input", "raw_bytes")
        .get(pk=article_id)
    )
    try:
        seen = int(version)
    except (TypeError, ValueError):
        raise ArticleEditError(_("The form had no article version; reload the page.")) from None
    if article.version != seen:
        raise ArticleConflict(article, seen)
    return article


def _save(article: Article, user) -> Article:
    article.version += 1
    article.metadata_doubts = []  # a researcher has checked the metadata
    article._history_user = user
    article.save()
    return article


@transaction.atomic
def update_metadata(
    article_id: int,
    *,
    version,
    user,
    title: str,
    lead: str = "",
    outlet: str = "",
    published_at: dt.datetime | None = None,
    updated_at: dt.datetime | None = None,
    language: str = "",
    url: str = "",
) -> Article:
    """Set an article's title, lead, outlet, dates, language and URL (checked values).

    The outlet is matched against the registry (names and aliases); a name the
    registry does not know is kept as written.
    """
    title = " ".join((title or "").split())
    if not title:
        raise ArticleEditError(_("An article needs a title."))
    if len(title) > MAX_TITLE:
        raise ArticleEditError(
            gettext("A title is at most %(max)d characters.") % {"max": MAX_TITLE}
        )
    if published_at and updated_at and updated_at < published_at:
        raise ArticleEditError(_("The update time is before the publication time."))
    outlet = " ".join((outlet or "").split())[:300]
    article = _locked(article_id, version)
    article.title = title
    article.lead = (lead or "").strip()
    article.publisher = find_source(outlet) if outlet else None
    article.publisher_name = outlet
    article.published_at = published_at
    article.updated_at = updated_at
    article.language = (language or "").strip()[:8]
    article.url = (url or "").strip()[:2000]
    return _save(article, user)


@transaction.atomic
def confirm_metadata(article_id: int, *, version, user) -> Article:
    """The researcher checked the metadata and found it right: the reader stops asking."""
    return _save(_locked(article_id, version), user)


def _show(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    return str(value)


def metadata_history(article: Article, *, since_version: int | None = None) -> list[MetadataChange]:
    """Who changed the article's metadata, and what; newest first."""
    records = list(
        article.history.select_related("history_user").order_by("history_date", "history_id")
    )
    names = dict(
        Source.objects.filter(
            pk__in={r.publisher_id for r in records if r.publisher_id}
        ).values_list("pk", "name")
    )

    def outlet(record) -> str:
        return names.get(record.publisher_id, "") or record.publisher_name

    changes, previous = [], None
    for record in records:
        if previous is not None and (since_version is None or record.version > since_version):
            details = []
            for name in METADATA_FIELDS:
                if name == "publisher":
                    old, new = outlet(previous), outlet(record)
                else:
                    old, new = getattr(previous, name), getattr(record, name)
                if old != new:
                    details.append((str(FIELD_LABELS[name]), _show(old), _show(new)))
            if details:
                user = record.history_user
                who = user.get_username() if user else gettext("the system")
                changes.append(MetadataChange(record.history_date, who, details))
        previous = record
    changes.reverse()
    return changes
