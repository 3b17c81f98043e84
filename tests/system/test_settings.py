from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import env_bool, env_int, env_list
from tests.conftest import run_manage


def test_env_bool_refuses_a_value_that_is_not_a_boolean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_env_int_refuses_a_value_below_its_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_LIMIT", "-3")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("SOME_LIMIT", 5, minimum=0)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_HOSTS", "a.example, b.example,,")
    assert env_list("SOME_HOSTS") == ["a.example", "b.example"]


@pytest.mark.subprocess
def test_without_database_url_or_broker_the_app_runs_on_sqlite_files(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL, "
        "settings.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = run_manage("shell", "-c", code, env={"DEBUG": "1", "FACTCHECK_VAR_DIR": str(tmp_path)})
    assert result.stdout.splitlines()[-1].split() == [
        "django.db.backends.sqlite3",
        f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}",
        "False",
    ], result.stderr


@pytest.mark.subprocess
def test_tasks_in_process_is_a_setting(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    env = {"DEBUG": "1", "FACTCHECK_VAR_DIR": str(tmp_path), "TASKS_IN_PROCESS": "1"}
    result = run_manage("shell", "-c", code, env=env)
    assert result.stdout.splitlines()[-1] == "True", result.stderr


@pytest.mark.subprocess
def test_production_settings_pass_check_deploy_without_warnings(tmp_path: Path) -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "SECRET_KEY": "x7!kq2-production-like-secret-" + "s9d8f7g6h5j4k3l2m1n0" * 3,
            "ALLOWED_HOSTS": "factcheck.example.org",
            "FACTCHECK_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


CACHE_OF = (
    "from django.conf import settings; c = settings.CACHES['default']; "
    "print(c['BACKEND'], c.get('LOCATION', '-'))"
)


@pytest.mark.subprocess
@pytest.mark.parametrize(
    ("env", "backend", "location"),
    [
        ({}, "django.core.cache.backends.locmem.LocMemCache", None),
        (
            {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/3"},
            "factcheck.cache.SharedCache",
            "redis://127.0.0.1:6379/3",
        ),
        (
            {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/3", "CACHE_URL": "redis://cache:6379/1"},
            "factcheck.cache.SharedCache",
            "redis://cache:6379/1",
        ),
    ],
)
def test_the_cache_is_redis_when_one_is_configured_and_local_memory_otherwise(
    tmp_path: Path, env: dict[str, str], backend: str, location: str | None
) -> None:
    result = run_manage(
        "shell", "-c", CACHE_OF, env={"DEBUG": "1", "FACTCHECK_VAR_DIR": str(tmp_path), **env}
    )
    got_backend, got_location = result.stdout.split()[-2:]
    assert got_backend == backend, result.stderr
    if location:
        assert got_location == location
