"""Stories: the same claim across articles, languages and relays.

Matching itself is plain Python (`articles.extraction.matching`); this module reads
claims into facts, keeps the match index (`ClaimKey`), stores suggestions, and turns a
confirmed suggestion into a `repeats` link and a story. A rejected pair is kept and
never suggested again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, reset_queries, transaction
from django.db.models import Q
from django.utils import timezone

from articles.extraction import matching
from articles.extraction.matching import ClaimFacts
from articles.models import (
    Article,
    Attribution,
    Claim,
    ClaimKey,
    ClaimLink,
    MatchSuggestion,
    Source,
    Story,
    StoryJob,
)
from articles.selectors import origin_of
from articles.textnorm import normalize_mention

# At most this many candidates per new claim are weighed (those sharing the most keys
# first): a key shared by very many claims says little, and matching must stay fast on a
# big corpus.
CANDIDATES_PER_CLAIM = 15


class SuggestionDecided(Exception):
    """The suggestion was already confirmed or rejected (by a colleague, a moment ago)."""


# -- reading claims -----------------------------------------------------------------------


def facts_of(claim: Claim) -> ClaimFacts:
    """Read a stored claim (attributions and article loaded) into matching's facts."""
    article = claim.article
    when = article.published_at or article.imported_at
    sources = {f"s:{a.source_id}" for a in claim.attributions.all() if a.source_id}
    if article.publisher_id:
        sources.add(f"s:{article.publisher_id}")
    return matching.read_claim(
        claim.pk,
        claim.quote,
        language=article.language,
        published=when.date() if when else None,
        article_id=claim.article_id,
        origins=[key for key, _label in origin_of(claim)],
        sources=sources,
    )


def facts_for_ids(ids) -> dict[int, ClaimFacts]:
    """The facts of the visible claims `ids`, read in two queries of plain values (no model
    instances: candidates are many, and this is the hot path of matching)."""
    rows = Claim.objects.filter(pk__in=list(ids), is_rejected=False).values_list(
        "pk", "quote", "article_id", "article__language", "article__published_at",
        "article__imported_at", "article__publisher_id", "article__publisher_name",
    )  # fmt: skip
    rows = list(rows)
    chains: dict[int, list[tuple]] = defaultdict(list)
    for claim_id, position, source_id, mention in Attribution.objects.filter(
        claim_id__in=[r[0] for r in rows]
    ).values_list("claim_id", "position", "source_id", "mention"):
        chains[claim_id].append((position, source_id, mention))
    found = {}
    for pk, quote, article_id, language, published, imported, publisher_id, written in rows:
        chain = chains.get(pk, [])
        if chain:
            head = min(position for position, _s, _m in chain)
            origins = [
                f"s:{source_id}" if source_id else f"m:{normalize_mention(mention)}"[:100]
                for position, source_id, mention in chain
                if position == head
            ]
        elif publisher_id:
            origins = [f"s:{publisher_id}"]
        elif written:
            origins = [f"m:{normalize_mention(written)}"[:100]]
        else:
            origins = [f"a:{article_id}"]
        sources = {f"s:{source_id}" for _p, source_id, _m in chain if source_id}
        if publisher_id:
            sources.add(f"s:{publisher_id}")
        when = published or imported
        found[pk] = matching.read_claim(
            pk, quote, language=language, published=when.date() if when else None,
            article_id=article_id, origins=origins, sources=sources,
        )  # fmt: skip
    return found


def _loaded(qs) -> list[Claim]:
    return list(
        qs.select_related("article", "article__publisher")
        .defer(
            "article__raw_input",
            "article__raw_bytes",
            "article__text",
            "article__dropped_lines",
            "article__paragraphs",
            "article__search_text",
        )
        .prefetch_related("attributions__source")
    )


# -- the index ------------------------------------------------------------------------------


def index_claims(claims: Iterable[Claim | int]) -> list[ClaimFacts]:
    """(Re)write the match keys of `claims` (claims or their ids; rejected ones get none);
    returns the facts of the visible ones."""
    ids = [c if isinstance(c, int) else c.pk for c in claims]
    found = facts_for_ids(ids)
    all_facts = [found[pk] for pk in ids if pk in found]
    ClaimKey.objects.filter(claim_id__in=ids).delete()
    rows = [
        ClaimKey(
            claim_id=f.id,
            article_id=f.article_id,
            key=key,
            day=f.published.toordinal() if f.published else 0,
        )
        for f in all_facts
        for key in sorted(matching.blocking_keys(f))
    ]
    ClaimKey.objects.bulk_create(rows, batch_size=2000)
    return all_facts


