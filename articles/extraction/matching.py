"""Does this claim say the same thing as that one? Story matching as plain Python.

A claim is read into `ClaimFacts`: its figures (numbers normalised, so `600`, `six
cents` and `about 600` are one figure, and `10.000`, `10,000`, `10 000` another), the
places and named actors it names (through the beat's French/English gazetteer, so
`Koursk` and `Kursk` are one place), what happens in it (killed, deployed, launched...,
in either language), its origin (the speaker at the head of its attribution chain) and
its date. `compare` weighs two claims and says why, as evidence a researcher can read.

It prefers under-merging: a wrong merge misleads an analyst more than a missed one. Two
claims with figures that share none ("600 killed" / "1,000 killed"), or with events that
share none ("600 deployed" / "600 killed"), are never the same claim, however alike
their wording and source.

`blocking_keys` gives the few index keys a claim is looked up by (its figures, its
origin with each place, MinHash bands of its wording), so a new claim is compared with
the claims sharing a key, never with the whole corpus.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from articles.extraction.gazetteer import GAZETTEER

_COMBINING = re.compile(r"[\u0300-\u036f]")
_NOT_WORD = re.compile(r"[^\w]+|_+")


def _unaccent(text: str) -> str:
    """`Séoul` -> `Seoul` (the accents of Latin letters; fast on ASCII text)."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


DATE_WINDOW_DAYS = 10
THRESHOLD = 0.55

# -- figures ------------------------------------------------------------------------------

_SCALES = {
    "million": 1_000_000, "millions": 1_000_000, "milliard": 1_000_000_000,
    "milliards": 1_000_000_000, "billion": 1_000_000_000, "billions": 1_000_000_000,
    "mille": 1000, "thousand": 1000, "thousands": 1000,
}  # fmt: skip
_UNITS = {
    # "un"/"one" alone are left out: "un soldat", "one of the..." are not figures.
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60,
    "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_HUNDREDS = {"cent", "cents", "hundred"}  # "hundreds of" is no figure
_SEPARATOR = r"(?:[.,]|[ \u00a0\u202f])"
_DIGITS = re.compile(
    rf"(?<![\w.,])(\d{{1,3}}(?:{_SEPARATOR}\d{{3}})+(?!\d)|\d+(?:[.,]\d+)?)(?!\w)"
    r"(?:[ \u00a0\u202f]*(%|pour ?cent|percent|per cent))?"
    r"(?:[ \u00a0\u202f-]+(millions?|milliards?|billions?|mille|thousands?)\b)?",
    re.IGNORECASE,
)


def _alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_NUMBER_WORDS = re.compile(
    rf"(?<!pour )\b(?:{_alternation([*_UNITS, *_HUNDREDS])})"
    rf"(?:[\s-]+(?:{_alternation([*_UNITS, *_HUNDREDS, *_SCALES, 'et'])}))*\b"
)


def _digits_value(raw: str) -> float:
    """`10.000`, `10,000`, `10 000` -> 10000; `1,5` and `1.5` -> 1.5."""
    compact = re.sub(r"[ \u00a0\u202f]", "", raw)
    groups = re.split(r"[.,]", compact)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))  # separators of thousands
    return float(compact.replace(",", "."))


def _is_year(value: float, raw: str) -> bool:
    return value.is_integer() and 1900 <= value <= 2100 and raw.isdigit()


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _words_value(phrase: str) -> float:
    """`six cents` -> 600, `deux mille cinq cents` -> 2500, `quatre-vingts` -> 80."""
    total = current = 0.0
    for part in re.split(r"[\s-]+", phrase):
        if part in _UNITS:
            if part in ("vingt", "vingts") and current % 100 == 4:
                current += 76  # quatre-vingts
            else:
                current += _UNITS[part]
        elif part in _HUNDREDS:
            current = max(current, 1) * 100
        elif part in _SCALES:
            total += max(current, 1) * _SCALES[part]
            current = 0
    return total + current


def figures(text: str) -> frozenset[str]:
    """The figures a text gives, normalised: `about 600`, `six cents` -> {"600"}.

    Years (`2024`) are dates, not figures, and are left out; `12%` is `12%`.
    """
    found: set[str] = set()
    plain = _unaccent(text.replace("’", "'"))
    for match in _DIGITS.finditer(plain):
        raw, percent, scale = match.groups()
        try:
            value = _digits_value(raw)
        except ValueError:
            continue
        if scale:
            value *= _SCALES[scale.lower()]
        elif percent:
            found.add(_fmt(value) + "%")
            continue
        elif _is_year(value, raw):
            continue
        found.add(_fmt(value))
    for match in _NUMBER_WORDS.finditer(plain.casefold()):
        found.add(_fmt(_words_value(match.group(0))))
    return frozenset(found)


# -- places, actors and events ------------------------------------------------------------


