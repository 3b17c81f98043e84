"""What the bench scripts share: a free loopback port, a fresh database, a server to wait for."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    """Drop the PostgreSQL database `url` names (connections and all) and create it empty."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def wait_until_up(url: str, *, headers: dict[str, str] | None = None, timeout: float = 60) -> None:
    """GET `url` until the server answers; an HTTP error status is raised at once."""
    deadline = time.monotonic() + timeout
    while True:
        request = urllib.request.Request(url, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                return
        except urllib.error.HTTPError:
            raise
        except OSError:  # refused while the server starts, or a timeout
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
