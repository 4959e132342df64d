"""Entry point of the extraction core: cleaned text in, attributed claims out.

For each sentence (see `sentences.py`) the cues are found (`cues.py`), then each
cue is turned into a claim: who (the subject of a reporting verb, before or
after it, or the object of `selon` / `according to`), what (the content: the
clause after `que` / `that`, or the part of the sentence before a postposed
attribution), and the chain (`citant X`, `publié par X`, `according to KCNA`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from articles.extraction import lexicon as lx
from articles.extraction.cues import RawCue, Tok, find_cues, tokenize
from articles.extraction.model import Cue, ExtractedClaim, Mention, Registry, Span
from articles.extraction.quotes import ALL_QUOTES, CLOSING, OPENING, quote_pairs
from articles.extraction.resolve import Resolver, strip_determiner
from articles.extraction.sentences import split_sentences

EXTRACTOR_VERSION = "1.0"

# Bounds that keep pathological input linear: a window for boundary searches,
# a cap on the cues considered per sentence.
WINDOW = 400
MAX_CUES_PER_SENTENCE = 24
MAX_NP_TOKENS = 14
MAX_SUBJECT_TOKENS = 16
MAX_CONTENT_CHARS = 4000
_PUNCT_END = ".!?…;:,"
_BOUNDARY = ",;:("
_PRONOUNS = lx.FR_PRONOUNS | lx.EN_PRONOUNS
_PERSON_PRONOUNS = frozenset({"il", "elle", "lui", "he", "she"})
_GENERIC_SUBJECTS = frozenset({"on", "one", "we", "nous"})
# Words ending the object of `selon` / `according to`; chains (`citant`, `cités par`)
# and place complements (`à Séoul`) are part of it.
# Adverbials a verb and its `que` may enclose between commas.
_COMMA_ADVERBIALS = frozenset(
    {"lors", "dans", "devant", "pendant", "sur", "selon", "depuis", "during", "in", "at",
     "before", "speaking", "interrogé", "interrogée", "cité", "citée", "sous", "under"}
)
_OBJECT_PRONOUNS = frozenset({"lui", "elle", "eux", "elles", "him", "her", "them"})
_PREP_OBJECT_STOPS = (
    lx.NP_STOP_WORDS - {"à", "au", "aux", "en"} - lx.CITING_WORDS - lx.RELAY_PARTICIPLES
)


@dataclass(slots=True)
class _M:
    """A mention while a claim is being built; role orders the chain."""

    text: str
    start: int
    end: int
    role: int  # 0 cited (original source), 1 speaker, 2 relay
    source: str | None = None


@dataclass(slots=True)
class _Draft:
    cue: RawCue
    mentions: list[_M] = field(default_factory=list)
    content: tuple[int, int] | None = None
    regions: list[tuple[int, int]] = field(default_factory=list)  # text used by mentions
    generic: bool = False  # subject "on": the claim has no real speaker


def extract_claims(
    text: str,
    registry: Registry,
    *,
    language: str | None = None,
    include_unattributed: bool = False,
) -> list[ExtractedClaim]:
    """Return the attributed claims found in `text`, in reading order.

    With `include_unattributed`, every other sentence is returned too, as a claim
    with no source and an empty cue of kind "" (for a later "all statements" view).
    """
    lang = _language(text, language)
    resolver = Resolver(registry)
    seen: set[str] = set()
    claims: list[ExtractedClaim] = []
    history: list[ExtractedClaim] = []
    previous: Span | None = None
    for sentence in split_sentences(text):
        key = " ".join(sentence.text.split()).casefold()
        if key in seen:
            # "A sentence repeated in the article gives one claim."
            continue
        seen.add(key)
        found = _sentence_claims(text, sentence, lang, resolver, history, previous)
        previous = sentence
        if not found and include_unattributed:
            claims.append(
                ExtractedClaim(
                    start=sentence.start, end=sentence.end, text=sentence.text,
                    cue=Cue("", sentence.start, sentence.start, ""), sources=[],
                    content=sentence, stance="", confidence=0.1,
                )
            )
            continue
        if found:
            claims.extend(found)
            history.extend(found)
            del history[:-12]
    return claims


def _language(text: str, language: str | None) -> str:
    """"fr", "en" or "any" (both lexicons) from the given code or a stop-word count."""
    if language:
        code = language.lower()[:2]
        if code in ("fr", "en"):
            return code
        return "any"
    sample = text[:5000].casefold().split()
    fr_words = ("le", "la", "les", "des", "est", "selon", "une", "du", "et", "a")
    fr = sum(w in fr_words for w in sample)
    en = sum(w in ("the", "and", "of", "said", "is", "to", "was", "that", "a") for w in sample)
    if fr > en * 1.5:
        return "fr"
    if en > fr * 1.5:
        return "en"
    return "any"


# --- one sentence ---------------------------------------------------------------------


def _sentence_claims(
    text: str,
    sent: Span,
    lang: str,
    resolver: Resolver,
    history: list[ExtractedClaim],
    previous: Span | None = None,
) -> list[ExtractedClaim]:
    lo, hi = sent.start, sent.end
    toks = tokenize(text, lo, hi)
    if not toks:
        return []
    pairs = quote_pairs(text, lo, hi)
    cues = find_cues(text, toks, lo, lang)[: MAX_CUES_PER_SENTENCE * 2]
    ctx = _Ctx(text, sent, toks, pairs, cues, lang)
    ctx.resolver = resolver
    drafts: list[_Draft] = []
    colon = _colon_draft(ctx)
    if colon:
        drafts.append(colon)
    for cue in cues:
        if len(drafts) >= MAX_CUES_PER_SENTENCE:
            break
        draft = None
        if cue.kind == "verb":
            draft = _verb_draft(ctx, cue, drafts)
        elif cue.kind == "preposition":
            draft = _preposition_draft(ctx, cue)
        elif cue.kind == "quoted":
            draft = _quoted_draft(ctx, cue)
        if draft is not None:
            drafts.append(draft)
    if not drafts:
        continuation = _quote_continuation(ctx, history)
        return [continuation] if continuation else []
    drafts = _merge(ctx, drafts)
    _attach_markers(ctx, drafts)
    claims = []
    for draft in drafts:
        claim = _finish(ctx, draft, resolver, history, previous)
        if claim is not None:
            claims.append(claim)
    return claims


class _Ctx:
    __slots__ = (
        "cues", "hi", "lang", "lo", "pair_starts", "pairs", "resolver", "sent", "starts",
        "text", "toks",
    )

    def __init__(self, text, sent, toks, pairs, cues, lang):
        self.text = text
        self.sent = sent
        self.lo = sent.start
        self.hi = sent.end
        self.toks: list[Tok] = toks
        self.starts = [t.start for t in toks]
        self.pairs = pairs
        self.pair_starts = [a for a, _ in pairs]
        self.cues: list[RawCue] = cues
        self.lang = lang
        self.resolver: Resolver | None = None

    def tok_at(self, pos: int) -> int:
        """Index of the first token starting at or after `pos`."""
        return bisect_left(self.starts, pos)

    def masked(self, k: int, ref: int) -> bool:
        """True if position k is inside a quotation that does not contain `ref`.

        Looks at the few pairs opening just before k (quotations are short and rarely
        nested), so that a line full of quotes stays linear.
        """
        idx = bisect_left(self.pair_starts, k) - 1
        for a, b in self.pairs[max(0, idx - 15) : idx + 1][::-1]:
            if a < k < b and not (a < ref < b):
                return True
        return False


def _left_boundary(ctx: _Ctx, pos: int) -> tuple[int, str]:
    """(index after the nearest boundary before `pos`, boundary char or "")."""
    text = ctx.text
    k = pos - 1
    stop = max(ctx.lo, pos - WINDOW)
    while k >= stop:
        ch = text[k]
        if ch == ")":
            # "Le service national du renseignement (NIS) estime": skip the parenthesis
            opening = text.rfind("(", stop, k)
            if opening >= 0:
                k = opening - 1
                continue
        if ch in ALL_QUOTES or (ch in _BOUNDARY and not ctx.masked(k, pos)):
            return k + 1, ch
        k -= 1
    return stop, ""


def _strip(text: str, a: int, b: int, chars: str = "") -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in chars):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in chars):
        b -= 1
    return a, b


def _np_after(ctx: _Ctx, pos: int, *, skip_time: bool = True) -> tuple[int, int] | None:
    """The noun phrase starting at `pos` (an inverted subject, a `selon` object).

    Skips dates and `à l'AFP` first; stops at punctuation, a stop word or
    MAX_NP_TOKENS tokens.
    """
    text, toks = ctx.text, ctx.toks
    i = ctx.tok_at(pos)
    n = len(toks)
    # skip adverbials of time and recipients ("à l'AFP", "to reporters")
    guard = 0
    prev_end = pos
    while i < n and guard < 8:
        guard += 1
        low = toks[i].low
        if skip_time and _is_time(toks, i) and (
            not _has_punct(text, prev_end, toks[i].start)
            or text[prev_end : toks[i].start].strip() == ","
        ):
            # ", a affirmé, vendredi 26 décembre, le Service national du renseignement"
            prev_end = toks[i].end
            i += 1
            if i < n and text[prev_end : toks[i].start].strip() == ",":
                prev_end = toks[i].start
            continue
        if (
            skip_time
            and low in lx.ADVERBIAL_STARTS
            and low not in ("le", "la", "l", "the", "et", "and")
            and text[prev_end : toks[i].start].strip() == ","
        ):
            # ", a reconnu, sous couvert d'anonymat, un officier russe"
            k = i + 1
            while k < n and k < i + 7 and not _has_punct(text, toks[k - 1].end, toks[k].start):
                k += 1
            if k < n and k < i + 7 and text[toks[k - 1].end : toks[k].start].strip() == ",":
                prev_end = toks[k].start
                i = k
                continue
        if skip_time and i + 2 < n and (
            (low == "pour" and toks[i + 1].low in ("sa", "son", "leur")
             and toks[i + 2].low == "part")
            or (low == "de" and toks[i + 1].low in ("son", "leur") and toks[i + 2].low == "côté")
        ):
            # ", juge pour sa part le politologue X"
            prev_end = toks[i + 2].end
            i += 3
            continue
        if skip_time and low == "en" and i + 1 < n and (
            toks[i + 1].low in _MONTHS or toks[i + 1].low.isdigit()
        ) and not _has_punct(text, prev_end, toks[i].start):
            # ", avait assuré en octobre l'ambassadeur russe"
            prev_end = toks[i + 1].end
            i += 2
            if i < n and toks[i].low.isdigit() and not toks[i - 1].low.isdigit():
                prev_end = toks[i].end
                i += 1
            continue
        if low in ("sur", "on") and i + 1 < n:
            # ", a écrit sur Telegram Volodymyr Zelensky", "sur son compte X"
            j = i + 1
            if toks[j].low in ("son", "sa", "leur", "ses") and j + 1 < n and toks[j + 1].low in (
                "compte", "comptes", "site", "chaîne", "réseau", "réseaux"
            ):
                j += 2
            if j < n and toks[j].low in lx.PLATFORMS:
                prev_end = toks[j].end
                i = j + 1
                continue
        if low in ("à", "aux", "to") and i + 1 < n:
            j = i + 1
            if toks[j].low in ("l", "la", "le"):
                j += 1
            if j < n and (
                text[toks[j].start].isupper()
                or toks[j].low in ("journalistes", "presse", "reporters", "journalists")
            ):
                i = j + 1
                while i < n and text[toks[i].start].isupper() and i < j + 3:
                    i += 1
                continue
        break
    if i >= n:
        return None
    first = i
    last = -1
    in_role = False  # inside ", a professor at the University of ..." stop words do not stop
    while i < n and i - first < MAX_NP_TOKENS + (8 if in_role else 0):
        low = toks[i].low
        if (
            i > first
            and not in_role
            and (low in lx.NP_STOP_WORDS or low in lx.RELAY_PARTICIPLES)
            # "le commandant en chef", "le rédacteur en chef": a title, not an adverbial
            and not (low == "en" and i + 1 < n and toks[i + 1].low == "chef")
        ):
            break
        if (
            i > first
            and _has_punct(text, toks[i - 1].end, toks[i].start)
            and not _abbreviation_gap(text, toks[i - 1], toks[i])
        ):
            # "le général Kyrylo Boudanov, chef du renseignement militaire ukrainien"
            role = low in lx.ROLE_NOUNS or (
                low in ("a", "an", "the", "un", "une", "le", "la")
                and i + 2 < n
                and (toks[i + 1].low in lx.ROLE_NOUNS or toks[i + 2].low in lx.ROLE_NOUNS)
            )
            if text[toks[i - 1].end : toks[i].start].strip() == "," and role and not in_role:
                in_role = True
                last = i
                i += 1
                continue
            break
        last = i
        i += 1
    if last < 0:
        return None
    a, b = toks[first].start, toks[last].end
    # keep a closing parenthesis of "(NIS)"
    if b < ctx.hi and text[b] == ")" and "(" in text[a:b]:
        b += 1
    # include an elided determiner "l'" (tokens split at the apostrophe)
    return a, b


_MONTHS = frozenset(
    {
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre", "january", "february", "march", "april", "may",
        "june", "july", "august", "september", "october", "november", "december",
    }
)


def _is_time(toks: list[Tok], i: int) -> bool:
    """A word of a date or time adverbial: `vendredi`, `le 12 décembre`, `on Friday`."""
    low = toks[i].low
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if low in ("le", "la", "l", "on", "ce", "cette", "this", "last"):
        # "le 12 décembre", "on Friday": only before a date word
        return nxt.isdigit() or (nxt in lx.TIME_WORDS and nxt not in ("le", "on"))
    if low.isdigit():
        return nxt in _MONTHS or nxt == "er"
    return low in lx.TIME_WORDS


def _abbreviation_gap(text: str, before: Tok, after: Tok) -> bool:
    """`M. Poutine`, `Dr. Park`, `U.S. officials`: a dot that does not end the phrase."""
    gap = text[before.end : after.start]
    if gap not in (". ", ".", ".\u00a0"):
        return False
    word = before.low
    return word in lx.TITLE_WORDS or (len(word) == 1 and text[before.start].isupper())


def _has_punct(text: str, a: int, b: int) -> bool:
    if b - a > 6:
        return True
    return any(text[k] in ",.;:!?()«»“”\"" for k in range(a, b))


def _complementizer(ctx: _Ctx, i: int, restrictive: bool) -> int:
    """Index of `que` / `qu'` / `that` within a few tokens from token i, or -1."""
    toks = ctx.toks
    skip_one = restrictive
    if 0 < i < len(toks):
        first = toks[i].low
        gap = ctx.text[toks[i - 1].end : toks[i].start].strip()
        if gap == "," and first not in lx.CITING_WORDS and first not in _COMMA_ADVERBIALS and (
            first in lx.ADJUNCT_STARTS
            or (len(first) > 4 and (first.endswith("ing") or first.endswith("ant")))
        ):
            # "..., the ministry said, adding that ...": the `that` is the gerund's
            return -1
    in_adverbial = False
    for k in range(i, min(i + 13, len(toks))):
        low = toks[k].low
        if low in lx.COMPLEMENTIZERS:
            if in_adverbial:
                # "a affirmé, lors de son allocution, que ...": only a `que` right after
                # the adverbial's closing comma belongs to the verb
                closed = k > 0 and ctx.text[toks[k - 1].end : toks[k].start].strip() == ","
                if not closed:
                    return -1
            if skip_one:
                skip_one = False
                continue
            return k
        if k > i:
            gap = ctx.text[toks[k - 1].end : toks[k].start].strip(" '’")
            if gap in (".", ";", ":") or (gap and gap[0] in "«“\""):
                break
            # "a indiqué, jeudi, que" crosses a comma; ", assurant que" does not
            if gap == "," and low not in lx.TIME_WORDS and not low.isdigit():
                if (
                    not in_adverbial
                    and low in _COMMA_ADVERBIALS
                    and ctx.text[toks[i - 1].end : toks[i].start].strip() != ","
                ):
                    in_adverbial = True
                    continue
                break
        elif i > 0 and low in _COMMA_ADVERBIALS and (
            ctx.text[toks[i - 1].end : toks[i].start].strip() == ","
        ):
            in_adverbial = True  # "a indiqué, dans un communiqué, que"
    return -1


def _content_after(ctx: _Ctx, cue: RawCue, limit: int) -> tuple[int, int] | None:
    toks, text = ctx.toks, ctx.text
    i = cue.last + 1
    k = _complementizer(ctx, i, cue.restrictive)
    if k >= 0:
        start = toks[k].end
    elif cue.told:
        # "told South Korean lawmakers he had been told ...": skip the addressee
        start = toks[cue.last].end
        for j in range(i + 1, min(i + 6, len(toks))):
            if toks[j].low in lx.CLAUSE_STARTS:
                start = toks[j - 1].end
                break
    else:
        start = toks[cue.last].end
        j = i
        while j < len(toks) and _is_time(toks, j):
            if _has_punct(text, start, toks[j].start):
                break
            start = toks[j].end
            j += 1
        # "a dénoncé dans un communiqué les ..." / "said in a statement that"
        if (
            j + 2 < len(toks)
            and toks[j].low in ("dans", "in")
            and toks[j + 2].low in lx.DOCUMENT_NOUNS
        ):
            start = toks[j + 2].end
    # a reported clause longer than this is a run-on input, not prose: keep scans bounded
    limit = min(limit, start + MAX_CONTENT_CHARS)
    a, b = _strip(text, start, limit, " '’:,")
    a, b = _strip(text, a, b, _PUNCT_END)
    limit = _adjunct_cut(ctx, a, b)
    if k < 0:
        for j in range(ctx.tok_at(a) + 1, len(toks)):
            if toks[j].start >= limit:
                break
            if toks[j].low in lx.OBJECT_ADJUNCTS and not ctx.masked(toks[j].start, a):
                limit = toks[j].start
                break
            if (
                toks[j].low in lx.OBJECT_COMMA_ADJUNCTS
                and text[toks[j - 1].end : toks[j].start].strip() == ","
                and not ctx.masked(toks[j].start, a)
            ):
                # "démentent tout transfert d'armes, en violation des sanctions": an
                # object has no clause to continue after a comma and a preposition
                limit = toks[j - 1].end
                break
    a, b = _strip(text, a, limit, _PUNCT_END)
    if b <= a:
        return None
    return a, b


def _adjunct_cut(ctx: _Ctx, a: int, b: int) -> int:
    """End of a reported clause before a trailing adjunct after a comma:
    `North Korea denied the report, calling it ...`, `..., in a rare acknowledgement`."""
    toks = ctx.toks
    i = ctx.tok_at(a)
    while i < len(toks) and toks[i].start < b:
        t = toks[i]
        if i > 0 and toks[i - 1].start >= a:
            gap = ctx.text[toks[i - 1].end : t.start]
            nxt = toks[i + 1].low if i + 1 < len(toks) else ""
            if gap.strip() == "," and not ctx.masked(toks[i - 1].end, a) and (
                t.low in lx.ADJUNCT_STARTS
                or (len(t.low) > 5 and t.low.endswith("ing") and ctx.lang != "fr")
                or (
                    ctx.lang != "en"
                    and t.low.endswith("ant")
                    and t.low in lx.FR_FINITE
                )
                # ", les jugeant « absurdes »", ", en adressant ses vœux"
                or (
                    ctx.lang != "en"
                    and t.low in ("les", "le", "la", "l", "en", "y", "se", "s", "lui", "leur")
                    and len(nxt) > 4
                    and nxt.endswith("ant")
                )
            ):
                return toks[i - 1].end
        i += 1
    return b


def _limit_after(ctx: _Ctx, cue: RawCue, pos: int) -> int:
    """Where content after `pos` stops: the comma before a later attribution."""
    limit = ctx.hi
    for other in ctx.cues:
        if other.start <= pos or other is cue:
            continue
        b, ch = _left_boundary(ctx, other.start)
        if ch == "," and b - 1 > pos:
            # only when the later cue starts its own clause right after the comma
            # (", selon", ", a rapporté", ", citant") or a short subject
            between = ctx.text[b : other.start].split()
            if len(between) <= 6:
                limit = min(limit, b - 1)
                break
    return limit


def _name_apposition_end(ctx: _Ctx, a: int, b: int) -> int:
    """`..., a rétorqué la porte-parole de la diplomatie russe, Maria Zakharova.`: a name
    after a role that ends the sentence belongs to the mention. Returns the new end."""
    text, toks = ctx.text, ctx.toks
    i = ctx.tok_at(b)
    n = len(toks)
    if i >= n or text[b : toks[i].start].strip() != ",":
        return b
    if not any(toks[k].low in lx.ROLE_NOUNS for k in range(ctx.tok_at(a), i)):
        return b
    k = i
    while k < n and k < i + 4 and text[toks[k].start].isupper():
        if k > i and text[toks[k - 1].end : toks[k].start] not in (" ", "-"):
            return b
        k += 1
    if k == i or (k < n and k >= i + 4):
        return b
    end = toks[k - 1].end
    rest_a, rest_b = _strip(text, end, ctx.hi, _PUNCT_END + "»”\"")
    if rest_b > rest_a:
        return b  # more text follows: not a closing apposition
    return end


def _incise_end(ctx: _Ctx, pos: int) -> int:
    """`Les soldats, a-t-il affirmé, subissent de lourdes pertes`: an attribution set
    between commas inside the reported clause, which goes on after it. Returns the end of
    the clause (the sentence end), or -1 when what follows the comma is an adverbial,
    a relay or another attribution."""
    text, toks = ctx.text, ctx.toks
    a, _ = _strip(text, pos, ctx.hi)
    if a >= ctx.hi or text[a] != ",":
        return -1
    i = ctx.tok_at(a)
    if i >= len(toks) or i + 1 >= len(toks):
        return -1
    low = toks[i].low
    if (
        not text[toks[i].start].islower()
        or low in lx.RELATIVE_PRONOUNS
        or low in ("dont", "où", "ce", "ceux", "celui", "celle", "where", "whose")
        or low in lx.ADVERBIAL_STARTS
        or low in lx.ADJUNCT_STARTS
        or low in lx.RELAY_PARTICIPLES
        or low in lx.CITING_WORDS
        or low in lx.LEADING_CONJUNCTIONS
        or _has_punct(text, a + 1, toks[i].start)
        or (len(low) > 4 and (low.endswith("ant") or low.endswith("ing")))
        or (ctx.cues and ctx.cues[-1].start > a)  # cues are in order: O(1)
    ):
        return -1
    return _strip(text, a + 1, ctx.hi, _PUNCT_END)[1]


def _rest_is_adverbial(ctx: _Ctx, pos: int) -> bool:
    """True when nothing but adverbials follows `pos` up to the sentence end."""
    text = ctx.text
    a, b = _strip(text, pos, ctx.hi, _PUNCT_END + "»”\"")
    if b <= a:
        return True
    if text[pos : pos + 2].lstrip()[:1] == ",":
        return True
    i = ctx.tok_at(pos)
    if i >= len(ctx.toks):
        return True
    return ctx.toks[i].low in lx.ADVERBIAL_STARTS


def _verb_draft(ctx: _Ctx, cue: RawCue, drafts: list[_Draft]) -> _Draft | None:
    text, toks = ctx.text, ctx.toks
    draft = _Draft(cue)
    if cue.gerund:
        # "Kiev a démenti cette affirmation, assurant que ...": same speaker
        previous = next((d for d in reversed(drafts) if d.mentions), None)
        if previous is None:
            return None
        draft.mentions = [_M(m.text, m.start, m.end, m.role) for m in previous.mentions]
        draft.content = _content_after(ctx, cue, _limit_after(ctx, cue, cue.end))
        return draft if draft.content else None
    if cue.pronoun >= 0:
        p = toks[cue.pronoun]
        named = _on_source(ctx, cue) if p.low == "on" else None
        if named:
            # "a-t-on appris de source diplomatique", "précise-t-on au ministère"
            draft.mentions.append(_M(text[named[0] : named[1]], named[0], named[1], 1))
            draft.regions.append(named)
        else:
            draft.mentions.append(_M(text[p.start : p.end], p.start, p.end, 1))
        before = _prev_nonspace(text, cue.start, ctx.lo)
        if before in (",",) or before in CLOSING or before == '"':
            end = _prev_index(text, cue.start, ctx.lo)
            if before == ",":
                end = max(end, _incise_end(ctx, cue.end))
            draft.content = _content_span(ctx, ctx.lo, end)
        else:
            draft.content = _content_after(ctx, cue, _limit_after(ctx, cue, cue.end))
        return draft
    b, ch = _left_boundary(ctx, cue.start)
    seg_a, seg_b = _strip(text, b, cue.start)
    # "La Corée du Nord n'a confirmé": the negation is not part of the subject
    i_end = ctx.tok_at(cue.start)
    if i_end > 0 and toks[i_end - 1].low in ("n", "ne") and toks[i_end - 1].start >= seg_a:
        seg_b = _strip(text, seg_a, toks[i_end - 1].start)[1]
    seg_first = ctx.tok_at(seg_a)
    # a subordinate clause: the subject follows the last que/that
    for k in range(i_end - 1, seg_first - 1, -1):
        if toks[k].low in lx.COMPLEMENTIZERS:
            seg_a = _strip(text, toks[k].end, seg_b, "'’")[0]
            seg_first = k + 1
            ch = "que"
            break
    # "..., as South Korea's military said", "But the JCS said", "The agency also said"
    while seg_first < i_end and toks[seg_first].low in lx.LEADING_CONJUNCTIONS:
        seg_first += 1
        seg_a = toks[seg_first].start if seg_first < i_end else seg_b
        ch = ch or "conj"
    last_seg = ctx.tok_at(seg_b) - 1
    while last_seg >= seg_first and toks[last_seg].low in lx.TRAILING_ADVERBS:
        seg_b = _strip(text, seg_a, toks[last_seg].start)[1]
        last_seg -= 1
    if (
        drafts
        and i_end > 0
        and toks[i_end - 1].low in lx.COORDINATORS
        and drafts[-1].cue.kind == "verb"
        and drafts[-1].cue.end <= toks[i_end - 1].start
    ):
        # "Pyongyang dément avoir fourni des armes et qualifie ces accusations de ...":
        # the second verb shares the subject, and ends the first verb's content
        previous = drafts[-1]
        if previous.content and previous.content[1] > toks[i_end - 1].start:
            end = _strip(text, previous.content[0], toks[i_end - 1].start, " ,")[1]
            previous.content = (previous.content[0], end) if end > previous.content[0] else None
        draft.mentions = [_M(m.text, m.start, m.end, m.role) for m in previous.mentions]
        draft.content = _content_after(ctx, cue, _limit_after(ctx, cue, cue.end))
        return draft if draft.content and draft.mentions else None
    if seg_b <= seg_a and b > ctx.lo and i_end > ctx.tok_at(b) and drafts:
        # "The agency also said ..., but added that ...": the same speaker
        previous = drafts[-1]
        draft.mentions = [_M(m.text, m.start, m.end, m.role) for m in previous.mentions]
        draft.content = _content_after(ctx, cue, _limit_after(ctx, cue, cue.end))
        return draft if draft.content and draft.mentions else None
    if seg_b > seg_a and text[seg_a] in OPENING:
        return None  # the cue is inside a quotation
    if seg_b > seg_a and toks[seg_first].low in lx.RELATIVE_PRONOUNS and seg_first == last_seg:
        # "selon l'agence officielle, qui précise que ...": the antecedent speaks
        antecedent = _antecedent(ctx, seg_a, drafts)
        if antecedent is None:
            return None
        draft.mentions.append(antecedent)
        draft.content = _content_after(ctx, cue, _limit_after(ctx, cue, cue.end))
        return draft if draft.content else None
    if seg_b <= seg_a:
        if ch == "," or ch in CLOSING or ch == '"':
            return _postposed(ctx, cue, draft, b - 1)
        return None
    if i_end - seg_first > 3 and toks[i_end - 1].low in _BUT_AND:
        # "The White House declined to confirm the figure but said ...": the subject ends
        # before the first verb of the clause the conjunction closes
        for k in range(seg_first + 1, i_end - 1):
            if _verbish(ctx, k):
                seg_b = _strip(text, seg_a, toks[k].start)[1]
                i_end = k
                break
    n_seg = i_end - seg_first
    if n_seg > MAX_SUBJECT_TOKENS:
        return None
    _subject_segment(ctx, draft, seg_a, seg_b)
    if (
        cue.needs_complement or cue.lemma in lx.NORMAL_ORDER_NEEDS_COMPLEMENT
    ) and not _has_complement(ctx, cue):
        return None
    head = toks[seg_first].low if seg_first < len(toks) else ""
    draft.generic = head in _GENERIC_SUBJECTS and n_seg == 1
    # content before ("..., the JCS said in a text message") or after ("X said that ...")
    after_pos = cue.end
    if cue.told:
        k = _complementizer(ctx, cue.last + 1, False)
        if k < 0:
            np = _np_after(ctx, cue.end, skip_time=False)
            if np and np[1] - np[0] < 60:
                after_pos = np[1]
    if cue.told and _complementizer(ctx, cue.last + 1, False) < 0:
        for j in range(cue.last + 1, min(cue.last + 6, len(toks))):
            if j > cue.last + 1 and toks[j].low in lx.CLAUSE_STARTS - {"the", "a", "an"}:
                break  # "told lawmakers he wanted to go": a reported clause
            if toks[j].low == "to" and not _has_punct(text, toks[j - 1].end, toks[j].start):
                return None  # "He told his soldiers to advance": an order
            if _has_punct(text, toks[j - 1].end, toks[j].start):
                break
    text_before = b - 1 > ctx.lo and (ch == "," or ch in CLOSING or ch == '"')
    if (
        text_before
        and _complementizer(ctx, cue.last + 1, cue.restrictive) < 0
        and _rest_is_adverbial(ctx, after_pos)
    ):
        end = b - 1 if ch == "," else b
        if ch == ",":
            # "Pyongyang, the agency added, would never give up ...": an incise
            end = max(end, _incise_end(ctx, after_pos))
        draft.content = _content_span(ctx, ctx.lo, end)
    else:
        draft.content = _content_after(ctx, cue, _limit_after(ctx, cue, cue.end))
    return draft


def _on_source(ctx: _Ctx, cue: RawCue) -> tuple[int, int] | None:
    """The source named after an impersonal `on`: `a-t-on appris de source diplomatique`,
    `précise-t-on au ministère russe de la Défense`, `auprès de l'état-major`."""
    text, toks = ctx.text, ctx.toks
    n = len(toks)
    j = cue.last + 1
    if j + 1 >= n or _has_punct(text, toks[cue.last].end, toks[j].start):
        return None
    w, nxt = toks[j].low, toks[j + 1].low
    entourage = w == "dans" and nxt in ("l", "les") and j + 2 < n and (
        toks[j + 2].low == "entourage"
    )
    if w == "auprès" and nxt in ("de", "du", "des", "d") and j + 2 < n:
        first = j + 2
    elif (
        (w == "de" and nxt in ("source", "sources"))
        or w in ("au", "aux")
        or (w == "à" and nxt in ("la", "l") and j + 2 < n)
        or entourage
    ):
        first = j + 1
    else:
        return None
    last = first
    k = first + 1
    while k < n and k - first < MAX_NP_TOKENS:
        if _has_punct(text, toks[k - 1].end, toks[k].start) or toks[k].low in lx.NP_STOP_WORDS:
            break
        last = k
        k += 1
    return toks[first].start, toks[last].end


_BUT_AND = frozenset({"but", "and", "mais", "et"})
_AUX_WORDS = frozenset(
    {"has", "have", "had", "was", "were", "is", "are", "did", "does", "do", "will", "would",
     "could", "can", "may", "might", "should", "a", "ont", "avait", "avaient", "est", "sont",
     "va", "vont", "n", "ne", "refuse", "refusent", "declines", "decline", "refuses"}
)


def _verbish(ctx: _Ctx, k: int) -> bool:
    """A word that starts a predicate: an auxiliary, or an English lower-case past form
    not after a determiner (`declined`, not `the armed forces`)."""
    toks = ctx.toks
    low = toks[k].low
    if low in _AUX_WORDS:
        return True
    return (
        ctx.lang != "fr"
        and len(low) > 4
        and low.endswith("ed")
        and ctx.text[toks[k].start].islower()
        and toks[k - 1].low not in lx.EN_DETERMINERS
    )


def _antecedent(ctx: _Ctx, pos: int, drafts: list[_Draft]) -> _M | None:
    """The noun phrase a relative pronoun at `pos` refers to (the mention before the comma)."""
    comma = _prev_index(ctx.text, pos, ctx.lo)
    if ctx.text[comma] != ",":
        return None
    for d in reversed(drafts):
        for m in d.mentions:
            if 0 <= comma - m.end <= 2:
                return _M(m.text, m.start, m.end, 1)
    b, _ = _left_boundary(ctx, comma)
    a, e = _strip(ctx.text, b, comma)
    first = ctx.tok_at(a)
    if e <= a or ctx.tok_at(e) - first > 8:
        return None
    return _M(ctx.text[a:e], a, e, 1)


def _has_complement(ctx: _Ctx, cue: RawCue) -> bool:
    if _complementizer(ctx, cue.last + 1, False) >= 0:
        return True
    a, _ = _strip(ctx.text, cue.end, ctx.hi, " :")
    return a < ctx.hi and ctx.text[a] in OPENING | {'"'}


def _subject_segment(ctx: _Ctx, draft: _Draft, a: int, b: int) -> None:
    """Mentions from the text before a verb: `X`, `X citant Y`."""
    text, toks = ctx.text, ctx.toks
    i, j = ctx.tok_at(a), ctx.tok_at(b)
    for k in range(i, j):
        if toks[k].low in lx.CITING_WORDS:
            sa, sb = _strip(text, a, toks[k].start, ",")
            ca, cb = _strip(text, toks[k].end, b, ",")
            if sb > sa:
                draft.mentions.append(_M(text[sa:sb], sa, sb, 1))
            if cb > ca:
                draft.mentions.append(_M(text[ca:cb], ca, cb, 0))
            draft.regions.append((a, b))
            return
    draft.mentions.append(_M(text[a:b], a, b, 1))
    draft.regions.append((a, b))


def _postposed(ctx: _Ctx, cue: RawCue, draft: _Draft, comma: int) -> _Draft | None:
    """A verb right after a comma: inverted (`..., a déclaré X.`) or after an apposition
    (`Kim Yo Jong, the powerful sister of the leader, warned ...`)."""
    text = ctx.text
    # segments before the comma, ignoring commas inside quotations
    commas = [
        k for k in range(max(ctx.lo, comma - WINDOW), comma)
        if text[k] == "," and not ctx.masked(k, comma)
    ]
    ends_with_quote = _prev_nonspace(text, comma, ctx.lo) in CLOSING | {'"'}
    if len(commas) == 1 and not ends_with_quote:
        s0 = _strip(text, ctx.lo, commas[0])
        s1 = _strip(text, commas[0] + 1, comma)
        n0 = ctx.tok_at(s0[1]) - ctx.tok_at(s0[0])
        n1 = ctx.tok_at(s1[1]) - ctx.tok_at(s1[0])
        rest_np = _np_after(ctx, cue.end)
        inverted_like = rest_np is not None and _rest_is_adverbial(ctx, rest_np[1])
        first_low = ctx.toks[ctx.tok_at(s1[0])].low if n1 else ""
        s0_first = ctx.toks[ctx.tok_at(s0[0])].low if n0 else ""
        s0_last = ctx.toks[ctx.tok_at(s0[1]) - 1].low if n0 else ""
        adverbial = s0_first in lx.CLAUSE_PREPOSITIONS or s0_last in lx.TIME_HEADS
        if 0 < n0 <= 12 and 0 < n1 <= 16 and not adverbial and (
            first_low in lx.CITING_WORDS or not inverted_like or n0 <= 4
        ) and not any(ch in text[s0[0] : s1[1]] for ch in "«»“”\""):
            # apposition: the subject is before the verb
            participle = first_low.endswith("ant") or (
                first_low.endswith("ing") and len(first_low) > 4
            ) or (first_low in ("s", "se") and n1 > 1)
            if (participle and first_low not in lx.CITING_WORDS) or (
                first_low in lx.RELATIVE_PRONOUNS and n1 > 1
            ):
                # "Un responsable américain, qui a requis l'anonymat, a indiqué": the
                # relative clause describes the speaker, it is not part of the mention
                # "Un responsable américain, s'exprimant sous couvert d'anonymat, a estimé"
                draft.mentions.append(_M(text[s0[0] : s0[1]], s0[0], s0[1], 1))
            elif first_low in lx.CITING_WORDS:
                draft.mentions.append(_M(text[s0[0] : s0[1]], s0[0], s0[1], 1))
                ca = ctx.toks[ctx.tok_at(s1[0])].end
                ca, cb = _strip(text, ca, s1[1])
                draft.mentions.append(_M(text[ca:cb], ca, cb, 0))
            elif text[s1[0]].isupper() and (
                text[s0[0] : s0[1]].split()[0].casefold()
                in ("le", "la", "les", "l", "the", "un", "une", "a")
                or text[s0[0] : s0[0] + 2].casefold() == "l'"
            ):
                draft.mentions.append(_M(text[s1[0] : s1[1]], s1[0], s1[1], 1))
            else:
                draft.mentions.append(_M(text[s0[0] : s1[1]], s0[0], s1[1], 1))
            draft.regions.append((s0[0], s1[1]))
            draft.content = _content_after(ctx, cue, _limit_after(ctx, cue, cue.end))
            return draft if draft.content else None
    np = _np_after(ctx, cue.end)
    if np is None:
        return None
    a, b = np
    b = _name_apposition_end(ctx, a, b)
    draft.mentions.append(_M(text[a:b], a, b, 1))
    draft.regions.append((a, b))
    end = comma
    if text[comma] == ",":
        end = max(end, _incise_end(ctx, b))
    draft.content = _content_span(ctx, ctx.lo, end)
    return draft if draft.content else None


def _role_apposition_end(ctx: _Ctx, j: int, *, need_comma: bool) -> int:
    """End of a role apposition starting at token j after a comma (`, spécialiste de la
    Corée du Nord,`, `, a senior fellow at CSIS,`), or -1. Bounded to a few tokens."""
    text, toks = ctx.text, ctx.toks
    n = len(toks)
    if j <= 0 or j >= n or text[toks[j - 1].end : toks[j].start].strip() != ",":
        return -1
    if text[toks[j].start].isupper() and toks[j].low not in ("a", "an", "the", "un", "une"):
        return -1
    if not any(toks[k].low in lx.ROLE_NOUNS for k in range(j, min(j + 4, n))):
        return -1
    for k in range(j + 1, min(j + 16, n)):
        gap = text[toks[k - 1].end : toks[k].start]
        if any(c in gap for c in ".;:«»“”\""):
            return -1
        if gap.strip() == "," and not ctx.masked(toks[k - 1].end, toks[j].start):
            return toks[k - 1].end
    if need_comma or n - j > 15:
        return -1
    return toks[n - 1].end


def _preposition_draft(ctx: _Ctx, cue: RawCue) -> _Draft | None:
    text, toks = ctx.text, ctx.toks
    draft = _Draft(cue)
    start = toks[cue.last].end if cue.lemma != "selon" or cue.last > cue.first else cue.end
    if toks[cue.first].low == "de":  # "De source militaire": the mention is "source ..."
        start = toks[cue.first + 1].start
    # the object runs to the next comma (outside quotes), `qui`, or the sentence end
    i = ctx.tok_at(start)
    j = i
    end = start
    if i < len(toks) and toks[i].low in _OBJECT_PRONOUNS:
        # "selon lui", "qui viole selon eux plusieurs résolutions": the pronoun alone
        end = toks[i].end
        j = len(toks)  # skip the noun-phrase walk
    while j < len(toks) and j - i < MAX_NP_TOKENS + 4:
        t = toks[j]
        if j > i and t.low in ("qui", "who", "which", "dont", "où", "where"):
            break
        if j > i and (t.low in _PREP_OBJECT_STOPS or _is_time(toks, j)):
            # "according to state media on Saturday"
            break
        if (
            j > i
            and _has_punct(text, toks[j - 1].end, t.start)
            and text[toks[j - 1].end : t.start].strip() not in ("'", "’", "-", "(", ")", ").")
            and not _abbreviation_gap(text, toks[j - 1], t)
        ):
            break
        end = t.end
        j += 1
    if end < ctx.hi and text[end] == ")" and "(" in text[start:end]:
        end += 1
    lead_empty = not ctx.text[ctx.lo : cue.start].strip(" «“\"")
    role_end = _role_apposition_end(ctx, j, need_comma=lead_empty)
    if role_end > end:
        # "Selon Andreï Lankov, spécialiste de la Corée du Nord, ...": the role is part
        # of the mention, the claim starts after it
        end = role_end
        j = ctx.tok_at(end)
    a, b = _strip(text, start, end)
    if b <= a:
        return None
    head = strip_determiner(text[a:b]).split(" ", 1)[0].casefold()
    if head in lx.NON_SOURCE_HEADS or toks[i].low in lx.NON_SOURCE_HEADS:
        return None
    _object_mentions(ctx, draft, a, b)
    region_end = b
    if (
        j + 1 < len(toks)
        and toks[j].low in ("qui", "who", "which")
        and toks[j + 1].low in lx.RELATIVE_CITING
    ):
        # "Selon l'agence Yonhap, qui cite des sources gouvernementales, ..."
        cited = _np_after(ctx, toks[j + 1].end, skip_time=False)
        if cited:
            draft.mentions.append(_M(text[cited[0] : cited[1]], cited[0], cited[1], 0))
            region_end = b = cited[1]
    draft.regions.append((cue.start, region_end))
    # content: after the mention when the cue opens the sentence, else before the cue
    before = _prev_nonspace(text, cue.start, ctx.lo)
    lead = ctx.text[ctx.lo : cue.start].strip(" «“\"")
    if not lead:
        ca = b
        for other in ctx.cues:
            if other.kind == "relay" and other.start > b and not text[b : other.start].strip(" ,"):
                # "Selon l'armée ukrainienne, citée par le Kyiv Independent, ...": the relay
                # is attached later, the claim starts after it
                rel = _np_after(ctx, other.end, skip_time=False)
                if rel and text[rel[1] : rel[1] + 2].strip()[:1] == ",":
                    ca = rel[1]
                break
        draft.content = _content_span(ctx, ca, _limit_after(ctx, cue, ca), lead_chars=" ,")
    elif before == ",":
        draft.content = _content_span(ctx, ctx.lo, _prev_index(text, cue.start, ctx.lo))
    else:
        draft.content = _content_span(ctx, ctx.lo, cue.start)
    return draft if draft.content else None


def _object_mentions(ctx: _Ctx, draft: _Draft, a: int, b: int) -> None:
    """`des sources militaires citées par la BBC` -> sources (speaker), BBC (relay)."""
    text, toks = ctx.text, ctx.toks
    i, j = ctx.tok_at(a), ctx.tok_at(b)
    for k in range(i, j):
        low = toks[k].low
        if low in lx.RELAY_PARTICIPLES and k + 1 < j and toks[k + 1].low in lx.RELAY_BY:
            sa, sb = _strip(text, a, toks[k].start, ",")
            ra, rb = _strip(text, toks[k + 1].end, b, ",")
            if sb > sa:
                draft.mentions.append(_M(text[sa:sb], sa, sb, 1))
            if rb > ra:
                draft.mentions.append(_M(text[ra:rb], ra, rb, 2))
            return
        if low in lx.CITING_WORDS:
            sa, sb = _strip(text, a, toks[k].start, ",")
            ca, cb = _strip(text, toks[k].end, b, ",")
            if sb > sa:
                draft.mentions.append(_M(text[sa:sb], sa, sb, 1))
            if cb > ca:
                draft.mentions.append(_M(text[ca:cb], ca, cb, 0))
            return
    draft.mentions.append(_M(text[a:b], a, b, 1))


def _quoted_draft(ctx: _Ctx, cue: RawCue) -> _Draft | None:
    """`KCNA quoted Kim as saying ...`: Kim speaks, KCNA relays."""
    text, toks = ctx.text, ctx.toks
    draft = _Draft(cue)
    b, _ = _left_boundary(ctx, cue.start)
    sa, sb = _strip(text, b, cue.start)
    oa, ob = toks[cue.last - 2 + 0].start if False else toks[cue.first + 1].start, toks[
        cue.object_last
    ].end
    draft.mentions.append(_M(text[oa:ob], oa, ob, 1))
    if sb > sa:
        draft.mentions.append(_M(text[sa:sb], sa, sb, 2))
    draft.content = _content_span(ctx, toks[cue.last].end, ctx.hi)
    if draft.content is None and b - 1 > ctx.lo:
        # "The soldiers fought ..., the Korean Central News Agency quoted Kim as saying."
        draft.content = _content_span(ctx, ctx.lo, b - 1)
    return draft if draft.content else None


def _colon_draft(ctx: _Ctx) -> _Draft | None:
    """`Kim Jong-un : « ... »`, `Shoigu: "..."` at the start of a sentence."""
    text, toks = ctx.text, ctx.toks
    limit = min(ctx.hi, ctx.lo + 80)
    colon = text.find(":", ctx.lo, limit)
    if colon < 0:
        return None
    a, b = _strip(text, ctx.lo, colon)
    n = ctx.tok_at(b) - ctx.tok_at(a)
    if not (0 < n <= 6) or not text[a].isupper():
        return None
    q, _ = _strip(text, colon + 1, ctx.hi)
    if q >= ctx.hi or text[q] not in OPENING | {'"'}:
        return None
    if any(t.low in lx.EN_VERBS or t.low in lx.FR_PARTICIPLES for t in toks[: n + 1]):
        return None  # "Zelensky said: ..." is a verb cue
    cue = RawCue("colon", colon, colon + 1, ctx.tok_at(colon) - 1, ctx.tok_at(colon) - 1)
    draft = _Draft(cue)
    draft.mentions.append(_M(text[a:b], a, b, 1))
    draft.regions.append((a, b))
    draft.content = _content_span(ctx, q, ctx.hi)
    return draft if draft.content else None


def _prev_nonspace(text: str, pos: int, lo: int) -> str:
    k = pos - 1
    while k >= lo and text[k].isspace():
        k -= 1
    return text[k] if k >= lo else ""


def _prev_index(text: str, pos: int, lo: int) -> int:
    k = pos - 1
    while k >= lo and text[k].isspace():
        k -= 1
    return max(k, lo)


_DATELINE = re.compile(
    r"[A-Z][A-Za-z .'-]{1,30},[^()\n]{0,40}"
    r"\((?:AP|Reuters|AFP|Yonhap|dpa|UPI)\)\s{0,3}[-—–]+\s{0,3}"
)


def _content_span(ctx: _Ctx, a: int, b: int, lead_chars: str = " ") -> tuple[int, int] | None:
    a, b = _strip(ctx.text, a, b, lead_chars + _PUNCT_END)
    if a == ctx.lo:
        # "SEOUL, Dec 27 (Reuters) - ...": the dateline is not part of the claim
        m = _DATELINE.match(ctx.text, a, min(b, a + 90))
        if m:
            a = m.end()
    return (a, b) if b > a else None


# --- merging, chains, resolution ------------------------------------------------------


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    if not a or not b:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _merge(ctx: _Ctx, drafts: list[_Draft]) -> list[_Draft]:
    """Fold `selon X` / `according to X` into a verb claim it frames, and drop claims
    nested in another claim's content (`Kim stressed that ..., KCNA reported`)."""
    verbs = [d for d in drafts if d.cue.kind != "preposition"]
    preps = [d for d in drafts if d.cue.kind == "preposition"]
    out: list[_Draft] = []
    for d in preps:
        host = None
        for v in verbs:
            if d.content and (
                d.content[0] <= v.cue.start < d.content[1]
                or _overlap(d.content, v.content) * 2 >= (v.content[1] - v.content[0]
                                                          if v.content else 1)
            ):
                host = v
                break
        if host is not None and host.generic:
            # "De source militaire, on indique que ...": the source is the `de source` one
            host.mentions = list(d.mentions)
            host.generic = False
            host.regions.extend(d.regions)
            host.cue = d.cue
            continue
        if host is None or not _is_relay(d, ctx.resolver):
            # "..., selon le NIS": the NIS is the source, the clause before is the content
            out.append(d)
            continue
        if host.generic:
            # "De source militaire, on indique que ...": the source is the `de source` one
            host.mentions = list(d.mentions)
            host.generic = False
            host.regions.extend(d.regions)
            host.cue = d.cue
            continue
        for m in list(d.mentions):
            if not _is_document(m.text):
                host.mentions.append(_M(m.text, m.start, m.end, 2))
        host.regions.extend(d.regions)
    out.extend(verbs)
    out.sort(key=lambda d: d.cue.start)
    kept: list[_Draft] = []
    for d in out:
        nested = any(
            o is not d and o.content and o.content[0] <= d.cue.start < o.content[1]
            and not (d.content and o.content[0] <= o.cue.start < (d.content[1]))
            for o in out
        )
        if not nested:
            kept.append(d)
    return kept


