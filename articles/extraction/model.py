"""The dataclasses the extraction core takes and returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.textnorm import normalize_mention


@dataclass(frozen=True, slots=True)
class Span:
    """`text[start:end]` of the cleaned article text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Cue:
    """The words that signal an attribution, and their kind.

    kind: "preposition" (selon, according to), "verb" (a déclaré, said),
    "quote" (quotation marks), "colon" (`Kim Jong-un : « … »`).
    """

    text: str
    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Mention:
    """Who makes a claim, as written, and the registry source it resolves to (or None).

    position is the place in the attribution chain: 0 is the speaker, 1 the
    one who relayed it (`Kim Jong-un ... publié par KCNA` -> KCNA at 1), and so on.
    """

    mention: str
    start: int
    end: int
    source: str | None
    position: int = 0
    # the words that attribute the claim to this source when they are not the claim's
    # cue: `citing X`, `cité par X`, `quoted X as saying` (X's cue is `as saying`)
    cue: tuple[int, int] | None = None


@dataclass(slots=True)
class ExtractedClaim:
    """One attributed assertion in the text."""

    start: int
    end: int
    text: str
    cue: Cue
    sources: list[Mention]
    content: Span | None
    direct_quote: bool = False
    stance: str = "asserts"  # asserts, acknowledges, denies, reports, accuses, estimates, warns
    confidence: float = 0.5

    def to_dict(self) -> dict:
        """The JSON shape printed by `manage.py extract`."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "cue": {
                "text": self.cue.text,
                "start": self.cue.start,
                "end": self.cue.end,
                "kind": self.cue.kind,
            },
            "sources": [
                {
                    "mention": m.mention,
                    "start": m.start,
                    "end": m.end,
                    "source": m.source,
                    "position": m.position,
                    **({"cue": list(m.cue)} if m.cue else {}),
                }
                for m in self.sources
            ],
            "content": (
                {
                    "start": self.content.start,
                    "end": self.content.end,
                    "text": self.content.text,
                }
                if self.content
                else None
            ),
            "direct_quote": self.direct_quote,
            "stance": self.stance,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """A registry source as the extractor sees it: its name and every alias."""

    name: str
    kind: str = "other"
    aliases: tuple[str, ...] = ()
    collective: bool = False
    role: str = ""  # a code of descriptions.ROLES: "intelligence", "head_of_state"...
    country: str = ""  # ISO 3166 code


@dataclass(slots=True)
class Registry:
    """The source registry, indexed by normalised alias."""

    entries: list[SourceEntry]
    by_alias: dict[str, str] = field(default_factory=dict)
    # normalised keys of upper-case aliases of 2-6 letters (KCNA, NIS, HUR): the
    # extractor trusts them anywhere in a phrase ("The official KCNA news agency")
    acronyms: frozenset[str] = field(default_factory=frozenset)
    # (role, country) -> the one source with that role in that country (None: several)
    by_role: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _resolver: object = field(default=None, repr=False, compare=False)
    # word of a person's name or alias -> those persons (built once, by the resolver)
    person_words: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_entries(cls, entries: list[SourceEntry]) -> Registry:
        """Build the alias index (the name itself counts as an alias)."""
        registry = cls(list(entries))
        acronyms = set()
        for entry in entries:
            for alias in (entry.name, *entry.aliases):
                key = normalize_mention(alias)
                if key:
                    registry.by_alias.setdefault(key, entry.name)
                    if alias.isupper() and alias.isalpha() and 2 <= len(alias) <= 6:
                        acronyms.add(key)
            if entry.role and entry.country:
                key = (entry.role, entry.country)
                registry.by_role[key] = None if key in registry.by_role else entry.name
        registry.acronyms = frozenset(acronyms)
        return registry

    def resolve(self, mention: str) -> str | None:
        """The registry name `mention` refers to, or None.

        An exact (normalised) alias first; then the extractor's rules for mentions as
        written (`le dirigeant nord-coréen Kim Jong-un`, `M. Poutine`, `a diplomat in
        Seoul` -> None), so a researcher's hand-made attribution resolves like ours.
        """
        exact = self.by_alias.get(normalize_mention(mention))
        if exact is not None:
            return exact
        if self._resolver is None:
            from articles.extraction.resolve import Resolver

            self._resolver = Resolver(self)
        return self._resolver.resolve(mention)
