"""The admin: source registry management (search, review, merge, import/export, audit), and
read-mostly views of articles, claims, checks, review history, webhooks, users and tokens.

Writes go through claims.services, as everywhere else. Who may do what follows the roles in
claims.roles, not Django's per-model permissions: admins (group `admin` or superusers, who
must also be staff to sign in here) manage everything; reviewers who are staff may look at
sources, articles and claims but change nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, JSON
from rest_framework.authtoken.models import TokenProxy
from simple_history.admin import SimpleHistoryAdmin

from claims import extraction, selectors, services
from claims.errors import ServiceError
from claims.models import (
    ApiToken,
    Article,
    Check,
    Claim,
    ReviewEvent,
    Source,
    SourceAlias,
    WebhookDelivery,
    WebhookSubscription,
)
from claims.roles import ROLES, is_admin, is_reviewer
from claims.sources_io import SourceResource

User = get_user_model()

SOURCE_CLAIMS_SHOWN = 20


class AdminRoleOnly:
    """Only admins see or touch the model; `read_only` models can't be added or changed."""

    read_only = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return not self.read_only and is_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_admin(request.user)

    def has_rerun_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)


class ReviewersMayLook(AdminRoleOnly):
    """Reviewers may read these pages (to check a source or a claim); admins change them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_reviewer(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_reviewer(request.user)


class InlineForRoles:
    """Inlines follow the same roles as their page: Django's per-model permissions, which
    the role groups don't carry, would hide them even from admins."""

    read_only = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_reviewer(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_admin(request.user)


# Sources


class ReviewStateFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"
    TO_CONFIRM = "to_confirm"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(self.TO_CONFIRM, "To confirm"), ("active", "In use"), ("merged", "Merged")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Source]) -> QuerySet[Source]:
        if self.value() == self.TO_CONFIRM:
            return queryset.filter(confirmed=False, merged_into__isnull=True)
        if self.value() == "active":
            return queryset.filter(merged_into__isnull=True)
        if self.value() == "merged":
            return queryset.filter(merged_into__isnull=False)
        return queryset


class HasClaimsFilter(admin.SimpleListFilter):
    title = "claims"
    parameter_name = "has_claims"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Has claims"), ("no", "No claims")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Source]) -> QuerySet[Source]:
        # A subquery, not a join: joining claims again would multiply the annotated counts.
        quoted = Exists(Claim.objects.filter(source=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(quoted)
        if self.value() == "no":
            return queryset.filter(~quoted)
        return queryset


class NewSinceFilter(admin.SimpleListFilter):
    title = "new since"
    parameter_name = "new_since"
    PERIODS = {"day": 1, "week": 7, "month": 30}

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("day", "Last day"), ("week", "Last week"), ("month", "Last month")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Source]) -> QuerySet[Source]:
        days = self.PERIODS.get(self.value() or "")
        if days is None:
            return queryset
        return queryset.filter(created_at__gte=timezone.now() - datetime.timedelta(days=days))


def _alias_owner(name: str) -> SourceAlias | None:
    normalized = extraction.normalize_alias(name)[:300]
    if not normalized:
        return None
    return SourceAlias.objects.select_related("source").filter(normalized=normalized).first()


class SourceAdminForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = (
            "name",
            "kind",
            "role",
            "affiliation",
            "description",
            "reliability",
            "reliability_notes",
            "confirmed",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # As source_create has it: a source entered by hand is confirmed. Unticked,
            # the box is a change the save passes on.
            self.fields["confirmed"].initial = True

    def clean_name(self) -> str:
        # A source's name is also one of its aliases, and an alias names one source only.
        name = self.cleaned_data["name"].strip()
        owner = _alias_owner(name)
        if owner is not None and owner.source_id != self.instance.pk:
            raise forms.ValidationError(
                f"{name!r} is an alias of {owner.source.name}: merge the two sources instead."
            )
        return name


class SourceAliasForm(forms.ModelForm):
    class Meta:
        model = SourceAlias
        fields = ("name",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # An alias is added or removed, not edited: extraction matched claims by it.
            self.fields["name"].disabled = True

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.instance.pk is None:
            if not extraction.normalize_alias(name):
                raise forms.ValidationError("An alias needs a name.")
            owner = _alias_owner(name)
            source_id = getattr(self.instance, "source_id", None)
            if owner is not None and owner.source_id != source_id:
                raise forms.ValidationError(f"{name!r} is already an alias of {owner.source.name}.")
        return name


class SourceAliasFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if self.instance.pk is None:
            return  # a new source gets its name as an alias
        remaining = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.instance.pk is not None or form.cleaned_data.get("name"))
        ]
        if not remaining:
            raise forms.ValidationError("Keep at least one alias, or extraction can't find it.")


