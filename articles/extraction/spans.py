"""Span finding inside one sentence, shared by the per-cue drafts.

Sentence boundaries and quotations are known; this module finds where a mention, a
reported clause or an incise starts and ends: the boundary before a cue, the noun phrase
after it, the `que` / `that` that opens a reported clause, the end of a content before a
trailing adjunct. Internal to the extraction package.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from articles.extraction import lexicon as lx
from articles.extraction.cues import RawCue, Tok
from articles.extraction.quotes import ALL_QUOTES
from articles.extraction.resolve import Resolver

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


class _Sentence:
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


def _left_boundary(ctx: _Sentence, pos: int) -> tuple[int, str]:
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


def _np_after(ctx: _Sentence, pos: int, *, skip_time: bool = True) -> tuple[int, int] | None:
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


_CLAUSE_SUBJECTS = frozenset({"it", "he", "she", "they", "we", "there"})


def _complementizer(ctx: _Sentence, i: int, restrictive: bool) -> int:
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
    if 0 < i < len(toks) and toks[i].low in _CLAUSE_SUBJECTS and not restrictive:
        # "Ukraine says it downed 58 drones that Russia launched": the reported clause
        # starts at its subject; a later `that` opens a relative clause
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


def _content_after(ctx: _Sentence, cue: RawCue, limit: int) -> tuple[int, int] | None:
    toks, text = ctx.toks, ctx.text
    i = cue.last + 1
    accusation = _accusation_start(ctx, cue)
    k = -1 if accusation >= 0 else _complementizer(ctx, i, cue.restrictive)
    if accusation >= 0:
        # "accuse Pyongyang d'avoir envoyé ...", "accused X of denying ...": the
        # accusation is the claim, not its target ("n'avoir offert que" keeps its `que`)
        start = accusation
    elif k >= 0:
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
    if cue.lemma == "qualifier" and k < 0 and accusation < 0:
        start = _after_verdict(ctx, start)
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


def _after_verdict(ctx: _Sentence, start: int) -> int:
    """`a qualifié de « fausses » les informations selon lesquelles ...`: the verdict
    comes first, the claim judged is the object after it (conventions E)."""
    toks, text = ctx.toks, ctx.text
    i = ctx.tok_at(start)
    if i >= len(toks) or toks[i].low not in ("de", "d"):
        return start
    for k in range(i + 1, min(i + 8, len(toks))):
        if toks[k].low in lx.FR_DETERMINERS and k > i + 1:
            return toks[k].start
        if _has_punct(text, toks[k - 1].end, toks[k].start) and text[
            toks[k - 1].end : toks[k].start
        ].strip() not in ("«", "»", "“", "”", '"', "« «"):
            break
    return start


_ACCUSING = frozenset({"accuser", "reprocher", "soupçonner", "accuse", "suspect", "blame"})


def _accusation_start(ctx: _Sentence, cue: RawCue) -> int:
    """Where the accusation starts after `accuser X de` / `accuse X of`, or -1."""
    if cue.lemma not in _ACCUSING:
        return -1
    toks, text = ctx.toks, ctx.text
    for j in range(cue.last + 1, min(cue.last + 12, len(toks) - 1)):
        low = toks[j].low
        if low in lx.COMPLEMENTIZERS or text[toks[j].start] in ".;:":
            return -1
        if low in ("de", "d") and ctx.lang != "en":
            nxt = j + 1
            if toks[nxt].low in ("n", "ne") and nxt + 1 < len(toks):
                return toks[nxt].start  # "de n'avoir offert que ..."
            word = toks[nxt].low
            if word in ("avoir", "être") or (
                word.endswith(("er", "ir", "re")) and word not in lx.FR_NOT_INFINITIVES
            ):
                return toks[nxt].start
            return -1  # "accuse Kiev de crimes de guerre": a nominal charge
        if low == "of" and ctx.lang != "fr" and toks[j + 1].low.endswith("ing"):
            return toks[j + 1].start
    return -1


def _adjunct_cut(ctx: _Sentence, a: int, b: int) -> int:
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


def _limit_after(ctx: _Sentence, cue: RawCue, pos: int) -> int:
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


def _name_apposition_end(ctx: _Sentence, a: int, b: int) -> int:
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
    if rest_b > rest_a and not (
        text[end:rest_b].lstrip().startswith(",") and k < n and (
            toks[k].low in lx.RELAY_PARTICIPLES or toks[k].low in lx.CITING_WORDS
            or toks[k].low in ("selon", "according", "dans", "in", "lors", "during")
        )
    ):
        return b  # more text follows: not a closing apposition
    return end


def _incise_end(ctx: _Sentence, pos: int) -> int:
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


def _rest_is_adverbial(ctx: _Sentence, pos: int) -> bool:
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
    # "..., the daily reported quoting the ministry as saying": a chain, not a content
    return ctx.toks[i].low in lx.ADVERBIAL_STARTS or ctx.toks[i].low in lx.CITING_WORDS


def _role_apposition_end(ctx: _Sentence, j: int, *, need_comma: bool) -> int:
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


def _content_span(ctx: _Sentence, a: int, b: int, lead_chars: str = " ") -> tuple[int, int] | None:
    a, b = _strip(ctx.text, a, b, lead_chars + _PUNCT_END)
    if a == ctx.lo:
        # "SEOUL, Dec 27 (Reuters) - ...": the dateline is not part of the claim
        m = _DATELINE.match(ctx.text, a, min(b, a + 90))
        if m:
            a = m.end()
    return (a, b) if b > a else None
