"""Per-cue drafts: one claim in the making for each cue of a sentence.

A verb cue finds its speaker before or after it and its content (`_verb_draft`), a
`selon` / `according to` its object (`_preposition_draft`), `quoted X as saying` its
speaker and relay (`_quoted_draft`), a leading `Name: « ... »` its quotation
(`_colon_draft`). `_merge` folds relays into the claims they frame. Internal to the
extraction package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.extraction import lexicon as lx
from articles.extraction.cues import RawCue
from articles.extraction.quotes import CLOSING, OPENING
from articles.extraction.resolve import Resolver, strip_determiner
from articles.extraction.spans import (
    _GENERIC_SUBJECTS,
    _OBJECT_PRONOUNS,
    _PREP_OBJECT_STOPS,
    _PRONOUNS,
    _PUNCT_END,
    MAX_NP_TOKENS,
    MAX_SUBJECT_TOKENS,
    WINDOW,
    _abbreviation_gap,
    _complementizer,
    _content_after,
    _content_span,
    _has_punct,
    _incise_end,
    _is_time,
    _left_boundary,
    _limit_after,
    _name_apposition_end,
    _np_after,
    _prev_index,
    _prev_nonspace,
    _rest_is_adverbial,
    _role_apposition_end,
    _Sentence,
    _strip,
)


@dataclass(slots=True)
class _DraftMention:
    """A mention while a claim is being built; role orders the chain."""

    text: str
    start: int
    end: int
    role: int  # 0 cited (original source), 1 speaker, 2 relay
    source: str | None = None
    cue: tuple[int, int] | None = None  # its own cue words (`citing`, `cité par`, `as saying`)


# Adverbs that may open a sentence before `selon` / `according to`
_LEAD_ADVERBS = frozenset(
    {"toujours", "encore", "aussi", "également", "ainsi", "enfin", "mais", "et", "or",
     "also", "again", "but", "and", "still", "meanwhile", "further", "moreover"}
)
_LONE_ADVERBS = frozenset(
    {"often", "also", "later", "earlier", "previously", "once", "still", "then", "now",
     "souvent", "aussi", "ensuite", "alors", "déjà", "encore", "toujours", "puis"}
)


def _adverb_only(low: str) -> bool:
    """A one-word segment that is an adverb (`prematurely`, `Often`, `récemment`)."""
    return low in _LONE_ADVERBS or (len(low) > 5 and (low.endswith("ly") or low.endswith("ment")))


def _copy(m: _DraftMention) -> _DraftMention:
    return _DraftMention(m.text, m.start, m.end, m.role, cue=m.cue)


@dataclass(slots=True)
class _ClaimDraft:
    cue: RawCue
    mentions: list[_DraftMention] = field(default_factory=list)
    content: tuple[int, int] | None = None
    regions: list[tuple[int, int]] = field(default_factory=list)  # text used by mentions
    generic: bool = False  # subject "on": the claim has no real speaker


def _verb_draft(ctx: _Sentence, cue: RawCue, drafts: list[_ClaimDraft]) -> _ClaimDraft | None:
    text, toks = ctx.text, ctx.toks
    draft = _ClaimDraft(cue)
    if cue.gerund:
        # "Kiev a démenti cette affirmation, assurant que ...": same speaker
        previous = next((d for d in reversed(drafts) if d.mentions), None)
        if previous is None:
            return None
        draft.mentions = [_copy(m) for m in previous.mentions]
        draft.content = _content_after(ctx, cue, _limit_after(ctx, cue, cue.end))
        return draft if draft.content else None
    if cue.pronoun >= 0:
        p = toks[cue.pronoun]
        named = _on_source(ctx, cue) if p.low == "on" else None
        if named:
            # "a-t-on appris de source diplomatique", "précise-t-on au ministère"
            draft.mentions.append(_DraftMention(text[named[0] : named[1]], named[0], named[1], 1))
            draft.regions.append(named)
        else:
            draft.mentions.append(_DraftMention(text[p.start : p.end], p.start, p.end, 1))
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
    # "The Ukrainian president struck a more exuberant tone when he announced ...": the
    # subject of the reporting verb follows the last subordinator of the segment
    for k in range(i_end - 2, seg_first, -1):
        if toks[k].low in lx.SUBORDINATORS and text[toks[k].start].islower():
            seg_a = toks[k + 1].start
            seg_first = k + 1
            ch = ch or "conj"
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
    # "Chinese officials on Friday said", "Pentagon officials on Thursday announced":
    # a day after the subject is a time adverbial, not part of the speaker
    if (
        last_seg - 1 > seg_first
        and toks[last_seg].low in lx.TIME_HEADS
        and toks[last_seg - 1].low in ("on", "last", "this", "earlier", "late")
    ):
        cut = last_seg - 1
        if cut - 1 > seg_first and toks[cut - 1].low in ("earlier", "later", "late"):
            cut -= 1
        seg_b = _strip(text, seg_a, toks[cut].start)[1]
        last_seg = cut - 1
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
        draft.mentions = [_copy(m) for m in previous.mentions]
        draft.content = _content_after(ctx, cue, _limit_after(ctx, cue, cue.end))
        return draft if draft.content and draft.mentions else None
    if seg_b <= seg_a and b > ctx.lo and i_end > ctx.tok_at(b) and drafts:
        # "The agency also said ..., but added that ...": the same speaker
        previous = drafts[-1]
        draft.mentions = [_copy(m) for m in previous.mentions]
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
    if n_seg == 1 and _adverb_only(toks[seg_first].low):
        # "Prigozhin has prematurely claimed", "Often described as": no speaker here
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


def _on_source(ctx: _Sentence, cue: RawCue) -> tuple[int, int] | None:
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


def _verbish(ctx: _Sentence, k: int) -> bool:
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


def _antecedent(ctx: _Sentence, pos: int, drafts: list[_ClaimDraft]) -> _DraftMention | None:
    """The noun phrase a relative pronoun at `pos` refers to (the mention before the comma)."""
    comma = _prev_index(ctx.text, pos, ctx.lo)
    if ctx.text[comma] != ",":
        return None
    for d in reversed(drafts):
        for m in d.mentions:
            if 0 <= comma - m.end <= 2:
                return _DraftMention(m.text, m.start, m.end, 1)
    b, _ = _left_boundary(ctx, comma)
    a, e = _strip(ctx.text, b, comma)
    first = ctx.tok_at(a)
    if e <= a or ctx.tok_at(e) - first > 8:
        return None
    return _DraftMention(ctx.text[a:e], a, e, 1)


def _has_complement(ctx: _Sentence, cue: RawCue) -> bool:
    if _complementizer(ctx, cue.last + 1, False) >= 0:
        return True
    a, _ = _strip(ctx.text, cue.end, ctx.hi, " :")
    return a < ctx.hi and ctx.text[a] in OPENING | {'"'}


def _subject_segment(ctx: _Sentence, draft: _ClaimDraft, a: int, b: int) -> None:
    """Mentions from the text before a verb: `X`, `X citant Y`."""
    text, toks = ctx.text, ctx.toks
    i, j = ctx.tok_at(a), ctx.tok_at(b)
    for k in range(i, j):
        if toks[k].low in lx.CITING_WORDS:
            sa, sb = _strip(text, a, toks[k].start, ",")
            ca, cb = _strip(text, toks[k].end, b, ",")
            if sb > sa:
                draft.mentions.append(_DraftMention(text[sa:sb], sa, sb, 1))
            if cb > ca:
                own = (toks[k].start, toks[k].end)
                draft.mentions.append(_DraftMention(text[ca:cb], ca, cb, 0, cue=own))
            draft.regions.append((a, b))
            return
    draft.mentions.append(_DraftMention(text[a:b], a, b, 1))
    draft.regions.append((a, b))


def _postposed(ctx: _Sentence, cue: RawCue, draft: _ClaimDraft, comma: int) -> _ClaimDraft | None:
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
        after = ctx.tok_at(cue.end)
        que_next = after < len(ctx.toks) and ctx.toks[after].low in lx.COMPLEMENTIZERS
        rest_np = None if que_next else _np_after(ctx, cue.end)
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
                draft.mentions.append(_DraftMention(text[s0[0] : s0[1]], s0[0], s0[1], 1))
            elif first_low in lx.CITING_WORDS:
                draft.mentions.append(_DraftMention(text[s0[0] : s0[1]], s0[0], s0[1], 1))
                citing = ctx.toks[ctx.tok_at(s1[0])]
                ca, cb = _strip(text, citing.end, s1[1])
                own = (citing.start, citing.end)
                draft.mentions.append(_DraftMention(text[ca:cb], ca, cb, 0, cue=own))
            elif text[s1[0]].isupper() and (
                text[s0[0] : s0[1]].split()[0].casefold()
                in ("le", "la", "les", "l", "the", "un", "une", "a")
                or text[s0[0] : s0[0] + 2].casefold() == "l'"
            ):
                # "Le gouverneur de la région, Evgeny Balitski, a déclaré": title and name
                # with the comma between them (conventions B)
                draft.mentions.append(_DraftMention(text[s0[0] : s1[1]], s0[0], s1[1], 1))
            else:
                draft.mentions.append(_DraftMention(text[s0[0] : s1[1]], s0[0], s1[1], 1))
            draft.regions.append((s0[0], s1[1]))
            draft.content = _content_after(ctx, cue, _limit_after(ctx, cue, cue.end))
            return draft if draft.content else None
    subject = _subject_before_commas(ctx, cue, commas, comma) if not ends_with_quote else None
    if subject is not None:
        a, b = subject
        draft.mentions.append(_DraftMention(text[a:b], a, b, 1))
        draft.regions.append((a, b))
        draft.content = _content_after(ctx, cue, _limit_after(ctx, cue, cue.end))
        return draft if draft.content else None
    np = _np_after(ctx, cue.end)
    if np is None:
        return None
    a, b = np
    b = _name_apposition_end(ctx, a, b)
    draft.mentions.append(_DraftMention(text[a:b], a, b, 1))
    draft.regions.append((a, b))
    end = comma
    if text[comma] == ",":
        end = max(end, _incise_end(ctx, b))
    draft.content = _content_span(ctx, ctx.lo, end)
    return draft if draft.content else None


def _preposition_draft(ctx: _Sentence, cue: RawCue) -> _ClaimDraft | None:
    text, toks = ctx.text, ctx.toks
    draft = _ClaimDraft(cue)
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
            own = (toks[j + 1].start, toks[j + 1].end)
            draft.mentions.append(
                _DraftMention(text[cited[0] : cited[1]], cited[0], cited[1], 0, cue=own)
            )
            region_end = b = cited[1]
    draft.regions.append((cue.start, region_end))
    # content: after the mention when the cue opens the sentence, else before the cue
    before = _prev_nonspace(text, cue.start, ctx.lo)
    lead = ctx.text[ctx.lo : cue.start].strip(" «“\"")
    if lead and lead.casefold() in _LEAD_ADVERBS:
        lead = ""  # "Toujours selon le ministère, ...", "Also according to Kyiv, ..."
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
        end = _prev_index(text, cue.start, ctx.lo)
        # "Kim a décerné, selon l'agence KCNA, le titre de héros ...": an incise inside the
        # clause; the content is the whole clause, the incise included (conventions B)
        end = max(end, _selon_incise_end(ctx, b))
        draft.content = _content_span(ctx, ctx.lo, end)
    else:
        draft.content = _content_span(ctx, ctx.lo, cue.start)
    return draft if draft.content else None


_DETERMINERS = frozenset({"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "the", "a"})


def _selon_incise_end(ctx: _Sentence, pos: int) -> int:
    """`Kim a décerné, selon l'agence KCNA, le titre de héros ...`: when the `selon` phrase
    ending at `pos` sits between commas and the clause goes on after it (an object, not an
    adverbial or another attribution), the end of the sentence; else -1."""
    text, toks = ctx.text, ctx.toks
    a, _ = _strip(text, pos, ctx.hi)
    if a >= ctx.hi or text[a] != ",":
        return -1
    i = ctx.tok_at(a)
    if i >= len(toks) or any(c.start > a for c in ctx.cues):
        return -1
    low = toks[i].low
    if (
        not text[toks[i].start].islower()
        or (low in lx.ADVERBIAL_STARTS and low not in _DETERMINERS)
        or low in lx.RELATIVE_PRONOUNS
        or low in lx.CITING_WORDS
        or low.endswith("ant")
        or _is_time(toks, i)
    ):
        return -1
    return _strip(text, a + 1, ctx.hi, _PUNCT_END)[1]


def _object_mentions(ctx: _Sentence, draft: _ClaimDraft, a: int, b: int) -> None:
    """`des sources militaires citées par la BBC` -> sources (speaker), BBC (relay)."""
    text, toks = ctx.text, ctx.toks
    i, j = ctx.tok_at(a), ctx.tok_at(b)
    for k in range(i, j):
        low = toks[k].low
        if low in lx.RELAY_PARTICIPLES and k + 1 < j and toks[k + 1].low in lx.RELAY_BY:
            sa, sb = _strip(text, a, toks[k].start, ",")
            ra, rb = _strip(text, toks[k + 1].end, b, ",")
            if sb > sa:
                draft.mentions.append(_DraftMention(text[sa:sb], sa, sb, 1))
            if rb > ra:
                own = (toks[k].start, toks[k + 1].end)
                draft.mentions.append(_DraftMention(text[ra:rb], ra, rb, 2, cue=own))
            return
        if low in lx.CITING_WORDS:
            sa, sb = _strip(text, a, toks[k].start, ",")
            ca, cb = _strip(text, toks[k].end, b, ",")
            if sb > sa:
                draft.mentions.append(_DraftMention(text[sa:sb], sa, sb, 1))
            if cb > ca:
                own = (toks[k].start, toks[k].end)
                draft.mentions.append(_DraftMention(text[ca:cb], ca, cb, 0, cue=own))
            return
    draft.mentions.append(_DraftMention(text[a:b], a, b, 1))


def _describes(ctx: _Sentence, a: int, b: int) -> bool:
    """A comma segment that describes the subject before it: a relative clause (`dont les
    hommes ...`), a participle (`s'exprimant ...`, `speaking ...`), a citing phrase."""
    if b <= a:
        return True
    first = ctx.toks[ctx.tok_at(a)].low
    return (
        first in lx.RELATIVE_PRONOUNS
        or first in lx.CITING_WORDS
        or (len(first) > 4 and (first.endswith("ant") or first.endswith("ing")))
    )


def _subject_before_commas(
    ctx: _Sentence, cue: RawCue, commas: list[int], comma: int
) -> tuple[int, int] | None:
    """The subject of a verb after several comma segments, when no inverted subject can
    follow it (a `que` / `that` comes next, or the last segment is a relative clause):
    `Lors de l'ouverture du Conseil, son directeur général, Rafael Grossi, a déclaré
    qu'...` -> `son directeur général, Rafael Grossi`; `Le patron de Wagner, Evguéni
    Prigojine, dont les hommes ..., s'est plaint ...` -> `Le patron de Wagner, Evguéni
    Prigojine`."""
    text, toks = ctx.text, ctx.toks
    if not commas or len(commas) > 4:
        return None
    bounds = [ctx.lo, *(c + 1 for c in commas)]
    ends = [*commas, comma]
    segments = [_strip(text, a, b) for a, b in zip(bounds, ends, strict=True)]
    after = ctx.tok_at(cue.end)
    que_next = after < len(toks) and toks[after].low in lx.COMPLEMENTIZERS
    if not que_next and not (segments[-1][1] > segments[-1][0] and (
        toks[ctx.tok_at(segments[-1][0])].low in lx.RELATIVE_PRONOUNS
    )):
        return None
    while segments and _describes(ctx, *segments[-1]):
        segments.pop()
    while segments and toks[ctx.tok_at(segments[0][0])].low in lx.CLAUSE_PREPOSITIONS:
        segments.pop(0)
    if not segments or any(b <= a for a, b in segments):
        return None
    a, b = segments[0][0], segments[-1][1]
    n = ctx.tok_at(b) - ctx.tok_at(a)
    if not 0 < n <= MAX_SUBJECT_TOKENS or any(
        ch in text[a:b] for ch in "«»“”\""
    ):
        return None
    return a, b


def _quoted_draft(ctx: _Sentence, cue: RawCue) -> _ClaimDraft | None:
    """`KCNA quoted Kim as saying ...`: Kim speaks, KCNA relays."""
    text, toks = ctx.text, ctx.toks
    draft = _ClaimDraft(cue)
    b, _ = _left_boundary(ctx, cue.start)
    sa, sb = _strip(text, b, cue.start)
    oa, ob = toks[cue.last - 2 + 0].start if False else toks[cue.first + 1].start, toks[
        cue.object_last
    ].end
    # "quoted Kim as saying": `quoted` attributes to the relay, `as saying` to Kim
    said = (toks[cue.last - 1].start, toks[cue.last].end)
    draft.mentions.append(_DraftMention(text[oa:ob], oa, ob, 1, cue=said))
    if sb > sa:
        draft.mentions.append(_DraftMention(text[sa:sb], sa, sb, 2))
    draft.content = _content_span(ctx, toks[cue.last].end, ctx.hi)
    tail = text[max(ctx.lo, b - 4) : b].replace(" ", "")
    if b - 1 > ctx.lo and "," in tail[-2:] and any(q in tail[-2:] for q in (*CLOSING, '"')):
        # '"The shelling is irresponsible," the agency quoted its chief as saying,
        # confirming ...': the quotation before is the content, not the participle after
        draft.content = None
    if draft.content is None and b - 1 > ctx.lo:
        # "The soldiers fought ..., the Korean Central News Agency quoted Kim as saying."
        draft.content = _content_span(ctx, ctx.lo, b - 1)
    return draft if draft.content else None


def _colon_draft(ctx: _Sentence) -> _ClaimDraft | None:
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
    if any(
        t.low in lx.EN_VERBS or t.low in lx.FR_PARTICIPLES or t.low in ("read", "reads")
        for t in toks[: n + 1]
    ):
        return None  # "Zelensky said: ..." is a verb cue
    cue = RawCue("colon", colon, colon + 1, ctx.tok_at(colon) - 1, ctx.tok_at(colon) - 1)
    draft = _ClaimDraft(cue)
    draft.mentions.append(_DraftMention(text[a:b], a, b, 1))
    draft.regions.append((a, b))
    draft.content = _content_span(ctx, q, ctx.hi)
    return draft if draft.content else None


# --- merging, chains, resolution ------------------------------------------------------


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    if not a or not b:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _merge(ctx: _Sentence, drafts: list[_ClaimDraft]) -> list[_ClaimDraft]:
    """Fold `selon X` / `according to X` into a verb claim it frames, and drop claims
    nested in another claim's content (`Kim stressed that ..., KCNA reported`)."""
    verbs = [d for d in drafts if d.cue.kind != "preposition"]
    preps = [d for d in drafts if d.cue.kind == "preposition"]
    out: list[_ClaimDraft] = []
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
                # "..., rapporte KCNA": the relay's own verb is its cue
                own = m.cue or (d.cue.start, d.cue.end)
                host.mentions.append(_DraftMention(m.text, m.start, m.end, 2, cue=own))
        host.regions.extend(d.regions)
    out.extend(verbs)
    out.sort(key=lambda d: d.cue.start)
    kept: list[_ClaimDraft] = []
    folded: set[int] = set()
    for d in out:
        hosts = [
            o for o in out
            if o is not d and o.content and o.content[0] <= d.cue.start < o.content[1]
            and not (d.content and o.content[0] <= o.cue.start < (d.content[1]))
        ]
        if not hosts:
            continue
        o = hosts[0]
        if (
            o.cue.kind == "verb"
            and d.cue.kind == "verb"
            and d.content
            and o.content[0] <= d.content[0]
            and d.content[1] <= o.content[1] + 1
            and o.cue.start > d.cue.start
            and (o.content[1] <= d.cue.end + 2 or o.cue.lemma in lx.RELAY_LEMMAS)
            and all(m.role == 1 for m in o.mentions)
        ):
            # "« ... », a-t-il précisé, rapporte l'AFP": the inner speaker is the origin,
            # the outer verb's subject relays the same words with its own cue (conventions C)
            for m in o.mentions:
                if not _is_document(m.text):
                    d.mentions.append(_DraftMention(m.text, m.start, m.end, 2, cue=(
                        o.cue.start, o.cue.end)))
            d.regions.extend(o.regions)
            folded.add(id(o))
    for d in out:
        if id(d) in folded:
            continue
        nested = any(
            o is not d and id(o) not in folded and o.content
            and o.content[0] <= d.cue.start < o.content[1]
            and not (d.content and o.content[0] <= o.cue.start < (d.content[1]))
            for o in out
        )
        if not nested:
            kept.append(d)
    return kept


