"""Checks: each claim gets one result per enabled check kind, computed by a worker.

An article is `verifying` while any of its checks is queued or running, and `ready` once
none is. Running a check twice stores one result: a finished check is left alone.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from psycopg2.extras import Json, execute_values

from claims import tasks
from claims.checks import (
    CheckError,
    CheckOptions,
    ClaimInput,
    Result,
    TransientCheckError,
    enabled_kinds,
    kind_named,
)
from claims.checks.facts import facts_of_texts
from claims.errors import TRANSIENT_DB_ERRORS, NotFoundError
from claims.models import Article, Check, Claim
from claims.selectors.checks import ArchiveContext, claim_input
from claims.services.queue import send_each_on_commit
from claims.services.webhooks import article_event_payload, webhook_event_emit

logger = logging.getLogger(__name__)

# Tries of one check in all, the task's retries and the sweep's re-queues together.
CHECK_MAX_ATTEMPTS = 6


def check_options() -> CheckOptions:
    return CheckOptions(
        factcheck_api_key=settings.FACTCHECK_API_KEY,
        factcheck_api_url=settings.FACTCHECK_API_URL,
    )


def _claims_loaded(claim_ids: Iterable[int]) -> dict[int, Claim]:
    """The claims by id, with what the checks read of their article and source."""
    ids = list(claim_ids)
    if not ids:
        return {}  # no query to build (the extraction's claims are all in memory)
    found = Claim.objects.select_related("article", "source").defer("article__body")
    return {c.pk: c for c in found.filter(pk__in=ids)}


def _whole(claim: Claim) -> bool:
    """Whether a claim in memory holds all the checks read: every field, article and source."""
    return (
        claim.pk is not None
        and not claim.get_deferred_fields()
        and Claim.article.is_cached(claim)
        and Claim.source.is_cached(claim)
    )


def check_subjects(*, claims: Sequence[Claim], just_stored: bool = False) -> dict[int, Claim]:
    """The claims as the checks read them, by id, loaded by `_claims_loaded`, each with its
    facts; with `just_stored`, those the caller has just read or written whole (extraction's
    own) are taken as they are in memory. A claim that has no facts (one a person added or
    moved: extraction stores the others' from its own parse) gets them now, the texts of
    all such claims parsed together in one batch."""
    ready = {c.pk: c for c in claims if just_stored and _whole(c)}
    claims_by_id = {**_claims_loaded([c.pk for c in claims if c.pk not in ready]), **ready}
    bare: dict[datetime.date | None, list[Claim]] = {}
    for claim in claims_by_id.values():
        if not claim.facts:
            bare.setdefault(claim.article.published, []).append(claim)
    for published, group in bare.items():
        texts = [c.text for c in group]
        for claim, facts in zip(group, facts_of_texts(texts, published), strict=True):
            claim.facts = facts
    Claim.objects.bulk_update([c for group in bare.values() for c in group], ["facts"])
    return claims_by_id


def enabled_check_names() -> list[str]:
    """The kinds each claim gets a check of, in review order."""
    return [kind.name for kind in enabled_kinds(check_options())]


def checks_queue(
    *, claims: Sequence[Claim], archive_now: bool = False, just_stored: bool = False
) -> list[int]:
    """Give each claim a fresh Check per enabled kind and queue them, in batches of claims.

    A check read from the claim's stored facts alone (places, figures, dates) is done at
    once, here, and with `archive_now` so is every kind that reads only the archive (the
    extraction asks for this: its article is then ready as its claims are stored, with no
    task). Only the others wait for a task: those asking a service over the network, and
    with `archive_now` off (a re-run, which may cover many articles) the archive's too.

    With `just_stored` (the extraction's claims, as it stored them) the claims are not read
    again, nor their article marked verifying (the extraction has done it). A re-run resets
    the existing rows (one per claim and kind), so results never pile up. The claims'
    articles are verifying until every check is done or failed. Call it in a transaction
    that holds the claims' rows.
    """
    options = check_options()
    kinds = enabled_kinds(options)
    loaded = check_subjects(claims=claims, just_stored=just_stored)
    claim_ids = [c.pk for c in claims if c.pk in loaded]
    article_ids = {c.article_id for c in claims}
    now = timezone.now()
    # A re-run: the claims' rows are reset in place; those of kinds no longer enabled go.
    names = {kind.name for kind in kinds}
    rows = list(Check.objects.filter(claim_id__in=claim_ids).values_list("pk", "claim_id", "kind"))
    existing = {(cid, kind): pk for pk, cid, kind in rows if kind in names}
    retired = [pk for pk, _, kind in rows if kind not in names]
    if retired:
        Check.objects.filter(pk__in=retired).delete()
    checks = [
        QueuedCheck(cid, kind.name, now, pk=existing.get((cid, kind.name)))
        for cid in claim_ids
        for kind in kinds
    ]
    at_once = {k.name for k in kinds if k.from_facts or (archive_now and not k.network)}
    _run_at_once([c for c in checks if c.kind in at_once], loaded, options)
    again = [c.as_model() for c in checks if c.pk is not None]
    _insert_checks([c for c in checks if c.pk is None])
    Check.objects.bulk_update(again, QUEUE_FIELDS)
    if not just_stored:
        Article.objects.filter(pk__in=article_ids).update(
            status=Article.Status.VERIFYING, updated_at=now
        )
    waiting = {c.claim_id for c in checks if c.state == Check.State.QUEUED}
    # A claim whose checks are all done already needs no task.
    _send_checks([(c.pk, c.article_id) for c in claims if c.pk in waiting])
    if not waiting:
        for article_id in article_ids:
            article_mark_ready_if_checked(article_id=article_id)
    return sorted(c.pk for c in checks if c.pk is not None)  # every one has its row now


@dataclass(slots=True)
class QueuedCheck:
    """A check as `checks_queue` fills it in: a Check row's fields, without the model
    instance (a long article queues thousands, and an instance costs more than most checks)."""

    claim_id: int
    kind: str
    queued_at: datetime.datetime
    pk: int | None = None
    state: str = Check.State.QUEUED
    result: Result = field(default_factory=dict)
    error: str = ""
    attempts: int = 0
    task_id: str = ""
    started_at: datetime.datetime | None = None
    finished_at: datetime.datetime | None = None

    def as_model(self) -> Check:
        return Check(
            pk=self.pk,
            claim_id=self.claim_id,
            kind=self.kind,
            **{name: getattr(self, name) for name in QUEUE_FIELDS},
        )


# A check as the runs read it: a stored row, or one being queued.
CheckRow = Check | QueuedCheck


def _batch_inputs(
    claims: dict[int, Claim], options: CheckOptions
) -> tuple[ArchiveContext, dict[int, ClaimInput]]:
    """What a batch's checks read: the archive, read once for the batch, and each claim."""
    subjects = {pk: claim_input(claim, results={}) for pk, claim in claims.items()}
    return ArchiveContext(options, list(claims.values()), inputs=subjects), subjects


def _run_at_once(
    checks: Sequence[QueuedCheck], claims: dict[int, Claim], options: CheckOptions
) -> None:
    """Run checks as they are queued, on claims loaded by `check_subjects`, each with the
    times it started and finished. A passing failure leaves its check queued, for a task
    to try again.

    In a savepoint: a query that fails (the caller's transaction would be unusable after
    it) rolls back to it, and every one of these checks is left queued for a task instead.
    """
    context, subjects = _batch_inputs(claims, options)
    try:
        with transaction.atomic():
            _prefetch(checks, subjects, context)
            for check in checks:
                started = timezone.now()
                state, result, error = _outcome(check, subjects[check.claim_id], context, False)
                ran = state != Check.State.QUEUED
                check.state, check.result, check.error = state, result, error[:2000]
                check.attempts = 1
                check.started_at = started if ran else None
                check.finished_at = timezone.now() if ran else None
    except TRANSIENT_DB_ERRORS:
        raise  # the database went away: the caller's work is retried whole
    except DatabaseError:
        logger.exception("Checks at once failed on the database; they wait for a task")
        for check in checks:
            check.state, check.result, check.error, check.attempts = Check.State.QUEUED, {}, "", 0
            check.started_at = check.finished_at = None


QUEUE_FIELDS = (
    "state",
    "task_id",
    "result",
    "error",
    "attempts",
    "queued_at",
    "started_at",
    "finished_at",
)


def _insert_checks(checks: Sequence[QueuedCheck]) -> None:
    """Check.objects.bulk_create, on PostgreSQL as one INSERT ... VALUES ... RETURNING:
    Django prepares each value of each row through its field, which for the thousands of
    rows of a long article costs more than the checks themselves."""
    if connection.vendor != "postgresql" or not checks:
        made = Check.objects.bulk_create([c.as_model() for c in checks])
        for check, row in zip(checks, made, strict=True):
            check.pk = row.pk
        return
    rows = [
        (
            c.claim_id,
            c.kind,
            c.state,
            Json(c.result),
            c.attempts,
            c.error,
            c.task_id,
            c.queued_at,
            c.started_at,
            c.finished_at,
        )
        for c in checks
    ]
    sql = f"""
        INSERT INTO {Check._meta.db_table} (claim_id, kind, state, result, attempts, error,
            task_id, queued_at, started_at, finished_at)
        VALUES %s RETURNING id
    """
    template = "(%s, %s, %s, %s::jsonb, %s, %s, %s, %s, %s, %s)"
    with connection.cursor() as cursor:
        # One statement for the whole batch (the default sends a hundred rows a statement).
        ids = execute_values(
            cursor.cursor, sql, rows, template=template, fetch=True, page_size=len(rows)
        )
    for check, (pk,) in zip(checks, ids, strict=True):
        check.pk = pk


# Claims a task checks together: few enough that a batch's progress shows soon and two
# workers share a long article, many enough that the reads a batch shares pay off.
CLAIMS_PER_TASK = 50


def _send_checks(claims: Sequence[tuple[int, int]]) -> None:
    """Queue a task for each batch of claims, (claim id, article id), one article a batch."""
    by_article: dict[int, list[int]] = {}
    for claim_id, article_id in sorted(claims, key=lambda pair: pair[1]):
        by_article.setdefault(article_id, []).append(claim_id)
    batches = [
        ids[at : at + CLAIMS_PER_TASK]
        for ids in by_article.values()
        for at in range(0, len(ids), CLAIMS_PER_TASK)
    ]
    send_each_on_commit(tasks.claims_checks_run, [(sorted(batch),) for batch in batches])


@dataclass(frozen=True)
class ChecksQueued:
    claims: list[int]  # the claims whose checks were queued (stale claims have none)
    checks: list[int]


def checks_rerun(*, claim_ids: Sequence[int]) -> ChecksQueued:
    """Run every check again on these claims (stale ones have none); a claim that does not
    exist is an error, and nothing is queued then."""
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update().filter(pk__in=claim_ids).order_by("pk"))
        found = {c.pk for c in claims}
        missing = [pk for pk in claim_ids if pk not in found]
        if missing:
            raise NotFoundError(f"No claim with id {missing[0]}.")
        current = [c for c in claims if not c.stale]
        return ChecksQueued(claims=[c.pk for c in current], checks=checks_queue(claims=current))


def article_checks_rerun(*, article_ids: Sequence[int]) -> ChecksQueued:
    """Run every check again on the current claims of the articles."""
    found = set(Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True))
    missing = [pk for pk in article_ids if pk not in found]
    if missing:
        raise NotFoundError(f"No article with id {missing[0]}.")
    claim_ids = list(
        Claim.objects.filter(article_id__in=article_ids, stale=False)
        .order_by("id")
        .values_list("id", flat=True)
    )
    return checks_rerun(claim_ids=claim_ids)