def _is_relay(draft: _Draft, resolver: Resolver | None) -> bool:
    """True if a `selon X` / `according to X` names media relaying someone's words
    (KCNA, Yonhap, a newspaper) or a document, rather than the source of a claim."""
    for m in draft.mentions:
        if _is_document(m.text):
            continue
        name = resolver.resolve(m.text) if resolver else None
        if name:
            if resolver.kind(name) not in lx.MEDIA_KINDS:
                return False
            continue
        if m.text.strip().casefold() in _PRONOUNS:
            return False
        words = {w.casefold() for w in strip_determiner(m.text).replace("'", " ").split()}
        if not words & lx.MEDIA_WORDS:
            return False
    return True


def _is_document(mention: str) -> bool:
    words = strip_determiner(mention).split()
    return bool(words) and words[0].casefold() in lx.DOCUMENT_NOUNS and not any(
        w.casefold() in ("de", "du", "des", "of", "by", "d'") for w in words[1:3]
    )


def _attach_markers(ctx: _Ctx, drafts: list[_Draft]) -> None:
    """`citant X` / `publié par X` found outside the claims' own mentions."""
    text, toks = ctx.text, ctx.toks
    for cue in ctx.cues:
        if cue.kind not in ("citing", "relay"):
            continue
        if any(a <= cue.start < b for d in drafts for a, b in d.regions):
            continue
        if any(d.content and d.content[0] <= cue.start < d.content[1] for d in drafts):
            continue
        np = _np_after(ctx, cue.end, skip_time=False)
        if np is None:
            continue
        a, b = np
        # the nearest claim in the sentence
        host = min(drafts, key=lambda d: abs(d.cue.start - cue.start))
        if cue.kind == "citing":
            host.mentions.append(_M(text[a:b], a, b, 0))
        elif not _is_document(text[a:b]):
            host.mentions.append(_M(text[a:b], a, b, 2))
        host.regions.append((cue.start, b))
    del toks


