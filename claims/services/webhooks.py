"""Webhooks: newsroom systems subscribe to events; each event is a signed POST per subscriber.

A delivery row is written in the transaction of the change it announces and sent by a
worker once that transaction commits, so a rolled-back change announces nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims import tasks
from claims.errors import NotFoundError, ServiceError
from claims.models import Article, Claim, Verdict, WebhookDelivery, WebhookSubscription
from claims.outbound import webhooks
from claims.selectors.publishing import public_url
from claims.services.queue import send_on_commit

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
        url=url,
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


def _check_events(events: Sequence[str]) -> list[str]:
    unknown = set(events) - set(WebhookSubscription.Event.values)
    if unknown:
        raise ServiceError(f"Unknown events: {', '.join(sorted(unknown))}.", code="invalid_event")
    if not events:
        raise ServiceError("Name at least one event.", code="invalid_event")
    return sorted(set(events))


def webhook_event_emit(*, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """Record a delivery of `event` for each active subscriber, sent once the caller's
    transaction commits (a rolled-back change announces nothing)."""
    subscriptions = [
        s for s in WebhookSubscription.objects.filter(active=True) if event in s.events
    ]
    body = {"event": event, "created_at": timezone.now().isoformat(), **payload}
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=s, event=event, payload=body) for s in subscriptions
    )
    for delivery in deliveries:
        send_on_commit(tasks.webhook_deliver, delivery.pk)
    return deliveries


def webhook_deliver(*, delivery_id: int, last_attempt: bool = True) -> WebhookDelivery | None:
    """POST one delivery, signed, and record the outcome.

    A connection error or a 5xx leaves the delivery RETRYING (FAILED on the last attempt),
    for the task to try again; any other answer is final. Safe to run twice: a delivered
    delivery is not sent again.
    """
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None:
        return None  # its subscription was deleted since
    if delivery.status in (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED):
        return delivery
    if not delivery.subscription.active:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.error = "The subscription was deactivated."
        delivery.save(update_fields=["status", "error"])
        return delivery
    # No lock is held while the request is in flight: a slow receiver must not block others.
    outcome = webhooks.send(
        url=delivery.subscription.url,
        secret=delivery.subscription.secret,
        event=delivery.event,
        delivery_id=delivery.pk,
        payload=delivery.payload,
        timeout=settings.WEBHOOK_TIMEOUT,
    )
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.response_status = outcome.status_code
    delivery.response_excerpt = outcome.excerpt
    delivery.error = outcome.error
    if outcome.delivered:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = delivery.last_attempt_at
    elif outcome.temporary and not last_attempt:
        delivery.status = WebhookDelivery.Status.RETRYING
    else:
        delivery.status = WebhookDelivery.Status.FAILED
    delivery.save()
    return delivery


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
