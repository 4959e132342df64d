"""Text search over claims and articles: one function per kind, used by every page and export.

What a researcher types is read the way a web search box reads it: words must all appear
(in any order), `"a phrase"` must appear as written, `-word` must not appear, and `or`
offers alternatives. Case, accents and hyphens never count (`Coree` finds `Corée`,
`nord-coreens` finds `nord-coréens`, `Kim Jong Un` finds `Kim Jong-un`), and a place or
a source named one way also finds its other spellings: the beat's gazetteer below
(`Koursk`/`Kursk`, `Séoul`/`Seoul`, `Corée du Nord`/`North Korea`) and the registry's
aliases (`KCNA` also finds `Korean Central News Agency`).

On PostgreSQL every claim and article carries a stored `search_vector` (French and
English stems, accents removed; kept by a trigger, indexed with GIN; see migration
`0006_search_vectors`), so matching and ranking read the stored vector instead of
recomputing `to_tsvector` row by row. French and English stems make `soldat` find
`soldats`. On SQLite every claim and article carries `search_text`, its text folded
(lower case, no accents, words separated by single spaces, kept by the models on
write), and a word matches the start of a word there (`soldat` finds `soldats`).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Expression, F, FloatField, Q, QuerySet

from articles.extraction.gazetteer import GAZETTEER
from articles.textnorm import fold_for_search as fold

_APOSTROPHE_ELISION = re.compile(r"\b[ldjmnstc]'", re.IGNORECASE)
_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
SHORTEST_ALIAS = 3  # registry aliases shorter than this (`Kim`) are too ambiguous to expand


def _words(text: str) -> tuple[str, ...]:
    return tuple(fold(_APOSTROPHE_ELISION.sub("", text.replace("’", "'"))).split())


# -- the query ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """Something the text must (or, negated, must not) contain: any one of `spellings`,
    each a sequence of folded words; `phrase` asks for the words side by side."""

    spellings: tuple[tuple[str, ...], ...]
    negated: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class TextQuery:
    """What was typed, read: alternatives (`or`), each a list of terms that must all hold."""

    alternatives: tuple[tuple[Term, ...], ...]

    def __bool__(self) -> bool:
        return any(any(not t.negated for t in terms) for terms in self.alternatives)


# Set by `shared_variant_groups()`: the registry's spellings read once for many searches.
_SHARED_GROUPS: ContextVar[dict | None] = ContextVar("shared_variant_groups", default=None)


@contextmanager
def shared_variant_groups():
    """Within the block, searches read the registry's spellings once, when the first needs
    them (matching a new article against many saved searches builds many in a row)."""
    token = _SHARED_GROUPS.set({})
    try:
        yield
    finally:
        _SHARED_GROUPS.reset(token)


def _spelling_index() -> dict:
    """The registry's spellings by first word, read once within `shared_variant_groups()`."""
    shared = _SHARED_GROUPS.get()
    if shared is None:
        return _starts(_variant_groups())
    if "starts" not in shared:
        shared["starts"] = _starts(_variant_groups())
    return shared["starts"]


def _variant_groups() -> list[tuple[tuple[str, ...], ...]]:
    """Sets of spellings of one thing: the gazetteer and each source's name and aliases."""
    from articles.models import Source, SourceAlias

    groups: list[tuple[tuple[str, ...], ...]] = [
        tuple(_words(name) for name in row) for row in GAZETTEER
    ]
    names: dict[int, list[str]] = {}
    for source_id, name in Source.objects.values_list("pk", "name"):
        names.setdefault(source_id, []).append(name)
    for source_id, alias in SourceAlias.objects.values_list("source_id", "alias"):
        names.setdefault(source_id, []).append(alias)
    for spellings in names.values():
        folded = {_words(s) for s in spellings}
        folded = {w for w in folded if w and len(" ".join(w)) >= SHORTEST_ALIAS}
        if len(folded) > 1:
            groups.append(tuple(sorted(folded)))
    return groups


