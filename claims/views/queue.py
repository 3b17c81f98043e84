"""The queue: claims across articles, most check-worthy first, with bulk actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims.errors import ServiceError
from claims.forms import (
    BulkForm,
    QueueFilterForm,
)
from claims.models import Article, Claim, Source
from claims.selectors.claims import claim_queue
from claims.selectors.users import review_users
from claims.services.review import claims_bulk_update
from claims.views.common import (
    CLAIMS_PER_PAGE,
    ReviewerRequest,
    form_error,
    query_without_page,
    reviewer_view,
)


@require_GET
@reviewer_view
def queue(request: ReviewerRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    claims = claim_queue(
        user=request.user,
        status=filters.get("status", ""),
        workflow=filters.get("workflow", ""),
        source_id=filters.get("source"),
        assignee=filters.get("assignee", ""),
        min_checkworthiness=filters.get("min_checkworthiness"),
        article_id=filters.get("article"),
    )
    page = Paginator(claims, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    source = article = None
    if filters.get("source"):
        source = Source.objects.filter(pk=filters["source"]).first()
    if filters.get("article"):
        article = Article.objects.filter(pk=filters["article"]).only("pk", "title").first()
    return render(
        request,
        "claims/queue.html",
        {
            "form": form,
            "page": page,
            "users": review_users(),
            "statuses": Claim.Status.choices,
            "filter_source": source,
            "filter_article": article,
            "query_string": query_without_page(request),
            "next": request.get_full_path(),
        },
    )


@require_POST
@reviewer_view
def queue_bulk(request: ReviewerRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    back = request.POST.get("next") or reverse("claims:queue")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("claims:queue")
    if not form.is_valid():
        messages.error(request, "Select claims and an action. " + form_error(form))
        return redirect(back)
    data = form.cleaned_data
    try:
        if data["action"] == "assign":
            assignee = None
            if data["assignee"] is not None:
                assignee = get_object_or_404(get_user_model(), pk=data["assignee"])
            outcome = claims_bulk_update(
                versions=data["claims"], actor=request.user, assignee=assignee
            )
        else:
            outcome = claims_bulk_update(
                versions=data["claims"], actor=request.user, status=data["status"]
            )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if outcome.updated:
        messages.success(request, f"Updated {len(outcome.updated)} claim(s).")
    if outcome.conflicts:
        ids = ", ".join(f"#{pk}" for pk in outcome.conflicts)
        messages.error(
            request,
            f"Not changed, because someone else changed them since you loaded the page: {ids}. "
            "The list now shows their current state.",
        )
    for pk, reason in outcome.failed.items():
        messages.error(request, f"Claim #{pk}: {reason}")
    return redirect(back)
