"""Thin Celery tasks, each named after the service it calls: take ids, call the service.

The services queue these tasks, so the services are imported inside each task rather than
at the top: the import graph then has no cycle.
"""

from __future__ import annotations

from celery import Task, shared_task

from claims.checks import TransientCheckError
from claims.errors import TRANSIENT_DB_ERRORS


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def article_fetch(self: Task, article_id: int) -> None:
    from claims.services.ingest import article_fetch

    article_fetch(article_id=article_id, task_id=self.request.id or "")


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def article_extract(self: Task, article_id: int) -> None:
    from claims.services.extraction import article_extract

    # The task's id stays the same across its retries: they may take over its work.
    article_extract(article_id=article_id, task_id=self.request.id or "")


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
def claims_checks_run(self: Task, claim_ids: list[int]) -> None:
    from claims.services.checks import claims_checks_run

    final_attempt = self.request.retries >= (self.max_retries or 0)
    claims_checks_run(
        claim_ids=claim_ids, final_attempt=final_attempt, task_id=self.request.id or ""
    )


@shared_task(bind=True, acks_late=True, ignore_result=True)
def webhook_deliver(self: Task, delivery_id: int, attempt: int | None = None) -> None:
    from claims.services.webhooks import webhook_deliver

    # The service counts the attempts and decides on retries: the sweep's copies and the
    # task's own retries share one budget.
    result = webhook_deliver(delivery_id=delivery_id, attempt=attempt)
    if result.delivery is not None and result.retry_in is not None:
        raise self.retry(
            args=(delivery_id,),
            kwargs={"attempt": result.delivery.attempts + 1},
            countdown=result.retry_in,
            max_retries=None,
        )


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
def stale_work_requeue() -> None:
    from claims.services.sweep import stale_work_requeue

    stale_work_requeue()
