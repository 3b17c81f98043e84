"""Reviewers at work while articles stream in: latency of the review actions, and the
invariants after (figures, and a pass/fail exit status).

    .venv/bin/python bench/load.py [--claims 100000] [--reviewers 20] [--seconds 60]
                                   [--workers 2] [--web-workers 3] [--think 1]
                                   [--stream-every 1] [--ready-timeout 1200] [--keep]

Makes a fresh PostgreSQL database (BENCH_LOAD_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/factcheck_load) and empties a Redis database
(BENCH_LOAD_BROKER_URL, default redis://127.0.0.1:6379/8), migrates, seeds N claims
(bench/seed.py), and starts gunicorn (gthread, DEBUG off) on a loopback port and --workers
real Celery workers. Then Locust, headless, runs --reviewers reviewers, each with their own
account, through the pages a reviewer uses: log in, the queue of unreviewed claims, a
claim's review page, its panel (the htmx partial), and a verdict saved from the panel's
form with the version it showed, pausing about --think seconds between steps. Alongside, a
newsroom tool submits an article through the API every --stream-every seconds, so the
workers extract and check while reviewers work.

It prints, per action, requests, p50/p95 and errors; the error rate; the saves refused as
conflicts (two reviewers on one claim: the expected outcome, not an error); the streamed
articles and how many reached ready (it waits up to --ready-timeout for them); and the
invariants: every streamed article ready with its checks done once, no duplicated claim or
check, and as many history rows as the successful saves changed fields (none for a refused
save). Exit status 1 on any error or broken invariant. The database is dropped at the end
unless --keep. Load tool, server, workers and PostgreSQL share the machine: the latencies
are the machine's, not the app's alone. tests/system/test_load_small.py runs it small in CI.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api import summary  # noqa: E402
from bench.common import free_port, recreate_database, wait_until_up  # noqa: E402

DATABASE_URL = os.environ.get(
    "BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_load"
)
BROKER_URL = os.environ.get("BENCH_LOAD_BROKER_URL", "redis://127.0.0.1:6379/8")
ACTIONS = ["queue", "review page", "panel", "save"]
OTHERS = ["login page", "login", "stream article"]


def prepare(claims: int, reviewers: int) -> tuple[list[str], str, str]:
    """Migrate, seed, collect static files, make the accounts; returns the reviewers'
    usernames, their password and an API token for the streaming client."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    from bench.seed import seed

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(claims)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by now
    print(f"seeded {claims} claims in {time.perf_counter() - started:.0f} s", flush=True)
    # DEBUG off serves {% static %} from the manifest, which collectstatic writes.
    call_command("collectstatic", interactive=False, verbosity=0)

    User = get_user_model()
    password = secrets.token_urlsafe(12)
    hashed = make_password(password)  # once: hashing is slow on purpose
    group = Group.objects.get(name="reviewer")
    # One account each: the login throttle counts per username and address, and one
    # person's session is not shared.
    usernames = [f"load-reviewer-{i}" for i in range(reviewers)]
    for name in [*usernames, "load-stream"]:
        User.objects.create(username=name, password=hashed).groups.add(group)
    out = io.StringIO()
    call_command(
        "issue_token", "load-stream", name="bench/load.py", stdout=out, stderr=io.StringIO()
    )
    return usernames, password, out.getvalue().strip()


def start_services(
    port: int, workers: int, web_workers: int, logdir: Path
) -> list[subprocess.Popen[bytes]]:
    log = (logdir / "gunicorn.log").open("wb")
    processes = [
        subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "factcheck.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(web_workers)),
                *("--worker-class", "gthread", "--threads", "2", "--log-level", "warning"),
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    ]
    for n in range(workers):
        log = (logdir / f"worker-{n}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [
                    *(sys.executable, "-m", "celery", "-A", "factcheck", "worker"),
                    *("--concurrency=1", "--loglevel=WARNING", "--without-gossip"),
                    *("--without-mingle", "--hostname", f"load{n}-{os.getpid()}@%h"),
                ],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    return processes


def run_locust(
    base: str, args: argparse.Namespace, env: dict[str, str], tmp: Path
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Locust, headless: its statistics per request name, and the users' own tally."""
    users = args.reviewers + 1  # the streaming client is one more user
    run = subprocess.run(
        [
            *(sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "load_locustfile.py")),
            *("--headless", "--only-summary", "--skip-log", "--exit-code-on-error", "0"),
            *("-u", str(users), "-r", str(users), "-t", f"{max(1, round(args.seconds))}s"),
            *("--stop-timeout", "30", "--host", base, "--json-file", str(tmp / "stats")),
        ],
        cwd=ROOT,
        env={**env, "LOAD_TALLY": str(tmp / "tally.json")},
        capture_output=True,
        text=True,
    )
    if run.returncode:
        sys.exit(f"locust failed:\n{run.stderr[-3000:]}")
    stats = {s["name"]: s for s in json.loads((tmp / "stats.json").read_text())}
    tally = json.loads((tmp / "tally.json").read_text())
    # An exception in a user's own code is no failed request, but is an error all the same.
    tally["exceptions"] = run.stderr.count("Traceback (most recent call last)")
    for output in (run.stdout, run.stderr):
        if "Error report" in output:
            print(output[output.index("Error report") :].rstrip())
    return stats, tally


