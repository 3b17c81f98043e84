"""Webhooks: newsroom systems subscribe to events; each event is a signed POST per subscriber.

A delivery row is written in the transaction of the change it announces and sent by a
worker once that transaction commits, so a rolled-back change announces nothing.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims import tasks
from claims.errors import NotFoundError, ServiceError
from claims.models import Article, Claim, Verdict, WebhookDelivery, WebhookSubscription
from claims.outbound import webhooks
from claims.outbound.guard import refuse_local_url
from claims.selectors.publishing import public_url
from claims.services.queue import send_each_on_commit, send_on_commit

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def webhook_subscribe(
    *,
    owner: User | None,
    url: str,
    events: Sequence[str],
    secret: str = "",
    active: bool = True,
) -> WebhookSubscription:
    """Subscribe `url` to `events`; with no secret given, one is made (the caller shows it)."""
    return WebhookSubscription.objects.create(
        owner=owner,
        url=webhook_url_check(url),
        events=_check_events(events),
        secret=secret or secrets.token_urlsafe(32),
        active=active,
    )


def webhook_subscription_update(*, subscription_id: int, **values: Any) -> WebhookSubscription:
    allowed = {"url", "events", "secret", "active"}
    if set(values) - allowed:
        raise ServiceError("Unknown subscription fields.")
    if "events" in values:
        values["events"] = _check_events(values["events"])
    if "url" in values:
        values["url"] = webhook_url_check(values["url"])
    with transaction.atomic():
        subscription = (
            WebhookSubscription.objects.select_for_update().filter(pk=subscription_id).first()
        )
        if subscription is None:
            raise NotFoundError(f"No webhook subscription with id {subscription_id}.")
        for field, value in values.items():
            setattr(subscription, field, value)
        subscription.save()
    return subscription


def webhook_unsubscribe(*, subscription_id: int) -> None:
    deleted, _ = WebhookSubscription.objects.filter(pk=subscription_id).delete()
    if not deleted:
        raise NotFoundError(f"No webhook subscription with id {subscription_id}.")


def webhook_url_check(url: str) -> str:
    """Refuse a receiver on a local or private address (SSRF): the server must not post
    into its own network, e.g. to Redis on loopback; and one on a port no web server uses
    (WEBHOOK_PORTS). A name that does not resolve yet is
    accepted; every delivery checks the address again and dials only what it checked."""
    if settings.WEBHOOK_ALLOW_PRIVATE:
        return url
    url = refuse_local_url(url)
    refused = _port_refused(url)
    if refused:
        raise ServiceError(refused, code="port_refused")
    return url


def _port_refused(url: str) -> str:
    """Why `url`'s port is refused (WEBHOOK_PORTS), or "" when it is not."""
    if settings.WEBHOOK_ALLOW_PRIVATE or not settings.WEBHOOK_PORTS:
        return ""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if port in settings.WEBHOOK_PORTS:
        return ""
    allowed = ", ".join(str(p) for p in settings.WEBHOOK_PORTS)
    return f"A webhook receiver listens on port {allowed}; {port} is refused (WEBHOOK_PORTS)."


def _check_events(events: Sequence[str]) -> list[str]:
    unknown = set(events) - set(WebhookSubscription.Event.values)
    if unknown:
        raise ServiceError(f"Unknown events: {', '.join(sorted(unknown))}.", code="invalid_event")
    if not events:
        raise ServiceError("Name at least one event.", code="invalid_event")
    return sorted(set(events))


def webhook_event_emit(
    *, event: str, payload: dict[str, Any] | Callable[[], dict[str, Any]]
) -> list[WebhookDelivery]:
    """Record a delivery of `event` for each active subscriber, sent once the caller's
    transaction commits (a rolled-back change announces nothing). `payload` may be a
    function making it, called only when someone subscribes."""
    subscriptions = [
        s for s in WebhookSubscription.objects.filter(active=True) if event in s.events
    ]
    if not subscriptions:
        return []
    if callable(payload):
        payload = payload()
    body = {"event": event, "created_at": timezone.now().isoformat(), **payload}
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=s, event=event, payload=body) for s in subscriptions
    )
    for delivery in deliveries:
        send_on_commit(tasks.webhook_deliver, delivery.pk)
    return deliveries


@dataclass(frozen=True)
class DeliveryAttempt:
    delivery: WebhookDelivery | None  # None: its subscription was deleted since
    retry_in: float | None = None  # seconds until the retry this attempt scheduled


# After this long without an outcome, an attempt's worker is taken for dead.
def _attempt_allowance() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WEBHOOK_TIMEOUT + 30)


