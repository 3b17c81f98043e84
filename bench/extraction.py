"""Throughput of the claim extraction engine against spaCy parsing alone.

    .venv/bin/python bench/extraction.py [DIR_OR_FILES...]

Figures, not a test: words per second for the engine and for nlp.pipe over the same
paragraphs (model loading apart), their ratio, and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import DEFAULT_MODEL, extract, load_pipeline  # noqa: E402
from claims.extraction.engine import PARSED_KINDS  # noqa: E402
from claims.extraction.text import for_parsing, segment  # noqa: E402

DEFAULT_DIRS = [
    ROOT.parent / "shared" / "eval" / "polnear-dev" / "articles",
    ROOT / "tests" / "extraction" / "samples",
]


def article_paths(args: list[str]) -> list[Path]:
    targets = [Path(a) for a in args] or [next(d for d in DEFAULT_DIRS if d.is_dir())]
    paths: list[Path] = []
    for target in targets:
        paths.extend(sorted(target.glob("*.txt")) if target.is_dir() else [target])
    return paths


def paragraphs(text: str) -> list[str]:
    return [for_parsing(text[b.start : b.end]) for b in segment(text) if b.kind in PARSED_KINDS]


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--model", default=None)
    parser.add_argument("--repeat", type=int, default=2, help="best of N runs")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in article_paths(args.paths)]
    words = sum(len(t.split()) for t in texts)

    started = time.perf_counter()
    nlp = load_pipeline(args.model)
    load_seconds = time.perf_counter() - started
    extract(texts[0], model=args.model)  # warm-up

    parse_seconds = engine_seconds = float("inf")
    claims = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        for text in texts:
            for _doc in nlp.pipe(paragraphs(text), batch_size=32):
                pass
        parse_seconds = min(parse_seconds, time.perf_counter() - started)

        started = time.perf_counter()
        claims = sum(len(extract(text, model=args.model).claims) for text in texts)
        engine_seconds = min(engine_seconds, time.perf_counter() - started)
    rss = peak_rss_mb()

    tracemalloc.start()
    for text in texts:
        extract(text, model=args.model)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    engine_wps = words / engine_seconds
    parse_wps = words / parse_seconds
    print(f"model            {args.model or DEFAULT_MODEL} (loaded in {load_seconds:.2f} s)")
    print(f"articles         {len(texts)} ({words} words, {claims} claims)")
    print(f"engine           {engine_wps:,.0f} words/s ({engine_seconds:.2f} s)")
    print(f"parse only       {parse_wps:,.0f} words/s ({parse_seconds:.2f} s)")
    print(f"ratio            {engine_wps / parse_wps:.2f} of parse-only throughput")
    print(f"peak RSS         {rss:.0f} MB (process, model included)")
    print(f"peak traced      {traced_peak / 2**20:.1f} MB (Python allocations during extraction)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
