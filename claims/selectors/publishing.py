"""Reads of published fact-checks: the public pages, feeds and ClaimReview JSON-LD."""

from __future__ import annotations

import json
import re
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from claims.models import Claim, Source, Verdict


def published_claims() -> QuerySet[Claim]:
    """Claims with a public verdict, newest publication first, with what a list shows."""
    return (
        Claim.objects.filter(published_verdict__isnull=False)
        .select_related("article", "published_verdict", "published_verdict__source")
        .prefetch_related(
            # Only when each version was approved: ClaimReview dates the first one.
            Prefetch("verdicts", queryset=Verdict.objects.only("claim_id", "approved_at"))
        )
        .order_by("-published_verdict__approved_at", "-id")
    )


def factcheck_for_page(claim_id: int) -> Claim | None:
    """A claim that was ever published, with every version (for its corrections log)."""
    return (
        Claim.objects.filter(pk=claim_id, verdicts__isnull=False)
        .select_related("article", "published_verdict", "published_verdict__approved_by")
        .prefetch_related(
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.select_related("approved_by", "retracted_by")
                .prefetch_related("authors")
                .order_by("number"),
            )
        )
        .distinct()
        .first()
    )


def public_path(claim_id: int) -> str:
    return reverse("factchecks:detail", args=[claim_id])


def public_url(claim_id: int, *, base: str = "") -> str:
    """The fact-check's page: the newsroom's own page when CLAIMREVIEW_PAGE_URL is set,
    else this app's, absolute under SITE_URL (or `base`, the request's own origin)."""
    if settings.CLAIMREVIEW_PAGE_URL:
        return str(settings.CLAIMREVIEW_PAGE_URL.format(id=claim_id))
    return f"{settings.SITE_URL or base.rstrip('/')}{public_path(claim_id)}"


def rating_name(rating: str) -> str:
    _, name = _scale_entry(rating)
    return name


def _scale_entry(rating: str) -> tuple[int | None, str]:
    value, name = settings.CLAIMREVIEW_RATINGS.get(
        rating, (None, Claim.Status(rating).label if rating in Claim.Status.values else rating)
    )
    return value, name


# JSON escapes for the characters that could end a <script> element holding JSON.
SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_for_script(data: Any) -> str:
    """`data` as JSON safe to place inside a <script> element."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE)


_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"


def checkable_wording(text: str) -> str:
    """A claim span as a statement: without the quotation marks and trailing commas that
    cutting it out of its sentence leaves."""
    return re.sub(r"\s+", " ", text).strip().strip(_QUOTES + " ,;:").strip()


def factcheck_title(verdict: Verdict) -> str:
    """How a fact-check is headed in lists and feeds: "False: <the claim as checked>"."""
    return f"{rating_name(verdict.rating)}: {checkable_wording(verdict.claim_reviewed)}"


def claim_review(claim: Claim, verdict: Verdict, *, url: str) -> dict[str, Any]:
    """`verdict` (an approved version of `claim`) as schema.org ClaimReview JSON-LD.

    Google requires claimReviewed, reviewRating (with alternateName) and url; author,
    datePublished and itemReviewed (the claim, who made it, where it appeared) are
    recommended. `claim` must be loaded with its article.
    """
    rating_value, alternate_name = _scale_entry(verdict.rating)
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": alternate_name}
    if rating_value is not None:
        rating["ratingValue"] = rating_value
        rating["bestRating"] = settings.CLAIMREVIEW_BEST_RATING
        rating["worstRating"] = settings.CLAIMREVIEW_WORST_RATING

    item: dict[str, Any] = {"@type": "Claim"}
    author = _claim_author(claim, verdict)
    if author:
        item["author"] = author
    article = claim.article
    # Where the claim appeared: an article pasted without its address is still one.
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if article.url:
        appearance["url"] = article.url
    if article.title:
        appearance["headline"] = article.title
    if article.published:
        appearance["datePublished"] = article.published.isoformat()
    if article.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": article.publisher}
    if len(appearance) > 1:
        item["appearance"] = appearance
    if article.published:
        item["datePublished"] = article.published.isoformat()

    first = min((v.approved_at for v in claim.verdicts.all()), default=verdict.approved_at)
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": checkable_wording(verdict.claim_reviewed),
        "reviewRating": rating,
        "itemReviewed": item,
        "datePublished": first.date().isoformat(),
        "author": publisher_organization(),
    }
    if verdict.number > 1:
        review["dateModified"] = verdict.approved_at.isoformat()
    if verdict.rationale:
        review["reviewBody"] = verdict.rationale
    return review


def publisher_organization() -> dict[str, Any]:
    organization: dict[str, Any] = {
        "@type": "Organization",
        "name": settings.CLAIMREVIEW_AUTHOR_NAME,
    }
    if settings.CLAIMREVIEW_AUTHOR_URL:
        organization["url"] = settings.CLAIMREVIEW_AUTHOR_URL
    if settings.CLAIMREVIEW_AUTHOR_LOGO:
        organization["logo"] = {"@type": "ImageObject", "url": settings.CLAIMREVIEW_AUTHOR_LOGO}
    return organization


def _claim_author(claim: Claim, verdict: Verdict) -> dict[str, Any] | None:
    if verdict.source_name:
        kind = "Person" if verdict.source_kind == Source.Kind.PERSON else "Organization"
        author: dict[str, Any] = {"@type": kind, "name": verdict.source_name}
        if kind == "Person" and verdict.source_role:
            author["jobTitle"] = verdict.source_role
        return author
    if claim.attribution == Claim.Attribution.PUBLISHER and claim.article.publisher:
        return {"@type": "Organization", "name": claim.article.publisher}
    return None
