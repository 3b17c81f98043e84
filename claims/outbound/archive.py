"""Evidence captures: a page's bytes as served, hashed, dated and stored as WARC records.

Plain Python over requests, warcio and trafilatura; the services decide when to capture
and where the result is kept. Every connection goes through the public-address guard
(claims.outbound.guard), each redirect is checked before it is followed, and the whole
capture, redirects included, has one deadline: a server that answers a byte at a time
cannot hold a worker past it.

One capture is one gzipped WARC file: per HTTP exchange a `request` and a `response`
record (the redirects too), then a `metadata` record (the SHA-256, title, final URL and
capture time) and, when the page has main text, a `conversion` record holding it.
Gzipped WARC files concatenate into a valid WARC file, so an article's evidence is its
captures' files one after another.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import os
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import requests
import trafilatura
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from claims.outbound.guard import FetchError, check_url, guarded_session

USER_AGENT = "factcheck-evidence/1.0 (newsroom fact-checking; archives cited pages)"
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# A redirect's own body is kept only this far: it is not the evidence, and a server must
# not make us read a large one.
REDIRECT_BODY_BYTES = 64 * 1024
TEXT_MAX_CHARS = 500_000
CHUNK = 64 * 1024
# The headers that say what was served and when; the WARC file keeps them all.
KEPT_HEADERS = ("content-type", "content-length", "last-modified", "etag", "date")
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Names reserved for documentation and testing (RFC 2606, RFC 6761): no public site is
# there, so nothing is asked of DNS for them.
RESERVED_DOMAINS = ("example", "invalid", "test", "example.com", "example.net", "example.org")


STOPPED = "The capture was stopped at its deadline."


class CaptureFailed(Exception):
    """The capture did not happen. `temporary`: worth trying again later."""

    def __init__(self, reason: str, *, temporary: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.temporary = temporary


@dataclass(frozen=True)
class Limits:
    timeout: float  # seconds for each wait on the network
    deadline: float  # seconds for the whole capture, redirects included
    max_bytes: int
    allow_private: bool = False


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its response, as sent and as served."""

    url: str
    request_headers: list[tuple[str, str]]
    http_version: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    truncated: bool = False

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name), "")


@dataclass(frozen=True)
class Capture:
    url: str
    final_url: str
    http_status: int
    content_type: str
    headers: dict[str, str]
    sha256: str
    size: int
    captured_at: datetime.datetime  # UTC, when the final response was complete
    title: str
    text: str
    path: Path
    seconds: float
    exchanges: list[Exchange] = field(default_factory=list, repr=False)


def capture(url: str, *, path: Path, limits: Limits) -> Capture:
    """Fetch `url` (following checked redirects) and write what was served to `path`.

    Raises CaptureFailed with a reason a reviewer can read.
    """
    started = time.monotonic()
    url = _checked(url, allow_private=limits.allow_private)
    exchanges = run_with_deadline(lambda cancel: fetch(url, limits, cancel), limits.deadline)
    final = exchanges[-1]
    if final.status >= 400:
        temporary = final.status >= 500 or final.status in (408, 429)
        raise CaptureFailed(
            f"The page answered HTTP {final.status} {final.reason}.".replace(" .", "."),
            temporary=temporary,
        )
    captured_at = datetime.datetime.now(tz=datetime.UTC)
    digest = hashlib.sha256(final.body).hexdigest()
    content_type = final.header("content-type")
    title, text = main_text(
        final.body,
        content_type=content_type,
        content_encoding=final.header("content-encoding"),
        url=final.url,
    )
    headers = {name: value for name in KEPT_HEADERS if (value := final.header(name))}
    write_warc(
        path,
        exchanges,
        captured_at=captured_at,
        sha256=digest,
        title=title,
        text=text,
    )
    return Capture(
        url=url,
        final_url=final.url,
        http_status=final.status,
        content_type=content_type,
        headers=headers,
        sha256=digest,
        size=len(final.body),
        captured_at=captured_at,
        title=title,
        text=text,
        path=path,
        seconds=time.monotonic() - started,
        exchanges=exchanges,
    )


def is_reserved(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == name or host.endswith(f".{name}") for name in RESERVED_DOMAINS)


def _checked(url: str, *, allow_private: bool) -> str:
    try:
        url = check_url(url)
    except FetchError as exc:
        raise CaptureFailed(exc.message, temporary=False) from None
    host = urlsplit(url).hostname or ""
    if is_reserved(host):
        raise CaptureFailed(
            f"{host} is a name reserved for examples and tests; no public page is there.",
            temporary=False,
        )
    if not allow_private and (host == "localhost" or host.endswith(".localhost")):
        raise CaptureFailed(
            f"The address {host} points into a private or local network; factcheck "
            "captures public web pages only.",
            temporary=False,
        )
    return url


T = TypeVar("T")


