"""The pipeline's rows, read-only: articles, claims, checks, evidence captures and review
history, with re-runs."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from claims.admin.access import AdminRoleOnly, InlineForRoles, ReviewersMayLook
from claims.models import (
    Article,
    Check,
    Claim,
    EvidenceCapture,
    ReviewEvent,
    Verdict,
)
from claims.selectors.articles import article_list
from claims.services.checks import article_checks_rerun, checks_rerun
from claims.services.extraction import article_reextract


class ArticleClaimInline(InlineForRoles, admin.TabularInline):
    """The article's claims, read-only: each links to its page, with its checks and
    review history."""

    model = Claim
    read_only = True
    extra = 0
    fields = ("text", "source", "attribution", "status", "stale")
    readonly_fields = fields
    show_change_link = True
    ordering = ("start", "id")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).select_related("source")


@admin.register(Article)
class ArticleAdmin(ReviewersMayLook, admin.ModelAdmin):
    list_display = (
        "title",
        "publisher",
        "published",
        "status",
        "claim_count",
        "reviewed_count",
        "submitted_by",
        "created_at",
    )
    list_filter = ("status", "publisher", "created_at", "published")
    search_fields = ("title", "body", "url", "publisher")
    date_hierarchy = "created_at"
    actions = ("reextract", "rerun_checks")
    readonly_fields = [f.name for f in Article._meta.fields]
    inlines = (ArticleClaimInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return article_list()

    # Articles come in through the submit service (web UI or API), which hashes the text.
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, article: Article) -> int:
        return article.claim_count  # type: ignore[attr-defined]  # annotated by the selector

    @admin.display(description="reviewed", ordering="reviewed_count")
    def reviewed_count(self, article: Article) -> int:
        return article.reviewed_count  # type: ignore[attr-defined]  # annotated by the selector

    @admin.action(description="Re-run extraction", permissions=["rerun"])
    def reextract(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        ids = article_reextract(article_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"Queued extraction of {len(ids)} article(s).")

    @admin.action(description="Re-run checks on their claims", permissions=["rerun"])
    def rerun_checks(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        queued = article_checks_rerun(article_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"Queued {len(queued.checks)} check(s).")


class CheckInline(InlineForRoles, admin.TabularInline):
    model = Check
    read_only = True
    extra = 0
    fields = ("kind", "state", "attempts", "error", "finished_at")
    readonly_fields = fields


class ReviewEventInline(InlineForRoles, admin.TabularInline):
    model = ReviewEvent
    read_only = True
    extra = 0
    fields = ("created_at", "actor", "field", "old_value", "new_value", "comment")
    readonly_fields = fields
    ordering = ("created_at", "id")


@admin.register(Claim)
class ClaimAdmin(ReviewersMayLook, admin.ModelAdmin):
    """Claims are reviewed in the review UI, which records each change in the claim's
    history; here they are read, filtered and their checks re-run."""

    read_only = True
    list_display = (
        "short_text",
        "article",
        "source",
        "attribution",
        "status",
        "checkworthiness",
        "stale",
        "signed_off_at",
    )
    list_filter = (
        "status",
        "attribution",
        "quote",
        "stale",
        ("signed_off_at", admin.EmptyFieldListFilter),
    )
    list_select_related = ("article", "source")
    search_fields = ("text", "mention", "source__name")
    inlines = (CheckInline, ReviewEventInline)
    actions = ("rerun_checks",)

    @admin.display(description="claim")
    def short_text(self, claim: Claim) -> str:
        return claim.text[:100]

    @admin.action(description="Re-run checks", permissions=["rerun"])
    def rerun_checks(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        queued = checks_rerun(claim_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"Queued {len(queued.checks)} check(s).")


@admin.register(Check)
class CheckAdmin(AdminRoleOnly, admin.ModelAdmin):
    read_only = True
    list_display = ("id", "claim", "kind", "state", "attempts", "queued_at", "finished_at")
    list_filter = ("state", "kind")
    list_select_related = ("claim",)
    search_fields = ("claim__text", "error")
    actions = ("rerun",)

    @admin.action(description="Re-run these checks", permissions=["rerun"])
    def rerun(self, request: HttpRequest, queryset: QuerySet[Check]) -> None:
        claim_ids = list(queryset.values_list("claim_id", flat=True).distinct())
        queued = checks_rerun(claim_ids=claim_ids)
        self.message_user(request, f"Queued {len(queued.checks)} check(s).")


@admin.register(EvidenceCapture)
class EvidenceCaptureAdmin(AdminRoleOnly, admin.ModelAdmin):
    """What was captured of each evidence link: a record, like the files it names."""

    read_only = True
    list_display = ("url", "claim", "status", "http_status", "sha256", "captured_at")
    list_filter = ("status", "archive_status", "captured_at")
    list_select_related = ("claim",)
    search_fields = ("url", "final_url", "sha256", "title")
    date_hierarchy = "queued_at"
    readonly_fields = [f.name for f in EvidenceCapture._meta.fields]


@admin.register(Verdict)
class VerdictAdmin(AdminRoleOnly, admin.ModelAdmin):
    """Published versions are records of what two people approved: nobody edits them here.
    A correction is a new approved version; a retraction is an editor's action."""

    read_only = True
    list_display = ("claim", "number", "rating", "approved_by", "approved_at", "retracted_at")
    list_filter = ("rating", ("retracted_at", admin.EmptyFieldListFilter))
    list_select_related = ("claim", "approved_by")
    search_fields = ("claim_reviewed", "rationale", "source_name")
    readonly_fields = [f.name for f in Verdict._meta.fields]


@admin.register(ReviewEvent)
class ReviewEventAdmin(AdminRoleOnly, admin.ModelAdmin):
    """The review history is append-only: nobody adds, edits or deletes it here."""

    read_only = True
    list_display = ("created_at", "claim", "actor", "field", "old_value", "new_value")
    list_filter = ("field", "created_at")
    list_select_related = ("claim", "actor")
    search_fields = ("claim__text", "comment", "actor__username")
    date_hierarchy = "created_at"
