from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from claims.services.evidence import evidence_captures_missing


class Command(BaseCommand):
    help = (
        "Capture the evidence links claims cite that have no capture yet (cited before "
        "captures existed, or whose capture was deleted); workers fetch them."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--article", type=int, action="append", help="Only this article's claims (repeatable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        made = evidence_captures_missing(article_ids=options["article"])
        self.stdout.write(f"Queued {len(made)} capture(s) of evidence links that had none.")