def wait_for_ready(streamed: list[int], timeout: float) -> float:
    from django.db import connections

    from claims.models import Article

    started = time.monotonic()
    while Article.objects.filter(pk__in=streamed).exclude(status="ready").exists():
        if time.monotonic() - started > timeout:
            break
        time.sleep(1)
    connections.close_all()
    return time.monotonic() - started


def invariants(streamed: list[int], history_expected: int, saved: int) -> dict[str, int]:
    from django.db.models import Count

    from claims.models import Article, Check, Claim, ReviewEvent
    from claims.services.checks import enabled_check_names

    live = Claim.objects.filter(article__in=streamed, stale=False)
    load_history = ReviewEvent.objects.filter(actor__username__startswith="load-reviewer-")
    return {
        "articles streamed": len(streamed),
        "streamed articles stored": Article.objects.filter(pk__in=streamed).count(),
        "streamed articles ready": Article.objects.filter(pk__in=streamed, status="ready").count(),
        "claims extracted": live.count(),
        "checks on them": Check.objects.filter(claim__in=live).count(),
        "checks expected": live.count() * len(enabled_check_names()),
        "checks not done": Check.objects.filter(claim__in=live).exclude(state="done").count(),
        "duplicated claims": Claim.objects.values("article", "extraction_key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count(),
        "duplicated checks": Check.objects.values("claim", "kind")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count(),
        "saves": saved,
        "history rows": load_history.count(),
        "history rows expected": history_expected,
        "claims saved": load_history.values("claim").distinct().count(),
    }


def holds(counts: dict[str, int]) -> bool:
    streamed = counts["articles streamed"]
    return (
        counts["streamed articles stored"] == streamed
        and counts["streamed articles ready"] == streamed
        and counts["checks on them"] == counts["checks expected"]
        and counts["checks not done"] == 0
        and counts["duplicated claims"] == 0
        and counts["duplicated checks"] == 0
        and counts["history rows"] == counts["history rows expected"]
        and counts["history rows"] >= counts["saves"]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--reviewers", type=int, default=20, help="concurrent reviewers")
    parser.add_argument("--seconds", type=float, default=60, help="load time")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn processes")
    parser.add_argument("--think", type=float, default=1, help="mean pause between steps, s")
    parser.add_argument("--stream-every", type=float, default=1, help="seconds between articles")
    parser.add_argument("--ready-timeout", type=float, default=1200)
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="factcheck-load-"))
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": DATABASE_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "k" * 40),
        "DEBUG": "0",
        # Plain HTTP on loopback. The cookies keep their Secure flag: Locust's client,
        # like a browser on localhost, sends them over http.
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        # The streaming client submits faster than a newsroom's default allowance.
        "API_THROTTLE_SUBMIT": "100000/min",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(tmp / "static"),
    }
    os.environ.update(env)
    import redis

    redis.Redis.from_url(BROKER_URL).flushdb()
    recreate_database(DATABASE_URL)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        usernames, password, token = prepare(args.claims, args.reviewers)
        from django.db import connections

        connections.close_all()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        processes = start_services(port, args.workers, args.web_workers, tmp)
        wait_until_up(base + "/accounts/login/")
        stats, tally = run_locust(
            base,
            args,
            {
                **env,
                "LOAD_REVIEWERS": ",".join(usernames),
                "LOAD_PASSWORD": password,
                "LOAD_TOKEN": token,
                "LOAD_RUN": secrets.token_hex(4),
                "LOAD_THINK": str(args.think),
                "LOAD_STREAM_EVERY": str(args.stream_every),
            },
            tmp,
        )
        waited = wait_for_ready(tally["streamed"], args.ready_timeout)
        counts = invariants(
            tally["streamed"], tally.get("history rows expected", 0), tally.get("saved", 0)
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        from django.db import connections

        connections.close_all()
        if not args.keep:
            recreate_database(DATABASE_URL, drop_only=True)
        redis.Redis.from_url(BROKER_URL).flushdb()

    print(
        f"claims={args.claims} reviewers={args.reviewers} seconds={args.seconds:g} "
        f"think={args.think:g}s celery workers={args.workers} "
        f"gunicorn workers={args.web_workers}x2 threads stream every {args.stream_every:g}s"
    )
    requests = errors = 0.0
    for name in ACTIONS + OTHERS:
        if name not in stats:
            print(f"  {name:15} no requests")
            continue
        r = summary([stats[name]])
        requests += r["requests"]
        errors += r["errors"]
        print(
            f"  {name:15} {r['requests']:6d} requests  p50 {r['p50']:6.0f} ms  "
            f"p95 {r['p95']:6.0f} ms  {r['errors']} errors"
        )
    errors += tally["exceptions"]
    rate = errors / max(requests, 1)
    print(
        f"  error rate      {rate:.4%} ({errors:g} errors, logins and stream included; "
        f"{tally['exceptions']} exceptions in the load script)"
    )
    saved, conflicts = tally.get("saved", 0), tally.get("conflicts", 0)
    print(f"  saves           {saved} saved, {conflicts} refused as conflicts")
    ready = counts["streamed articles ready"]
    print(
        f"  articles        {counts['articles streamed']} streamed, {ready} ready "
        f"({waited:.0f} s after the load ended: the workers did "
        f"{ready / (args.seconds + waited) * 60:.1f} articles/min)"
    )
    for name, value in counts.items():
        print(f"    {name:26} {value}")
    ok = holds(counts)
    print("invariants hold" if ok else "INVARIANTS BROKEN")
    if ok and errors == 0:
        shutil.rmtree(tmp, ignore_errors=True)
        return 0
    print(f"server and worker logs: {tmp}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
