"""Clean a select-all copy of a news page: keep the article, recognise its metadata, drop the rest.

A paste is about half page furniture. Lines are first recognised one by one
(`furniture.classify`), then by position: the headline is the headline-like
line above the byline/date cluster (or above the first sentence); what
precedes it is the page header; the article ends at its last sentence before a
"Most read" / "Sur le même sujet" / comments block, and everything after is
dropped. A short real paragraph survives because it is a sentence inside the
article, not because of its length. Every removed line is kept in `dropped`
with its reason.
"""

from __future__ import annotations

import re

from articles.ingest import furniture as f
from articles.ingest.draft import Draft
from articles.ingest.model import Caption

_METADATA = (f.DATE, f.BYLINE, f.PUBLISHER, f.READING)
# An end marker ("Commentaires", "Most read") closes the article only once most of
# the article is behind it: share bars near the top carry the same words.
_END_MIN_WORDS = 150
_END_MIN_SHARE = 0.5
# "ARMEMENT Selon le ministère...": a capitalised rubric word opening a 20 Minutes standfirst.
_KICKER = re.compile(
    r"^([A-ZÀ-ÖØ-Ý'’-]{3,}(?: [A-ZÀ-ÖØ-Ý'’-]{2,}){0,2}) (?=[A-ZÀ-ÖØ-Ý][a-zà-öø-ÿ])"
)
_MD_HEADING = re.compile(r"^#{1,6} (?=\S)")
_TITLE_ANCHORS = (f.DATE, f.BYLINE, f.READING)
_METADATA_WINDOW = 15
_BLOCK_REASONS = (f.R_AD, f.R_NEWSLETTER, f.R_RELATED)
_LABELLED_PUBLISHED = ("publi", "posted")


def split_lines(text: str) -> list[str]:
    """Non-empty lines with their whitespace runs collapsed."""
    lines = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line.startswith("#"):
            # Markdown headings in .md uploads: "## Des pertes lourdes" is a subhead.
            line = _MD_HEADING.sub("", line)
        if line:
            lines.append(line)
    return lines


# What is neither a word character, an apostrophe, a space nor a newline: the junk of the
# keys of many lines folded at once (spaces are left alone: they are most of the matches).
_JUNK_BUT_SPACES = re.compile(r"[^\w'\n ]+")


def _fold_lines(texts: list[str]) -> tuple[list[str], list[str]] | None:
    """(`fold(text)`, `plain_key(...)`) of every line, computed on the lines joined.

    One regex pass over the whole paste instead of one per line: per-call overhead
    was a third of the time spent on the 500-odd lines of a select-all paste. None
    when a line holds a newline (the joined text would not split back the same).
    """
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return None
    folded = f.fold(joined)
    plain = _JUNK_BUT_SPACES.sub(" ", folded.replace("_", " "))
    return folded.split("\n"), [" ".join(p.split()) for p in plain.split("\n")]


