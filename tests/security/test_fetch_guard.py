"""Articles submitted by URL: the server never fetches from its own network (SSRF)."""

from __future__ import annotations

import http.server
import ipaddress
import threading
import time
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Article
from claims.outbound import documents, guard
from tests.api.conftest import error_of
from tests.pages import _Pages
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db

SUBMIT = reverse("claims:article_submit")
ARTICLES = "/api/v1/articles/"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/admin/",
        "http://localhost/",
        "http://[::1]/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",
        "http://100.64.0.1/",
        "http://240.0.0.1/",
        "http://224.0.0.1/",
        "http://2130706433/",  # 127.0.0.1 as one number
    ],
)
def test_a_url_into_a_private_or_local_network_is_refused_by_default(url: str) -> None:
    with pytest.raises(guard.FetchError) as refused:
        documents.fetch_url(url, timeout=2, max_bytes=100_000)
    assert refused.value.code in {"private_address", "bad_url", "unreachable"}
    if refused.value.code != "bad_url":
        assert refused.value.code == "private_address", refused.value.message


def test_the_submit_page_refuses_a_loopback_url_and_stores_nothing(
    reviewer: Any, web_server: str
) -> None:
    response = client_for(reviewer).post(SUBMIT, {"url": f"{web_server}/news/drones.html"})
    assert response.status_code == 400
    assert b"private or local network" in response.content
    assert not Article.objects.exists()


def test_the_api_refuses_a_loopback_url_with_a_clear_error(reviewer: Any, web_server: str) -> None:
    client = APIClient()
    client.force_authenticate(reviewer)
    response = client.post(ARTICLES, {"url": f"{web_server}/news/drones.html"}, format="json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "private_address"
    assert not Article.objects.exists()


def test_the_setting_allows_a_loopback_url_when_turned_on(
    reviewer: Any, web_server: str, allow_private_fetch: None
) -> None:
    response = client_for(reviewer).post(SUBMIT, {"url": f"{web_server}/news/drones.html"})
    assert response.status_code == 302
    assert Article.objects.count() == 1


def test_a_redirect_into_the_private_network_is_refused(
    web_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The local server stands in for a public site that redirects to the metadata address.
    real = guard._is_public
    monkeypatch.setattr(
        guard,
        "_is_public",
        lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real(ip),
    )
    _Pages.redirects["/moved"] = "http://169.254.169.254/latest/meta-data/"
    _Pages.redirects["/moved-home"] = "http://10.1.2.3/"
    assert documents.fetch_url(f"{web_server}/news/drones.html", timeout=5, max_bytes=10**6).text
    for path in ("/moved", "/moved-home"):
        with pytest.raises(guard.FetchError) as refused:
            documents.fetch_url(f"{web_server}{path}", timeout=5, max_bytes=10**6)
        assert refused.value.code == "private_address"


def test_a_host_that_does_not_resolve_is_reported() -> None:
    with pytest.raises(guard.FetchError) as refused:
        documents.fetch_url("http://no-such-host.invalid/", timeout=2, max_bytes=100_000)
    assert refused.value.code == "unreachable"
    assert "could not be found" in refused.value.message


def test_a_page_that_drips_slowly_is_cut_off_at_the_download_deadline() -> None:
    class Drip(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(100):  # each byte well within the socket timeout
                    self.wfile.write(b"x" * 70_000)
                    self.wfile.flush()
                    time.sleep(0.3)
            except OSError:
                pass

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    started = time.monotonic()
    try:
        with pytest.raises(guard.FetchError, match="took too long"):
            documents.fetch_url(
                f"http://127.0.0.1:{server.server_address[1]}/",
                timeout=1,
                max_bytes=10**9,
                allow_private=True,
            )
    finally:
        server.shutdown()
        server.server_close()
    assert time.monotonic() - started < 10
