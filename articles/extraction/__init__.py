"""Find attributed claims in cleaned article text, and who makes them.

Plain Python: nothing in this package imports Django. The Django layer builds a
`Registry` from the source registry and calls `extract_claims()`.
"""

from articles.extraction.extract import (
    EXTRACTOR_VERSION,
    extract_claims,
    extract_headline_claims,
)
from articles.extraction.model import (
    Cue,
    ExtractedClaim,
    Mention,
    Registry,
    SourceEntry,
    Span,
)

__all__ = [
    "EXTRACTOR_VERSION",
    "Cue",
    "ExtractedClaim",
    "Mention",
    "Registry",
    "SourceEntry",
    "Span",
    "extract_claims",
    "extract_headline_claims",
]