def _is_relay(draft: _ClaimDraft, resolver: Resolver | None) -> bool:
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


def _attach_markers(ctx: _Sentence, drafts: list[_ClaimDraft]) -> None:
    """`citant X` / `publié par X` found outside the claims' own mentions."""
    text, toks = ctx.text, ctx.toks
    for d in drafts:
        if d.cue.kind != "verb" or not text[d.cue.start : d.cue.end].casefold().endswith(
            "quoted as saying"
        ):
            continue
        # "he was quoted as saying on Sunday by Russian state media": the relay, whose
        # cue is `was quoted`
        k = d.cue.last + 1
        while k < len(toks) and k <= d.cue.last + 4 and toks[k].low != "by" and (
            toks[k].low == "on" or _is_time(toks, k)
        ):
            k += 1
        if k < len(toks) and toks[k].low == "by":
            np = _np_after(ctx, toks[k].end, skip_time=False)
            if np is not None and not (d.content and d.content[0] <= np[0] < d.content[1]):
                a, b = np
                own = (d.cue.start, toks[d.cue.first + 1].end)
                d.mentions.append(_DraftMention(text[a:b], a, b, 2, cue=own))
                d.regions.append((toks[k].start, b))
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
        own = (cue.start, cue.end)
        k = ctx.tok_at(b)
        if k + 1 < len(toks) and toks[k].low == "as" and toks[k + 1].low == "saying":
            # "reported quoting the ministry as saying": the ministry's words are `as saying`
            own = (toks[k].start, toks[k + 1].end)
        if cue.kind == "citing":
            host.mentions.append(_DraftMention(text[a:b], a, b, 0, cue=own))
        elif not _is_document(text[a:b]):
            host.mentions.append(_DraftMention(text[a:b], a, b, 2, cue=own))
        host.regions.append((cue.start, b))
    del toks
