"""Textual similarity of claims: content-word lemma overlap, simple to explain to a reviewer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from claims.checks.nlp import pipeline
from claims.checks.registry import CheckContext, CheckKind, ClaimInput, Result

# The lemmatizer needs only the tagger; parsing and NER would triple the cost of ranking.
UNNEEDED_PIPES = ("parser", "ner")


def _lemmas_of(doc: Doc) -> frozenset[str]:
    return frozenset(
        token.lemma_.lower()
        for token in doc
        if token.is_alpha and not token.is_stop and not token.like_num
    )


def content_lemmas_in_doc(doc: Doc) -> list[str]:
    """The content words of a parse made elsewhere (no parsing here), sorted, to store."""
    return sorted(_lemmas_of(doc))


@lru_cache(maxsize=4096)
def content_lemmas(text: str) -> frozenset[str]:
    return next(iter(lemmas_of_many([text])))


def lemmas_of_many(texts: list[str]) -> list[frozenset[str]]:
    nlp = pipeline()
    disable = [name for name in UNNEEDED_PIPES if name in nlp.pipe_names]
    return [_lemmas_of(doc) for doc in nlp.pipe(texts, disable=disable)]


def overlap(first: frozenset[str], second: frozenset[str]) -> float:
    """Dice coefficient: shared content words over the average number of content words."""
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def text_similarity(first: str, second: str) -> float:
    return round(overlap(content_lemmas(first), content_lemmas(second)), 3)


def rank_similar(
    text: str,
    candidates: Iterable[tuple[int, str]],
    limit: int = 10,
    threshold: float = 0.3,
) -> list[tuple[int, float]]:
    """Candidate ids with their similarity to `text`, best first, at least `threshold`."""
    pairs = list(candidates)
    if not pairs:
        return []
    target = content_lemmas(text)
    scored = [
        (claim_id, round(overlap(target, lemmas), 3))
        for (claim_id, _), lemmas in zip(pairs, lemmas_of_many([t for _, t in pairs]), strict=True)
    ]
    kept = [pair for pair in scored if pair[1] >= threshold]
    kept.sort(key=lambda pair: (-pair[1], pair[0]))
    return kept[:limit]


def _when(value: dt.date | dt.datetime | str | None) -> tuple[str | None, str | None]:
    """The ISO form to store and the form a reviewer reads ("2 Jan 2024")."""
    if value is None:
        return None, None
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value, value
        value = parsed
    day = value.date() if isinstance(value, dt.datetime) else value
    return value.isoformat(), f"{day.day} {day:%b %Y}"


def _summary(status: str, shown_date: str | None, title: str | None) -> str:
    text = f"rated {status.replace('_', ' ')}"
    if shown_date:
        text += f" on {shown_date}"
    if title:
        text += f" in {title}"
    return text


def prior_verdicts_result(matches: list[dict[str, Any]]) -> dict[str, Any]:
    """Shape earlier reviewed claims (claim_id, status, reviewed_at, article_title, similarity)."""
    verdicts = []
    for match in sorted(matches, key=lambda m: -float(m.get("similarity") or 0)):
        stored, shown = _when(match.get("reviewed_at"))
        verdicts.append(
            {
                "claim_id": match["claim_id"],
                "status": match["status"],
                "reviewed_at": stored,
                "article_title": match.get("article_title") or "",
                "similarity": round(float(match.get("similarity") or 0), 3),
                "summary": _summary(match["status"], shown, match.get("article_title")),
            }
        )
    return {"verdicts": verdicts}


def _run(claim: ClaimInput, context: CheckContext) -> Result:
    return prior_verdicts_result(context.prior_verdicts(claim))


KIND = CheckKind(
    name="prior_verdicts", title="Earlier verdicts on similar claims", order=50, run=_run
)


__all__ = [
    "KIND",
    "content_lemmas",
    "content_lemmas_in_doc",
    "overlap",
    "prior_verdicts_result",
    "rank_similar",
    "text_similarity",
]
