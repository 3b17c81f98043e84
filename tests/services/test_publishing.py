"""The two-person rule from draft to public page: what is published is exactly a version a
second person approved, and nothing a single person does changes it."""

from __future__ import annotations

from typing import Any

import pytest

from claims.errors import ConflictError, ServiceError
from claims.models import Claim, Verdict, WebhookDelivery
from claims.services.corrections import claim_source_correct
from claims.services.publishing import claim_retract, claim_signoff
from claims.services.review import (
    claim_update,
    claims_bulk_update,
    draft_missing,
)
from claims.services.webhooks import webhook_subscribe
from tests.factories import COMPLETE_DRAFT, ClaimFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def draft(reviewer: Any, **values: Any) -> Claim:
    claim = ClaimFactory()
    return claim_update(
        claim_id=claim.pk, actor=reviewer, expected_version=1, **{**COMPLETE_DRAFT, **values}
    )


def published(reviewer: Any, editor: Any) -> Claim:
    claim = draft(reviewer)
    return claim_signoff(
        claim_id=claim.pk, editor=editor, expected_version=claim.version, approve=True
    )


def test_a_rating_alone_stays_in_progress_and_says_what_is_missing(reviewer: Any) -> None:
    claim = ClaimFactory()
    claim = claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, status="false")
    assert claim.review_state == Claim.ReviewState.IN_PROGRESS
    assert draft_missing(claim) == ["a rationale", "evidence"]


def test_a_bulk_status_change_leaves_every_draft_in_progress(reviewer: Any) -> None:
    claims = [ClaimFactory(), ClaimFactory()]
    claims_bulk_update(versions={c.pk: 1 for c in claims}, actor=reviewer, status="false")
    states = set(Claim.objects.values_list("review_state", flat=True))
    assert states == {Claim.ReviewState.IN_PROGRESS}


def test_a_verdict_the_scale_does_not_ask_evidence_for_goes_without(reviewer: Any) -> None:
    claim = draft(reviewer, status="unverifiable", evidence=[])
    assert claim.review_state == Claim.ReviewState.AWAITING_SIGNOFF


def test_an_incomplete_draft_is_refused_with_what_is_missing(reviewer: Any, editor: Any) -> None:
    claim = draft(reviewer, rationale="")
    with pytest.raises(ServiceError) as refused:
        claim_signoff(claim_id=claim.pk, editor=editor, expected_version=2, approve=True)
    assert refused.value.code == "incomplete"
    assert refused.value.detail == {"missing": ["a rationale"]}


def test_an_editor_who_rewrote_the_rationale_cannot_approve_it(reviewer: Any, editor: Any) -> None:
    claim = draft(reviewer)
    claim_update(claim_id=claim.pk, actor=editor, expected_version=2, rationale="Mine now.")
    with pytest.raises(ServiceError) as refused:
        claim_signoff(claim_id=claim.pk, editor=editor, expected_version=3, approve=True)
    assert refused.value.code == "same_person"
    assert not Verdict.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"evidence": ["https://other.example/"]},
        {"claim_reviewed": "Another wording."},
        {"status": "misleading"},
    ],
)
def test_changing_any_part_of_the_content_bars_that_editor(
    reviewer: Any, editor: Any, change: dict[str, Any]
) -> None:
    claim = draft(reviewer)
    claim_update(claim_id=claim.pk, actor=editor, expected_version=2, **change)
    with pytest.raises(ServiceError, match="another editor"):
        claim_signoff(claim_id=claim.pk, editor=editor, expected_version=3, approve=True)


def test_correcting_the_source_bars_that_editor_too(reviewer: Any, editor: Any) -> None:
    claim = draft(reviewer)
    claim_source_correct(
        claim_id=claim.pk, actor=editor, expected_version=2, source_id=SourceFactory().pk
    )
    with pytest.raises(ServiceError, match="another editor"):
        claim_signoff(claim_id=claim.pk, editor=editor, expected_version=3, approve=True)


def test_assigning_the_claim_is_no_authorship(reviewer: Any, editor: Any) -> None:
    claim = draft(reviewer)
    claim_update(claim_id=claim.pk, actor=editor, expected_version=2, assignee=reviewer)
    claim = claim_signoff(claim_id=claim.pk, editor=editor, expected_version=3, approve=True)
    assert claim.review_state == Claim.ReviewState.PUBLISHED


def test_an_editor_approves_exactly_the_version_they_read(reviewer: Any, editor: Any) -> None:
    claim = draft(reviewer)
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=2, rationale="Newer text.")
    with pytest.raises(ConflictError):
        claim_signoff(claim_id=claim.pk, editor=editor, expected_version=2, approve=True)
    assert not Verdict.objects.exists()


