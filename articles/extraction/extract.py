"""Entry point of the extraction core: cleaned text in, attributed claims out.

For each sentence (see `sentences.py`) the cues are found (`cues.py`), each cue becomes
a draft (`drafts.py`, which finds spans with `spans.py`): who (the subject of a
reporting verb, before or after it, or the object of `selon` / `according to`), what
(the content: the clause after `que` / `that`, or the part of the sentence before a
postposed attribution), and the chain (`citant X`, `publié par X`, `according to KCNA`).
Here the drafts become claims: mentions resolved, pronouns followed across sentences,
confidence set.
"""

from __future__ import annotations

import re

from articles.extraction import calibration
from articles.extraction import lexicon as lx
from articles.extraction.calibration import claim_features, claim_shape
from articles.extraction.cues import find_cues, tokenize
from articles.extraction.descriptions import role_and_country
from articles.extraction.drafts import (
    _attach_markers,
    _ClaimDraft,
    _colon_draft,
    _DraftMention,
    _is_document,
    _merge,
    _preposition_draft,
    _quoted_draft,
    _verb_draft,
)
from articles.extraction.model import Cue, ExtractedClaim, Mention, Registry, Span
from articles.extraction.quotes import quote_pairs
from articles.extraction.resolve import Resolver, strip_determiner
from articles.extraction.sentences import split_sentences
from articles.extraction.spans import (
    _PERSON_PRONOUNS,
    _PRONOUNS,
    _PUNCT_END,
    MAX_CUES_PER_SENTENCE,
    _Sentence,
    _strip,
)

EXTRACTOR_VERSION = "1.2"

_EN_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_EN_THING_PRONOUNS = frozenset({"it"})
_SAME_SOURCE = re.compile(
    r"^(?:(?:de |la |cette |the |same |this )?(?:même |same )?source|"
    r"(?:la |de )?même source|the same source|ce dernier|cette dernière)$"
)
_MINISTRY_HEADS = frozenset({"ministère", "ministry", "département", "department"})
_DOC_HEADS = frozenset({"communiqué", "statement", "déclaration", "texte", "report", "rapport"})


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
                    start=sentence.start,
                    end=sentence.end,
                    text=sentence.text,
                    cue=Cue("", sentence.start, sentence.start, ""),
                    sources=[],
                    content=sentence,
                    stance="",
                    confidence=0.1,
                )
            )
            continue
        if found:
            claims.extend(found)
            history.extend(found)
            del history[:-12]
    _resolve_cataphora(claims, resolver)
    return claims


def _resolve_cataphora(claims: list[ExtractedClaim], resolver: Resolver) -> None:
    """An excerpt that starts mid-article: `Wagner forces, he said, had no ammunition.
    ... Yevgeny Prigozhin said ...`. A person pronoun no earlier speaker resolved is the
    next person the text names as a speaker (within a few claims)."""
    first_named = next(
        (k for k, c in enumerate(claims) if any(m.source for m in c.sources)), len(claims)
    )
    for k, claim in enumerate(claims[:first_named]):
        # only before the first resolved speaker: after it, the pronoun looked back already
        pending = [
            j for j, m in enumerate(claim.sources)
            if m.source is None and m.mention.strip().casefold() in _PERSON_PRONOUNS
        ]
        if not pending:
            continue
        person = next(
            (
                m.source
                for later in claims[k + 1 : k + 7]
                for m in later.sources
                if m.position == 0 and m.source and resolver.kind(m.source) == "official"
            ),
            None,
        )
        if person is None:
            continue
        claim.sources = [
            Mention(m.mention, m.start, m.end, person, m.position, m.cue) if j in pending else m
            for j, m in enumerate(claim.sources)
        ]


def extract_headline_claims(
    title: str,
    registry: Registry,
    *,
    language: str | None = None,
    body: list[ExtractedClaim] = (),
) -> list[ExtractedClaim]:
    """The claims of a headline: sentence rules first (`..., KCNA says`, `La Corée du Nord
    confirme ...`), then the headline colon `N. Korean troops already in combat: spy
    agency`, where a short source closes the line (conventions A). A description the
    registry cannot place alone (`spy agency`) takes the body's source with that role."""
    title = title or ""
    if not title.strip() or len(title) > 1000:
        return []
    found = extract_claims(title, registry, language=language)
    if found:
        roles = Resolver(registry).roles
        for claim in found:
            # "...: spy agency" (a headline tail): the body's source with that role
            claim.sources = [
                Mention(m.mention, m.start, m.end, m.source or _body_source(m.mention, body, roles),
                        m.position, m.cue)
                for m in claim.sources
            ]
        return found
    colon = title.rfind(":")
    if colon <= 0:
        return []
    a, b = _strip_span(title, colon + 1, len(title))
    ca, cb = _strip_span(title, 0, colon)
    words = title[a:b].split()
    if not (0 < len(words) <= 5) or cb - ca < 15 or not title[ca:cb].split()[0][:1].isalnum():
        return []
    resolver = Resolver(registry)
    mention = title[a:b]
    source = resolver.resolve(mention)
    role, _country = role_and_country(mention)
    if source is None and role:
        source = _body_source(mention, body, resolver.roles)
    bare = strip_determiner(mention).casefold()
    if source is None and role is None and not (set(bare.split()) & lx.MEDIA_WORDS):
        return []
    mentions = [Mention(mention, a, b, source)]
    return [
        ExtractedClaim(
            start=0,
            end=len(title),
            text=title,
            cue=Cue(":", colon, colon + 1, "colon"),
            sources=mentions,
            content=Span(ca, cb, title[ca:cb]),
            stance="asserts",
            confidence=calibration.confidence(claim_features("headline", mentions, False)),
        )
    ]


