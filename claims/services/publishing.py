"""Publishing: a verdict goes public only as a version a second person approved.

Reviewers edit a draft (claims.services.review). A draft awaits sign-off once it is
complete: a verdict rating, a rationale, and evidence where the scale asks for it. An
editor approves one specific version of it (the claim version they read), and may not be
one of the people who changed its content since the last approval. Approving snapshots
the draft as a Verdict; a later approval is a correction of the one before, with a note.
Edits after publication make a new draft and never change what is public. Withdrawing a
published verdict is an editor's explicit retraction, with a public note.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from claims.errors import ServiceError
from claims.models import Claim, ReviewEvent, Verdict
from claims.roles import is_editor
from claims.services.review import (
    COMMENT_MAX_CHARS,
    claim_locked_at_version,
    draft_missing,
    review_state_after_edit,
)
from claims.services.webhooks import verdict_event_payload, webhook_event_emit

# The fields of a verdict a version records; a change to any is a change of content.
VERSIONED_FIELDS = ("rating", "claim_reviewed", "rationale", "evidence", "source")


def signoff_refusal(*, claim: Claim, editor: User) -> ServiceError | None:
    """Why `editor` may not approve the draft as it stands, or None when they may."""
    if not is_editor(editor):
        return ServiceError("Only editors sign verdicts off.", code="forbidden", status=403)
    if claim.review_state == Claim.ReviewState.PUBLISHED:
        return ServiceError("This version is already published.", code="already_published")
    missing = draft_missing(claim)
    if missing:
        return ServiceError(
            f"The draft is not complete: it needs {' and '.join(missing)}.",
            code="incomplete",
            detail={"missing": missing},
        )
    if any(author.pk == editor.pk for author in claim.draft_authors.all()):
        return ServiceError(
            "You changed this draft, so another editor signs it off.",
            code="same_person",
            status=403,
        )
    return None


def claim_signoff(
    *,
    claim_id: int,
    editor: User,
    expected_version: int,
    approve: bool,
    comment: str = "",
) -> Claim:
    """Approve the draft at `expected_version` and publish it, or send it back with a
    comment. Approving a claim already published corrects it: `comment` says why."""
    if not is_editor(editor):
        raise ServiceError("Only editors sign verdicts off.", code="forbidden", status=403)
    if len(comment) > COMMENT_MAX_CHARS:
        raise ServiceError(
            f"The comment is longer than {COMMENT_MAX_CHARS:,} characters.", code="too_long"
        )
    with transaction.atomic():
        claim = claim_locked_at_version(claim_id, expected_version)
        if approve:
            _approve(claim, editor=editor, note=comment)
        else:
            _send_back(claim, editor=editor, comment=comment)
    return claim


def _approve(claim: Claim, *, editor: User, note: str) -> None:
    if claim.review_state == Claim.ReviewState.PUBLISHED and is_editor(editor):
        return  # approved already, as it stands: a repeated request changes nothing
    refusal = signoff_refusal(claim=claim, editor=editor)
    if refusal is not None:
        raise refusal
    previous = claim.published_verdict or claim.verdicts.order_by("-number").first()
    if previous is not None and not note.strip():
        raise ServiceError(
            "This corrects a published verdict: say what changed and why.",
            code="correction_note_required",
        )
    source = claim.source
    now = timezone.now()
    number = (claim.verdicts.aggregate(n=Max("number"))["n"] or 0) + 1
    verdict = Verdict.objects.create(
        claim=claim,
        number=number,
        rating=claim.status,
        claim_reviewed=claim.claim_reviewed.strip() or claim.text,
        claim_text=claim.text,
        claim_start=claim.start,
        claim_end=claim.end,
        rationale=claim.rationale,
        evidence=list(claim.evidence),
        source=source,
        source_name=source.name if source else "",
        source_role=source.role if source else "",
        source_kind=source.kind if source else "",
        draft_version=claim.version,
        approved_by=editor,
        approved_at=now,
        changed=_changed_fields(previous, claim) if previous is not None else [],
        correction_note=note.strip() if previous is not None else "",
    )
    verdict.authors.set(claim.draft_authors.all())
    claim.draft_authors.clear()
    claim.published_verdict = verdict
    claim.signed_off_by = editor
    claim.signed_off_at = now
    claim.review_state = Claim.ReviewState.PUBLISHED
    claim.version += 1
    claim.save()
    event = "claim.published" if previous is None else "claim.corrected"
    ReviewEvent.objects.create(
        claim=claim,
        actor=editor,
        field=ReviewEvent.Field.SIGNOFF,
        old_value="",
        new_value=f"approved {claim.status} (version {number})",
        comment=note,
    )
    webhook_event_emit(event=event, payload=verdict_event_payload(claim, verdict))


def _changed_fields(previous: Verdict, claim: Claim) -> list[str]:
    now = {
        "rating": claim.status,
        "claim_reviewed": claim.claim_reviewed.strip() or claim.text,
        "rationale": claim.rationale,
        "evidence": list(claim.evidence),
        "source": claim.source_id,
    }
    before = {
        "rating": previous.rating,
        "claim_reviewed": previous.claim_reviewed,
        "rationale": previous.rationale,
        "evidence": previous.evidence,
        "source": previous.source_id,
    }
    return [field for field in VERSIONED_FIELDS if now[field] != before[field]]


def _send_back(claim: Claim, *, editor: User, comment: str) -> None:
    if claim.review_state != Claim.ReviewState.AWAITING_SIGNOFF:
        raise ServiceError("Only a draft awaiting sign-off is sent back.", code="not_awaiting")
    if not comment.strip():
        raise ServiceError("Say why the verdict goes back.", code="comment_required")
    claim.review_state = Claim.ReviewState.SENT_BACK
    claim.version += 1
    claim.save()
    ReviewEvent.objects.create(
        claim=claim,
        actor=editor,
        field=ReviewEvent.Field.SIGNOFF,
        old_value=claim.status,
        new_value="sent back",
        comment=comment,
    )


def claim_retract(*, claim_id: int, editor: User, expected_version: int, note: str) -> Claim:
    """Withdraw the published verdict: its page says it was retracted, and why."""
    if not is_editor(editor):
        raise ServiceError("Only editors retract verdicts.", code="forbidden", status=403)
    if not note.strip():
        raise ServiceError("Say publicly why the verdict is retracted.", code="note_required")
    if len(note) > COMMENT_MAX_CHARS:
        raise ServiceError(
            f"The note is longer than {COMMENT_MAX_CHARS:,} characters.", code="too_long"
        )
    with transaction.atomic():
        claim = claim_locked_at_version(claim_id, expected_version)
        verdict = claim.published_verdict
        if verdict is None:
            if claim.verdicts.filter(retracted_at__isnull=False).exists():
                return claim  # retracted already: a repeated request changes nothing
            raise ServiceError("Nothing is published to retract.", code="not_published")
        verdict.retracted_at = timezone.now()
        verdict.retracted_by = editor
        verdict.retraction_note = note.strip()
        verdict.save(update_fields=["retracted_at", "retracted_by", "retraction_note"])
        claim.published_verdict = None
        claim.signed_off_by = None
        claim.signed_off_at = None
        claim.review_state = review_state_after_edit(claim)
        claim.version += 1
        claim.save()
        ReviewEvent.objects.create(
            claim=claim,
            actor=editor,
            field=ReviewEvent.Field.RETRACTION,
            old_value=f"version {verdict.number}",
            new_value="retracted",
            comment=note,
        )
        webhook_event_emit(event="claim.retracted", payload=verdict_event_payload(claim, verdict))
    return claim
