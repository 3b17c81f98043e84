"""A task delivered again (a broker redelivery, a sweep's re-queue) redoes nothing that was
done: extraction, checks and webhook deliveries run once per change, and each webhook event
is sent once. The sweep re-queues work that never ran or whose worker died, not work that
is merely under way."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from claims import tasks
from claims.models import Article, Check, WebhookDelivery, WebhookSubscription
from claims.services.checks import check_run, checks_queue, checks_requeue_stale
from claims.services.extraction import article_extract, article_reextract, article_requeue_stale
from claims.services.webhooks import webhook_deliver, webhook_deliveries_requeue_stale
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Regional Governor Anton Belov said on Telegram that 40 shells hit the village.\n\n"
    "The school was closed on Monday, he added.\n"
)
AGO = datetime.timedelta(hours=1)


@pytest.fixture
def ready_subscriber(settings: Any) -> WebhookSubscription:
    settings.WEBHOOK_ALLOW_PRIVATE = True
    return WebhookSubscription.objects.create(
        url="http://127.0.0.1:9/hook", events=["article.ready"], secret="s" * 32
    )


def extracted_and_checked() -> Article:
    article = ArticleFactory(body=BODY, publisher="Harbour Courier")
    tasks.article_extract.apply(args=[article.pk])
    tasks.claims_checks_run.apply(args=[list(article.claims.values_list("pk", flat=True))])
    article.refresh_from_db()
    assert article.status == Article.Status.READY
    return article


def test_extracting_a_ready_article_again_does_nothing(ready_subscriber: Any) -> None:
    article = extracted_and_checked()
    checks = list(Check.objects.filter(claim__article=article).values_list("id", "finished_at"))
    assert WebhookDelivery.objects.filter(event="article.ready").count() == 1

    tasks.article_extract.apply(args=[article.pk])

    article.refresh_from_db()
    assert article.status == Article.Status.READY
    after = list(Check.objects.filter(claim__article=article).values_list("id", "finished_at"))
    assert after == checks
    assert not Check.objects.filter(claim__article=article).exclude(state="done").exists()
    assert WebhookDelivery.objects.filter(event="article.ready").count() == 1


@pytest.mark.parametrize("status", [Article.Status.VERIFYING, Article.Status.FAILED])
def test_extracting_an_article_already_extracted_does_nothing(status: str) -> None:
    article = ArticleFactory(body=BODY, status=status, error="kept")
    article_extract(article_id=article.pk)
    article.refresh_from_db()
    assert (article.status, article.error) == (status, "kept")
    assert not article.claims.exists()


def test_re_extraction_goes_through_article_reextract(ready_subscriber: Any) -> None:
    article = extracted_and_checked()
    article_reextract(article_ids=[article.pk])
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED
    tasks.article_extract.apply(args=[article.pk])
    article.refresh_from_db()
    # No check kind asks the network here: every check is done as the claims are stored.
    assert article.status == Article.Status.READY


def test_an_extraction_under_way_in_another_task_is_left_to_it() -> None:
    article = ArticleFactory(body=BODY, status=Article.Status.EXTRACTING, task_id="other-task")
    tasks.article_extract.apply(args=[article.pk])
    article.refresh_from_db()
    assert (article.status, article.task_id) == (Article.Status.EXTRACTING, "other-task")
    assert not article.claims.exists()


def test_the_retry_of_the_task_that_started_an_extraction_finishes_it() -> None:
    article = ArticleFactory(body=BODY, status=Article.Status.EXTRACTING, task_id="this-task")
    tasks.article_extract.apply(args=[article.pk], task_id="this-task")
    article.refresh_from_db()
    assert (article.status, article.task_id) == (Article.Status.READY, "")


def test_a_check_under_way_in_another_task_is_left_to_it() -> None:
    claim = ClaimFactory(text="The ministry said 12 missiles were fired: six and five.")
    checks_queue(claims=[claim])
    check = claim.checks.get(kind="corroboration")
    Check.objects.filter(pk=check.pk).update(
        state=Check.State.RUNNING, task_id="other-task", attempts=1, started_at=timezone.now()
    )
    tasks.claims_checks_run.apply(args=[[claim.pk]])
    check.refresh_from_db()
    assert (check.state, check.attempts, check.result) == ("running", 1, {})


def test_a_failed_check_delivered_again_stays_failed() -> None:
    claim = ClaimFactory()
    checks_queue(claims=[claim])
    check = claim.checks.first()
    assert check is not None
    Check.objects.filter(pk=check.pk).update(state=Check.State.FAILED, error="gave up", attempts=6)
    check_run(check_id=check.pk)
    check.refresh_from_db()
    assert (check.state, check.attempts, check.error) == ("failed", 6, "gave up")


# The sweep


def test_the_sweep_requeues_queued_work_that_waited_too_long_but_not_fresh_work() -> None:
    stale = ArticleFactory(status=Article.Status.QUEUED)
    fresh = ArticleFactory(status=Article.Status.QUEUED)
    Article.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - AGO)
    assert article_requeue_stale(older_than=datetime.timedelta(seconds=30)) == [stale.pk]
    # Re-queued: not again until it has waited as long once more.
    assert article_requeue_stale(older_than=datetime.timedelta(seconds=30)) == []
    assert fresh.pk not in article_requeue_stale(older_than=datetime.timedelta(seconds=30))


def test_the_sweep_leaves_an_extraction_under_way_until_its_time_limit_passes(
    settings: Any,
) -> None:
    settings.ARTICLE_EXTRACT_TIME_LIMIT = 120
    busy = ArticleFactory(status=Article.Status.EXTRACTING, task_id="t1")
    dead = ArticleFactory(status=Article.Status.EXTRACTING, task_id="t2")
    Article.objects.filter(pk=busy.pk).update(
        updated_at=timezone.now() - datetime.timedelta(seconds=60)
    )
    Article.objects.filter(pk=dead.pk).update(updated_at=timezone.now() - AGO)
    assert article_requeue_stale(older_than=datetime.timedelta(seconds=30)) == [dead.pk]
    dead.refresh_from_db()
    assert (dead.status, dead.task_id) == (Article.Status.QUEUED, "")


def test_the_sweep_leaves_a_running_check_until_the_task_time_limit_passes() -> None:
    claim = ClaimFactory()
    checks_queue(claims=[claim])
    running, queued, *_ = claim.checks.filter(state=Check.State.QUEUED)
    Check.objects.filter(pk=running.pk).update(
        state=Check.State.RUNNING,
        task_id="t1",
        started_at=timezone.now() - datetime.timedelta(seconds=60),
        queued_at=timezone.now() - AGO,
    )
    Check.objects.filter(pk=queued.pk).update(queued_at=timezone.now() - AGO)
    assert checks_requeue_stale(older_than=datetime.timedelta(seconds=30)) == [queued.pk]
    Check.objects.filter(pk=running.pk).update(started_at=timezone.now() - AGO)
    assert checks_requeue_stale(older_than=datetime.timedelta(seconds=30)) == [running.pk]
    running.refresh_from_db()
    assert (running.state, running.task_id) == ("queued", "")


def _delivery(**values: Any) -> WebhookDelivery:
    subscription = WebhookSubscription.objects.create(
        url="https://hooks.example.org/x", events=["article.ready"], secret="s" * 32
    )
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="article.ready", payload={}
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**values)
    delivery.refresh_from_db()
    return delivery


def test_the_sweep_requeues_a_pending_delivery_that_never_reached_a_worker() -> None:
    delivery = _delivery(created_at=timezone.now() - AGO)
    _delivery()  # just made: its task may still be on its way
    assert webhook_deliveries_requeue_stale(older_than=datetime.timedelta(seconds=30)) == [
        delivery.pk
    ]
    assert webhook_deliveries_requeue_stale(older_than=datetime.timedelta(seconds=30)) == []


def test_the_sweep_requeues_a_retry_that_is_overdue_but_not_one_that_is_waiting() -> None:
    overdue = _delivery(
        status=WebhookDelivery.Status.RETRYING,
        attempts=2,
        created_at=timezone.now() - AGO,
        next_attempt_at=timezone.now() - AGO,
    )
    _delivery(
        status=WebhookDelivery.Status.RETRYING,
        attempts=5,
        created_at=timezone.now() - AGO,
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=20),
    )
    assert webhook_deliveries_requeue_stale(older_than=datetime.timedelta(seconds=30)) == [
        overdue.pk
    ]


def test_a_delivery_whose_attempt_is_under_way_is_not_sent_again(settings: Any) -> None:
    delivery = _delivery(
        attempts=1,
        last_attempt_at=timezone.now(),
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=40),
    )
    attempt = webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert attempt.retry_in is None
    assert (delivery.status, delivery.attempts) == ("pending", 1)


def test_the_sweep_requeues_a_fetch_that_never_started_but_not_one_under_way() -> None:
    from claims.services.ingest import article_fetch_requeue_stale

    waiting = ArticleFactory(status=Article.Status.FETCHING, url="https://example.org/a")
    busy = ArticleFactory(status=Article.Status.FETCHING, url="https://example.org/b", task_id="t1")
    Article.objects.filter(pk__in=[waiting.pk, busy.pk]).update(
        updated_at=timezone.now() - datetime.timedelta(seconds=40)
    )
    assert article_fetch_requeue_stale(older_than=datetime.timedelta(seconds=30)) == [waiting.pk]


def test_fetching_an_article_fetched_already_does_nothing() -> None:
    from claims.services.ingest import article_fetch

    article = ArticleFactory(status=Article.Status.QUEUED, body=BODY, url="http://127.0.0.1:9/")
    article_fetch(article_id=article.pk)
    article.refresh_from_db()
    assert (article.status, article.body) == (Article.Status.QUEUED, BODY)
