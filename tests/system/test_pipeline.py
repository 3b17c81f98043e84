"""The pipeline's spine end to end: submit, queue, a worker extracts, the article is ready."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.models import Article, Check
from claims.services.checks import enabled_check_names
from claims.services.ingest import article_submit
from tests.conftest import wait_for

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "tests" / "samples" / "border-shelling.txt").read_text(encoding="utf-8")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_submitted_article_reaches_ready_through_a_real_worker_on_redis(
    celery_worker_process: subprocess.Popen,
) -> None:
    article, _ = article_submit(body=SAMPLE, publisher="Harbour Courier")

    def finished() -> bool:
        article.refresh_from_db()
        return article.status in (Article.Status.READY, Article.Status.FAILED)

    assert wait_for(finished, timeout=120)
    assert article.status == Article.Status.READY, article.error
    assert article.claims.filter(source__name="Anton Belov").exists()
    checks = Check.objects.filter(claim__article=article)
    assert checks.count() == article.claims.count() * len(enabled_check_names())
    assert set(checks.values_list("state", flat=True)) == {"done"}


@pytest.mark.subprocess
def test_the_embedded_default_loads_the_demo_with_no_services(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(DEBUG="1", FACTCHECK_VAR_DIR=str(tmp_path))

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage("migrate", "--noinput")
    output = manage("load_demo")
    assert "[ready]" in output
    assert "Log in as reviewer" in output
    assert (tmp_path / "factcheck.sqlite3").exists()
