"""Reads of published verdicts."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.models import Claim
from claims.selectors.claims import claim_list


def claims_published() -> QuerySet[Claim]:
    """Verdicts an editor signed off, newest first: the ClaimReview feed."""
    return claim_list().filter(signed_off_at__isnull=False).order_by("-signed_off_at", "-id")