def _body_source(mention: str, body, roles: dict[str, str]) -> str | None:
    """The first source of the body's claims with the role `mention` names (`spy agency`)."""
    role = role_and_country(mention)[0]
    if not role:
        return None
    return next(
        (m.source for c in body for m in c.sources if m.source and roles.get(m.source) == role),
        None,
    )


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in "«»“”\"'‘’"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".!?…«»“”\"'‘’"):
        b -= 1
    return a, b


def _language(text: str, language: str | None) -> str:
    """ "fr", "en" or "any" (both lexicons) from the given code or a stop-word count."""
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
    ctx = _Sentence(text, sent, toks, pairs, cues, lang)
    ctx.resolver = resolver
    drafts: list[_ClaimDraft] = []
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
        continuation = _quote_continuation(ctx, history) or _headline_tail(ctx, resolver)
        return [continuation] if continuation else []
    drafts = _merge(ctx, drafts)
    _attach_markers(ctx, drafts)
    claims = []
    for draft in drafts:
        claim = _finish(ctx, draft, resolver, history, previous)
        if claim is not None:
            claims.append(claim)
    return claims


def _finish(
    ctx: _Sentence,
    draft: _ClaimDraft,
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
    # " date 2023-06 Pyongyang avait annoncé", "KYIV, Ukraine — Ukraine says": the page's
    # furniture before the sentence is neither speaker nor content
    furniture = _skip_furniture(text, ctx.lo, ctx.hi)
    for m in kept_mentions:
        if m.start < furniture < m.end:
            m = _DraftMention(text[furniture : m.end], furniture, m.end, m.role, cue=m.cue)
        pieces = resolver.split_collective(m.text, m.start)
        for piece, a, b, source in pieces:
            if source is None:
                source = _resolve_context(piece, resolver, history, others, previous)
            if source is None:
                source = resolver.short_name(piece, text[max(0, ctx.lo - 5000) : ctx.lo])
            if len(pieces) > 1:
                # "Kiev, Séoul et les Occidentaux dénoncent ...": one attribution per
                # conjunct, each keeping the whole coordinated phrase as its mention
                a, b, piece = m.start, m.end, m.text
            mentions.append((m.role, Mention(piece, a, b, source, cue=m.cue)))
    roles = sorted({r for r, _ in mentions})
    ordered = [
        Mention(m.mention, m.start, m.end, m.source, roles.index(r), m.cue)
        for r, m in sorted(mentions, key=lambda rm: (rm[0], rm[1].start))
    ]
    ca, cb = draft.content
    if cb <= furniture:
        return None  # the "content" is the dateline
    ca = max(ca, furniture)
    ca, cb, direct = _unquote(ctx, ca, cb)
    cue = draft.cue
    kind = "verb" if cue.kind in ("verb", "quoted") else cue.kind
    shape = claim_shape(text, (cue.start, cue.end), (ca, cb))
    confidence = calibration.confidence(claim_features(kind, ordered, direct, shape))
    return ExtractedClaim(
        start=ctx.sent.start,
        end=ctx.sent.end,
        text=ctx.sent.text,
        cue=Cue(text[cue.start : cue.end], cue.start, cue.end, kind),
        sources=ordered,
        content=Span(ca, cb, text[ca:cb]),
        direct_quote=direct,
        stance=cue.stance or "asserts",
        confidence=confidence,
    )


# Page furniture before a sentence: live-blog dates and times, wire datelines.
_FURNITURE = re.compile(
    r"\s*(?:date \d{4}-\d{2}(?:-\d{2})?\s+|\d{1,2}[h:]\d{2}\s*:\s+"
    r"|[^()\n.]{0,50}\((?:Reuters|AFP|AP|Belga|EFE|Jiji Press|Yonhap|dpa|ANSA|Xinhua|TASS)\)"
    r"\s*[-–—]+\s+"
    # "KYIV, Ukraine — ", "SEOUL -- ": a dateline in capitals
    r"|[A-Z][A-Z'’. -]{2,30}(?:,\s*[A-Z][\w .]{1,30}?)?\s+(?:[–—]|--?)\s+)"
)


def _skip_furniture(text: str, a: int, b: int) -> int:
    """The start of a span once leading furniture is skipped (` date 2024-02 21 février
    (Reuters) - La Russie a lancé ...` -> `La Russie a lancé ...`)."""
    for _ in range(3):
        m = _FURNITURE.match(text, a, b)
        if m is None or m.end() >= b:
            break
        a = m.end()
    return a


def _unquote(ctx: _Sentence, a: int, b: int) -> tuple[int, int, bool]:
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
        # English marks person (he, she) against thing (it); a French il / elle may
        # stand for a person or for a masculine / feminine institution ("l'armée de
        # l'air ... a-t-elle précisé"), so only English skips incompatible speakers.
        person_only = low in _EN_PERSON_PRONOUNS
        thing_only = low in _EN_THING_PRONOUNS
        for k, claim in enumerate(reversed(history[-6:])):
            speakers = list(claim.sources)
            if low in _PERSON_PRONOUNS:
                person = next(
                    (m.source for m in speakers if resolver.kind(m.source) == "official"), None
                )
                if person:
                    return person
                # "KCNA reported Kim inspected ... , a-t-il déclaré": the person
                # in the reported content
                if k == 0 or person_only:
                    content = claim.content.text if claim.content else ""
                    for name, kind in _names_in(content, resolver):
                        if kind == "official":
                            return name
            first = next((m for m in claim.sources if m.position == 0), None)
            if first is None:
                continue
            kind = resolver.kind(first.source)
            institution = kind not in ("", "official") or (
                not first.source and _names_institution(first.mention)
            )
            if (person_only and institution) or (thing_only and kind == "official"):
                # "The ministry said ... He added": not the ministry
                continue
            return first.source
        return None
    words = strip_determiner(mention).split()
    head = words[0].casefold() if words else ""
    if _SAME_SOURCE.match(low) or (head in _DOC_HEADS and words[0] != mention and len(words) == 1):
        # "toujours selon cette source", "a-t-on appris de même source", "the
        # statement said", "poursuit le communiqué": the speaker just quoted
        for claim in reversed(history[-3:]):
            first = next((m for m in claim.sources if m.position == 0), None)
            if first is not None:
                return first.source
        return None
    role, country = role_and_country(mention)
    if role and not country and words[0] != mention:
        # "l'armée de l'air", "the defence ministry": the one source with that role in
        # the country of the sources just quoted
        for claim in reversed(history[-6:]):
            for m in claim.sources:
                place = resolver.country(m.source)
                if place:
                    found = resolver.registry.by_role.get((role, place))
                    if found:
                        return found
    if head in lx.ANAPHORIC_NOUNS and words[0] != mention and (
        len(words) == 1 or (len(words) <= 3 and role_and_country(mention)[1])
    ):
        # "l'agence", "the ministry", "le quotidien américain" (after the paper was
        # named): the last source of that kind, of that country when one is given
        kinds = lx.ANAPHORIC_NOUNS[head]
        country = role_and_country(mention)[1] if len(words) > 1 else None
        if head in _MINISTRY_HEADS:
            # "le ministère", "the department": a ministry just quoted before a government
            for claim in reversed(history[-6:]):
                for m in claim.sources:
                    if resolver.roles.get(m.source or "", "").endswith("_ministry") and (
                        country is None or resolver.country(m.source) == country
                    ):
                        return m.source
        for claim in reversed(history[-6:]):
            for m in claim.sources:
                if (
                    m.source
                    and resolver.kind(m.source) in kinds
                    and (country is None or resolver.country(m.source) == country)
                ):
                    return m.source
        return None
    if "son pays" in low or "leur pays" in low or "their country" in low or "his country" in low:
        for adj in lx.NATIONALITY_ADJECTIVES:
            if adj in others.casefold():
                for phrase in ("de son pays", "de leur pays"):
                    if phrase in low:
                        return resolver.resolve(low.replace(phrase, adj))
    return None


def _surname(word: str, resolver: Resolver) -> str | None:
    """`Kim`, `Grossi`: the person whose name begins or ends with the word (not any word of
    an alias: `Russian` is no name of `Russian President Vladimir Putin`)."""
    name = resolver.short_name(word, "")
    if name is None:
        return None
    parts = name.casefold().replace("-", " ").split()
    return name if word.casefold() in (parts[0], parts[-1]) else None


def _names_institution(mention: str) -> bool:
    """`The ministry`, `l'agence`, `the Ukrainian military`: an institution, not a person
    (an unresolved `a senior official` may be either)."""
    role = role_and_country(mention)[0]
    if role and role not in ("head_of_state", "spokesperson"):
        return True
    words = strip_determiner(mention).split()
    kinds = lx.ANAPHORIC_NOUNS.get(words[0].casefold(), frozenset()) if words else frozenset()
    return bool(kinds) and "official" not in kinds


def _names_in(content: str, resolver: Resolver) -> list[tuple[str, str]]:
    """Registry sources named by capitalised word runs in `content` (bounded)."""
    found = []
    words = content.split()[:60]
    for k, w in enumerate(words):
        if w[:1].isupper():
            for size in (3, 2, 1):
                phrase = " ".join(words[k : k + size]).strip(",.;:")
                name = resolver.resolve(phrase) or (size == 1 and _surname(phrase, resolver))
                if name:
                    found.append((name, resolver.kind(name)))
                    break
    return found


# `Zaporizhzhia shelling 'irresponsible' -IAEA`, `Death toll rises to 65 - Health Ministry`,
# `Troops already in combat: spy agency`: a headline line closed by its source.
_TAIL_ACRONYM = re.compile(r"(?<=[\w'’\s])[-–—]([A-Z]{2,6})$")
_TAIL_SEPARATORS = (" - ", " – ", " — ", ": ")
_TAIL_SOURCE = re.compile(r"[A-Za-z][\w.’'-]*(?:\s[\w.’'-]+){0,4}$")
_CREDIT_WORDS = frozenset(
    {"photo", "photos", "crédit", "credit", "credits", "image", "images", "source", "sources",
     "reporting", "reportage", "par", "by", "via", "video", "vidéo", "illustration"}
)
_INSTITUTION_HEADS = frozenset(
    {*lx.ANAPHORIC_NOUNS, "officials", "watchdog", "police", "agence", "ministère"}
)


def _headline_tail(ctx: _Sentence, resolver: Resolver) -> ExtractedClaim | None:
    """A line without final punctuation that ends with ` - Source`, `-ACRONYM` or
    `: source`: a headline attributing its words (`Zaporizhzhia shelling 'irresponsible'
    -IAEA`, `Troops already in combat: spy agency`); the source must resolve or name an
    institution. Found from the end of the line: no scan over every start."""
    text, lo, hi = ctx.text, ctx.lo, ctx.hi
    line = text[lo:hi].rstrip()
    if len(line) > 300 or len(line) < 20 or line[-1] in ".!?…»”\"'":
        return None
    m = _TAIL_ACRONYM.search(line)
    if m:
        ka, kb, sa = m.start(), m.start() + 1, m.start(1)
    else:
        cut = max(line.rfind(sep) for sep in _TAIL_SEPARATORS)
        if cut < 15:
            return None
        sep = next(sep for sep in _TAIL_SEPARATORS if line.startswith(sep, cut))
        ka, kb, sa = cut + sep.index(sep.strip()), cut + len(sep.rstrip()), cut + len(sep)
        if not _TAIL_SOURCE.match(line, sa):
            return None
    mention = line[sa:]
    if " et " in mention or " and " in mention:
        return None
    source = resolver.resolve(mention)
    last = mention.split()[-1].casefold()
    if source is None and role_and_country(mention)[0] is None and last not in _INSTITUTION_HEADS:
        return None
    ca, cb = _strip(text, lo, lo + ka, " '’\"")
    if cb - ca < 15 or text[ca:cb].split()[-1].casefold() in _CREDIT_WORDS:
        return None  # "Image credit: Reuters", "Photo - AFP": a credit, not a claim
    mentions = [Mention(mention, lo + sa, lo + len(line), source)]
    return ExtractedClaim(
        start=lo,
        end=hi,
        text=ctx.sent.text,
        cue=Cue(text[lo + ka : lo + kb], lo + ka, lo + kb, "colon"),
        sources=mentions,
        content=Span(ca, cb, text[ca:cb]),
        stance="asserts",
        confidence=calibration.confidence(claim_features("colon", mentions, False)),
    )


def _quote_continuation(ctx: _Sentence, history: list[ExtractedClaim]) -> ExtractedClaim | None:
    """A sentence that is only a quotation right after a quoted speaker continues them.

    `"The situation is grave," Kim told a party plenum, according to Rodong Sinmun.
    "We must overcome it at any cost."`
    """
    text = ctx.text
    if not history or not ctx.pairs:
        return None
    qa, qb = ctx.pairs[0]
    if (
        qa != ctx.lo
        or _strip(text, qb + 1, ctx.hi, _PUNCT_END)[1] > _strip(text, qb + 1, ctx.hi, _PUNCT_END)[0]
    ):
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
        confidence=calibration.confidence(claim_features("continuation", speakers, True)),
    )
