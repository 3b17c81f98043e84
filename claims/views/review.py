"""The review panel of one claim and its actions: verdict, assignee, sign-off, source, checks."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims.checks import all_kinds
from claims.errors import ConflictError, NotFoundError, ServiceError
from claims.forms import (
    AssignForm,
    RetractForm,
    ReviewForm,
    SignoffForm,
    SourceCorrectForm,
)
from claims.models import VERDICT_STATUSES, Claim, EvidenceCapture, ReviewEvent, Source
from claims.roles import is_admin, is_editor
from claims.selectors.articles import article_progress as article_with_progress
from claims.selectors.claims import claim_detail
from claims.selectors.evidence import claim_evidence as claim_evidence_items
from claims.selectors.publishing import checkable_wording, public_path
from claims.selectors.sources import (
    source_record_for,
    source_search,
)
from claims.selectors.users import review_users
from claims.services.checks import checks_rerun
from claims.services.corrections import claim_source_correct
from claims.services.publishing import claim_retract as claim_retract_service
from claims.services.publishing import claim_signoff as signoff_service
from claims.services.publishing import signoff_refusal
from claims.services.review import claim_update, draft_missing
from claims.views.common import ReviewerRequest, form_error, reviewer_view


@require_GET
@reviewer_view
def claim_panel(request: ReviewerRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(pk)
    if not request.htmx:
        url = reverse("claims:article_detail", args=[claim.article_id])
        return redirect(f"{url}?claim={claim.pk}")
    return render(request, "claims/partials/claim_panel.html", panel_context(request, claim))


@require_POST
@reviewer_view
def claim_review(request: ReviewerRequest, pk: int) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, pk, error=form_error(form), status=422, form=form)
    data = form.cleaned_data
    try:
        claim_update(
            claim_id=pk,
            actor=request.user,
            expected_version=data["version"],
            status=data["status"],
            claim_reviewed=data["claim_reviewed"],
            rationale=data["rationale"],
            evidence=data["evidence"],
        )
    except ServiceError as exc:
        return _service_error_response(request, pk, exc, form=form)
    return _panel_response(request, pk, notice="Saved.")


@require_POST
@reviewer_view
def claim_assign(request: ReviewerRequest, pk: int) -> HttpResponse:
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, pk, error=form_error(form), status=422)
    assignee_id = form.cleaned_data["assignee"]
    assignee = None
    if assignee_id is not None:
        assignee = review_users().filter(pk=assignee_id).first()
        if assignee is None:
            return _panel_response(request, pk, error="No such reviewer.", status=422)
    try:
        claim_update(
            claim_id=pk,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            assignee=assignee,
        )
    except ServiceError as exc:
        return _service_error_response(request, pk, exc)
    return _panel_response(request, pk, notice="Assignment saved.")


@require_POST
@reviewer_view
def claim_signoff(request: ReviewerRequest, pk: int) -> HttpResponse:
    if not is_editor(request.user):
        raise PermissionDenied("Only editors sign verdicts off.")
    form = SignoffForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, pk, error=form_error(form), status=422)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        signoff_service(
            claim_id=pk,
            editor=request.user,
            expected_version=form.cleaned_data["version"],
            approve=approve,
            comment=form.cleaned_data["comment"],
        )
    except ServiceError as exc:
        return _service_error_response(request, pk, exc)
    notice = "Verdict signed off and published." if approve else "Verdict sent back."
    return _panel_response(request, pk, notice=notice)


@require_POST
@reviewer_view
def claim_retract(request: ReviewerRequest, pk: int) -> HttpResponse:
    if not is_editor(request.user):
        raise PermissionDenied("Only editors retract verdicts.")
    form = RetractForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, pk, error=form_error(form), status=422)
    try:
        claim_retract_service(
            claim_id=pk,
            editor=request.user,
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
    except ServiceError as exc:
        return _service_error_response(request, pk, exc)
    return _panel_response(request, pk, notice="Verdict retracted; its page says so.")


@require_POST
@reviewer_view
def claim_source(request: ReviewerRequest, pk: int) -> HttpResponse:
    form = SourceCorrectForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, pk, error=form_error(form), status=422)
    data = form.cleaned_data
    try:
        claim_source_correct(
            claim_id=pk,
            actor=request.user,
            expected_version=data["version"],
            source_id=data["source_id"],
            new_name=data["new_name"] if data["source_id"] is None else "",
            kind=data["kind"],
            role=data["role"],
            **form.attribution_changes(),
        )
    except ServiceError as exc:
        return _service_error_response(request, pk, exc)
    return _panel_response(request, pk, notice="Attribution corrected.")


@require_POST
@reviewer_view
def claim_rerun(request: ReviewerRequest, pk: int) -> HttpResponse:
    try:
        checks_rerun(claim_ids=[pk])
    except NotFoundError:
        raise Http404("No such claim.") from None
    if not request.htmx:
        article_id = Claim.objects.values_list("article_id", flat=True).get(pk=pk)
        return redirect(reverse("claims:article_detail", args=[article_id]))
    return _panel_response(request, pk, notice="Checks queued again.")


@require_GET
@reviewer_view
def claim_evidence(request: ReviewerRequest, pk: int) -> HttpResponse:
    """The claim's evidence list, polled by the panel while captures are under way."""
    claim = _claim_or_404(pk)
    return render(request, "claims/partials/evidence_list.html", evidence_context(claim))


