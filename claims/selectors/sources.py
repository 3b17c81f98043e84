"""Reads of the source registry: search, track record, the admin's list, merges, audit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet

from claims import extraction
from claims.checks.source_record import summarise
from claims.models import VERDICT_STATUSES, Claim, ReviewEvent, Source, SourceAlias
from claims.selectors.checks import claim_input, source_verdicts


def source_list() -> QuerySet[Source]:
    sources = Source.objects.annotate(claim_count=Count("claims", distinct=True))
    return sources.order_by("name", "id")


def source_search(query: str = "") -> QuerySet[Source]:
    """Registry entries (merged duplicates left out) whose name or alias matches."""
    sources = source_list().filter(merged_into__isnull=True)
    if query:
        sources = sources.filter(
            Q(name__icontains=query) | Q(aliases__name__icontains=query) | Q(role__icontains=query)
        ).distinct()
    return sources


class TrackRecord(TypedDict):
    claims: int
    by_status: dict[str, int]  # claims per status, any status
    published: dict[str, int]  # published verdicts per verdict status


def source_track_record(source: Source) -> TrackRecord:
    """How the source's claims were judged: counts per status, and per published verdict."""
    rows = (
        Claim.objects.filter(source=source)
        .order_by()
        .values("status")
        .annotate(n=Count("id"), published=Count("id", filter=Q(published_verdict__isnull=False)))
    )
    by_status = {row["status"]: row["n"] for row in rows}
    published = {
        row["status"]: row["published"]
        for row in rows
        if row["published"] and row["status"] in VERDICT_STATUSES
    }
    return {"claims": sum(by_status.values()), "by_status": by_status, "published": published}


def source_claims(source: Source) -> QuerySet[Claim]:
    return source.claims.select_related("article", "assignee").order_by(
        "-article__published", "-article_id", "start"
    )


# Annotation name -> verdict status, in the order the admin shows them.
SOURCE_VERDICT_COLUMNS = {
    f"verdict_{status.value}": status for status in Claim.Status if status in VERDICT_STATUSES
}


def source_admin_list() -> QuerySet[Source]:
    """Sources with their claim count and a count per verdict, in one query, and their
    aliases in one more, however many sources a page shows."""
    verdicts = {
        name: Count("claims", filter=Q(claims__status=status))
        for name, status in SOURCE_VERDICT_COLUMNS.items()
    }
    return (
        Source.objects.select_related("merged_into")
        .prefetch_related(Prefetch("aliases", queryset=SourceAlias.objects.order_by("name")))
        .annotate(claim_count=Count("claims"), **verdicts)
    )


def alias_is_generic(alias: SourceAlias) -> bool:
    """A description held everywhere ("the regional governor", kept from before
    descriptions were held to their article): a merge drops it rather than move it, or
    every article's "the regional governor" would land on the kept source."""
    return alias.article_id is None and not extraction.is_name(alias.name)


@dataclass
class MergePreview:
    """What merging `others` into `keep` moves, counted before anything changes."""

    keep: Source
    others: list[Source]
    aliases: list[SourceAlias]  # moved to `keep`
    dropped_aliases: list[SourceAlias]
    claim_count: int
    review_event_count: int
    audit_count: int
    redirected_count: int


def source_merge_preview(*, keep: Source, others: Iterable[Source]) -> MergePreview:
    others = [s for s in others if s.pk != keep.pk]
    other_ids = [s.pk for s in others]
    aliases = list(SourceAlias.objects.filter(source_id__in=other_ids).order_by("name"))
    return MergePreview(
        keep=keep,
        others=others,
        aliases=[a for a in aliases if not alias_is_generic(a)],
        dropped_aliases=[a for a in aliases if alias_is_generic(a)],
        claim_count=Claim.objects.filter(source_id__in=other_ids).count(),
        review_event_count=ReviewEvent.objects.filter(claim__source_id__in=other_ids).count(),
        audit_count=Source.audit.filter(id__in=other_ids).count(),  # type: ignore[attr-defined]  # simple-history's manager
        redirected_count=Source.objects.filter(merged_into_id__in=other_ids).count(),
    )


def source_audit(source: Source, *, limit: int = 30) -> list[Any]:
    """The latest recorded changes to the source, its aliases and the sources merged into
    it, newest first, each with its changed fields (field, old, new)."""
    ids = [source.pk, *Source.objects.filter(merged_into=source).values_list("pk", flat=True)]
    source_records = list(
        Source.audit.filter(id__in=ids)  # type: ignore[attr-defined]  # simple-history's manager
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    alias_records = list(
        SourceAlias.audit.filter(  # type: ignore[attr-defined]  # simple-history's manager
            Q(source_id__in=ids) | Q(id__in=source.aliases.values("pk"))
        )
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    records = [*source_records, *alias_records]
    records.sort(key=lambda r: r.history_date, reverse=True)
    del records[limit:]
    for record in records:
        previous = record.prev_record
        record.changes = (
            [(c.field, c.old, c.new) for c in record.diff_against(previous).changes]
            if previous is not None
            else []
        )
    return records


def source_record_for(claim: Claim) -> dict[str, Any] | None:
    """The track record of the claim's source as it stands now (its other claims' verdicts),
    worded as the source_record check words it; None for a claim with no named source."""
    if claim.source is None:
        return None
    counts, recent = source_verdicts(claim_input(claim, results={}))
    return summarise(claim.source.reliability, counts, recent)
