"""Thin Celery tasks, each named after the service it calls: take ids, call the service.

The services queue these tasks, so the services are imported inside each task rather than
at the top: the import graph then has no cycle.
"""

from __future__ import annotations

import datetime

from celery import Task, shared_task

from claims.checks import TransientCheckError
from claims.errors import TRANSIENT_DB_ERRORS


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def article_extract(article_id: int) -> None:
    from claims.services.extraction import article_extract

    article_extract(article_id=article_id)


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    autoretry_for=(TransientCheckError, *TRANSIENT_DB_ERRORS),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def claim_checks_run(self: Task, claim_id: int) -> None:
    from claims.services.checks import claim_checks_run

    final_attempt = self.request.retries >= (self.max_retries or 0)
    claim_checks_run(claim_id=claim_id, final_attempt=final_attempt)


@shared_task(bind=True, acks_late=True, ignore_result=True)
def webhook_deliver(self: Task, delivery_id: int) -> None:
    from django.conf import settings

    from claims.models import WebhookDelivery
    from claims.outbound.webhooks import backoff
    from claims.services.webhooks import webhook_deliver

    max_retries = settings.WEBHOOK_MAX_RETRIES
    delivery = webhook_deliver(
        delivery_id=delivery_id, last_attempt=self.request.retries >= max_retries
    )
    if delivery is not None and delivery.status == WebhookDelivery.Status.RETRYING:
        raise self.retry(countdown=backoff(self.request.retries), max_retries=max_retries)


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def evidence_capture(self: Task, capture_id: int) -> None:
    from claims.models import EvidenceCapture
    from claims.services.evidence import evidence_capture, retry_delay

    capture = evidence_capture(capture_id=capture_id)
    # The service bounds the attempts: it says `retrying` only while some are left. In
    # process (no broker) a countdown is not honoured: the stale-work sweep retries then.
    if capture is None or self.request.is_eager:
        return
    if capture.status == EvidenceCapture.Status.RETRYING:
        self.apply_async((capture_id,), countdown=retry_delay(capture.attempts))


@shared_task(bind=True, acks_late=True, ignore_result=True, autoretry_for=TRANSIENT_DB_ERRORS)
def evidence_archive(self: Task, capture_id: int) -> None:
    from claims.services.evidence import evidence_archive

    delay = evidence_archive(capture_id=capture_id)
    if delay is not None and not self.request.is_eager:
        self.apply_async((capture_id,), countdown=delay)


@shared_task(acks_late=True, ignore_result=True)
def stale_work_requeue(older_than_seconds: int = 600) -> None:
    from claims.services.checks import checks_requeue_stale
    from claims.services.evidence import evidence_requeue_stale
    from claims.services.extraction import article_requeue_stale

    age = datetime.timedelta(seconds=older_than_seconds)
    article_requeue_stale(older_than=age)
    checks_requeue_stale(older_than=age)
    evidence_requeue_stale(older_than=age)
