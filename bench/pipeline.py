"""Pipeline throughput on PostgreSQL + Redis with real worker processes (figures, not a test).

    .venv/bin/python bench/pipeline.py [--articles 20] [--workers 1 2]

For each worker count: a fresh database, N generated articles submitted at once, then it
waits until every article is ready and prints articles per minute (submit to ready),
checks per second, queue latency (check queued -> started: nil for the checks done as the
extraction stores its claims), the worker processes' peak memory, and the extraction and
check time per article (the sum of the checks' own run times; the aim: checks cost no more
than extraction). Uses the database `factcheck_bench_pipeline` and Redis database 14 by default.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import recreate_database  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_PIPELINE_DB", "factcheck_bench_pipeline")
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")

GOVERNORS = ["Anton Belov", "Marta Ilyenko", "Pavel Orlov", "Irina Tkach", "Lev Sorokin"]
PLACES = ["Dovresk", "Kalmin", "Lesnoye", "Varna Bay", "Ostrog", "Miren"]
CHANNELS = ["on Telegram", "in a video statement", "at a briefing"]


def make_article(n: int, rng: random.Random) -> str:
    """An invented article in the style of war news: officials, figures, dates."""
    gov, place, other = rng.choice(GOVERNORS), rng.choice(PLACES), rng.choice(PLACES)
    total = rng.randint(6, 40)
    part = rng.randint(1, total - 1)
    killed, injured = rng.randint(0, 6), rng.randint(1, 20)
    return "\n\n".join(
        [
            f"Strikes hit {place} for the {n}th time this month",
            f"At least {total} drones were launched at {place} and {other} overnight, "
            f"officials said, and {injured} people were injured.",
            f"The Ministry of Defence said {CHANNELS[n % 3]} that air defences had shot down "
            f"{total} drones, {part} over {place} and {total - part} over {other}.",
            f'"Emergency crews are working at the scene," regional Governor {gov} wrote on '
            f"Telegram on Wednesday, adding that {killed} people had been killed.",
            f"{gov.split()[-1]} said that {rng.randint(2, 30)} houses and a school were damaged.",
            f"According to the regional emergency service, {rng.randint(20, 200)} firefighters "
            "were sent to the area.",
            f"No casualties were reported in {other}, but power was cut to about "
            f"{rng.randint(2, 90)},000 homes, the energy company said.",
            "The attack came two days after talks on a prisoner exchange broke down.",
        ]
    )


def fresh_database(env: dict[str, str]) -> None:
    recreate_database(f"{PG}/{DB_NAME}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory of a process and its children (the prefork pool), in MB."""
    pids = [pid] + [
        int(p)
        for p in subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True
        ).stdout.split()
    ]
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def run(workers: int, articles: int, env: dict[str, str]) -> None:
    fresh_database(env)
    import django
    from django.db import connections

    django.setup()
    connections.close_all()
    from claims import extraction
    from claims.models import Article, Check
    from claims.services.ingest import article_submit
    from factcheck.celery import app

    app.control.purge()
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "--concurrency=1",
                "--loglevel=WARNING",
                "--hostname",
                f"bench{i}-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(workers)
    ]
    time.sleep(6)  # workers load Django and connect; the model loads on the first task
    rng = random.Random(7)
    bodies = [make_article(n, rng) for n in range(articles)]
    started = time.perf_counter()
    for body in bodies:
        article_submit(body=body, publisher="Bench Courier", published=None)
    while Article.objects.exclude(status__in=["ready", "failed"]).exists():
        time.sleep(0.25)
    elapsed = time.perf_counter() - started
    memory = [peak_memory_mb(p.pid) for p in procs]
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait()

    checks = list(
        Check.objects.exclude(started_at=None).values_list("queued_at", "started_at", "finished_at")
    )
    latency = [(s - q).total_seconds() for q, s, _ in checks if s]
    run_time = sum((f - s).total_seconds() for _, s, f in checks if f and s)
    failed = Article.objects.filter(status="failed").count()
    extraction.load_pipeline()
    t = time.perf_counter()
    for body in bodies[:10]:
        extraction.extract(body)
    extract_each = (time.perf_counter() - t) / min(10, len(bodies))
    print(f"workers={workers} articles={articles} failed={failed}")
    print(f"  submit->ready      {elapsed:7.1f} s   {articles / elapsed * 60:7.1f} articles/min")
    print(f"  checks             {len(checks):7d}     {len(checks) / elapsed:7.1f} checks/s")
    print(
        f"  queue latency      p50 {statistics.median(latency):.2f} s   "
        f"p95 {statistics.quantiles(latency, n=20)[18]:.2f} s"
    )
    print(f"  worker peak RSS    {', '.join(f'{m:.0f} MB' for m in memory)}")
    print(
        f"  per article        extraction {extract_each * 1000:.0f} ms, "
        f"checks {run_time / articles * 1000:.0f} ms "
        f"(ratio {run_time / articles / extract_each:.2f})"
    )
    connections.close_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "CELERY_BROKER_URL": BROKER,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "k" * 40),
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
    }
    os.environ.update(env)
    for workers in args.workers:
        run(workers, args.articles, env)


if __name__ == "__main__":
    main()