def test_approval_publishes_a_snapshot_of_the_draft(reviewer: Any, editor: Any) -> None:
    claim = published(reviewer, editor)
    verdict = claim.published_verdict
    assert verdict is not None
    assert (verdict.number, verdict.rating, verdict.rationale, verdict.evidence) == (
        1,
        "false",
        COMPLETE_DRAFT["rationale"],
        COMPLETE_DRAFT["evidence"],
    )
    assert verdict.claim_reviewed == claim.text
    assert list(verdict.authors.all()) == [reviewer]
    assert verdict.approved_by == editor
    assert claim.draft_authors.count() == 0


def test_an_edit_after_publication_leaves_the_public_version_untouched(
    reviewer: Any, editor: Any
) -> None:
    claim = published(reviewer, editor)
    other = UserFactory(username="rob", roles=["reviewer"])
    source = SourceFactory(name="Someone Else")
    claim = claim_update(
        claim_id=claim.pk, actor=other, expected_version=3, status="accurate", rationale="Hm."
    )
    claim_source_correct(claim_id=claim.pk, actor=other, expected_version=4, source_id=source.pk)
    claim.refresh_from_db()
    verdict = Verdict.objects.get()
    assert claim.published_verdict == verdict
    assert (verdict.rating, verdict.rationale) == ("false", COMPLETE_DRAFT["rationale"])
    assert verdict.source_name != "Someone Else"
    assert claim.review_state == Claim.ReviewState.AWAITING_SIGNOFF
    assert claim.signed_off_at is None


def test_a_correction_is_a_new_version_with_what_changed_and_why(
    reviewer: Any, editor: Any, other_editor: Any
) -> None:
    webhook_subscribe(owner=None, url="https://hooks.example.org/x", events=["claim.corrected"])
    claim = published(reviewer, editor)
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=3, status="misleading")
    with pytest.raises(ServiceError) as no_note:
        claim_signoff(claim_id=claim.pk, editor=other_editor, expected_version=4, approve=True)
    assert no_note.value.code == "correction_note_required"
    claim = claim_signoff(
        claim_id=claim.pk,
        editor=other_editor,
        expected_version=4,
        approve=True,
        comment="The second log shows some drones were decoys.",
    )
    second = claim.published_verdict
    assert second is not None
    assert (second.number, second.rating, second.changed) == (2, "misleading", ["rating"])
    assert second.correction_note == "The second log shows some drones were decoys."
    assert Verdict.objects.count() == 2
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.payload["verdict"]["version"] == 2


def test_a_sent_back_draft_shows_as_such_until_the_reviewer_edits_it(
    reviewer: Any, editor: Any
) -> None:
    claim = draft(reviewer)
    with pytest.raises(ServiceError, match="Say why"):
        claim_signoff(claim_id=claim.pk, editor=editor, expected_version=2, approve=False)
    claim = claim_signoff(
        claim_id=claim.pk, editor=editor, expected_version=2, approve=False, comment="Source it."
    )
    assert claim.review_state == Claim.ReviewState.SENT_BACK
    claim = claim_update(claim_id=claim.pk, actor=reviewer, expected_version=3, rationale="Done.")
    assert claim.review_state == Claim.ReviewState.AWAITING_SIGNOFF


def test_only_an_editor_retracts_and_only_with_a_public_note(reviewer: Any, editor: Any) -> None:
    webhook_subscribe(owner=None, url="https://hooks.example.org/x", events=["claim.retracted"])
    claim = published(reviewer, editor)
    with pytest.raises(ServiceError):
        claim_retract(claim_id=claim.pk, editor=reviewer, expected_version=3, note="No.")
    with pytest.raises(ServiceError, match="why"):
        claim_retract(claim_id=claim.pk, editor=editor, expected_version=3, note=" ")
    claim = claim_retract(
        claim_id=claim.pk, editor=editor, expected_version=3, note="We misread the log."
    )
    assert claim.published_verdict is None
    verdict = Verdict.objects.get()
    assert verdict.retraction_note == "We misread the log."
    assert verdict.retracted_by == editor
    assert WebhookDelivery.objects.get().event == "claim.retracted"


def test_a_status_change_never_unpublishes(reviewer: Any, editor: Any) -> None:
    claim = published(reviewer, editor)
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=3, status="in_progress")
    claim.refresh_from_db()
    assert claim.published_verdict is not None
