"""Extraction: an article's text split into claims, each attributed to a registry source.

Runs in a worker. The parse takes seconds, so it runs outside any transaction; storing the
claims and queuing their checks is one transaction. Running it again on the same article
keeps reviewers' work on the claims found again.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import logging
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from claims import extraction, tasks
from claims.checks.facts import facts_of_doc
from claims.errors import TRANSIENT_DB_ERRORS
from claims.models import Article, Claim, ReviewEvent, Source
from claims.services.checks import article_mark_ready_if_checked, checks_queue
from claims.services.ingest import article_fetch_again
from claims.services.queue import send_each_on_commit, send_on_commit
from claims.services.sources import source_aliases_for, source_lookup, sources_resolve

logger = logging.getLogger(__name__)


def article_extract(*, article_id: int, task_id: str = "") -> None:
    """Extract a queued article's claims and store them, once.

    Idempotent: an article already extracted (verifying, ready or failed) is left as it is,
    so a redelivered task redoes nothing and announces nothing; re-extraction goes through
    `article_reextract`. An extraction under way in another task is left to it; the retry
    of the task that started it (`task_id`) takes it over; an article deleted since its
    extraction was queued is nothing to do.
    """
    own_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if own_transaction:  # never a caller's: its other writes may need the wait
            _commit_without_waiting_for_disk()
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            return
        if article.status != Article.Status.QUEUED and not (
            article.status == Article.Status.EXTRACTING and article.task_id in ("", task_id)
        ):
            return
        article.status = Article.Status.EXTRACTING
        article.task_id = task_id
        article.error = ""
        article.save(update_fields=["status", "task_id", "error", "updated_at"])

    limit = settings.ARTICLE_EXTRACT_TIME_LIMIT
    try:
        # The parse takes seconds: run it outside any transaction so no row stays locked.
        with _time_limit(limit):
            result = extraction.extract(
                article.body,
                publisher=article.publisher,
                published=article.published,
                model=settings.SPACY_MODEL or None,
            )
        with transaction.atomic():
            # The body was read above: not read again, but kept for the checks of quotes.
            body = article.body
            article = Article.objects.select_for_update().defer("body").get(pk=article_id)
            article.body = body
            if article.status != Article.Status.EXTRACTING or article.task_id != task_id:
                # The sweep gave the work to another task meanwhile: it stores the claims.
                return
            # A notice from extraction: an article not in English has no claims, and a
            # paragraph in another language is skipped.
            notices = [result.notice] if result.notice else []
            extracted = result.claims
            if len(extracted) > settings.ARTICLE_MAX_CLAIMS:
                notices.append(
                    f"Extraction found {len(extracted):,} claims; the "
                    f"{settings.ARTICLE_MAX_CLAIMS:,} most check-worthy are kept "
                    "(ARTICLE_MAX_CLAIMS). Split the article to review the rest."
                )
                extracted = most_checkworthy(extracted, settings.ARTICLE_MAX_CLAIMS)
            # The claims to check: those just stored, and any others of the article people
            # added or kept (on a first extraction there are none), as they are in memory.
            current = claims_store(article=article, extracted=extracted)
            article.extracted_at = timezone.now()
            article.status = Article.Status.VERIFYING
            article.task_id = ""
            checked = most_checkworthy(current, settings.ARTICLE_MAX_CHECKED_CLAIMS)
            if len(checked) < len(current):
                notices.append(
                    f"Checks run on the {len(checked):,} most check-worthy of "
                    f"{len(current):,} claims (ARTICLE_MAX_CHECKED_CLAIMS); re-run checks "
                    "from a claim's panel to check it too."
                )
            article.notice = " ".join(notices)
            article.save(
                update_fields=["extracted_at", "status", "task_id", "notice", "updated_at"]
            )
            checks_queue(claims=checked, archive_now=True, just_stored=True)
            if not checked:  # no claims, no checks: ready at once (checks_queue says so else)
                article_mark_ready_if_checked(article_id=article.pk)
    except ExtractionTimeout:
        # Final, not retried: the same text would take as long again.
        logger.warning("Extraction of article %s took longer than %ss", article_id, limit)
        _ours(article_id, task_id).update(
            status=Article.Status.FAILED,
            task_id="",
            error=f"Extraction took longer than {limit} seconds and was stopped; the article "
            "may be too long or too unusual to split into claims.",
            updated_at=timezone.now(),
        )
    except TRANSIENT_DB_ERRORS:
        # The database went away (a restart, a failover): nothing was stored, and the
        # article stays `extracting` for the task's retry or the sweep of stale work.
        raise
    except Exception as exc:
        logger.exception("Extraction failed for article %s", article_id)
        _ours(article_id, task_id).update(
            status=Article.Status.FAILED,
            task_id="",
            error=f"Extraction failed: {type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now(),
        )
        raise


def _commit_without_waiting_for_disk() -> None:
    """On PostgreSQL, this transaction's commit does not wait for its flush to disk (only
    for the mark that an extraction started: lost in a crash, the article is queued again
    and the task or the sweep redoes the work, as after any lost task)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def models_load() -> None:
    """Load the spaCy model, the places gazetteer and the date parser now (seconds), so
    that a worker does it once as it starts rather than in its first task."""
    from claims.checks.gazetteer import gazetteer
    from claims.checks.timeexpr import dateparser_load

    extraction.load_pipeline(settings.SPACY_MODEL or None)
    gazetteer()
    dateparser_load()
    # Their millions of long-lived objects leave the cyclic collector's scans, which
    # otherwise walk them again and again while a task allocates.
    gc.freeze()


