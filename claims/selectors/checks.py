"""What the checks read from the archive: a claim as plain data, and the context checks ask.

The checks themselves know nothing of Django (claims.checks); this is the seam.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import TrigramDistance
from django.db import connection
from django.db.models import Count, F, Q, QuerySet

from claims.checks import CheckOptions, ClaimInput, EvidenceText
from claims.models import VERDICT_STATUSES, Article, Check, Claim
from claims.selectors.evidence import (
    article_evidence,
    article_text,
    cited_evidence_texts,
    evidence_texts,
)


def claim_input(claim: Claim, *, results: dict[str, dict[str, Any]] | None = None) -> ClaimInput:
    """`claim` (with its article and source loaded) as the checks see it.

    `results` are the claim's finished check results by kind; read when not given.
    """
    if results is None:
        results = _done_results(claim.pk)
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
    """The archive as the checks may ask of it (claims.checks.CheckContext), for a batch of
    claims checked together.

    What the batch's claims share is read once for all of them: the archive's claims that
    name each place, each source's record, the captured evidence and the article's text.
    So a batch costs a few queries, not a few per claim and check, and the cost stays flat
    as the archive grows (each read is an indexed lookup with a limit). A claim outside the
    batch is answered by the one-claim selectors below.
    """

    def __init__(
        self,
        options: CheckOptions,
        claims: Sequence[Claim] = (),
        inputs: dict[int, ClaimInput] | None = None,
    ) -> None:
        """`inputs`: the batch's claims as the checks see them, when the caller has them:
        corroboration then reads none of them again as another's candidate."""
        self.options = options
        self._batch = {c.pk: c for c in claims}
        self._naming: dict[tuple[str, int, datetime.date | None], list[Candidate]] = {}
        self._article_claims: dict[int, list[Candidate]] = {}
        self._inputs: dict[int, ClaimInput] = dict(inputs or {})
        self._reviewed: set[int] | None = None
        self._records: dict[int, tuple[dict[str, int], list[dict[str, Any]]]] | None = None
        self._evidence: dict[int, list[EvidenceText]] | None = None
        self._articles: dict[int, EvidenceText] = {}

    def corroboration_candidates(
        self, claim: ClaimInput, *, place_names: Sequence[str]
    ) -> list[ClaimInput]:
        """As `corroboration_candidates`, from one lookup per place name and article."""
        names = {n for n in place_names if n}
        if not names:
            return []
        if claim.claim_id not in self._batch:
            return [
                self._input(other) for other in corroboration_candidates(claim, place_names=names)
            ]
        return self._inputs_of(self._candidate_ids(claim, names))

    def corroboration_prefetch(self, wanted: Sequence[tuple[ClaimInput, Sequence[str]]]) -> None:
        """The lookups of every claim of the batch, and the claims they find, read together:
        one query for the place names of each article (PostgreSQL; one a name elsewhere),
        one for the claims found."""
        asked: dict[tuple[int, datetime.date | None], set[str]] = {}
        mine = [(claim, {n for n in names if n}) for claim, names in wanted]
        mine = [(claim, names) for claim, names in mine if names and claim.claim_id in self._batch]
        for claim, names in mine:
            asked.setdefault((claim.article_id, claim.published), set()).update(names)
        for (article_id, published), names in asked.items():
            missing = sorted(n for n in names if (n, article_id, published) not in self._naming)
            found = _claims_naming_each(missing, article_id=article_id, published=published)
            for name in missing:
                self._naming[(name, article_id, published)] = found.get(name, [])
        ids = {pk for claim, names in mine for pk in self._candidate_ids(claim, names)}
        self._inputs_of(sorted(ids))

    def _candidate_ids(self, claim: ClaimInput, names: set[str]) -> list[int]:
        found: dict[int, Candidate] = {}
        for name in sorted(names):
            found.update((c.pk, c) for c in self._claims_naming(name, claim))
        folded = [n.casefold() for n in names]
        for other in self._claims_of_article(claim.article_id):
            if any(n in other.text for n in folded):
                found[other.pk] = other
        chosen = [
            c
            for c in found.values()
            if c.pk != claim.claim_id
            and not (c.article_id == claim.article_id and c.source_id == claim.source_id)
        ]
        # Each name's lookup holds its newest CORROBORATION_LIMIT, so the newest of them
        # all are the newest of the claims naming any of the places.
        chosen.sort(key=lambda c: c.order)
        return [c.pk for c in chosen[:CORROBORATION_LIMIT]]

    def prior_verdicts(self, claim: ClaimInput) -> list[dict[str, Any]]:
        if self._reviewed is None:
            # One id more than the batch holds: when the claims with a verdict are all in
            # the batch, no other claim needs the lookup.
            self._reviewed = set(
                Claim.objects.filter(status__in=VERDICT_STATUSES).values_list("pk", flat=True)[
                    : len(self._batch) + 1
                ]
            )
        if len(self._reviewed) <= len(self._batch) and self._reviewed <= {claim.claim_id}:
            return []
        return prior_verdicts(claim)

    def source_verdicts(self, claim: ClaimInput) -> tuple[dict[str, int], list[dict[str, Any]]]:
        own = self._batch.get(claim.claim_id)
        if claim.source_id is None or own is None:
            return source_verdicts(claim)
        if self._records is None:
            self._records = _source_records(
                {c.source_id for c in self._batch.values() if c.source_id is not None},
                recent=SOURCE_RECENT + len(self._batch),
            )
        counts, latest = self._records[claim.source_id]
        counts = dict(counts)
        if own.status in VERDICT_STATUSES and counts.get(own.status):
            counts[own.status] -= 1  # the claim's own verdict is no part of its source's record
            if not counts[own.status]:
                del counts[own.status]
        return counts, [r for r in latest if r["claim_id"] != claim.claim_id][:SOURCE_RECENT]

    def evidence_texts(self, claim: ClaimInput) -> list[EvidenceText]:
        if claim.claim_id not in self._batch:
            return evidence_texts(claim)
        if self._evidence is None:
            self._evidence = cited_evidence_texts(self._batch)
        if claim.article_id not in self._articles:
            article = self._batch[claim.claim_id].article
            held = "body" not in article.get_deferred_fields()  # the extraction's, say
            self._articles[claim.article_id] = (
                article_evidence(article) if held else article_text(claim.article_id)
            )
        return [*self._evidence.get(claim.claim_id, []), self._articles[claim.article_id]]

    def _claims_naming(self, name: str, claim: ClaimInput) -> list[Candidate]:
        """Other articles' newest claims that name `name` (ids and order only)."""
        key = (name, claim.article_id, claim.published)
        if key not in self._naming:
            self._naming[key] = _claims_naming_each(
                [name], article_id=claim.article_id, published=claim.published
            ).get(name, [])
        return self._naming[key]

    def _claims_of_article(self, article_id: int) -> list[Candidate]:
        """The article's current claims, their texts folded for matching place names."""
        if article_id not in self._article_claims:
            self._article_claims[article_id] = _candidate_rows(
                _candidates(Q(article_id=article_id), None), with_text=True
            )
        return self._article_claims[article_id]

    def _inputs_of(self, ids: Sequence[int]) -> list[ClaimInput]:
        """The claims `ids` as the checks see them, each read once for the batch (as plain
        rows: a batch may read hundreds, and model instances cost more than the checks)."""
        missing = [pk for pk in ids if pk not in self._inputs]
        rows = Claim.objects.filter(pk__in=missing).values_list(*_INPUT_FIELDS) if missing else []
        for row in rows:
            values = dict(zip(_INPUT_FIELDS, row, strict=True))
            self._inputs[values["id"]] = ClaimInput(
                claim_id=values["id"],
                article_id=values["article_id"],
                text=values["text"],
                published=values["article__published"],
                article_title=values["article__title"],
                source_id=values["source_id"],
                source_name=values["source__name"] or "",
                source_reliability=values["source__reliability"],
                # A claim stored before claims kept their facts needs its finished checks.
                results={} if values["facts"] else _done_results(values["id"]),
                quote=values["quote"],
                facts=values["facts"],
            )
        return [self._inputs[pk] for pk in ids if pk in self._inputs]

    def _input(self, claim: Claim) -> ClaimInput:
        if claim.pk not in self._inputs:
            # Stored facts are all that corroboration reads of another claim; a claim
            # stored before claims kept them needs its finished checks instead.
            self._inputs[claim.pk] = claim_input(claim, results={} if claim.facts else None)
        return self._inputs[claim.pk]