def _finish(
    ctx: _Ctx,
    draft: _Draft,
    resolver: Resolver,
    history: list[ExtractedClaim],
    previous: Span | None,
) -> ExtractedClaim | None:
    text = ctx.text
    if not draft.mentions or draft.content is None:
        return None
    mentions: list[tuple[int, Mention]] = []
    others = " ".join(m.text for m in draft.mentions)
    kept_mentions = draft.mentions[:12]
    if len(kept_mentions) > 1:
        # "selon le compte rendu publié par KCNA": the document is not a source
        kept_mentions = [m for m in kept_mentions if not _is_document(m.text)] or kept_mentions
    for m in kept_mentions:
        for piece, a, b, source in resolver.split_collective(m.text, m.start):
            if source is None:
                source = _resolve_context(piece, resolver, history, others, previous)
            mentions.append((m.role, Mention(piece, a, b, source)))
    roles = sorted({r for r, _ in mentions})
    ordered = [
        Mention(m.mention, m.start, m.end, m.source, roles.index(r))
        for r, m in sorted(mentions, key=lambda rm: (rm[0], rm[1].start))
    ]
    ca, cb = draft.content
    ca, cb, direct = _unquote(ctx, ca, cb)
    cue = draft.cue
    kind = "verb" if cue.kind in ("verb", "quoted") else cue.kind
    confidence = 0.55
    if all(m.source for m in ordered if m.position == 0):
        confidence += 0.25
    if kind == "verb":
        confidence += 0.1
    if direct:
        confidence += 0.05
    if any(m.mention.casefold() in _PRONOUNS and not m.source for m in ordered):
        confidence -= 0.2
    return ExtractedClaim(
        start=ctx.sent.start,
        end=ctx.sent.end,
        text=ctx.sent.text,
        cue=Cue(text[cue.start : cue.end], cue.start, cue.end, kind),
        sources=ordered,
        content=Span(ca, cb, text[ca:cb]),
        direct_quote=direct,
        stance=cue.stance or "asserts",
        confidence=max(0.05, min(0.99, confidence)),
    )


