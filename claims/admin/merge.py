"""Merging duplicate sources: pick the entries, preview what moves, confirm exactly that.

The admin action posts the selected sources here; the page posts back to the same action
with the entry to keep, an optional other entry to merge into, and, to confirm, the plan
its preview showed, so a choice changed since the preview is never carried out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from claims.errors import ServiceError
from claims.models import Source
from claims.roles import acting_user
from claims.selectors.sources import source_merge_preview
from claims.services.sources import source_merge

if TYPE_CHECKING:
    from claims.admin.sources import SourceAdmin


class SourceMergeForm(forms.Form):
    keep = forms.IntegerField(required=False, min_value=1)
    merge_into = forms.IntegerField(required=False, min_value=1)
    plan = forms.CharField(required=False, max_length=10_000)
    confirm = forms.CharField(required=False)

    def clean_merge_into(self) -> Source | None:
        target_id = self.cleaned_data.get("merge_into")
        if target_id is None:
            return None
        target = Source.objects.filter(pk=target_id, merged_into__isnull=True).first()
        if target is None:
            raise forms.ValidationError(f"There is no source #{target_id} to merge into.")
        return target


def merge_plan(keep: Source | None, sources: list[Source]) -> str:
    """The previewed choice, `keep:all ids`, posted back with the confirmation."""
    if keep is None:
        return ""
    return f"{keep.pk}:{','.join(str(pk) for pk in sorted(s.pk for s in sources))}"


def default_keep(sources: list[Source]) -> Source | None:
    # The entry people have checked and that carries the most claims is the likely keeper.
    if not sources:
        return None
    return max(sources, key=lambda s: (s.confirmed, getattr(s, "claim_count", 0), -s.pk))


def merge_sources_view(
    model_admin: SourceAdmin, request: HttpRequest, queryset: QuerySet[Source]
) -> HttpResponse | None:
    """The merge page for the selected sources; None (back to the list) once merged."""
    form = SourceMergeForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    selected = list(queryset.filter(merged_into__isnull=True))
    target = data.get("merge_into")
    candidates = selected + ([target] if target and target not in selected else [])
    by_id = {s.pk: s for s in candidates}
    keep = target or by_id.get(data.get("keep") or 0) or default_keep(candidates)
    if len(candidates) < 2:
        errors.append("Pick two or more sources, or name a source to merge into.")
    plan = merge_plan(keep, candidates)
    confirmed = "confirm" in request.POST
    if confirmed and not errors and data.get("plan") != plan:
        errors.append("The choice changed since the preview: check it again, then confirm.")
    if confirmed and keep is not None and not errors:
        others = [s.pk for s in candidates if s.pk != keep.pk]
        try:
            source_merge(keep_id=keep.pk, other_ids=others, actor=acting_user(request.user))
        except ServiceError as exc:
            errors.append(exc.message)
        else:
            model_admin.message_user(
                request, f"Merged {len(others)} source(s) into {keep.name}.", messages.SUCCESS
            )
            return None
    context: dict[str, Any] = {
        **model_admin.admin_site.each_context(request),
        "title": "Merge sources",
        "opts": model_admin.opts,
        "sources": candidates,
        "selected": selected,
        "keep": keep,
        "merge_into": request.POST.get("merge_into", "").strip(),
        "plan": plan,
        "preview": source_merge_preview(keep=keep, others=candidates)
        if keep is not None and len(candidates) >= 2
        else None,
        "errors": errors,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/claims/source/merge_preview.html", context)
