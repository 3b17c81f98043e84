from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction.cli import FORMATS, extract_files, render
from claims.management.commands.submit_article import iso_date


class Command(BaseCommand):
    help = "Print the claims of article files with their sources (nothing is stored)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", type=Path)
        parser.add_argument("--publisher", default="")
        parser.add_argument("--published", type=iso_date, default=None)
        parser.add_argument("--format", choices=FORMATS, default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["files"]
        unreadable = [str(p) for p in paths if not p.is_file()]
        if unreadable:
            raise CommandError(f"Not a readable file: {', '.join(unreadable)}")
        results = extract_files(
            [str(p) for p in paths],
            publisher=options["publisher"],
            published=options["published"],
            model=settings.SPACY_MODEL or None,
        )
        try:
            failed = render(results, options["format"], self.stdout)
        except OSError as exc:
            raise CommandError(str(exc)) from None
        if failed:
            raise CommandError(f"Extraction failed for {len(failed)} file(s): {', '.join(failed)}")
