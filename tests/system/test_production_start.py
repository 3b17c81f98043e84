"""The production start as the README gives it: `make start` (honcho and the Procfile) on
PostgreSQL and a private Redis, with DEBUG off, serves the login page and its static files
and survives a PostgreSQL that dropped its connections."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest

from bench.common import free_port, recreate_database
from bench.faults import Redis
from tests.conftest import ROOT, test_database_url, wait_for

pytestmark = [pytest.mark.subprocess, pytest.mark.worker]

# Behind a TLS-terminating proxy, as in production (SECURE_SSL_REDIRECT is on).
HTTPS = {"X-Forwarded-Proto": "https"}


@dataclass
class Deployment:
    url: str
    database_url: str
    log: Path

    def get(self, path: str) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url + path, headers=HTTPS)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None, django_db_blocker
) -> Iterator[Deployment]:  # type: ignore[no-untyped-def]
    workdir = tmp_path_factory.mktemp("production")
    with django_db_blocker.unblock():
        database_url = test_database_url().rsplit("/", 1)[0] + "/factcheck_production_start"
    recreate_database(database_url)
    redis = Redis(workdir)
    redis.start()
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}},
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis.url,
        "SECRET_KEY": "production-start-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "API_THROTTLE_ANON": "40/min",
        "STATIC_ROOT": str(workdir / "static"),
        "FACTCHECK_VAR_DIR": str(workdir / "var"),
    }
    log = workdir / "honcho.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "start"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deployment = Deployment(f"http://127.0.0.1:{port}", database_url, log)
    try:
        up = wait_for(lambda: deployment_answers(deployment), timeout=180, interval=0.5)
        assert up, log.read_text()[-5000:]
        yield deployment
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        redis.stop()
        recreate_database(database_url, drop_only=True)


def deployment_answers(deployment: Deployment) -> bool:
    try:
        return deployment.get("/accounts/login/")[0] == 200
    except OSError:
        return False


def test_it_serves_the_login_page_with_debug_off(deployment: Deployment) -> None:
    status, body = deployment.get("/accounts/login/")
    assert status == 200
    assert b'name="username"' in body
    assert b"Traceback" not in body


def test_the_static_files_are_collected_and_served_under_hashed_names(
    deployment: Deployment,
) -> None:
    _, body = deployment.get("/accounts/login/")
    stylesheets = re.findall(rb'href="(/static/[^"]+\.css)"', body)
    assert stylesheets
    for href in stylesheets:
        assert re.search(rb"\.[0-9a-f]{12}\.css$", href), href  # the manifest's name
        status, _ = deployment.get(href.decode())
        assert status == 200, href


def test_the_worker_and_beat_run_beside_the_web_server(deployment: Deployment) -> None:
    assert wait_for(lambda: b" ready." in deployment.log.read_bytes(), timeout=120)
    sweep_sent = b"Scheduler: Sending due task requeue-stale-work"
    assert wait_for(lambda: sweep_sent in deployment.log.read_bytes(), timeout=60)


def test_requests_after_postgresql_dropped_every_connection_succeed(
    deployment: Deployment,
) -> None:
    for _ in range(6):  # each web worker holds a connection to the database
        assert deployment.get("/api/v1/claimreview/")[0] == 200
    admin = psycopg2.connect(deployment.database_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    admin.close()
    time.sleep(0.5)
    statuses = [deployment.get("/api/v1/claimreview/")[0] for _ in range(6)]
    assert statuses == [200] * 6


# Last: it spends the anonymous rate limit the tests above share.
def test_the_rate_limit_is_shared_by_every_web_worker(deployment: Deployment) -> None:
    statuses = [deployment.get("/api/v1/claimreview/")[0] for _ in range(100)]
    assert 429 in statuses
    # API_THROTTLE_ANON is 40/min: per web worker it would let up to 80 through.
    assert statuses.count(200) <= 40, statuses.count(200)
