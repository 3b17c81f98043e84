"""The framework's floor for the claims list: a bare Django view that does the same work as
`GET /api/v1/claims/` (the same token lookup and role check, the same selector, the same
page and the same JSON), with no DRF in the way. Served only under bench/settings.py."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse
from django.urls import path

from claims.api.serializers import evidence_output
from claims.models import ApiToken, Claim
from claims.roles import is_reviewer
from claims.selectors.claims import claim_list
from claims.selectors.evidence import claim_evidence
from claims.services.tokens import api_token_hash
from factcheck.urls import urlpatterns as app_urlpatterns


def _user(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.id, "username": user.username}


def _row(claim: Claim) -> dict[str, Any]:
    article, source = claim.article, claim.source
    return {
        "id": claim.id,
        "article": {
            "id": article.id,
            "title": article.title,
            "url": article.url,
            "publisher": article.publisher,
            "published": article.published,
        },
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "attribution": claim.attribution,
        "source": source and {"id": source.id, "name": source.name, "kind": source.kind},
        "mention": claim.mention,
        "cue": claim.cue,
        "quote": claim.quote,
        "checkworthiness": claim.checkworthiness,
        "confidence": claim.confidence,
        "stale": claim.stale,
        "status": claim.status,
        "assignee": _user(claim.assignee),
        "rationale": claim.rationale,
        # The same evidence objects as the API's, from the same prefetched captures.
        "evidence": evidence_output(claim_evidence(claim), base=""),
        "reviewed_at": claim.reviewed_at,
        "signed_off_by": _user(claim.signed_off_by),
        "signed_off_at": claim.signed_off_at,
        "version": claim.version,
        "created_at": claim.created_at,
        "updated_at": claim.updated_at,
    }


def _page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"?{query.urlencode()}")


def claims_floor(request: HttpRequest) -> JsonResponse:
    _, _, key = request.headers.get("Authorization", "").partition("Token ")
    token = ApiToken.objects.select_related("user").filter(key_hash=api_token_hash(key)).first()
    if token is None or not is_reviewer(token.user):
        return JsonResponse({"error": {"code": "not_authenticated"}}, status=401)
    size = min(int(request.GET.get("page_size", 50)), 200)
    page = Paginator(claim_list(), size).get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "count": page.paginator.count,
            "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
            "previous": (
                _page_url(request, page.previous_page_number()) if page.has_previous() else None
            ),
            "results": [_row(claim) for claim in page],
        }
    )


urlpatterns = [path("bench/floor/claims/", claims_floor), *app_urlpatterns]