_INPUT_FIELDS = (
    "id",
    "article_id",
    "text",
    "article__published",
    "article__title",
    "source_id",
    "source__name",
    "source__reliability",
    "facts",
    "quote",
)


def _done_results(claim_id: int) -> dict[str, dict[str, Any]]:
    done = Check.objects.filter(claim_id=claim_id, state=Check.State.DONE)
    return dict(done.values_list("kind", "result"))


@dataclass(frozen=True)
class Candidate:
    """A claim that may corroborate, before it is loaded: enough to choose and order."""

    pk: int
    article_id: int
    source_id: int | None
    order: tuple[bool, int, int]  # newest first, as _candidates orders
    text: str = ""  # folded, for claims of the article itself


def _candidate_rows(claims: QuerySet[Claim], *, with_text: bool = False) -> list[Candidate]:
    fields = ["pk", "article_id", "source_id", "article__published"]
    rows = claims.values_list(*fields, *(["text"] if with_text else []))
    return [
        _candidate(row[0], row[1], row[2], row[3], text=row[4].casefold() if with_text else "")
        for row in rows
    ]


def _candidate(
    pk: int, article_id: int, source_id: int | None, published: datetime.date | None, text: str = ""
) -> Candidate:
    return Candidate(
        pk=pk,
        article_id=article_id,
        source_id=source_id,
        order=(published is None, -(published.toordinal() if published else 0), -pk),
        text=text,
    )


