"""Splitting an article's text into highlight segments from claim offsets (pure Python)."""

from articles.extraction.anchor import quote_selector, reanchor
from articles.highlight import ClaimSpan, paragraph_bounds, segment_text

TEXT = "First paragraph, said KCNA.\n\nSecond one, according to Yonhap. Third sentence."


def flat(paragraphs):
    return [s for p in paragraphs for s in p.segments]


def test_no_claims_gives_one_segment_per_paragraph():
    paragraphs = segment_text(TEXT, [])
    assert [(p.start, p.end) for p in paragraphs] == [(0, 27), (29, len(TEXT))]
    assert [s.text for s in flat(paragraphs)] == [TEXT[0:27], TEXT[29:]]
    assert not any(s.is_highlighted for s in flat(paragraphs))


def test_segments_cover_the_text_exactly_and_carry_their_offsets():
    spans = [ClaimSpan(1, 0, 27), ClaimSpan(2, 29, 62)]
    segments = flat(segment_text(TEXT, spans))
    for s in segments:
        assert TEXT[s.start : s.end] == s.text
    assert "".join(s.text for s in segments) == TEXT.replace("\n\n", "")
    assert [s.claim_ids for s in segments] == [(1,), (2,), ()]
    assert segments[0].ends_claims == (1,)


def test_overlapping_claims_innermost_first():
    spans = [ClaimSpan(1, 29, 70), ClaimSpan(2, 41, 62)]
    segments = flat(segment_text(TEXT, spans))[1:-1]
    assert [(s.start, s.end, s.claim_ids) for s in segments] == [
        (29, 41, (1,)),
        (41, 62, (2, 1)),
        (62, 70, (1,)),
    ]
    assert segments[1].claim_id == 2
    assert segments[1].ends_claims == (2,)


def test_claim_across_a_paragraph_break_is_split_and_gap_is_not_rendered():
    segments = flat(segment_text(TEXT, [ClaimSpan(7, 17, 40)]))
    assert [(s.start, s.end, s.claim_ids) for s in segments] == [
        (0, 17, ()),
        (17, 27, (7,)),
        (29, 40, (7,)),
        (40, len(TEXT), ()),
    ]


def test_out_of_range_and_empty_spans_are_ignored_or_clipped():
    segments = flat(segment_text("abc", [ClaimSpan(1, 2, 99), ClaimSpan(2, 1, 1)]))
    assert [(s.text, s.claim_ids) for s in segments] == [("ab", ()), ("c", (1,))]


def test_stored_paragraphs_are_used_when_they_fit_and_ignored_otherwise():
    assert paragraph_bounds(TEXT, [[0, 27], [29, len(TEXT)]]) == [(0, 27), (29, len(TEXT))]
    assert paragraph_bounds(TEXT, [[0, 500]]) == [(0, 27), (29, len(TEXT))]


def test_markup_in_text_stays_text():
    text = "<script>alert(1)</script> said <b>KCNA</b>"
    segments = flat(segment_text(text, [ClaimSpan(1, 0, 25)]))
    assert segments[0].text == "<script>alert(1)</script>"


def test_three_hundred_claims_segment():
    text = "Word " * 20000
    spans = [ClaimSpan(i, i * 300, i * 300 + 150) for i in range(300)]
    segments = flat(segment_text(text, spans))
    assert sum(1 for s in segments if s.is_highlighted) == 300


def test_quote_selector_and_reanchor():
    selector = quote_selector(TEXT, 41, 62)
    assert selector["exact"] == "according to Yonhap. "[:21]
    assert len(selector["prefix"]) <= 32 and TEXT.endswith(selector["suffix"])
    assert reanchor("xx abc yy abc zz", "abc", prefix="yy ", hint_start=0) == (10, 13)
    assert reanchor("nothing here", "abc") is None