def _unquote(ctx: _Ctx, a: int, b: int) -> tuple[int, int, bool]:
    """Strip the marks of a content that is entirely one quotation."""
    text = ctx.text
    for qa, qb in ctx.pairs:
        if qa > a:
            break
        if qa == a and qb >= b - 1:
            ia, ib = _strip(text, qa + 1, qb)
            if ib > ia:
                return ia, ib, True
    # a closing mark left at the end ("... sujet »" after stripping)
    return a, b, False


def _resolve_context(
    mention: str,
    resolver: Resolver,
    history: list[ExtractedClaim],
    others: str,
    previous: Span | None = None,
) -> str | None:
    """Pronouns and definite descriptions that point back to an earlier source."""
    low = mention.strip().casefold()
    if low in _PRONOUNS:
        recent = history and previous is not None and history[-1].end == previous.end
        if low in _PERSON_PRONOUNS and previous is not None and not recent:
            # "Zelensky posted a video of the interrogation on Telegram. He said ...":
            # the person named in the sentence before, which made no claim
            people = [n for n, kind in _names_in(previous.text, resolver) if kind == "official"]
            if people:
                return people[0]
        for claim in reversed(history[-6:]):
            speakers = list(claim.sources)
            if low in _PERSON_PRONOUNS:
                person = next(
                    (m.source for m in speakers if resolver.kind(m.source) == "official"), None
                )
                if person:
                    return person
                # "KCNA reported Kim inspected ... , a-t-il déclaré": the person
                # in the reported content
                for name, kind in _names_in(claim.content.text if claim.content else "",
                                            resolver):
                    if kind == "official":
                        return name
            first = next((m for m in claim.sources if m.position == 0), None)
            return first.source if first else None
        return None
    words = strip_determiner(mention).split()
    if len(words) == 1 and words[0].casefold() in lx.ANAPHORIC_NOUNS and words[0] != mention:
        kinds = lx.ANAPHORIC_NOUNS[words[0].casefold()]
        for claim in reversed(history[-6:]):
            for m in claim.sources:
                if m.source and resolver.kind(m.source) in kinds:
                    return m.source
        return None
    if "son pays" in low or "leur pays" in low or "their country" in low or "his country" in low:
        for adj in lx.NATIONALITY_ADJECTIVES:
            if adj in others.casefold():
                for phrase in ("de son pays", "de leur pays"):
                    if phrase in low:
                        return resolver.resolve(low.replace(phrase, adj))
    return None