def read_lines(texts: list[str]) -> list[f.Line]:
    """Classify each line; mark repeats and date lines."""
    lines: list[f.Line] = []
    seen: set[str] = set()
    # The same line pasted many times is classified once; later copies start from how it
    # was recognised (kind, reason, key, data, repeat key), before this loop changed it.
    known: dict[str, tuple] = {}
    near = _near_sentences(texts)
    batch = _fold_lines(texts) if len(texts) > 1 else None
    folds, plains = batch if batch else ([None] * len(texts), [None] * len(texts))
    # Names looked up once: this loop runs for each of the 500-odd lines of a big paste.
    classify, classify_far, make_line = f.classify, f.classify_far, f.Line
    caption, drop, repeated = f.CAPTION, f.DROP, f.R_REPEAT
    repeat_kinds = (f.PROSE, f.SHORT, f.CAPTION)
    for index, text in enumerate(texts):
        model = known.get(text)
        if model is None:
            folded, plain = folds[index], plains[index]
            far = None if near is None or near[index] else classify_far(text, folded, plain)
            line = far or classify(text, folded, plain)
            data = dict(line.data) if line.data else None
            known[text] = (line.kind, line.reason, line.key, data, line.repeat_key)
        else:
            kind, reason, key, data, repeat = model
            line = make_line(text, kind, reason, key, dict(data) if data else {}, repeat)
        if lines and lines[-1].kind == caption and not lines[-1].data["text"]:
            # "Image caption," alone: the caption is the next line.
            lines[-1].data["text"] = text
            lines[-1].text += "\n" + text
            continue
        if line.kind in repeat_kinds and len(line.key) > 3:
            # Numbers count: "600 morts" and "4 000 morts" are different sentences.
            repeat_key = line.repeat_key or f.repeat_key(text)
            if repeat_key in seen:
                line.kind, line.reason = drop, repeated
            else:
                seen.add(repeat_key)
        lines.append(line)
    for i in range(1, len(lines)):
        line, before = lines[i], lines[i - 1]
        if (
            line.kind == f.CREDIT
            and not line.data.get("before")
            and before.kind in (f.PROSE, f.SHORT)
            and 3 <= f.word_count(before.text) <= 60
        ):
            # A caption with its credit on the next line (CNN: "... 2025." then "KCNA/Reuters").
            before.kind, before.reason = f.CAPTION, f.R_CAPTION
            before.data = {"text": before.text, "credit": line.data["credit"]}
            line.kind = f.DROP
    return lines


# Lines this far from every sentence are page furniture whatever they say: the
# headline, byline, dates and subheads are all within it of the article's text.
_NEAR = 40
_BIG_PASTE = 150  # lines; below it every line gets the full rules


def _near_sentences(texts: list[str]) -> bytearray | None:
    """1 for each line within `_NEAR` lines of a sentence-like line, on big pastes only."""
    if len(texts) < _BIG_PASTE:
        return None
    near = bytearray(len(texts))
    last = -_NEAR - 1
    for i, text in enumerate(texts):
        words = text.count(" ") + 1
        if words >= 8 or (words >= 3 and text[-1:] in ".!?…»\"”'’)"):
            start = max(0, i - _NEAR, last + _NEAR + 1)
            near[start : i + _NEAR + 1] = b"\x01" * (min(len(texts), i + _NEAR + 1) - start)
            last = i
    return near


_LINK_RUN = 3  # consecutive lines that are all links: a menu or a related-articles list


def _mark_link_runs(lines: list[f.Line], links: set[str]) -> None:
    """Runs of short lines that are each a whole link in the clipboard HTML: navigation."""
    links = {" ".join(link.split()) for link in links}
    run: list[f.Line] = []
    for line in [*lines, None]:
        if line is not None and line.kind in (f.SHORT, f.DROP, f.RELATED) and line.text in links:
            run.append(line)
            continue
        if len(run) >= _LINK_RUN:
            for member in run:
                if member.kind == f.SHORT:
                    member.kind, member.reason = f.DROP, f.R_NAV
        run = []


def _find_title(lines: list[f.Line], first_prose: int) -> tuple[int | None, int | None]:
    """(headline, standfirst printed without a final full stop) indexes.

    When bylines, dates or a reading time sit above the first sentence, the
    headline is above them (a "Key developments" list between the photo and
    the text is not the headline). Otherwise, walking up from the first
    sentence, bylines, roles, dates, share bars and captions are passed over
    and the first line of four words or more that is not a sentence is the
    headline; a shorter one is taken only if none is found. When the line right
    above it is also headline-like, that one is the headline and the longer line
    below it the standfirst (The Guardian prints its standfirst without a full stop).
    """
    window = max(0, first_prose - _METADATA_WINDOW)
    meta = next(
        (i for i in range(first_prose - 1, window - 1, -1) if lines[i].kind in _TITLE_ANCHORS),
        None,
    )
    if meta is None and f.word_count(lines[first_prose].text) <= 30:
        # "Headline ending with a full stop." then the byline or date, then the text.
        meta = next(
            (j for j in range(first_prose + 1, min(first_prose + 4, len(lines)))
             if lines[j].kind in _TITLE_ANCHORS
             and _only_furniture(lines, first_prose + 1, j)
             and any(x.kind == f.PROSE for x in lines[j + 1 :])),
            None,
        )  # fmt: skip
    if meta is not None:
        found = _title_above(lines, meta, max(0, meta - _METADATA_WINDOW), under_metadata=True)
        if found[0] is not None:
            return found
    return _title_above(lines, first_prose, 0)