_ELISION = re.compile(r"\b[ldjmnstc]'", re.IGNORECASE)


def _fold_words(text: str) -> tuple[str, ...]:
    """Lower case, no accents, no elided article, words only: `l'armée` -> ("armee",)."""
    text = _ELISION.sub("", text.replace("’", "'"))
    return tuple(_NOT_WORD.sub(" ", _unaccent(text).casefold()).split())


_PLACES: dict[tuple[str, ...], str] = {}
for _row in GAZETTEER:
    for _spelling in _row:
        _PLACES[_fold_words(_spelling)] = _row[0]  # shown as the gazetteer's first spelling
_LONGEST_PLACE = max(len(k) for k in _PLACES)

# What happens in a claim, in either language: folded word -> event. Two claims that
# both say what happened and share no event are about different things.
_EVENTS: dict[str, tuple[str, ...]] = {
    "killed": ("tues", "tue", "tuee", "tuees", "morts", "mort", "mortes", "deces", "killed",
               "dead", "died", "deaths", "death", "perished", "kill", "kills", "tuant"),
    "wounded": ("blesses", "blesse", "blessees", "wounded", "injured", "injuries"),
    "casualties": ("pertes", "casualties", "victimes", "victims"),
    "deployed": ("deployes", "deploye", "deployees", "deploiement", "envoyes", "envoye",
                 "envoi", "deployed", "deployment", "sent", "dispatched", "stationed"),
    "captured": ("captures", "capture", "capturees", "prisonniers", "prisonnier",
                 "captured", "prisoners", "prisoner", "pows"),
    "launched": ("tire", "tires", "tiree", "tirees", "tir", "tirs", "lance", "lances",
                 "lancee", "lancement", "fired", "launched", "launch", "launches", "test",
                 "tested", "essai"),
    "shot_down": ("abattu", "abattus", "abattues", "intercepte", "interceptes", "detruits",
                  "detruit", "shot", "downed", "intercepted", "destroyed"),
    "supplied": ("fourni", "fournis", "livre", "livres", "livraison", "livraisons",
                 "supplied", "delivered", "shipped", "transferred", "exported"),
}  # fmt: skip
_EVENT_OF = {word: event for event, words in _EVENTS.items() for word in words}
# What a claim is about, in either language (weighed, never a gate on its own).
_THINGS: dict[str, tuple[str, ...]] = {
    "soldiers": ("soldats", "soldat", "troupes", "militaires", "combattants", "soldiers",
                 "soldier", "troops", "servicemen", "fighters", "personnel"),
    "missiles": ("missile", "missiles"),
    "drones": ("drone", "drones"),
    "shells": ("obus", "artillerie", "munitions", "shells", "artillery", "ammunition",
               "rounds"),
    "ballistic": ("balistique", "balistiques", "ballistic"),
    "nuclear": ("nucleaire", "nucleaires", "nuclear"),
    "satellite": ("satellite", "satellites"),
    "workers": ("ouvriers", "travailleurs", "workers", "laborers", "labourers"),
}  # fmt: skip
_THING_OF = {word: thing for thing, words in _THINGS.items() for word in words}


_PLACE_STARTS = frozenset(k[0] for k in _PLACES)


def places(words: tuple[str, ...]) -> frozenset[str]:
    """The gazetteer's places and actors named in folded `words`, longest spelling first."""
    found: set[str] = set()
    i = 0
    while i < len(words):
        if words[i] not in _PLACE_STARTS:
            i += 1
            continue
        for size in range(min(_LONGEST_PLACE, len(words) - i), 0, -1):
            key = _PLACES.get(words[i : i + size])
            if key:
                found.add(key)
                i += size
                break
        else:
            i += 1
    return frozenset(found)


# -- text similarity ----------------------------------------------------------------------

_STOP_WORDS = """le la les l un une des de du d et a au aux en dans par pour sur que qui qu
ce cette ces il elle ils elles on est sont ont ete selon the an of and to in on for by that
this is are was were has have had been be it its with as at from said says according"""
_STOP = frozenset(_STOP_WORDS.split())
MINHASH_SIZE = 16
MINHASH_BANDS = 8  # 8 bands of 2 rows: pairs above ~0.5 resemblance share a band


@lru_cache(maxsize=100_000)
def _word_grams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[k : k + 3] for k in range(len(padded) - 2))


def shingles(words: tuple[str, ...]) -> frozenset[str]:
    """Character trigrams of the content words (what pg_trgm compares)."""
    return frozenset().union(*(_word_grams(w) for w in words if w not in _STOP))


