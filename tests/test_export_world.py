"""A small desk with everything an export must carry, shared by the export tests.

French text with commas, quotes and new lines; an attribution chain; an
unresolved mention; grades, statuses, tags, Markdown notes with hostile HTML,
a formula-looking cell, links between claims, and a rejected claim.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from articles.models import Claim, ClaimStatus
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    ClaimLinkFactory,
    NoteFactory,
    SourceAliasFactory,
    SourceFactory,
    TagFactory,
)

FR_TEXT = (
    "Kim Jong-un a déclaré : « Nous tirerons, \"sans hésiter\", sur tout agresseur », "
    "selon l'agence d'État KCNA.\n"
    "=SUM(A1:A9) est une formule, a reconnu le NIS devant les députés.\n"
    "Une phrase rejetée par la rédaction."
)
FR_RAW = "Titre\r\n\r\n" + FR_TEXT.replace("\n", "\r\n") + "\r\n(KCNA VIA KNS / AFP)\u00a0\r\n"
EN_TEXT = "Moscow denied sending troops, a person familiar with the matter said on Monday."


@dataclass
class ExportWorld:
    kcna: object
    kim: object
    nis: object
    fr: object
    en: object
    chain_claim: object
    formula_claim: object
    rejected_claim: object
    unresolved_claim: object
    missiles: object
    hostile_note: object


def span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def claim_on(article, piece: str, **kwargs) -> Claim:
    start, end = span(article.text, piece)
    return ClaimFactory(article=article, start=start, end=end, **kwargs)


def build_world(researcher) -> ExportWorld:
    ClaimStatus.ensure_starter()
    kcna = SourceFactory(name="KCNA", kind="state_media", country="KP", reliability="E")
    SourceAliasFactory(source=kcna, alias="l'agence d'État KCNA", language="fr")
    SourceAliasFactory(source=kcna, alias="Korean Central News Agency", language="en")
    kim = SourceFactory(name="Kim Jong-un", kind="official", country="KP", reliability="D")
    nis = SourceFactory(name="NIS", kind="intelligence", country="KR", reliability="B")
    fr = ArticleFactory(
        title="Pyongyang menace, « encore »",
        text=FR_TEXT,
        raw_input=FR_RAW,
        raw_bytes=b"\xef\xbb\xbfTitre\r\n\x00binary",
        language="fr",
        url="https://www.franceinfo.fr/monde/coree-du-nord/article.html",
        publisher_name="franceinfo",
        published_at=dt.datetime(2025, 12, 27, 13, 1, tzinfo=dt.UTC),
        captions=[{"text": "Kim Jong-un", "credit": "KCNA VIA KNS / AFP"}],
        authors=["Rédaction"],
        imported_by=researcher,
    )
    en = ArticleFactory(
        title="Moscow denies", text=EN_TEXT, raw_input=EN_TEXT, language="en",
        published_at=dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC),
    )
    missiles = TagFactory(name="missiles", colour="#aa3300")
    threat = TagFactory(name="menace")

    quote = FR_TEXT[: FR_TEXT.index("\n")]
    chain_claim = claim_on(
        fr,
        quote,
        status=ClaimStatus.objects.get(slug="corroborated"),
        credibility=2,
        direct_quote=True,
        cue_text="a déclaré",
        author=researcher,
    )
    content_start, content_end = span(fr.text, "Nous tirerons, \"sans hésiter\", sur tout agresseur")
    chain_claim.content_start, chain_claim.content_end = content_start, content_end
    chain_claim.save()
    chain_claim.tags.add(missiles, threat)
    AttributionFactory(claim=chain_claim, source=kim, mention="Kim Jong-un", position=0, start=0, end=11)
    AttributionFactory(claim=chain_claim, source=kcna, mention="l'agence d'État KCNA", position=1)
    hostile_note = NoteFactory(
        claim=chain_claim,
        author=researcher,
        body="Vu dans **KCNA**, ligne 2\n\n<script>alert('x')</script> [lien](javascript:alert(1))",
    )
    NoteFactory(claim=chain_claim, author=researcher, body="=HYPERLINK(\"http://evil\")")

    formula = "=SUM(A1:A9) est une formule, a reconnu le NIS devant les députés."
    formula_claim = claim_on(
        fr, formula, status=ClaimStatus.objects.get(slug="disputed"), credibility=4,
        reliability_override="C", cue_text="a reconnu", stance="acknowledges",
    )
    AttributionFactory(claim=formula_claim, source=nis, mention="le NIS", position=0)
    formula_claim.tags.add(missiles)

    rejected_claim = claim_on(fr, "Une phrase rejetée par la rédaction.", is_rejected=True)

    unresolved_claim = claim_on(en, EN_TEXT)
    AttributionFactory(
        claim=unresolved_claim, source=None, mention="a person familiar with the matter"
    )
    ClaimLinkFactory(from_claim=chain_claim, to_claim=formula_claim, kind="corroborates",
                     author=researcher)
    ClaimLinkFactory(from_claim=unresolved_claim, to_claim=chain_claim, kind="contradicts")
    return ExportWorld(
        kcna=kcna, kim=kim, nis=nis, fr=fr, en=en, chain_claim=chain_claim,
        formula_claim=formula_claim, rejected_claim=rejected_claim,
        unresolved_claim=unresolved_claim, missiles=missiles, hostile_note=hostile_note,
    )


@pytest.fixture
def export_world(db, researcher) -> ExportWorld:
    return build_world(researcher)


def test_the_export_world_holds_what_the_exports_are_tested_on(export_world):
    assert export_world.chain_claim.grade == "D2"
    assert export_world.formula_claim.grade == "C4"
    assert Claim.objects.visible().count() == 3
