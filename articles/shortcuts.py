"""The reader's keyboard shortcuts: one key per action, each status included.

Plain Python (no Django): the panel, the `?` help and the tests all take the status
keys from `status_keys`, so an admin's custom status gets a key the moment it exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from string import ascii_lowercase

# Lower-case letters that already do something in the reader: j/k move, u goes to the next
# unreviewed claim, t tags, n notes, l links, o adds a source, m assigns the claim to me.
# Upper-case A-F set the reliability and 1-6 the credibility, so statuses take lower-case
# letters only.
RESERVED = frozenset("jktnulom")


def status_keys(statuses: Iterable[tuple[int, str, str]]) -> dict[str, str]:
    """A unique lower-case key per status slug, from `(id, slug, name)` triples.

    First letters go first: every status tries its first letter (earlier-created statuses
    first, so a new status never takes a first letter an older one holds), then the other
    letters of its name, then any free letter. A status left without a free letter gets
    no key. Keys are shown wherever they act, so a key that changes is seen changed.
    """
    ordered = sorted(statuses)
    taken: set[str] = set(RESERVED)
    keys: dict[str, str] = {}

    def letters(name: str) -> list[str]:
        return [c for c in name.lower() if c in ascii_lowercase]

    for _pk, slug, name in ordered:
        first = letters(name)[:1]
        if first and first[0] not in taken:
            keys[slug] = first[0]
            taken.add(first[0])
    for candidates in (lambda name: letters(name)[1:], lambda name: list(ascii_lowercase)):
        for _pk, slug, name in ordered:
            if slug in keys:
                continue
            free = next((c for c in candidates(name) if c not in taken), None)
            if free:
                keys[slug] = free
                taken.add(free)
    return keys
