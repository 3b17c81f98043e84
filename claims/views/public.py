"""Published fact-checks, for anyone: the index, one fact-check's page, and feeds.

Only approved versions show here. A retracted fact-check keeps its page, which says so.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.models import Claim, Verdict
from claims.selectors.evidence import verdict_evidence
from claims.selectors.publishing import (
    checkable_wording,
    claim_review,
    factcheck_for_page,
    factcheck_title,
    public_url,
    published_claims,
    rating_name,
)

FACTCHECKS_PER_PAGE = 20
FEED_LENGTH = 50


@require_GET
def factcheck_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(published_claims(), FACTCHECKS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "factchecks/index.html",
        {
            "page": page,
            "items": [_summary(claim) for claim in page],
            "organisation": settings.CLAIMREVIEW_AUTHOR_NAME,
        },
    )


@require_GET
def factcheck_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = factcheck_for_page(pk)
    if claim is None:
        raise Http404("No published fact-check here.")
    versions = list(claim.verdicts.all())
    shown = claim.published_verdict or versions[-1]
    start, end = shown.claim_start, shown.claim_end
    if start is None or end is None:  # approved before spans were recorded with it
        start, end = claim.start, claim.end
    before, passage, after = passage_around(claim.article.body, start, end)
    jsonld = None
    if claim.published_verdict is not None:
        jsonld = claim_review(
            claim, claim.published_verdict, url=public_url(claim.pk, base=_origin(request))
        )
    return render(
        request,
        "factchecks/detail.html",
        {
            "claim": claim,
            "verdict": shown,
            "rating_name": rating_name(shown.rating),
            "retracted": claim.published_verdict is None,
            "first_published": versions[0].approved_at,
            "log": corrections_log(versions),
            "passage": {"before": before, "claim": passage, "after": after},
            "evidence": verdict_evidence(shown),
            "jsonld": jsonld,
            "organisation": settings.CLAIMREVIEW_AUTHOR_NAME,
        },
    )


@require_GET
def factcheck_json_feed(request: HttpRequest) -> JsonResponse:
    """The newest fact-checks as a JSON Feed (https://jsonfeed.org/version/1.1)."""
    origin = _origin(request)
    items = []
    for claim in published_claims()[:FEED_LENGTH]:
        verdict = claim.published_verdict
        assert verdict is not None  # published_claims() has only those
        url = public_url(claim.pk, base=origin)
        items.append(
            {
                "id": url,
                "url": url,
                "title": factcheck_title(verdict),
                "content_text": verdict.rationale,
                "date_published": min(v.approved_at for v in claim.verdicts.all()).isoformat(),
                "date_modified": verdict.approved_at.isoformat(),
                "_claimreview": claim_review(claim, verdict, url=url),
            }
        )
    return JsonResponse(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": f"{settings.CLAIMREVIEW_AUTHOR_NAME}: fact-checks",
            "home_page_url": f"{origin.rstrip('/')}/factchecks/",
            "feed_url": request.build_absolute_uri(),
            "items": items,
        },
        json_dumps_params={"ensure_ascii": False},
    )


CHANGED_LABELS = {
    "rating": "the rating",
    "claim_reviewed": "the claim as checked",
    "rationale": "the rationale",
    "evidence": "the evidence",
    "source": "who said it",
}


def corrections_log(versions: list[Verdict]) -> list[dict[str, Any]]:
    """What happened to a fact-check after it was first published, oldest first."""
    log: list[dict[str, Any]] = []
    for verdict in versions:
        approver = verdict.approved_by
        by = (approver.get_full_name() or approver.get_username()) if approver else ""
        if verdict.number > 1:
            changed = ", ".join(CHANGED_LABELS.get(f, f) for f in verdict.changed) or "nothing"
            log.append(
                {
                    "when": verdict.approved_at,
                    "what": f"Corrected ({changed} changed).",
                    "why": verdict.correction_note,
                    "by": by,
                }
            )
        if verdict.retracted_at:
            log.append(
                {
                    "when": verdict.retracted_at,
                    "what": "Retracted.",
                    "why": verdict.retraction_note,
                    "by": "",
                }
            )
    return log


def passage_around(body: str, start: int, end: int) -> tuple[str, str, str]:
    """The paragraph that holds the claim, cut into the text before it, the claim, after."""
    start, end = max(0, min(start, len(body))), max(0, min(end, len(body)))
    first = body.rfind("\n\n", 0, start)
    last = body.find("\n\n", end)
    first = 0 if first < 0 else first + 2
    last = len(body) if last < 0 else last
    return body[first:start].lstrip(), body[start:end], body[end:last].rstrip()


def _summary(claim: Claim) -> dict[str, Any]:
    verdict: Verdict | None = claim.published_verdict
    assert verdict is not None
    return {
        "claim": claim,
        "verdict": verdict,
        "rating_name": rating_name(verdict.rating),
        "wording": checkable_wording(verdict.claim_reviewed),
    }


def _origin(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")