def checks_requeue_stale(
    *, older_than: datetime.timedelta, running_older_than: datetime.timedelta | None = None
) -> list[int]:
    """Queue again the checks that never ran (queued for `older_than`) or whose worker died
    (running past the task's hard time limit, or `running_older_than`), in batches.

    A check within its time limit is left alone: it is under way. A re-queued check waits
    `older_than` again before the next re-queue; a copy that arrives late does nothing.
    """
    now = timezone.now()
    if running_older_than is None:
        running_older_than = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)
    with transaction.atomic():
        stale = (
            Check.objects.select_for_update(skip_locked=True)
            .filter(
                Q(state=Check.State.QUEUED, queued_at__lt=now - older_than)
                | Q(state=Check.State.RUNNING, started_at__lt=now - running_older_than)
            )
            .order_by("pk")
        )
        found = list(stale.values_list("id", "claim_id", "claim__article_id"))
        ids = [check_id for check_id, _, _ in found]
        Check.objects.filter(pk__in=ids).update(state=Check.State.QUEUED, task_id="", queued_at=now)
        _send_checks(sorted({(claim_id, article_id) for _, claim_id, article_id in found}))
    return ids


def check_kind_rerun(*, claim_id: int, kind: str) -> int | None:
    """Run one kind of check again on a claim, when what that check reads has changed
    (a capture of its evidence finished). None when the claim has no check of that kind.

    The article keeps its status: this refreshes a lead, it is not the article's work.
    """
    with transaction.atomic():
        check = Check.objects.select_for_update().filter(claim_id=claim_id, kind=kind).first()
        if check is None:
            return None
        check.state = Check.State.QUEUED
        check.task_id = ""
        check.result = {}
        check.error = ""
        check.attempts = 0
        check.queued_at = timezone.now()
        check.started_at = None
        check.finished_at = None
        check.save()
        send_each_on_commit(tasks.claims_checks_run, [([claim_id],)])
    return check.pk


