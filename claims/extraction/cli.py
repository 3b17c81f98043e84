"""Command line: extract claims from article files and print them."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .engine import extract
from .model import load_pipeline
from .records import ExtractedClaim, ExtractionResult

FORMATS = ("table", "json", "jsonl")


class Output(Protocol):
    """Where results are printed: a text stream, or a management command's stdout."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> None: ...


@dataclass(frozen=True)
class FileResult:
    file: str
    result: ExtractionResult
    error: str = ""

    @property
    def claims(self) -> list[ExtractedClaim]:
        return self.result.claims

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": self.file, **self.result.to_dict()}
        if self.error:
            data["error"] = self.error
        return data


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m claims.extraction",
        description="Split news articles into claims, each with its source.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--publisher", default="", help="publisher of the articles")
    parser.add_argument("--published", type=_date, default=None, help="YYYY-MM-DD")
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("--model", default=None, help="spaCy model (default: DEFAULT_MODEL)")
    return parser


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value}") from error


def extract_files(
    paths: Iterable[str],
    *,
    publisher: str = "",
    published: datetime.date | None = None,
    model: str | None = None,
) -> Iterable[FileResult]:
    """Claims of each file, one file at a time, with the model loaded once. A file the
    engine fails on is reported on stderr and gives no claims; the others go on."""
    load_pipeline(model)
    for path in paths:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        try:
            result = extract(text, publisher=publisher, published=published, model=model)
        except Exception as error:  # one bad file must not stop a batch
            message = f"extraction failed: {type(error).__name__}: {error}"
            sys.stderr.write(f"error: {path}: {message}\n")
            yield FileResult(path, ExtractionResult(), error=message)
        else:
            yield FileResult(path, result)


def render(results: Iterable[FileResult], fmt: str, stdout: Output) -> list[str]:
    """Print results as a table, one JSON document, or JSON lines (streamed); return the
    files the engine failed on."""
    failed: list[str] = []

    def noting_failures() -> Iterable[FileResult]:
        for result in results:
            if result.error:
                failed.append(result.file)
            yield result

    if fmt == "jsonl":
        for result in noting_failures():
            stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            stdout.flush()
    elif fmt == "json":
        items = [r.to_dict() for r in noting_failures()]
        payload = items[0] if len(items) == 1 else items
        stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for result in noting_failures():
            render_table(result, stdout)
    return failed


def render_table(result: FileResult, stdout: Output, width: int = 70) -> None:
    stdout.write(f"{result.file}: {len(result.claims)} claims\n")
    if result.result.notice:
        stdout.write(f"{result.result.notice}\n")
    header = f"{'#':>3}  {'source':<28} {'kind':<12} {'cue':<14} {'quote':<8} {'chk':>4}  claim\n"
    stdout.write(header)
    for number, claim in enumerate(result.claims, 1):
        source = claim.source.name or claim.source.mention or f"({claim.source.kind})"
        text = " ".join(claim.text.split())
        if len(text) > width:
            text = text[: width - 1] + "\u2026"
        stdout.write(
            f"{number:>3}  {source[:28]:<28} {claim.source.kind:<12} {claim.cue[:14]:<14} "
            f"{claim.quote:<8} {claim.checkworthiness:>4.2f}  {text}\n"
        )
    stdout.write("\n")


def main(argv: Sequence[str] | None = None, stdout: Output | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = stdout or sys.stdout
    try:
        results = extract_files(
            args.files, publisher=args.publisher, published=args.published, model=args.model
        )
        failed = render(results, args.format, out)
    except OSError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    return 1 if failed else 0