def _starts(groups) -> dict[str, list[tuple[tuple[str, ...], tuple]]]:
    """The spellings of the groups by their first word (ambiguous ones left out)."""
    # A spelling that begins a longer name of something else (`Kim`: Kim Jong-un's alias,
    # but also the start of Kim Yo-jong) is ambiguous: it stands for itself only, and is
    # not offered as another spelling either.
    by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for number, group in enumerate(groups):
        for spelling in group:
            by_first.setdefault(spelling[0], []).append((spelling, number))
    ambiguous = {
        spelling
        for entries in by_first.values()
        for spelling, number in entries
        if any(
            other_number != number
            and len(other) > len(spelling)
            and other[: len(spelling)] == spelling
            for other, other_number in entries
        )
    }
    starts: dict[str, list[tuple[tuple[str, ...], tuple]]] = {}
    for group in groups:
        group = tuple(spelling for spelling in group if spelling not in ambiguous)
        for spelling in group:
            starts.setdefault(spelling[0], []).append((spelling, group))
    return starts


def _expand_with(words: tuple[str, ...], starts) -> list[Term]:
    """Terms for a run of plain words: the longest spelling found at each place stands for
    its whole group; other words stand for themselves."""
    terms: list[Term] = []
    i = 0
    while i < len(words):
        matches = [
            (spelling, group)
            for spelling, group in starts.get(words[i], ())
            if words[i : i + len(spelling)] == spelling
        ]
        if not matches:
            terms.append(Term(((words[i],),)))
            i += 1
            continue
        # The longest name found here, with every spelling of whatever it names.
        spelling = max((m[0] for m in matches), key=len)
        others = [spelling]
        for found, group in matches:
            if found == spelling:
                others.extend(group)
        terms.append(Term(tuple(dict.fromkeys(others))))
        i += len(spelling)
    return terms


def parse_query(text: str, *, variants: bool = True) -> TextQuery:
    """Read a search box's text into a `TextQuery` (see the module docstring)."""
    starts = _spelling_index() if variants else {}
    alternatives: list[tuple[Term, ...]] = []
    current: list[Term] = []
    plain: list[str] = []

    def flush_plain() -> None:
        if plain:
            current.extend(_expand_with(_words(" ".join(plain)), starts))
            plain.clear()

    for match in _QUERY_TOKEN.finditer(text or ""):
        negated, quoted, word = match.group(1), match.group(2), match.group(3)
        if quoted is not None:
            flush_plain()
            words = _words(quoted)
            if words:
                current.append(Term((words,), negated=bool(negated), phrase=len(words) > 1))
        elif word.casefold() == "or":
            flush_plain()
            if current:
                alternatives.append(tuple(current))
                current = []
        elif word.startswith("-") and len(word) > 1:
            flush_plain()
            words = _words(word[1:])
            if words:
                current.append(Term((words,), negated=True, phrase=len(words) > 1))
        else:
            plain.append(word)
    flush_plain()
    if current:
        alternatives.append(tuple(current))
    return TextQuery(tuple(alternatives))


# -- PostgreSQL -----------------------------------------------------------------------------

CONFIGS = ("public.fr_unaccent", "public.en_unaccent")


def _pattern(words: tuple[str, ...], phrase: bool) -> str:
    """The folded-text LIKE pattern of words side by side (a phrase ends on a whole word)."""
    return f"% {' '.join(words)}{' ' if phrase else ''}%"


def _tsquery(words: tuple[str, ...], params: list[str]) -> str:
    params.extend([" ".join(words)] * len(CONFIGS))
    return " || ".join(f"plainto_tsquery('{config}'::regconfig, %s)" for config in CONFIGS)


def _condition_sql(query: TextQuery, vector: str, text: str) -> tuple[str, list[str]]:
    """The query as a condition on a row's stored vector and folded text.

    Every spelling is matched on the vector (stems, the GIN index); a spelling of several
    words (a phrase, or a name such as `Kim Jong-un`) must also stand side by side in the
    folded text, which the vector cannot say across hyphens and stop words (`un` is a French
    stop word: without this, `Kim Jong Un` would find `Kim Yo-jong`)."""
    params: list[str] = []
    ors = []
    for terms in query.alternatives:
        ands = []
        for term in terms:
            spellings = []
            for words in term.spellings:
                sql = f"{vector} @@ ({_tsquery(words, params)})"
                if len(words) > 1:
                    sql = f"({sql} AND {text} LIKE %s)"
                    params.append(_pattern(words, term.phrase))
                spellings.append(sql)
            sql = "(" + " OR ".join(spellings) + ")"
            ands.append(f"NOT {sql}" if term.negated else sql)
        ors.append("(" + " AND ".join(ands) + ")")
    return "(" + " OR ".join(ors) + ")", params


