"""Faults under load: PostgreSQL restarted and Redis stopped while articles stream in.

    .venv/bin/python bench/faults.py [--articles 12] [--workers 2]

Starts a private PostgreSQL cluster and a private Redis (their own ports and data
directories, so the machine's services are untouched), migrates, starts real Celery
workers, and submits articles one after another through `manage.py submit_article` (a
submission that fails while a service is down is tried again, as a client would). A third
of the way in it restarts PostgreSQL; two thirds of the way in it stops Redis for a few
seconds. A sweeper runs `requeue_stale` every few seconds, as Celery beat would. Then it
checks the invariants (every article ready, no duplicated claim or check, every check done
exactly once, no history rows) and prints them with the figures. Exit status 1 if any
invariant fails. tests/system/test_faults_under_load.py runs it small in CI.

Needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) and redis-server; run as
root, it starts PostgreSQL as the `postgres` user.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable

from bench.common import free_port, recreate_database  # noqa: E402
from bench.pipeline import make_article  # noqa: E402


def wait_until(predicate, timeout: float, interval: float = 0.3) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


class Postgres:
    """A throwaway PostgreSQL cluster on its own port, owned by the `postgres` user."""

    def __init__(self, workdir: Path) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            raise SystemExit("PostgreSQL server binaries not found in /usr/lib/postgresql")
        self.bin = Path(bins[-1])
        self.dir = workdir / "pg"
        self.dir.mkdir()
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(workdir, "postgres")
            shutil.chown(self.dir, "postgres")
        self.run("initdb", "-D", str(self.dir), "--auth=trust", "-U", "postgres", "-E", "UTF8")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/factcheck_faults"

    def run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.bin / tool), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        args = ["-D", str(self.dir), "-w", "-o", options, "-l", str(self.dir / "log")]
        if action in ("stop", "restart"):
            args += ["-m", "fast"]
        self.run("pg_ctl", action, *args)


class Redis:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.dir = workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self.answers, 20)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait()
            self.process = None

    def answers(self) -> bool:
        ping = subprocess.run(
            ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
        )
        return ping.stdout.strip() == "PONG"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="factcheck-faults-"))
    pg, redis = Postgres(workdir), Redis(workdir)
    pg.ctl("start")
    redis.start()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": pg.url,
        "CELERY_BROKER_URL": redis.url,
        "SECRET_KEY": "faults-bench-secret-" + "k" * 40,
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
    }
    workers: list[subprocess.Popen[bytes]] = []
    events: list[str] = []
    started = time.monotonic()

    def note(event: str) -> None:
        events.append(f"{time.monotonic() - started:6.1f}s {event}")

    def restart_redis() -> None:
        redis.start()
        note("Redis started")

    def manage(*command: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    try:
        recreate_database(pg.url)
        migrated = manage("migrate", "--noinput", timeout=300)
        if migrated.returncode:
            print(migrated.stderr)
            return 1
        for n in range(args.workers):
            log = (workdir / f"worker-{n}.log").open("wb")
            workers.append(
                subprocess.Popen(
                    [
                        PYTHON,
                        "-m",
                        "celery",
                        "-A",
                        "factcheck",
                        "worker",
                        "--concurrency=1",
                        "--loglevel=WARNING",
                        "--hostname",
                        f"faults{n}@%h",
                        "--without-gossip",
                        "--without-mingle",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        note(f"{args.workers} workers started")

        stop_sweeping = threading.Event()

        def sweep() -> None:  # what Celery beat does (every 15 s), a little more often
            while not stop_sweeping.wait(4):
                manage("requeue_stale", "--older-than", "20")

        sweeper = threading.Thread(target=sweep, daemon=True)
        sweeper.start()

        rng = random.Random(7)
        files = []
        for n in range(args.articles):
            path = workdir / f"article-{n}.txt"
            path.write_text(make_article(n, rng), encoding="utf-8")
            files.append(path)
        submit_failures = 0
        for n, path in enumerate(files):
            if n == args.articles // 3:
                pg.ctl("restart")
                note("PostgreSQL restarted")
            if n == 2 * args.articles // 3:
                redis.stop()
                note("Redis stopped")
                threading.Timer(4, restart_redis).start()
            while True:
                done = manage("submit_article", str(path), "--publisher", "Faults Courier")
                if done.returncode == 0:
                    break
                submit_failures += 1  # refused with an error while a service was down
                time.sleep(1)
            time.sleep(0.5)
        note(f"{args.articles} articles submitted ({submit_failures} submissions refused)")

        code = (
            "from claims.models import Article; "
            "print(Article.objects.exclude(status='ready').count())"
        )

        def all_ready() -> bool:
            left = manage("shell", "-c", code)
            return left.returncode == 0 and left.stdout.strip().splitlines()[-1:] == ["0"]

        ready = wait_until(all_ready, args.timeout, interval=3)
        stop_sweeping.set()
        note("every article ready" if ready else "TIMED OUT waiting for ready")
        return report(manage, events, args.articles)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        redis.stop()
        with contextlib.suppress(subprocess.CalledProcessError):
            pg.ctl("stop")
        shutil.rmtree(workdir, ignore_errors=True)


INVARIANTS = """
import json
from django.db.models import Count
from claims.models import Article, Check, Claim, ReviewEvent
from claims.services.checks import enabled_check_names
kinds = len(enabled_check_names())
live = Claim.objects.filter(stale=False)
out = {
    "articles": Article.objects.count(),
    "articles not ready": Article.objects.exclude(status="ready").count(),
    "claims": live.count(),
    "duplicated claims": Claim.objects.values("article", "extraction_key")
        .annotate(n=Count("id")).filter(n__gt=1).count(),
    "checks": Check.objects.count(),
    "checks expected": live.count() * kinds,
    "checks not done": Check.objects.exclude(state="done").count(),
    "duplicated checks": Check.objects.values("claim", "kind")
        .annotate(n=Count("id")).filter(n__gt=1).count(),
    "checks run more than once": Check.objects.filter(attempts__gt=1).count(),
    "history rows": ReviewEvent.objects.count(),
}
print(json.dumps(out))
"""


def report(manage, events: list[str], submitted: int) -> int:
    import json

    result = manage("shell", "-c", INVARIANTS)
    if result.returncode:
        print(result.stderr)
        return 1
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    for event in events:
        print(event)
    for name, value in counts.items():
        print(f"  {name:28} {value}")
    ok = (
        counts["articles"] == submitted
        and counts["articles not ready"] == 0
        and counts["duplicated claims"] == 0
        and counts["duplicated checks"] == 0
        and counts["checks"] == counts["checks expected"]
        and counts["checks not done"] == 0
        and counts["history rows"] == 0
    )
    print("invariants hold" if ok else "INVARIANTS BROKEN")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
