"""Fixtures of the extraction tests: the starter registry as plain data, the seed's cleaned text."""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.extraction import extract_claims
from articles.extraction.evaluate import starter_registry

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed" / "000_19e94b5d51f8bfbe.txt"


@pytest.fixture(scope="session")
def starter():
    """The Registry built from registry_data.STARTER_SOURCES (no database)."""
    return starter_registry()


@pytest.fixture(scope="session")
def extract(starter):
    """`extract(text, lang)` with the starter registry."""

    def run(text: str, lang: str | None = None):
        return extract_claims(text, starter, language=lang)

    return run


def seed_clean_text() -> str:
    """The seed's cleaned text built by hand: title dropped, lead once, the 3 body
    paragraphs; caption, image paths, publisher and dates removed."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    lead = lines[1]
    body = lines[-3:]
    assert body[0].startswith("La Corée du Nord et la Russie")
    return "\n\n".join([lead, *body])
