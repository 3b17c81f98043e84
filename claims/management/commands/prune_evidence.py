from __future__ import annotations

import datetime
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from claims.selectors.evidence import evidence_files_orphaned
from claims.services.evidence import evidence_files_delete


class Command(BaseCommand):
    help = (
        "List the WARC files under EVIDENCE_DIR that no capture holds any more (their claim "
        "or article was deleted, or an attempt failed part way); --delete removes them."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--delete", action="store_true", help="Remove the files listed.")
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=24.0,
            help="Only files last written longer ago than this (default 24): a capture under "
            "way is never touched.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        older_than = datetime.timedelta(hours=max(options["older_than_hours"], 0.0))
        orphaned = evidence_files_orphaned(older_than=older_than)
        for path in orphaned:
            self.stdout.write(str(path))
        size = sum(path.stat().st_size for path in orphaned)
        if options["delete"]:
            evidence_files_delete(orphaned)
            self.stdout.write(f"Deleted {len(orphaned)} file(s), {size:,} bytes.")
        else:
            self.stdout.write(
                f"{len(orphaned)} file(s), {size:,} bytes, held by no capture; "
                "run again with --delete to remove them."
            )