def webhook_deliver(*, delivery_id: int, attempt: int | None = None) -> DeliveryAttempt:
    """POST one delivery, signed, and record the outcome.

    A connection error or a 5xx leaves the delivery RETRYING, with the time of its next
    attempt, until WEBHOOK_MAX_RETRIES retries are spent (then FAILED); any other answer is
    final. Safe to run twice: a delivery that is done is not sent again, and neither is one
    whose attempt is under way or whose retry is not due, unless this is that retry
    (`attempt`, the number the scheduled retry was given).
    """
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status in (
            WebhookDelivery.Status.DELIVERED,
            WebhookDelivery.Status.FAILED,
        ):
            return DeliveryAttempt(delivery)
        scheduled = attempt is not None and attempt == delivery.attempts + 1
        due = delivery.next_attempt_at is None or delivery.next_attempt_at <= now + _EARLY
        if not (scheduled or due):
            return DeliveryAttempt(delivery)
        # A subscription made before WEBHOOK_PORTS was narrowed is held to it too.
        refused = _port_refused(delivery.subscription.url)
        if not delivery.subscription.active or refused:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.error = refused or "The subscription was deactivated."
            delivery.next_attempt_at = None
            delivery.save(update_fields=["status", "error", "next_attempt_at"])
            return DeliveryAttempt(delivery)
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.next_attempt_at = now + _attempt_allowance()
        delivery.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
        subscription = delivery.subscription
        number = delivery.attempts

    # No lock is held while the request is in flight: a slow receiver must not block others.
    outcome = webhooks.send(
        url=subscription.url,
        secret=subscription.secret,
        event=delivery.event,
        delivery_id=delivery.pk,
        payload=delivery.payload,
        timeout=settings.WEBHOOK_TIMEOUT,
        allow_private=settings.WEBHOOK_ALLOW_PRIVATE,
    )

    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.attempts != number or delivery.status in (
            WebhookDelivery.Status.DELIVERED,
            WebhookDelivery.Status.FAILED,
        ):
            return DeliveryAttempt(delivery)  # taken over meanwhile (this worker was slow)
        finished = timezone.now()
        delivery.response_status = outcome.status_code
        delivery.response_excerpt = outcome.excerpt
        delivery.error = outcome.error
        delivery.next_attempt_at = None
        retry_in = None
        if outcome.delivered:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = finished
        elif outcome.temporary and number <= settings.WEBHOOK_MAX_RETRIES:
            delivery.status = WebhookDelivery.Status.RETRYING
            retry_in = webhooks.backoff(number - 1)
            delivery.next_attempt_at = finished + datetime.timedelta(seconds=retry_in)
        else:
            delivery.status = WebhookDelivery.Status.FAILED
        delivery.save()
    return DeliveryAttempt(delivery, retry_in)


# Celery may start a scheduled retry a moment before its time.
_EARLY = datetime.timedelta(seconds=1)


def webhook_deliveries_requeue_stale(*, older_than: datetime.timedelta) -> list[int]:
    """Queue again the deliveries that never reached a worker (pending for `older_than`),
    whose retry is overdue by `older_than` (the broker lost it), or whose attempt's worker
    died. A delivery whose retry is waiting, or whose attempt is under way, is left alone.
    """
    now = timezone.now()
    cutoff = now - older_than
    with transaction.atomic():
        stale = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING])
            .filter(
                Q(next_attempt_at__isnull=True, created_at__lt=cutoff)
                | Q(next_attempt_at__lt=cutoff)
            )
            .order_by("pk")
        )
        ids = list(stale.values_list("id", flat=True))
        # Due now, and not again for `older_than`: a long queue gets no pile of copies.
        WebhookDelivery.objects.filter(pk__in=ids).update(next_attempt_at=now)
        send_each_on_commit(tasks.webhook_deliver, [(delivery_id,) for delivery_id in ids])
    return ids


def claim_event_payload(claim: Claim, status: str) -> dict[str, Any]:
    """The payload of a claim's webhook events; `claim.status` is still the old status."""
    return {
        "claim": {"id": claim.pk, "article_id": claim.article_id, "text": claim.text},
        "old_status": claim.status,
        "status": status,
    }


def verdict_event_payload(claim: Claim, verdict: Verdict) -> dict[str, Any]:
    """The payload of claim.published, claim.corrected and claim.retracted."""
    return {
        "claim": {"id": claim.pk, "article_id": claim.article_id, "text": claim.text},
        "verdict": {
            "version": verdict.number,
            "rating": verdict.rating,
            "claim_reviewed": verdict.claim_reviewed,
            "approved_at": verdict.approved_at.isoformat(),
            "retracted": verdict.retracted_at is not None,
            "url": public_url(claim.pk),
        },
        "status": claim.status,
    }


def article_event_payload(article: Article) -> dict[str, Any]:
    return {
        "article": {
            "id": article.pk,
            "title": article.title,
            "url": article.url,
            "status": Article.Status.READY,
            "claims": article.claims.count(),
        }
    }