def _title_above(
    lines: list[f.Line], below: int, stop: int, *, under_metadata: bool = False
) -> tuple[int | None, int | None]:
    """Walk up from `below` to the headline; see `_find_title`.

    Two headline-like lines one above the other are a headline and its sub-deck:
    the upper one is the headline whichever is longer (a headline dropped as "page
    header" with the deck promoted to title was the failure), unless the upper one
    is itself under another headline-like line (a run of teasers, not a title block).
    Under a byline or date, a one-sentence line ending with a full stop is the
    headline when nothing better than a short label (the site's name) sits above it.
    """
    fallback = None
    sentence = None  # the highest sentence passed over right above the metadata
    for i in range(below - 1, stop - 1, -1):
        line = lines[i]
        if under_metadata and line.kind == f.PROSE and f.word_count(line.text) <= 30:
            if sentence is None or sentence == i + 1 or _only_furniture(lines, i + 1, sentence):
                sentence = i
            continue
        if line.kind != f.SHORT or _is_byline_name(lines, i) or f.is_role(line.text):
            continue
        words = f.word_count(line.text)
        if words >= 4:
            above = lines[i - 1] if i > 0 else None
            if above is not None and _deck_pair(lines, i, words):
                return i - 1, i
            return i, None
        if words >= 2 and fallback is None:
            fallback = i
    if sentence is not None and (fallback is None or fallback < sentence):
        return sentence, None
    return fallback, None


def _only_furniture(lines: list[f.Line], start: int, end: int) -> bool:
    return all(lines[k].kind in (f.DROP, f.CREDIT, f.CAPTION) for k in range(start, end))


def _headline_like(line: f.Line) -> bool:
    return line.kind == f.SHORT and f.word_count(line.text) >= 4 and not line.text.isupper()


def _deck_pair(lines: list[f.Line], i: int, words: int) -> bool:
    """Whether lines[i - 1] is the headline and lines[i] its sub-deck."""
    above = lines[i - 1]
    if not _headline_like(above) or f.is_role(above.text):
        return False
    if i >= 2 and _headline_like(lines[i - 2]):
        # Three headline-like lines in a row: teasers. Keep the old, stricter reading.
        return f.word_count(above.text) < words and words >= 10
    return True


def _mark_author_box(lines: list[f.Line], first_prose: int) -> None:
    """The author's name again after the article opens the author box: the article is over."""
    names = {
        f.line_key(f.fold(name))
        for line in lines
        if line.kind == f.BYLINE
        for name in line.data["authors"]
    }
    if not names:
        return
    for line in lines[first_prose:]:
        if line.kind == f.SHORT and line.key in names:
            line.kind, line.reason = f.END, f.R_AUTHOR_BOX


def _find_end(lines: list[f.Line], start: int) -> int:
    total = sum(f.word_count(x.text) for x in lines[start:] if x.kind == f.PROSE)
    before = 0
    for i in range(start, len(lines)):
        line = lines[i]
        if line.kind == f.PROSE:
            before += f.word_count(line.text)
        elif line.kind == f.END and (
            before >= _END_MIN_WORDS or (total and before / total >= _END_MIN_SHARE)
        ):
            return i
    return len(lines)


def _fold_words(text: str) -> str:
    return " ".join(f.fold(text).split())


