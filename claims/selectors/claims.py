"""Reads of claims: lists, one claim with everything its review shows, and the queue."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, QuerySet

from claims.models import Article, Check, Claim, ReviewEvent


def claim_list() -> QuerySet[Claim]:
    """Claims with what a list row shows, in a fixed number of queries however many."""
    return Claim.objects.select_related("article", "source", "assignee", "signed_off_by")


def claim_detail() -> QuerySet[Claim]:
    """Claims with everything one claim's page shows: checks, and history oldest first."""
    return (
        claim_list()
        .select_related("reviewed_by")
        .prefetch_related(
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
        article.claims.select_related("source", "assignee", "signed_off_by").order_by("start", "id")
    )


def claim_history(claim: Claim) -> QuerySet[ReviewEvent]:
    return claim.history.select_related("actor").order_by("created_at", "id")


ASSIGNED_TO_ME = "me"
UNASSIGNED = "none"


def claim_queue(
    *,
    user: Any,
    status: str = "",
    source_id: int | None = None,
    assignee: str = "",
    min_checkworthiness: float | None = None,
    article_id: int | None = None,
) -> QuerySet[Claim]:
    """Claims across articles, most check-worthy first, for the queue."""
    claims = Claim.objects.filter(stale=False).select_related("article", "source", "assignee")
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
    return claims.order_by(F("checkworthiness").desc(), "article_id", "start", "id")
