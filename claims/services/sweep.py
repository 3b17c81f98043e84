"""The sweep of stale work: what never reached a worker, or whose worker died, is queued
again. Celery beat runs it every REQUEUE_STALE_EVERY seconds; `manage.py requeue_stale` at
once. Every task it queues is idempotent, so a copy of work still on its way does nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from claims.services.checks import checks_requeue_stale
from claims.services.evidence import evidence_requeue_stale
from claims.services.extraction import article_requeue_stale
from claims.services.ingest import article_fetch_requeue_stale
from claims.services.webhooks import webhook_deliveries_requeue_stale


@dataclass(frozen=True)
class Requeued:
    fetches: list[int]
    articles: list[int]
    checks: list[int]
    captures: list[int]
    deliveries: list[int]


def stale_work_requeue(
    *,
    older_than: datetime.timedelta | None = None,
    running_older_than: datetime.timedelta | None = None,
) -> Requeued:
    """Queue again the work queued for longer than `older_than` (default
    REQUEUE_QUEUED_AFTER) and the work started longer ago than its time limit allows (or
    `running_older_than`): work still within its limit is under way, not lost."""
    if older_than is None:
        older_than = datetime.timedelta(seconds=settings.REQUEUE_QUEUED_AFTER)
    return Requeued(
        fetches=article_fetch_requeue_stale(older_than=older_than),
        articles=article_requeue_stale(
            older_than=older_than, running_older_than=running_older_than
        ),
        checks=checks_requeue_stale(older_than=older_than, running_older_than=running_older_than),
        captures=evidence_requeue_stale(
            older_than=older_than, running_older_than=running_older_than
        ),
        deliveries=webhook_deliveries_requeue_stale(older_than=older_than),
    )
