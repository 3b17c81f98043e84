"""The broker down on a real deployment (gunicorn, a Celery worker and beat, a private
Redis and a database of their own), with the demo loaded.

While Redis is stopped a reviewer's save through the page answers 2xx and is kept, and so
does a change through the API and a submission; the webhook deliveries and the extraction
that could not be queued are swept up once Redis is back. The time from Redis's return to
the last of that work done is printed (the sweep runs every 15 s and re-queues work that
waited 30 s).
"""

from __future__ import annotations

import http.cookies
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from bench.common import free_port, recreate_database, wait_until_up
from bench.faults import Redis
from tests.conftest import ROOT, run_manage, start_worker, stop_worker, test_database_url, wait_for

pytestmark = [pytest.mark.subprocess, pytest.mark.worker]

PASSWORD = "factcheck-demo"


class Browser:
    """Just enough of a browser: cookies kept by hand (the server marks them Secure, as in
    production, and this test speaks plain HTTP to it), CSRF tokens sent back."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, data: dict[str, str] | None = None, **headers: str
    ) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        request = urllib.request.Request(
            self.base + path,
            data=body,
            method=method,
            headers={"Cookie": cookie, **headers},
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=60)
            status, text, got = response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            status, text, got = error.code, error.read().decode(), error.headers
        for header in got.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return status, text

    def post(self, path: str, data: dict[str, str], **headers: str) -> tuple[int, str]:
        data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request(
            "POST", path, data, **{"Content-Type": "application/x-www-form-urlencoded"}, **headers
        )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Receiver:
    url: str = ""
    bodies: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.bodies.append(json.loads(body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()


@dataclass
class Deployment:
    url: str
    database_url: str
    redis: Redis
    env: dict[str, str]

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        connection = psycopg2.connect(self.database_url)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory,
    django_db_setup: None,
    django_db_blocker: Any,
    receiver: Receiver,
) -> Iterator[Deployment]:
    workdir = tmp_path_factory.mktemp("outage")
    with django_db_blocker.unblock():
        database_url = test_database_url().rsplit("/", 1)[0] + "/factcheck_broker_outage"
    recreate_database(database_url)
    redis = Redis(workdir)
    redis.start()
    env = {
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis.url,
        "SECRET_KEY": "broker-outage-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "WEBHOOK_ALLOW_PRIVATE": "1",  # the receiver is on loopback
        "FACTCHECK_VAR_DIR": str(workdir),
        "STATIC_ROOT": str(workdir / "static"),
    }
    for command in (
        ("migrate", "--noinput"),
        ("collectstatic", "--noinput"),
        ("load_demo", "--allow-demo-accounts"),  # a throwaway server, DEBUG off
    ):
        done = run_manage(*command, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
    subscribed = run_manage(
        "shell",
        "-c",
        "from claims.services.webhooks import webhook_subscribe; "
        f"webhook_subscribe(owner=None, url={receiver.url!r}, "
        "events=['article.ready', 'claim.status_changed'])",
        env=env,
    )
    assert subscribed.returncode == 0, subscribed.stderr
    server_env = {**os.environ, **env}
    server_env.pop("DJANGO_SETTINGS_MODULE", None)
    server_env.pop("DEBUG", None)
    port = free_port()
    web = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "factcheck.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=server_env,
        stdout=(workdir / "web.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    beat = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "beat",
            "--schedule",
            str(workdir / "beat-schedule"),
        ],
        cwd=ROOT,
        env=server_env,
        stdout=(workdir / "beat.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    worker = start_worker("outage", broker_url=redis.url, database_url=database_url, env=env)
    deployment = Deployment(f"http://127.0.0.1:{port}", database_url, redis, env)
    try:
        wait_until_up(deployment.url + "/accounts/login/")
        assert wait_for(
            lambda: deployment.query("SELECT status FROM claims_article") == [("ready",)],
            timeout=180,
        ), "the demo article did not reach ready"
        yield deployment
    finally:
        for process in (web, beat):
            process.terminate()
            process.wait(timeout=30)
        stop_worker(worker)
        redis.stop()
        recreate_database(database_url, drop_only=True)


def signed_in_reviewer(deployment: Deployment) -> Browser:
    browser = Browser(deployment.url)
    browser.request("GET", "/accounts/login/")
    status, _ = browser.post("/accounts/login/", {"username": "reviewer", "password": PASSWORD})
    assert status == 302, "the reviewer could not sign in"
    return browser


def test_with_the_broker_down_saves_are_kept_and_the_lost_work_is_swept_up(
    deployment: Deployment, receiver: Receiver
) -> None:
    browser = signed_in_reviewer(deployment)
    token = run_manage("issue_token", "editor", env=deployment.env).stdout.strip()
    (claim_id, version), (api_claim_id, api_version) = deployment.query(
        "SELECT id, version FROM claims_claim ORDER BY id LIMIT 2"
    )
    receiver.bodies.clear()

    deployment.redis.stop()

    status, page = browser.post(
        f"/claims/{claim_id}/review/",
        {"version": str(version), "status": "false", "rationale": "The figures disagree."},
        **{"HX-Request": "true"},
    )
    assert status == 200, page[:2000]
    assert "Saved." in page
    assert deployment.query(
        "SELECT status, rationale FROM claims_claim WHERE id = %s", claim_id
    ) == [("false", "The figures disagree.")]

    api = urllib.request.Request(
        f"{deployment.url}/api/v1/claims/{api_claim_id}/",
        data=json.dumps({"version": api_version, "status": "misleading"}).encode(),
        method="PATCH",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(api, timeout=60) as response:
        assert response.status == 200
    article = urllib.request.Request(
        f"{deployment.url}/api/v1/articles/",
        data=json.dumps(
            {"body": "The port authority said on Monday that 12 cranes were idle.", "title": "T"}
        ).encode(),
        method="POST",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(article, timeout=60) as response:
        assert response.status == 202
        submitted = json.loads(response.read())["article"]["id"]
    assert deployment.query("SELECT status FROM claims_claim WHERE id = %s", api_claim_id) == [
        ("misleading",)
    ]
    assert receiver.bodies == []  # nothing could be queued

    time.sleep(5)  # an outage of some seconds
    deployment.redis.start()
    back = time.monotonic()

    def all_swept_up() -> bool:
        events = sorted(
            (b["event"], b.get("claim", {}).get("id", b.get("article", {}).get("id")))
            for b in receiver.bodies
        )
        ready = deployment.query("SELECT status FROM claims_article WHERE id = %s", submitted)
        return ready == [("ready",)] and events == sorted(
            [
                ("claim.status_changed", claim_id),
                ("claim.status_changed", api_claim_id),
                ("article.ready", submitted),
            ]
        )

    assert wait_for(all_swept_up, timeout=240, interval=0.5), (receiver.bodies, submitted)
    recovered = time.monotonic() - back
    print(f"\nRecovery after the broker came back: {recovered:.1f} s")
    assert recovered < 90
    # Each event once: nothing arrives twice however often the sweep ran.
    time.sleep(20)
    assert len(receiver.bodies) == 3
    assert deployment.query(
        "SELECT count(*) FROM claims_webhookdelivery WHERE status <> 'delivered'"
    ) == [(0,)]
    assert re.fullmatch(r"[\w-]{40,}", token)
