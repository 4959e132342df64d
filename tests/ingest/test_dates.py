"""Date lines as French and English outlets print them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from articles.ingest.dates import parse_date_line, parse_iso_datetime
from articles.ingest.outlets import default_timezone, find_outlet, outlet_for_url

PARIS = ZoneInfo("Europe/Paris")
UTC = UTC
EST = timezone(timedelta(hours=-5))


@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        ("Publié le 27/12/2025 14:01", datetime(2025, 12, 27, 14, 1, tzinfo=PARIS), None),
        ("Mis à jour le 27/12/2025 14:07", None, datetime(2025, 12, 27, 14, 7, tzinfo=PARIS)),
        ("Publié le 27/12/2025 14:01 Mis à jour le 27/12/2025 14:07",
         datetime(2025, 12, 27, 14, 1, tzinfo=PARIS), datetime(2025, 12, 27, 14, 7, tzinfo=PARIS)),
        ("Le 27 décembre 2025 à 14h01", datetime(2025, 12, 27, 14, 1, tzinfo=PARIS), None),
        ("Publié le 27 décembre 2025 à 14h01, modifié le 27 décembre 2025 à 14h07",
         datetime(2025, 12, 27, 14, 1, tzinfo=PARIS), datetime(2025, 12, 27, 14, 7, tzinfo=PARIS)),
        ("Publié le 27/12/25 à 14h01 — Mis à jour le 27/12/25 à 14h07",
         datetime(2025, 12, 27, 14, 1, tzinfo=PARIS), datetime(2025, 12, 27, 14, 7, tzinfo=PARIS)),
        ("1er janvier 2026 à 8 h 30", datetime(2026, 1, 1, 8, 30, tzinfo=PARIS), None),
        ("Published 27 December 2025", datetime(2025, 12, 27, 0, 0, tzinfo=PARIS), None),
        ("December 27, 2025 at 9:01 AM EST", datetime(2025, 12, 27, 9, 1, tzinfo=EST), None),
        ("Sat 27 Dec 2025 14.01 GMT", datetime(2025, 12, 27, 14, 1, tzinfo=UTC), None),
        ("Last modified on Sat 27 Dec 2025 14.07 GMT", None, datetime(2025, 12, 27, 14, 7, tzinfo=UTC)),
        ("Published : Dec. 27, 2025 - 14:01 Updated : Dec. 27, 2025 - 14:07",
         datetime(2025, 12, 27, 14, 1, tzinfo=PARIS), datetime(2025, 12, 27, 14, 7, tzinfo=PARIS)),
        ("Updated 9:01 AM EST, Sat December 27, 2025", None, datetime(2025, 12, 27, 9, 1, tzinfo=EST)),
        ("December 27, 2025 9:01 AM GMT+9",
         datetime(2025, 12, 27, 9, 1, tzinfo=timezone(timedelta(hours=9))), None),
        ("2025-12-27 14:01", datetime(2025, 12, 27, 14, 1, tzinfo=PARIS), None),
        ("2025-12-27T14:01:00+09:00",
         datetime(2025, 12, 27, 14, 1, tzinfo=timezone(timedelta(hours=9))), None),
    ],
)  # fmt: skip
def test_date_lines(line, published, updated):
    found = parse_date_line(line, PARIS)
    assert found.is_date_line
    assert found.published == published
    assert found.updated == updated
    for value in (found.published, found.updated):
        assert value is None or value.tzinfo is not None


def test_time_alone_takes_the_publication_day():
    found = parse_date_line("Updated 2:07 PM GMT", PARIS)
    assert found.is_date_line and found.needs_day and found.updated is None
    found = parse_date_line("Updated 2:07 PM GMT", PARIS, published_day=date(2025, 12, 27))
    assert found.updated == datetime(2025, 12, 27, 14, 7, tzinfo=UTC)


def test_relative_dates_are_date_lines_without_a_date():
    found = parse_date_line("Updated 2 hours ago", PARIS)
    assert found.is_date_line and found.relative
    assert found.published is None and found.updated is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Kim Jong-un a déclaré le 12 décembre 2025 que les soldats étaient rentrés de Koursk.",
        "La Corée du Nord et la Russie ont partagé le sang, a souligné vendredi 26 décembre Kim.",
        "The missile flew 1,000 km on December 27, 2025, the Joint Chiefs of Staff said.",
        "Temps de lecture : 1min",
        "12 commentaires",
    ],
)
def test_sentences_with_dates_are_not_date_lines(sentence):
    assert not parse_date_line(sentence, PARIS).is_date_line


def test_impossible_dates_do_not_raise():
    for line in ("Publié le 31/02/2025 25:99", "Published 99 December 2025", "2025-13-45T99:99"):
        found = parse_date_line(line, PARIS)
        assert found.published is None or found.published.year == 2025


def test_iso_from_metadata():
    assert parse_iso_datetime("2025-12-27T14:01:00+01:00", UTC) == datetime(
        2025, 12, 27, 13, 1, tzinfo=UTC
    )
    assert parse_iso_datetime("2025-12-31T06:14:52.000Z", PARIS) == datetime(
        2025, 12, 31, 6, 14, 52, tzinfo=UTC
    )
    assert parse_iso_datetime("2025-12-27", PARIS) == datetime(2025, 12, 27, tzinfo=PARIS)
    assert parse_iso_datetime("2025-12-27T14:01:00", PARIS).utcoffset() == timedelta(hours=1)
    assert parse_iso_datetime("not a date", PARIS) is None
    assert parse_iso_datetime(None, PARIS) is None


def test_default_zone_per_outlet_and_language():
    assert default_timezone(find_outlet("Libération")) == PARIS
    assert default_timezone(outlet_for_url("https://en.yna.co.kr/view/x")) == ZoneInfo("Asia/Seoul")
    assert default_timezone(find_outlet("TASS")) == ZoneInfo("Europe/Moscow")
    assert default_timezone(None, "fr") == PARIS
    assert default_timezone(None, "en") == ZoneInfo("UTC")


def test_french_paste_without_zone_is_paris_time_and_english_outlet_keeps_its_zone():
    from articles.ingest import parse_article

    body = "Séoul a confirmé le tir d'un missile balistique vers la mer de l'Est, selon l'armée."
    fr = parse_article(f"Titre de l'article ici\nPublié le 27/07/2025 14:01\n{body}", kind="text")
    assert fr.published_at.utcoffset() == timedelta(hours=2)  # summer time in Paris
    en_body = "North Korea fired a ballistic missile into the sea, the South Korean military said."
    en = parse_article(f"Missile launch title here\n2025-07-27 14:01\n{en_body}", kind="text",
                       url="https://en.yna.co.kr/view/AEN1")  # fmt: skip
    assert en.published_at.utcoffset() == timedelta(hours=9)
