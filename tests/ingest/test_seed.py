"""The seed article (a select-all copy of a franceinfo page) comes out clean, dated and attributed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.ingest import parse_article
from tests.ingest.paths import SEED

PARIS = ZoneInfo("Europe/Paris")
LEAD = (
    "Pyongyang a envoyé des milliers de soldats combattre aux côtés de Moscou dans sa guerre "
    "d'invasion de l'Ukraine, lancée il y a bientôt quatre ans, selon les agences de "
    "renseignement sud-coréennes et occidentales."
)


@pytest.fixture(scope="module")
def seed():
    return parse_article(SEED.read_text(encoding="utf-8"))


def test_title(seed):
    assert seed.title == 'Kim Jong-un loue "le sang" versé aux côtés des Russes en Ukraine'


def test_lead_once_as_lead_and_once_in_the_text(seed):
    assert seed.lead == LEAD
    assert seed.text.count(LEAD) == 1


def test_publisher_dates_language_reading_time(seed):
    assert seed.publisher == "France Télévisions"
    assert seed.published_at == datetime(2025, 12, 27, 14, 1, tzinfo=PARIS)
    assert seed.updated_at == datetime(2025, 12, 27, 14, 7, tzinfo=PARIS)
    assert seed.published_at.utcoffset().total_seconds() == 3600
    assert seed.language == "fr"
    assert seed.reading_time_minutes == 1
    assert seed.input_format == "text"


def test_caption_and_credit(seed):
    assert len(seed.captions) == 1
    caption = seed.captions[0]
    assert caption.credit == "KCNA VIA KNS / AFP"
    assert caption.text.startswith("Photo non datée de Kim Jong-un assistant à ")
    assert caption.text.endswith(" en Corée du Nord.")
    assert "Photo non datée" not in seed.text


def test_no_image_file_names_or_metadata_lines_in_the_text(seed):
    for noise in (".jpg", ".png", "/2025/12/27/", "Publié le", "Temps de lecture", "France Télévisions"):
        assert noise not in seed.text


def test_three_body_paragraphs_intact(seed):
    raw_lines = SEED.read_text(encoding="utf-8").splitlines()
    body = raw_lines[-3:]
    assert [seed.text[p.start : p.end] for p in seed.paragraphs] == body
    assert seed.text == "\n\n".join(body)


def test_every_removed_line_is_accounted_for(seed):
    raw_lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    dropped = [d.text for d in seed.dropped]
    kept = seed.text.split("\n\n")
    for line in raw_lines:
        if line:
            assert line in kept or line in dropped, line
    reasons = {d.reason for d in seed.dropped}
    assert "repeated paragraph" in reasons
    assert "image file name or link" in reasons


def test_json_ready(seed):
    data = seed.to_dict()
    assert data["published_at"] == "2025-12-27T14:01:00+01:00"
    assert data["text"] == seed.text
    assert len(data["content_hash"]) == 64
