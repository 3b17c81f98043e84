"""Login throttling, and the headers and cookies of the production settings.

The tests run with DEBUG off, so these are the settings a deployment gets.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ClaimFactory, SourceFactory
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def _login(client: Client, url: str, password: str, **extra: Any) -> Any:
    return client.post(url, {"username": "rita", "password": password}, **extra)


@pytest.mark.parametrize("page", ["login", "admin:login"])
def test_repeated_wrong_passwords_lock_the_login_out(
    page: str, reviewer: Any, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse(page)
    client = Client()
    for _ in range(2):
        assert _login(client, url, "wrong").status_code == 200  # the form, with an error
    locked = _login(client, url, "wrong")
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    assert b"Try again in 15 minutes" in locked.content
    # Locked out: even the right password is refused until the lock expires.
    assert _login(client, url, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_one_username_from_one_address(reviewer: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    url = reverse("login")
    for _ in range(2):
        _login(Client(), url, "wrong", REMOTE_ADDR="203.0.113.9")
    assert _login(Client(), url, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    elsewhere = _login(Client(), url, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert elsewhere.status_code == 302


PROXY = "10.0.0.1"  # a reverse proxy in front of the app


def test_behind_a_trusted_proxy_the_lock_holds_for_the_forwarded_client_address(
    reviewer: Any, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    settings.TRUSTED_PROXIES = 1
    url = reverse("login")
    for _ in range(2):  # the attacker's address, as the proxy forwards it
        _login(Client(), url, "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    attacker = _login(
        Client(), url, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert attacker.status_code == 429
    # Everyone else comes through the same proxy, and is not locked out.
    rita = _login(Client(), url, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert rita.status_code == 302


def test_a_client_cannot_escape_the_lock_by_forging_forwarded_addresses(
    reviewer: Any, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    settings.TRUSTED_PROXIES = 1
    url = reverse("login")
    for n in range(2):  # the proxy appends the address it saw after whatever was sent
        forged = f"192.0.2.{n}, 203.0.113.9"
        _login(Client(), url, "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged)
    again = _login(
        Client(), url, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9"
    )
    assert again.status_code == 429


def test_without_trusted_proxies_forwarded_addresses_are_ignored(
    reviewer: Any, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    url = reverse("login")
    for n in range(2):
        _login(Client(), url, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert _login(Client(), url, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.50").status_code == 429


def test_the_api_rate_limit_counts_the_forwarded_client_behind_a_trusted_proxy(
    settings: Any,
) -> None:
    settings.TRUSTED_PROXIES = 1
    settings.API_THROTTLE = {**settings.API_THROTTLE, "anon": "2/min"}
    url = "/api/v1/claimreview/"
    for _ in range(2):
        Client().get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    limited = Client().get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    other = Client().get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert (limited.status_code, other.status_code) == (429, 200)


def test_a_successful_login_resets_the_count(reviewer: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse("login")
    for _ in range(2):
        _login(Client(), url, "wrong")
    assert _login(Client(), url, PASSWORD).status_code == 302
    for _ in range(2):
        _login(Client(), url, "wrong")
    assert _login(Client(), url, PASSWORD).status_code == 302


@pytest.mark.subprocess
def test_the_failure_limit_and_lockout_come_from_the_environment() -> None:
    from tests.conftest import run_manage

    code = (
        "from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, int(settings.AXES_COOLOFF_TIME.total_seconds()))"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        env={"DEBUG": "1", "LOGIN_FAILURE_LIMIT": "7", "LOGIN_LOCKOUT_MINUTES": "30"},
    )
    assert result.stdout.split()[-2:] == ["7", "1800"], result.stderr


# Headers


class _InlineCode(HTMLParser):
    """Finds what a strict Content-Security-Policy would block: inline scripts, event
    handler attributes, javascript: links, and (optionally) inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value}>")
            if name == "style":
                self.found.append(f"style: <{tag} style={value!r}>")
        if tag == "script" and "src" not in named and named.get("type") != "application/json":
            self.found.append("<script> inline")
        if tag == "style":
            self.found.append("style: <style> element")


def inline_code(html: bytes, *, styles: bool) -> list[str]:
    parser = _InlineCode()
    parser.feed(html.decode())
    return [f for f in parser.found if styles or not f.startswith("style:")]


def _policy(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def reviewer_pages() -> list[str]:
    claim = ClaimFactory()
    source = SourceFactory()
    return [
        reverse("claims:article_list"),
        reverse("claims:article_submit"),
        reverse("claims:article_detail", args=[claim.article_id]),
        reverse("claims:queue"),
        reverse("claims:source_list"),
        reverse("claims:source_detail", args=[source.pk]),
    ]


def test_reviewer_pages_send_a_strict_policy_and_keep_to_it(reviewer: Any) -> None:
    client = client_for(reviewer)
    for url in [*reviewer_pages(), reverse("login")]:
        response = client.get(url) if url != reverse("login") else Client().get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["script-src"] == "script-src 'self'", url
        assert policy["style-src"] == "style-src 'self'", url
        assert policy["frame-ancestors"] == "frame-ancestors 'none'", url
        assert inline_code(response.content, styles=True) == [], url


def test_admin_pages_and_the_api_docs_send_the_policy_without_inline_scripts(
    admin_user: Any,
) -> None:
    client = client_for(admin_user)
    source = SourceFactory()
    urls = [
        reverse("admin:index"),
        reverse("admin:claims_source_changelist"),
        reverse("admin:claims_source_change", args=[source.pk]),
        reverse("admin:claims_apitoken_add"),
        reverse("api:docs"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["script-src"] == "script-src 'self'", url
        # Their own templates use a few inline styles; scripts stay out.
        assert "'unsafe-inline'" in policy["style-src"], url
        assert inline_code(response.content, styles=False) == [], url
    assert "'unsafe-inline'" not in _policy(Client().get(reverse("login")))["style-src"]


def test_the_api_docs_script_is_served_as_a_file(admin_user: Any) -> None:
    response = client_for(admin_user).get(reverse("api:docs") + "?script=")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]


def test_https_responses_carry_hsts_and_no_framing(reviewer: Any) -> None:
    response = client_for(reviewer).get(reverse("claims:article_list"), secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_session_and_csrf_cookies_are_secure(reviewer: Any) -> None:
    client = Client()
    client.get(reverse("login"))
    response = client.post(
        reverse("login"),
        {"username": "rita", "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["secure"]


def test_a_client_cannot_escape_the_api_rate_limit_by_forging_forwarded_addresses(
    settings: Any,
) -> None:
    settings.API_THROTTLE = {**settings.API_THROTTLE, "anon": "2/min"}
    statuses = [
        Client().get("/api/v1/claimreview/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 429, 429]
