"""Reads of claims: lists, one claim with everything its review shows, and the queue."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

from claims.models import Article, Check, Claim, ReviewEvent, Verdict
from claims.selectors.evidence import captures_prefetch


def claim_list() -> QuerySet[Claim]:
    """Claims with what a list row shows, in a fixed number of queries however many."""
    return Claim.objects.select_related(
        "article", "source", "assignee", "signed_off_by", "published_verdict"
    ).prefetch_related(captures_prefetch())


def claim_detail() -> QuerySet[Claim]:
    """Claims with everything one claim's page shows: checks, and history oldest first."""
    return (
        claim_list()
        .select_related("reviewed_by")
        .prefetch_related(
            "draft_authors",
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.select_related("approved_by", "retracted_by").order_by(
                    "number"
                ),
            ),
            Prefetch("checks", queryset=Check.objects.order_by("kind")),
            Prefetch(
                "history",
                queryset=ReviewEvent.objects.select_related("actor").order_by("created_at", "id"),
            ),
        )
    )


def article_claims(article: Article) -> list[Claim]:
    """The article's claims in reading order, with what the highlight and list show."""
    return list(
        article.claims.select_related(
            "source", "assignee", "signed_off_by", "published_verdict"
        ).order_by("start", "id")
    )


def claim_history(claim: Claim) -> QuerySet[ReviewEvent]:
    return claim.history.select_related("actor").order_by("created_at", "id")


ASSIGNED_TO_ME = "me"
UNASSIGNED = "none"


# The queue's views of the sign-off workflow, by the key its filter sends.
AWAITING_MY_SIGNOFF = "awaiting_my_signoff"
SENT_BACK_TO_ME = "sent_back_to_me"
PUBLISHED = "published"
CORRECTED = "corrected"
WORKFLOW_FILTERS = {
    AWAITING_MY_SIGNOFF: "Awaiting my sign-off",
    SENT_BACK_TO_ME: "Sent back to me",
    PUBLISHED: "Published",
    CORRECTED: "Corrected after publication",
}


def _workflow(claims: QuerySet[Claim], workflow: str, user: Any) -> QuerySet[Claim]:
    if workflow == AWAITING_MY_SIGNOFF:
        # An editor signs off only drafts they did not change.
        return claims.filter(review_state=Claim.ReviewState.AWAITING_SIGNOFF).exclude(
            draft_authors=user
        )
    if workflow == SENT_BACK_TO_ME:
        mine = Q(reviewed_by=user) | Q(assignee=user) | Q(draft_authors=user)
        return claims.filter(mine, review_state=Claim.ReviewState.SENT_BACK).distinct()
    if workflow == PUBLISHED:
        return claims.filter(published_verdict__isnull=False)
    if workflow == CORRECTED:
        return claims.filter(published_verdict__number__gt=1)
    return claims


def claim_queue(
    *,
    user: Any,
    status: str = "",
    workflow: str = "",
    source_id: int | None = None,
    assignee: str = "",
    min_checkworthiness: float | None = None,
    article_id: int | None = None,
) -> QuerySet[Claim]:
    """Claims across articles, most check-worthy first, for the queue."""
    claims = Claim.objects.filter(stale=False, dismissed=False).select_related(
        "article", "source", "assignee"
    )
    if status:
        claims = claims.filter(status=status)
    if source_id:
        claims = claims.filter(source_id=source_id)
    if assignee == ASSIGNED_TO_ME:
        claims = claims.filter(assignee=user)
    elif assignee == UNASSIGNED:
        claims = claims.filter(assignee__isnull=True)
    if min_checkworthiness is not None:
        claims = claims.filter(checkworthiness__gte=min_checkworthiness)
    if article_id:
        claims = claims.filter(article_id=article_id)
    claims = _workflow(claims, workflow, user)
    return claims.order_by(F("checkworthiness").desc(), "article_id", "start", "id")
