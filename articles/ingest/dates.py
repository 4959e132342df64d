"""Publication dates as news pages print them, in French and English.

A small hand-written parser for the forms outlets on this beat use
(`Publié le 27/12/2025 14:01`, `Le 27 décembre 2025 à 14h01`,
`Published 27 December 2025`, `December 27, 2025 at 9:01 AM EST`,
`Sat 27 Dec 2025 14.01 GMT`, `Dec. 27, 2025 - 14:01`, ISO 8601): dateparser
is much slower and guesses too freely for date lines mixed with page furniture.
Every pattern is linear (no nested quantifiers), so hostile lines cannot stall it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from articles.ingest.folding import fold

_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3,
    "avril": 4, "avr": 4, "apr": 4, "april": 4,
    "mai": 5, "may": 5,
    "juin": 6, "jun": 6, "june": 6,
    "juillet": 7, "juil": 7, "jul": 7, "july": 7,
    "aout": 8, "aug": 8, "august": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
    # Russian and Ukrainian print the month in the genitive: "19 октября 2025", "5 травня 2024".
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6,
    "липня": 7, "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
}  # fmt: skip
# Longest first, so that "janvier" wins over "jan".
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

# Fixed-offset abbreviations printed by outlets; "ET"/"PT" follow daylight saving.
_ZONES: dict[str, tzinfo] = {
    "gmt": UTC, "utc": UTC, "z": UTC,
    "bst": timezone(timedelta(hours=1)), "cet": timezone(timedelta(hours=1)),
    "cest": timezone(timedelta(hours=2)), "eet": timezone(timedelta(hours=2)),
    "eest": timezone(timedelta(hours=3)), "msk": timezone(timedelta(hours=3)),
    "kst": timezone(timedelta(hours=9)), "jst": timezone(timedelta(hours=9)),
    "est": timezone(timedelta(hours=-5)), "edt": timezone(timedelta(hours=-4)),
    "cst": timezone(timedelta(hours=-6)), "cdt": timezone(timedelta(hours=-5)),
    "pst": timezone(timedelta(hours=-8)), "pdt": timezone(timedelta(hours=-7)),
    "et": ZoneInfo("America/New_York"), "pt": ZoneInfo("America/Los_Angeles"),
}  # fmt: skip

# The patterns run on accent-stripped, casefolded text of the same length as the line.
_ISO = re.compile(
    r"\b(\d{4})[-.](\d{2})[-.](\d{2})"  # Korean outlets print 2024.08.23
    r"(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s?(z|[+-]\d{2}(?::?\d{2})?)?)?"
)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?\s(?:de\s)?({_MONTH_RE})\b\.?,?\s(\d{{4}})\b"
)
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\b\.?\s(\d{{1,2}})(?:st|nd|rd|th)?,?\s(\d{{4}})\b")
_TIME = re.compile(
    r"(?<![\d/.:])(\d{1,2})(?:\s?[h:.]\s?(\d{2})(?![\d/.])|\s?h\b)"
    r"(?:\s?([ap])\.?\s?m\b\.?)?"
    r"|(?<![\d/.:])(\d{1,2})\s?([ap])\.?\s?m\b\.?"
)
_ZONE = re.compile(
    r"(?<![\w-])(gmt|utc|bst|cest|cet|eest|eet|msk|kst|jst|est|edt|cst|cdt|pst|pdt|et|pt|z)"
    r"(?:\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?)?(?![\w-])"
)
_UPDATED = re.compile(
    r"\b(?:mis a jour|mise a jour|modifie|actualise|maj|updated|last updated|last modified"
    r"|modified|upd|update|обновлено|оновлено|수정)\b"
)
_PUBLISHED = re.compile(
    r"\b(?:publie|published|posted|premiere publication|first published|date de publication"
    r"|cree|опубликовано|опубліковано|입력)\b"
)
_RELATIVE = re.compile(
    r"\b(?:\d{1,3}|an?|one)\s(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?)\sago\b"
    r"|\bil y a\s\d{1,3}\s(?:secondes?|min(?:utes)?|heures?|h|jours?|semaines?)\b"
    r"|^(?:just now|a l'instant|yesterday|hier|aujourd'hui|today)$"
)
_FILLER = frozenset(
    {
        "le", "la", "les", "l", "a", "at", "on", "the", "de", "du", "des", "d", "et", "and", "by",
        "par", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lun",
        "mar", "mer", "jeu", "ven", "sam", "dim", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
        "sat", "sun", "heure", "heures", "paris", "time", "local", "ago", "il", "y", "h", "min",
        "publie", "published", "posted", "premiere", "publication", "first", "modifie", "mis",
        "mise", "jour", "actualise", "maj", "updated", "last", "modified", "upd", "update", "date",
        "cree", "입력", "수정", "опубликовано", "обновлено", "опубліковано", "оновлено",
        "г", "года", "року",
    }
)
# Words of other scripts count too: "В ведомстве уточнили ... с 8:00 до 14:00" is a sentence.
_WORD = re.compile(r"[a-z0-9']+|[^\W\d_a-z]+")
# Words a date line may hold besides its labels: month and zone names, ordinals, a.m./p.m.
_DATE_WORDS = frozenset(_MONTHS) | frozenset(_ZONES) | {"er", "st", "nd", "rd", "th", "am", "pm",
                                                         "m", "p", "hours", "hour", "minutes",
                                                         "mins", "min", "days", "day", "ago",
                                                         "heures", "jours", "il", "y", "a"}


def _fold(text: str) -> str:
    """Casefold and strip accents, keeping one character per character (offsets stay valid)."""
    folded = fold(text)
    return folded if len(folded) == len(text) else text.lower()


@dataclass(slots=True)
class LineDates:
    """The dates found on one line, and whether the line is only dates (a metadata line)."""

    published: datetime | None = None
    updated: datetime | None = None
    is_date_line: bool = False
    relative: bool = False
    needs_day: bool = False  # a time alone, to read against the publication day


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _find_date(segment: str, english_first: bool) -> tuple[date | None, tuple[int, int] | None]:
    for pattern in (_ISO, _NUMERIC, _DAY_MONTH, _MONTH_DAY):
        match = pattern.search(segment)
        if not match:
            continue
        try:
            if pattern is _ISO:
                found = date(int(match[1]), int(match[2]), int(match[3]))
            elif pattern is _NUMERIC:
                first, second, year = int(match[1]), int(match[2]), _year(match[3])
                # Day first (French and British); US month-first only when it must be.
                if (english_first and second > 12 >= first) or (second > 12 and first <= 12):
                    first, second = second, first
                found = date(year, second, first)
            elif pattern is _DAY_MONTH:
                found = date(int(match[3]), _MONTHS[match[2]], int(match[1]))
            else:
                found = date(int(match[3]), _MONTHS[match[1]], int(match[2]))
        except ValueError:
            continue
        return found, match.span()
    return None, None


def _find_time(segment: str) -> tuple[time | None, tuple[int, int] | None]:
    for match in _TIME.finditer(segment):
        if match[1] is not None:
            hour, minute, meridiem = int(match[1]), int(match[2] or 0), match[3]
        else:
            hour, minute, meridiem = int(match[4]), 0, match[5]
        if meridiem:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if meridiem == "p" else 0)
        if hour > 23 or minute > 59:
            continue
        return time(hour, minute), match.span()
    return None, None


def _find_zone(segment: str) -> tuple[tzinfo | None, tuple[int, int] | None]:
    match = _ZONE.search(segment)
    if not match:
        return None, None
    zone = _ZONES[match[1]]
    if match[2]:
        hours, minutes = int(match[3]), int(match[4] or 0)
        if hours > 14 or minutes > 59:
            return zone, match.span()
        offset = timedelta(hours=hours, minutes=minutes)
        zone = timezone(offset if match[2] == "+" else -offset)
    return zone, match.span()


def _iso_zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text == "z":
        return UTC
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _blank(text: str, span: tuple[int, int] | None) -> str:
    if span is None:
        return text
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]


def _parse_segment(
    segment: str, default_tz: tzinfo, fallback_day: date | None, english_first: bool
) -> tuple[datetime | None, date | None, str, bool]:
    """One date-time from a segment: (aware datetime, its printed day, leftover, lone time).

    A lone time ("Updated 2:07 PM GMT") without `fallback_day` gives no datetime
    but is reported, so the line still counts as a date line.
    """
    iso = _ISO.search(segment)
    if iso and iso[4]:
        try:
            day = date(int(iso[1]), int(iso[2]), int(iso[3]))
            clock = time(int(iso[4]), int(iso[5]), int(iso[6] or 0))
        except ValueError:
            pass
        else:
            zone = _iso_zone(iso[7])
            rest = _blank(segment, iso.span())
            if zone is None:
                zone, span = _find_zone(rest)
                rest = _blank(rest, span)
            return datetime.combine(day, clock, zone or default_tz), day, rest, False
    day, span = _find_date(segment, english_first)
    rest = _blank(segment, span)
    clock, span = _find_time(rest)
    rest = _blank(rest, span)
    zone, span = _find_zone(rest) if (day or clock) else (None, None)
    rest = _blank(rest, span)
    if day is None:
        if clock is None or fallback_day is None:
            return None, None, rest, clock is not None
        day = fallback_day
    return datetime.combine(day, clock or time(0, 0), zone or default_tz), day, rest, False


def _leftover_words(rest: str) -> int:
    return sum(1 for word in _WORD.findall(rest) if word not in _FILLER)


def parse_date_line(
    line: str,
    default_tz: tzinfo,
    *,
    published_day: date | None = None,
    english_first: bool = False,
    max_leftover: int = 2,
    folded: str | None = None,
) -> LineDates:
    """Read the publication and update dates printed on one line.

    `Publié le 27/12/2025 14:01 Mis à jour le 27/12/2025 14:07` gives both;
    `Updated 2:07 PM GMT` (a time alone) takes `published_day`. The line is a
    date line (metadata, not body text) when little else than dates and their
    labels is on it. `folded` is the line already folded, when the caller has it.
    """
    result = LineDates()
    if len(line) > 200:
        return result
    if folded is None or len(folded) != len(line):
        folded = _fold(line)
    # Cheap rejection of sentences before the date patterns run.
    others = 0
    for word in _WORD.findall(folded):
        if word not in _FILLER and word not in _DATE_WORDS and not word.isdigit():
            others += 1
            if others > max_leftover + 1:
                return result
    relative = _RELATIVE.search(folded)
    if relative:
        folded = folded[: relative.start()] + " " * (relative.end() - relative.start()) + folded[
            relative.end() :
        ]
    cut = _UPDATED.search(folded)
    head, tail = (folded[: cut.start()], folded[cut.start() :]) if cut else (folded, "")
    published, day, rest, lone = _parse_segment(head, default_tz, published_day, english_first)
    if published is not None and _PUBLISHED.search(head) is None and cut is None:
        # Two unlabelled dates on one line: the second is the update.
        second, _, rest2, _ = _parse_segment(rest, default_tz, day, english_first)
        if second is not None:
            result.updated = second
            rest = rest2
    leftover = _leftover_words(rest)
    if tail:
        updated, _, rest, lone_tail = _parse_segment(
            tail, default_tz, day or published_day, english_first
        )
        result.updated = updated or result.updated
        lone = lone or lone_tail
        leftover += _leftover_words(rest)
    result.published = published
    result.needs_day = lone and published is None and result.updated is None
    found = published is not None or result.updated is not None or result.needs_day
    if relative and not found:
        # "Updated 2 hours ago": a date line, but no date to keep.
        result.relative = True
        found = True
    result.is_date_line = found and leftover <= max_leftover
    return result


def parse_iso_datetime(value: str | None, default_tz: tzinfo) -> datetime | None:
    """An ISO 8601 value from metadata (`2025-12-27T14:01:00+01:00`, `2025-12-27`) as aware."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()[:40]
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        found = parse_date_line(value, default_tz, max_leftover=99)
        return found.published
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed
