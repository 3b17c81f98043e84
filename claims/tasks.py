"""Thin Celery tasks: load by id, call a service, nothing else."""

from __future__ import annotations

import datetime

from celery import Task, shared_task

from claims import services
from claims.checks import TransientCheckError
from claims.models import Article


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=services.TRANSIENT_DB_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def extract_article(article_id: int) -> None:
    if not Article.objects.filter(pk=article_id).exists():
        return  # deleted since it was queued
    services.article_extract(article_id=article_id)


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    autoretry_for=(TransientCheckError, *services.TRANSIENT_DB_ERRORS),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def run_check(self: Task, check_id: int) -> None:
    services.check_run(check_id=check_id, final_attempt=self.request.retries >= self.max_retries)


@shared_task(bind=True, acks_late=True, ignore_result=True)
def deliver_webhook(self: Task, delivery_id: int) -> None:
    from django.conf import settings

    from claims.models import WebhookDelivery
    from claims.webhooks import backoff

    max_retries = settings.WEBHOOK_MAX_RETRIES
    delivery = services.webhook_deliver(
        delivery_id=delivery_id, last_attempt=self.request.retries >= max_retries
    )
    if delivery.status == WebhookDelivery.Status.RETRYING:
        raise self.retry(countdown=backoff(self.request.retries), max_retries=max_retries)


@shared_task(acks_late=True, ignore_result=True)
def requeue_stale_work(older_than_seconds: int = 600) -> None:
    age = datetime.timedelta(seconds=older_than_seconds)
    services.article_requeue_stale(older_than=age)
    services.checks_requeue_stale(older_than=age)
