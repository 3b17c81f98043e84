"""Webhooks go to public addresses only (SSRF): a local or private URL is refused when
subscribing (API and admin), and every delivery resolves, checks and pins the address."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from claims.errors import ServiceError
from claims.models import WebhookDelivery, WebhookSubscription
from claims.services.webhooks import webhook_subscribe
from claims.tasks import webhook_deliver
from tests.api.conftest import Receiver, error_of
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db

WEBHOOKS = "/api/v1/webhooks/"

LOCAL_URLS = [
    "http://127.0.0.1:8000/hook",
    "http://127.0.0.1:6379/",  # the Redis port on loopback
    "http://127.8.9.10/hook",
    "http://[::1]:8000/hook",
    "http://[::1]:6379/",
    "http://localhost:8000/hook",
    "http://LOCALHOST./hook",
    "http://api.localhost/hook",
    "http://10.0.0.5/hook",
    "http://172.16.3.4/hook",
    "http://192.168.1.1/hook",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://100.64.0.1/hook",
    "http://0.0.0.0:8000/hook",
    "http://[::]:8000/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[::ffff:a00:5]/hook",  # 10.0.0.5, IPv4-mapped
    "http://[fe80::1]/hook",
    "http://[fd00::1]/hook",
    "http://[64:ff9b::7f00:1]/hook",  # NAT64 of 127.0.0.1
    "http://[2002:7f00:1::]/hook",  # 6to4 of 127.0.0.1
    "http://2130706433/hook",  # 127.0.0.1 as one number
    "http://0x7f000001/hook",
    "http://127.1/hook",
    "https://user:pw@127.0.0.1/hook",
]


@pytest.mark.parametrize("url", LOCAL_URLS)
def test_the_api_refuses_a_local_or_private_webhook_url(
    admin_user: Any, make_client: Any, url: str
) -> None:
    response = make_client(admin_user).post(
        WEBHOOKS, {"url": url, "events": ["claim.published"]}, format="json"
    )
    assert response.status_code == 400, (url, response.content)
    error_of(response)
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:6379/", "http://[::1]:8000/hook", "http://192.168.1.1/hook"]
)
def test_the_refusal_names_the_private_network(admin_user: Any, make_client: Any, url: str) -> None:
    response = make_client(admin_user).post(
        WEBHOOKS, {"url": url, "events": ["claim.published"]}, format="json"
    )
    error = error_of(response)
    assert error["code"] == "private_address"
    assert "private or local network" in error["message"]


def test_the_api_refuses_changing_a_subscription_to_a_local_url(
    admin_user: Any, make_client: Any
) -> None:
    subscription = webhook_subscribe(
        owner=None, url="https://example.org/hook", events=["article.ready"]
    )
    response = make_client(admin_user).patch(
        f"{WEBHOOKS}{subscription.pk}/", {"url": "http://[::1]:6379/"}, format="json"
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "private_address"
    subscription.refresh_from_db()
    assert subscription.url == "https://example.org/hook"


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379/", "http://[::1]/", "http://10.1.2.3/"])
def test_the_admin_refuses_a_local_webhook_url_with_a_form_error(admin_user: Any, url: str) -> None:
    response = client_for(admin_user).post(
        reverse("admin:claims_webhooksubscription_add"),
        {"url": url, "events": ["article.ready"], "secret": "", "active": "on"},
    )
    assert response.status_code == 200
    assert b"private or local network" in response.content
    assert not WebhookSubscription.objects.exists()


def test_the_admin_refuses_changing_a_subscription_to_a_local_url(admin_user: Any) -> None:
    subscription = webhook_subscribe(
        owner=None, url="https://example.org/hook", events=["article.ready"]
    )
    response = client_for(admin_user).post(
        reverse("admin:claims_webhooksubscription_change", args=[subscription.pk]),
        {
            "url": "http://localhost:6379/",
            "events": ["article.ready"],
            "secret": "",
            "active": "on",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert b"private or local network" in response.content
    subscription.refresh_from_db()
    assert subscription.url == "https://example.org/hook"


def test_a_name_that_does_not_resolve_yet_is_accepted_and_checked_at_delivery(
    admin_user: Any, make_client: Any
) -> None:
    response = make_client(admin_user).post(
        WEBHOOKS,
        {"url": "https://hooks.invalid/factcheck", "events": ["article.ready"]},
        format="json",
    )
    assert response.status_code == 201


def test_the_service_refuses_a_local_url_too() -> None:
    with pytest.raises(ServiceError) as refused:
        webhook_subscribe(owner=None, url="http://127.0.0.1:6379/", events=["article.ready"])
    assert refused.value.code == "private_address"


def _stored_subscription(url: str) -> WebhookSubscription:
    # As a row written before the guard, or a name whose address changed since subscribing.
    return WebhookSubscription.objects.create(
        url=url, events=["claim.status_changed"], secret="s" * 32
    )


def _allow_port_of(url: str, settings: Any) -> None:
    # The local receiver listens on a port of its own: the address guard is what's tested.
    settings.WEBHOOK_PORTS = [int(url.split(":")[2].split("/")[0])]


def test_a_delivery_to_a_local_address_is_refused_and_not_retried(
    receiver: Receiver, settings: Any
) -> None:
    _allow_port_of(receiver.url, settings)
    subscription = _stored_subscription(receiver.url)
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="claim.status_changed", payload={"n": 1}
    )
    webhook_deliver.apply(args=[delivery.pk])
    assert receiver.requests == []
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == 1
    assert "private or local network" in delivery.error
    assert delivery.response_excerpt == ""


def test_a_delivery_dials_the_address_it_checked(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """DNS answering the check with one address and the connection with another (a
    rebinding attack) still reaches only the checked address: the guard dials what it
    checked. 127.0.0.2 stands in for a public address, where nothing listens."""
    from claims.outbound import guard

    real_getaddrinfo = socket.getaddrinfo
    real_is_public = guard._is_public
    lookups: list[str] = []

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "rebind.example":
            lookups.append(host)
            target = "127.0.0.2" if len(lookups) == 1 else "127.0.0.1"
            return real_getaddrinfo(target, port, *args, **kwargs)
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(
        guard, "_is_public", lambda ip: str(ip) == "127.0.0.2" or real_is_public(ip)
    )
    port = receiver.url.split(":")[2].split("/")[0]
    _allow_port_of(receiver.url, settings)
    subscription = _stored_subscription(f"http://rebind.example:{port}/hooks/factcheck")
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="claim.status_changed", payload={"n": 1}
    )
    with override_settings(WEBHOOK_TIMEOUT=2, WEBHOOK_MAX_RETRIES=0):
        webhook_deliver.apply(args=[delivery.pk])
    assert receiver.requests == []
    assert lookups == ["rebind.example"]


def _local_delivery(receiver: Receiver, settings: Any) -> WebhookDelivery:
    """A delivery to the local receiver, subscribed with private addresses allowed."""
    settings.WEBHOOK_ALLOW_PRIVATE = True
    subscription = webhook_subscribe(owner=None, url=receiver.url, events=["article.ready"])
    return WebhookDelivery.objects.create(
        subscription=subscription, event="article.ready", payload={"n": 1}
    )


def test_the_setting_allows_local_receivers_for_tests_and_development(
    receiver: Receiver, settings: Any
) -> None:
    delivery = _local_delivery(receiver, settings)
    webhook_deliver.apply(args=[delivery.pk])
    assert len(receiver.requests) == 1


@pytest.mark.parametrize(
    "url", ["http://8.8.8.8:25/hook", "https://8.8.8.8:6379/", "http://8.8.8.8:22"]
)
def test_a_receiver_on_a_port_no_web_server_uses_is_refused(
    admin_user: Any, make_client: Any, url: str
) -> None:
    response = make_client(admin_user).post(
        WEBHOOKS, {"url": url, "events": ["claim.published"]}, format="json"
    )
    error = error_of(response)
    assert error["code"] == "port_refused"
    assert "80, 443, 8080, 8443" in error["message"]
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("url", ["https://8.8.8.8/hook", "http://8.8.8.8:8080/hook"])
def test_a_receiver_on_a_web_port_is_accepted(admin_user: Any, make_client: Any, url: str) -> None:
    response = make_client(admin_user).post(
        WEBHOOKS, {"url": url, "events": ["claim.published"]}, format="json"
    )
    assert response.status_code == 201, response.content


def test_a_delivery_to_a_port_no_longer_allowed_fails_without_dialling(
    receiver: Receiver, settings: Any
) -> None:
    delivery = _local_delivery(receiver, settings)
    # The setting narrowed since the subscription was made: it holds at delivery too.
    settings.WEBHOOK_ALLOW_PRIVATE = False
    settings.WEBHOOK_PORTS = [443]
    webhook_deliver.apply(args=[delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "is refused (WEBHOOK_PORTS)" in delivery.error
    assert receiver.requests == []
