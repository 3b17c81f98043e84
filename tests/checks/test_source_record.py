from __future__ import annotations

import datetime as dt

from claims.checks.source_record import summarise


def test_it_counts_reviewed_claims_and_summarises_them() -> None:
    result = summarise("credible", {"accurate": 3, "false": 1, "unreviewed": 5}, [])

    assert result["reviewed"] == 4
    assert result["verdicts"] == {"accurate": 3, "false": 1}
    assert result["summary"] == "4 reviewed claims: 3 accurate, 1 false"


def test_it_gives_the_share_rated_false_or_misleading() -> None:
    result = summarise("mixed", {"accurate": 2, "false": 1, "misleading": 1}, [])

    assert result["share_false_or_misleading"] == 0.5


def test_it_has_no_share_without_reviewed_claims() -> None:
    result = summarise("unknown", {"unreviewed": 2}, [])

    assert (result["reviewed"], result["share_false_or_misleading"]) == (0, None)
    assert result["summary"] == "no reviewed claims yet"


def test_it_makes_recent_claims_json_ready() -> None:
    recent = [{"claim_id": 4, "status": "false", "reviewed_at": dt.date(2024, 1, 2)}]

    result = summarise("credible", {"false": 1}, recent)

    assert result["recent"] == [{"claim_id": 4, "status": "false", "reviewed_at": "2024-01-02"}]
    assert result["reliability"] == "credible"
