from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from claims.checks import CheckError, TransientCheckError
from claims.checks.factcheck_api import MAX_QUERY_CHARS, search_fact_checks

ANSWER = {
    "claims": [
        {
            "text": "Ukraine has lost half of its air defence systems.",
            "claimant": "Telegram channel",
            "claimDate": "2024-01-01T00:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "Example Checks", "site": "checks.example"},
                    "url": "https://checks.example/air-defence",
                    "title": "No, Ukraine has not lost half of its air defences",
                    "reviewDate": "2024-01-03T10:00:00Z",
                    "textualRating": "False",
                    "languageCode": "en",
                }
            ],
        },
        {
            "text": "Air defences shot down 12 missiles.",
            "claimReview": [
                {
                    "publisher": {"site": "verify.example"},
                    "url": "https://verify.example/12-missiles",
                    "textualRating": "Mostly true",
                }
            ],
        },
    ],
    "nextPageToken": "abc",
}


class FakeFactCheckApi(BaseHTTPRequestHandler):
    """Answers like claims:search; the path picks the behaviour under test."""

    requests: ClassVar[list[dict[str, list[str]]]] = []

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        FakeFactCheckApi.requests.append(parse_qs(url.query))
        if url.path.endswith("/slow"):
            time.sleep(1.0)
        status, body = {
            "/busy": (503, b'{"error": {"code": 503}}'),
            "/limited": (429, b'{"error": {"code": 429}}'),
            "/forbidden": (403, b'{"error": {"code": 403, "message": "API key not valid"}}'),
            "/garbage": (200, b"<html>not json</html>"),
        }.get(url.path, (200, json.dumps(ANSWER).encode()))
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as the timeout test wants

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeFactCheckApi)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def search(base_url: str, text: str = "Ukraine lost half of its air defences", **kw: Any) -> Any:
    return search_fact_checks(text, api_key="test-key", base_url=base_url, **kw)


def test_it_maps_the_api_answer_to_results(api: str) -> None:
    result = search(f"{api}/v1alpha1/claims:search")

    assert result["results"][0] == {
        "claim": "Ukraine has lost half of its air defence systems.",
        "claimant": "Telegram channel",
        "publisher": "Example Checks",
        "url": "https://checks.example/air-defence",
        "rating": "False",
        "review_date": "2024-01-03T10:00:00Z",
        "title": "No, Ukraine has not lost half of its air defences",
    }


def test_it_falls_back_to_the_publisher_site_and_tolerates_missing_fields(api: str) -> None:
    second = search(f"{api}/v1alpha1/claims:search")["results"][1]

    assert (second["publisher"], second["rating"], second["claimant"]) == (
        "verify.example",
        "Mostly true",
        "",
    )


def test_it_sends_query_key_language_and_page_size(api: str) -> None:
    FakeFactCheckApi.requests.clear()

    search(f"{api}/v1alpha1/claims:search", language="uk", max_results=3)

    [params] = FakeFactCheckApi.requests
    assert params == {
        "query": ["Ukraine lost half of its air defences"],
        "key": ["test-key"],
        "languageCode": ["uk"],
        "pageSize": ["3"],
    }


def test_it_truncates_a_long_query_at_a_word(api: str) -> None:
    FakeFactCheckApi.requests.clear()

    search(f"{api}/v1alpha1/claims:search", text="missiles " * 100)

    query = FakeFactCheckApi.requests[0]["query"][0]
    assert len(query) <= MAX_QUERY_CHARS
    assert query.endswith("missiles")


def test_it_returns_at_most_max_results(api: str) -> None:
    assert len(search(f"{api}/v1alpha1/claims:search", max_results=1)["results"]) == 1


@pytest.mark.parametrize("path", ["/busy", "/limited"])
def test_a_busy_or_rate_limited_api_is_a_transient_error(api: str, path: str) -> None:
    with pytest.raises(TransientCheckError):
        search(f"{api}{path}")


def test_a_timeout_is_a_transient_error(api: str) -> None:
    with pytest.raises(TransientCheckError):
        search(f"{api}/slow", timeout=0.2)


def test_an_unreachable_api_is_a_transient_error() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeFactCheckApi)
    port = server.server_address[1]
    server.server_close()  # nothing listens on the port any more

    with pytest.raises(TransientCheckError):
        search(f"http://127.0.0.1:{port}/claims:search", timeout=2)


def test_a_rejected_request_is_a_permanent_error(api: str) -> None:
    with pytest.raises(CheckError) as raised:
        search(f"{api}/forbidden")

    assert not isinstance(raised.value, TransientCheckError)
    assert "test-key" not in str(raised.value)


def test_a_malformed_answer_is_a_permanent_error(api: str) -> None:
    with pytest.raises(CheckError) as raised:
        search(f"{api}/garbage")

    assert not isinstance(raised.value, TransientCheckError)