def _minhash(grams: frozenset[str]) -> tuple[int, ...]:
    if not grams:
        return ()
    hashes = [zlib.crc32(g.encode()) for g in grams]
    return tuple(
        min(((h ^ (seed * 0x9E3779B1)) * 2654435761 + seed) & 0xFFFFFFFF for h in hashes)
        for seed in range(1, MINHASH_SIZE + 1)
    )


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# -- a claim, read ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimFacts:
    """What matching reads from one stored claim."""

    id: int
    text: str
    language: str = ""
    published: date | None = None
    article_id: int | None = None
    origins: frozenset[str] = frozenset()  # who said it first (head of the chain)
    sources: frozenset[str] = frozenset()  # everyone in the chain, relays included
    figures: frozenset[str] = field(default=frozenset())
    places: frozenset[str] = field(default=frozenset())
    events: frozenset[str] = field(default=frozenset())
    things: frozenset[str] = field(default=frozenset())
    grams: frozenset[str] = field(default=frozenset())


def read_claim(
    id: int,
    text: str,
    *,
    language: str = "",
    published: date | None = None,
    article_id: int | None = None,
    origins=(),
    sources=(),
) -> ClaimFacts:
    """Read `text` (the claim's content, else its sentence) into the facts matching weighs."""
    words = _fold_words(text)
    return ClaimFacts(
        id=id,
        text=text,
        language=(language or "")[:2],
        published=published,
        article_id=article_id,
        origins=frozenset(origins),
        sources=frozenset(sources) | frozenset(origins),
        figures=figures(text),
        places=places(words),
        events=frozenset(_EVENT_OF[w] for w in words if w in _EVENT_OF),
        things=frozenset(_THING_OF[w] for w in words if w in _THING_OF),
        grams=shingles(words),
    )


@lru_cache(maxsize=4096)
def blocking_keys(facts: ClaimFacts) -> frozenset[str]:
    """The index keys a claim is found by: figures, origin+place, and wording bands
    (cached: indexing a claim and looking up its candidates read the same keys)."""
    keys = {f"n:{f}" for f in facts.figures}
    for origin in facts.origins:
        for place in facts.places:
            keys.add(f"op:{origin}|{place}"[:120])
    signature = _minhash(facts.grams)
    if signature:
        rows = MINHASH_SIZE // MINHASH_BANDS
        for band in range(MINHASH_BANDS):
            part = signature[band * rows : (band + 1) * rows]
            keys.add(f"h:{facts.language}:{band}:{zlib.crc32(repr(part).encode()):08x}")
    return frozenset(keys)


# -- two claims, weighed ------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """Two claims weighed: a score in [0, 1], whether it is a suggestion, and why."""

    score: float
    suggested: bool
    evidence: dict


def compare(a: ClaimFacts, b: ClaimFacts, *, threshold: float = THRESHOLD) -> Match:
    """How alike `a` and `b` are, with the evidence; a veto (different figures, events,
    dates too far apart) makes any score a non-match."""
    evidence: dict = {}
    vetoes: list[str] = []
    if a.published and b.published:
        days = abs((a.published - b.published).days)
        evidence["days_apart"] = days
        if days > DATE_WINDOW_DAYS:
            vetoes.append("published too far apart")
    shared_figures = a.figures & b.figures
    evidence["figures"] = sorted(shared_figures)
    if a.figures and b.figures and not shared_figures:
        vetoes.append("different figures")
        evidence["figures_differ"] = [sorted(a.figures), sorted(b.figures)]
    shared_events = a.events & b.events
    evidence["events"] = sorted(shared_events)
    if a.events and b.events and not shared_events:
        vetoes.append("different events")
    evidence["places"] = sorted(a.places & b.places)
    evidence["things"] = sorted(a.things & b.things)
    evidence["origins"] = sorted(a.origins & b.origins)
    evidence["sources"] = sorted((a.sources & b.sources) - (a.origins & b.origins))
    same_language = bool(a.language) and a.language == b.language
    evidence["cross_language"] = bool(a.language and b.language) and not same_language

    score = 0.0
    if shared_figures:
        score += 0.35 * len(shared_figures) / min(len(a.figures), len(b.figures))
    score += 0.15 * jaccard(a.places, b.places)
    score += 0.15 * jaccard(a.events, b.events)
    score += 0.10 * jaccard(a.things, b.things)
    if a.origins & b.origins:
        score += 0.15
    elif a.sources & b.sources:
        score += 0.07
    if same_language or not (a.language and b.language):
        similarity = jaccard(a.grams, b.grams)
        evidence["text_similarity"] = round(similarity, 2)
        score += 0.35 * similarity
        score = min(score, 1.0)
    else:
        # Across languages the wording cannot be compared: what is compared (figures,
        # places, events, origin) must carry the weight alone.
        score = min(score / 0.9, 1.0)
    if vetoes:
        evidence["vetoes"] = vetoes
    score = round(score, 3)
    return Match(score=score, suggested=not vetoes and score >= threshold, evidence=evidence)
