"""Entry point of the extraction core (first, simple version; the extraction work replaces it)."""

from __future__ import annotations

from articles.extraction.model import ExtractedClaim, Registry

EXTRACTOR_VERSION = "0.1"


def extract_claims(
    text: str, registry: Registry, *, language: str | None = None
) -> list[ExtractedClaim]:
    """Return the attributed claims found in `text`, in reading order."""
    return []
