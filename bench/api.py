"""Claims-list API throughput against the framework's floor (figures, not a test).

    .venv/bin/python bench/api.py [--claims 100000] [--users 16] [--seconds 20] [--rounds 4]
                                  [--workers 3] [--page-size 50] [--keep] [--reuse]

Makes a fresh PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/factcheck_bench), seeds it with N claims, serves the app
with gunicorn (sync workers, DEBUG off) on a loopback port, and drives it with Locust, headless,
with a closed loop of --users users, the two targets taking turns (--rounds) so that other
load on the machine falls on both. For `GET /api/v1/claims/` and for a bare Django view of
the same page from the same selector (bench/floor_urls.py: the framework's floor) it prints
p50/p95 latency, requests per second, errors, and the ratio API / floor (the aim: >= 0.5).
It also counts the queries of one request at page sizes 10 and 100, which should not differ.
The database is dropped at the end unless --keep. The load tool shares the machine's cores
with the server: compare the ratio, not the absolute figures, across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import free_port, recreate_database, wait_until_up  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_bench"
)
API = "/api/v1/claims/"
FLOOR = "/bench/floor/claims/"


def prepare(claims: int, reuse: bool) -> str:
    """Migrate and seed (in this process); returns an API key of a reviewer."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.seed import seed
    from claims.models import Claim
    from claims.services.tokens import api_token_issue

    call_command("migrate", verbosity=0)
    if not (reuse and Claim.objects.exists()):
        started = time.perf_counter()
        seed(claims)
        # As autovacuum would by now: planner statistics, and a visibility map that lets
        # the page's COUNT(*) read an index alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"seeded {claims} claims in {time.perf_counter() - started:.0f} s")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="bench-reviewer-2")
    _, key = api_token_issue(user=user, issuer=user, name="bench")
    return key


def queries_per_request(key: str) -> dict[tuple[str, int], int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    client.get(API)  # the first use of a token records it (an UPDATE); later ones do not
    counts = {}
    for path in (API, FLOOR):
        for size in (10, 100):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, {"page_size": size})
            assert response.status_code == 200, response.content[:300]
            assert len(response.json()["results"]) == size
            counts[path, int(size)] = len(queries.captured_queries)
    return counts


def load(base: str, path: str, key: str, users: int, seconds: float) -> dict[str, Any]:
    """Locust, headless, for `seconds`: its statistics of the one request it makes."""
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(
            [
                *(sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")),
                *("--headless", "--only-summary", "--skip-log", "--exit-code-on-error", "0"),
                *("-u", str(users), "-r", str(users), "-t", f"{max(1, round(seconds))}s"),
                *("--host", base, "--json-file", f"{tmp}/stats"),
            ],
            cwd=ROOT,
            env={**os.environ, "BENCH_PATH": path, "BENCH_TOKEN": key},
            capture_output=True,
            text=True,
        )
        if run.returncode:
            sys.exit(f"locust failed:\n{run.stderr}")
        (stats,) = json.loads(Path(f"{tmp}/stats.json").read_text())
    return stats


def summary(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Requests, errors, p50/p95 (ms) and requests/s over several Locust runs."""
    # Locust keeps response times as a histogram {rounded ms: count}.
    histogram: Counter[float] = Counter()
    for stats in runs:
        histogram.update({float(ms): n for ms, n in stats["response_times"].items()})
    total = sum(stats["num_requests"] for stats in runs)
    seconds = sum(stats["last_request_timestamp"] - stats["start_time"] for stats in runs)

    def percentile(p: float) -> float:
        seen = 0
        for ms, n in sorted(histogram.items()):
            seen += n
            if seen >= p * total:
                return ms
        return max(histogram)

    return {
        "requests": total,
        "errors": sum(stats["num_failures"] for stats in runs),
        "p50": percentile(0.5),
        "p95": percentile(0.95),
        "rps": total / seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=16, help="concurrent Locust users")
    parser.add_argument("--seconds", type=float, default=20, help="load time per target")
    parser.add_argument("--rounds", type=int, default=4, help="turns the load time is cut in")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--reuse", action="store_true", help="use the seeded database as is")
    args = parser.parse_args()
    os.environ.update(
        {
            "DATABASE_URL": DATABASE_URL,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "k" * 40),
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            # Measure the rate limiter's work, not its refusals.
            "API_THROTTLE_READ": "1000000/min",
            "LOG_LEVEL": "WARNING",
            # Nothing static is served here; an empty directory keeps WhiteNoise quiet.
            "STATIC_ROOT": tempfile.mkdtemp(prefix="factcheck-bench-static-"),
        }
    )
    if not args.reuse:
        recreate_database(DATABASE_URL)
    server = None
    try:
        key = prepare(args.claims, args.reuse)
        counts = queries_per_request(key)
        from django.db import connections

        connections.close_all()
        port = free_port()
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "factcheck.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)),
                *("--log-level", "warning"),
            ],
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        query = f"?page_size={args.page_size}"
        for path in (API, FLOOR):
            for _ in range(args.workers * 4):  # every worker imports and connects first
                wait_until_up(base + path + query, headers={"Authorization": f"Token {key}"})
        # In turns, so that a change in the machine's other load hits both targets alike.
        runs: dict[str, list[dict[str, Any]]] = {API: [], FLOOR: []}
        for _ in range(args.rounds):
            for path in (API, FLOOR):
                runs[path].append(
                    load(base, path + query, key, args.users, args.seconds / args.rounds)
                )
        results = {path: summary(runs[path]) for path in (API, FLOOR)}
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        if not args.keep:
            from django.db import connections

            connections.close_all()
            recreate_database(DATABASE_URL, drop_only=True)
        os.rmdir(os.environ["STATIC_ROOT"])

    print(
        f"claims={args.claims} users={args.users} seconds={args.seconds:g} "
        f"(in {args.rounds} turns) "
        f"gunicorn workers={args.workers} page_size={args.page_size}"
    )
    for name, path in (("api", API), ("floor", FLOOR)):
        r = results[path]
        print(
            f"  {name:5} {path:22} p50 {r['p50']:6.0f} ms  p95 {r['p95']:6.0f} ms  "
            f"{r['rps']:7.1f} req/s  {r['requests']:6d} requests  {r['errors']} errors"
        )
    print(f"  ratio api/floor req/s: {results[API]['rps'] / results[FLOOR]['rps']:.2f}")
    for path in (API, FLOOR):
        print(
            f"  queries per request {path:22} page_size 10: {counts[path, 10]}, "
            f"100: {counts[path, 100]}"
        )


if __name__ == "__main__":
    main()
