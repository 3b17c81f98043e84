"""Faults with real processes: a worker killed mid-check, a broker down at submit time."""

from __future__ import annotations

import datetime
import json
import os
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from claims.checks import CheckOptions, enabled_kinds
from claims.models import Article, Check
from claims.services.checks import checks_requeue_stale
from claims.services.ingest import article_submit
from tests.conftest import ROOT, run_manage, start_worker, stop_worker, test_database_url, wait_for

SAMPLE = (ROOT / "tests" / "samples" / "border-shelling.txt").read_text(encoding="utf-8")

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_answers(port: int) -> bool:
    ping = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True)
    return ping.stdout.strip() == "PONG"


class StallingFactCheckServer:
    """A local stand-in for the fact-check search API that holds its first request until
    released, so a test can kill the worker while a check is running."""

    def __init__(self) -> None:
        self.first_request = threading.Event()
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if not outer.first_request.is_set():
                    outer.first_request.set()
                    outer.release.wait(timeout=60)
                body = json.dumps({"claims": []}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1alpha1/claims:search"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()


@pytest.fixture
def stalling_server() -> Iterator[StallingFactCheckServer]:
    server = StallingFactCheckServer()
    yield server
    server.close()


# With an API key every kind runs; without one, the external search is left out.
KINDS = tuple(k.name for k in enabled_kinds(CheckOptions(factcheck_api_key="key")))
LOCAL_KINDS = tuple(k.name for k in enabled_kinds(CheckOptions()))


def every_check_done_once(article: Article, kinds: tuple[str, ...]) -> bool:
    checks = Check.objects.filter(claim__article=article)
    claims = article.claims.filter(stale=False).count()
    return (
        claims > 0
        and checks.count() == claims * len(kinds)
        and set(checks.values_list("kind", flat=True)) == set(kinds)
        and not checks.exclude(state="done").exists()
    )


def test_a_worker_killed_during_a_check_loses_nothing_and_duplicates_nothing(
    stalling_server: StallingFactCheckServer,
) -> None:
    from factcheck.celery import app

    app.control.purge()
    database_url = test_database_url()
    env = {"FACTCHECK_API_KEY": "test-key", "FACTCHECK_API_URL": stalling_server.url}
    worker = start_worker(
        "doomed", broker_url=settings.CELERY_BROKER_URL, database_url=database_url, env=env
    )
    try:
        article, _ = article_submit(body=SAMPLE, publisher="Harbour Courier")
        assert stalling_server.first_request.wait(timeout=120), "no check reached the API"
        # The batch under way when the worker dies: its checks are all running.
        running = list(Check.objects.filter(state="running"))
        assert any(c.kind == "external_factchecks" for c in running)
    finally:
        # Killed however the test goes: a worker left behind would take later tests' tasks.
        os.killpg(os.getpgid(worker.pid), signal.SIGKILL)  # the pool child too
        worker.wait()
    stalling_server.release.set()

    survivor = start_worker(
        "survivor", broker_url=settings.CELERY_BROKER_URL, database_url=database_url, env=env
    )
    try:
        # The worker is dead: its check is re-queued at once, not after the time limit.
        checks_requeue_stale(
            older_than=datetime.timedelta(0), running_older_than=datetime.timedelta(0)
        )
        assert wait_for(lambda: Article.objects.get(pk=article.pk).status == "ready", timeout=180)
    finally:
        stop_worker(survivor)
    for check in running:
        check.refresh_from_db()
        assert (check.state, check.attempts) == ("done", 2)
    assert every_check_done_once(article, KINDS)


def test_an_article_submitted_while_the_broker_is_down_reaches_ready_once_it_is_back(
    tmp_path: Path,
) -> None:
    port = free_port()
    broker_url = f"redis://127.0.0.1:{port}/0"
    redis_cmd = [
        "redis-server",
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(tmp_path),
    ]
    env = {
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": broker_url,
        "SECRET_KEY": "test-only-secret-key-not-for-any-server-use",
    }
    sample = tmp_path / "article.txt"
    sample.write_text(SAMPLE, encoding="utf-8")

    redis = subprocess.Popen(redis_cmd, stdout=subprocess.DEVNULL)
    assert wait_for(lambda: redis_answers(port))
    worker = start_worker("patient", broker_url=broker_url, database_url=env["DATABASE_URL"])
    try:
        redis.terminate()
        redis.wait()
        submitted = run_manage("submit_article", str(sample), "--publisher", "HC", env=env)
        assert submitted.returncode == 0, submitted.stderr
        article = Article.objects.get()
        assert article.status == "queued"

        redis = subprocess.Popen(redis_cmd, stdout=subprocess.DEVNULL)
        assert wait_for(lambda: redis_answers(port))
        requeued = run_manage("requeue_stale", "--older-than", "0", env=env)
        assert requeued.returncode == 0, requeued.stderr
        assert wait_for(lambda: Article.objects.get(pk=article.pk).status == "ready", timeout=180)
        assert every_check_done_once(article, LOCAL_KINDS)
    finally:
        stop_worker(worker)
        redis.terminate()
        redis.wait()
