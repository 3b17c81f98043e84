"""Review: reviewers set a claim's status, rationale, evidence, assignee and source.

Every write names the version the reviewer read; a claim saved since is refused with a
conflict, never overwritten. Every change is one row in the claim's history. Evidence
links are captured in the background (claims.services.evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.errors import ConflictError, NotFoundError, ServiceError
from claims.models import VERDICT_STATUSES, Claim, ReviewEvent
from claims.roles import is_reviewer
from claims.services.evidence import evidence_captures_queue
from claims.services.webhooks import claim_event_payload, webhook_event_emit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The bounds of what a reviewer writes, the same from the page, the API and the admin.
RATIONALE_MAX_CHARS = 20_000
CLAIM_REVIEWED_MAX_CHARS = 2_000
EVIDENCE_MAX_LINKS = 50
LINK_MAX_CHARS = 2_000
COMMENT_MAX_CHARS = 2_000

UNSET: Any = object()

# The history fields that are the draft verdict's content (as against its assignee).
DRAFT_FIELDS = frozenset(
    {
        ReviewEvent.Field.STATUS,
        ReviewEvent.Field.CLAIM_REVIEWED,
        ReviewEvent.Field.RATIONALE,
        ReviewEvent.Field.EVIDENCE,
        ReviewEvent.Field.SOURCE,
    }
)


def claim_locked_at_version(claim_id: int, expected_version: int) -> Claim:
    """The claim, row-locked, if nobody saved it since the caller read `expected_version`."""
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("source")
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        raise NotFoundError(f"No claim with id {claim_id}; it may have been removed.")
    if claim.version != expected_version:
        raise ConflictError(
            "Someone else changed this claim since you opened it; their version is shown.",
            detail={"current_version": claim.version},
        )
    return claim


def evidence_required(rating: str) -> bool:
    return rating in settings.VERDICT_EVIDENCE_REQUIRED


def draft_missing(claim: Claim) -> list[str]:
    """What the draft still needs before an editor can sign it off; empty when complete."""
    missing = []
    if claim.status not in VERDICT_STATUSES:
        missing.append("a verdict")
    if not claim.rationale.strip():
        missing.append("a rationale")
    if claim.status in VERDICT_STATUSES and evidence_required(claim.status) and not claim.evidence:
        missing.append("evidence")
    return missing


def review_state_after_edit(claim: Claim) -> str:
    """The state of a draft someone just changed: complete drafts await sign-off."""
    if draft_missing(claim):
        return Claim.ReviewState.IN_PROGRESS
    return Claim.ReviewState.AWAITING_SIGNOFF


def draft_changed(claim: Claim, *, actor: User | None) -> None:
    """Record that `actor` changed the draft's content: it needs a new approval, and they
    may not give it. The caller holds the claim's row and saves it."""
    claim.signed_off_by = None
    claim.signed_off_at = None
    claim.review_state = review_state_after_edit(claim)
    if actor is not None:
        claim.draft_authors.add(actor)


def check_review_values(
    *,
    rationale: str | None = None,
    evidence: list[str] | None = None,
    claim_reviewed: str | None = None,
    comment: str = "",
) -> None:
    """Refuse review text over the bounds; forms and serializers say the same earlier."""
    if claim_reviewed is not None and len(claim_reviewed) > CLAIM_REVIEWED_MAX_CHARS:
        raise ServiceError(
            f"The claim as checked is longer than {CLAIM_REVIEWED_MAX_CHARS:,} characters.",
            code="too_long",
        )
    if rationale is not None and len(rationale) > RATIONALE_MAX_CHARS:
        raise ServiceError(
            f"The rationale is {len(rationale):,} characters; the limit is "
            f"{RATIONALE_MAX_CHARS:,}.",
            code="too_long",
        )
    if evidence is not None:
        if len(evidence) > EVIDENCE_MAX_LINKS:
            raise ServiceError(
                f"Give at most {EVIDENCE_MAX_LINKS} evidence links.", code="too_many_links"
            )
        if any(len(link) > LINK_MAX_CHARS for link in evidence):
            raise ServiceError(
                f"An evidence link is longer than {LINK_MAX_CHARS:,} characters.", code="too_long"
            )
    if len(comment) > COMMENT_MAX_CHARS:
        raise ServiceError(
            f"The comment is longer than {COMMENT_MAX_CHARS:,} characters.", code="too_long"
        )


def check_assignee(assignee: User | None) -> None:
    if assignee is not None and not (assignee.is_active and is_reviewer(assignee)):
        raise ServiceError("Claims are assigned to reviewers only.", code="invalid_assignee")