def candidate_ids(facts: ClaimFacts, exclude_article: int | None) -> list[int]:
    """Claims of other articles sharing a match key with `facts` within the date window,
    those sharing the most keys first (at most CANDIDATES_PER_CLAIM).

    One indexed query (`claimkey_key_day`); written as SQL because it runs once per claim
    and the ORM's query building would cost more than the query.
    """
    keys = sorted(matching.blocking_keys(facts))
    if not keys:
        return []
    day = facts.published.toordinal() if facts.published else None
    low, high = (
        (day - matching.DATE_WINDOW_DAYS, day + matching.DATE_WINDOW_DAYS)
        if day is not None
        else (-(10**9), 10**9)
    )
    marks = ", ".join(["%s"] * len(keys))
    table = ClaimKey._meta.db_table
    sql = (
        # The table name comes from the model and every value is a placeholder.
        f"SELECT claim_id FROM {table} WHERE key IN ({marks}) AND day BETWEEN %s AND %s "  # noqa: S608
        "AND claim_id <> %s AND article_id <> %s "
        "GROUP BY claim_id ORDER BY COUNT(*) DESC, claim_id DESC LIMIT %s"
    )
    params = [*keys, low, high, facts.id, exclude_article or -1, CANDIDATES_PER_CLAIM]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def candidates_of(all_facts: list[ClaimFacts]) -> dict[int, set[int]]:
    """`candidate_ids` of every claim; on PostgreSQL in one query (a LATERAL join per claim),
    so a 40-claim article costs one round trip, not 40."""
    if connection.vendor != "postgresql" or len(all_facts) < 2:
        return {f.id: set(candidate_ids(f, f.article_id)) for f in all_facts}
    wanted: dict[int, set[int]] = {f.id: set() for f in all_facts}
    rows = []
    for f in all_facts:
        keys = sorted(matching.blocking_keys(f))
        if not keys:
            continue
        day = f.published.toordinal() if f.published else None
        low, high = (
            (day - matching.DATE_WINDOW_DAYS, day + matching.DATE_WINDOW_DAYS)
            if day is not None
            else (-(10**9), 10**9)
        )
        rows.append(
            {"id": f.id, "article": f.article_id or -1, "lo": low, "hi": high, "keys": keys}
        )
    if not rows:
        return wanted
    table = ClaimKey._meta.db_table
    sql = (
        # The table name comes from the model and every value is a parameter.
        "SELECT q.id, c.claim_id FROM jsonb_to_recordset(%s::jsonb) "  # noqa: S608
        "AS q(id bigint, article bigint, lo int, hi int, keys text[]) "
        "CROSS JOIN LATERAL (SELECT k.claim_id FROM " + table + " k "
        "WHERE k.key = ANY(q.keys) AND k.day BETWEEN q.lo AND q.hi "
        "AND k.claim_id <> q.id AND k.article_id <> q.article "
        "GROUP BY k.claim_id ORDER BY COUNT(*) DESC, k.claim_id DESC LIMIT %s) c"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(rows), CANDIDATES_PER_CLAIM])
        for claim_id, other in cursor.fetchall():
            wanted[claim_id].add(other)
    return wanted


def match_claims(all_facts: list[ClaimFacts]) -> list[MatchSuggestion]:
    """Weigh each claim against its candidates and store the new suggestions.

    A pair already known (suggested, confirmed or rejected) is left as it is.
    """
    wanted = candidates_of(all_facts)
    everyone = set().union(*wanted.values()) if wanted else set()
    if not everyone:
        return []
    others = facts_for_ids(everyone)
    pairs = {(min(f.id, o), max(f.id, o)) for f in all_facts for o in wanted[f.id] if o in others}
    known = _known_pairs(pairs)
    new: list[MatchSuggestion] = []
    for facts in all_facts:
        for other_id in sorted(wanted[facts.id]):
            other = others.get(other_id)
            pair = (min(facts.id, other_id), max(facts.id, other_id))
            if other is None or pair in known:
                continue
            known.add(pair)
            result = matching.compare(facts, other)
            if result.suggested:
                new.append(
                    MatchSuggestion(
                        claim_a_id=pair[0],
                        claim_b_id=pair[1],
                        score=result.score,
                        evidence=result.evidence,
                    )
                )
    _name_origins(new)
    MatchSuggestion.objects.bulk_create(new, ignore_conflicts=True)
    return new


