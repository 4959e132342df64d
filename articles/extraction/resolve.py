"""Resolve a source mention, as written, to a registry source name (or None).

`le dirigeant nord-coréen Kim Jong-un`, `North Korean leader Kim Jong Un`,
`M. Poutine`, `Séoul`, `l'agence d'Etat KCNA` all resolve by trying the
normalised mention, then its word suffixes (titles and descriptors come first
in a noun phrase, the name last). A complement such as `in Seoul` is cut first:
`a diplomat in Seoul` is not the South Korean government.
"""

from __future__ import annotations

import re

from articles.extraction import lexicon as lx
from articles.extraction.descriptions import role_and_country
from articles.extraction.model import Registry
from articles.textnorm import normalize_mention, strip_accents

_PAREN = re.compile(r"\(([^()]{1,60})\)")
_CUT = frozenset(strip_accents(w) for w in lx.MENTION_CUT_WORDS)
_TITLES = frozenset(lx.TITLE_WORDS)
_SPOKES = frozenset(lx.SPOKESPERSON_WORDS)
_NATIONALITIES = tuple(
    normalize_mention(a) for a in (*lx.NATIONALITY_ADJECTIVES, "sud-coréens", "sud-coréennes")
)
# An anonymous "government source" or "official" is not the institution speaking.
_GENERIC_HEADS = frozenset(
    {"agency", "agence", "service", "services", "forces", "spokesman", "spokeswoman",
     "spokesperson"}
)
_INDEFINITE = frozenset({"un", "une", "a", "an", "des", "les", "le", "la", "the", "some", "ses"})
_OF = frozenset({"de", "du", "des", "d'", "of", "la", "l'"})
_DOCS = frozenset(strip_accents(w) for w in lx.DOCUMENT_NOUNS)
_CONJ = re.compile(r"\s+(?:et|and|ainsi que|as well as)\s+|\s*,\s+(?=\S)")
_DET_START = re.compile(
    r"^(?:les |le |la |l'|l’|the |des |du |de la |de l'|de |d'|d’|ses |son |sa |un |une |a |an )",
    re.IGNORECASE,
)


