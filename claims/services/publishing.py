"""Publishing: an editor other than the verdict's reviewer signs it off, and it is public.

A published verdict is a ClaimReview (claims.selectors.publishing renders it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from claims.errors import ServiceError
from claims.models import VERDICT_STATUSES, Claim, ReviewEvent
from claims.roles import is_editor
from claims.services.review import COMMENT_MAX_CHARS, claim_locked_at_version
from claims.services.webhooks import claim_event_payload, webhook_event_emit

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def signoff_refusal(*, claim: Claim, editor: User) -> ServiceError | None:
    """Why `editor` may not sign off `claim` now, or None when they may.

    Two people are needed: the editor may not sign off a verdict they set themselves.
    """
    if not is_editor(editor):
        return ServiceError("Only editors sign verdicts off.", code="forbidden", status=403)
    if claim.status not in VERDICT_STATUSES:
        return ServiceError("Only a verdict can be signed off.", code="no_verdict")
    if claim.reviewed_by_id == editor.pk:
        return ServiceError(
            "An editor other than the verdict's reviewer must sign it off.",
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
    """An editor publishes a reviewer's verdict, or sends it back with a comment."""
    if not is_editor(editor):
        raise ServiceError("Only editors sign verdicts off.", code="forbidden", status=403)
    if len(comment) > COMMENT_MAX_CHARS:
        raise ServiceError(
            f"The comment is longer than {COMMENT_MAX_CHARS:,} characters.", code="too_long"
        )
    with transaction.atomic():
        claim = claim_locked_at_version(claim_id, expected_version)
        refusal = signoff_refusal(claim=claim, editor=editor)
        if refusal is not None:
            raise refusal
        if approve:
            if claim.signed_off_at is not None:
                return claim
            claim.signed_off_by = editor
            claim.signed_off_at = timezone.now()
            webhook_event_emit(
                event="claim.published", payload=claim_event_payload(claim, claim.status)
            )
            old, new = "", f"approved {claim.status}"
        else:
            if not comment.strip():
                raise ServiceError("Say why the verdict goes back.", code="comment_required")
            old, new = claim.status, Claim.Status.IN_PROGRESS
            claim.status = Claim.Status.IN_PROGRESS
            claim.signed_off_by = None
            claim.signed_off_at = None
        claim.version += 1
        claim.save()
        ReviewEvent.objects.create(
            claim=claim,
            actor=editor,
            field=ReviewEvent.Field.SIGNOFF,
            old_value=old,
            new_value=new,
            comment=comment,
        )
    return claim
