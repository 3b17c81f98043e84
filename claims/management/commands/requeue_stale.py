from __future__ import annotations

import datetime
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from claims.services.checks import checks_requeue_stale
from claims.services.evidence import evidence_requeue_stale
from claims.services.extraction import article_requeue_stale


class Command(BaseCommand):
    help = (
        "Queue again the work that never reached a worker or whose worker died: articles "
        "waiting for extraction, checks queued or running for too long, and evidence captures "
        "not done yet."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--older-than", type=int, default=600, metavar="SECONDS")

    def handle(self, *args: Any, **options: Any) -> None:
        age = datetime.timedelta(seconds=options["older_than"])
        articles = article_requeue_stale(older_than=age)
        checks = checks_requeue_stale(older_than=age)
        captures = evidence_requeue_stale(older_than=age)
        self.stdout.write(
            f"Queued again: {len(articles)} article(s), {len(checks)} check(s), "
            f"{len(captures)} evidence capture(s)."
        )
