from __future__ import annotations

import datetime
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.errors import ServiceError
from claims.services.ingest import article_submit


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Store an article from a text file and queue its claim extraction."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--title", default="")
        parser.add_argument("--url", default="")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--published", type=iso_date, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text") from None
        try:
            article, created = article_submit(
                body=body,
                title=options["title"],
                url=options["url"],
                publisher=options["publisher"],
                published=options["published"],
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        verb = "Stored" if created else "Already stored as"
        self.stdout.write(f"{verb} article {article.pk}: {article.title} [{article.status}]")
