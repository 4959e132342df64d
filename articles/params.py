"""Reading request parameters: control characters, and ids.

`str.isdigit()` accepts Unicode digits such as "²" that `int()` refuses, and a
huge integer overflows the database's 64-bit id column; both used to end in
a server error. `parse_id` is the one place that turns a parameter into a row id.

PostgreSQL refuses a NUL character in any text value (a server error), and on
SQLite a search for one matched every claim. No person types a control
character: `RequestParametersMiddleware` refuses them in the query string
(searches and filters) and strips them from submitted forms, before any view
reads a parameter, using `find_control_character` and `strip_control_characters`.
"""

from __future__ import annotations

import re

# C0 controls except tab, LF and CR (kept: a note has lines), DEL and the C1 controls.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_character(value: str) -> bool:
    """True when `value` holds a character no person types (NUL, other controls)."""
    return CONTROL_CHARACTERS.search(value) is not None


# Controls that end a line in pasted text (a PDF's form feed, a vertical tab, NEL).
_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n", "\x85": "\n"}


def strip_control_characters(value: str) -> str:
    """`value` without its control characters (tab, line feed and carriage return kept;
    form feed, vertical tab and NEL become line feeds, so no two words are glued)."""
    return CONTROL_CHARACTERS.sub(lambda m: _LINE_BREAKS.get(m.group(), ""), value)


def find_control_character(params) -> str | None:
    """The first parameter (name or value) of a QueryDict holding a control character, or None.

    The name is returned with its control characters removed, to be shown in a message.
    """
    for name, values in params.lists():
        if has_control_character(name) or any(has_control_character(v) for v in values):
            return strip_control_characters(name) or "(unnamed)"
    return None


def without_control_characters(params):
    """A copy of a QueryDict whose names and text values have no control characters."""
    from django.http import QueryDict

    clean = QueryDict(mutable=True)
    for name, values in params.lists():
        clean.setlist(
            strip_control_characters(name),
            [strip_control_characters(v) if isinstance(v, str) else v for v in values],
        )
    clean._mutable = False
    return clean


MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """`value` as a row id (1 .. 2**63-1), or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 19:
            return None
        number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values) -> list[int]:
    """The values that are row ids, in order; the others left out."""
    ids = (parse_id(value) for value in values)
    return [i for i in ids if i is not None]
