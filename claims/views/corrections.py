"""Reviewers fix the machine's claims on the review page: add a claim from a selection,
move a span, split, merge, dismiss and restore; the article's review page is redrawn,
since each of these changes what the text shows marked. Editors re-extract an article."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims.errors import ServiceError
from claims.forms import ClaimAddForm, DismissForm, MergeForm, SpanForm, SplitForm
from claims.models import Claim, Source
from claims.roles import is_editor
from claims.services.corrections import (
    claim_add,
    claim_dismiss,
    claim_merge,
    claim_span_move,
    claim_split,
)
from claims.services.extraction import article_reextract
from claims.views.articles import article_or_404, review_context
from claims.views.common import ReviewerRequest, form_error, reviewer_view


def _review_response(
    request: ReviewerRequest,
    article_id: int,
    *,
    selected_id: int | None,
    notice: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The article's review page body, redrawn with `selected_id`'s panel (a full page,
    for a request that is not htmx's)."""
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif notice:
            messages.success(request, notice)
        url = f"/articles/{article_id}/" + (f"?claim={selected_id}" if selected_id else "")
        return redirect(url)
    context = review_context(request, article_or_404(article_id), selected_id=selected_id)
    context.update(notice=notice, error=error)
    return render(request, "claims/partials/review_body.html", context, status=status)


def _claim_article(pk: int) -> int:
    article_id = Claim.objects.filter(pk=pk).values_list("article_id", flat=True).first()
    if article_id is None:
        raise Http404("No such claim.")
    return int(article_id)


@require_POST
@reviewer_view
def claim_add_view(request: ReviewerRequest, pk: int) -> HttpResponse:
    article_or_404(pk)
    form = ClaimAddForm(request.POST)
    if not form.is_valid():
        return _review_response(request, pk, selected_id=None, error=form_error(form), status=422)
    data = form.cleaned_data
    try:
        claim = claim_add(
            article_id=pk,
            actor=request.user,
            start=data["start"],
            end=data["end"],
            source_id=data["source_id"],
            source_name=data["new_name"] if data["source_id"] is None else "",
            kind=data["kind"] or Source.Kind.PERSON,
            role=data["role"],
            mention=data["mention"],
            cue=data["cue"],
            channel=data["channel"],
            quote=data["quote"] or Claim.Quote.NONE,
            publisher=data["publisher"],
        )
    except ServiceError as exc:
        return _review_response(request, pk, selected_id=None, error=exc.message, status=exc.status)
    return _review_response(
        request, pk, selected_id=claim.pk, notice="Claim added: set who said it below."
    )


@require_POST
@reviewer_view
def claim_span(request: ReviewerRequest, pk: int) -> HttpResponse:
    article_id = _claim_article(pk)
    form = SpanForm(request.POST)
    if not form.is_valid():
        return _review_response(
            request, article_id, selected_id=pk, error=form_error(form), status=422
        )
    data = form.cleaned_data
    try:
        claim_span_move(
            claim_id=pk,
            actor=request.user,
            expected_version=data["version"],
            start=data["start"],
            end=data["end"],
        )
    except ServiceError as exc:
        return _review_response(
            request, article_id, selected_id=pk, error=exc.message, status=exc.status
        )
    return _review_response(request, article_id, selected_id=pk, notice="Span moved.")


@require_POST
@reviewer_view
def claim_split_view(request: ReviewerRequest, pk: int) -> HttpResponse:
    article_id = _claim_article(pk)
    form = SplitForm(request.POST)
    if not form.is_valid():
        return _review_response(
            request, article_id, selected_id=pk, error=form_error(form), status=422
        )
    try:
        claim_split(
            claim_id=pk,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            at=form.cleaned_data["at"],
        )
    except ServiceError as exc:
        return _review_response(
            request, article_id, selected_id=pk, error=exc.message, status=exc.status
        )
    return _review_response(request, article_id, selected_id=pk, notice="Claim split in two.")


@require_POST
@reviewer_view
def claim_merge_view(request: ReviewerRequest, pk: int) -> HttpResponse:
    article_id = _claim_article(pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        return _review_response(
            request, article_id, selected_id=pk, error=form_error(form), status=422
        )
    claim = Claim.objects.get(pk=pk)
    neighbours = Claim.objects.filter(article_id=article_id, dismissed=False, stale=False).exclude(
        pk=pk
    )
    if form.cleaned_data["direction"] == "next":
        other = neighbours.filter(Q(start__gt=claim.start)).order_by("start", "id").first()
    else:
        other = neighbours.filter(Q(start__lt=claim.start)).order_by("-start", "-id").first()
    if other is None:
        return _review_response(
            request, article_id, selected_id=pk, error="No claim there to merge with.", status=400
        )
    try:
        claim_merge(
            claim_id=pk,
            other_id=other.pk,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            other_version=other.version,
        )
    except ServiceError as exc:
        return _review_response(
            request, article_id, selected_id=pk, error=exc.message, status=exc.status
        )
    return _review_response(request, article_id, selected_id=pk, notice="Claims merged.")


@require_POST
@reviewer_view
def claim_dismiss_view(request: ReviewerRequest, pk: int) -> HttpResponse:
    article_id = _claim_article(pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        return _review_response(
            request, article_id, selected_id=pk, error=form_error(form), status=422
        )
    dismissed = form.cleaned_data["dismissed"]
    try:
        claim_dismiss(
            claim_id=pk,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            dismissed=dismissed,
            reason=form.cleaned_data["reason"],
        )
    except ServiceError as exc:
        return _review_response(
            request, article_id, selected_id=pk, error=exc.message, status=exc.status
        )
    notice = "Dismissed: not a claim." if dismissed else "Restored."
    return _review_response(request, article_id, selected_id=pk, notice=notice)


@require_POST
@reviewer_view
def article_reextract_view(request: ReviewerRequest, pk: int) -> HttpResponse:
    if not is_editor(request.user):
        raise PermissionDenied("Editors and admins re-extract articles.")
    article = article_or_404(pk)
    article_reextract(article_ids=[pk])
    if not article.body:
        messages.success(request, "Fetching the page again.")
    else:
        messages.success(request, "Extraction queued again; people's corrections are kept.")
    return redirect("claims:article_detail", pk=pk)
