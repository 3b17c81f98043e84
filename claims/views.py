"""The reviewer web interface: server-rendered pages, htmx partials for in-place updates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims import selectors, services
from claims.checks import KINDS
from claims.errors import ConflictError, ServiceError
from claims.forms import (
    ArticleFilterForm,
    AssignForm,
    BulkForm,
    QueueFilterForm,
    ReviewForm,
    SignoffForm,
    SourceCorrectForm,
    SubmitForm,
)
from claims.models import VERDICT_STATUSES, Article, Check, Claim, Source
from claims.roles import is_admin, is_editor, is_reviewer

View = Callable[..., HttpResponse]

IN_PROGRESS = (Article.Status.QUEUED, Article.Status.EXTRACTING, Article.Status.VERIFYING)
ARTICLES_PER_PAGE = 25
CLAIMS_PER_PAGE = 50
SOURCES_PER_PAGE = 50


def reviewer_view(view: View) -> View:
    """Logged in and in one of the roles. (The Content-Security-Policy that keeps scripts in
    an article from running is set on every response, in settings.)"""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_reviewer(request.user):
            raise PermissionDenied("Only reviewers, editors and admins use factcheck.")
        return view(request, *args, **kwargs)

    return wrapped


# Articles


@require_GET
@reviewer_view
def article_list(request: HttpRequest) -> HttpResponse:
    form = ArticleFilterForm(request.GET or None, publishers=selectors.article_publishers())
    filters = form.cleaned_data if form.is_valid() else {}
    articles = selectors.article_search(
        query=filters.get("q", ""),
        status=filters.get("status", ""),
        publisher=filters.get("publisher", ""),
    )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "claims/article_list.html",
        {"form": form, "page": page, "query_string": _query_without_page(request)},
    )


@reviewer_view
def article_submit(request: HttpRequest) -> HttpResponse:
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
                article, created = services.article_submit_url(url=data["url"], **meta)
            elif data["file"]:
                upload = data["file"]
                article, created = services.article_submit_upload(
                    name=upload.name, data=upload.read(), **meta
                )
            else:
                article, created = services.article_submit(body=data["text"], **meta)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            if not created:
                messages.info(request, "This article was submitted before; here it is.")
            return redirect("claims:article_detail", pk=article.pk)
    status = 400 if form.errors else 200
    return render(request, "claims/article_submit.html", {"form": form}, status=status)


@require_GET
@reviewer_view
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_or_404(pk)
    context = _review_context(request, article)
    return render(request, "claims/article_detail.html", context)


@require_GET
@reviewer_view
def article_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled every second while the article is processed; once it is done, the claims."""
    article = _article_or_404(pk)
    return render(request, "claims/partials/review_body.html", _review_context(request, article))


def _article_or_404(pk: int) -> Article:
    try:
        return selectors.article_progress(pk)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None


def _review_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    processing = article.status in IN_PROGRESS
    claims = [] if processing else selectors.review_claims(article)
    context: dict[str, Any] = {
        "article": article,
        "processing": processing,
        "claims": claims,
        "segments": highlight_segments(article.body, claims),
        "selected_id": None,
        "status_keys": Claim.Status.choices,
    }
    if claims:
        wanted = request.GET.get("claim")
        by_id = {str(c.pk): c for c in claims}
        selected = by_id.get(wanted or "", claims[0])
        # The loop variable of the claims list shadows `claim` only inside the loop.
        context.update(_panel_context(request, selectors.claim_for_review(selected.pk)))
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
            segments.append({"text": body[position:start], "claim": None})
        segments.append({"text": body[start:end], "claim": claim})
        position = end
    if position < len(body):
        segments.append({"text": body[position:], "claim": None})
    return segments


# Claims: the review panel and its actions


