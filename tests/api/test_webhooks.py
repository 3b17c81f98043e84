from __future__ import annotations

import pytest
from django.test import override_settings

from claims.models import WebhookDelivery, WebhookSubscription
from claims.outbound import webhooks
from claims.services.publishing import claim_signoff
from claims.services.review import claim_update
from claims.services.webhooks import webhook_subscribe
from claims.tasks import webhook_deliver
from tests.api.conftest import error_of
from tests.factories import COMPLETE_DRAFT, ClaimFactory

# The test receivers are on loopback (tests/security/test_webhook_guard.py: refused by default).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_private_webhooks")]

WEBHOOKS = "/api/v1/webhooks/"
SECRET = "a-long-shared-secret-0123456789"


def _subscribe(url: str, events: list[str] | None = None) -> WebhookSubscription:
    return webhook_subscribe(
        owner=None, url=url, events=events or ["claim.status_changed"], secret=SECRET
    )


def test_an_admin_subscribes_and_sees_the_secret_once(admin_user, make_client, receiver):
    client = make_client(admin_user)
    response = client.post(
        WEBHOOKS, {"url": receiver.url, "events": ["claim.published"]}, format="json"
    )
    assert response.status_code == 201, response.json()
    secret = response.json()["secret"]
    assert len(secret) >= 32
    assert WebhookSubscription.objects.get().secret == secret
    listed = client.get(WEBHOOKS).json()["results"]
    assert listed[0]["events"] == ["claim.published"]
    assert "secret" not in listed[0]


@pytest.mark.parametrize(
    "payload",
    [
        {"url": "ftp://example.org/hook", "events": ["claim.published"]},
        {"url": "https://example.org/hook", "events": ["claim.deleted"]},
        {"url": "https://example.org/hook", "events": []},
        {"url": "https://example.org/hook", "events": ["claim.published"], "secret": "short"},
    ],
)
def test_a_bad_subscription_is_refused(admin_user, make_client, payload):
    response = make_client(admin_user).post(WEBHOOKS, payload, format="json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"
    assert not WebhookSubscription.objects.exists()


def test_only_admins_manage_webhooks(editor, make_client):
    response = make_client(editor).get(WEBHOOKS)
    assert response.status_code == 403


def test_an_admin_pauses_and_deletes_a_subscription(admin_user, make_client, receiver):
    subscription = _subscribe(receiver.url)
    client = make_client(admin_user)
    paused = client.patch(f"{WEBHOOKS}{subscription.pk}/", {"active": False}, format="json")
    assert paused.json()["active"] is False
    assert client.delete(f"{WEBHOOKS}{subscription.pk}/").status_code == 204
    assert not WebhookSubscription.objects.exists()


def test_a_status_change_records_a_delivery_queued_for_after_commit(
    reviewer, django_capture_on_commit_callbacks
):
    subscription = _subscribe("http://127.0.0.1:9/never")
    _subscribe("http://127.0.0.1:9/other", events=["article.ready"])
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, status="false")
    delivery = WebhookDelivery.objects.get()
    assert delivery.subscription == subscription
    assert delivery.payload["event"] == "claim.status_changed"
    assert (delivery.payload["old_status"], delivery.payload["status"]) == ("unreviewed", "false")
    assert delivery.payload["claim"]["id"] == claim.pk
    assert len(callbacks) == 1


def test_an_update_that_keeps_the_status_emits_nothing(reviewer):
    _subscribe("http://127.0.0.1:9/never")
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, rationale="x")
    assert not WebhookDelivery.objects.exists()


def test_a_signoff_emits_claim_published(reviewer, editor):
    _subscribe("http://127.0.0.1:9/never", events=["claim.published"])
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, **COMPLETE_DRAFT)
    claim_signoff(claim_id=claim.pk, editor=editor, expected_version=2, approve=True)
    assert list(WebhookDelivery.objects.values_list("event", flat=True)) == ["claim.published"]
    payload = WebhookDelivery.objects.get().payload
    assert payload["verdict"]["version"] == 1
    assert payload["verdict"]["url"].endswith(f"/factchecks/{claim.pk}/")


def test_a_delivery_reaches_a_real_server_with_a_valid_signature(reviewer, receiver):
    _subscribe(receiver.url)
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, status="false")
    delivery = WebhookDelivery.objects.get()

    webhook_deliver.apply(args=[delivery.pk])

    [request] = receiver.requests
    assert request.path == "/hooks/factcheck"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Factcheck-Event"] == "claim.status_changed"
    assert request.headers["X-Factcheck-Delivery"] == str(delivery.pk)
    assert webhooks.signature_matches(
        request.body, SECRET, request.headers["X-Factcheck-Signature"]
    )
    assert not webhooks.signature_matches(
        request.body, "another-secret", request.headers["X-Factcheck-Signature"]
    )
    assert receiver.payloads()[0]["claim"]["id"] == claim.pk
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)


def test_a_delivered_delivery_is_not_sent_again(receiver):
    subscription = _subscribe(receiver.url)
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="claim.status_changed", payload={"n": 1}
    )
    webhook_deliver.apply(args=[delivery.pk])
    webhook_deliver.apply(args=[delivery.pk])
    assert len(receiver.requests) == 1


def test_a_5xx_is_retried_until_the_receiver_accepts(receiver):
    receiver.statuses = [503, 500]
    subscription = _subscribe(receiver.url)
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="claim.status_changed", payload={"n": 1}
    )
    webhook_deliver.apply(args=[delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert len(receiver.requests) == 3
    assert len({r.headers["X-Factcheck-Delivery"] for r in receiver.requests}) == 1


@override_settings(WEBHOOK_MAX_RETRIES=2, WEBHOOK_TIMEOUT=2)
def test_an_unreachable_receiver_is_tried_a_bounded_number_of_times_then_failed():
    # Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
    subscription = _subscribe("http://127.0.0.1:9/hook")
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="claim.status_changed", payload={"n": 1}
    )
    webhook_deliver.apply(args=[delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert "ConnectionError" in delivery.error


def test_a_4xx_answer_is_final_and_logged(receiver):
    receiver.statuses = [410]
    subscription = _subscribe(receiver.url)
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="claim.status_changed", payload={"n": 1}
    )
    webhook_deliver.apply(args=[delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("failed", 1, 410)
    assert delivery.response_excerpt == "server trouble"


def test_the_backoff_doubles_and_is_capped():
    assert [webhooks.backoff(n) for n in range(4)] == [10, 20, 40, 80]
    assert webhooks.backoff(30) == 3600


def test_an_admin_reads_the_delivery_log(admin_user, make_client, receiver):
    subscription = _subscribe(receiver.url)
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="claim.status_changed", payload={"n": 1}
    )
    webhook_deliver.apply(args=[delivery.pk])
    body = make_client(admin_user).get(f"{WEBHOOKS}{subscription.pk}/deliveries/").json()
    assert [(d["id"], d["status"]) for d in body["results"]] == [(delivery.pk, "delivered")]
