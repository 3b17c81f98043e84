"""Reads that cross relations; each owns its joins so a page runs a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import TrigramDistance
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet

from claims.models import (
    VERDICT_STATUSES,
    Article,
    Check,
    Claim,
    ReviewEvent,
    Source,
    SourceAlias,
)
from claims.roles import ROLES


def article_list() -> QuerySet[Article]:
    return Article.objects.select_related("submitted_by").annotate(
        claim_count=Count("claims", distinct=True),
        reviewed_count=Count(
            "claims", filter=~Q(claims__status=Claim.Status.UNREVIEWED), distinct=True
        ),
    )


def article_claims(article: Article) -> QuerySet[Claim]:
    return article.claims.select_related("source", "assignee").order_by("start", "id")


def stored_results(claim: Claim) -> dict[str, dict[str, Any]]:
    """The claim's finished check results by kind, from prefetched checks when there are."""
    return {c.kind: c.result for c in claim.checks.all() if c.state == Check.State.DONE}


def check_results(claim: Claim) -> dict[str, dict[str, Any]]:
    return dict(claim.checks.filter(state=Check.State.DONE).values_list("kind", "result"))


CORROBORATION_WINDOW = datetime.timedelta(days=14)
CORROBORATION_LIMIT = 200


def corroboration_candidates(claim: Claim, *, place_names: Iterable[str]) -> list[Claim]:
    """Claims that may be about the same event: they name one of the same places, come from
    another source or article, and were published near the same time."""
    names = [n for n in place_names if n]
    if not names:
        return []
    mentions = Q()
    for name in names:
        mentions |= Q(text__icontains=name)
    candidates = (
        Claim.objects.filter(mentions, stale=False)
        .exclude(pk=claim.pk)
        .exclude(article_id=claim.article_id, source_id=claim.source_id)
        .select_related("article", "source")
        .prefetch_related("checks")
    )
    published = claim.article.published
    if published is not None:
        candidates = candidates.filter(
            Q(article__published__isnull=True)
            | Q(
                article__published__range=(
                    published - CORROBORATION_WINDOW,
                    published + CORROBORATION_WINDOW,
                )
            )
        )
    return list(candidates.order_by("-article__published", "-id")[:CORROBORATION_LIMIT])


PRIOR_VERDICT_LIMIT = 10
PRIOR_VERDICT_POOL = 2000
PRIOR_VERDICT_MIN = 0.3  # trigram similarity, as pg_trgm's own default threshold


def prior_verdicts(claim: Claim) -> list[dict[str, Any]]:
    """Reviewed claims that read like this one, most similar first.

    PostgreSQL takes the reviewed claims nearest by trigram distance from a GiST index
    (nearest first, without scoring the rest) and keeps those at least PRIOR_VERDICT_MIN
    similar; the embedded SQLite default ranks the most recent reviewed claims in Python.
    """
    reviewed = (
        Claim.objects.filter(status__in=VERDICT_STATUSES)
        .exclude(pk=claim.pk)
        .select_related("article")
    )
    if connection.vendor == "postgresql":
        nearest = reviewed.annotate(distance=TrigramDistance("text", claim.text)).order_by(
            "distance"
        )[:PRIOR_VERDICT_LIMIT]
        scored = [(c, 1 - c.distance) for c in nearest if 1 - c.distance >= PRIOR_VERDICT_MIN]
    else:
        from claims.checks.similarity import rank_similar

        pool = {c.pk: c for c in reviewed.order_by("-reviewed_at", "-id")[:PRIOR_VERDICT_POOL]}
        scored = [
            (pool[pk], score)
            for pk, score in rank_similar(
                claim.text,
                ((pk, c.text) for pk, c in pool.items()),
                limit=PRIOR_VERDICT_LIMIT,
                threshold=PRIOR_VERDICT_MIN,
            )
        ]
    return [
        {
            "claim_id": c.pk,
            "article_id": c.article_id,
            "status": c.status,
            "reviewed_at": c.reviewed_at.isoformat() if c.reviewed_at else None,
            "article_title": c.article.title,
            "text": c.text,
            "similarity": round(float(score), 3),
        }
        for c, score in scored
    ]