def clean_paste(
    raw: str, *, structure: dict[str, str] | None = None, links: set[str] | None = None
) -> Draft:
    """Read pasted page text into a Draft (metadata recognised, furniture dropped).

    `structure` names the lines a document's own markup says are headings ("h"),
    list items ("li") or table rows ("row") (a Word file's styles): inside the
    article they are kept as such, however short. `links` are the texts of the
    links in the clipboard's HTML: a run of lines that are all links is a menu or a
    list of related articles.
    """
    draft = Draft(input_format="text")
    if structure:
        draft.kinds = dict(structure)
    lines = read_lines(split_lines(raw))
    if links:
        _mark_link_runs(lines, links)
    first_prose = next((i for i, x in enumerate(lines) if x.kind == f.PROSE), None)
    if first_prose is None:
        _keep_everything(draft, lines)
        return draft

    _mark_author_box(lines, first_prose)
    title_idx, standfirst_idx = _find_title(lines, first_prose)
    start = title_idx + 1 if title_idx is not None else first_prose
    end = _find_end(lines, start)
    last_prose = max(i for i in range(start, end) if lines[i].kind == f.PROSE)

    header_publisher = ""
    header_dates: list[str] = []
    for line in lines[: title_idx if title_idx is not None else start]:
        if line.kind == f.PUBLISHER:
            header_publisher = header_publisher or line.data["outlet"]
        if line.kind == f.DATE and f.fold(line.text).startswith(_LABELLED_PUBLISHED):
            header_dates.append(line.text)
        draft.drop(line.text, line.reason if line.kind == f.DROP else f.R_HEADER)
    if title_idx is not None:
        draft.title = lines[title_idx].text
        draft.drop(draft.title, f.R_TITLE)

    standfirst = _standfirst(lines, start, last_prose)
    if standfirst_idx is not None:
        standfirst.add(standfirst_idx)
    _read_article(draft, lines[start : last_prose + 1], standfirst, start)

    footer_publisher = ""
    for n in range(last_prose + 1, len(lines)):
        line = lines[n]
        if line.kind == f.DROP and line.reason == f.R_FOOTER and not footer_publisher:
            footer_publisher = _copyright_outlet(line.text)
        if line.kind == f.CAPTION and n < end:
            # A photo at the foot of the article, before the related links.
            draft.captions.append(Caption(line.data["text"], line.data["credit"]))
            draft.drop(line.text, line.reason)
            continue
        reason = line.reason if line.kind == f.DROP else f.R_TAIL
        draft.drop(line.text, reason)

    if not draft.date_lines:
        draft.date_lines = header_dates
    draft.publisher = (
        draft.publisher or header_publisher or footer_publisher or draft.data_dateline
    )
    return draft


def _standfirst(lines: list[f.Line], start: int, last_prose: int) -> set[int]:
    """Indexes of the standfirst: at most two sentences between the headline and the metadata."""
    meta = next((i for i in range(start, last_prose + 1) if lines[i].kind in _METADATA), None)
    if meta is None:
        return set()
    before = [i for i in range(start, meta) if lines[i].kind == f.PROSE]
    after = any(lines[i].kind == f.PROSE for i in range(meta, last_prose + 1))
    if 1 <= len(before) <= 2 and after:
        return set(before)
    return set()


