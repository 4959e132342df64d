"""Importing articles: validate the input, parse it, refuse duplicates, store, extract."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from articles.ingest import PARSER_VERSION, ParsedArticle, parse_article
from articles.models import Article
from articles.services.extraction import extract_article
from articles.services.registry import find_source


class ImportRefused(ValueError):
    """The input cannot become an article; the message says why and what to do."""

    def __init__(self, message: str, *, existing: Article | None = None):
        super().__init__(message)
        self.existing = existing


@dataclass
class ImportResult:
    article: Article
    created: bool

    @property
    def duplicate(self) -> bool:
        return not self.created


def check_input_size(raw: str) -> None:
    """Refuse empty input and input over NEWSDESK_MAX_INPUT_BYTES, with a message that says so."""
    if not raw or not raw.strip():
        raise ImportRefused("The input is empty. Paste the article's text or HTML, then import.")
    limit = settings.NEWSDESK_MAX_INPUT_BYTES
    size = len(raw.encode("utf-8", errors="surrogatepass"))
    if size > limit:
        raise ImportRefused(
            f"The input is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.1f} MB. "
            "Paste only the article, or save the page and upload the file."
        )


def find_duplicate(parsed: ParsedArticle) -> Article | None:
    """An article already stored with the same cleaned content or the same canonical URL."""
    found = Article.objects.filter(content_hash=parsed.content_hash).first()
    if found is None and parsed.canonical_url:
        found = Article.objects.filter(canonical_url=parsed.canonical_url).first()
    return found


def import_article(
    raw: str,
    *,
    input_kind: str = Article.InputKind.PASTE_TEXT,
    user=None,
    url: str = "",
    filename: str = "",
    raw_bytes: bytes | None = None,
    content_type: str = "",
) -> ImportResult:
    """Store one article from raw input and extract its claims.

    The raw input is stored exactly as given. The same content (after
    cleaning) or the same canonical URL returns the existing article with
    `created=False` instead of a duplicate.
    """
    check_input_size(raw)
    kind = "html" if input_kind == Article.InputKind.PASTE_HTML else "auto"
    parsed = parse_article(raw, kind=kind, url=url or None)
    if not parsed.text.strip():
        raise ImportRefused(
            "No article text was found in this input. Check that you pasted the article "
            "itself (not only its title or the page's menus)."
        )
    existing = find_duplicate(parsed)
    if existing is not None:
        return ImportResult(existing, created=False)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                raw_input=raw,
                raw_bytes=raw_bytes,
                raw_filename=filename[:500],
                raw_content_type=content_type[:200],
                input_kind=input_kind,
                text=parsed.text,
                title=parsed.title[:500],
                lead=parsed.lead,
                url=(url or parsed.url)[:2000],
                canonical_url=parsed.canonical_url[:2000],
                publisher=find_source(parsed.publisher) if parsed.publisher else None,
                publisher_name=parsed.publisher[:300],
                authors=list(parsed.authors),
                published_at=parsed.published_at,
                updated_at=parsed.updated_at,
                language=parsed.language,
                reading_time_minutes=parsed.reading_time_minutes,
                captions=[{"text": c.text, "credit": c.credit} for c in parsed.captions],
                paragraphs=[[p.start, p.end] for p in parsed.paragraphs],
                dropped_lines=[{"text": d.text, "reason": d.reason} for d in parsed.dropped],
                content_hash=parsed.content_hash,
                parser_version=PARSER_VERSION,
                imported_by=user if user is not None and user.is_authenticated else None,
            )
            extract_article(article)
    except IntegrityError:
        # A colleague imported the same article between our check and our insert.
        existing = find_duplicate(parsed)
        if existing is None:
            raise
        return ImportResult(existing, created=False)
    return ImportResult(article, created=True)
