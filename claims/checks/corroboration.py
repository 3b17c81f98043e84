"""Claims from other articles about the same event: do they support or contradict?

Works from stored facts only (no parsing): each claim's places, dates, figures and content
words, gathered once by `facts_from` and kept as a JSON-able dict (`ClaimFacts.as_dict`).

Two claims are about the same event when they name the same place (or, naming no more
precise place, the same country) and their dates overlap. Figures are compared only when
they count the same thing and tell the same event: "14 drones struck the port" says
nothing about "31 drones were shot down". A claim of the same article never corroborates
its target; where the two compare figures it is listed apart, under "same_article".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from claims.checks import places, quantities, timeexpr
from claims.checks.gazetteer import fold
from claims.checks.places import normalize_place
from claims.checks.registry import CheckContext, CheckKind, ClaimInput, Result
from claims.checks.similarity import content_lemmas, overlap

LIMIT = 10
MIN_SCORE = 0.35
SIMILAR_WORDING = 0.5  # Dice overlap from which two claims read as the same report
MIN_SHARED_WORDS = 4
CASUALTIES = {"killed", "injured", "missing"}
# What a bare toll ("three were killed") counts.
PEOPLE = {"person", "civilian", "resident"}
# Places too wide to tell two events apart.
BROAD_KINDS = {"country", "continent", "sea"}
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
    places: tuple[str, ...]  # names as the claim writes them, to find candidates by
    date_from: dt.date | None
    date_to: dt.date | None
    quantities: tuple[dict[str, Any], ...]
    place_keys: tuple[str, ...] = ()  # folded gazetteer names: "Kiev" and "Kyiv" are one
    place_names: tuple[str, ...] = ()  # the name the claim writes for each key, to show
    broad_places: tuple[str, ...] = ()  # the keys that are countries, continents or seas
    # The claim's content words from its parse; None for facts stored before they were kept,
    # whose text is then parsed again.
    lemmas: tuple[str, ...] | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able form to store; `from_dict` reads it back."""
        return {
            "claim_id": self.id,
            "article_id": self.article_id,
            "text": self.text,
            "source_key": self.source_key,
            "source_name": self.source_name,
            "published": _iso(self.published),
            "places": list(self.places),
            "place_keys": list(self.place_keys),
            "place_names": list(self.place_names),
            "broad_places": list(self.broad_places),
            "date_from": _iso(self.date_from),
            "date_to": _iso(self.date_to),
            "quantities": [dict(q) for q in self.quantities],
            "lemmas": list(self.lemmas) if self.lemmas is not None else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClaimFacts:
        lemmas = data.get("lemmas")
        return cls(
            id=int(data["claim_id"]),
            article_id=int(data["article_id"]),
            text=data.get("text") or "",
            source_key=data.get("source_key") or "",
            source_name=data.get("source_name") or "",
            published=_date(data.get("published")),
            places=tuple(data.get("places") or ()),
            date_from=_date(data.get("date_from")),
            date_to=_date(data.get("date_to")),
            quantities=tuple(data.get("quantities") or ()),
            place_keys=tuple(data.get("place_keys") or ()),
            place_names=tuple(data.get("place_names") or ()),
            broad_places=tuple(data.get("broad_places") or ()),
            lemmas=tuple(lemmas) if lemmas is not None else None,
        )


Facts = ClaimFacts | Mapping[str, Any]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


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
    *,
    lemmas: Iterable[str] | None = None,
) -> ClaimFacts:
    """Gather what corroboration compares from the places, time and quantities results and
    the claim's content words (`similarity.content_lemmas_in_doc`)."""
    found = (places_result or {}).get("places", [])
    places = tuple(dict.fromkeys(normalize_place(p["name"]) for p in found))
    keys: dict[str, bool] = {}
    names: dict[str, str] = {}
    for place in found:
        key = fold(place.get("canonical") or normalize_place(place["name"]))
        keys[key] = keys.get(key, False) or place.get("kind") in BROAD_KINDS
        names.setdefault(key, normalize_place(place["name"]))
    expressions = (time_result or {}).get("expressions", [])
    starts = [d for d in (_date(e.get("date_from")) for e in expressions) if d is not None]
    ends = [d for d in (_date(e.get("date_to")) for e in expressions) if d is not None]
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
        place_keys=tuple(keys),
        place_names=tuple(names[key] for key in keys),
        broad_places=tuple(key for key, broad in keys.items() if broad),
        lemmas=tuple(lemmas) if lemmas is not None else None,
    )


