from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.factories import UserFactory
from tests.pages import (  # noqa: F401  (fixtures for web and API tests)
    allow_private_fetch,
    allow_private_webhooks,
    eager_tasks,
    evidence_site,
    web_server,
)

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test that uses a real worker is a worker test, marked or not: `-m "not worker"`
    # (make test-fast) leaves it out.
    for item in items:
        if "celery_worker_process" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.worker)


def wait_for(predicate: Callable[[], bool], *, timeout: float = 60, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def app_env(env: dict[str, str]) -> dict[str, str]:
    """The environment of an app process configured by `env` alone: the test run's own
    database, broker, secret and debug settings are not passed on."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "DEBUG",
            "SECRET_KEY",
            "SECURE_SSL_REDIRECT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests for their own process
            "DJANGO_SETTINGS_MODULE",  # the test settings; a command runs the app's own
        }
    }
    return {**clean, **env}


def run_manage(
    *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`manage.py` in a subprocess configured by `env` alone (see app_env)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=app_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("a real worker needs the PostgreSQL test database (set DATABASE_URL)")
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or "5432"
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


test_database_url.__test__ = False  # type: ignore[attr-defined]


def start_worker(
    name: str, *, broker_url: str, database_url: str, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start `celery worker` as its own process and wait until it is ready."""
    (ROOT / "var").mkdir(exist_ok=True)
    log_path = ROOT / "var" / f"test-worker-{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--hostname",
            f"{name}-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            **(env or {}),
        },
    )
    log.close()
    deadline = time.monotonic() + 60
    # The worker logs "ready" once it consumes. (Its remote-control ping can't be used: a
    # client's reply queue follows $CELERY_BROKER_URL, which may name another broker.)
    while b" ready." not in log_path.read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the Celery worker did not start; see {log_path}")
        time.sleep(0.2)
    return process


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def celery_worker_process(
    django_db_setup: None, django_db_blocker
) -> Iterator[subprocess.Popen[bytes]]:  # type: ignore[no-untyped-def]
    """A real `celery worker` process on Redis, using the test database.

    Module-scoped, so tests that start workers of their own (fault tests) run alone.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("a real worker needs CELERY_BROKER_URL (the README's test command sets it)")
    from factcheck.celery import app

    with django_db_blocker.unblock():
        database_url = test_database_url()
    app.control.purge()  # messages left by an earlier run would name rows that are gone
    process = start_worker(
        "shared", broker_url=settings.CELERY_BROKER_URL, database_url=database_url
    )
    yield process
    stop_worker(process)


# Pages and the API are tested with the same people in the same roles.


@pytest.fixture
def reviewer(db: None) -> Any:
    return UserFactory(username="rita", roles=["reviewer"])


@pytest.fixture
def editor(db: None) -> Any:
    return UserFactory(username="ed", roles=["editor"])


@pytest.fixture
def other_editor(db: None) -> Any:
    return UserFactory(username="eve", roles=["editor"])


@pytest.fixture
def admin_user(db: None) -> Any:
    return UserFactory(username="ada", roles=["admin"], is_staff=True)


@pytest.fixture
def outsider(db: None) -> Any:
    """Has an account but no role."""
    return UserFactory(username="olga")


@pytest.fixture(autouse=True)
def _static_files_without_a_manifest(settings: Any) -> None:
    # Tests run with DEBUG off but without `collectstatic`: use plain, unhashed static URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _evidence_files_per_test(settings: Any, tmp_path: Path) -> None:
    # Captured evidence is written under EVIDENCE_DIR: each test has its own.
    settings.EVIDENCE_DIR = tmp_path / "evidence"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rate-limit and login-failure counters live in the cache; keep tests apart.
    cache.clear()
    yield
    cache.clear()
