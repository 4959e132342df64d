"""Run claim extraction on stored articles (first version; the extraction work completes it)."""

from __future__ import annotations

from articles.models import Article


def extract_article(article: Article) -> None:
    """Find the claims in `article` and store them."""
    return None
