"""Check fan-out and runs: one record per claim and kind, idempotent, failures contained."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from claims.checks import TransientCheckError, all_kinds
from claims.models import Article, Check
from claims.selectors.checks import claim_input, prior_verdicts
from claims.services.checks import (
    check_run,
    checks_queue,
    checks_rerun,
    claims_checks_run,
    enabled_check_names,
)
from claims.services.extraction import article_extract
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

TEXT = "The ministry said 12 missiles were fired at Belgorod on Wednesday: six and five."


@pytest.fixture
def api_answering() -> Iterator[tuple[str, list[int]]]:
    """A local fact-check search API whose answer status the test sets."""
    status = [200]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"claims": []} if status[0] == 200 else {"error": {}}).encode()
            self.send_response(status[0])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/claims:search", status
    server.shutdown()


def run_all(article: Article) -> None:
    for check_id in Check.objects.filter(claim__article=article).values_list("id", flat=True):
        check_run(check_id=check_id)


def test_queueing_gives_each_claim_one_check_per_kind_and_the_article_verifies() -> None:
    claim = ClaimFactory(text=TEXT, article__published="2024-01-03")
    checks_queue(claims=[claim])
    assert sorted(claim.checks.values_list("kind", flat=True)) == sorted(enabled_check_names())
    assert Article.objects.get(pk=claim.article_id).status == Article.Status.VERIFYING


FROM_FACTS = {kind.name for kind in all_kinds() if kind.from_facts}


def test_checks_read_from_the_stored_facts_are_done_as_they_are_queued() -> None:
    claim = ClaimFactory(text=TEXT, article__published="2024-01-05")
    checks_queue(claims=[claim])
    assert {"places", "quantities", "time"} == FROM_FACTS
    done = {c.kind: c for c in claim.checks.filter(state="done")}
    assert set(done) == FROM_FACTS
    assert done["time"].result["expressions"][0]["date_from"] == "2024-01-03"
    assert done["quantities"].result["flags"]
    assert (done["places"].attempts, done["places"].finished_at is not None) == (1, True)
    # The rest wait for a task, and the article for them.
    assert set(claim.checks.exclude(kind__in=FROM_FACTS).values_list("state", flat=True)) == {
        "queued"
    }
    assert Article.objects.get(pk=claim.article_id).status == Article.Status.VERIFYING


NETWORK = {kind.name for kind in all_kinds() if kind.network}


def test_with_archive_now_every_check_but_the_networks_is_done_as_it_is_queued(
    django_capture_on_commit_callbacks: Any,
) -> None:
    earlier = ClaimFactory(
        text="Officials said 12 missiles were fired at Belgorod on Wednesday.",
        article__published="2024-01-04",
    )
    claim = ClaimFactory(text=TEXT, article__published="2024-01-05")
    with django_capture_on_commit_callbacks() as sent:
        checks_queue(claims=[claim], archive_now=True)
    assert {"external_factchecks"} == NETWORK
    assert set(claim.checks.values_list("state", flat=True)) == {"done"}
    assert set(claim.checks.values_list("attempts", flat=True)) == {1}
    corroboration = claim.checks.get(kind="corroboration").result
    assert [m["claim_id"] for m in corroboration["matches"]] == [earlier.pk]
    assert Article.objects.get(pk=claim.article_id).status == Article.Status.READY
    assert sent == []  # no task: nothing is left to run


def test_with_archive_now_a_network_check_still_waits_for_a_task(
    api_answering: tuple[str, list[int]], django_capture_on_commit_callbacks: Any
) -> None:
    url, _ = api_answering
    with override_settings(FACTCHECK_API_KEY="k", FACTCHECK_API_URL=url):
        claim = ClaimFactory(text=TEXT)
        with django_capture_on_commit_callbacks() as sent:
            checks_queue(claims=[claim], archive_now=True)
        states = dict(claim.checks.values_list("kind", "state"))
        assert {k for k, s in states.items() if s == "queued"} == NETWORK
        assert len(sent) == 1
        assert Article.objects.get(pk=claim.article_id).status == Article.Status.VERIFYING
        run_all(claim.article)
    assert set(claim.checks.values_list("state", flat=True)) == {"done"}
    assert Article.objects.get(pk=claim.article_id).status == Article.Status.READY


def test_a_query_failing_in_the_checks_at_once_leaves_them_to_a_task(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from claims.selectors import checks as selectors

    def broken(*args: Any, **kwargs: Any) -> Any:
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    ClaimFactory(text="Officials said 12 missiles were fired at Belgorod on Wednesday.")
    claim = ClaimFactory(text=TEXT, article__published="2024-01-05")
    with monkeypatch.context() as patched:
        patched.setattr(selectors, "_claims_naming_each", broken)
        with django_capture_on_commit_callbacks() as sent:
            checks_queue(claims=[claim], archive_now=True)
    # The transaction goes on: every row is stored, queued, and a task sent for them.
    assert sorted(claim.checks.values_list("kind", flat=True)) == sorted(enabled_check_names())
    assert set(claim.checks.values_list("state", flat=True)) == {"queued"}
    assert len(sent) == 1
    assert Article.objects.get(pk=claim.article_id).status == Article.Status.VERIFYING
    run_all(claim.article)
    assert set(claim.checks.values_list("state", flat=True)) == {"done"}


def test_an_extracted_article_is_ready_with_its_claims_when_no_check_asks_the_network() -> None:
    article = ArticleFactory(body="The ministry said 12 missiles were fired at Belgorod.")
    article_extract(article_id=article.pk)
    checks = Check.objects.filter(claim__article=article)
    assert checks.count() == article.claims.count() * len(enabled_check_names()) > 0
    assert set(checks.values_list("state", flat=True)) == {"done"}
    assert Article.objects.get(pk=article.pk).status == Article.Status.READY


def test_the_checks_of_an_extraction_read_its_claims_as_stored_not_back_from_the_database() -> None:
    article = ArticleFactory(
        body="The ministry said 12 missiles were fired at Belgorod. Police said 3 drones "
        "struck Kharkiv on Monday.",
        published="2024-01-04",
    )
    with CaptureQueriesContext(connection) as captured:
        article_extract(article_id=article.pk)
    # Claims read whole by their ids (the article's own, before it has any, are read by
    # article, and those people added by article too).
    read_back = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT")
        and '"claims_claim"."facts"' in q["sql"]
        and re.search(r'WHERE \(?"claims_claim"\."id" IN', q["sql"])
    ]
    assert read_back == []
    assert Article.objects.get(pk=article.pk).status == Article.Status.READY


def test_a_first_extraction_inserts_its_checks_and_updates_none() -> None:
    article = ArticleFactory(body="Police said 3 drones struck Kharkiv on Monday.")
    with CaptureQueriesContext(connection) as captured:
        article_extract(article_id=article.pk)
    # The rows are new: they are written once, whole, not written and then rewritten.
    assert not [
        q for q in captured.captured_queries if q["sql"].startswith('UPDATE "claims_check"')
    ]
    assert Check.objects.filter(claim__article=article, state="done").count() > 0


def test_the_article_is_ready_when_every_check_is_done() -> None:
    claim = ClaimFactory(text=TEXT, article__published="2024-01-03")
    checks_queue(claims=[claim])
    run_all(claim.article)
    assert set(claim.checks.values_list("state", flat=True)) == {"done"}
    assert Article.objects.get(pk=claim.article_id).status == Article.Status.READY


def test_the_quantities_check_flags_parts_that_do_not_add_up() -> None:
    claim = ClaimFactory(text=TEXT, article__published="2024-01-03")
    checks_queue(claims=[claim])
    run_all(claim.article)
    result = claim.checks.get(kind="quantities").result
    assert result["flags"], result


def test_the_time_check_resolves_a_weekday_against_the_publication_date() -> None:
    claim = ClaimFactory(text=TEXT, article__published="2024-01-05")
    checks_queue(claims=[claim])
    run_all(claim.article)
    expressions = claim.checks.get(kind="time").result["expressions"]
    assert expressions[0]["date_from"] == "2024-01-03"


def test_a_check_delivered_twice_runs_once() -> None:
    claim = ClaimFactory(text=TEXT)
    checks_queue(claims=[claim])
    check = claim.checks.get(kind="quantities")
    check_run(check_id=check.pk)
    first = Check.objects.get(pk=check.pk)
    check_run(check_id=check.pk)
    again = Check.objects.get(pk=check.pk)
    assert (again.attempts, again.finished_at, again.result) == (1, first.finished_at, first.result)


def test_a_rerun_replaces_results_without_adding_rows() -> None:
    claim = ClaimFactory(text=TEXT)
    checks_queue(claims=[claim])
    run_all(claim.article)
    before = set(claim.checks.values_list("id", flat=True))
    checks_rerun(claim_ids=[claim.pk])
    assert set(claim.checks.values_list("id", flat=True)) == before
    states = dict(claim.checks.values_list("kind", "state"))
    assert {states[k] for k in FROM_FACTS} == {"done"}
    assert {s for k, s in states.items() if k not in FROM_FACTS} == {"queued"}
    run_all(claim.article)
    assert set(claim.checks.values_list("state", flat=True)) == {"done"}


def test_a_failing_check_is_marked_failed_with_its_error_and_the_others_go_on(
    api_answering: tuple[str, list[int]],
) -> None:
    url, status = api_answering
    status[0] = 400
    with override_settings(FACTCHECK_API_KEY="k", FACTCHECK_API_URL=url):
        claim = ClaimFactory(text=TEXT)
        checks_queue(claims=[claim])
        run_all(claim.article)
    failed = claim.checks.get(kind="external_factchecks")
    assert failed.state == "failed"
    assert "400" in failed.error
    assert set(claim.checks.exclude(pk=failed.pk).values_list("state", flat=True)) == {"done"}
    assert Article.objects.get(pk=claim.article_id).status == Article.Status.READY


def test_a_transient_failure_is_queued_for_retry_until_the_last_attempt(
    api_answering: tuple[str, list[int]],
) -> None:
    url, status = api_answering
    status[0] = 503
    with override_settings(FACTCHECK_API_KEY="k", FACTCHECK_API_URL=url):
        claim = ClaimFactory(text=TEXT)
        checks_queue(claims=[claim])
        check = claim.checks.get(kind="external_factchecks")
        with pytest.raises(TransientCheckError):
            check_run(check_id=check.pk, final_attempt=False)
        assert Check.objects.get(pk=check.pk).state == "queued"
        check_run(check_id=check.pk, final_attempt=True)
    check.refresh_from_db()
    assert (check.state, check.attempts) == ("failed", 2)
    assert "Gave up after 2 attempts" in check.error


def test_an_article_with_no_claims_is_ready_as_soon_as_it_is_extracted() -> None:
    article = ArticleFactory(body="\n\n")
    article_extract(article_id=article.pk)
    assert Article.objects.get(pk=article.pk).status == Article.Status.READY


def test_prior_verdicts_are_the_most_similar_reviewed_claims_only() -> None:
    text = "The governor said 14 drones hit the river port of Dovresk overnight."
    near = ClaimFactory(
        text="The governor said 12 drones hit the river port of Dovresk overnight.",
        status="false",
    )
    ClaimFactory(text="The governor said 14 drones hit the river port of Dovresk.")  # unreviewed
    ClaimFactory(text="Bread prices rose by a tenth in the capital last month.", status="accurate")
    claim = ClaimFactory(text=text)

    found = prior_verdicts(claim_input(claim))

    assert [(f["claim_id"], f["status"]) for f in found] == [(near.pk, "false")]
    assert found[0]["similarity"] > 0.7


def test_corroboration_finds_other_articles_naming_the_place_near_the_same_day() -> None:
    text = "Officials said 12 drones struck Kharkiv on Monday."
    near = ClaimFactory(text=text, article__published="2024-01-03")
    months_before = ClaimFactory(text=text, article__published="2023-05-03")
    elsewhere = ClaimFactory(
        text="Officials said 12 drones struck Odesa on Monday.", article__published="2024-01-03"
    )
    claim = ClaimFactory(
        text="The governor said 12 drones hit Kharkiv on Monday.",
        article__published="2024-01-04",
        source=SourceFactory(),
    )
    same_article = ClaimFactory(
        article=claim.article,
        text="Police said 15 drones hit Kharkiv on Monday.",
        source=SourceFactory(),
    )
    checks_queue(claims=[near, months_before, elsewhere, claim, same_article])
    claims_checks_run(claim_ids=[claim.pk, same_article.pk])
    result = claim.checks.get(kind="corroboration").result
    assert [m["claim_id"] for m in result["matches"]] == [near.pk]
    assert result["matches"][0]["relation"] == "supporting"
    assert [m["claim_id"] for m in result["same_article"]] == [same_article.pk]


def test_corroboration_reads_the_archive_once_for_a_batch() -> None:
    article = ArticleFactory(published="2024-01-04")
    names = ["Kharkiv", "Odesa", "Lviv", "Dnipro", "Kyiv", "Zaporizhzhia"]
    claims = [
        ClaimFactory(article=article, text=f"Officials said {n + 3} drones struck {name}.")
        for n, name in enumerate(names)
    ]
    for n, name in enumerate(names):
        ClaimFactory(
            text=f"Police said {n + 3} drones struck {name}.", article__published="2024-01-03"
        )
    checks_queue(claims=claims)
    with CaptureQueriesContext(connection) as one_batch:
        claims_checks_run(claim_ids=[c.pk for c in claims])
    naming = [q for q in one_batch.captured_queries if "LIKE" in q["sql"]]
    assert len(naming) == 1, [q["sql"][:200] for q in naming]
    for claim in claims:
        matches = claim.checks.get(kind="corroboration").result["matches"]
        assert len(matches) == 1, matches
