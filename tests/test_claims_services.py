"""Claim writes: one transaction each, optimistic locking, curated flag, history with who/when."""

import pytest

from articles import selectors
from articles.models import Attribution, Claim, ClaimLink, ClaimStatus, Note, Tag
from articles.services import claims as service
from tests.factories import ArticleFactory, ClaimFactory, ResearcherFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return ClaimFactory(curated=False)


def test_update_bumps_version_marks_curated_and_records_who(claim, researcher):
    updated = service.update_claim(
        claim.pk, version=1, user=researcher, status="corroborated", credibility="2"
    )
    assert updated.version == 2
    assert updated.curated is True
    assert updated.status.slug == "corroborated"
    assert updated.credibility == 2
    latest = claim.history.latest()
    assert latest.history_user == researcher
    history = selectors.claim_history(updated)
    assert history[0].who == researcher.username
    assert ("status", "Unreviewed", "Corroborated") in history[0].details
    assert ("credibility", "—", "2") in history[0].details


def test_stale_version_is_refused_and_nothing_is_overwritten(claim, researcher):
    other = ResearcherFactory(username="otto")
    service.update_claim(claim.pk, version=1, user=other, status="disputed")
    with pytest.raises(service.ClaimConflict) as refused:
        service.update_claim(claim.pk, version=1, user=researcher, status="refuted")
    claim.refresh_from_db()
    assert claim.status.slug == "disputed"
    assert claim.version == 2
    changes = refused.value.changes
    assert changes and changes[0].who == "otto"
    assert ("status", "Unreviewed", "Disputed") in changes[0].details


def test_missing_version_is_an_error_not_a_silent_overwrite(claim, researcher):
    with pytest.raises(service.ClaimEditError):
        service.update_claim(claim.pk, version=None, user=researcher, status="refuted")


@pytest.mark.parametrize(
    "changes",
    [{"credibility": "9"}, {"reliability_override": "Z"}, {"stance": "shouts"}, {"status": "nope"}],
)
def test_invalid_values_are_refused(claim, researcher, changes):
    with pytest.raises(service.ClaimEditError):
        service.update_claim(claim.pk, version=1, user=researcher, **changes)
    claim.refresh_from_db()
    assert claim.version == 1


def test_grade_uses_override_else_first_source(claim, researcher):
    Attribution.objects.create(claim=claim, mention="NIS", source=SourceFactory(reliability="B"))
    service.update_claim(claim.pk, version=1, user=researcher, credibility=3)
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.grade == "B3"
    service.update_claim(claim.pk, version=2, user=researcher, reliability_override="d")
    assert Claim.objects.get(pk=claim.pk).grade == "D3"


def test_tags_notes_attributions_links_are_in_the_history(claim, researcher):
    service.add_tag(claim.pk, version=1, user=researcher, name="Troops", can_create=True)
    assert Tag.objects.filter(name="Troops").exists()
    note = service.add_note(claim.pk, version=2, user=researcher, body="Checked *NIS*.")
    assert note.author == researcher
    service.add_attribution(claim.pk, version=3, user=researcher, mention="a defector")
    unresolved = Attribution.objects.get(claim=claim, mention="a defector")
    assert unresolved.source is None
    kcna = SourceFactory(name="KCNA")
    service.change_attribution(unresolved.pk, version=4, user=researcher, source_id=kcna.pk)
    other = ClaimFactory()
    service.add_link(claim.pk, version=5, user=researcher, to_claim_id=other.pk, kind="contradicts")
    service.remove_tag(claim.pk, version=6, user=researcher, tag_id=Tag.objects.get().pk)
    claim.refresh_from_db()
    assert claim.version == 7
    actions = [(c.action, c.details) for c in selectors.claim_history(claim)]
    flat = repr(actions)
    for expected in [
        "added tag",
        "removed tag",
        "Troops",
        "added a note",
        "Checked *NIS*.",
        "added attribution",
        "changed attribution",
        "KCNA",
        "added a link",
    ]:
        assert expected in flat, expected
    assert all(c.who == researcher.username for c in selectors.claim_history(claim)[:-1])


def test_a_researcher_without_add_tag_cannot_create_tags(claim, researcher):
    with pytest.raises(service.ClaimEditError):
        service.add_tag(claim.pk, version=1, user=researcher, name="brand-new", can_create=False)
    Tag.objects.create(name="Existing")
    service.add_tag(claim.pk, version=1, user=researcher, name="existing", can_create=False)
    assert list(claim.tags.values_list("name", flat=True)) == ["Existing"]


