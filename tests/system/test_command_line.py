"""Commands that serve nothing run with no environment at all; the server itself refuses to
start in production (DEBUG off) without a SECRET_KEY."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_manage, test_database_url

pytestmark = pytest.mark.subprocess

SAMPLE = ROOT / "tests" / "samples" / "border-shelling.txt"


def test_extract_claims_runs_with_no_environment_set(tmp_path: Path) -> None:
    result = run_manage(
        "extract_claims", str(SAMPLE), "--format", "jsonl", env={"FACTCHECK_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    assert '"claims"' in result.stdout


@pytest.mark.django_db(transaction=True)
def test_issue_token_needs_only_the_database(reviewer) -> None:  # type: ignore[no-untyped-def]
    result = run_manage("issue_token", reviewer.username, env={"DATABASE_URL": test_database_url()})
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip()) >= 40


def _clean_env(**extra: str) -> dict[str, str]:
    import os

    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    return {**{k: v for k, v in os.environ.items() if k in keep}, **extra}


def test_gunicorn_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "factcheck.wsgi",
            "--bind",
            "127.0.0.1:0",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=_clean_env(FACTCHECK_VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_runserver_refuses_to_start_without_a_secret_key_when_debug_is_off(
    tmp_path: Path,
) -> None:
    result = run_manage(
        "runserver",
        "--noreload",
        "127.0.0.1:0",
        env={"FACTCHECK_VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "127.0.0.1"},
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def _load_wsgi(**env: str) -> subprocess.CompletedProcess[str]:
    """Load the WSGI application, as gunicorn and runserver do, in a clean environment."""
    code = "from factcheck.wsgi import application; print(type(application).__name__)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_with_debug_on_the_development_server_needs_no_secret(tmp_path: Path) -> None:
    result = _load_wsgi(DEBUG="1", FACTCHECK_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WSGIHandler"


def test_a_placeholder_secret_key_is_refused_when_debug_is_off(tmp_path: Path) -> None:
    result = _load_wsgi(SECRET_KEY="...", FACTCHECK_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "at least 32 characters" in result.stderr


def test_settings_come_from_a_dotenv_file_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ARTICLE_MAX_CLAIMS=7\nARTICLE_MAX_CHECKED_CLAIMS=5\n")
    code = (
        "from django.conf import settings; "
        "print(settings.ARTICLE_MAX_CLAIMS, settings.ARTICLE_MAX_CHECKED_CLAIMS)"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        env={
            "FACTCHECK_ENV_FILE": str(env_file),
            "FACTCHECK_VAR_DIR": str(tmp_path),
            "ARTICLE_MAX_CHECKED_CLAIMS": "3",
        },
    )
    assert result.stdout.splitlines()[-1].split() == ["7", "3"], result.stderr