def check_run(*, check_id: int, final_attempt: bool = True, task_id: str = "") -> Check | None:
    """Run one check and store its result (claims_checks_run runs all the queued checks of
    a batch of claims in one go, and says which it leaves alone)."""
    check = Check.objects.filter(pk=check_id).only("claim_id").first()
    if check is None:
        return None
    _run_checks(
        claim_ids=[check.claim_id],
        check_ids=[check_id],
        final_attempt=final_attempt,
        task_id=task_id,
    )
    return Check.objects.filter(pk=check_id).first()


def claims_checks_run(
    *, claim_ids: Sequence[int], final_attempt: bool = True, task_id: str = ""
) -> None:
    """Run every queued check of a batch of claims and store each result, once.

    One task a batch: the claims, their facts and what the archive holds about them are
    read once, and the results stored together, while each kind keeps its own row, state,
    error and re-run. A check done or failed is left alone, and so is one running in
    another task (the sweep re-queues it if that task's worker died); the retry of the task
    that started it (`task_id`) takes it over. So a task delivered twice never duplicates
    or redoes work. A passing failure (a remote API timing out) leaves that check queued
    and raises TransientCheckError for the task to retry, until the last of
    CHECK_MAX_ATTEMPTS.
    """
    _run_checks(claim_ids=claim_ids, check_ids=None, final_attempt=final_attempt, task_id=task_id)


