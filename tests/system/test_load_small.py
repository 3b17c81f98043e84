"""Reviewers saving verdicts while articles stream in and workers run: bench/load.py, small.

The script makes its own database and empties its own Redis database, next to (never in)
the ones the rest of the suite uses.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.worker


def _next_to(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=path))


def test_reviewers_under_load_get_no_errors_and_every_save_leaves_its_history() -> None:
    database = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck")
    broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
    result = subprocess.run(
        [
            *(sys.executable, "bench/load.py", "--claims", "2000", "--reviewers", "4"),
            *("--seconds", "15", "--workers", "1", "--stream-every", "5"),
            *("--ready-timeout", "120"),
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "BENCH_LOAD_DATABASE_URL": _next_to(database, "/factcheck_load_ci"),
            "BENCH_LOAD_BROKER_URL": _next_to(broker, "/9"),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    saves = re.search(r"saves\s+(\d+) saved", result.stdout)
    assert saves, output
    assert int(saves.group(1)) > 0, output
    assert re.search(r"error rate\s+0\.0000% \(0 errors", result.stdout), output
    assert "invariants hold" in result.stdout