def claim_update(
    *,
    claim_id: int,
    actor: User | None,
    expected_version: int,
    status: str = UNSET,
    rationale: str = UNSET,
    evidence: list[str] = UNSET,
    claim_reviewed: str = UNSET,
    assignee: User | None = UNSET,
    comment: str = "",
) -> Claim:
    """Change a claim's draft verdict or assignee, refusing the write if someone saved
    since `expected_version` was read. Every change is recorded in the claim's history.

    A change to the draft's content (rating, claim as checked, rationale, evidence) never
    touches the published version: it makes a draft that needs a new approval.
    """
    check_review_values(
        rationale=None if rationale is UNSET else rationale,
        claim_reviewed=None if claim_reviewed is UNSET else claim_reviewed,
        evidence=None if evidence is UNSET else evidence,
        comment=comment,
    )
    if assignee is not UNSET:
        check_assignee(assignee)
    with transaction.atomic():
        claim = claim_locked_at_version(claim_id, expected_version)
        events: list[ReviewEvent] = []

        def change(field: str, old: object, new: object, shown_old: str, shown_new: str) -> None:
            if old != new:
                events.append(
                    ReviewEvent(
                        claim=claim,
                        actor=actor,
                        field=field,
                        old_value=shown_old,
                        new_value=shown_new,
                        comment=comment,
                    )
                )

        if status is not UNSET:
            if status not in Claim.Status.values:
                raise ServiceError(f"Unknown status {status!r}.", code="invalid_status")
            change(ReviewEvent.Field.STATUS, claim.status, status, claim.status, status)
            if status != claim.status:
                webhook_event_emit(
                    event="claim.status_changed", payload=claim_event_payload(claim, status)
                )
                claim.status = status
                claim.reviewed_by = actor
                claim.reviewed_at = timezone.now()
        if claim_reviewed is not UNSET:
            claim_reviewed = claim_reviewed.strip()
            change(
                ReviewEvent.Field.CLAIM_REVIEWED,
                claim.claim_reviewed,
                claim_reviewed,
                claim.claim_reviewed,
                claim_reviewed,
            )
            claim.claim_reviewed = claim_reviewed
        if rationale is not UNSET:
            change(
                ReviewEvent.Field.RATIONALE, claim.rationale, rationale, claim.rationale, rationale
            )
            claim.rationale = rationale
        if evidence is not UNSET:
            evidence = [str(url) for url in evidence]
            change(
                ReviewEvent.Field.EVIDENCE,
                claim.evidence,
                evidence,
                "\n".join(claim.evidence),
                "\n".join(evidence),
            )
            claim.evidence = evidence
            # Links without a capture get one, in the background; captured ones keep theirs.
            evidence_captures_queue(claim=claim, urls=evidence)
        if assignee is not UNSET:
            new_id = getattr(assignee, "pk", None)
            change(
                ReviewEvent.Field.ASSIGNEE,
                claim.assignee_id,
                new_id,
                str(claim.assignee or ""),
                str(assignee or ""),
            )
            claim.assignee = assignee
        if not events:
            return claim
        if any(event.field in DRAFT_FIELDS for event in events):
            draft_changed(claim, actor=actor)
        claim.version += 1
        claim.save()
        ReviewEvent.objects.bulk_create(events)
    return claim


@dataclass
class BulkOutcome:
    updated: list[int] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)


def claims_bulk_update(
    *,
    versions: dict[int, int],
    actor: User | None,
    status: str = UNSET,
    assignee: User | None = UNSET,
    comment: str = "",
) -> BulkOutcome:
    """Apply one change to many claims, each through claim_update with the version the
    reviewer saw; a claim someone else changed meanwhile is reported, not overwritten."""
    outcome = BulkOutcome()
    changes: dict[str, Any] = {}
    if status is not UNSET:
        changes["status"] = status
    if assignee is not UNSET:
        changes["assignee"] = assignee
    if not changes:
        raise ServiceError("Choose a status or an assignee.", code="nothing_to_change")
    check_review_values(comment=comment)
    if assignee is not UNSET:
        check_assignee(assignee)
    for claim_id, version in sorted(versions.items()):
        try:
            claim_update(
                claim_id=claim_id,
                actor=actor,
                expected_version=version,
                comment=comment,
                **changes,
            )
        except ConflictError:
            outcome.conflicts.append(claim_id)
        except ServiceError as exc:
            outcome.failed[claim_id] = exc.message
        else:
            outcome.updated.append(claim_id)
    return outcome
