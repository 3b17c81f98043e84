"""PostgreSQL restarted and Redis stopped while articles stream in: bench/faults.py, small.

The script runs its own PostgreSQL cluster and Redis on private ports, so the services the
rest of the suite uses are never disturbed.
"""

from __future__ import annotations

import glob
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.worker


@pytest.mark.skipif(
    not glob.glob("/usr/lib/postgresql/*/bin/initdb") or not shutil.which("redis-server"),
    reason="needs PostgreSQL's server binaries and redis-server",
)
def test_restarts_of_postgresql_and_redis_under_load_lose_and_duplicate_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "bench/faults.py", "--articles", "6", "--workers", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PostgreSQL restarted" in result.stdout
    assert "Redis stopped" in result.stdout
    assert "invariants hold" in result.stdout
