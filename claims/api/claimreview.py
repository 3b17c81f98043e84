"""A published verdict as schema.org ClaimReview JSON-LD, the form search engines read.

Google requires claimReviewed, reviewRating (with alternateName) and url; author,
datePublished and itemReviewed (the claim, who made it, where it appeared) are recommended.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from claims.models import Claim, Source


def claim_review(claim: Claim, *, url: str) -> dict[str, Any]:
    """`claim` must be signed off and loaded with its article and source."""
    assert claim.signed_off_at is not None, "only a published verdict is a ClaimReview"
    rating_value, alternate_name = settings.CLAIMREVIEW_RATINGS.get(
        claim.status, (None, claim.get_status_display())
    )
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": alternate_name}
    if rating_value is not None:
        rating["ratingValue"] = rating_value
        rating["bestRating"] = settings.CLAIMREVIEW_BEST_RATING
        rating["worstRating"] = settings.CLAIMREVIEW_WORST_RATING

    item: dict[str, Any] = {"@type": "Claim"}
    author = _claim_author(claim)
    if author:
        item["author"] = author
    article = claim.article
    if article.url:
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": article.url}
        if article.title:
            appearance["headline"] = article.title
        if article.published:
            appearance["datePublished"] = article.published.isoformat()
        if article.publisher:
            appearance["publisher"] = {"@type": "Organization", "name": article.publisher}
        item["appearance"] = appearance
    if article.published:
        item["datePublished"] = article.published.isoformat()

    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.text,
        "reviewRating": rating,
        "itemReviewed": item,
        "datePublished": claim.signed_off_at.date().isoformat(),
        "author": publisher_organization(),
    }
    if claim.rationale:
        review["reviewBody"] = claim.rationale
    return review


def publisher_organization() -> dict[str, Any]:
    organization = {"@type": "Organization", "name": settings.CLAIMREVIEW_AUTHOR_NAME}
    if settings.CLAIMREVIEW_AUTHOR_URL:
        organization["url"] = settings.CLAIMREVIEW_AUTHOR_URL
    return organization


def page_url(claim: Claim) -> str:
    """The verdict's public page, when the newsroom has set one up; else empty."""
    template = settings.CLAIMREVIEW_PAGE_URL
    return template.format(id=claim.pk) if template else ""


def _claim_author(claim: Claim) -> dict[str, Any] | None:
    source = claim.source
    if source is not None:
        kind = "Person" if source.kind == Source.Kind.PERSON else "Organization"
        author: dict[str, Any] = {"@type": kind, "name": source.name}
        if kind == "Person" and source.role:
            author["jobTitle"] = source.role
        return author
    if claim.attribution == Claim.Attribution.PUBLISHER and claim.article.publisher:
        return {"@type": "Organization", "name": claim.article.publisher}
    return None
