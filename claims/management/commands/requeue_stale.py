from __future__ import annotations

import datetime
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from claims.services.sweep import stale_work_requeue


class Command(BaseCommand):
    help = (
        "Queue again the work that never reached a worker or whose worker died: articles "
        "waiting for extraction, checks, evidence captures and webhook deliveries. Celery "
        "beat runs the same sweep every REQUEUE_STALE_EVERY seconds."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="SECONDS",
            help="Queued work waiting this long (default: REQUEUE_QUEUED_AFTER).",
        )
        parser.add_argument(
            "--running-older-than",
            type=int,
            default=None,
            metavar="SECONDS",
            help="Started work running this long (default: past its time limit).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def age(name: str) -> datetime.timedelta | None:
            seconds = options[name]
            return None if seconds is None else datetime.timedelta(seconds=seconds)

        requeued = stale_work_requeue(
            older_than=age("older_than"), running_older_than=age("running_older_than")
        )
        self.stdout.write(
            f"Queued again: {len(requeued.fetches)} fetch(es), {len(requeued.articles)} "
            f"article(s), {len(requeued.checks)} "
            f"check(s), {len(requeued.captures)} evidence capture(s), "
            f"{len(requeued.deliveries)} webhook deliveries."
        )