def source_verdicts(
    source: Source, *, exclude_claim: Claim | None = None, recent: int = 5
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Verdict counts on the source's claims, and its latest reviewed claims."""
    claims = Claim.objects.filter(source=source, status__in=VERDICT_STATUSES)
    if exclude_claim is not None:
        claims = claims.exclude(pk=exclude_claim.pk)
    counts = dict(claims.values("status").annotate(n=Count("id")).values_list("status", "n"))
    latest = [
        {
            "claim_id": c.pk,
            "status": c.status,
            "text": c.text[:200],
            "reviewed_at": c.reviewed_at.isoformat() if c.reviewed_at else None,
        }
        for c in claims.order_by("-reviewed_at", "-id")[:recent]
    ]
    return counts, latest


# API reads.


def claim_list() -> QuerySet[Claim]:
    """Claims with what a list row shows, in a fixed number of queries however many."""
    return Claim.objects.select_related("article", "source", "assignee", "signed_off_by")


def claim_detail() -> QuerySet[Claim]:
    return claim_list().prefetch_related(
        Prefetch("checks", queryset=Check.objects.order_by("kind")),
        Prefetch("history", queryset=ReviewEvent.objects.select_related("actor")),
    )


def claim_history(claim: Claim) -> QuerySet[ReviewEvent]:
    return claim.history.select_related("actor").order_by("created_at", "id")


def claims_published() -> QuerySet[Claim]:
    """Verdicts an editor signed off, newest first: the ClaimReview feed."""
    return claim_list().filter(signed_off_at__isnull=False).order_by("-signed_off_at", "-id")


def article_progress_list() -> QuerySet[Article]:
    """Articles with their review progress: claims, claims reviewed, checks done of all."""
    return article_list().annotate(
        check_count=Count("claims__checks", distinct=True),
        checks_done=Count(
            "claims__checks", filter=Q(claims__checks__state=Check.State.DONE), distinct=True
        ),
    )


def source_list() -> QuerySet[Source]:
    sources = Source.objects.annotate(claim_count=Count("claims", distinct=True))
    return sources.order_by("name", "id")


def source_track_record(source: Source) -> dict[str, object]:
    """How the source's claims were judged: counts per status, and per published verdict."""
    rows = (
        Claim.objects.filter(source=source)
        .order_by()
        .values("status")
        .annotate(n=Count("id"), published=Count("id", filter=Q(signed_off_at__isnull=False)))
    )
    by_status = {row["status"]: row["n"] for row in rows}
    published = {
        row["status"]: row["published"]
        for row in rows
        if row["published"] and row["status"] in VERDICT_STATUSES
    }
    return {"claims": sum(by_status.values()), "by_status": by_status, "published": published}


# Reviewer web interface reads.


def article_search(*, query: str = "", status: str = "", publisher: str = "") -> QuerySet[Article]:
    """The articles list: review progress per article, searched and filtered."""
    articles = article_progress_list()
    if query:
        articles = articles.filter(
            Q(title__icontains=query) | Q(body__icontains=query) | Q(publisher__icontains=query)
        )
    if status:
        articles = articles.filter(status=status)
    if publisher:
        articles = articles.filter(publisher=publisher)
    return articles.order_by("-created_at", "-id")


def article_publishers() -> list[str]:
    return list(
        Article.objects.exclude(publisher="")
        .order_by("publisher")
        .values_list("publisher", flat=True)
        .distinct()
    )


def article_progress(article_id: int) -> Article:
    """One article with its counts of claims reviewed and checks done."""
    return article_progress_list().get(pk=article_id)


def review_claims(article: Article) -> list[Claim]:
    """The article's claims in reading order, with what the highlight and list show."""
    return list(
        article.claims.select_related("source", "assignee", "signed_off_by").order_by("start", "id")
    )


def claim_for_review(claim_id: int) -> Claim:
    """One claim with everything its review panel shows, in a fixed number of queries."""
    return (
        Claim.objects.select_related(
            "article", "source", "assignee", "reviewed_by", "signed_off_by"
        )
        .prefetch_related(
            Prefetch("checks", queryset=Check.objects.order_by("kind")),
            Prefetch(
                "history",
                queryset=ReviewEvent.objects.select_related("actor").order_by("-created_at", "-id"),
            ),
        )
        .get(pk=claim_id)
    )


ASSIGNED_TO_ME = "me"
UNASSIGNED = "none"


def claim_queue(
    *,
    user: Any,
    status: str = "",
    source_id: int | None = None,
    assignee: str = "",
    min_checkworthiness: float | None = None,
    article_id: int | None = None,
) -> QuerySet[Claim]:
    """Claims across articles, most check-worthy first, for the queue."""
    claims = Claim.objects.filter(stale=False).select_related("article", "source", "assignee")
    if status:
        claims = claims.filter(status=status)
    if source_id:
        claims = claims.filter(source_id=source_id)
    if assignee == ASSIGNED_TO_ME:
        claims = claims.filter(assignee=user)
    elif assignee == UNASSIGNED:
        claims = claims.filter(assignee__isnull=True)
    if min_checkworthiness is not None:
        claims = claims.filter(checkworthiness__gte=min_checkworthiness)
    if article_id:
        claims = claims.filter(article_id=article_id)
    return claims.order_by(F("checkworthiness").desc(), "article_id", "start", "id")


def source_search(query: str = "") -> QuerySet[Source]:
    """Registry entries (merged duplicates left out) whose name or alias matches."""
    sources = source_list().filter(merged_into__isnull=True)
    if query:
        sources = sources.filter(
            Q(name__icontains=query) | Q(aliases__name__icontains=query) | Q(role__icontains=query)
        ).distinct()
    return sources


def source_claims(source: Source) -> QuerySet[Claim]:
    return source.claims.select_related("article", "assignee").order_by(
        "-article__published", "-article_id", "start"
    )


def review_users() -> QuerySet[Any]:
    """Everyone who may be assigned a claim: members of a role group, and superusers."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=ROLES) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("username")
    )


# Admin reads.

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


@dataclass
class MergePreview:
    """What merging `others` into `keep` moves, counted before anything changes."""

    keep: Source
    others: list[Source]
    aliases: list[SourceAlias]
    claim_count: int
    review_event_count: int
    audit_count: int
    redirected_count: int


def source_merge_preview(*, keep: Source, others: Iterable[Source]) -> MergePreview:
    others = [s for s in others if s.pk != keep.pk]
    other_ids = [s.pk for s in others]
    return MergePreview(
        keep=keep,
        others=others,
        aliases=list(SourceAlias.objects.filter(source_id__in=other_ids).order_by("name")),
        claim_count=Claim.objects.filter(source_id__in=other_ids).count(),
        review_event_count=ReviewEvent.objects.filter(claim__source_id__in=other_ids).count(),
        audit_count=Source.audit.filter(id__in=other_ids).count(),  # type: ignore[attr-defined]
        redirected_count=Source.objects.filter(merged_into_id__in=other_ids).count(),
    )


def source_audit(source: Source, *, limit: int = 30) -> list[Any]:
    """The latest recorded changes to the source, its aliases and the sources merged into
    it, newest first, each with its changed fields (field, old, new)."""
    ids = [source.pk, *Source.objects.filter(merged_into=source).values_list("pk", flat=True)]
    source_records = list(
        Source.audit.filter(id__in=ids)  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    alias_records = list(
        SourceAlias.audit.filter(  # type: ignore[attr-defined]
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