Ranked = TypeVar("Ranked", Claim, extraction.ExtractedClaim)


def most_checkworthy(claims: Sequence[Ranked], limit: int) -> list[Ranked]:
    """At most `limit` of `claims`, the most check-worthy, in reading order."""
    if len(claims) <= limit:
        return list(claims)
    chosen = sorted(claims, key=lambda c: (-c.checkworthiness, c.start))[:limit]
    return sorted(chosen, key=lambda c: c.start)


def _ours(article_id: int, task_id: str) -> QuerySet[Article]:
    """The article, if this task still holds its extraction."""
    return Article.objects.filter(pk=article_id, status=Article.Status.EXTRACTING, task_id=task_id)


class ExtractionTimeout(BaseException):
    """The extraction ran past its time limit. A BaseException, so that no `except
    Exception` in the engine or the libraries under it can swallow it."""


# Seconds between the alarms after a time limit passes, until the extraction stops.
TIME_LIMIT_REPEAT = 0.25


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Raise ExtractionTimeout in this thread after `seconds`.

    An alarm signal can only interrupt the main thread: Celery's prefork workers (and
    gunicorn's sync workers, for in-process tasks) run there. Elsewhere the size limit and
    Celery's hard time limit are the bounds.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise ExtractionTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # The alarm repeats until the block ends: Python drops an exception raised where it
    # cannot propagate (a garbage-collector callback, a __del__), and one such alarm
    # would otherwise let the extraction run on with no limit.
    signal.setitimer(signal.ITIMER_REAL, seconds, TIME_LIMIT_REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _extraction_key(claim: extraction.ExtractedClaim) -> str:
    return hashlib.sha1(f"{claim.start}:{claim.end}".encode()).hexdigest()


_MACHINE_FIELDS = (
    "text",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
    "attribution",
    "source",
    "mention",
    "mention_start",
    "mention_end",
    "cue",
    "channel",
    "quote",
    "checkworthiness",
    "confidence",
    "facts",
    "stale",
)


def claims_store(
    *, article: Article, extracted: Sequence[extraction.ExtractedClaim]
) -> list[Claim]:
    """Replace the article's machine-made claims with `extracted`, keeping people's work.

    A claim found again keeps its review. One a person moved, split, merged, re-attributed
    or dismissed stays exactly as they left it: a dismissed claim is never brought back.
    Claims people added are not extraction's to touch, and a machine claim with the same
    span as one of those is not made again. A machine claim no longer found is deleted
    unless someone worked on it: then it stays, marked stale.

    Returns the article's current claims (neither stale nor dismissed) in text order, those
    written here as they are in memory.
    """
    stored = list(article.claims.all())
    existing = {c.extraction_key: c for c in stored if c.extraction_key}
    added_spans = {(c.start, c.end) for c in stored if c.origin == Claim.Origin.PERSON}
    reviewed_ids = (
        set(ReviewEvent.objects.filter(claim__article=article).values_list("claim_id", flat=True))
        if stored
        else set()
    )
    sources = _sources_for([c.source for c in extracted], article=article)
    to_create: list[Claim] = []
    to_update: list[Claim] = []
    seen: set[str] = set()
    for item in extracted:
        key = _extraction_key(item)
        if key in seen:
            continue
        seen.add(key)
        claim = existing.get(key)
        if claim is not None and (claim.edited_by_person or claim.dismissed):
            continue
        if claim is None and (item.start, item.end) in added_spans:
            continue
        values = _claim_values(item, sources.get(item.source.key), article.published)
        if claim is None:
            to_create.append(Claim(article=article, extraction_key=key, **values))
        else:
            for name, value in values.items():
                setattr(claim, name, value)
            to_update.append(claim)
    Claim.objects.bulk_create(to_create)
    if to_update:
        Claim.objects.bulk_update(to_update, _MACHINE_FIELDS)
    gone = [
        c for k, c in existing.items() if k not in seen and not (c.edited_by_person or c.dismissed)
    ]
    keep = [c for c in gone if c.has_review_work or c.pk in reviewed_ids]
    for claim in keep:
        claim.stale = True
    Claim.objects.bulk_update(keep, ["stale"])
    doomed = [c.pk for c in gone if c not in keep]
    if doomed:
        Claim.objects.filter(pk__in=doomed).delete()
    written = {c.pk for c in to_update}
    untouched = [
        c
        for c in stored
        if c.pk not in written and c.pk not in doomed and not (c.stale or c.dismissed)
    ]
    return sorted([*to_create, *to_update, *untouched], key=lambda c: (c.start, c.pk))


def _claim_values(
    item: extraction.ExtractedClaim, source: Source | None, published: datetime.date | None
) -> dict[str, Any]:
    kind = item.source.kind
    if kind == "publisher":
        attribution = Claim.Attribution.PUBLISHER
    elif kind == "unattributed":
        attribution = Claim.Attribution.UNATTRIBUTED
    else:
        attribution = Claim.Attribution.NAMED
    return {
        "text": item.text,
        "start": item.start,
        "end": item.end,
        "sentence_start": item.sentence_start,
        "sentence_end": item.sentence_end,
        "attribution": attribution,
        "source": source,
        "mention": item.source.mention[:500],
        "mention_start": item.source.start,
        "mention_end": item.source.end,
        "cue": item.cue[:100],
        "channel": item.channel[:200],
        "quote": item.quote if item.quote in Claim.Quote.values else Claim.Quote.NONE,
        "checkworthiness": item.checkworthiness,
        "confidence": item.confidence,
        # From the extraction's own parse; without one (a record made elsewhere), found
        # when the checks are queued (claims.services.checks.check_subjects).
        "facts": facts_of_doc(item.tokens.as_doc(), published) if item.tokens else {},
        "stale": False,
    }


_SOURCE_KINDS = {
    "person": Source.Kind.PERSON,
    "organisation": Source.Kind.ORGANISATION,
    "government": Source.Kind.GOVERNMENT,
    "media": Source.Kind.MEDIA,
    "publisher": Source.Kind.PUBLISHER,
}


def _sources_for(
    found: Sequence[extraction.ExtractedSource], *, article: Article
) -> dict[str, Source | None]:
    """The registry entry of each extracted source, by its key: a name by its aliases
    everywhere (a new entry when it has none), a description ("the minister") only as a
    reviewer resolved it in this article, the publisher as the publisher. Every name is
    looked up in one query, and the new entries are made together."""
    known = source_aliases_for(
        [*(n for s in found for n in (s.name, s.mention) if n), article.publisher],
        article=article,
    )
    named: dict[str, str] = {}  # key -> the name its entry goes by
    wanted: list[tuple[str, str, str]] = []
    sources: dict[str, Source | None] = {}
    for source in found:
        if source.key in sources or source.key in named:
            continue
        name = source.name or source.mention
        if source.kind == "publisher":
            name, kind, role = article.publisher, Source.Kind.PUBLISHER, ""
        else:
            kind, role = _SOURCE_KINDS.get(source.kind, Source.Kind.UNKNOWN), source.role
        if source.kind == "unattributed" or not name.strip():
            sources[source.key] = None
        elif source.kind != "publisher" and not extraction.is_name(name):
            sources[source.key] = source_lookup(
                source.mention or name, article=article, known=known
            )
        else:
            named[source.key] = name
            wanted.append((name, kind, role))
    resolved = sources_resolve(wanted, known=known)
    for key, name in named.items():
        sources[key] = resolved.get(extraction.normalize_alias(name)[:300])
    return sources


def article_requeue_stale(
    *, older_than: datetime.timedelta, running_older_than: datetime.timedelta | None = None
) -> list[int]:
    """Queue again the articles whose extraction never started (queued for `older_than`)
    or whose worker died (extracting for longer than the extraction time limit, or
    `running_older_than`).

    An extraction still within its time limit is left alone: it is under way. A re-queued
    article waits `older_than` again before the next re-queue, so a long queue does not
    fill up with copies; a copy that arrives after the first does nothing.
    """
    now = timezone.now()
    if running_older_than is None:
        running_older_than = datetime.timedelta(seconds=settings.ARTICLE_EXTRACT_TIME_LIMIT + 30)
    with transaction.atomic():
        stale = (
            Article.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=Article.Status.QUEUED, updated_at__lt=now - older_than)
                | Q(status=Article.Status.EXTRACTING, updated_at__lt=now - running_older_than)
            )
            .order_by("pk")
        )
        ids = list(stale.values_list("id", flat=True))
        Article.objects.filter(pk__in=ids).update(
            status=Article.Status.QUEUED, task_id="", updated_at=now
        )
        send_each_on_commit(tasks.article_extract, [(article_id,) for article_id in ids])
    return ids


def article_reextract(*, article_ids: Sequence[int]) -> list[int]:
    """Queue the articles' extraction again (after a model or rule change); reviewers'
    work on claims found again is kept, as on any re-extraction. An article whose page
    never gave its text (the fetch failed) is fetched again instead: there is nothing to
    extract from."""
    with transaction.atomic():
        articles = list(Article.objects.select_for_update().filter(pk__in=article_ids))
        textless = [a.pk for a in articles if not a.body and a.url]
        article_fetch_again(article_ids=textless)
        ids = [a.pk for a in articles if a.pk not in textless]
        Article.objects.filter(pk__in=ids).update(
            status=Article.Status.QUEUED, task_id="", error="", updated_at=timezone.now()
        )
        for article_id in ids:
            send_on_commit(tasks.article_extract, article_id)
    return ids