def _run_checks(
    *,
    claim_ids: Sequence[int],
    check_ids: Sequence[int] | None,
    final_attempt: bool,
    task_id: str,
) -> None:
    with transaction.atomic():
        mine = Q(state=Check.State.QUEUED) | Q(state=Check.State.RUNNING, task_id__in=["", task_id])
        pending = Check.objects.select_for_update(skip_locked=True).filter(
            mine, claim_id__in=claim_ids
        )
        if check_ids is not None:
            pending = pending.filter(pk__in=check_ids)
        checks = list(pending.order_by("pk"))
        if not checks:
            return
        started = timezone.now()
        Check.objects.filter(pk__in=[c.pk for c in checks]).update(
            state=Check.State.RUNNING,
            task_id=task_id,
            attempts=F("attempts") + 1,
            started_at=started,
        )
    claims = _claims_loaded({check.claim_id for check in checks})
    context, subjects = _batch_inputs(claims, check_options())
    _prefetch(checks, subjects, context)
    transient: TransientCheckError | None = None
    for check in checks:
        if check.claim_id not in claims:
            continue  # the claim was deleted meanwhile: its checks went with it
        state, result, error = _outcome(check, subjects[check.claim_id], context, final_attempt)
        if state == Check.State.QUEUED:
            transient = TransientCheckError(error)
        finished = timezone.now()
        check.state, check.result, check.error, check.task_id = state, result, error[:2000], ""
        check.queued_at = finished if state == Check.State.QUEUED else check.queued_at
        check.finished_at = None if state == Check.State.QUEUED else finished

    with transaction.atomic():
        _store_outcomes([c for c in checks if c.claim_id in claims], task_id, started)
        for article_id in sorted({claim.article_id for claim in claims.values()}):
            article_mark_ready_if_checked(article_id=article_id)
    if transient is not None:
        raise transient