def evidence_context(claim: Claim) -> dict[str, Any]:
    evidence = claim_evidence_items(claim)
    return {
        "claim": claim,
        "evidence": evidence,
        "evidence_pending": any(item.status in PENDING_CAPTURE for item in evidence),
    }


@require_GET
@reviewer_view
def source_picker(request: ReviewerRequest) -> HttpResponse:
    """Registry entries matching a search, for correcting a claim's source."""
    query = request.GET.get("q", "").strip()
    sources = source_search(query)[:12] if query else []
    return render(
        request, "claims/partials/source_picker.html", {"sources": sources, "query": query}
    )


def _claim_or_404(pk: int) -> Claim:
    try:
        return claim_detail().get(pk=pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None


def _service_error_response(
    request: ReviewerRequest, pk: int, exc: ServiceError, *, form: ReviewForm | None = None
) -> HttpResponse:
    if isinstance(exc, ConflictError):
        # The current state replaces what the reviewer saw; what they typed is kept aside.
        unsaved = form.cleaned_data if form is not None and form.is_valid() else None
        return _panel_response(
            request, pk, error=exc.message, status=409, conflict=True, unsaved=unsaved
        )
    return _panel_response(request, pk, error=exc.message, status=exc.status)


def _panel_response(
    request: ReviewerRequest,
    pk: int,
    *,
    notice: str = "",
    error: str = "",
    status: int = 200,
    conflict: bool = False,
    unsaved: dict[str, Any] | None = None,
    form: ReviewForm | None = None,
) -> HttpResponse:
    claim = _claim_or_404(pk)
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif notice:
            messages.success(request, notice)
        url = reverse("claims:article_detail", args=[claim.article_id])
        return redirect(f"{url}?claim={claim.pk}")
    context = panel_context(request, claim, form=None if conflict else form)
    context.update(
        notice=notice,
        error=error,
        conflict=conflict,
        unsaved=unsaved,
        oob=True,
        highlight_text=claim.article.body[claim.start : claim.end],
        # The article's counts move with a save: the header is swapped in place too.
        progress=article_with_progress(claim.article_id),
    )
    return render(request, "claims/partials/claim_update.html", context, status=status)


def panel_context(
    request: ReviewerRequest, claim: Claim, *, form: ReviewForm | None = None
) -> dict[str, Any]:
    user = request.user
    checks = {check.kind: check for check in claim.checks.all()}
    if form is None:
        form = ReviewForm(
            initial={
                "version": claim.version,
                "status": claim.status,
                "claim_reviewed": claim.claim_reviewed,
                "rationale": claim.rationale,
                "evidence": "\n".join(claim.evidence),
            }
        )
    refusal = signoff_refusal(claim=claim, editor=user)
    history = list(reversed(claim.history.all()))  # newest first
    return {
        **evidence_context(claim),
        "claim": claim,
        "selected_id": claim.pk,
        "form": form,
        "checks": [
            {
                "kind": kind.name,
                "title": kind.title,
                "template": kind.template,
                "check": checks[kind.name],
            }
            for kind in all_kinds()
            if kind.name in checks
        ],
        "source_record": source_record_for(claim),
        "history": history,
        "statuses": [
            {"value": value, "label": label, "key": index}
            for index, (value, label) in enumerate(Claim.Status.choices, start=1)
        ],
        "users": review_users(),
        "is_editor": is_editor(user),
        "is_admin": is_admin(user),
        "can_sign_off": refusal is None,
        "signoff_refusal": refusal.message if refusal is not None else "",
        "is_correction": bool(claim.verdicts.all()),
        "missing": draft_missing(claim),
        "sent_back": _sent_back_event(claim, history),
        "public_url": public_path(claim.pk) if claim.published_verdict_id else "",
        "checkable_placeholder": checkable_wording(claim.text),
        "is_verdict": claim.status in VERDICT_STATUSES,
        "source_kinds": Source.Kind.choices,
        "quote_kinds": Claim.Quote.choices,
    }


# Capture states the panel waits on; retries come minutes later, so it stops polling then.
PENDING_CAPTURE = (EvidenceCapture.Status.PENDING, EvidenceCapture.Status.CAPTURING)


def _sent_back_event(claim: Claim, history: list[ReviewEvent]) -> ReviewEvent | None:
    """The editor's send-back the reviewer is answering, while the draft is sent back."""
    if claim.review_state != Claim.ReviewState.SENT_BACK:
        return None
    return next(
        (e for e in history if e.field == ReviewEvent.Field.SIGNOFF and e.new_value == "sent back"),
        None,
    )