def _name_origins(suggestions: list[MatchSuggestion]) -> None:
    """Give the evidence's origin and source keys (`s:12`) the registry's names to show."""
    ids = {
        int(key[2:])
        for s in suggestions
        for key in (*s.evidence.get("origins", ()), *s.evidence.get("sources", ()))
        if key.startswith("s:") and key[2:].isdigit()
    }
    names = dict(Source.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}

    def name(key: str) -> str:
        kind, _, rest = key.partition(":")
        if kind == "s" and rest.isdigit():
            return names.get(int(rest), key)
        return rest

    for s in suggestions:
        s.evidence["origin_names"] = [name(k) for k in s.evidence.get("origins", ())]
        s.evidence["source_names"] = [name(k) for k in s.evidence.get("sources", ())]


def _known_pairs(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    if not pairs:
        return set()
    ids = {i for pair in pairs for i in pair}
    rows = MatchSuggestion.objects.filter(claim_a_id__in=ids, claim_b_id__in=ids).values_list(
        "claim_a_id", "claim_b_id"
    )
    return {tuple(r) for r in rows} & pairs


def match_article(article: Article) -> int:
    """Index the article's claims and store suggestions against the corpus; the count."""
    ids = list(article.claims.filter(is_rejected=False).values_list("pk", flat=True))
    if not ids:
        return 0
    return len(match_claims(index_claims(ids)))


# -- deciding ------------------------------------------------------------------------------


def _published(claim: Claim):
    return claim.article.published_at or claim.article.imported_at


@transaction.atomic
def confirm(suggestion: MatchSuggestion, user=None) -> Story:
    """Confirm a suggestion: the later claim `repeats` the earlier one, and both join one story."""
    suggestion = MatchSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.state != MatchSuggestion.State.SUGGESTED:
        raise SuggestionDecided(suggestion.get_state_display())
    a, b = (
        Claim.objects.select_related("article").get(pk=pk)
        for pk in (suggestion.claim_a_id, suggestion.claim_b_id)
    )
    earlier, later = sorted((a, b), key=lambda c: (_published(c), c.pk))
    ClaimLink.objects.get_or_create(
        from_claim=later, to_claim=earlier, kind=ClaimLink.Kind.REPEATS, defaults={"author": user}
    )
    suggestion.state = MatchSuggestion.State.CONFIRMED
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    return join(earlier, later)


@transaction.atomic
def reject(suggestion: MatchSuggestion, user=None) -> MatchSuggestion:
    """Reject a suggestion: kept, so the pair is never suggested again."""
    suggestion = MatchSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.state != MatchSuggestion.State.SUGGESTED:
        raise SuggestionDecided(suggestion.get_state_display())
    suggestion.state = MatchSuggestion.State.REJECTED
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    return suggestion


def join(a: Claim, b: Claim) -> Story:
    """Put `a` and `b` (and the stories they are in) into one story; the older story stays."""
    stories = sorted({s for s in (a.story_id, b.story_id) if s})
    if not stories:
        story = Story.objects.create(canonical=a.quote[:1000])
    else:
        story = Story.objects.get(pk=stories[0])
        for other in stories[1:]:
            Claim.objects.filter(story_id=other).update(story=story)
            Story.objects.filter(pk=other).delete()
    Claim.objects.filter(pk__in=[a.pk, b.pk]).update(story=story)
    from articles.services import webhooks

    webhooks.story_event(story.pk)
    return story


def resplit(story_id: int) -> None:
    """After a `repeats` link is removed: the story keeps its largest connected group of
    claims; each other group of two or more becomes a story of its own; a claim left
    alone leaves the story."""
    members = list(Claim.objects.filter(story_id=story_id).values_list("pk", flat=True))
    parent = {pk: pk for pk in members}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    links = ClaimLink.objects.filter(
        kind=ClaimLink.Kind.REPEATS, from_claim_id__in=members, to_claim_id__in=members
    ).values_list("from_claim_id", "to_claim_id")
    for x, y in links:
        parent[find(x)] = find(y)
    groups: dict[int, list[int]] = defaultdict(list)
    for pk in members:
        groups[find(pk)].append(pk)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), min(g)))
    for number, group in enumerate(ordered):
        if len(group) < 2:
            Claim.objects.filter(pk__in=group).update(story=None)
        elif number:
            first = Claim.objects.get(pk=min(group))
            story = Story.objects.create(canonical=first.quote[:1000])
            Claim.objects.filter(pk__in=group).update(story=story)
    if not Claim.objects.filter(story_id=story_id).exists():
        Story.objects.filter(pk=story_id).delete()