def test_reject_hides_but_keeps_the_claim(claim, researcher):
    service.reject_claim(claim.pk, version=1, user=researcher)
    assert not Claim.objects.visible().filter(pk=claim.pk).exists()
    kept = Claim.objects.get(pk=claim.pk)
    assert kept.is_rejected and kept.curated


def test_create_claim_from_selection_stores_w3c_selectors(researcher):
    article = ArticleFactory(text="Intro text here. The NIS said 12 soldiers died. Outro.")
    start = article.text.index("The NIS")
    end = article.text.index("Outro") - 1
    kcna = SourceFactory(name="NIS")
    claim = service.create_claim(
        article, user=researcher, start=start, end=end + 1, exact=" ", source_ids=[kcna.pk]
    )
    assert claim.quote == "The NIS said 12 soldiers died."  # trailing blank trimmed
    assert claim.prefix == article.text[max(0, start - 32) : start]
    assert claim.suffix == article.text[claim.end : claim.end + 32]
    assert claim.origin == Claim.Origin.MANUAL and claim.curated and claim.author == researcher
    assert [a.source for a in claim.attributions.all()] == [kcna]


def test_create_claim_reanchors_a_stale_selection(researcher):
    article = ArticleFactory(text="Alpha beta. Gamma delta said KCNA. Epsilon.")
    claim = service.create_claim(
        article, user=researcher, start=0, end=5, exact="Gamma delta said KCNA."
    )
    assert (claim.start, claim.end) == (12, 34)


@pytest.mark.parametrize("start,end", [(5, 5), (-1, 3), (0, 10_000), ("a", "b")])
def test_create_claim_refuses_bad_offsets(researcher, start, end):
    article = ArticleFactory(text="Short text.")
    with pytest.raises(service.ClaimEditError):
        service.create_claim(article, user=researcher, start=start, end=end)


def test_set_span_recomputes_quote(claim, researcher):
    text = claim.article.text
    start = text.index("The launches")
    moved = service.set_span(claim.pk, version=1, user=researcher, start=start, end=len(text))
    assert moved.quote == text[start:]
    assert moved.prefix == text[start - 32 : start]


def test_bulk_update_sets_status_and_tag(researcher):
    claims = [ClaimFactory() for _ in range(3)]
    tag = Tag.objects.create(name="bulk")
    refuted = ClaimStatus.objects.get(slug="refuted")
    result = service.bulk_update([c.pk for c in claims], user=researcher, status=refuted, tag=tag)
    assert result.applied == 3 and result.skipped == []
    for c in Claim.objects.filter(pk__in=[c.pk for c in claims]):
        assert c.status == refuted and c.version == 2 and list(c.tags.all()) == [tag]


def test_note_edit_and_delete_check_the_version(claim, researcher):
    note = service.add_note(claim.pk, version=1, user=researcher, body="first")
    with pytest.raises(service.ClaimConflict):
        service.edit_note(note.pk, version=1, user=researcher, body="second")
    service.edit_note(note.pk, version=2, user=researcher, body="second")
    assert Note.objects.get(pk=note.pk).body == "second"
    service.delete_note(note.pk, version=3, user=researcher)
    assert not Note.objects.filter(pk=note.pk).exists()


def test_link_to_itself_is_refused(claim, researcher):
    with pytest.raises(service.ClaimEditError):
        service.add_link(claim.pk, version=1, user=researcher, to_claim_id=claim.pk, kind="cites")
    assert not ClaimLink.objects.exists()


def test_editing_what_a_colleague_removed_is_explained_not_a_crash(claim, researcher):
    with pytest.raises(service.ClaimEditError, match="deleted meanwhile"):
        service.edit_note(999_999, version=1, user=researcher, body="x")
    with pytest.raises(service.ClaimEditError, match="removed meanwhile"):
        service.remove_attribution(999_999, version=1, user=researcher)


def test_conflict_lists_only_what_changed_after_the_version_seen(claim, researcher):
    Attribution.objects.create(claim=claim, mention="Yonhap", source=SourceFactory(name="Yonhap"))
    otto = ResearcherFactory(username="otto")
    service.add_note(claim.pk, version=1, user=otto, body="Otto's note")
    with pytest.raises(service.ClaimConflict) as refused:
        service.update_claim(claim.pk, version=1, user=researcher, credibility=2)
    changes = refused.value.changes
    assert [c.action for c in changes] == ["added a note"]
    assert changes[0].who == "otto"


