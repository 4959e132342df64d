"""Split an article's text into segments from claim offsets, for highlighting claims in place.

Pure Python: text and spans in, paragraphs of segments out. Templates render each
segment's text escaped, with `data-start` giving its offset in `article.text`, so a
selection in the browser maps back to exact text offsets. Nothing here builds HTML,
so nothing here can mark article text safe.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


@dataclass(frozen=True, slots=True)
class ClaimSpan:
    """A claim's place in the text: `text[start:end]`."""

    id: int
    start: int
    end: int


@dataclass(slots=True)
class Segment:
    """`text[start:end]` and the claims covering it, innermost (shortest) first."""

    start: int
    end: int
    text: str
    claim_ids: tuple[int, ...] = ()
    ends_claims: tuple[int, ...] = ()

    @property
    def claim_id(self) -> int | None:
        """The claim a click on this segment opens: the innermost one."""
        return self.claim_ids[0] if self.claim_ids else None

    @property
    def is_highlighted(self) -> bool:
        return bool(self.claim_ids)


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    segments: list[Segment] = field(default_factory=list)
    kind: str = ""  # "" paragraph, "h" heading, "li" list item, "row" table row


def paragraph_bounds(text: str, paragraphs: Iterable[Sequence[int]] | None = None):
    """The paragraphs' `[start, end)` offsets: the stored ones when they fit the text,
    else the text split on blank lines."""
    stored = [(int(p[0]), int(p[1])) for p in (paragraphs or []) if len(p) in (2, 3)]
    if stored and _bounds_fit(stored, len(text)):
        return stored
    bounds, position = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > position:
            bounds.append((position, match.start()))
        position = match.end()
    if position < len(text):
        bounds.append((position, len(text)))
    return bounds


def _bounds_fit(bounds: list[tuple[int, int]], length: int) -> bool:
    previous = 0
    for start, end in bounds:
        if start < previous or end <= start or end > length:
            return False
        previous = end
    return True


def segment_text(
    text: str,
    spans: Iterable[ClaimSpan],
    paragraphs: Iterable[Sequence[int]] | None = None,
) -> list[Paragraph]:
    """Paragraphs of segments; a segment boundary falls at every claim start and end.

    Spans outside the text are clipped; empty spans are ignored. Text between
    paragraphs (blank lines) is not part of any segment. Overlapping claims give
    segments covered by several claims.
    """
    length = len(text)
    clean = []
    for span in spans:
        start, end = max(0, span.start), min(length, span.end)
        if start < end:
            clean.append(ClaimSpan(span.id, start, end))
    length_of = {span.id: span.end - span.start for span in clean}
    end_of = {span.id: span.end for span in clean}

    cuts: set[int] = set()
    for span in clean:
        cuts.add(span.start)
        cuts.add(span.end)
    starts_at: dict[int, list[int]] = {}
    for span in clean:
        starts_at.setdefault(span.start, []).append(span.id)

    result: list[Paragraph] = []
    paragraphs = list(paragraphs or [])
    bounds = paragraph_bounds(text, paragraphs)
    # Stored as [start, end, kind] for headings, list items and table rows.
    kinds = {int(p[0]): str(p[2]) for p in paragraphs if len(p) == 3}
    sorted_cuts = sorted(cuts)
    open_claims: set[int] = set()
    cursor = 0  # index into sorted_cuts already applied to open_claims
    for p_start, p_end in bounds:
        paragraph = Paragraph(p_start, p_end, kind=kinds.get(p_start, ""))
        points = {p_start, p_end}
        points.update(c for c in sorted_cuts if p_start < c < p_end)
        ordered = sorted(points)
        for seg_start, seg_end in itertools.pairwise(ordered):
            # Bring the set of open claims up to seg_start.
            while cursor < len(sorted_cuts) and sorted_cuts[cursor] <= seg_start:
                point = sorted_cuts[cursor]
                open_claims = {cid for cid in open_claims if end_of[cid] > point}
                open_claims.update(starts_at.get(point, ()))
                cursor += 1
            open_claims = {cid for cid in open_claims if end_of[cid] > seg_start}
            covering = tuple(sorted(open_claims, key=lambda cid: (length_of[cid], cid)))
            ending = tuple(cid for cid in covering if end_of[cid] == seg_end)
            paragraph.segments.append(
                Segment(seg_start, seg_end, text[seg_start:seg_end], covering, ending)
            )
        result.append(paragraph)
    return result
