"""The source registry: search, review state, aliases, audit, import and export."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import JSON
from simple_history.admin import SimpleHistoryAdmin

from claims import extraction
from claims.admin.access import AdminRoleOnly, InlineForRoles, ReviewersMayLook
from claims.admin.import_export import SourceResource, SpreadsheetSafeCSV
from claims.admin.merge import merge_sources_view
from claims.errors import ServiceError
from claims.models import (
    Claim,
    Source,
    SourceAlias,
)
from claims.roles import acting_user, is_admin
from claims.selectors.sources import (
    SOURCE_VERDICT_COLUMNS,
    source_admin_list,
    source_audit,
    source_claims,
)
from claims.services.sources import (
    source_alias_add,
    source_alias_remove,
    source_confirm,
    source_create,
    source_update,
)

SOURCE_CLAIMS_SHOWN = 20


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
    return (
        SourceAlias.objects.select_related("source")
        .filter(normalized=normalized, article__isnull=True)
        .first()
    )


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
    fields = ("name", "normalized", "origin", "article", "created_at")
    readonly_fields = ("normalized", "origin", "article", "created_at")


def _verdict_column(column: str, label: str) -> Callable[[Source], int]:
    """A list column counting one verdict, read from the annotation named `column`
    (selectors.sources.source_admin_list counts them in the list's one query)."""

    @admin.display(description=label.lower(), ordering=column)
    def count(source: Source) -> int:
        return int(getattr(source, column))

    count.__name__ = column
    return count


VERDICT_COLUMNS = tuple(
    _verdict_column(column, status.label) for column, status in SOURCE_VERDICT_COLUMNS.items()
)


@admin.register(Source)
class SourceAdmin(ReviewersMayLook, ImportExportModelAdmin, SimpleHistoryAdmin):
    form = SourceAdminForm
    resource_classes = [SourceResource]
    formats = [SpreadsheetSafeCSV, JSON]
    change_list_template = "admin/claims/source/change_list.html"
    list_display = (
        "name",
        "kind",
        "alias_list",
        "affiliation",
        "reliability",
        "claim_count",
        *VERDICT_COLUMNS,
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
        return source_admin_list()

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
        return source.claim_count  # type: ignore[attr-defined]  # annotated by the selector

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
        claims = list(source_claims(source)[:SOURCE_CLAIMS_SHOWN])
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
        records = source_audit(source)
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
            saved = source_create(name=obj.name, **values)
            obj.pk = saved.pk
            obj.refresh_from_db()
            obj._state.adding = False
            return
        if "name" in form.changed_data:
            values["name"] = obj.name
        if values:
            source_update(source_id=obj.pk, **values)
        obj.refresh_from_db()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not SourceAlias:
            super().save_formset(request, form, formset, change)
            return
        # What save() would have set; the admin's change message reads it.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for alias_form in formset.deleted_forms:
            if alias_form.instance.pk is not None:
                source_alias_remove(
                    alias_id=alias_form.instance.pk, actor=acting_user(request.user)
                )
                formset.deleted_objects.append(alias_form.instance)
        for alias_form in formset.forms:
            name = alias_form.cleaned_data.get("name") if alias_form.cleaned_data else None
            if alias_form.instance.pk is None and name and alias_form not in formset.deleted_forms:
                alias = source_alias_add(source=form.instance, name=name)
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
        count = source_confirm(
            source_ids=list(queryset.values_list("pk", flat=True)), actor=acting_user(request.user)
        )
        self.message_user(request, f"Confirmed {count} source(s).", messages.SUCCESS)

    @admin.action(description="Merge the selected sources…", permissions=["change"])
    def merge_sources(
        self, request: HttpRequest, queryset: QuerySet[Source]
    ) -> HttpResponse | None:
        return merge_sources_view(self, request, queryset)


class AliasScopeFilter(admin.SimpleListFilter):
    title = "holds"
    parameter_name = "holds"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("everywhere", "Everywhere"), ("article", "In one article")]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[SourceAlias]
    ) -> QuerySet[SourceAlias]:
        if self.value() == "everywhere":
            return queryset.filter(article__isnull=True)
        if self.value() == "article":
            return queryset.filter(article__isnull=False)
        return queryset


@admin.register(SourceAlias)
class SourceAliasAdmin(AdminRoleOnly, admin.ModelAdmin):
    """Every alias, with where it came from: an admin removes one a correction taught
    wrongly. Aliases are added on their source's page, or by reviewers' corrections."""

    list_display = ("name", "source", "origin", "article", "created_at")
    list_filter = ("origin", AliasScopeFilter)
    list_select_related = ("source", "article")
    search_fields = ("name", "source__name")
    readonly_fields = ("source", "name", "normalized", "origin", "article", "created_at")
    actions = ("remove_aliases",)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # removal goes through the service below
        return actions

    def delete_model(self, request: HttpRequest, obj: SourceAlias) -> None:
        source_alias_remove(alias_id=obj.pk, actor=acting_user(request.user))

    @admin.action(description="Remove the selected aliases", permissions=["delete"])
    def remove_aliases(self, request: HttpRequest, queryset: QuerySet[SourceAlias]) -> None:
        removed, refused = 0, []
        for alias_id in queryset.values_list("pk", flat=True):
            try:
                source_alias_remove(alias_id=alias_id, actor=acting_user(request.user))
            except ServiceError as exc:
                refused.append(exc.message)
            else:
                removed += 1
        self.message_user(request, f"Removed {removed} alias(es).", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)
