"""Articles: the list, submitting one, and its review page with live progress."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from claims.errors import ServiceError
from claims.forms import (
    ArticleFilterForm,
    SubmitForm,
)
from claims.models import Article, Claim
from claims.roles import is_editor
from claims.selectors.articles import article_progress as article_with_progress
from claims.selectors.articles import article_publishers, article_search
from claims.selectors.claims import article_claims, claim_detail
from claims.services.ingest import article_submit as article_submit_text
from claims.services.ingest import article_submit_upload, article_submit_url
from claims.views.common import ReviewerRequest, query_without_page, reviewer_view
from claims.views.review import panel_context

# Until extraction is done there are no claims to show; while checks run, the claims are
# shown and only the article's counts keep updating.
IN_PROGRESS = (Article.Status.FETCHING, Article.Status.QUEUED, Article.Status.EXTRACTING)


ARTICLES_PER_PAGE = 25


@require_GET
@reviewer_view
def article_list(request: ReviewerRequest) -> HttpResponse:
    form = ArticleFilterForm(request.GET or None, publishers=article_publishers())
    filters = form.cleaned_data if form.is_valid() else {}
    articles = article_search(
        query=filters.get("q", ""),
        status=filters.get("status", ""),
        publisher=filters.get("publisher", ""),
    )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/article_list.html",
        {"form": form, "page": page, "query_string": query_without_page(request)},
    )


@reviewer_view
def article_submit(request: ReviewerRequest) -> HttpResponse:
    form = SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meta = {
            "title": data["title"],
            "publisher": data["publisher"],
            "published": data["published"],
            "submitted_by": request.user,
        }
        try:
            if data["url"]:
                article, created = article_submit_url(url=data["url"], **meta)
            elif data["file"]:
                upload = data["file"]
                article, created = article_submit_upload(
                    name=upload.name, data=upload.read(), **meta
                )
            else:
                article, created = article_submit_text(body=data["text"], **meta)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            if not created and article.status == Article.Status.FETCHING:
                messages.info(
                    request,
                    "This address was submitted before and could not be "
                    "fetched then; fetching it again.",
                )
            elif not created:
                messages.info(request, "This article was submitted before; here it is.")
            return redirect("claims:article_detail", pk=article.pk)
    status = 400 if form.errors else 200
    return render(request, "claims/article_submit.html", {"form": form}, status=status)


@require_GET
@reviewer_view
def article_detail(request: ReviewerRequest, pk: int) -> HttpResponse:
    article = article_or_404(pk)
    context = review_context(request, article)
    return render(request, "claims/article_detail.html", context)


@require_GET
@reviewer_view
def article_progress(request: ReviewerRequest, pk: int) -> HttpResponse:
    """Polled every second while the article is processed; once it is done, the claims."""
    article = article_or_404(pk)
    if request.GET.get("part") == "counts":
        return render(
            request,
            "claims/partials/article_progress.html",
            {"article": article, "is_editor": is_editor(request.user)},
        )
    return render(request, "claims/partials/review_body.html", review_context(request, article))


def article_or_404(pk: int) -> Article:
    try:
        return article_with_progress(pk)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None


def review_context(
    request: ReviewerRequest, article: Article, *, selected_id: int | None = None
) -> dict[str, Any]:
    """What the review page shows: the article marked up, its claims, and the panel of the
    selected claim (`selected_id`, else the ?claim= of the URL, else the first)."""
    processing = article.status in IN_PROGRESS
    claims = [] if processing else article_claims(article)
    context: dict[str, Any] = {
        "article": article,
        "processing": processing,
        "claims": claims,
        "segments": highlight_segments(article.body, claims),
        "dismissed_count": sum(claim.dismissed for claim in claims),
        "is_editor": is_editor(request.user),
        "selected_id": None,
        "status_keys": Claim.Status.choices,
        "evidence_download": is_editor(request.user) and not processing,
    }
    if claims:
        wanted = str(selected_id) if selected_id else request.GET.get("claim")
        by_id = {str(c.pk): c for c in claims}
        selected = by_id.get(wanted or "", claims[0])
        # The loop variable of the claims list shadows `claim` only inside the loop.
        context.update(panel_context(request, claim_detail().get(pk=selected.pk)))
    return context


def highlight_segments(body: str, claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """The body cut into plain runs and claim runs, for the template to escape and mark.

    Claims are in reading order; one that overlaps the claim before it stays in the list
    but gets no highlight of its own.
    """
    segments: list[dict[str, Any]] = []
    position = 0
    for claim in claims:
        start, end = min(claim.start, len(body)), min(claim.end, len(body))
        if start < position or end <= start:
            continue
        if start > position:
            segments.append({"text": body[position:start], "claim": None, "start": position})
        segments.append({"text": body[start:end], "claim": claim, "start": start})
        position = end
    if position < len(body):
        segments.append({"text": body[position:], "claim": None, "start": position})
    return segments