class Resolver:
    """Mention -> registry name, with a per-instance cache (one per extraction run)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.kinds = {e.name: e.kind for e in registry.entries}
        self.roles = {e.name: e.role for e in registry.entries}
        self._entries = {e.name: e for e in registry.entries}
        self._person_words: dict[str, list[str]] | None = None
        self._cache: dict[str, str | None] = {}
        self._acronyms = registry.acronyms

    def kind(self, name: str | None) -> str:
        """The registry kind of a source name ("" if unknown)."""
        return self.kinds.get(name or "", "")

    def country(self, name: str | None) -> str:
        """The registry country of a source name ("" if unknown)."""
        entry = self._entries.get(name or "")
        return entry.country if entry else ""

    def short_name(self, mention: str, before: str) -> str | None:
        """A bare surname (`Kim`, `M. Grossi`) no alias covers: the registry person whose
        name has that word and who was named last in `before` (the text so far); with no
        earlier mention, the only such person, or the only head of state among them (the
        press's bare `Kim` is the leader; Kim Yo-jong is always named in full)."""
        words = [w for w in normalize_mention(mention).split() if w.strip(".") not in _TITLES]
        if len(words) != 1 or len(words[0]) < 3:
            return None
        people = self._people_by_word().get(words[0])
        if not people:
            return None
        recent = before[-5000:].casefold()
        best, best_at = None, -1
        for name in people:
            for alias in self._aliases_of(name):
                if " " not in alias:
                    continue
                at = recent.rfind(alias.casefold())
                if at > best_at:
                    best, best_at = name, at
        if best is not None:
            return best
        if len(people) == 1:
            return people[0]
        leaders = [n for n in people if self.roles.get(n) == "head_of_state"]
        return leaders[0] if len(leaders) == 1 else None

    def _aliases_of(self, name: str) -> tuple[str, ...]:
        entry = self._entries[name]
        return (entry.name, *entry.aliases)

    def _people_by_word(self) -> dict[str, list[str]]:
        if self._person_words is None and self.registry.person_words is not None:
            self._person_words = self.registry.person_words
        if self._person_words is None:
            index: dict[str, list[str]] = {}
            for entry in self.registry.entries:
                if entry.kind != "official":
                    continue
                for alias in (entry.name, *entry.aliases):
                    for word in normalize_mention(alias).replace("-", " ").split():
                        names = index.setdefault(word, [])
                        if entry.name not in names:
                            names.append(entry.name)
            self._person_words = self.registry.person_words = index
        return self._person_words

    def resolve(self, mention: str) -> str | None:
        """The registry name `mention` refers to, or None."""
        if mention in self._cache:
            return self._cache[mention]
        result = self._resolve(mention)
        if len(self._cache) < 50_000:
            self._cache[mention] = result
        return result

    def _resolve(self, mention: str) -> str | None:
        text = mention.strip()
        if not text or len(text) > 300:
            return None
        candidates = []
        m = _PAREN.search(text)
        if m:
            candidates.append((text[: m.start()] + text[m.end() :]).strip())
            candidates.append(m.group(1))
        else:
            candidates.append(text)
        for cand in candidates:
            # an apposition: "Kim Yo Jong, the powerful sister of the North Korean leader"
            for part in cand.split(","):
                found = self._resolve_phrase(part)
                if found:
                    return found
        return self._by_role(text)

    def _by_role(self, text: str) -> str | None:
        """`South Korea's spy agency`, `le président ukrainien`: the registry entry with the
        role the head noun names in the country the mention names, if only one has it."""
        if not self.registry.by_role:
            return None
        role, country = role_and_country(text)
        if role and country:
            return self.registry.by_role.get((role, country))
        return None

    def _resolve_phrase(self, phrase: str) -> str | None:
        by_alias = self.registry.by_alias
        key = normalize_mention(phrase)
        if not key:
            return None
        if key in by_alias:
            return by_alias[key]
        words = key.split(" ")
        all_words = words
        # cut a locating complement ("a diplomat in seoul", "un expert a seoul")
        for k in range(1, len(words)):
            if words[k] in _CUT:
                words = words[:k]
                break
        # drop titles ("m.", "dr.", "gen.")
        while words and (words[0].strip(".") in _TITLES or words[0] in _INDEFINITE):
            words = words[1:]
        head_is_document = bool(words) and words[0] in _DOCS
        # "Director General of the IAEA Rafael Grossi", "le porte-parole du ministère
        # ... Ashraf al-Qidreh": a person's name closing the phrase is the speaker,
        # whatever office or institution the words before it name (persons are
        # canonicalised to the person)
        for size in (4, 3, 2):
            if len(words) > size:
                hit = by_alias.get(" ".join(words[-size:]))
                if hit and self.kinds.get(hit) == "official":
                    return hit
        for k in range(len(words)):
            if k and words[k - 1] in _OF and not head_is_document:
                # "spécialiste de la Corée du Nord", "l'ambassade de Russie": the
                # speaker is the head noun, the complement only qualifies it
                break
            suffix = " ".join(words[k:])
            hit = by_alias.get(suffix)
            if hit:
                return hit
        # "le Service national du renseignement sud-coréen": a nationality after an alias
        for adj in _NATIONALITIES:
            if key.endswith(" " + adj):
                hit = self._resolve_phrase(key[: -len(adj) - 1])
                if hit:
                    return hit
        # "Ukraine's military intelligence agency": a generic head after an alias
        if len(words) > 1 and words[-1] in _GENERIC_HEADS:
            hit = by_alias.get(" ".join(words[:-1]))
            if hit:
                return hit
        # "The official KCNA news agency", "HUR spokesman Andriy Yusov": an acronym that
        # is not in a complement ("un responsable du NIS" stays unresolved)
        for k, w in enumerate(words):
            if w in self._acronyms and (k == 0 or words[k - 1] not in _OF):
                return by_alias[w]
        # "Russian Defence Ministry spokesman Igor Konashenkov": the institution
        # a spokesperson speaks for.
        # "A spokesperson for the Russian Defense Ministry": the complement after the
        # spokesperson word names the institution (the locating cut above removed it).
        if any(w in _SPOKES for w in words):
            words = all_words[:12]
            for size in range(min(len(words), 6), 0, -1):
                for k in range(0, len(words) - size + 1):
                    gram = " ".join(words[k : k + size])
                    if gram in by_alias:
                        return by_alias[gram]
        return None

    def split_collective(self, text: str, start: int) -> list[tuple[str, int, int, str | None]]:
        """Split `Séoul et Washington` or `les agences de renseignement sud-coréennes et
        occidentales` into one mention per source, when the parts resolve.

        Returns [(mention, start, end, source)]; a single entry when nothing splits.
        """
        whole = self.resolve(text)
        if whole and (" et " in text or " and " in text):
            # "South Korean and Western intelligence agencies": the whole phrase ends
            # with one source's alias, but it names two
            split = self._split(text, start, None)
            resolved = sum(1 for *_, src in split if src)
            if resolved >= 2 or (resolved and len(split) > 1 and all(
                _looks_named(piece) for piece, *_ in split
            )):
                # "Kiev et les Occidentaux": each conjunct is a source of its own,
                # resolved or not
                return split
        return self._split(text, start, whole)

    def _split(self, text: str, start: int, whole: str | None) -> list:
        if " et " not in text and " and " not in text and "ainsi que" not in text:
            return [(text, start, start + len(text), whole)]
        parts = [(m.start(), m.end()) for m in _CONJ.finditer(text)]
        if whole or not parts or len(parts) > 4:
            return [(text, start, start + len(text), whole)]
        pieces: list[tuple[int, int]] = []
        prev = 0
        for a, b in parts:
            pieces.append((prev, a))
            prev = b
        pieces.append((prev, len(text)))
        pieces = [(a, b) for a, b in pieces if b > a]
        if len(pieces) < 2:
            return [(text, start, start + len(text), whole)]
        out: list[tuple[str, int, int, str | None]] = []
        first_a, first_b = pieces[0]
        last_a, last_b = pieces[-1]
        first_words = text[first_a:first_b].split()
        last_words = text[last_a:last_b].split()
        for a, b in pieces:
            piece = text[a:b]
            words = piece.split()
            source = None
            if (
                (a, b) != (last_a, last_b)
                and len(last_words) > 1
                and len(words) <= 2
                and piece[:1].isupper()
                and not _DET_START.match(piece)
            ):
                # elliptic head: "U.S., South Korean and Ukrainian intelligence officials"
                source = self.resolve(f"{piece} {' '.join(last_words[1:])}")
            source = source or self.resolve(piece)
            if (
                source is None
                and len(words) == 1
                and piece[:1].islower()
                and (a, b) != (first_a, first_b)
            ):
                # elliptic adjective: "... sud-coréennes et occidentales"
                head = " ".join(first_words[:-1])
                source = self.resolve(f"{head} {piece}")
            if (
                source is None
                and (a, b) == (first_a, first_b)
                and len(last_words) > 1
                and len(words) <= 2
                and not _DET_START.match(piece)
            ):
                # elliptic head: "South Korean and Western intelligence agencies"
                source = self.resolve(f"{piece} {' '.join(last_words[1:])}")
            out.append((piece, start + a, start + b, source))
        if not any(s for *_, s in out):
            return [(text, start, start + len(text), None)]
        return out


def _looks_named(piece: str) -> bool:
    """A short conjunct that names someone: `Séoul`, `les Occidentaux`, `South Korean`."""
    bare = strip_determiner(piece)
    return bool(bare) and bare[:1].isupper() and len(bare.split()) <= 4


def strip_determiner(text: str) -> str:
    """`les agences` -> `agences` (used for anaphora: `l'agence`)."""
    return _DET_START.sub("", text.strip())
