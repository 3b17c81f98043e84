"""What the checks read from the archive: a claim as plain data, and the context checks ask.

The checks themselves know nothing of Django (claims.checks); this is the seam.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.postgres.search import TrigramDistance
from django.db import connection
from django.db.models import Count, Q

from claims.checks import CheckOptions, ClaimInput, EvidenceText
from claims.models import VERDICT_STATUSES, Check, Claim
from claims.selectors.evidence import evidence_texts


def claim_input(claim: Claim, *, results: dict[str, dict[str, Any]] | None = None) -> ClaimInput:
    """`claim` (with its article and source loaded) as the checks see it.

    `results` are the claim's finished check results by kind; read when not given.
    """
    if results is None:
        results = dict(claim.checks.filter(state=Check.State.DONE).values_list("kind", "result"))
    source = claim.source
    return ClaimInput(
        claim_id=claim.pk,
        article_id=claim.article_id,
        text=claim.text,
        published=claim.article.published,
        article_title=claim.article.title,
        source_id=claim.source_id,
        source_name=source.name if source else "",
        source_reliability=source.reliability if source else None,
        results=results,
        quote=claim.quote,
        facts=claim.facts,
    )


class ArchiveContext:
    """The archive as the checks may ask of it (claims.checks.CheckContext)."""

    def __init__(self, options: CheckOptions) -> None:
        self.options = options

    def corroboration_candidates(
        self, claim: ClaimInput, *, place_names: Sequence[str]
    ) -> list[ClaimInput]:
        return [
            claim_input(other, results=_done_results(other))
            for other in corroboration_candidates(claim, place_names=place_names)
        ]

    def prior_verdicts(self, claim: ClaimInput) -> list[dict[str, Any]]:
        return prior_verdicts(claim)

    def source_verdicts(self, claim: ClaimInput) -> tuple[dict[str, int], list[dict[str, Any]]]:
        return source_verdicts(claim)

    def evidence_texts(self, claim: ClaimInput) -> list[EvidenceText]:
        return evidence_texts(claim)


def _done_results(claim: Claim) -> dict[str, dict[str, Any]]:
    # From the prefetched checks: one query for all candidates, not one each.
    return {c.kind: c.result for c in claim.checks.all() if c.state == Check.State.DONE}


CORROBORATION_WINDOW = datetime.timedelta(days=14)
CORROBORATION_LIMIT = 200


def corroboration_candidates(claim: ClaimInput, *, place_names: Iterable[str]) -> list[Claim]:
    """Claims that may be about the same event: they name one of the same places, come from
    another source or article, and were published near the same time."""
    names = [n for n in place_names if n]
    if not names:
        return []
    mentions = Q()
    for name in names:
        mentions |= Q(text__icontains=name)
    same_article_and_source = Q(article_id=claim.article_id) & (
        Q(source__isnull=True) if claim.source_id is None else Q(source_id=claim.source_id)
    )
    candidates = (
        Claim.objects.filter(mentions, stale=False)
        .exclude(pk=claim.claim_id)
        .exclude(same_article_and_source)
        .select_related("article", "source")
        .prefetch_related("checks")
    )
    published = claim.published
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


def prior_verdicts(claim: ClaimInput) -> list[dict[str, Any]]:
    """Reviewed claims that read like this one, most similar first.

    PostgreSQL takes the reviewed claims nearest by trigram distance from a GiST index
    (nearest first, without scoring the rest) and keeps those at least PRIOR_VERDICT_MIN
    similar; the embedded SQLite default ranks the most recent reviewed claims in Python.
    """
    reviewed = (
        Claim.objects.filter(status__in=VERDICT_STATUSES)
        .exclude(pk=claim.claim_id)
        .select_related("article")
    )
    if connection.vendor == "postgresql":
        nearest = reviewed.annotate(distance=TrigramDistance("text", claim.text)).order_by(
            "distance"
        )[:PRIOR_VERDICT_LIMIT]
        scored: list[tuple[Claim, float]] = [
            (c, 1 - c.distance) for c in nearest if 1 - c.distance >= PRIOR_VERDICT_MIN
        ]
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
    claim: ClaimInput, *, recent: int = 5
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Verdict counts on the other claims of the claim's source, and its latest ones."""
    if claim.source_id is None:
        return {}, []
    claims = Claim.objects.filter(source_id=claim.source_id, status__in=VERDICT_STATUSES).exclude(
        pk=claim.claim_id
    )
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