def _prefetch(
    checks: Sequence[CheckRow], subjects: dict[int, ClaimInput], context: ArchiveContext
) -> None:
    """Let each kind that reads ahead do it once for the batch's claims it will check."""
    for name in sorted({check.kind for check in checks}):
        prefetch = kind_named(name).prefetch
        if prefetch is None:
            continue
        claims = [subjects[c.claim_id] for c in checks if c.kind == name and c.claim_id in subjects]
        if not claims:
            continue
        try:
            prefetch(claims, context)
        except TRANSIENT_DB_ERRORS:
            raise
        except Exception:
            # Only a read-ahead: each check asks again as it runs, and fails on its own.
            logger.exception("Reading ahead for the %s checks failed", name)


OUTCOME_FIELDS = ("state", "task_id", "result", "error", "queued_at", "finished_at")


def _store_outcomes(checks: Sequence[Check], task_id: str, started: datetime.datetime) -> None:
    """Store the checks' outcomes in one statement, on the rows this run still holds: one
    queued again since the run read its input (its evidence changed), or taken over by
    another task, keeps what that run gives.

    On PostgreSQL one UPDATE ... FROM (VALUES ...) (Django's bulk_update builds a CASE per
    row and field, which costs more than the checks themselves); elsewhere bulk_update.
    """
    held = Check.objects.filter(state=Check.State.RUNNING, task_id=task_id, started_at=started)
    if connection.vendor != "postgresql":
        held.bulk_update(checks, OUTCOME_FIELDS)
        return
    rows = [
        (
            c.pk,
            c.state,
            c.task_id,
            Json(c.result),
            c.error,
            c.queued_at,
            c.finished_at,
            task_id,
            started,
        )
        for c in checks
    ]
    # The run's task and start ride along in each row: execute_values takes one placeholder.
    sql = f"""
        UPDATE {Check._meta.db_table} AS c
        SET state = v.state, task_id = v.task_id, result = v.result, error = v.error,
            queued_at = v.queued_at, finished_at = v.finished_at
        FROM (VALUES %s) AS v(id, state, task_id, result, error, queued_at, finished_at,
            held_by, held_since)
        WHERE c.id = v.id AND c.state = 'running' AND c.task_id = v.held_by
            AND c.started_at = v.held_since
    """
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            sql,
            rows,
            template="(%s, %s, %s, %s::jsonb, %s, %s::timestamptz, %s::timestamptz, %s, "
            "%s::timestamptz)",
        )


def _outcome(
    check: CheckRow, subject: ClaimInput, context: ArchiveContext, final_attempt: bool
) -> tuple[str, Result, str]:
    """A check's new state, result and error, from running it."""
    attempts = check.attempts + 1
    try:
        return Check.State.DONE, kind_named(check.kind).run(subject, context), ""
    except TransientCheckError as exc:
        # Counted across tasks too: a check the sweep re-queued starts no fresh budget.
        if final_attempt or attempts >= CHECK_MAX_ATTEMPTS:
            return Check.State.FAILED, {}, f"Gave up after {attempts} attempts: {exc}"
        return Check.State.QUEUED, {}, str(exc)
    except CheckError as exc:
        return Check.State.FAILED, {}, str(exc)
    except TRANSIENT_DB_ERRORS:
        raise  # not the checks' fault: they stay running for the retry or the sweep
    except Exception as exc:
        logger.exception("Check %s (%s) failed", check.pk, check.kind)
        return Check.State.FAILED, {}, f"{type(exc).__name__}: {exc}"


def article_mark_ready_if_checked(*, article_id: int) -> None:
    """Mark a verifying article ready once none of its checks is queued or running."""
    with transaction.atomic(savepoint=False):  # nothing here is caught: no savepoint needed
        # The row lock makes the last two checks to finish agree on which one was last.
        article = Article.objects.select_for_update().defer("body").get(pk=article_id)
        if article.status != Article.Status.VERIFYING:
            return
        pending = Check.objects.filter(
            claim__article_id=article_id, state__in=[Check.State.QUEUED, Check.State.RUNNING]
        ).exists()
        if not pending:
            article.status = Article.Status.READY
            webhook_event_emit(
                event="article.ready", payload=lambda: article_event_payload(article)
            )
            article.save(update_fields=["status", "updated_at"])
