"""Checks: each claim gets one result per enabled check kind, computed by a worker.

An article is `verifying` while any of its checks is queued or running, and `ready` once
none is. Running a check twice stores one result: a finished check is left alone.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims import tasks
from claims.checks import CheckError, CheckOptions, TransientCheckError, enabled_kinds, kind_named
from claims.errors import TRANSIENT_DB_ERRORS, NotFoundError
from claims.models import Article, Check, Claim
from claims.selectors.checks import ArchiveContext, claim_input
from claims.services.queue import send_each_on_commit
from claims.services.webhooks import article_event_payload, webhook_event_emit

logger = logging.getLogger(__name__)


def check_options() -> CheckOptions:
    return CheckOptions(
        factcheck_api_key=settings.FACTCHECK_API_KEY,
        factcheck_api_url=settings.FACTCHECK_API_URL,
    )


def enabled_check_names() -> list[str]:
    """The kinds each claim gets a check of, in review order."""
    return [kind.name for kind in enabled_kinds(check_options())]


def checks_queue(*, claims: Sequence[Claim]) -> list[int]:
    """Give each claim a fresh Check per enabled kind and queue them, one task each.

    A re-run resets the existing rows (one per claim and kind), so results never pile up.
    The claims' articles are verifying until every check is done or failed. Call it in a
    transaction that holds the claims' rows.
    """
    kinds = enabled_check_names()
    claim_ids = [c.pk for c in claims]
    article_ids = {c.article_id for c in claims}
    now = timezone.now()
    Check.objects.filter(claim_id__in=claim_ids).exclude(kind__in=kinds).delete()
    existing = set(Check.objects.filter(claim_id__in=claim_ids).values_list("claim_id", "kind"))
    Check.objects.filter(claim_id__in=claim_ids).update(
        state=Check.State.QUEUED,
        result={},
        error="",
        attempts=0,
        queued_at=now,
        started_at=None,
        finished_at=None,
    )
    Check.objects.bulk_create(
        Check(claim_id=cid, kind=kind)
        for cid in claim_ids
        for kind in kinds
        if (cid, kind) not in existing
    )
    check_ids = list(
        Check.objects.filter(claim_id__in=claim_ids).order_by("id").values_list("id", flat=True)
    )
    Article.objects.filter(pk__in=article_ids).update(
        status=Article.Status.VERIFYING, updated_at=now
    )
    for article_id in article_ids:
        article_mark_ready_if_checked(article_id=article_id)
    send_each_on_commit(tasks.check_run, [(check_id,) for check_id in check_ids])
    return check_ids


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


def checks_requeue_stale(*, older_than: datetime.timedelta) -> list[int]:
    """Queue again the checks that never ran or whose worker died while running them."""
    cutoff = timezone.now() - older_than
    ids = list(
        Check.objects.filter(
            Q(state=Check.State.QUEUED, queued_at__lt=cutoff)
            | Q(state=Check.State.RUNNING, started_at__lt=cutoff)
        ).values_list("id", flat=True)
    )
    for check_id in ids:
        tasks.check_run.delay(check_id)
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
        check.result = {}
        check.error = ""
        check.attempts = 0
        check.queued_at = timezone.now()
        check.started_at = None
        check.finished_at = None
        check.save()
        send_each_on_commit(tasks.check_run, [(check.pk,)])
    return check.pk


def check_run(*, check_id: int, final_attempt: bool = True) -> Check | None:
    """Run one check and store its result. A check already done is left alone, so a task
    delivered twice, or again after its worker died, never duplicates or redoes work."""
    with transaction.atomic():
        check = (
            Check.objects.select_for_update(of=("self",))
            .select_related("claim__article", "claim__source")
            .filter(pk=check_id)
            .first()
        )
        if check is None or check.state == Check.State.DONE:
            return check
        check.state = Check.State.RUNNING
        check.attempts += 1
        check.started_at = started = timezone.now()
        check.save(update_fields=["state", "attempts", "started_at"])
    claim = check.claim

    try:
        kind = kind_named(check.kind)
        result = kind.run(claim_input(claim), ArchiveContext(check_options()))
        error, state = "", Check.State.DONE
    except TransientCheckError as exc:
        if not final_attempt:
            Check.objects.filter(pk=check_id).update(state=Check.State.QUEUED, error=str(exc))
            raise
        result, error, state = {}, f"Gave up after {check.attempts} attempts: {exc}", None
    except CheckError as exc:
        result, error, state = {}, str(exc), None
    except TRANSIENT_DB_ERRORS:
        raise  # not the check's fault: it stays running for the retry or the sweep
    except Exception as exc:
        logger.exception("Check %s (%s) failed", check_id, check.kind)
        result, error, state = {}, f"{type(exc).__name__}: {exc}", None

    with transaction.atomic():
        check = Check.objects.select_for_update().get(pk=check_id)
        if check.state == Check.State.DONE:
            return check
        if check.started_at != started:
            # Queued again (its evidence changed) or taken by another run since this one
            # read its input: this result may be stale, and that run gives the current one.
            return check
        check.state = state or Check.State.FAILED
        check.result = result
        check.error = error[:2000]
        check.finished_at = timezone.now()
        check.save(update_fields=["state", "result", "error", "finished_at"])
        article_mark_ready_if_checked(article_id=claim.article_id)
    return check


def article_mark_ready_if_checked(*, article_id: int) -> None:
    """Mark a verifying article ready once none of its checks is queued or running."""
    with transaction.atomic():
        # The row lock makes the last two checks to finish agree on which one was last.
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.status != Article.Status.VERIFYING:
            return
        pending = Check.objects.filter(
            claim__article_id=article_id, state__in=[Check.State.QUEUED, Check.State.RUNNING]
        ).exists()
        if not pending:
            article.status = Article.Status.READY
            webhook_event_emit(event="article.ready", payload=article_event_payload(article))
            article.save(update_fields=["status", "updated_at"])
