"""Real HTTP servers on localhost: news pages for submissions by URL, and a site of
evidence pages that a test sets and changes, for captures."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
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


HTML = "text/html; charset=utf-8"


@dataclass
class Site:
    """A local site whose pages a test sets and changes: evidence to capture."""

    url: str
    pages: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    # Paths that answer a byte at a time, forever; paths that stream a body this large.
    dripping: set[str] = field(default_factory=set)
    streaming: dict[str, int] = field(default_factory=dict)
    # Paths that answer 503 this many times before the page.
    failures: dict[str, int] = field(default_factory=dict)
    # Headers a path answers with besides the usual ones (Content-Encoding, say).
    extra_headers: dict[str, dict[str, str]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    def page(
        self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8"
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = (200, content_type, data)
        return f"{self.url}{path}"


def evidence_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<nav>Home · News</nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Regional Emergency Service</footer></body></html>"
    )


@pytest.fixture
def evidence_site(settings: Any) -> Iterator[Site]:
    """A real HTTP server on 127.0.0.1 for evidence captures, which may fetch loopback
    here (ARTICLE_FETCH_ALLOW_PRIVATE); short time and size limits keep tests quick."""
    settings.ARTICLE_FETCH_ALLOW_PRIVATE = True
    settings.EVIDENCE_CAPTURE_TIMEOUT = 2
    settings.EVIDENCE_CAPTURE_DEADLINE = 3
    settings.EVIDENCE_CAPTURE_MAX_BYTES = 200_000
    site = Site(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            site.hits.append(self.path)
            # A capture that gives up on a slow page closes the connection, as it should.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._answer()

        def _answer(self) -> None:
            path = self.path
            if path in site.redirects:
                self._send(
                    302, "text/html", b"<a href='x'>moved</a>", Location=site.redirects[path]
                )
            elif site.failures.get(path, 0) > 0:
                site.failures[path] -= 1
                self._send(503, "text/plain", b"busy, try later")
            elif path in site.dripping:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                for _ in range(1000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.25)
            elif path in site.streaming:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                left = site.streaming[path]
                while left > 0:
                    chunk = b"word " * min(13107, left // 5 + 1)
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    left -= len(chunk)
                self.wfile.write(b"0\r\n\r\n")
            else:
                status, content_type, body = site.pages.get(path, (404, "text/plain", b"no"))
                extra = site.extra_headers.get(path, {})
                self._send(status, content_type, body, ETag=f'"{len(body)}"', **extra)

        def _send(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", "Tue, 10 Mar 2026 08:00:00 GMT")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Tasks run in the test's process when queued, as the embedded default runs them."""
    from factcheck.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before
