"""The guard on every request the server makes for a user: only public web addresses, and
never longer than a total deadline.

A URL a user hands in (an article, an evidence link, a webhook) must not make the server
reach its own network (SSRF). Every connection, redirects included, dials an address that
was checked, so DNS cannot answer differently between the check and the connection.

A socket timeout bounds each wait, not the whole exchange: a server answering a byte at a
time could hold a worker for hours. `total_deadline` shuts the connection down when its
time is up, whatever phase the exchange is in (TLS handshake, headers, body).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from claims.errors import ServiceError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Names that mean this machine whatever DNS says (RFC 6761), refused before any lookup.
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(ServiceError):
    code = "fetch_failed"
    status = 400


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("Give a web address starting with http:// or https://.", code="bad_url")
    try:
        parts.port  # noqa: B018  (parsing it refuses a port out of range)
    except ValueError:
        raise FetchError("The web address has an invalid port.", code="bad_url") from None
    return url.strip()


def refuse_local_url(url: str) -> str:
    """`url`, refused when its host is, or resolves now to, a local or private address.

    For what is checked once and used later (a webhook subscription): a name that does not
    resolve yet is let through, since every connection is checked again (`guarded_session`).
    """
    url = check_url(url)
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        raise _private(host)
    try:
        public_address(host, parts.port or (443 if parts.scheme == "https" else 80))
    except FetchError as exc:
        if exc.code != "unreachable":
            raise
    return url


def public_address(host: str, port: int) -> str:
    """The first address `host` resolves to, refused when any of them is not public.

    Loopback, private, link-local, reserved and multicast addresses are refused, so a
    submitted URL cannot make the server reach its own network (SSRF).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"The host {host} could not be found.", code="unreachable") from None
    addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        if not _is_public(ipaddress.ip_address(address.split("%")[0])):
            raise _private(host)
    return addresses[0]


def _private(host: str) -> FetchError:
    return FetchError(
        f"The address {host} points into a private or local network; factcheck connects "
        "to public web addresses only.",
        code="private_address",
    )


def _is_public(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address, which is what gets dialled in the end.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is None and ip.teredo is not None:
            embedded = ip.teredo[1]
        if embedded is not None and not _is_public(embedded):
            return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


class _Deadline:
    """The sockets opened within one `total_deadline`, shut down when it expires."""

    def __init__(self) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def watch(self, sock: socket.socket) -> None:
        # A duplicate of the descriptor: TLS detaches the original socket object, and
        # shutting down any descriptor of a connection ends every read on it.
        duplicate = sock.dup()
        with self._lock:
            self._sockets.append(duplicate)
            if self.expired:
                _shut(duplicate)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def close(self) -> None:
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


def _shut(sock: socket.socket) -> None:
    with suppress(OSError):  # already closed by the other end
        sock.shutdown(socket.SHUT_RDWR)


_current = threading.local()


@contextmanager
def total_deadline(seconds: float) -> Iterator[_Deadline]:
    """Connections a guarded session opens in this block are cut when `seconds` pass;
    `.expired` then tells the caller why its request failed."""
    deadline = _Deadline()
    previous = getattr(_current, "deadline", None)
    _current.deadline = deadline
    timer = threading.Timer(seconds, deadline.expire)
    timer.daemon = True
    timer.start()
    try:
        yield deadline
    finally:
        timer.cancel()
        _current.deadline = previous
        deadline.close()


class _WatchedHTTPConnection(HTTPConnection):
    public_only = False

    def _new_conn(self) -> socket.socket:
        if self.public_only:
            # Dial the address that was checked, not a second lookup that DNS could answer
            # differently; TLS and the Host header still use the name.
            host = self._dns_host
            self._dns_host = public_address(host, self.port)
            try:
                sock = super()._new_conn()
            finally:
                self._dns_host = host
        else:
            sock = super()._new_conn()
        deadline: _Deadline | None = getattr(_current, "deadline", None)
        if deadline is not None:
            deadline.watch(sock)
        return sock


class _WatchedHTTPSConnection(_WatchedHTTPConnection, HTTPSConnection):
    pass


class _PublicHTTPConnection(_WatchedHTTPConnection):
    public_only = True


class _PublicHTTPSConnection(_PublicHTTPConnection, HTTPSConnection):
    pass


def _adapter(http: type[HTTPConnection], https: type[HTTPSConnection]) -> HTTPAdapter:
    class HTTPPool(HTTPConnectionPool):
        ConnectionCls = http

    class HTTPSPool(HTTPSConnectionPool):
        ConnectionCls = https

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": HTTPPool, "https": HTTPSPool}

    return Adapter()


def guarded_session(*, allow_private: bool) -> requests.Session:
    """A session whose every connection, redirects included, goes to a public address
    (unless `allow_private`, for tests and development) and obeys `total_deadline`."""
    session = requests.Session()
    session.max_redirects = 5
    if allow_private:
        adapter = _adapter(_WatchedHTTPConnection, _WatchedHTTPSConnection)
    else:
        # A proxy would hide where the request goes: the guard needs direct connections.
        session.trust_env = False
        adapter = _adapter(_PublicHTTPConnection, _PublicHTTPSConnection)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
