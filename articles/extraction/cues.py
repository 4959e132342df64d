"""Find attribution cues in one sentence, token by token.

A sentence is tokenised once (`\\w+` runs with their offsets); every rule below
is a dict/set lookup on a token and a bounded look at its neighbours, so the
whole pass is linear in the sentence length whatever the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.extraction import lexicon as lx

WORD = re.compile(r"[^\W_]+")

# How far (in tokens) a rule may look around a token: keeps every sentence linear.
LOOK = 6


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    low: str


@dataclass(slots=True)
class RawCue:
    """A cue found in a sentence, before the claim around it is built.

    kind: "verb", "preposition", "colon", "citing" (citant X), "relay" (publié par X),
    "quoted" (KCNA quoted Kim as saying).
    first/last: token indexes covered by the cue.
    """

    kind: str
    start: int
    end: int
    first: int
    last: int
    lemma: str = ""
    stance: str = "asserts"
    pronoun: int = -1  # token index of an inverted subject pronoun (a-t-il)
    restrictive: bool = False  # "n'a confirmé qu'en avril que ..."
    gerund: bool = False  # "assurant que ..."
    told: bool = False  # the verb takes an object before `that` (told reporters that)
    needs_complement: bool = False
    object_last: int = -1  # quoted: last token of the quoted person


def tokenize(text: str, start: int, end: int) -> list[Tok]:
    """Word tokens of `text[start:end]` with absolute offsets, lower-cased."""
    return [Tok(m.start(), m.end(), m.group().casefold()) for m in WORD.finditer(text, start, end)]


def _prev_char(text: str, pos: int, lo: int) -> str:
    """The first non-space character before `pos` (or "" at the sentence start)."""
    k = pos - 1
    stop = max(lo, pos - 8)
    while k >= stop and text[k].isspace():
        k -= 1
    return text[k] if k >= stop else ""


def _gap(text: str, a: Tok, b: Tok) -> str:
    return text[a.end : b.start] if b.start - a.end <= 4 else " " * 5


def find_cues(text: str, toks: list[Tok], lo: int, lang: str) -> list[RawCue]:
    """All cues in a sentence starting at `lo`, in order (non-overlapping)."""
    cues: list[RawCue] = []
    n = len(toks)
    used = -1  # last token index consumed by a cue
    i = 0
    while i < n:
        if i <= used:
            i += 1
            continue
        t = toks[i]
        low = t.low
        cue = (
            _preposition(text, toks, i, lo)
            or _marker(text, toks, i)
            or (_french_verb(text, toks, i, lo) if lang != "en" else None)
            or (_english_verb(text, toks, i, lo) if lang != "fr" else None)
        )
        if cue is not None:
            cues.append(cue)
            used = cue.last
            i = cue.last + 1
            continue
        del low
        i += 1
    if len(cues) > 1 and cues[0].kind == "preposition" and toks[cues[0].first].low == "pour":
        # "Pour Moscou, il s'agit ..., a insisté X": the verb names the speaker
        cues.pop(0)
    return cues


def _pour_person(text: str, toks: list[Tok], i: int, lo: int) -> RawCue | None:
    """`Pour Andreï Lankov, spécialiste ..., Pyongyang tire ...`: a viewpoint at the
    sentence start, only for a person (a two-word name, or a role noun) followed by a
    comma. `Pour Moscou, ...` and `Pour la première fois, ...` are not attributions."""
    n = len(toks)
    if i + 2 >= n or _prev_char(text, toks[i].start, lo) != "":
        return None
    a, b = toks[i + 1], toks[i + 2]
    named = (
        text[a.start].isupper() and text[b.start].isupper()
        and text[a.end : b.start] in (" ", "-", ". ")
    )
    role = a.low in lx.FR_DETERMINERS and (
        b.low in lx.ROLE_NOUNS or b.low in lx.VIEWPOINT_NOUNS
    )
    if not (named or role):
        return None
    for k in range(i + 2, min(i + 8, n)):
        gap = text[toks[k - 1].end : toks[k].start]
        if gap.strip() == ",":
            return RawCue("preposition", toks[i].start, toks[i].end, i, i, "selon", "asserts")
        if any(c in gap for c in ".;:«»“”\"("):
            return None
    return None


def _preposition(text: str, toks: list[Tok], i: int, lo: int) -> RawCue | None:
    low = toks[i].low
    if low == "pour":
        return _pour_person(text, toks, i, lo)
    for seq in lx.PREPOSITION_CUES:
        if seq[0] != low or i + len(seq) > len(toks):
            continue
        if any(toks[i + k].low != seq[k] for k in range(1, len(seq))):
            continue
        last = i + len(seq) - 1
        if seq == ("d", "après") and _gap(text, toks[i], toks[i + 1]) not in ("'", "’"):
            continue
        if seq[0] == "de":
            # "De source militaire ukrainienne, ..." only at a clause start
            if _prev_char(text, toks[i].start, lo) not in ("", ",", ";", ":"):
                continue
            last = i  # the mention starts with "source(s)"
            return RawCue(
                "preposition", toks[i].start, toks[i + 1].end, i, last, "selon", "asserts"
            )
        stance = "reports" if seq[0] == "as" else "asserts"
        return RawCue("preposition", toks[i].start, toks[last].end, i, last, "selon", stance)
    return None


def _marker(text: str, toks: list[Tok], i: int) -> RawCue | None:
    """`citant X` / `citing X`, and relays `publié par X` / `carried by X`."""
    low = toks[i].low
    if low in lx.CITING_WORDS:
        return RawCue("citing", toks[i].start, toks[i].end, i, i)
    if low in lx.RELAY_PARTICIPLES:
        # an auxiliary before makes it a verb ("a rapporté"), handled elsewhere
        if i > 0 and toks[i - 1].low in lx.FR_AUX | lx.EN_PASSIVE_AUX | lx.EN_AUX:
            return None
        for k in range(i + 1, min(i + 4, len(toks))):
            kl = toks[k].low
            if kl in lx.RELAY_BY:
                return RawCue("relay", toks[i].start, toks[k].end, i, k)
            if kl not in lx.TIME_WORDS and not kl.isdigit():
                break
    return None


def _fr_adverb(low: str) -> bool:
    """A word that may sit between an auxiliary and its participle: the listed ones and
    any -ment adverb ("a fermement démenti", "a catégoriquement rejeté")."""
    return (
        low in lx.FR_ADVERBS
        # "a de nouveau affirmé", "a à plusieurs reprises démenti"
        or low in ("nouveau", "de", "à", "reprise", "reprises")
        or (len(low) > 6 and low.endswith("ment"))
    )


def _locution(text: str, toks: list[Tok], i: int, lo: int) -> RawCue | None:
    """A reporting locution: "a mis en garde", "a-t-il fait savoir", "met en garde",
    ", faisant valoir que". Bounded: the tail has at most three words."""
    low = toks[i].low
    parts = lx.FR_LOCUTION_PARTICIPLES.get(low, [])
    finite = lx.FR_LOCUTION_FINITE.get(low, [])
    n = len(toks)
    k = i + 1
    pronoun = -1
    if finite and k + 1 < n and toks[k].low == "t" and toks[k + 1].low in lx.FR_INVERTED_PRONOUNS:
        pronoun, k = k + 1, k + 2  # "met-t-il en garde" (rare), kept for symmetry
    elif finite and k < n and toks[k].low in lx.FR_INVERTED_PRONOUNS and (
        text[toks[i].end : toks[k].start] == "-"
    ):
        pronoun, k = k, k + 1  # "fait-il savoir"
    for is_participle, entries in ((True, parts), (False, finite)):
        for lemma, stance, tail in entries:
            kk = k if not is_participle else i + 1
            if kk + len(tail) > n or any(toks[kk + m].low != tail[m] for m in range(len(tail))):
                continue
            last = kk + len(tail) - 1
            if is_participle:
                j = i - 1
                steps = 0
                while j >= 0 and steps < LOOK and _fr_adverb(toks[j].low):
                    if toks[j].low in lx.FR_AUX:
                        break
                    j -= 1
                    steps += 1
                if j < 0 or toks[j].low not in lx.FR_AUX:
                    continue
                negated = j > 0 and toks[j - 1].low in ("n", "ne")
                if negated and any(toks[m].low in lx.FR_NEGATIONS for m in range(j + 1, i)):
                    return None
                pron = -1
                for m in range(j + 1, i):
                    if toks[m].low in lx.FR_INVERTED_PRONOUNS and toks[m].low not in ("lui", "eux"):
                        pron = m
                        break
                return RawCue("verb", toks[j].start, toks[last].end, j, last, lemma, stance,
                              pronoun=pron, restrictive=negated)
            if i == 0 or text[toks[i].start].isupper():
                continue
            after_comma = _prev_char(text, toks[i].start, lo) in (",", "»", "”", '"')
            if low.endswith("ant"):
                if after_comma:
                    return RawCue("verb", toks[i].start, toks[last].end, i, last, lemma,
                                  stance, gerund=True)
                continue
            if toks[i - 1].low in lx.FR_DETERMINERS and not after_comma:
                continue  # "le fait savoir" is not a verb
            return RawCue("verb", toks[i].start, toks[last].end, i, last, lemma, stance,
                          pronoun=pronoun)
    return None


def _infinitive(word: str) -> bool:
    """A French infinitive that can be a reported content (`avoir abattu`, `surveiller`)."""
    return word in ("avoir", "être") or (
        len(word) > 4 and word.endswith(("er", "ir", "re")) and word not in lx.FR_NOT_INFINITIVES
    )


def _french_verb(text: str, toks: list[Tok], i: int, lo: int) -> RawCue | None:
    low = toks[i].low
    if i > 0 and text[toks[i].start].isupper():
        return None  # a capitalised word mid-sentence is a name ("Note", "Dit")
    if low in lx.FR_LOCUTION_PARTICIPLES or low in lx.FR_LOCUTION_FINITE:
        found = _locution(text, toks, i, lo)
        if found is not None:
            return found
    if (
        i > 1
        and low in lx.FR_REFLEXIVE_FINITE
        and toks[i - 1].low in ("se", "s")
        and toks[i - 2].low not in ("qui", "que", "qu", "ce", "cela", "ça", "on", "il")
    ):
        # "L'ONU se dit « gravement préoccupée »", "Pyongyang se disait prêt"
        lemma, stance = lx.FR_REFLEXIVE_FINITE[low]
        return RawCue("verb", toks[i - 1].start, toks[i].end, i - 1, i, lemma, stance)
    if low in lx.FR_PARTICIPLES or low in lx.FR_REFLEXIVE_PARTICIPLES:
        found = _french_participle(text, toks, i, lo)
        if found is not None or low not in lx.FR_FINITE:
            return found
        # "La Russie dit avoir abattu ...": no auxiliary, a finite form ("dit", "écrit")
    return _french_finite(text, toks, i, lo)


def _french_participle(text: str, toks: list[Tok], i: int, lo: int) -> RawCue | None:
    """`a déclaré`, `s'est dite`, `a également rapporté`: an auxiliary and a participle."""
    low = toks[i].low
    reflexive = low in lx.FR_REFLEXIVE_PARTICIPLES and low not in lx.FR_PARTICIPLES
    j = i - 1
    steps = 0
    while j >= 0 and steps < LOOK and _fr_adverb(toks[j].low):
        if toks[j].low in lx.FR_AUX:
            break
        j -= 1
        steps += 1
    if j < 0:
        return None
    aux = toks[j].low
    start_tok = j
    if aux in lx.FR_AUX_REFLEXIVE and j > 0 and toks[j - 1].low == "s":
        start_tok = j - 1
        lemma, stance = lx.FR_REFLEXIVE_PARTICIPLES.get(low, ("", ""))
        if not lemma:
            return None
    elif aux in lx.FR_AUX and not reflexive:
        lemma, stance = lx.FR_PARTICIPLES[low]
    else:
        return None
    if lemma == "apprendre" and not any(toks[k].low == "on" for k in range(j + 1, i)):
        return None  # "a-t-on appris" reports; "Kim a appris" is about Kim
    between = [toks[k].low for k in range(j + 1, i)]
    negated = j > 0 and toks[j - 1].low in ("n", "ne")
    if negated and any(w in lx.FR_NEGATIONS for w in between):
        return None
    pronoun = -1
    for k in range(j + 1, i):
        if toks[k].low in lx.FR_INVERTED_PRONOUNS and toks[k].low not in ("lui", "eux"):
            pronoun = k
            break
    return RawCue(
        "verb", toks[start_tok].start, toks[i].end, start_tok, i, lemma, stance,
        pronoun=pronoun, restrictive=negated,
        needs_complement=lemma in lx.NEEDS_COMPLEMENT,
    )

def _french_finite(text: str, toks: list[Tok], i: int, lo: int) -> RawCue | None:
    """`affirme`, `dément`, `dit avoir`, `estime-t-il`: a finite reporting verb."""
    low = toks[i].low
    n = len(toks)
    if low in lx.FR_FINITE:
        if i == 0:
            return None
        lemma, stance = lx.FR_FINITE[low]
        prev = toks[i - 1].low
        if prev in ("n", "ne") and (
            (i + 1 < n and toks[i + 1].low in lx.FR_NEGATIONS | {"ni"})
            or (i >= 2 and toks[i - 2].low == "ni")
        ):
            return None  # "Le Kremlin ne confirme ni ne dément", "n'affirme pas"
        after_comma = _prev_char(text, toks[i].start, lo) in (",", "»", "”", '"')
        # inverted pronoun: "affirme-t-il", "juge-t-elle"
        pronoun = -1
        last = i
        if i + 2 < n and toks[i + 1].low == "t" and toks[i + 2].low in lx.FR_INVERTED_PRONOUNS:
            pronoun, last = i + 2, i + 2
        elif (
            i + 1 < n and toks[i + 1].low in lx.FR_INVERTED_PRONOUNS
            and text[toks[i].end : toks[i + 1].start] == "-"
        ):
            pronoun, last = i + 1, i + 1
        nxt = ""
        k = last + 1
        while k < n and k <= last + 3 and toks[k].low in lx.FR_ADVERBS - lx.COMPLEMENTIZERS:
            k += 1
        if k < n:
            nxt = toks[k].low
        # "estime pour sa part que": a short adverbial before the complementizer
        for kk in range(last + 1, min(last + 5, n)):
            if toks[kk].low in lx.COMPLEMENTIZERS:
                if not any(c in text[toks[last].end : toks[kk].start] for c in ".;:«»\""):
                    nxt = toks[kk].low
                break
        if low == "dit" and pronoun < 0 and nxt not in lx.COMPLEMENTIZERS and not _infinitive(nxt):
            # "l'État islamique, dit Daech", "le général, dit le Renard, est parti": an
            # epithet; "..., dit le ministre." (sentence end) still reports
            rest = text[toks[last].end : text.find("\n", toks[last].end) % (len(text) + 1)]
            if not after_comma or "," in rest.split(".")[0]:
                return None
        if low.endswith("ant"):
            if after_comma and (nxt in lx.COMPLEMENTIZERS or _infinitive(nxt)):
                # ", assurant que ...", ", ajoutant surveiller la situation"
                return RawCue("verb", toks[i].start, toks[i].end, i, i, lemma, stance,
                              gerund=True)
            return None
        hyphenated = toks[i - 1].start > 0 and text[toks[i - 1].start - 1] == "-"
        if prev in lx.FR_DETERMINERS and not after_comma and not hyphenated:
            # "le juge", "la note" are nouns; "Kim Jong-un déclara" is not ("un" of a name)
            return None
        if (  # noqa: SIM102 - the inner test is the exception, kept apart to be read
            low in lx.FR_AMBIGUOUS
            and nxt not in lx.COMPLEMENTIZERS
            and pronoun < 0
            and not after_comma
            and nxt not in ("avoir", "être")
        ):
            # forms that are mostly nouns ("par écrit", "une note") need more than a subject;
            # the others ("Le gouvernement ukrainien accuse Moscou") read as verbs here
            if low in lx.FR_MOSTLY_NOUNS and _prev_char(text, toks[i].start, lo) != ",":
                return None
        return RawCue(
            "verb", toks[i].start, toks[last].end, i, last, lemma, stance, pronoun=pronoun,
            needs_complement=lemma in lx.NEEDS_COMPLEMENT,
        )
    return None


def _estimate_frame(text: str, toks: list[Tok], i: int) -> RawCue | None:
    """`offered a lower estimate of`, `gave a new toll of`, `put the toll at`: a light verb
    and an estimate noun make one cue (conventions E); the figure after it is the content."""
    n = len(toks)
    for k in range(i + 1, min(i + 5, n - 1)):
        if toks[k].low in lx.EN_ESTIMATE_NOUNS:
            if toks[k + 1].low in ("of", "at"):
                return RawCue("verb", toks[i].start, toks[k + 1].end, i, k + 1, "estimate",
                              "estimates")
            return None
        if toks[k].low not in lx.EN_ESTIMATE_MODIFIERS:
            return None
    return None


def _english_verb(text: str, toks: list[Tok], i: int, lo: int) -> RawCue | None:
    low = toks[i].low
    if low in lx.EN_PROGRESSIVE and i > 0:
        lemma, stance = lx.EN_PROGRESSIVE[low]
        prev = toks[i - 1].low
        if prev in ("is", "are", "was", "were", "been"):
            # "Seoul is saying the launch failed"
            return RawCue("verb", toks[i - 1].start, toks[i].end, i - 1, i, lemma, stance)
        if lemma == "call" and (i + 1 >= len(toks) or toks[i + 1].low in lx.EN_CALL_PARTICLES):
            return None  # "calling for calm", "calling on Moscow to ..."
        if _prev_char(text, toks[i].start, lo) == "," and i + 1 < len(toks):
            # "Kyiv denied the report, saying that ...": the same speaker
            return RawCue("verb", toks[i].start, toks[i].end, i, i, lemma, stance, gerund=True)
        return None
    if low in lx.EN_LIGHT_VERBS and i > 0:
        return _estimate_frame(text, toks, i)
    if (
        low in ("read", "reads")
        and i > 0
        and toks[i - 1].low in lx.DOCUMENT_NOUNS
        and (i + 1 >= len(toks) or text[toks[i].end : toks[i + 1].start].strip()[:1] in (
            ".", ":", ",", "“", '"', "«"
        ))
    ):
        # '"The Chinese side regrets ...," the statement read': a document speaks
        return RawCue("verb", toks[i].start, toks[i].end, i, i, "say", "asserts")
    if low not in lx.EN_VERBS:
        return None
    lemma, stance = lx.EN_VERBS[low]
    prev = toks[i - 1].low if i > 0 else ""
    if i == 0 or text[toks[i].start].isupper():
        return None  # "The United States and South Korea hold ...": a name, not a verb
    if prev in lx.EN_DETERMINERS and (low in lx.EN_NOUNISH or low.endswith("ed")):
        return None  # "the reported deployment", "a disputed island"
    if low.endswith("ed") and i + 1 < len(toks) and toks[i + 1].low == "by":
        return None  # "a claim immediately disputed by Seoul": a passive, not the speaker
    if (prev in lx.EN_PASSIVE_AUX and low != "quoted") or prev in lx.EN_NEGATIONS:
        return None
    if low in lx.EN_BASE_FORMS:
        future = prev in ("will", "would") and (i < 2 or toks[i - 2].low not in lx.EN_NEGATIONS)
        if (prev in lx.EN_MODALS or prev in lx.DETERMINERS) and not future:
            return None
        coordinated = i >= 3 and text[toks[i - 1].start].isupper() and any(
            toks[k].low in ("and", "et") for k in range(max(0, i - 4), i - 1)
        )  # "Russia and Ukraine announce ...": a plural subject
        plural = prev.endswith("s") or prev in ("they", "we", "you", "i", "people")
        if not (future or coordinated or plural) or (future and low == "announce"):
            return None  # "will announce the results": a plan, not a report
    # walk back over auxiliaries and adverbs: "has repeatedly denied"
    start_tok = i
    j = i - 1
    steps = 0
    while j >= 0 and steps < 3 and (
        toks[j].low in lx.EN_ADVERBS
        or (len(toks[j].low) > 5 and toks[j].low.endswith("ly") and toks[j].low != "family")
    ):
        if toks[j].low in ("has", "have", "had", "will", "would"):
            start_tok = j
        j -= 1
        steps += 1
    if steps and j >= 0 and (toks[j].low in lx.EN_PASSIVE_AUX or toks[j].low in lx.EN_NEGATIONS):
        return None  # "was also reported", "has not said"
    if low == "quoted" and prev in ("was", "were") and i + 2 < len(toks) and (
        toks[i + 1].low == "as" and toks[i + 2].low == "saying"
    ):
        # "Kim was quoted as saying": Kim speaks
        return RawCue("verb", toks[i - 1].start, toks[i + 2].end, i - 1, i + 2, "say", "asserts")
    if low == "quoted":
        for k in range(i + 2, min(i + 8, len(toks) - 1)):
            if toks[k].low == "as" and toks[k + 1].low == "saying":
                return RawCue("quoted", toks[i].start, toks[i].end, i, k + 1, lemma, stance,
                              object_last=k - 1)
        return None
    if low in ("reported",) and prev == "as":
        return None
    if text[max(lo, toks[i].start - 3) : toks[i].start].casefold() == "so-":
        return None  # "the so-called development": an epithet, not a verb
    if lemma == "call" and (i + 1 >= len(toks) or toks[i + 1].low in lx.EN_CALL_PARTICLES):
        return None
    return RawCue("verb", toks[start_tok].start, toks[i].end, start_tok, i, lemma, stance,
                  told=lemma == "tell")
