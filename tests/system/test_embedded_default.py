"""`make run`'s embedded default: the submit answers at once, and the worker that the
Procfile.dev starts beside the server takes the article to ready, on SQLite files alone."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, app_env, run_manage

pytestmark = pytest.mark.subprocess

ARTICLE = (
    "Ferry services resume after storm\n\n"
    "The harbour master said on Friday that 12 ferries would sail again from Saturday.\n\n"
    "Storm damage to the northern pier will cost about 2 million euros to repair, the "
    "port authority said."
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def call(url: str, token: str, body: dict[str, object] | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def test_the_submit_answers_at_once_and_a_background_worker_makes_it_ready(
    tmp_path: Path,
) -> None:
    env = {"DEBUG": "1", "FACTCHECK_VAR_DIR": str(tmp_path)}
    assert run_manage("migrate", "--noinput", env=env).returncode == 0
    demo = run_manage("load_demo", env=env, timeout=300)
    assert "[ready]" in demo.stdout, demo.stderr  # processed before the server starts
    issued = run_manage("issue_token", "reviewer", env=env)
    token = issued.stdout.split("Token ")[-1].split()[0]

    port = free_port()
    honcho = Path(sys.executable).with_name("honcho")
    process = subprocess.Popen(
        [str(honcho), "-f", "Procfile.dev", "start"],
        cwd=ROOT,
        env=app_env(
            {
                **env,
                "HOST": f"127.0.0.1:{port}",
                "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
            }
        ),
        stdout=(tmp_path / "honcho.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "honcho.log").read_text()
                time.sleep(0.5)
        started = time.monotonic()
        status, submitted = call(
            f"{base}/api/v1/articles/", token, {"body": ARTICLE, "publisher": "Ferry News"}
        )
        answered = time.monotonic() - started
        assert status == 202
        assert submitted["article"]["status"] in {"queued", "extracting"}
        assert answered < 5  # no extraction inside the request
        status_url = submitted["status_url"]
        while True:
            _, progress = call(status_url, token)
            if progress["status"] == "ready":
                break
            assert progress["status"] != "failed", progress
            assert time.monotonic() - started < 120, (tmp_path / "honcho.log").read_text()
            time.sleep(0.5)
        assert progress["progress"]["claims"] >= 2
        assert progress["progress"]["checks_done"] == progress["progress"]["checks"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
