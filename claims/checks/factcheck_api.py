"""Published fact-checks of similar claims, from the Google Fact Check Tools API.

Optional: the task calls this only when an API key is configured.
"""

from __future__ import annotations

from typing import Any

import requests

from claims.checks.errors import CheckError, TransientCheckError
from claims.checks.registry import CheckContext, CheckKind, CheckOptions, ClaimInput, Result

API_URL = "https://factchecktools.googleapis.com/v1alpha1/claims:search"
# The API matches on the query's words; a whole paragraph matches nothing.
MAX_QUERY_CHARS = 200


def _query(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_QUERY_CHARS:
        return text
    cut = text[:MAX_QUERY_CHARS]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def _results(payload: Any, max_results: int) -> list[dict[str, Any]]:
    if not isinstance(payload, dict):
        raise CheckError("fact-check API answered with something other than a JSON object")
    claims = payload.get("claims", [])
    if not isinstance(claims, list):
        raise CheckError("fact-check API answer has no list of claims")
    results = []
    for claim in claims:
        if not isinstance(claim, dict):
            continue
        for review in claim.get("claimReview") or []:
            publisher = review.get("publisher") or {}
            results.append(
                {
                    "claim": claim.get("text", ""),
                    "claimant": claim.get("claimant", ""),
                    "publisher": publisher.get("name") or publisher.get("site", ""),
                    "url": review.get("url", ""),
                    "rating": review.get("textualRating", ""),
                    "review_date": review.get("reviewDate"),
                    "title": review.get("title", ""),
                }
            )
    return results[:max_results]


def search_fact_checks(
    text: str,
    *,
    api_key: str,
    base_url: str = API_URL,
    language: str = "en",
    timeout: float = 10.0,
    max_results: int = 5,
) -> dict[str, Any]:
    params: dict[str, str | int] = {
        "query": _query(text),
        "key": api_key,
        "languageCode": language,
        "pageSize": max_results,
    }
    try:
        response = requests.get(base_url, params=params, timeout=timeout)
    except (requests.Timeout, requests.ConnectionError) as error:
        raise TransientCheckError(f"fact-check API unreachable: {type(error).__name__}") from error
    except requests.RequestException as error:
        raise CheckError(f"fact-check API request failed: {type(error).__name__}") from error
    status = response.status_code
    # Never put the URL in a message: it carries the API key.
    if status == 429 or status >= 500:
        raise TransientCheckError(f"fact-check API answered {status}")
    if status >= 400:
        raise CheckError(f"fact-check API answered {status}")
    try:
        payload = response.json()
    except ValueError as error:
        raise CheckError("fact-check API answered with malformed JSON") from error
    return {"results": _results(payload, max_results)}


def _run(claim: ClaimInput, context: CheckContext) -> Result:
    options = context.options
    return search_fact_checks(
        claim.text, api_key=options.factcheck_api_key, base_url=options.factcheck_api_url
    )


def _has_key(options: CheckOptions) -> bool:
    # The search needs a key of the newsroom's own; without one it stays out of the list.
    return bool(options.factcheck_api_key)


KIND = CheckKind(
    name="external_factchecks",
    title="External fact-checks",
    order=70,
    run=_run,
    enabled=_has_key,
    network=True,
)


__all__ = ["KIND", "search_fact_checks"]
