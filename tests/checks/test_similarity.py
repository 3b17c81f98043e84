from __future__ import annotations

import datetime as dt

from claims.checks.similarity import prior_verdicts_result, rank_similar, text_similarity

CLAIM = "Ukraine has lost half of its air defence systems since the start of the war."


def test_it_ranks_the_closest_wording_first() -> None:
    candidates = [
        (1, "The central bank raised interest rates again on Tuesday."),
        (2, "Ukraine lost a third of its air defence systems, the spokesman said."),
        (3, "Ukraine has lost half of its air defence systems since the war started."),
    ]

    ranked = rank_similar(CLAIM, candidates)

    assert [claim_id for claim_id, _ in ranked] == [3, 2]
    assert ranked[0][1] > ranked[1][1]


def test_it_drops_candidates_below_the_threshold() -> None:
    candidates = [(1, "The central bank raised interest rates again on Tuesday.")]

    assert rank_similar(CLAIM, candidates, threshold=0.3) == []


def test_it_returns_at_most_limit_candidates() -> None:
    candidates = [(n, CLAIM) for n in range(1, 6)]

    assert len(rank_similar(CLAIM, candidates, limit=2)) == 2


def test_it_compares_lemmas_so_inflections_match() -> None:
    assert text_similarity("Drones struck the refinery", "A drone strikes refineries") == 1.0


def test_prior_verdicts_result_summarises_each_verdict() -> None:
    result = prior_verdicts_result(
        [
            {
                "claim_id": 7,
                "status": "false",
                "reviewed_at": dt.datetime(2024, 1, 2, 14, 30, tzinfo=dt.UTC),
                "article_title": "Air defence claims questioned",
                "similarity": 0.71234,
            }
        ]
    )

    [verdict] = result["verdicts"]
    assert verdict["summary"] == "rated false on 2 Jan 2024 in Air defence claims questioned"
    assert verdict["reviewed_at"] == "2024-01-02T14:30:00+00:00"
    assert verdict["similarity"] == 0.712


def test_prior_verdicts_result_puts_the_most_similar_first() -> None:
    result = prior_verdicts_result(
        [
            {"claim_id": 1, "status": "accurate", "reviewed_at": None, "similarity": 0.4},
            {"claim_id": 2, "status": "misleading", "reviewed_at": None, "similarity": 0.9},
        ]
    )

    assert [v["claim_id"] for v in result["verdicts"]] == [2, 1]
    assert result["verdicts"][0]["summary"] == "rated misleading"