class SourceAliasInline(InlineForRoles, admin.TabularInline):
    model = SourceAlias
    form = SourceAliasForm
    formset = SourceAliasFormSet
    extra = 1
    fields = ("name", "normalized", "created_at")
    readonly_fields = ("normalized", "created_at")


@admin.register(Source)
class SourceAdmin(ReviewersMayLook, ImportExportModelAdmin, SimpleHistoryAdmin):
    form = SourceAdminForm
    resource_classes = [SourceResource]
    formats = [CSV, JSON]
    change_list_template = "admin/claims/source/change_list.html"
    list_display = (
        "name",
        "kind",
        "alias_list",
        "affiliation",
        "reliability",
        "claim_count",
        *selectors.SOURCE_VERDICT_COLUMNS,
        "review_state",
    )
    # "review" covers confirmed or not; "new since" covers the age.
    list_filter = (
        ReviewStateFilter,
        "kind",
        "reliability",
        ("affiliation", admin.AllValuesFieldListFilter),
        HasClaimsFilter,
        NewSinceFilter,
    )
    search_fields = ("name", "aliases__name", "role", "affiliation")
    list_per_page = 50
    inlines = (SourceAliasInline,)
    actions = ("merge_sources", "confirm_sources")
    fieldsets = (
        (None, {"fields": ("name", "kind", "role", "affiliation", "description")}),
        ("Reliability", {"fields": ("reliability", "reliability_notes")}),
        ("Review", {"fields": ("confirmed", "merged_into", "created_at", "updated_at")}),
    )
    readonly_fields = ("merged_into", "created_at", "updated_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return selectors.source_admin_list()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Claims point at sources: a duplicate is merged, so its claims and aliases move.
        return False

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        # simple-history saves a posted earlier version for anyone who may view it; the
        # form a reviewer gets has no fields, but a revert is a change all the same.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Source], search_term: str
    ) -> tuple[QuerySet[Source], bool]:
        if not search_term:
            return queryset, False
        # Matching aliases joins a row per alias, which would multiply the counts the list
        # annotates (and `distinct()` does not undo that): match the ids in a subquery.
        matches, _ = super().get_search_results(request, Source.objects.all(), search_term)
        return queryset.filter(pk__in=matches.values("pk")), False

    def has_import_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    # List columns

    @admin.display(description="aliases")
    def alias_list(self, source: Source) -> str:
        names = [a.name for a in source.aliases.all() if a.name != source.name]
        return ", ".join(names[:5]) + (" …" if len(names) > 5 else "")

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, source: Source) -> int:
        return source.claim_count  # type: ignore[attr-defined]

    @admin.display(description="review", ordering="confirmed")
    def review_state(self, source: Source) -> str:
        if source.merged_into is not None:
            return format_html(
                'merged into <a href="{}">{}</a>',
                reverse("admin:claims_source_change", args=[source.merged_into_id]),
                source.merged_into.name,
            )
        return "confirmed" if source.confirmed else "to confirm"

    # Change page: the aliases inline follows the first fieldset, the source's claims and
    # its recorded changes come last (templates/admin/claims/source/change_form.html).

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Source | None = None,
    ) -> HttpResponse:
        if obj is not None and obj.pk is not None:
            context["source_claims"] = self.claims_summary(obj)
            context["source_audit"] = self.audit_trail(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def claims_summary(self, source: Source) -> str:
        claims = list(selectors.source_claims(source)[:SOURCE_CLAIMS_SHOWN])
        if not claims:
            return "No claims."
        rows = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td><a href="{}">{}</a></td></tr>',
            (
                (
                    reverse("admin:claims_claim_change", args=[c.pk]),
                    c.text[:120],
                    c.get_status_display(),
                    reverse("admin:claims_article_change", args=[c.article_id]),
                    c.article,
                )
                for c in claims
            ),
        )
        total = source.claims.count()
        return format_html(
            "<table><thead><tr><th>Claim</th><th>Status</th><th>Article</th></tr></thead>"
            '<tbody>{}</tbody></table><p>Showing {} of {}. <a href="{}?source__id__exact={}">'
            "All claims of this source</a></p>",
            rows,
            len(claims),
            total,
            reverse("admin:claims_claim_changelist"),
            source.pk,
        )

    def audit_trail(self, source: Source) -> str:
        records = selectors.source_audit(source)
        if not records:
            return "No recorded changes."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(r.history_date).strftime("%Y-%m-%d %H:%M"),
                    r.history_user or "system",
                    f"{r.instance_type._meta.verbose_name} {r.get_history_type_display().lower()}"
                    f": {r.name}",
                    "; ".join(f"{field}: {old!r} → {new!r}" for field, old, new in r.changes),
                    r.history_change_reason or "",
                )
                for r in records
            ),
        )
        return format_html(
            "<table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Changes</th>"
            "<th>Reason</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    # Writes, through the services

    def save_model(self, request: HttpRequest, obj: Source, form: Any, change: bool) -> None:
        values = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in SourceAdminForm.Meta.fields and name != "name"
        }
        if not change:
            saved = services.source_create(name=obj.name, **values)
            obj.pk = saved.pk
            obj.refresh_from_db()
            obj._state.adding = False
            return
        if "name" in form.changed_data:
            values["name"] = obj.name
        if values:
            services.source_update(source_id=obj.pk, **values)
        obj.refresh_from_db()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not SourceAlias:
            super().save_formset(request, form, formset, change)
            return
        # What save() would have set; the admin's change message reads it.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for alias_form in formset.deleted_forms:
            if alias_form.instance.pk is not None:
                services.source_alias_remove(alias_id=alias_form.instance.pk, actor=request.user)
                formset.deleted_objects.append(alias_form.instance)
        for alias_form in formset.forms:
            name = alias_form.cleaned_data.get("name") if alias_form.cleaned_data else None
            if alias_form.instance.pk is None and name and alias_form not in formset.deleted_forms:
                alias = services.source_alias_add(source=form.instance, name=name)
                formset.new_objects.append(alias)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "to_confirm_count": Source.objects.filter(
                confirmed=False, merged_into__isnull=True
            ).count(),
            "to_confirm_query": f"?{ReviewStateFilter.parameter_name}="
            f"{ReviewStateFilter.TO_CONFIRM}",
        }
        return super().changelist_view(request, extra_context)

    # Actions

    @admin.action(description="Confirm the selected sources", permissions=["change"])
    def confirm_sources(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        count = services.source_confirm(
            source_ids=list(queryset.values_list("pk", flat=True)), actor=request.user
        )
        self.message_user(request, f"Confirmed {count} source(s).", messages.SUCCESS)

    @admin.action(description="Merge the selected sources…", permissions=["change"])
    def merge_sources(
        self, request: HttpRequest, queryset: QuerySet[Source]
    ) -> HttpResponse | None:
        selected = list(queryset.filter(merged_into__isnull=True))
        errors: list[str] = []
        target = None
        target_id = (request.POST.get("merge_into") or "").strip()
        if target_id:
            target = Source.objects.filter(pk=target_id if target_id.isdigit() else 0).first()
            if target is None or target.merged_into_id is not None:
                errors.append(f"There is no source #{target_id} to merge into.")
                target = None
        candidates = selected + ([target] if target and target not in selected else [])
        by_id = {s.pk: s for s in candidates}
        keep_id = request.POST.get("keep", "")
        keep = (
            target
            or by_id.get(int(keep_id) if keep_id.isdigit() else 0)
            or _default_keep(candidates)
        )
        if len(candidates) < 2:
            errors.append("Pick two or more sources, or name a source to merge into.")
        plan = _merge_plan(keep, candidates)
        if "confirm" in request.POST and not errors and request.POST.get("plan") != plan:
            # The admin confirms what the preview showed, not a choice changed since.
            errors.append("The choice changed since the preview: check it again, then confirm.")
        if "confirm" in request.POST and keep is not None and not errors:
            others = [s.pk for s in candidates if s.pk != keep.pk]
            try:
                services.source_merge(keep_id=keep.pk, other_ids=others, actor=request.user)
            except ServiceError as exc:
                errors.append(exc.message)
            except Source.DoesNotExist:
                errors.append("One of these sources is gone; pick the sources again.")
            else:
                self.message_user(
                    request,
                    f"Merged {len(others)} source(s) into {keep.name}.",
                    messages.SUCCESS,
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge sources",
            "opts": self.opts,
            "sources": candidates,
            "selected": selected,
            "keep": keep,
            "merge_into": target_id,
            "plan": plan,
            "preview": selectors.source_merge_preview(keep=keep, others=candidates)
            if keep is not None and len(candidates) >= 2
            else None,
            "errors": errors,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/source/merge_preview.html", context)


def _verdict_column(column: str, label: str) -> Any:
    @admin.display(description=label.lower(), ordering=column)
    def count(self: SourceAdmin, source: Source) -> int:
        return getattr(source, column)

    return count


# One list column per verdict, named as the queryset's annotations.
for _column, _status in selectors.SOURCE_VERDICT_COLUMNS.items():
    setattr(SourceAdmin, _column, _verdict_column(_column, _status.label))


def _merge_plan(keep: Source | None, sources: list[Source]) -> str:
    """The previewed choice, `keep:all ids`, posted back with the confirmation."""
    if keep is None:
        return ""
    return f"{keep.pk}:{','.join(str(pk) for pk in sorted(s.pk for s in sources))}"


def _default_keep(sources: list[Source]) -> Source | None:
    # The entry people have checked and that carries the most claims is the likely keeper.
    if not sources:
        return None
    return max(sources, key=lambda s: (s.confirmed, getattr(s, "claim_count", 0), -s.pk))


# Articles, claims, checks, review history


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
        return selectors.article_list()

    # Articles come in through the submit service (web UI or API), which hashes the text.
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, article: Article) -> int:
        return article.claim_count  # type: ignore[attr-defined]

    @admin.display(description="reviewed", ordering="reviewed_count")
    def reviewed_count(self, article: Article) -> int:
        return article.reviewed_count  # type: ignore[attr-defined]

    @admin.action(description="Re-run extraction", permissions=["rerun"])
    def reextract(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        ids = services.article_reextract(article_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"Queued extraction of {len(ids)} article(s).")

    @admin.action(description="Re-run checks on their claims", permissions=["rerun"])
    def rerun_checks(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        ids = services.article_checks_rerun(article_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"Queued {len(ids)} check(s).")


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
        ids = services.checks_rerun(claim_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"Queued {len(ids)} check(s).")


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
        ids = services.checks_rerun(claim_ids=claim_ids)
        self.message_user(request, f"Queued {len(ids)} check(s).")


@admin.register(ReviewEvent)
class ReviewEventAdmin(AdminRoleOnly, admin.ModelAdmin):
    """The review history is append-only: nobody adds, edits or deletes it here."""

    read_only = True
    list_display = ("created_at", "claim", "actor", "field", "old_value", "new_value")
    list_filter = ("field", "created_at")
    list_select_related = ("claim", "actor")
    search_fields = ("claim__text", "comment", "actor__username")
    date_hierarchy = "created_at"


# API tokens and webhooks


@admin.register(ApiToken)
class ApiTokenAdmin(AdminRoleOnly, admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "read_only", "created_at", "last_used_at")
    list_filter = ("read_only",)
    list_select_related = ("user",)
    search_fields = ("name", "user__username", "prefix")
    fields = ("user", "name", "read_only", "prefix", "created_at", "last_used_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    raw_id_fields = ("user",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A key is issued once: afterwards only the name and read-only flag may change.
        if obj is not None:
            return (*self.readonly_fields, "user")
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = services.api_token_issue(user=obj.user, name=obj.name, read_only=obj.read_only)
        obj.pk = token.pk
        obj.refresh_from_db()
        obj._state.adding = False
        messages.warning(
            request,
            f"The token's key, shown only this once: {key}  Use: Authorization: Token {key}",
        )


class WebhookSubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=WebhookSubscription.Event.choices, widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(
        required=False, max_length=128, help_text="Left empty on a new subscription: generated."
    )

    class Meta:
        model = WebhookSubscription
        fields = ("owner", "url", "events", "secret", "active")


class WebhookDeliveryInline(InlineForRoles, admin.TabularInline):
    model = WebhookDelivery
    read_only = True
    extra = 0
    fields = ("created_at", "event", "status", "attempts", "response_status", "error")
    readonly_fields = fields
    ordering = ("-created_at",)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(AdminRoleOnly, admin.ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ("url", "owner", "events", "active", "created_at")
    list_filter = ("active",)
    list_select_related = ("owner",)
    search_fields = ("url",)
    raw_id_fields = ("owner",)
    inlines = (WebhookDeliveryInline,)

    def save_model(
        self, request: HttpRequest, obj: WebhookSubscription, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        if not change:
            saved = services.webhook_subscribe(
                owner=data["owner"],
                url=data["url"],
                events=data["events"],
                secret=data["secret"],
                active=data["active"],
            )
            obj.pk = saved.pk
            obj.refresh_from_db()
            obj._state.adding = False
            return
        values = {
            name: data[name]
            for name in form.changed_data
            if name in ("url", "events", "secret", "active")
        }
        if values:
            services.webhook_subscription_update(subscription_id=obj.pk, **values)
        obj.refresh_from_db()


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(AdminRoleOnly, admin.ModelAdmin):
    read_only = True
    list_display = ("id", "event", "subscription", "status", "attempts", "response_status")
    list_filter = ("status", "event")
    list_select_related = ("subscription",)
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]


# Users and roles

admin.site.unregister(User)
admin.site.unregister(Group)
# The API authenticates with ApiToken (above); DRF's own tokens, whose app is installed for
# its migrations, open nothing, so a page to issue them would only mislead.
admin.site.unregister(TokenProxy)


@admin.register(User)
class UserAdmin(AdminRoleOnly, DjangoUserAdmin):
    list_display = ("username", "email", "roles", "is_staff", "is_active", "last_login")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="roles")
    def roles(self, user: Any) -> str:
        names = [g.name for g in user.groups.all() if g.name in ROLES]
        return ", ".join(names + (["superuser"] if user.is_superuser else []))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # An admin who is not a superuser can't make anyone (themselves included) one.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("is_superuser", "user_permissions", "last_login", "date_joined")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Group)
class RoleAdmin(AdminRoleOnly, DjangoGroupAdmin):
    """The roles are groups; membership is given on the user's page. Only a superuser
    changes a group itself."""

    list_display = ("name", "member_count")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
        return super().get_queryset(request).annotate(member_count=Count("user"))

    @admin.display(description="members", ordering="member_count")
    def member_count(self, group: Group) -> int:
        return group.member_count  # type: ignore[attr-defined]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


# Models other apps register (django-axes' login lockouts, ...)


class ReadableByAdmins:
    """Admins may read another app's models; changing them stays with superusers, under
    that app's own rules (its admin and Django's permissions)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user) or super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user) or super().has_view_permission(request, obj)  # type: ignore[misc]


# The admin modules of apps listed before `claims` are loaded by now (autodiscover follows
# INSTALLED_APPS), and those are the ones that register models.
for _model, _model_admin in list(admin.site._registry.items()):
    if isinstance(_model_admin, (AdminRoleOnly, ReadableByAdmins)):
        continue
    admin.site.unregister(_model)
    admin.site.register(
        _model, type(type(_model_admin).__name__, (ReadableByAdmins, type(_model_admin)), {})
    )
