"""Runs one check kind on a stored claim: gathers its plain inputs, calls claims.checks.

The checks themselves know nothing of Django; this module is the seam between the two.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

from claims import selectors
from claims.checks import (
    KINDS,
    corroboration,
    factcheck_api,
    places,
    quantities,
    similarity,
    source_record,
    timeexpr,
)
from claims.models import Claim

Result = dict[str, Any]


def enabled_kinds() -> tuple[str, ...]:
    """Every check kind, less the external fact-check search unless an API key is set."""
    return tuple(k for k in KINDS if k != "external_factchecks" or settings.FACTCHECK_API_KEY)


def run(kind: str, claim: Claim) -> Result:
    return RUNNERS[kind](claim)


def _quantities(claim: Claim) -> Result:
    return quantities.analyse(claim.text)


def _time(claim: Claim) -> Result:
    return timeexpr.resolve(claim.text, claim.article.published)


def _places(claim: Claim) -> Result:
    return places.find(claim.text)


def _stored_or_fresh(claim: Claim, kind: str, stored: dict[str, Result]) -> Result:
    # A sibling check may not have finished yet; computing it again is cheap and exact.
    return stored.get(kind) or RUNNERS[kind](claim)


def facts_of(claim: Claim, stored: dict[str, Result]) -> corroboration.ClaimFacts:
    return corroboration.facts_from(
        claim_id=claim.pk,
        article_id=claim.article_id,
        text=claim.text,
        source_key=str(claim.source_id or ""),
        source_name=claim.source.name if claim.source else "",
        published=claim.article.published,
        places_result=_stored_or_fresh(claim, "places", stored),
        time_result=_stored_or_fresh(claim, "time", stored),
        quantities_result=_stored_or_fresh(claim, "quantities", stored),
    )


def _corroboration(claim: Claim) -> Result:
    target = facts_of(claim, selectors.check_results(claim))
    candidates = selectors.corroboration_candidates(claim, place_names=target.places)
    facts = [facts_of(other, selectors.stored_results(other)) for other in candidates]
    result = corroboration.compare(target, facts)
    titles = {c.pk: c.article.title for c in candidates}
    for match in result.get("matches", []):
        match["article_title"] = titles.get(match["claim_id"], "")
    return result


def _prior_verdicts(claim: Claim) -> Result:
    return similarity.prior_verdicts_result(selectors.prior_verdicts(claim))


def _source_record(claim: Claim) -> Result:
    if claim.source is None:
        return {
            "reliability": None,
            "verdicts": {},
            "reviewed": 0,
            "summary": "No named source.",
            "recent": [],
        }
    counts, recent = selectors.source_verdicts(claim.source, exclude_claim=claim)
    return source_record.summarise(claim.source.reliability, counts, recent)


def _external_factchecks(claim: Claim) -> Result:
    return factcheck_api.search_fact_checks(
        claim.text, api_key=settings.FACTCHECK_API_KEY, base_url=settings.FACTCHECK_API_URL
    )


RUNNERS: dict[str, Callable[[Claim], Result]] = {
    "quantities": _quantities,
    "time": _time,
    "places": _places,
    "corroboration": _corroboration,
    "prior_verdicts": _prior_verdicts,
    "source_record": _source_record,
    "external_factchecks": _external_factchecks,
}