def _facts(value: Facts) -> ClaimFacts:
    return value if isinstance(value, ClaimFacts) else ClaimFacts.from_dict(value)


def _lemmas(facts: ClaimFacts) -> frozenset[str]:
    if facts.lemmas is not None:
        return frozenset(facts.lemmas)
    return content_lemmas(facts.text)


def _place_keys(facts: ClaimFacts) -> tuple[set[str], set[str]]:
    """All the claim's place keys, and the precise ones (no country, continent or sea)."""
    keys = set(facts.place_keys) or {fold(p) for p in facts.places}
    return keys, keys - set(facts.broad_places)


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
    """Whether two figures count the same thing in the same event."""
    event, counted = first.get("event"), first.get("counted")
    if event != second.get("event"):
        return False  # "14 drones struck" and "31 drones were shot down" count two things
    if counted == second.get("counted"):
        return counted is not None or event in CASUALTIES
    # "3 killed" and "5 people were killed": a bare toll counts people.
    others = {counted, second.get("counted")} - {None}
    return event in CASUALTIES and None in {counted, second.get("counted")} and others <= PEOPLE


def _interval(quantity: dict[str, Any]) -> tuple[float, float]:
    low = quantity.get("low")
    high = quantity.get("high")
    return (low if low is not None else 0.0, high if high is not None else float("inf"))


def _agree(first: dict[str, Any], second: dict[str, Any]) -> bool:
    (low1, high1), (low2, high2) = _interval(first), _interval(second)
    return low1 <= high2 and low2 <= high1


def _figure(quantity: dict[str, Any]) -> str:
    if quantity.get("value") is None:
        return str(quantity["text"])
    bound = f"{quantity['bound']} " if quantity.get("bound") in SHOWN_BOUNDS else ""
    return f"{bound}{quantity['value']}"


def _describe(quantity: dict[str, Any]) -> str:
    noun = quantity.get("unit") or quantity.get("counted") or ""
    what = quantity.get("event")
    if what in CASUALTIES:
        return f"{_figure(quantity)} {what}"
    return f"{_figure(quantity)} {noun}{' ' + what if what else ''}".strip()


def _compare_figures(target: ClaimFacts, other: ClaimFacts) -> tuple[list[str], list[str]]:
    """Reasons for agreeing figures and for differing ones, about the same thing and event.

    A figure of the target agrees when any figure of the other claim about the same thing
    does ("19 drones shot down over X" agrees with a breakdown "31 ..., 19 over X, 12 over Y").
    """
    agreeing, differing = [], []
    for mine in target.quantities:
        comparable = [theirs for theirs in other.quantities if _same_thing(mine, theirs)]
        if not comparable:
            continue
        if any(_agree(mine, theirs) for theirs in comparable):
            agreeing.append(f"same figure: {_describe(mine)}")
        else:
            label = "toll" if mine.get("event") in CASUALTIES else "figure"
            differing.append(f"different {label}: {_describe(mine)} vs {_describe(comparable[0])}")
    return list(dict.fromkeys(agreeing)), list(dict.fromkeys(differing))


