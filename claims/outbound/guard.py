"""The guard on every request the server makes for a user: only public web addresses.

A URL a user hands in (an article, an evidence link, a webhook) must not make the server
reach its own network (SSRF). Every connection, redirects included, dials an address that
was checked, so DNS cannot answer differently between the check and the connection.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from claims.errors import ServiceError


class FetchError(ServiceError):
    code = "fetch_failed"
    status = 400


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("Give a web address starting with http:// or https://.", code="bad_url")
    return url.strip()


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
            raise FetchError(
                f"The address {host} points into a private or local network; factcheck "
                "fetches public web pages only.",
                code="private_address",
            )
    return addresses[0]


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


class _PublicHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        # Dial the address that was checked, not a second lookup that DNS could answer
        # differently; TLS and the Host header still use the name.
        host = self._dns_host
        self._dns_host = public_address(host, self.port)
        try:
            return super()._new_conn()
        finally:
            self._dns_host = host


class _PublicHTTPSConnection(_PublicHTTPConnection, HTTPSConnection):
    pass


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class _PublicOnlyAdapter(HTTPAdapter):
    """Every connection, including each redirect's, goes to a public address."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _PublicHTTPPool,
            "https": _PublicHTTPSPool,
        }


def guarded_session(*, allow_private: bool) -> requests.Session:
    session = requests.Session()
    session.max_redirects = 5
    if not allow_private:
        # A proxy would hide where the request goes: the guard needs direct connections.
        session.trust_env = False
        adapter = _PublicOnlyAdapter()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
    return session