class Cancel:
    """Tells a capture running in another thread to stop, and shuts the socket it is
    reading so that a read blocked on it returns at once, not at its timeout."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._response: requests.Response | None = None

    def is_set(self) -> bool:
        return self._event.is_set()

    def watch(self, response: requests.Response | None) -> None:
        with self._lock:
            self._response = response
            if response is not None and self._event.is_set():
                _shut(response)

    def set(self) -> None:
        self._event.set()
        with self._lock:
            if self._response is not None:
                _shut(self._response)


def _shut(response: requests.Response) -> None:
    sock = getattr(getattr(response.raw, "connection", None), "sock", None)
    if sock is None:
        # http.client lets go of a connection that closes after this response; the
        # response's own file still holds the socket.
        file = getattr(getattr(response.raw, "_fp", None), "fp", None)
        sock = getattr(getattr(file, "raw", None), "_sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def run_with_deadline(work: Callable[[Cancel], T], seconds: float) -> T:
    """`work(cancel)` in a thread of its own, given up after `seconds` in all.

    Socket timeouts bound each wait, not the sum of them: a server may answer a byte just
    before every timeout. At the deadline the thread is told to stop and its socket is
    shut; the caller gets the failure then, whatever the thread is doing.
    """
    cancel = Cancel()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work(cancel)
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="evidence-capture", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        cancel.set()
        thread.join(1)
        raise CaptureFailed(
            f"The page took longer than {seconds:g} seconds to capture.", temporary=True
        )
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # set by `run` when it raised nothing


def fetch(url: str, limits: Limits, cancel: Cancel) -> list[Exchange]:
    """Every exchange from `url` to the final page; each redirect is checked first."""
    exchanges: list[Exchange] = []
    try:
        with guarded_session(allow_private=limits.allow_private) as session:
            session.headers.update(
                {
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                    # The bytes as the site serves them to a reader, uncompressed where it
                    # allows: the hash is of what was served.
                    "Accept-Encoding": "identity",
                }
            )
            current = url
            while True:
                exchange = _exchange(session, current, limits, cancel)
                exchanges.append(exchange)
                if exchange.status not in REDIRECT_STATUSES or not exchange.header("location"):
                    return exchanges
                if len(exchanges) > MAX_REDIRECTS:
                    raise CaptureFailed(
                        f"The page redirects more than {MAX_REDIRECTS} times.", temporary=False
                    )
                current = _checked(
                    urljoin(current, exchange.header("location")),
                    allow_private=limits.allow_private,
                )
    except FetchError as exc:
        raise CaptureFailed(exc.message, temporary=exc.code == "unreachable") from None
    except requests.Timeout:
        raise CaptureFailed("The address did not answer in time.", temporary=True) from None
    except (requests.RequestException, OSError) as exc:
        if cancel.is_set():
            raise CaptureFailed(
                "The capture was stopped at its deadline.", temporary=True
            ) from None
        raise CaptureFailed(
            f"The address could not be reached ({type(exc).__name__}).", temporary=True
        ) from None


def _exchange(session: requests.Session, url: str, limits: Limits, cancel: Cancel) -> Exchange:
    with session.get(url, timeout=limits.timeout, stream=True, allow_redirects=False) as response:
        cancel.watch(response)
        redirect = response.status_code in REDIRECT_STATUSES
        declared = response.headers.get("Content-Length", "")
        if not redirect and declared.isdigit() and int(declared) > limits.max_bytes:
            raise CaptureFailed(_too_large(limits.max_bytes), temporary=False)
        chunks: list[bytes] = []
        size, truncated = 0, False
        # Undecoded: the bytes as the server sent them (a gzipped body stays gzipped).
        for chunk in response.raw.stream(CHUNK, decode_content=False):
            if cancel.is_set():
                raise CaptureFailed(STOPPED, temporary=True)
            size += len(chunk)
            if redirect and size > REDIRECT_BODY_BYTES:
                chunks.append(chunk[: REDIRECT_BODY_BYTES - (size - len(chunk))])
                truncated = True
                break
            if size > limits.max_bytes:
                raise CaptureFailed(_too_large(limits.max_bytes), temporary=False)
            chunks.append(chunk)
        request = response.request
        return Exchange(
            url=url,
            request_headers=_request_headers(url, request.headers.items()),
            http_version="HTTP/1.0" if response.raw.version == 10 else "HTTP/1.1",
            status=response.status_code,
            reason=response.reason or "",
            headers=list(response.raw.headers.items()),
            body=b"".join(chunks),
            truncated=truncated,
        )


def _too_large(max_bytes: int) -> str:
    return f"The page is larger than {max_bytes:,} bytes, the capture limit."


def _request_headers(url: str, sent: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    host = urlsplit(url).netloc
    return [("Host", host), *((str(k), str(v)) for k, v in sent)]


def main_text(
    body: bytes, *, content_type: str, content_encoding: str = "", url: str = ""
) -> tuple[str, str]:
    """The title and main text of a captured page; empty for what has none (images, PDF)."""
    media_type, _, params = content_type.partition(";")
    media_type = media_type.strip().lower()
    try:
        body = _decoded(body, content_encoding)
    except (zlib.error, ValueError):
        return "", ""
    if media_type in HTML_TYPES or (not media_type and body.lstrip()[:1] == b"<"):
        text = trafilatura.extract(body, url=url or None, favor_recall=True) or ""
        meta = trafilatura.extract_metadata(body, default_url=url or None)
        title = (meta.title or "") if meta is not None else ""
        return title.strip()[:500], text[:TEXT_MAX_CHARS]
    if media_type == "text/plain":
        charset = _charset(params) or "utf-8"
        try:
            return "", body.decode(charset, errors="replace")[:TEXT_MAX_CHARS]
        except LookupError:
            return "", body.decode("utf-8", errors="replace")[:TEXT_MAX_CHARS]
    return "", ""


def _charset(params: str) -> str:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"')
    return ""


def _decoded(body: bytes, content_encoding: str) -> bytes:
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompress(body, zlib.MAX_WBITS | 16)
    if encoding == "deflate":
        return zlib.decompress(body)
    raise ValueError(f"unsupported content encoding {encoding}")


class _Sha256WARCWriter(WARCWriter):
    """WARC block and payload digests in SHA-256, the hash the app shows."""

    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


def write_warc(
    path: Path,
    exchanges: list[Exchange],
    *,
    captured_at: datetime.datetime,
    sha256: str,
    title: str,
    text: str,
) -> None:
    """Write the capture to `path` in one go: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    warc_date = captured_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with partial.open("wb") as out:
        writer = _Sha256WARCWriter(out, gzip=True, warc_version="1.1")
        writer.write_record(
            writer.create_warcinfo_record(
                path.name,
                {
                    "software": "factcheck (warcio)",
                    "format": "WARC File Format 1.1",
                    "description": "An evidence link captured for a fact-check.",
                },
            )
        )
        response_id = ""
        for exchange in exchanges:
            headers = {"WARC-Date": warc_date}
            if exchange.truncated:
                headers["WARC-Truncated"] = "length"
            response = writer.create_warc_record(
                exchange.url,
                "response",
                payload=io.BytesIO(exchange.body),
                length=len(exchange.body),
                http_headers=StatusAndHeaders(
                    f"{exchange.status} {exchange.reason}".strip(),
                    _as_stored(exchange.headers),
                    protocol=exchange.http_version,
                ),
                warc_headers_dict=headers,
            )
            response_id = response.rec_headers.get_header("WARC-Record-ID")
            target = urlsplit(exchange.url)
            request = writer.create_warc_record(
                exchange.url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(
                    f"GET {target.path or '/'}{'?' + target.query if target.query else ''} "
                    f"{exchange.http_version}",
                    exchange.request_headers,
                    is_http_request=True,
                ),
                warc_headers_dict={"WARC-Date": warc_date},
            )
            writer.write_request_response_pair(request, response)
        final = exchanges[-1]
        fields = {
            "sha256": sha256,
            "final-url": final.url,
            "http-status": str(final.status),
            "captured-at": warc_date,
            "title": " ".join(title.split()),
        }
        metadata = "".join(f"{k}: {v}\r\n" for k, v in fields.items() if v).encode("utf-8")
        writer.write_record(
            writer.create_warc_record(
                final.url,
                "metadata",
                payload=io.BytesIO(metadata),
                length=len(metadata),
                warc_content_type="application/warc-fields",
                warc_headers_dict={"WARC-Date": warc_date, "WARC-Refers-To": response_id},
            )
        )
        if text:
            encoded = text.encode("utf-8")
            writer.write_record(
                writer.create_warc_record(
                    final.url,
                    "conversion",
                    payload=io.BytesIO(encoded),
                    length=len(encoded),
                    warc_content_type="text/plain; charset=utf-8",
                    warc_headers_dict={"WARC-Date": warc_date, "WARC-Refers-To": response_id},
                )
            )
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)


def _as_stored(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # The body is stored de-chunked (requests undoes the transfer coding): a reader that
    # saw `Transfer-Encoding: chunked` would try to undo it again. Kept under another name.
    return [
        (f"X-Archive-Orig-{k}" if k.lower() == "transfer-encoding" else k, v) for k, v in headers
    ]


def read_payload(path: Path) -> bytes:
    """The body of the final response in a capture's WARC file, exactly as stored."""
    payload: bytes | None = None
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                payload = record.raw_stream.read()
    if payload is None:
        raise ValueError(f"{path.name} holds no response record")
    return payload


def payload_sha256(path: Path) -> str:
    return hashlib.sha256(read_payload(path)).hexdigest()


def article_warc(paths: Iterable[Path], *, info: dict[str, str]) -> Iterator[bytes]:
    """One WARC file of many captures: a warcinfo record, then each capture's file.

    Gzip members concatenate, so each capture's records go out byte for byte as stored.
    """
    head = io.BytesIO()
    writer = _Sha256WARCWriter(head, gzip=True, warc_version="1.1")
    writer.write_record(writer.create_warcinfo_record("", info))
    yield head.getvalue()
    for path in paths:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                yield chunk
