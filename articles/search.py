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


def _expand(words: tuple[str, ...], groups) -> list[Term]:
    """Terms for a run of plain words: the longest spelling found at each place stands for
    its whole group; other words stand for themselves."""
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
    groups = _variant_groups() if variants else []
    alternatives: list[tuple[Term, ...]] = []
    current: list[Term] = []
    plain: list[str] = []

    def flush_plain() -> None:
        if plain:
            current.extend(_expand(_words(" ".join(plain)), groups))
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


def search_articles_text(qs: QuerySet, q: str, *, rank: bool = False) -> QuerySet:
    """Articles of `qs` whose title or text matches the search text `q` (`rank` as above)."""
    return _search(qs, q, rank)


def has_rank() -> bool:
    """True where `rank=True` provides `search_rank` (SQLite has no ranking)."""
    return uses_search_vectors()
