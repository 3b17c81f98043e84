"""A source's track record: how its earlier claims were rated by reviewers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from claims.checks.registry import CheckContext, CheckKind, ClaimInput, Result

# Review outcomes, in the order a summary lists them when counts tie.
VERDICTS = ("accurate", "misleading", "false", "unverifiable", "not_checkable")
NOT_REVIEWED = {"unreviewed", "in_progress"}
DOUBTFUL = {"false", "misleading"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def _order(status: str) -> int:
    return VERDICTS.index(status) if status in VERDICTS else len(VERDICTS)


def summarise(
    reliability: str, verdict_counts: dict[str, int], recent: list[dict[str, Any]]
) -> dict[str, Any]:
    """Counts of reviewed claims by verdict, the share rated false or misleading, recent ones."""
    counts = {
        status: int(count)
        for status, count in verdict_counts.items()
        if status not in NOT_REVIEWED and count
    }
    ordered = sorted(counts.items(), key=lambda item: (-item[1], _order(item[0])))
    reviewed = sum(counts.values())
    doubtful = sum(counts.get(status, 0) for status in DOUBTFUL)
    if reviewed:
        parts = ", ".join(f"{count} {status.replace('_', ' ')}" for status, count in ordered)
        noun = "claim" if reviewed == 1 else "claims"
        summary = f"{reviewed} reviewed {noun}: {parts}"
    else:
        summary = "no reviewed claims yet"
    return {
        "reliability": reliability,
        "verdicts": dict(ordered),
        "reviewed": reviewed,
        "share_false_or_misleading": round(doubtful / reviewed, 3) if reviewed else None,
        "summary": summary,
        "recent": _jsonable(list(recent)),
    }


def _run(claim: ClaimInput, context: CheckContext) -> Result:
    if claim.source_id is None:
        return {
            "reliability": None,
            "verdicts": {},
            "reviewed": 0,
            # The publisher's own claim, an unattributed one, or a source described
            # without a name ("the ministry"): none has a record in the registry.
            "summary": "No registry entry for this source, so no track record.",
            "recent": [],
        }
    counts, recent = context.source_verdicts(claim)
    return summarise(claim.source_reliability or "unrated", counts, recent)


KIND = CheckKind(name="source_record", title="Source's track record", order=60, run=_run)


__all__ = ["KIND", "summarise"]
