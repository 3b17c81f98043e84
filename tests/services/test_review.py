from __future__ import annotations

import pytest

from claims.errors import ConflictError
from claims.models import Claim, ReviewEvent
from claims.services.review import claim_update
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_status_change_is_saved_with_a_new_version_and_a_history_row() -> None:
    claim = ClaimFactory()
    reviewer = UserFactory(roles=["reviewer"])
    updated = claim_update(
        claim_id=claim.pk,
        actor=reviewer,
        expected_version=1,
        status=Claim.Status.FALSE,
        rationale="The ministry's own figures say 9.",
    )
    assert (updated.status, updated.version, updated.reviewed_by) == ("false", 2, reviewer)
    rows = list(
        ReviewEvent.objects.filter(claim=claim).values_list("field", "old_value", "new_value")
    )
    assert rows == [
        ("status", "unreviewed", "false"),
        ("rationale", "", "The ministry's own figures say 9."),
    ]


def test_a_write_based_on_a_stale_version_is_refused_and_changes_nothing() -> None:
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=None, expected_version=1, status="accurate")
    with pytest.raises(ConflictError):
        claim_update(claim_id=claim.pk, actor=None, expected_version=1, status="false")
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("accurate", 2)
    assert ReviewEvent.objects.filter(claim=claim).count() == 1


def test_saving_the_same_values_again_writes_no_history() -> None:
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=None, expected_version=1, status="accurate")
    again = claim_update(claim_id=claim.pk, actor=None, expected_version=2, status="accurate")
    assert again.version == 2
    assert ReviewEvent.objects.filter(claim=claim).count() == 1


def test_review_history_rows_cannot_be_edited() -> None:
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=None, expected_version=1, status="accurate")
    event = ReviewEvent.objects.get(claim=claim)
    event.new_value = "false"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
