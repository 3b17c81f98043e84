"""A real HTTP server on localhost serving news pages, for submissions by URL."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest

ARTICLE_PAGE = """<!doctype html>
<html><head>
<title>Drones hit Dovresk port | Harbour Courier</title>
<meta property="og:title" content="Drones hit Dovresk port">
<meta property="og:site_name" content="Harbour Courier">
<meta property="article:published_time" content="2026-03-10T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> Subscribe now!</nav>
<article>
<h1>Drones hit Dovresk port</h1>
<p>At least 14 drones struck the river port of Dovresk overnight, setting two fuel depots
on fire and cutting power to about 40,000 homes, regional officials said on Tuesday.</p>
<p>The Ministry of Defence said on Telegram that air defences had shot down 31 drones over
the Dovresk and Kalmin regions, 19 over Dovresk and 12 over Kalmin.</p>
<p>Governor Marta Ilyenko said three people were injured, one of them seriously, and that
schools in the port district would stay closed until Thursday.</p>
</article>
<footer>Copyright Harbour Courier. Cookie settings.</footer>
</body></html>"""


class _Pages(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}
    redirects: dict[str, str] = {}

    def do_GET(self) -> None:
        if self.path in self.redirects:
            self.send_response(302)
            self.send_header("Location", self.redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, content_type, body = self.routes.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def allow_private_fetch(settings: Any) -> None:
    """The local test server is on a loopback address, which fetching refuses by default."""
    settings.ARTICLE_FETCH_ALLOW_PRIVATE = True


@pytest.fixture
def allow_private_webhooks(settings: Any) -> None:
    """Test receivers listen on loopback, which webhooks refuse by default."""
    settings.WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture
def web_server() -> Iterator[str]:
    """A real HTTP server on localhost serving a news page, a binary file and a huge page.

    Fetching from it needs `allow_private_fetch`: it is on a loopback address.
    """
    _Pages.redirects = {}
    _Pages.routes = {
        "/news/drones.html": (200, "text/html; charset=utf-8", ARTICLE_PAGE.encode()),
        "/photo.jpg": (200, "image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 100),
        "/huge.html": (200, "text/html", b"<p>" + b"word " * 50_000 + b"</p>"),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
