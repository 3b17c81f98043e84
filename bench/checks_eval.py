"""Precision and recall of the fact checks on cases written for them, and what each costs.

    .venv/bin/python bench/checks_eval.py [--cases bench/checks_cases.json] [--verbose]

Figures, not a test. Runs the pure check functions (no database) on every case of
bench/checks_cases.json and prints, per check, what it found right (true positives), what it
found that it should not have (false positives: a wrong figure, date, place or relation, or
a flag where none is due) and what it missed, with precision, recall and F1; then the
milliseconds per claim each check costs, the spaCy parse apart.

To measure another version of the checks, put its `claims` package first on the path:
    PYTHONPATH=/tmp/old .venv/bin/python bench/checks_eval.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Appended, not prepended: a PYTHONPATH naming another copy of `claims` wins.
sys.path.append(str(ROOT))

from claims.checks import corroboration, nlp, places, quantities, similarity, timeexpr  # noqa: E402

DEFAULT_CASES = Path(__file__).resolve().parent / "checks_cases.json"
REGIONAL = {"region", "province", "state", "oblast", "republic", "territory", "governorate"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    cases: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, tp: int, fp: int, fn: int, label: str, detail: str) -> None:
        self.tp, self.fp, self.fn, self.cases = (
            self.tp + tp,
            self.fp + fp,
            self.fn + fn,
            self.cases + 1,
        )
        if fp or fn:
            self.misses.append(f"{label}: {detail}")

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def matched(
    expected: list[Any], found: list[Any], same: Callable[[Any, Any], bool]
) -> tuple[int, int, int]:
    """Greedy one-to-one matching: (true positives, false positives, false negatives)."""
    unused = list(found)
    hits = 0
    for want in expected:
        for have in unused:
            if same(want, have):
                unused.remove(have)
                hits += 1
                break
    return hits, len(unused), len(expected) - hits


def close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)))


# -- running the checks, whichever version is on the path ------------------------------------


def parse(text: str) -> Any:
    return nlp.pipeline()(text)


def run_quantities(doc: Any) -> dict[str, Any]:
    if hasattr(quantities, "analyse_doc"):
        return quantities.analyse_doc(doc)
    return quantities.analyse(doc.text)


def run_places(doc: Any) -> dict[str, Any]:
    if hasattr(places, "find_in_doc"):
        return places.find_in_doc(doc)
    return places.find(doc.text)


def run_time(doc: Any, published: dt.date | None) -> dict[str, Any]:
    return timeexpr.resolve(doc.text, published)


def lemmas_of(doc: Any) -> list[str] | None:
    finder = getattr(similarity, "content_lemmas_in_doc", None)
    return finder(doc) if finder else None


FACTS_TAKE_LEMMAS = "lemmas" in inspect.signature(corroboration.facts_from).parameters


def claim_facts(claim: dict[str, Any], doc: Any) -> Any:
    published = dt.date.fromisoformat(claim["published"]) if claim.get("published") else None
    extra = {"lemmas": lemmas_of(doc)} if FACTS_TAKE_LEMMAS else {}
    return corroboration.facts_from(
        claim["id"],
        claim["article"],
        claim["text"],
        claim["source"],
        claim["source"],
        published,
        run_places(doc),
        run_time(doc, published),
        run_quantities(doc),
        **extra,
    )


# -- scoring each check ---------------------------------------------------------------------


def figure_matches(want: dict[str, Any], have: dict[str, Any]) -> bool:
    for key in ("value", "low", "high"):
        if key in want and not close(want[key], have.get(key)):
            return False
    return "counted" not in want or want["counted"] == have.get("counted")


def stated_of(check: dict[str, Any]) -> Any:
    stated = check.get("stated") or check.get("total") or {}
    return stated.get("value") if isinstance(stated, dict) else stated


def score_quantities(cases: list[dict[str, Any]], docs: dict[str, Any]) -> tuple[Score, Score]:
    figures, arithmetic = Score(), Score()
    for case in cases:
        result = run_quantities(docs[case["text"]])
        found = result.get("quantities", [])
        if "figures" in case:
            got = [(q.get("value"), q.get("low"), q.get("high")) for q in found]
            figures.add(
                *matched(case["figures"], found, figure_matches),
                case["text"],
                f"found {got}",
            )
        checks = [(stated_of(c), bool(c.get("consistent"))) for c in result.get("arithmetic", [])]
        want = [(a["stated"], a["consistent"]) for a in case["arithmetic"]]
        arithmetic.add(
            *matched(want, checks, lambda w, h: close(w[0], h[0]) and w[1] == h[1]),
            case["text"],
            f"found {checks}",
        )
    return figures, arithmetic


def overlaps(first: str, second: str) -> bool:
    a, b = first.lower(), second.lower()
    return a in b or b in a


def score_time(cases: list[dict[str, Any]], docs: dict[str, Any]) -> Score:
    score = Score()
    for case in cases:
        published = dt.date.fromisoformat(case["published"]) if case["published"] else None
        result = run_time(docs[case["text"]], published)
        found = [
            (e["text"], e["date_from"], e["date_to"])
            for e in result.get("expressions", [])
            if e.get("date_from")
        ] + [(e["text"], None, None) for e in result.get("unresolved", [])]

        def same(want: dict[str, Any], have: tuple[str, str | None, str | None]) -> bool:
            if not overlaps(want["text"], have[0]):
                return False
            if want.get("unresolved"):
                return have[1] is None
            return (want["from"], want["to"]) == (have[1], have[2])

        score.add(
            *matched(case["expressions"], found, same),
            f"{case['text']} ({case['published']})",
            f"found {found}",
        )
    return score


def kind_fits(wanted: str | list[str] | None, kind: str | None) -> bool:
    if wanted is None:
        return True
    for one in [wanted] if isinstance(wanted, str) else wanted:
        if kind == one or (one == "region" and kind in REGIONAL):
            return True
    return False


def score_places(cases: list[dict[str, Any]], docs: dict[str, Any]) -> Score:
    score = Score()
    for case in cases:
        found = [(p["name"], p.get("kind")) for p in run_places(docs[case["text"]])["places"]]
        score.add(
            *matched(
                case["places"],
                found,
                lambda w, h: w["name"].lower() == h[0].lower() and kind_fits(w.get("kind"), h[1]),
            ),
            case["text"],
            f"found {found}",
        )
    return score


FLAGGED = {"supporting", "conflicting"}


def score_corroboration(cases: list[dict[str, Any]], docs: dict[str, Any]) -> Score:
    score = Score()
    for case in cases:
        claims = [case["target"], *case["candidates"]]
        facts = {c["id"]: claim_facts(c, docs[c["text"]]) for c in claims}
        others = [facts[c["id"]] for c in case["candidates"]]
        result = corroboration.compare(facts[case["target"]["id"]], others)
        relation = {m["claim_id"]: m["relation"] for m in result.get("matches", [])}
        tp = fp = fn = 0
        details = []
        for candidate in case["candidates"]:
            want, have = candidate.get("expect"), relation.get(candidate["id"])
            flagged = have if have in FLAGGED else None
            if want and flagged == want:
                tp += 1
                continue
            fp += flagged is not None
            fn += want is not None
            if flagged != want:
                details.append(f"#{candidate['id']} expected {want}, found {have}")
        score.add(tp, fp, fn, case["about"], "; ".join(details))
    return score


# -- cost -----------------------------------------------------------------------------------


def per_claim_ms(run: Callable[[Any], Any], items: Iterable[Any], repeat: int) -> float:
    items = list(items)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for item in items:
            run(item)
        best = min(best, time.perf_counter() - started)
    return 1000 * best / max(len(items), 1)


def clear_caches() -> None:
    for cached in (getattr(nlp, "parse", None), getattr(similarity, "content_lemmas", None)):
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


def costs(cases: dict[str, Any], docs: dict[str, Any], repeat: int) -> list[tuple[str, float]]:
    texts = list(docs)
    rows = [("spaCy parse of the claim (once)", per_claim_ms(parse, texts, repeat))]
    doc_list = [docs[t] for t in texts]
    rows.append(("quantities, from the parse", per_claim_ms(run_quantities, doc_list, repeat)))
    rows.append(("places, from the parse", per_claim_ms(run_places, doc_list, repeat)))
    try:
        from claims.checks import gazetteer
    except ImportError:
        pass
    else:
        gazetteer.gazetteer.cache_clear()
        started = time.perf_counter()
        gazetteer.gazetteer()
        once = 1000 * (time.perf_counter() - started)
        rows.append(("places: gazetteer, once per process", once))
    rows.append(
        (
            "time",
            per_claim_ms(lambda d: run_time(d, dt.date(2026, 3, 10)), doc_list, repeat),
        )
    )
    groups = []
    for case in cases["corroboration"]:
        claims = [case["target"], *case["candidates"]]
        facts = [claim_facts(c, docs[c["text"]]) for c in claims]
        groups.append((facts[0], facts[1:]))

    def compare_cold(group: tuple[Any, list[Any]]) -> None:
        # A worker meets each candidate once: no lemma cached from an earlier comparison.
        clear_caches()
        corroboration.compare(group[0], group[1])

    rows.append(("corroboration, per target (cold)", per_claim_ms(compare_cold, groups, repeat)))
    candidates = [f for _, others in groups for f in others]
    many = (candidates * (200 // max(len(candidates), 1) + 1))[:200]
    rows.append(
        (
            "corroboration, 1 target x 200 candidates",
            per_claim_ms(compare_cold, [(groups[0][0], many)], repeat),
        )
    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--verbose", action="store_true", help="list every case a check missed")
    parser.add_argument("--repeat", type=int, default=3, help="timings: best of N")
    args = parser.parse_args()
    cases = json.loads(args.cases.read_text(encoding="utf-8"))

    texts = {c["text"] for kind in ("quantities", "time", "places") for c in cases[kind]}
    for case in cases["corroboration"]:
        texts.update(c["text"] for c in [case["target"], *case["candidates"]])
    docs = {text: parse(text) for text in sorted(texts)}

    figures, arithmetic = score_quantities(cases["quantities"], docs)
    scores = {
        "quantities: figures": figures,
        "quantities: arithmetic": arithmetic,
        "time": score_time(cases["time"], docs),
        "places": score_places(cases["places"], docs),
        "corroboration": score_corroboration(cases["corroboration"], docs),
    }
    print(f"checks from {Path(quantities.__file__).resolve().parent}")
    print(f"{'check':<24} {'cases':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>6} {'recall':>6} "
          f"{'F1':>6}")  # fmt: skip
    for name, s in scores.items():
        print(
            f"{name:<24} {s.cases:>5} {s.tp:>4} {s.fp:>4} {s.fn:>4} "
            f"{s.precision:>6.2f} {s.recall:>6.2f} {s.f1:>6.2f}"
        )
    if args.verbose:
        for name, s in scores.items():
            for miss in s.misses:
                print(f"  [{name}] {miss}")
    print()
    print(f"{'cost':<42} {'ms/claim':>9}")
    for label, ms in costs(cases, docs, args.repeat):
        print(f"{label:<42} {ms:>9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
