"""What storing and checking an article costs, next to extracting it (figures, not a test).

    .venv/bin/python bench/cost.py ratio FILE...       # e.g. 20 PolNeAR dev articles
    .venv/bin/python bench/cost.py archive [--sizes 0 10000 100000] [--articles 10]

Both run in one process on PostgreSQL with tasks in the process (TASKS_IN_PROCESS=1), the
spaCy model loaded before any clock starts.

`ratio`: the time `extract_claims` takes on the files, then the time from submitting
the same files through the API (POST /api/v1/articles/) until each is ready, extraction,
storage and every check included. Prints both and (submit -> ready) / (extraction); the
aim is 1.0, the bar 1.5. Also the same-run ratio, (submit -> ready) / (the extraction
inside it), which drifts less with the machine's speed between runs. A file named like
`outlet_2016-09-12_slug.txt` is submitted with that publication date, and extracted with it
too.

`archive`: submit -> ready per article when the archive already holds 0, 10,000 and
100,000 claims (copies of generated articles' claims, a tenth of them with verdicts, 500 a
day on the days before: an archive grows back in time), so the lookups across the archive
(corroboration, earlier verdicts, the source's record) show whether cost grows with it.
Prints milliseconds and SQL queries per article at each size.

Uses the database `factcheck_bench_cost` (BENCH_COST_DB) on BENCH_PG.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import recreate_database  # noqa: E402
from bench.pipeline import make_article  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_COST_DB", "factcheck_bench_cost")
BENCH_DAY = datetime.date(2026, 3, 10)
CLAIMS_A_DAY = 500  # 20 articles of 25 claims a day
DATED = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


def setup() -> None:
    os.environ.update(
        {
            "DATABASE_URL": f"{PG}/{DB_NAME}",
            "TASKS_IN_PROCESS": "1",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "k" * 40),
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "testserver",
            # The bench submits faster than any newsroom: no rate limit on it.
            "API_THROTTLE_SUBMIT": "100000/min",
            "API_THROTTLE_READ": "100000/min",
            "API_THROTTLE_WRITE": "100000/min",
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        }
    )
    recreate_database(f"{PG}/{DB_NAME}")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    import logging

    from claims.services.extraction import models_load

    logging.getLogger("celery").setLevel(logging.WARNING)
    models_load()  # a worker's start-up: never on the clock


def api_client():
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    from claims.roles import EDITOR
    from claims.services.tokens import api_token_issue

    user = get_user_model().objects.create_user("bench-editor", password="bench-only-pass")
    user.groups.add(*_groups(EDITOR))
    token = api_token_issue(user=user, issuer=user, name="bench")[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _groups(*names: str):
    from django.contrib.auth.models import Group

    return [Group.objects.get_or_create(name=n)[0] for n in names]


def submit_until_ready(client, body: str, published: datetime.date | None) -> None:
    payload = {"body": body, "publisher": "Bench Courier"}
    if published:
        payload["published"] = published.isoformat()
    response = client.post("/api/v1/articles/", payload, format="json")
    if response.status_code not in (200, 201, 202):
        raise SystemExit(f"submit refused: {response.status_code} {response.content[:300]!r}")
    status_url = response.json()["status_url"]
    while True:  # with tasks in the process the work is done when the POST returns
        status = client.get(status_url).json()["status"]
        if status in ("ready", "failed"):
            if status == "failed":
                print(f"  {status_url} failed", file=sys.stderr)
            return
        time.sleep(0.05)


def ratio(files: list[Path], rounds: int) -> None:
    setup()
    from claims import extraction
    from claims.models import Article, Check, Source

    articles = [
        (p.read_text(encoding="utf-8", errors="replace"), _published(p.name)) for p in files
    ]
    client = api_client()
    profile = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profile = cProfile.Profile()
    # The extraction inside the pipeline, timed too: this machine's speed drifts between
    # two runs of the same code, and the rest of submit -> ready measured against the
    # extraction of the same submit drifts much less.
    extract = extraction.extract
    inside = [0.0]

    def timed_extract(*args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return extract(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            inside[0] += time.perf_counter() - started

    extraction.extract = timed_extract  # type: ignore[assignment]
    extract_times, ready_times, inside_times = [], [], []
    for _ in range(rounds):
        # A fresh archive and registry each round: the same articles, submitted anew.
        Article.objects.all().delete()
        Source.objects.all().delete()
        started = time.perf_counter()
        claims = sum(len(extract(body, published=published).claims) for body, published in articles)
        extract_times.append(time.perf_counter() - started)
        if profile is not None:
            profile.enable()
        inside[0] = 0.0
        started = time.perf_counter()
        for body, published in articles:
            submit_until_ready(client, body, published)
        ready_times.append(time.perf_counter() - started)
        inside_times.append(inside[0])
        if profile is not None:
            profile.disable()
    if profile is not None:
        profile.dump_stats(os.environ["BENCH_PROFILE"])
    for n, (e, r, i) in enumerate(zip(extract_times, ready_times, inside_times, strict=True), 1):
        print(
            f"  round {n}: extract {e:6.2f} s, submit -> ready {r:6.2f} s, ratio {r / e:.2f}; "
            f"extraction inside {i:.2f} s, the rest {r - i:.2f} s"
        )
    extract_s, ready_s = statistics.median(extract_times), statistics.median(ready_times)
    same_run = statistics.median(r / i for r, i in zip(ready_times, inside_times, strict=True))
    print(f"articles           {len(articles)}  ({claims} claims, {Check.objects.count()} checks)")
    print(f"extract_claims     {extract_s:7.2f} s   (median of {rounds} rounds)")
    print(f"submit -> ready    {ready_s:7.2f} s   (API, tasks in the process)")
    print(f"ratio              {ready_s / extract_s:7.2f}   (bar 1.5, aim 1.0)")
    print(f"same-run ratio     {same_run:7.2f}   (submit -> ready / the extraction inside it)")


def _published(name: str) -> datetime.date | None:
    found = DATED.search(name)
    return datetime.date.fromisoformat(found.group(1)) if found else None


def archive(sizes: list[int], per_size: int) -> None:
    setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.models import Article, Claim

    client = api_client()
    rng = random.Random(11)
    # The template: claims of generated articles, as extraction stored them.
    for n in range(20):
        submit_until_ready(client, make_article(1000 + n, rng), BENCH_DAY)
    template = list(Claim.objects.select_related("article"))
    print(f"template           {len(template)} claims from 20 generated articles")
    for size in sizes:
        _fill_archive(size, template, rng)
        bodies = [make_article(5000 + size + n, rng) for n in range(per_size)]
        timings, queries = [], []
        for body in bodies:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                submit_until_ready(client, body, BENCH_DAY)
                timings.append(time.perf_counter() - started)
            queries.append(len(captured.captured_queries))
        stored = Claim.objects.count()
        print(
            f"archive {size:>7,} claims  ({stored:>7,} stored)  "
            f"submit -> ready p50 {statistics.median(timings) * 1000:6.0f} ms  "
            f"max {max(timings) * 1000:6.0f} ms  queries/article {statistics.median(queries):.0f}"
        )
        Article.objects.filter(title__startswith="Strikes hit").filter(
            pk__gt=_last_template_article(template)
        ).exclude(publisher="Archive").delete()


def _last_template_article(template) -> int:
    return max(c.article_id for c in template)


def _fill_archive(size: int, template, rng: random.Random) -> None:
    """Grow the archive to `size` copied claims: articles of 25 claims, CLAIMS_A_DAY a day
    on the days before the bench articles' own, a tenth of them reviewed."""
    from django.utils import timezone

    from claims.models import Article, Claim

    have = Claim.objects.filter(article__publisher="Archive").count()
    skip = {"id", "article", "extraction_key", "status", "reviewed_at", "created_at", "updated_at"}
    copied = [f for f in Claim._meta.concrete_fields if f.name not in skip and not f.primary_key]
    statuses = ["true", "false", "misleading", "unverifiable"]
    now = timezone.now()
    while have < size:
        batch_articles = [
            Article(
                body=f"Archive article {have + i}",
                title=f"Archive {have + i}",
                publisher="Archive",
                # A newsroom's steady pace: the archive grows back in time, not denser.
                published=BENCH_DAY - datetime.timedelta(days=1 + (have + i) // CLAIMS_A_DAY),
                content_hash=f"archive-{have + i}",
                status="ready",
            )
            for i in range(0, min(size - have, 5000), 25)
        ]
        Article.objects.bulk_create(batch_articles)
        claims = []
        for article in batch_articles:
            for k in range(25):
                t = rng.choice(template)
                reviewed = rng.random() < 0.1
                copy = {f.attname: getattr(t, f.attname) for f in copied}
                claims.append(
                    Claim(
                        **copy,
                        article=article,
                        extraction_key=f"archive-{k}",
                        status=rng.choice(statuses) if reviewed else "unreviewed",
                        reviewed_at=now if reviewed else None,
                    )
                )
        Claim.objects.bulk_create(claims, batch_size=2000)
        have += len(claims)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    r = sub.add_parser("ratio")
    r.add_argument("files", nargs="+", type=Path)
    r.add_argument("--rounds", type=int, default=3)
    a = sub.add_parser("archive")
    a.add_argument("--sizes", type=int, nargs="+", default=[0, 10_000, 100_000])
    a.add_argument("--articles", type=int, default=10)
    args = parser.parse_args()
    if args.mode == "ratio":
        ratio(args.files, args.rounds)
    else:
        archive(args.sizes, args.articles)


if __name__ == "__main__":
    main()