def _match(target: ClaimFacts, other: ClaimFacts) -> dict[str, Any] | None:
    mine, mine_precise = _place_keys(target)
    theirs, theirs_precise = _place_keys(other)
    if mine_precise and theirs_precise and not mine_precise & theirs_precise:
        return None  # two different towns: two events, however alike the wording
    shared = sorted(mine & theirs)
    precise = bool(mine_precise & theirs_precise)
    # Claims naming no town may still tell the same national figure ("Russia launched ...").
    same_place = precise or (bool(shared) and not mine_precise and not theirs_precise)
    date_score, date_reason = _dates(target, other)
    words, their_words = _lemmas(target), _lemmas(other)
    wording = round(overlap(words, their_words), 3)
    # "We're America" and "This is America": too few words to call it the same report.
    alike = wording >= SIMILAR_WORDING and len(words & their_words) >= MIN_SHARED_WORDS
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

    names = dict(zip(target.place_keys, target.place_names, strict=False))
    reasons = [f"same place: {names.get(key) or key}" for key in shared]
    if date_reason:
        reasons.append(date_reason)
    reasons.append(f"similar wording {wording:.2f}")
    same_event = same_place and date_score > 0
    counts = bool(target.quantities or other.quantities)
    if same_event and differing and not agreeing:
        relation = "conflicting"
        reasons += differing
    elif same_event and agreeing and not differing:
        relation = "supporting"
        reasons += agreeing
    elif same_event and not counts and alike:
        relation = "supporting"  # the same news in other words, with no figure to compare
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


def _within_article(target: ClaimFacts, other: ClaimFacts) -> dict[str, Any] | None:
    """Another claim of the same article that gives a figure for the same thing."""
    agreeing, differing = _compare_figures(target, other)
    if not (agreeing or differing) or other.source_key == target.source_key:
        return None
    return {
        "claim_id": other.id,
        "source_name": other.source_name,
        "relation": "differs" if differing else "agrees",
        "reasons": differing or agreeing,
    }


def compare(target: Facts, candidates: Iterable[Facts], limit: int = LIMIT) -> dict[str, Any]:
    """Other articles' claims that support, contradict or relate to the target, best first.

    Takes stored facts (ClaimFacts or their `as_dict` form) and does all the filtering:
    never the claim itself, never a claim of the same article among "matches".
    """
    mine = _facts(target)
    matches, same_article = [], []
    for candidate in candidates:
        other = _facts(candidate)
        if other.id == mine.id:
            continue
        if other.article_id == mine.article_id:
            within = _within_article(mine, other)
            if within is not None:
                same_article.append(within)
            continue
        match = _match(mine, other)
        if match is not None:
            matches.append(match)
    matches.sort(key=lambda m: (-m["score"], m["claim_id"]))
    result: dict[str, Any] = {"matches": matches[:limit]}
    if same_article:
        result["same_article"] = sorted(same_article, key=lambda m: m["claim_id"])[:limit]
    return result


def _claim_facts(claim: ClaimInput) -> ClaimFacts:
    if claim.facts:
        return facts_from(
            claim_id=claim.claim_id,
            article_id=claim.article_id,
            text=claim.text,
            source_key=str(claim.source_id or ""),
            source_name=claim.source_name,
            published=claim.published,
            places_result=claim.facts.get("places"),
            time_result=claim.facts.get("time"),
            quantities_result=claim.facts.get("quantities"),
            lemmas=claim.facts.get("lemmas"),
        )
    # Stored before claims kept their facts: from the finished checks, or computed again.
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
    target = _claim_facts(claim)
    candidates = context.corroboration_candidates(claim, place_names=target.places)
    result = compare(target, [_claim_facts(other) for other in candidates])
    titles = {other.claim_id: other.article_title for other in candidates}
    for match in result.get("matches", []):
        match["article_title"] = titles.get(match["claim_id"], "")
    return result


def _prefetch(claims: Sequence[ClaimInput], context: CheckContext) -> None:
    context.corroboration_prefetch([(claim, _claim_facts(claim).places) for claim in claims])


KIND = CheckKind(
    name="corroboration", title="Other reports", order=40, run=_run, prefetch=_prefetch
)


__all__ = ["KIND", "ClaimFacts", "compare", "facts_from"]
