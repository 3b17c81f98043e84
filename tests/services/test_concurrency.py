"""Races on real PostgreSQL: each thread has its own connection, and they start together."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from claims.errors import ConflictError
from claims.models import Check, Claim, ReviewEvent
from claims.services.checks import check_run, enabled_check_names
from claims.services.extraction import article_extract
from claims.services.ingest import article_submit
from claims.services.review import claim_update
from tests.conftest import ROOT
from tests.factories import ClaimFactory, UserFactory

SAMPLE = (ROOT / "tests" / "samples" / "border-shelling.txt").read_text(encoding="utf-8")

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment in threads; each result or raised exception."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # collected for the test to inspect
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_reviewers_saving_the_same_claim_at_once_one_wins_and_nothing_is_lost() -> None:
    claim = ClaimFactory()
    first, second = UserFactory(roles=["reviewer"]), UserFactory(roles=["reviewer"])

    def save(actor: Any, version: int, rationale: str) -> Callable[[], Claim]:
        return lambda: claim_update(
            claim_id=claim.pk, actor=actor, expected_version=version, rationale=rationale
        )

    for round_ in range(5):  # several rounds, as the race is decided by timing
        version = Claim.objects.get(pk=claim.pk).version
        results = race(
            save(first, version, f"A, round {round_}: the ministry says 9."),
            save(second, version, f"B, round {round_}: the governor says 12."),
        )
        saved = [r for r in results if isinstance(r, Claim)]
        refused = [r for r in results if isinstance(r, ConflictError)]
        assert (len(saved), len(refused)) == (1, 1), results
        stored = Claim.objects.get(pk=claim.pk)
        assert stored.version == version + 1
        assert stored.rationale == saved[0].rationale
    # One history row per successful save, none for the refused ones.
    assert ReviewEvent.objects.filter(claim=claim).count() == 5


def test_the_same_check_delivered_twice_at_once_stores_one_result() -> None:
    claim = ClaimFactory(
        text="The ministry said 31 drones were shot down: 19 over Dovresk and 12 over Kalmin."
    )
    check = Check.objects.create(claim=claim, kind="quantities")
    results = race(
        lambda: check_run(check_id=check.pk),
        lambda: check_run(check_id=check.pk),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    check.refresh_from_db()
    assert check.state == "done"
    assert [a["consistent"] for a in check.result["arithmetic"]] == [True]  # 19 + 12 = 31
    assert Check.objects.filter(claim=claim).count() == 1


def test_the_same_extraction_delivered_twice_at_once_stores_each_claim_once() -> None:
    article, _ = article_submit(body=SAMPLE, publisher="Harbour Courier")
    results = race(
        lambda: article_extract(article_id=article.pk),
        lambda: article_extract(article_id=article.pk),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    keys = list(article.claims.values_list("extraction_key", flat=True))
    assert keys
    assert len(keys) == len(set(keys))
    assert Check.objects.filter(claim__article=article).count() == len(keys) * len(
        enabled_check_names()
    )
