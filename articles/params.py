"""Reading ids out of request parameters.

`str.isdigit()` accepts Unicode digits such as "²" that `int()` refuses, and a
huge integer overflows the database's 64-bit id column; both used to end in
a server error. `parse_id` is the one place that turns a parameter into a row id.
"""

from __future__ import annotations

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
