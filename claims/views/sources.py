"""The source registry as reviewers see it: search, and a source with its track record."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from claims.models import Claim, Source
from claims.roles import is_admin
from claims.selectors.sources import (
    source_claims,
    source_search,
    source_track_record,
)
from claims.views.common import CLAIMS_PER_PAGE, ReviewerRequest, query_without_page, reviewer_view

SOURCES_PER_PAGE = 50


@require_GET
@reviewer_view
def source_list(request: ReviewerRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = Paginator(source_search(query), SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/source_list.html",
        {"page": page, "query": query, "query_string": query_without_page(request)},
    )


@require_GET
@reviewer_view
def source_detail(request: ReviewerRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.select_related("merged_into"), pk=pk)
    record = source_track_record(source)
    by_status, published = record["by_status"], record["published"]
    most = max(by_status.values(), default=0) or 1
    bars = [
        {
            "status": value,
            "label": label,
            "count": by_status.get(value, 0),
            "published": published.get(value, 0),
            "width": round(240 * by_status.get(value, 0) / most),
            "y": index * 26,
        }
        for index, (value, label) in enumerate(Claim.Status.choices)
    ]
    page = Paginator(source_claims(source), CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/source_detail.html",
        {
            "source": source,
            "record": record,
            "bars": bars,
            "chart_height": len(bars) * 26,
            "aliases": list(source.aliases.all()),
            "page": page,
            "is_admin": is_admin(request.user),
        },
    )
