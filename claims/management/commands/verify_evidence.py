from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.models import EvidenceCapture
from claims.selectors.evidence import evidence_verify


class Command(BaseCommand):
    help = (
        "Hash every captured evidence link's stored body again and compare it with the "
        "SHA-256 recorded at capture; exits 1 on any mismatch or missing file."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--article", type=int, help="Only the captures of this article.")
        parser.add_argument("--quiet", action="store_true", help="Print mismatches only.")

    def handle(self, *args: Any, **options: Any) -> None:
        captures = EvidenceCapture.objects.defer("text").filter(
            status=EvidenceCapture.Status.CAPTURED
        )
        if options["article"]:
            captures = captures.filter(claim__article_id=options["article"])
        checked = bad = 0
        for result in evidence_verify(captures):
            checked += 1
            capture = result.capture
            if result.ok:
                if not options["quiet"]:
                    self.stdout.write(
                        f"ok        capture {capture.pk} {capture.sha256} {capture.url}"
                    )
                continue
            bad += 1
            found = f" (now {result.actual})" if result.actual else ""
            self.stdout.write(
                f"MISMATCH  capture {capture.pk} of claim {capture.claim_id}: "
                f"{result.problem}; recorded {capture.sha256}{found} {capture.url}"
            )
        self.stdout.write(f"Checked {checked} capture(s): {checked - bad} ok, {bad} mismatched.")
        if bad:
            raise CommandError(f"{bad} capture(s) do not match their recorded SHA-256.")