def update_canonical(story: Story, wording: str) -> Story:
    """Set the story's canonical wording (the desk's own summary of the claim)."""
    story.canonical = wording.strip()[:5000]
    story.save(update_fields=["canonical", "modified"])
    return story


# -- rebuilding ------------------------------------------------------------------------------


def rebuild_stories_from_links() -> int:
    """Stories as the connected claims of `repeats` links; existing stories keep their id and
    wording where they keep a claim. Returns the number of stories."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    links = ClaimLink.objects.filter(kind=ClaimLink.Kind.REPEATS).values_list(
        "from_claim_id", "to_claim_id"
    )
    for x, y in links.iterator():
        parent[find(x)] = find(y)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in list(parent):
        groups[find(x)].append(x)
    current = dict(Claim.objects.filter(story__isnull=False).values_list("pk", "story_id"))
    used: set[int] = set()
    with transaction.atomic():
        for members in groups.values():
            owned = sorted({current[m] for m in members if m in current} - used)
            if owned:
                story_id = owned[0]
            else:
                first = Claim.objects.get(pk=min(members))
                story_id = Story.objects.create(canonical=first.quote[:1000]).pk
            used.add(story_id)
            Claim.objects.filter(pk__in=members).exclude(story_id=story_id).update(
                story_id=story_id
            )
        stale = set(current.values()) - used
        in_none = [pk for pk in current if pk not in parent]
        Claim.objects.filter(pk__in=in_none).update(story=None)
        Story.objects.filter(pk__in=stale).delete()
    return len(groups)


def start_rebuild() -> StoryJob:
    """Queue a full rebuild (index, suggestions, stories) for a worker."""
    from articles.tasks import rebuild_stories_task

    job = StoryJob.objects.create(total=Claim.objects.filter(is_rejected=False).count())
    job_id = job.pk
    transaction.on_commit(lambda: rebuild_stories_task.enqueue(job_id))
    return job


def run_rebuild(
    job: StoryJob, *, batch: int = 500, progress: Callable[[StoryJob], None] | None = None
) -> StoryJob:
    """Re-index every claim, suggest new pairs, and rebuild stories, in batches (flat memory).

    Two passes: first every claim is indexed, then every claim is matched, so a pair is
    found whichever of its claims was imported first.
    """
    job.state = StoryJob.State.RUNNING
    job.total = Claim.objects.filter(is_rejected=False).count()
    job.processed = 0
    job.save(update_fields=["state", "total", "processed"])
    try:
        ids = Claim.objects.filter(is_rejected=False).order_by("pk").values_list("pk", flat=True)
        last = 0
        while True:
            chunk = list(ids.filter(pk__gt=last)[:batch])
            if not chunk:
                break
            with transaction.atomic():
                index_claims(chunk)
            last = chunk[-1]
        last = 0
        while True:
            chunk = list(ids.filter(pk__gt=last)[:batch])
            if not chunk:
                break
            with transaction.atomic():
                facts = list(facts_for_ids(chunk).values())
                job.suggestions += len(match_claims(facts))
            last = chunk[-1]
            # With DEBUG on, Django keeps the last 9,000 queries' SQL; the candidate query of
            # a batch is large, so the log alone would grow by hundreds of MB.
            reset_queries()
            job.processed += len(chunk)
            job.save(update_fields=["processed", "suggestions"])
            if progress:
                progress(job)
        job.stories = rebuild_stories_from_links()
        job.state = StoryJob.State.DONE
    except Exception as exc:  # the job records why it stopped; the worker logs the trace
        job.state = StoryJob.State.FAILED
        job.error = str(exc)[:2000]
        raise
    finally:
        job.finished = timezone.now()
        job.save()
    return job


def pending_for(claim_ids: Iterable[int]) -> Q:
    """Suggestions still waiting that involve any of `claim_ids`."""
    ids = list(claim_ids)
    return Q(state=MatchSuggestion.State.SUGGESTED) & (
        Q(claim_a_id__in=ids) | Q(claim_b_id__in=ids)
    )