def _names_in(content: str, resolver: Resolver) -> list[tuple[str, str]]:
    """Registry sources named by capitalised word runs in `content` (bounded)."""
    found = []
    words = content.split()[:60]
    for k, w in enumerate(words):
        if w[:1].isupper():
            for size in (3, 2, 1):
                name = resolver.resolve(" ".join(words[k : k + size]).strip(",.;:"))
                if name:
                    found.append((name, resolver.kind(name)))
                    break
    return found


def _quote_continuation(ctx: _Ctx, history: list[ExtractedClaim]) -> ExtractedClaim | None:
    """A sentence that is only a quotation right after a quoted speaker continues them.

    `"The situation is grave," Kim told a party plenum, according to Rodong Sinmun.
    "We must overcome it at any cost."`
    """
    text = ctx.text
    if not history or not ctx.pairs:
        return None
    qa, qb = ctx.pairs[0]
    if qa != ctx.lo or _strip(text, qb + 1, ctx.hi, _PUNCT_END)[1] > _strip(
        text, qb + 1, ctx.hi, _PUNCT_END
    )[0]:
        return None
    last = history[-1]
    if not last.direct_quote or ctx.lo - last.end > 3:
        return None
    speakers = [m for m in last.sources if m.position == 0]
    ia, ib = _strip(text, qa + 1, qb)
    if ib <= ia or not speakers:
        return None
    return ExtractedClaim(
        start=ctx.lo,
        end=ctx.hi,
        text=ctx.sent.text,
        cue=last.cue,
        sources=list(speakers),
        content=Span(ia, ib, text[ia:ib]),
        direct_quote=True,
        stance=last.stance,
        confidence=0.6,
    )
