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
def test_without_database_url_the_app_runs_on_sqlite_with_tasks_in_process(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = run_manage("shell", "-c", code, env={"DEBUG": "1", "FACTCHECK_VAR_DIR": str(tmp_path)})
    assert result.stdout.splitlines()[-1].split() == ["django.db.backends.sqlite3", "True"], (
        result.stderr
    )


@pytest.mark.subprocess
def test_debug_off_without_a_secret_key_fails_with_a_clear_message() -> None:
    result = run_manage("check", env={})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


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
