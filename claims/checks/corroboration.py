"""Claims from other sources or articles about the same event: do they support or contradict?

Two claims are about the same event when they share places and dates and read alike. Their
figures are compared only for the same thing counted ("drones shot down", "people killed"):
a different figure there, for the same place and day, is a conflict a reviewer must see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claims.checks import places, quantities, timeexpr
from claims.checks.places import COUNTRIES, normalize_place
from claims.checks.registry import CheckContext, CheckKind, ClaimInput, Result
from claims.checks.similarity import text_similarity

LIMIT = 10
MIN_SCORE = 0.35
SIMILAR_WORDING = 0.5  # Dice overlap from which two claims read as the same report
CASUALTIES = {"killed", "injured", "missing"}
# How much each kind of evidence adds to the score; wording alone cannot reach MIN_SCORE.
WEIGHTS = {"place": 0.35, "date": 0.25, "wording": 0.3, "figures": 0.1}
SHOWN_BOUNDS = {"more than", "at least", "up to", "about", "around", "nearly", "almost", "over"}


@dataclass(frozen=True)
class ClaimFacts:
    id: int
    article_id: int
    text: str
    source_key: str
    source_name: str
    published: dt.date | None
    places: tuple[str, ...]
    date_from: dt.date | None
    date_to: dt.date | None
    quantities: tuple[dict[str, Any], ...]


def _date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def facts_from(
    claim_id: int,
    article_id: int,
    text: str,
    source_key: str,
    source_name: str,
    published: dt.date | None,
    places_result: dict[str, Any] | None,
    time_result: dict[str, Any] | None,
    quantities_result: dict[str, Any] | None,
) -> ClaimFacts:
    """Gather what corroboration compares from the places, time and quantities results."""
    places = tuple(
        dict.fromkeys(normalize_place(p["name"]) for p in (places_result or {}).get("places", []))
    )
    expressions = (time_result or {}).get("expressions", [])
    starts = [_date(e["date_from"]) for e in expressions if e.get("date_from")]
    ends = [_date(e["date_to"]) for e in expressions if e.get("date_to")]
    # A claim without a time expression is news about the day it was published.
    date_from = min(starts) if starts else published
    date_to = max(ends) if ends else published
    quantities = tuple(
        q
        for q in (quantities_result or {}).get("quantities", [])
        if q.get("unit") != "%" and (q.get("counted") or q.get("event"))
    )
    return ClaimFacts(
        id=claim_id,
        article_id=article_id,
        text=text,
        source_key=source_key,
        source_name=source_name,
        published=published,
        places=places,
        date_from=date_from,
        date_to=date_to,
        quantities=quantities,
    )


def _shared_places(target: ClaimFacts, other: ClaimFacts) -> tuple[list[str], bool]:
    """Shared place names, and whether any is more precise than a country."""
    theirs = {p.lower() for p in other.places}
    shared = [p for p in target.places if p.lower() in theirs]
    return shared, any(p.lower() not in COUNTRIES for p in shared)


def _dates(target: ClaimFacts, other: ClaimFacts) -> tuple[float, str | None]:
    mine_from, mine_to, their_from, their_to = (
        target.date_from,
        target.date_to,
        other.date_from,
        other.date_to,
    )
    if mine_from is None or mine_to is None or their_from is None or their_to is None:
        return 0.5, None
    if mine_from > their_to or their_from > mine_to:
        return 0.0, None
    if mine_from == mine_to == their_from == their_to:
        return 1.0, "same day"
    return 0.75, "overlapping dates"


def _same_thing(first: dict[str, Any], second: dict[str, Any]) -> bool:
    if first.get("counted") and second.get("counted") and first["counted"] != second["counted"]:
        return False
    if first.get("event") and second.get("event") and first["event"] != second["event"]:
        return False
    if first.get("counted") and first.get("counted") == second.get("counted"):
        return True
    # "3 killed" and "5 people were killed": the event alone names the same thing.
    return bool(first.get("event")) and first.get("event") == second.get("event")


def _interval(quantity: dict[str, Any]) -> tuple[float, float]:
    low = quantity.get("low")
    high = quantity.get("high")
    return (low if low is not None else 0.0, high if high is not None else float("inf"))


def _agree(first: dict[str, Any], second: dict[str, Any]) -> bool:
    (low1, high1), (low2, high2) = _interval(first), _interval(second)
    return low1 <= high2 and low2 <= high1


def _figure(quantity: dict[str, Any]) -> str:
    if quantity.get("value") is None:
        return quantity["text"]
    bound = f"{quantity['bound']} " if quantity.get("bound") in SHOWN_BOUNDS else ""
    return f"{bound}{quantity['value']}"


def _describe(quantity: dict[str, Any]) -> str:
    what = quantity.get("event") if quantity.get("event") in CASUALTIES else None
    noun = quantity.get("unit") or quantity.get("counted") or ""
    return f"{_figure(quantity)} {what or noun}".strip()


def _compare_figures(target: ClaimFacts, other: ClaimFacts) -> tuple[list[str], list[str]]:
    """Reasons for agreeing figures and for differing figures about the same thing."""
    agreeing, differing = [], []
    for mine in target.quantities:
        for theirs in other.quantities:
            if not _same_thing(mine, theirs):
                continue
            if _agree(mine, theirs):
                agreeing.append(f"same figure: {_describe(mine)}")
            else:
                label = "toll" if mine.get("event") in CASUALTIES else "figure"
                differing.append(f"different {label}: {_describe(mine)} vs {_describe(theirs)}")
    return list(dict.fromkeys(agreeing)), list(dict.fromkeys(differing))


def _match(target: ClaimFacts, other: ClaimFacts) -> dict[str, Any] | None:
    shared, precise = _shared_places(target, other)
    date_score, date_reason = _dates(target, other)
    wording = text_similarity(target.text, other.text)
    agreeing, differing = _compare_figures(target, other)

    place_score = 1.0 if precise else (0.4 if shared else 0.0)
    figure_score = 1.0 if agreeing and not differing else 0.0
    score = (
        WEIGHTS["place"] * place_score
        + WEIGHTS["date"] * date_score
        + WEIGHTS["wording"] * wording
        + WEIGHTS["figures"] * figure_score
    )
    if score < MIN_SCORE or (not shared and wording < SIMILAR_WORDING):
        return None

    reasons = [f"same place: {place}" for place in shared]
    if date_reason:
        reasons.append(date_reason)
    reasons.append(f"similar wording {wording:.2f}")
    same_event = precise and date_score > 0
    if differing and same_event:
        relation = "conflicting"
        reasons += differing
    elif not differing and ((agreeing and same_event) or wording >= SIMILAR_WORDING):
        relation = "supporting"
        reasons += agreeing
    else:
        relation = "related"
        reasons += agreeing + differing
    return {
        "claim_id": other.id,
        "article_id": other.article_id,
        "source_name": other.source_name,
        "relation": relation,
        "score": round(min(score, 1.0), 3),
        "reasons": reasons,
    }


def compare(
    target: ClaimFacts, candidates: Iterable[ClaimFacts], limit: int = LIMIT
) -> dict[str, Any]:
    matches = []
    for other in candidates:
        if other.id == target.id:
            continue
        if other.article_id == target.article_id and other.source_key == target.source_key:
            continue  # the same source repeating itself in one article corroborates nothing
        match = _match(target, other)
        if match is not None:
            matches.append(match)
    matches.sort(key=lambda m: (-m["score"], m["claim_id"]))
    return {"matches": matches[:limit]}


def _facts(claim: ClaimInput) -> ClaimFacts:
    # A sibling check may not have finished yet; computing it again is cheap and exact.
    stored = claim.results
    return facts_from(
        claim_id=claim.claim_id,
        article_id=claim.article_id,
        text=claim.text,
        source_key=str(claim.source_id or ""),
        source_name=claim.source_name,
        published=claim.published,
        places_result=stored.get("places") or places.find(claim.text),
        time_result=stored.get("time") or timeexpr.resolve(claim.text, claim.published),
        quantities_result=stored.get("quantities") or quantities.analyse(claim.text),
    )


def _run(claim: ClaimInput, context: CheckContext) -> Result:
    target = _facts(claim)
    candidates = context.corroboration_candidates(claim, place_names=target.places)
    result = compare(target, [_facts(other) for other in candidates])
    titles = {other.claim_id: other.article_title for other in candidates}
    for match in result.get("matches", []):
        match["article_title"] = titles.get(match["claim_id"], "")
    return result


KIND = CheckKind(name="corroboration", title="Other reports", order=40, run=_run)


__all__ = ["KIND", "ClaimFacts", "compare", "facts_from"]