@require_GET
@reviewer_view
def claim_panel(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(pk)
    if not request.htmx:
        url = reverse("claims:article_detail", args=[claim.article_id])
        return redirect(f"{url}?claim={claim.pk}")
    return render(request, "claims/partials/claim_panel.html", _panel_context(request, claim))


@require_POST
@reviewer_view
def claim_review(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, pk, error=_form_error(form), status=422, form=form)
    data = form.cleaned_data
    try:
        services.claim_update(
            claim_id=pk,
            actor=request.user,
            expected_version=data["version"],
            status=data["status"],
            rationale=data["rationale"],
            evidence=data["evidence"],
        )
    except ServiceError as exc:
        return _service_error_response(request, pk, exc, form=form)
    return _panel_response(request, pk, notice="Saved.")


@require_POST
@reviewer_view
def claim_assign(request: HttpRequest, pk: int) -> HttpResponse:
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, pk, error=_form_error(form), status=422)
    assignee_id = form.cleaned_data["assignee"]
    assignee = None
    if assignee_id is not None:
        assignee = selectors.review_users().filter(pk=assignee_id).first()
        if assignee is None:
            return _panel_response(request, pk, error="No such reviewer.", status=422)
    try:
        services.claim_update(
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
def claim_signoff(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_editor(request.user):
        raise PermissionDenied("Only editors sign verdicts off.")
    form = SignoffForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, pk, error=_form_error(form), status=422)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.claim_signoff(
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
def claim_source(request: HttpRequest, pk: int) -> HttpResponse:
    form = SourceCorrectForm(request.POST)
    if not form.is_valid():
        return _panel_response(request, pk, error=_form_error(form), status=422)
    data = form.cleaned_data
    try:
        services.claim_source_correct(
            claim_id=pk,
            actor=request.user,
            expected_version=data["version"],
            source_id=data["source_id"],
            new_name=data["new_name"] if data["source_id"] is None else "",
            kind=data["kind"],
            role=data["role"],
        )
    except ServiceError as exc:
        return _service_error_response(request, pk, exc)
    return _panel_response(request, pk, notice="Source corrected.")


@require_POST
@reviewer_view
def claim_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    services.checks_rerun(claim_ids=[claim.pk])
    if not request.htmx:
        return redirect(reverse("claims:article_detail", args=[claim.article_id]))
    return _panel_response(request, pk, notice="Checks queued again.")


@require_GET
@reviewer_view
def source_picker(request: HttpRequest) -> HttpResponse:
    """Registry entries matching a search, for correcting a claim's source."""
    query = request.GET.get("q", "").strip()
    sources = selectors.source_search(query)[:12] if query else []
    return render(
        request, "claims/partials/source_picker.html", {"sources": sources, "query": query}
    )


def _claim_or_404(pk: int) -> Claim:
    try:
        return selectors.claim_for_review(pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None


def _form_error(form: Any) -> str:
    return " ".join(
        f"{'' if field == '__all__' else field.capitalize() + ': '}{' '.join(errors)}"
        for field, errors in form.errors.items()
    )


def _service_error_response(
    request: HttpRequest, pk: int, exc: ServiceError, *, form: ReviewForm | None = None
) -> HttpResponse:
    if isinstance(exc, ConflictError):
        # The current state replaces what the reviewer saw; what they typed is kept aside.
        unsaved = form.cleaned_data if form is not None and form.is_valid() else None
        return _panel_response(
            request, pk, error=exc.message, status=409, conflict=True, unsaved=unsaved
        )
    return _panel_response(request, pk, error=exc.message, status=exc.status)


def _panel_response(
    request: HttpRequest,
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
    context = _panel_context(request, claim, form=None if conflict else form)
    context.update(
        notice=notice,
        error=error,
        conflict=conflict,
        unsaved=unsaved,
        oob=True,
        highlight_text=claim.article.body[claim.start : claim.end],
    )
    return render(request, "claims/partials/claim_update.html", context, status=status)


CHECK_TITLES = {
    "quantities": "Quantities and arithmetic",
    "time": "Dates",
    "places": "Places",
    "corroboration": "Other reports",
    "prior_verdicts": "Earlier verdicts on similar claims",
    "source_record": "Source's track record",
    "external_factchecks": "External fact-checks",
}


def _panel_context(
    request: HttpRequest, claim: Claim, *, form: ReviewForm | None = None
) -> dict[str, Any]:
    user = request.user
    checks = {check.kind: check for check in claim.checks.all()}
    if form is None:
        form = ReviewForm(
            initial={
                "version": claim.version,
                "status": claim.status,
                "rationale": claim.rationale,
                "evidence": "\n".join(claim.evidence),
            }
        )
    return {
        "claim": claim,
        "selected_id": claim.pk,
        "form": form,
        "checks": [
            {"kind": kind, "title": CHECK_TITLES.get(kind, kind), "check": checks[kind]}
            for kind in KINDS
            if kind in checks
        ],
        "source_record": _done_result(checks.get("source_record")),
        "history": list(claim.history.all()),
        "statuses": [
            {"value": value, "label": label, "key": index}
            for index, (value, label) in enumerate(Claim.Status.choices, start=1)
        ],
        "users": selectors.review_users(),
        "is_editor": is_editor(user),
        "is_admin": is_admin(user),
        "can_sign_off": (
            is_editor(user)
            and claim.status in VERDICT_STATUSES
            and claim.reviewed_by_id != user.pk
            and claim.signed_off_at is None
        ),
        "is_verdict": claim.status in VERDICT_STATUSES,
        "source_kinds": Source.Kind.choices,
    }


def _done_result(check: Check | None) -> dict[str, Any] | None:
    if check is None or check.state != Check.State.DONE:
        return None
    return check.result


# The queue across articles


@require_GET
@reviewer_view
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    claims = selectors.claim_queue(
        user=request.user,
        status=filters.get("status", ""),
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
            "users": selectors.review_users(),
            "statuses": Claim.Status.choices,
            "filter_source": source,
            "filter_article": article,
            "query_string": _query_without_page(request),
            "next": request.get_full_path(),
        },
    )


@require_POST
@reviewer_view
def queue_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    back = request.POST.get("next") or reverse("claims:queue")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("claims:queue")
    if not form.is_valid():
        messages.error(request, "Select claims and an action. " + _form_error(form))
        return redirect(back)
    data = form.cleaned_data
    try:
        if data["action"] == "assign":
            assignee = None
            if data["assignee"] is not None:
                assignee = get_object_or_404(get_user_model(), pk=data["assignee"])
            outcome = services.claims_bulk_update(
                versions=data["claims"], actor=request.user, assignee=assignee
            )
        else:
            outcome = services.claims_bulk_update(
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


# Sources


@require_GET
@reviewer_view
def source_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.source_search(query), SOURCES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "claims/source_list.html",
        {"page": page, "query": query, "query_string": _query_without_page(request)},
    )


@require_GET
@reviewer_view
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.select_related("merged_into"), pk=pk)
    record = selectors.source_track_record(source)
    by_status: dict[str, int] = record["by_status"]  # type: ignore[assignment]
    published: dict[str, int] = record["published"]  # type: ignore[assignment]
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
    page = Paginator(selectors.source_claims(source), CLAIMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
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


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
