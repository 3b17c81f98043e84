from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from rest_framework.test import APIClient

from claims.services.tokens import api_token_issue


@pytest.fixture
def make_client() -> Callable[..., APIClient]:
    """A client signed in with a fresh API token of `user` (anonymous when None)."""

    def make(user: Any = None, *, read_only: bool = False) -> APIClient:
        client = APIClient()
        if user is not None:
            _, key = api_token_issue(user=user, name="test", read_only=read_only)
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


def error_of(response: Any) -> dict[str, Any]:
    """The one error object every 4xx carries; fails the test when the shape is wrong."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["code"], str), body
    assert isinstance(body["error"]["message"], str), body
    assert body["error"]["message"], body
    return body["error"]


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A real HTTP server on 127.0.0.1 standing in for a subscriber's webhook endpoint."""

    url: str
    requests: list[Received] = field(default_factory=list)
    # Status codes to answer, in turn; 200 once they run out.
    statuses: list[int] = field(default_factory=list)

    def payloads(self) -> list[dict[str, Any]]:
        return [json.loads(r.body) for r in self.requests]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            state.requests.append(Received(self.path, dict(self.headers.items()), body))
            code = state.statuses.pop(0) if state.statuses else 200
            self.send_response(code)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if code < 400 else b"server trouble")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/factcheck"
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