def _read_article(draft: Draft, lines: list[f.Line], standfirst: set[int], offset: int) -> None:
    lead_lines: list[str] = []
    body: list[str] = []
    in_related = False
    body_started = False
    pending_credit = ""
    for n, line in enumerate(lines, start=offset):
        kind = line.kind
        if kind != f.PROSE and body_started and line.text in draft.kinds:
            body.append(line.text)  # a heading, list item or table row by the file's markup
            continue
        if kind == f.PROSE:
            in_related = False
            if n in standfirst:
                kicker = _KICKER.match(line.text)
                if kicker:  # "ARMEMENT Selon le ministère...": the rubric label is not the lead
                    draft.drop(kicker.group(1), f.R_LABEL)
                    lead_lines.append(line.text[kicker.end() :])
                else:
                    lead_lines.append(line.text)
            else:
                body.append(line.text)
                body_started = True
        elif kind == f.SHORT and n in standfirst:
            lead_lines.append(line.text)
        elif kind == f.SHORT:
            if in_related:
                draft.drop(line.text, f.R_RELATED)
            elif not body_started and _is_byline_name(lines, n - offset):
                name = f.byline_name(line.text)
                if name not in draft.authors:
                    draft.authors.append(name)
                draft.drop(line.text, f.R_BYLINE)
            elif not body_started and f.is_role(line.text):
                draft.drop(line.text, f.R_BYLINE)
            elif body_started and (f.word_count(line.text) >= 2 or line.text in draft.kinds):
                body.append(line.text)  # a subhead between paragraphs
            elif line.text.endswith("?") and _next_is_prose(lines, n - offset, standfirst, n):
                body.append(line.text)  # a question subhead opening the text ("Combien sont-ils ?")
            else:
                draft.drop(line.text, f.R_LABEL)
        elif kind in (f.RELATED, f.END):
            in_related = True
            draft.drop(line.text, line.reason)
        elif kind == f.DATE:
            draft.date_lines.append(line.text)
            draft.drop(line.text, line.reason)
        elif kind == f.BYLINE:
            for author in line.data["authors"]:
                if author not in draft.authors:
                    draft.authors.append(author)
            if line.data["outlet"] and not draft.publisher:
                draft.publisher = line.data["outlet"]
            if line.data["rest"]:
                draft.date_lines.append(line.data["rest"])
            draft.drop(line.text, line.reason)
        elif kind == f.PUBLISHER:
            draft.publisher = draft.publisher or line.data["outlet"]
            draft.drop(line.text, line.reason)
        elif kind == f.READING:
            if draft.reading_time_minutes is None:
                draft.reading_time_minutes = line.data["minutes"] or None
            draft.drop(line.text, line.reason)
        elif kind == f.CAPTION:
            draft.captions.append(Caption(line.data["text"], line.data["credit"] or pending_credit))
            pending_credit = ""
            draft.drop(line.text, line.reason)
        elif kind == f.CREDIT:
            last = draft.captions[-1] if draft.captions else None
            if last is not None and not last.credit and not line.data.get("before"):
                draft.captions[-1] = Caption(last.text, line.data["credit"])
            else:
                pending_credit = line.data["credit"]
            draft.drop(line.text, line.reason)
        else:
            # After an advertising or newsletter block, its short lines belong to it.
            in_related = in_related or line.reason in _BLOCK_REASONS
            draft.drop(line.text, line.reason)

    if body:
        draft.data_dateline = f.dateline_agency(body[0])
    # A standfirst repeated in the body is repeated near its top.
    body_folded = _fold_words(" ".join(body[:6]))
    kept_lead = []
    for text in lead_lines:
        if _fold_words(text) in body_folded:
            draft.drop(text, f.R_LEAD_REPEATED)
        else:
            kept_lead.append(text)
    if lead_lines:
        draft.lead = " ".join(lead_lines)
    elif body:
        draft.lead = body[0]
    draft.paragraphs = kept_lead + body


def _next_is_prose(lines: list[f.Line], i: int, standfirst: set[int], n: int) -> bool:
    return i + 1 < len(lines) and lines[i + 1].kind == f.PROSE and n + 1 not in standfirst


def _is_byline_name(lines: list[f.Line], i: int) -> bool:
    """A name alone on its line next to the date or a role line is the byline (BBC, Guardian)."""
    if not f.byline_name(lines[i].text):
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines) and (
            lines[j].kind in (f.DATE, f.BYLINE) or f.is_role(lines[j].text)
        ):
            return True
    return False


def _keep_everything(draft: Draft, lines: list[f.Line]) -> None:
    """No sentence at all (a list of headlines, a fragment): keep what is not furniture."""
    for line in lines:
        if line.kind in (f.SHORT, f.PROSE):
            draft.paragraphs.append(line.text)
        else:
            draft.drop(line.text, line.reason)
    if draft.paragraphs:
        draft.lead = draft.paragraphs[0]


def _copyright_outlet(text: str) -> str:
    from articles.ingest.outlets import find_outlet

    cleaned = text.lstrip("©").replace("(c)", " ").replace("Copyright", " ")
    for part in cleaned.replace("|", ".").replace(" - ", ".").split("."):
        name = "".join(ch for ch in part if not ch.isdigit()).strip(" ,-–—")
        if find_outlet(name):
            return name
    return ""