CORROBORATION_WINDOW = datetime.timedelta(days=14)
CORROBORATION_LIMIT = 200
SOURCE_RECENT = 5


def _claims_naming_each(
    names: Sequence[str], *, article_id: int, published: datetime.date | None
) -> dict[str, list[Candidate]]:
    """For each of `names`, the newest CORROBORATION_LIMIT current claims of other articles
    that name it, published near `published` (as `_candidates` orders and filters them).

    On PostgreSQL one query for all the names, a LATERAL join taking each name's newest
    from the claims; elsewhere one query a name."""
    if not names:
        return {}
    if connection.vendor != "postgresql":
        return {
            name: _candidate_rows(
                _candidates(Q(text__icontains=name), published).exclude(article_id=article_id)[
                    :CORROBORATION_LIMIT
                ]
            )
            for name in names
        }
    window = ""
    params: list[Any] = [[connection.ops.prep_for_like_query(n) for n in names], article_id]
    if published is not None:
        window = "AND (a.published IS NULL OR a.published BETWEEN %s AND %s)"
        params += [published - CORROBORATION_WINDOW, published + CORROBORATION_WINDOW]
    sql = f"""
        SELECT n.ord, found.id, found.article_id, found.source_id, found.published
        FROM unnest(%s::text[]) WITH ORDINALITY AS n(pattern, ord)
        CROSS JOIN LATERAL (
            SELECT c.id, c.article_id, c.source_id, a.published
            FROM {Claim._meta.db_table} c
            JOIN {Article._meta.db_table} a ON a.id = c.article_id
            WHERE UPPER(c.text::text) LIKE UPPER('%%' || n.pattern || '%%')
                AND NOT c.stale AND c.article_id <> %s {window}
            ORDER BY a.published DESC NULLS LAST, c.id DESC
            LIMIT {CORROBORATION_LIMIT}
        ) AS found
    """
    found: dict[str, list[Candidate]] = {name: [] for name in names}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for ordinal, pk, found_article, source_id, day in cursor.fetchall():
            found[names[ordinal - 1]].append(_candidate(pk, found_article, source_id, day))
    return found


def _candidates(where: Q, published: datetime.date | None) -> QuerySet[Claim]:
    """Current claims matching `where`, published near `published`, newest first."""
    candidates = (
        Claim.objects.filter(where, stale=False)
        .select_related("article", "source")
        .defer("article__body")
    )
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
    return candidates.order_by(F("article__published").desc(nulls_last=True), "-id")


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
        _candidates(mentions, claim.published)
        .exclude(pk=claim.claim_id)
        .exclude(same_article_and_source)
    )
    return list(candidates[:CORROBORATION_LIMIT])


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
    claim: ClaimInput, *, recent: int = SOURCE_RECENT
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Verdict counts on the other claims of the claim's source, and its latest ones."""
    if claim.source_id is None:
        return {}, []
    return _source_record(claim.source_id, recent=recent, excluding=claim.claim_id)


def _source_records(
    source_ids: Iterable[int], *, recent: int
) -> dict[int, tuple[dict[str, int], list[dict[str, Any]]]]:
    """The verdict counts and latest verdicts of each source: one query for the counts of
    all, one more for the latest of each source that has any."""
    records: dict[int, tuple[dict[str, int], list[dict[str, Any]]]] = {
        source_id: ({}, []) for source_id in source_ids
    }
    counted = (
        Claim.objects.filter(source_id__in=list(records), status__in=VERDICT_STATUSES)
        .values("source_id", "status")
        .annotate(n=Count("id"))
        .values_list("source_id", "status", "n")
    )
    for source_id, status, n in counted:
        records[source_id][0][status] = n
    for source_id, (counts, latest) in records.items():
        if counts:
            latest.extend(_latest_verdicts(source_id, recent=recent))
    return records


def _source_record(
    source_id: int, *, recent: int, excluding: int
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    claims = Claim.objects.filter(source_id=source_id, status__in=VERDICT_STATUSES).exclude(
        pk=excluding
    )
    counts = dict(claims.values("status").annotate(n=Count("id")).values_list("status", "n"))
    if not counts:
        return {}, []
    return counts, _latest_verdicts(source_id, recent=recent, excluding=excluding)


def _latest_verdicts(
    source_id: int, *, recent: int, excluding: int | None = None
) -> list[dict[str, Any]]:
    claims = Claim.objects.filter(source_id=source_id, status__in=VERDICT_STATUSES)
    if excluding is not None:
        claims = claims.exclude(pk=excluding)
    return [
        {
            "claim_id": c.pk,
            "status": c.status,
            "text": c.text[:200],
            "reviewed_at": c.reviewed_at.isoformat() if c.reviewed_at else None,
        }
        for c in claims.order_by("-reviewed_at", "-id").only("status", "text", "reviewed_at")[
            :recent
        ]
    ]
