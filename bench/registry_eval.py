"""Does what the registry learns from reviewers' corrections lower extraction scores?

    .venv/bin/python bench/registry_eval.py [EVAL_GOLD_DIR] [--limit N]

Figures, not a test. The gold articles are cut in two halves. A reviewer "corrects" every
claim of the first half whose source is not the gold source, as a reviewer would in the
app (claims.services.corrections.claim_source_correct: names become aliases everywhere,
descriptions only within their article). The second half is then extracted twice, with an
empty registry and with the taught one, and each claim is scored by the registry entry it
was linked to (its mention left out, so only the registry's answer counts), with
../shared/eval/score.py. Runs on a throwaway SQLite database.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "polnear-dev" / "gold"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def setup(database_dir: str) -> None:
    os.environ.update(
        {
            "FACTCHECK_VAR_DIR": database_dir,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        }
    )
    for name in ("DATABASE_URL", "CELERY_BROKER_URL"):
        os.environ.pop(name, None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def store(gold: dict[str, Any], gold_dir: Path) -> Any:
    """The gold file's article stored and extracted, without its checks."""
    from claims import extraction
    from claims.models import Article
    from claims.services.extraction import claims_store
    from claims.services.ingest import content_hash

    body = (gold_dir.parent / gold["article"]).read_text(encoding="utf-8")
    published = datetime.date.fromisoformat(gold["published"]) if gold.get("published") else None
    article, _ = Article.objects.get_or_create(
        content_hash=content_hash(body),
        defaults={"body": body, "publisher": gold.get("publisher") or "", "published": published},
    )
    found = extraction.extract(body, publisher=article.publisher, published=published)
    claims_store(article=article, extracted=found.claims)
    return article


def _words(text: str) -> set[str]:
    return {w for w in text.lower().split() if w.isalnum()}


def teach(gold: dict[str, Any], article: Any) -> int:
    """Correct each claim whose registry source is not its gold claim's named source (the
    gold claim sharing most of its words), as a reviewer would, once a claim."""
    from claims import extraction
    from claims.errors import ServiceError
    from claims.services.corrections import claim_source_correct

    golds = [
        (_words(truth.get("content") or truth.get("text") or ""), truth["source"].get("name") or "")
        for truth in gold["claims"]
    ]
    corrected = 0
    for claim in article.claims.select_related("source"):
        words = _words(claim.text)
        best = max(golds, key=lambda g: len(g[0] & words), default=(set(), ""))
        truth_words, name = best
        if not truth_words or len(truth_words & words) < 0.6 * len(truth_words):
            continue
        if not extraction.is_name(name) or (claim.source and claim.source.name == name):
            continue
        try:
            claim_source_correct(
                claim_id=claim.pk,
                actor=None,
                expected_version=claim.version,
                new_name=name,
                kind="person",
            )
        except ServiceError:
            continue
        corrected += 1
    return corrected


def predictions(article: Any) -> list[dict[str, Any]]:
    claims = []
    for claim in article.claims.filter(dismissed=False).select_related("source"):
        name = claim.source.name if claim.source else claim.mention
        kind = "publisher" if claim.attribution == "publisher" else "person"
        claims.append({"text": claim.text, "source": {"name": name, "mention": "", "kind": kind}})
    return claims


def score(pairs: list[tuple[Path, list[dict[str, Any]]]], workdir: Path) -> str:
    lines = workdir / "predictions.jsonl"
    golds = [p for p, _ in pairs]
    with lines.open("w", encoding="utf-8") as out:
        for gold_path, claims in pairs:
            article = json.loads(gold_path.read_text(encoding="utf-8"))["article"]
            out.write(
                json.dumps({"file": str(gold_path.parent.parent / article), "claims": claims})
            )
            out.write("\n")
    result = subprocess.run(
        # The scorer runs the command once for all articles ({articles}); ours only reads.
        [sys.executable, str(SCORER), "--cmd", f"cat {lines} # {{articles}}", *map(str, golds)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dir", nargs="?", default=str(DEFAULT_GOLD))
    parser.add_argument("--limit", type=int, default=0, help="articles in all (0: every one)")
    args = parser.parse_args()
    gold_dir = Path(args.gold_dir)
    paths = sorted(gold_dir.glob("*.json"))
    if args.limit:
        paths = paths[: args.limit]
    taught_half, held_half = paths[0::2], paths[1::2]
    with tempfile.TemporaryDirectory() as workdir:
        setup(workdir)
        from django.core.management import call_command

        from claims.models import SourceAlias

        untaught = [(p, predictions(store(json.loads(p.read_text()), gold_dir))) for p in held_half]
        print(f"held-out half, empty registry:  {score(untaught, Path(workdir))}")
        call_command("flush", interactive=False, verbosity=0)
        corrected = sum(
            teach(json.loads(p.read_text()), store(json.loads(p.read_text()), gold_dir))
            for p in taught_half
        )
        everywhere = SourceAlias.objects.filter(origin="correction", article__isnull=True).count()
        in_article = SourceAlias.objects.filter(origin="correction", article__isnull=False).count()
        print(
            f"taught from {len(taught_half)} articles: {corrected} corrections, "
            f"{everywhere} aliases everywhere, {in_article} within one article"
        )
        taught = [(p, predictions(store(json.loads(p.read_text()), gold_dir))) for p in held_half]
        print(f"held-out half, taught registry: {score(taught, Path(workdir))}")


if __name__ == "__main__":
    main()
