"""Text normalisation shared by the registry and the extractor (plain Python)."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212-]+")
_LEADING_ARTICLE = re.compile(r"^(?:l'|d'|le |la |les |the |du |des |de la |de l')")
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w]+|_+")


def strip_accents(text: str) -> str:
    """`Séoul` -> `Seoul`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_mention(text: str) -> str:
    """The matching key of a source name or alias.

    Case, accents, apostrophes, hyphens and a leading article do not count:
    `l'agence d'Etat KCNA`, `L’agence d’État KCNA` and `agence d'etat kcna`
    share one key.
    """
    key = strip_accents(text.translate(_APOSTROPHES)).casefold()
    key = _DASHES.sub(" ", key)
    key = _SPACES.sub(" ", key).strip(" .,;:")
    key = _LEADING_ARTICLE.sub("", key)
    return key.strip()


def fold_for_search(text: str) -> str:
    """The folded form a SQLite search compares: `Kim Jong-un, nord-coréens` ->
    `" kim jong un nord coreens "`.

    Lower case, no accents, punctuation and hyphens turned into single spaces, and one
    space at each end, so that `" coree"` matches exactly the words starting `coree`.
    """
    words = _NOT_WORD.sub(" ", strip_accents(text or "").casefold()).split()
    return f" {' '.join(words)} " if words else ""