def _rank_tsquery_sql(query: TextQuery) -> tuple[str, list[str]]:
    """One tsquery of every spelling the query looks for, to rank matches with."""
    params: list[str] = []
    parts = [
        f"({_tsquery(words, params)})"
        for terms in query.alternatives
        for term in terms
        if not term.negated
        for words in term.spellings
    ]
    return "(" + " || ".join(parts) + ")", params


class Matches(Expression):
    """The query as a condition on the stored vector (served by its GIN index)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, pk, query: TextQuery):
        super().__init__()
        self.pk = pk
        self.text_query = query

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def _column(self, compiler, connection, name: str) -> str:
        table = compiler.quote_name_unless_alias(self.pk.alias)
        return f"{table}.{connection.ops.quote_name(name)}"

    def as_sql(self, compiler, connection):
        return _condition_sql(
            self.text_query,
            self._column(compiler, connection, "search_vector"),
            self._column(compiler, connection, "search_text"),
        )


class Rank(Matches):
    """How well a row matches (`ts_rank_cd` over the stored vector): higher is better."""

    conditional = False
    output_field = FloatField()

    def as_sql(self, compiler, connection):
        query, params = _rank_tsquery_sql(self.text_query)
        return f"ts_rank_cd({self._column(compiler, connection, 'search_vector')}, {query})", params


# -- SQLite (and any database without the stored vector) ------------------------------------


def _folded_q(field: str, query: TextQuery) -> Q:
    """The same query over a folded `search_text` column, as word-start substring tests."""
    result = Q(pk__in=[])
    for terms in query.alternatives:
        clause = Q()
        for term in terms:
            spellings = Q(pk__in=[])
            for words in term.spellings:
                # `contains` is LIKE '%…%': the pattern's inner part, side by side.
                inner = _pattern(words, term.phrase)[1:-1]
                spellings |= Q(**{f"{field}__contains": inner})
            clause &= ~spellings if term.negated else spellings
        result |= clause
    return result


# -- the two searches -------------------------------------------------------------------------


def uses_search_vectors() -> bool:
    """True where the stored, indexed search vectors exist (PostgreSQL)."""
    return connection.vendor == "postgresql"


def _search(qs: QuerySet, q: str, rank: bool) -> QuerySet:
    query = parse_query(q)
    if not query:
        return qs.none()
    if uses_search_vectors():
        qs = qs.filter(Matches(F("pk"), query))
        return qs.alias(search_rank=Rank(F("pk"), query)) if rank else qs
    return qs.filter(_folded_q("search_text", query))


def search_claims_text(qs: QuerySet, q: str, *, rank: bool = False) -> QuerySet:
    """Claims of `qs` whose quote matches the search text `q`; with `rank`, also the alias
    `search_rank` to order by, best first (PostgreSQL; see `has_rank`)."""
    return _search(qs, q, rank)


# Up to this many claims with matching notes are named by id in the search; beyond, the
# notes are a subquery.
NOTED_CLAIMS_INLINE = 2000


def search_claims_and_notes(
    qs: QuerySet,
    q: str,
    *,
    rank: bool = False,
    notes_only: bool = False,
    within: list[int] | tuple[int, ...] | None = None,
) -> QuerySet:
    """Claims of `qs` whose quote, or one of whose notes, matches `q` (`notes_only`: whose
    notes match). Rank is the quote's.

    The notes are few beside the claims: the claims with matching notes are looked up first
    (one query on the notes' own stored vector or folded text). None: the search is the
    claims' text search, with its plans unchanged. Some: `text matches OR id IN (those ids)`,
    which PostgreSQL answers with the newest-first index for a frequent word and with a
    bitmap OR of the two indexes for a rare one (an `id IN (… UNION …)` instead made every
    page read all the matching claims first). `within` (claim ids) restricts both sides.
    """
    from articles.models import Note

    query = parse_query(q)
    if not query:
        return qs.none()
    vectors = uses_search_vectors()

    def condition() -> Q:
        if vectors:
            return Q(Matches(F("pk"), query))
        return _folded_q("search_text", query)

    notes = Note.objects.all()
    if within is not None:
        notes, qs = notes.filter(claim_id__in=within), qs.filter(pk__in=within)
    notes = notes.filter(Matches(F("pk"), query)) if vectors else notes.filter(condition())
    noted_query = notes.order_by().values_list("claim_id", flat=True).distinct()
    noted = list(noted_query[: NOTED_CLAIMS_INLINE + 1])
    in_notes = Q(pk__in=noted_query if len(noted) > NOTED_CLAIMS_INLINE else noted)
    if notes_only:
        return qs.filter(in_notes)
    qs = qs.filter(condition() | in_notes) if noted else qs.filter(condition())
    return qs.alias(search_rank=Rank(F("pk"), query)) if (rank and vectors) else qs


def search_articles_text(qs: QuerySet, q: str, *, rank: bool = False) -> QuerySet:
    """Articles of `qs` whose title or text matches the search text `q` (`rank` as above)."""
    return _search(qs, q, rank)


def has_rank() -> bool:
    """True where `rank=True` provides `search_rank` (SQLite has no ranking)."""
    return uses_search_vectors()


# -- many searches over a few claims (saved-search alerts) ------------------------------------

# PostgreSQL allows 1,664 columns in a SELECT; a statement tests this many searches at once.
MATCH_COLUMNS = 400


def _folded_match(query: TextQuery, folded: str) -> bool:
    """`_folded_q`'s test on one folded text, in Python (the same LIKE patterns)."""
    for terms in query.alternatives:
        ok = True
        for term in terms:
            found = any(_pattern(w, term.phrase)[1:-1] in folded for w in term.spellings)
            if found == term.negated:
                ok = False
                break
        if ok:
            return True
    return False


def match_texts(
    claim_ids: list[int], searches: list[tuple[str, bool]]
) -> dict[tuple[str, bool], set[int]]:
    """For each (search text, notes only) pair, which of these claims it finds: the claim's
    text or its notes match, as the claims page's search finds them (`search_claims_and_notes`).

    One statement per table tests a few hundred searches against the few claims (PostgreSQL,
    the stored vectors), or the folded texts are tested in Python with the same patterns
    (SQLite), instead of one query per search.
    """
    from articles.models import Claim, Note

    found: dict[tuple[str, bool], set[int]] = {key: set() for key in searches}
    parsed = {key: parse_query(key[0]) for key in searches}
    live = [key for key in searches if parsed[key]]  # an empty search finds nothing
    if not claim_ids or not live:
        return found
    if not uses_search_vectors():
        claims = dict(Claim.objects.filter(pk__in=claim_ids).values_list("pk", "search_text"))
        notes = list(
            Note.objects.filter(claim_id__in=claim_ids).values_list("claim_id", "search_text")
        )
        for key in live:
            query, notes_only = parsed[key], key[1]
            for claim_id, text in notes:
                if _folded_match(query, text):
                    found[key].add(claim_id)
            if not notes_only:
                for claim_id, text in claims.items():
                    if _folded_match(query, text):
                        found[key].add(claim_id)
        return found
    # New claims rarely have notes yet: their statement is skipped then.
    noted = list(
        Note.objects.filter(claim_id__in=claim_ids).values_list("claim_id", flat=True).distinct()
    )
    tables = [("articles_note", "claim_id", noted), ("articles_claim", "id", list(claim_ids))]
    with connection.cursor() as cursor:
        for table, id_column, table_ids in tables:
            quote_side = table == "articles_claim"
            keys = [k for k in live if not (quote_side and k[1])] if table_ids else []
            for start in range(0, len(keys), MATCH_COLUMNS):
                batch = keys[start : start + MATCH_COLUMNS]
                columns, params = [], []
                for key in batch:
                    sql, condition_params = _condition_sql(
                        parsed[key], f"{table}.search_vector", f"{table}.search_text"
                    )
                    columns.append(sql)
                    params.extend(condition_params)
                cursor.execute(
                    f"SELECT {table}.{id_column}, {', '.join(columns)} FROM {table} "  # noqa: S608 (names are constants; values are parameters)
                    f"WHERE {table}.{id_column} = ANY(%s)",
                    [*params, table_ids],
                )
                for row in cursor.fetchall():
                    for key, hit in zip(batch, row[1:], strict=True):
                        if hit:
                            found[key].add(row[0])
    return found