@pytest.mark.parametrize("bad", ["²", "99999999999999999999", str(2**63), "0", "", None])
def test_bad_ids_are_refused_with_a_message_not_a_crash(claim, researcher, bad):
    with pytest.raises(service.ClaimEditError):
        service.add_link(
            claim.pk, version=claim.version, user=researcher, to_claim_id=bad, kind="cites"
        )
    if bad not in ("", None):
        with pytest.raises(service.ClaimEditError):
            service.add_attribution(claim.pk, version=claim.version, user=researcher, source_id=bad)
    with pytest.raises(service.ClaimEditError):
        service.bulk_update([bad], user=researcher, status=ClaimStatus.default())


def test_parse_id():
    from articles.params import parse_id, parse_ids

    assert parse_id("42") == 42 and parse_id(" 7 ") == 7 and parse_id(3) == 3
    assert parse_id(str(2**63 - 1)) == 2**63 - 1
    for bad in ["²", "١", str(2**63), "99999999999999999999", "0", "-1", "", None, "1e3", True]:
        assert parse_id(bad) is None, bad
    assert parse_ids(["1", "²", "x", "2"]) == [1, 2]


def test_bulk_update_skips_claims_whose_version_moved_on(researcher):
    mine, theirs = ClaimFactory(), ClaimFactory()
    service.update_claim(theirs.pk, version=1, user=ResearcherFactory(), status="disputed")
    refuted = ClaimStatus.objects.get(slug="refuted")
    result = service.bulk_update(
        [mine.pk, theirs.pk], user=researcher, status=refuted, versions={mine.pk: "1", theirs.pk: "1"}
    )
    assert result.applied == 1 and result.skipped == [theirs]
    theirs.refresh_from_db()
    assert theirs.status.slug == "disputed" and theirs.version == 2


def test_set_span_checks_the_quote_the_browser_saw(researcher):
    text = "Launch 🚀 at Sohae, KCNA said the launch was a success."
    claim = ClaimFactory(article=ArticleFactory(text=text), start=0, end=6)
    start = text.index("the launch")
    # Offsets counted in UTF-16 units (two for 🚀) miss by one: the quote finds the words.
    moved = service.set_span(
        claim.pk, version=1, user=researcher, start=start + 1, end=start + 11, exact="the launch"
    )
    assert (moved.start, moved.end, moved.quote) == (start, start + 10, "the launch")
    with pytest.raises(service.ClaimEditError, match="not in this article's text"):
        service.set_span(
            claim.pk, version=2, user=researcher, start=start, end=start + 10, exact="the rocket"
        )
    claim.refresh_from_db()
    assert claim.quote == "the launch" and claim.version == 2


def test_claim_edits_lock_only_the_claim_and_leave_the_raw_input_unread(
    claim, researcher, monkeypatch
):
    from django.db import connection
    from django.db.models.query import QuerySet
    from django.test.utils import CaptureQueriesContext

    locks = []
    original = QuerySet.select_for_update

    def recording(self, *args, **kwargs):
        locks.append(kwargs.get("of", ()))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", recording)
    with CaptureQueriesContext(connection) as captured:
        service.update_claim(claim.pk, version=1, user=researcher, status="disputed")
    sql = "\n".join(q["sql"] for q in captured.captured_queries)
    assert '"raw_input"' not in sql and '"raw_bytes"' not in sql
    assert locks == [("self",)]  # on PostgreSQL, the article's row stays unlocked


def test_the_services_refuse_a_note_change_by_anyone_but_its_author_or_an_admin(
    researcher, desk_admin
):
    """The rule lives in the service, so no caller (page, API) can skip it."""
    from django.core.exceptions import PermissionDenied

    from tests.factories import ClaimFactory, NoteFactory, ResearcherFactory

    claim = ClaimFactory()
    note = NoteFactory(claim=claim, author=ResearcherFactory(username="otto"), body="mine")
    with pytest.raises(PermissionDenied):
        service.edit_note(note.pk, version=claim.version, user=researcher, body="hijack")
    with pytest.raises(PermissionDenied):
        service.delete_note(note.pk, version=claim.version, user=researcher)
    assert Note.objects.get(pk=note.pk).body == "mine"
    service.edit_note(note.pk, version=claim.version, user=desk_admin, body="fixed")
    assert Note.objects.get(pk=note.pk).body == "fixed"
