from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims.models import Check, Claim, EvidenceCapture, ReviewEvent
from claims.services.publishing import claim_signoff
from claims.services.review import claim_update
from tests.api.conftest import error_of
from tests.factories import (
    COMPLETE_DRAFT,
    ArticleFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"


def _ids(response) -> list[int]:
    return [c["id"] for c in response.json()["results"]]


def test_the_list_filters_by_article_status_source_and_assignee(reviewer, make_client):
    source = SourceFactory()
    wanted = ClaimFactory(source=source, status="false", assignee=reviewer)
    ClaimFactory(article=wanted.article, source=source, status="accurate", start=3)
    ClaimFactory(status="false", assignee=reviewer)
    response = make_client(reviewer).get(
        CLAIMS,
        {
            "article": wanted.article_id,
            "status": "false",
            "source": source.pk,
            "assignee": reviewer.pk,
        },
    )
    assert _ids(response) == [wanted.pk]


def test_the_list_filters_by_checkworthiness_range_and_orders(reviewer, make_client):
    low = ClaimFactory(checkworthiness=0.1)
    mid = ClaimFactory(checkworthiness=0.5)
    high = ClaimFactory(checkworthiness=0.9)
    client = make_client(reviewer)
    ranged = client.get(CLAIMS, {"checkworthiness_min": 0.4, "checkworthiness_max": 0.95})
    assert sorted(_ids(ranged)) == sorted([mid.pk, high.pk])
    ordered = client.get(CLAIMS, {"ordering": "-checkworthiness"})
    assert _ids(ordered) == [high.pk, mid.pk, low.pk]


def test_the_list_searches_claim_text(reviewer, make_client):
    ClaimFactory(text="Unemployment fell to 4 percent.")
    wanted = ClaimFactory(text="The bridge will reopen in June.")
    assert _ids(make_client(reviewer).get(CLAIMS, {"search": "bridge"})) == [wanted.pk]


def test_a_bad_filter_value_is_a_400_not_an_empty_list(reviewer, make_client):
    response = make_client(reviewer).get(CLAIMS, {"checkworthiness_min": "high"})
    assert response.status_code == 400
    assert "checkworthiness_min" in error_of(response)["fields"]


def test_the_claims_list_runs_the_same_number_of_queries_for_5_and_50_claims(
    reviewer, django_assert_num_queries
):
    client = APIClient()
    client.force_login(reviewer)
    source = SourceFactory()

    def make(n: int) -> None:
        article = ArticleFactory()
        for i in range(n):
            ClaimFactory(article=article, source=source, assignee=reviewer, start=i)

    make(5)
    with CaptureQueriesContext(connection) as five:
        assert client.get(CLAIMS).json()["count"] == 5
    make(45)
    with django_assert_num_queries(len(five.captured_queries)):
        assert len(client.get(CLAIMS).json()["results"]) == 50


def test_the_claims_list_runs_the_same_number_of_queries_at_page_size_10_and_100(
    reviewer, make_client, django_assert_num_queries
):
    article, source = ArticleFactory(), SourceFactory()
    for i in range(100):
        ClaimFactory(article=article, source=source, assignee=reviewer, start=i)
    client = make_client(reviewer)
    client.get(CLAIMS)  # a token's first use is recorded once; later requests only read
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get(CLAIMS, {"page_size": 10}).json()["results"]) == 10
    with django_assert_num_queries(len(ten.captured_queries)):
        assert len(client.get(CLAIMS, {"page_size": 100}).json()["results"]) == 100


@pytest.mark.parametrize("time_zone", ["UTC", "Europe/Kyiv"])
def test_a_claim_reads_the_same_in_the_list_as_in_its_detail(
    reviewer, editor, make_client, settings, time_zone
):
    # The list writes its rows out by hand for speed; the detail walks DRF's fields.
    settings.TIME_ZONE = time_zone
    bare = ClaimFactory(source=None, attribution="publisher")
    full = ClaimFactory(
        article=ArticleFactory(published=datetime.date(2025, 3, 1), url="https://x.example/a"),
        source=SourceFactory(),
        mention="the governor",
        cue="said",
        checkworthiness=0.75,
        quote="direct",
    )
    claim_update(
        claim_id=full.pk,
        actor=reviewer,
        expected_version=1,
        status="false",
        rationale="The ministry's own figures differ.",
        evidence=["https://evidence.example/1"],
        assignee=reviewer,
    )
    claim_signoff(claim_id=full.pk, editor=editor, expected_version=2, approve=True)
    # One link captured, as a worker leaves it: the evidence objects have every field set.
    EvidenceCapture.objects.filter(claim=full).update(
        status="captured",
        final_url="https://evidence.example/1/final",
        http_status=200,
        content_type="text/html",
        title="Ministry figures",
        sha256="ab" * 32,
        size=1234,
        captured_at=datetime.datetime(2025, 3, 2, 9, 30, tzinfo=datetime.UTC),
        warc_path="2025/03/capture.warc.gz",
        archive_url="https://web.archive.org/web/20250302093000/https://evidence.example/1",
    )
    client = make_client(reviewer)
    rows = {row["id"]: row for row in client.get(CLAIMS).json()["results"]}
    for claim in (bare, full):
        detail = client.get(f"{CLAIMS}{claim.pk}/").json()
        # What only one claim's page shows: its checks, history, and the verdict's versions.
        for only_in_detail in ("checks", "history", "missing", "published", "versions"):
            del detail[only_in_detail]
        assert rows[claim.pk] == detail
    assert rows[full.pk]["signed_off_by"] == {"id": editor.pk, "username": "ed"}
    assert rows[full.pk]["article"]["published"] == "2025-03-01"
    (evidence,) = rows[full.pk]["evidence"]
    assert evidence["status"] == "captured"
    assert evidence["sha256"] == "ab" * 32
    assert evidence["snapshot_url"].startswith("http://testserver/api/v1/evidence/")


def test_the_detail_has_checks_history_and_an_etag(reviewer, make_client):
    claim = ClaimFactory()
    Check.objects.create(claim=claim, kind="quantities", state="done", result={"n": 1})
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, status="false")
    response = make_client(reviewer).get(f"{CLAIMS}{claim.pk}/")
    body = response.json()
    assert response["ETag"] == '"2"'
    assert body["version"] == 2
    assert [c["kind"] for c in body["checks"]] == ["quantities"]
    assert [(h["field"], h["new_value"]) for h in body["history"]] == [("status", "false")]
    assert body["history"][0]["actor"]["username"] == "rita"


def test_a_reviewer_changes_status_rationale_and_evidence(reviewer, make_client):
    claim = ClaimFactory()
    response = make_client(reviewer).patch(
        f"{CLAIMS}{claim.pk}/",
        {
            "version": 1,
            "status": "misleading",
            "rationale": "The figure is for the whole country, not the region.",
            "evidence": ["https://stats.example.org/table-4"],
            "comment": "checked the table",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by, claim.evidence) == (
        "misleading",
        reviewer,
        ["https://stats.example.org/table-4"],
    )
    assert ReviewEvent.objects.filter(claim=claim, comment="checked the table").count() == 3


def test_if_match_can_carry_the_version(reviewer, make_client):
    claim = ClaimFactory()
    response = make_client(reviewer).patch(
        f"{CLAIMS}{claim.pk}/", {"status": "accurate"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200
    assert response.json()["status"] == "accurate"


def test_a_stale_write_gets_409_with_the_current_state_and_changes_nothing(
    reviewer, editor, make_client
):
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=editor, expected_version=1, status="accurate")
    response = make_client(reviewer).patch(
        f"{CLAIMS}{claim.pk}/", {"version": 1, "status": "false"}, format="json"
    )
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "conflict"
    assert error["detail"]["current_version"] == 2
    assert error["detail"]["current"]["status"] == "accurate"
    assert error["detail"]["current"]["version"] == 2
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("accurate", 2)


def test_a_write_without_a_version_is_refused(reviewer, make_client):
    claim = ClaimFactory()
    response = make_client(reviewer).patch(
        f"{CLAIMS}{claim.pk}/", {"status": "false"}, format="json"
    )
    assert response.status_code == 400
    assert "version" in error_of(response)["fields"]
    claim.refresh_from_db()
    assert claim.status == "unreviewed"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"version": 1, "evidence": ["not a url"]}, "evidence"),
        ({"version": 1, "evidence": ["javascript:alert(1)"]}, "evidence"),
        ({"version": 1, "evidence": "https://example.org"}, "evidence"),
        ({"version": 1, "status": "probably"}, "status"),
        ({"version": "1", "status": "false"}, "version"),
        ({"version": 1, "status": "false", "text": "rewritten"}, "text"),
        ({"version": 1, "assignee": 987654321}, "assignee"),
    ],
)
def test_bad_review_input_is_refused_field_by_field(reviewer, make_client, payload, field):
    claim = ClaimFactory()
    response = make_client(reviewer).patch(f"{CLAIMS}{claim.pk}/", payload, format="json")
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    claim.refresh_from_db()
    assert claim.version == 1


def test_claims_are_assigned_to_reviewers_only(reviewer, make_client):
    claim = ClaimFactory()
    outsider = UserFactory(username="outsider")
    client = make_client(reviewer)
    refused = client.patch(
        f"{CLAIMS}{claim.pk}/", {"version": 1, "assignee": outsider.pk}, format="json"
    )
    assert refused.status_code == 400
    assigned = client.patch(
        f"{CLAIMS}{claim.pk}/", {"version": 1, "assignee": reviewer.pk}, format="json"
    )
    assert assigned.json()["assignee"] == {"id": reviewer.pk, "username": "rita"}


def test_put_is_not_allowed(reviewer, make_client):
    claim = ClaimFactory()
    response = make_client(reviewer).put(f"{CLAIMS}{claim.pk}/", {"version": 1}, format="json")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_an_unknown_claim_is_a_404(reviewer, make_client):
    response = make_client(reviewer).patch(
        f"{CLAIMS}987654321/", {"version": 1, "status": "false"}, format="json"
    )
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def _verdict(reviewer) -> Claim:
    """A complete draft verdict, version 2, awaiting an editor."""
    claim = ClaimFactory()
    return claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, **COMPLETE_DRAFT)


def test_an_editor_signs_a_verdict_off(reviewer, editor, make_client):
    claim = _verdict(reviewer)
    response = make_client(editor).post(
        f"{CLAIMS}{claim.pk}/signoff/", {"version": 2, "approve": True}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["signed_off_by"]["username"] == "ed"
    claim.refresh_from_db()
    assert claim.signed_off_at is not None


def test_an_editor_sends_a_verdict_back_only_with_a_comment(reviewer, editor, make_client):
    claim = _verdict(reviewer)
    client = make_client(editor)
    url = f"{CLAIMS}{claim.pk}/signoff/"
    refused = client.post(url, {"version": 2, "approve": False}, format="json")
    assert refused.status_code == 400
    assert error_of(refused)["code"] == "comment_required"
    sent_back = client.post(
        url, {"version": 2, "approve": False, "comment": "Find the source table."}, format="json"
    )
    assert sent_back.json()["review_state"] == "sent_back"
    assert sent_back.json()["status"] == "false"  # the reviewer's rating stays, to revise


def test_a_reviewer_cannot_sign_off(reviewer, make_client):
    claim = _verdict(reviewer)
    other = UserFactory(username="rob", roles=["reviewer"])
    response = make_client(other).post(
        f"{CLAIMS}{claim.pk}/signoff/", {"version": 2, "approve": True}, format="json"
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.signed_off_at is None


def test_an_editor_cannot_sign_off_their_own_verdict(editor, make_client):
    claim = _verdict(editor)
    response = make_client(editor).post(
        f"{CLAIMS}{claim.pk}/signoff/", {"version": 2, "approve": True}, format="json"
    )
    assert response.status_code == 403
    assert error_of(response)["code"] == "same_person"


def test_a_stale_signoff_gets_409_with_the_current_state(reviewer, editor, make_client):
    claim = _verdict(reviewer)
    response = make_client(editor).post(
        f"{CLAIMS}{claim.pk}/signoff/", {"version": 1, "approve": True}, format="json"
    )
    assert response.status_code == 409
    assert error_of(response)["detail"]["current"]["version"] == 2


def test_the_history_lists_every_change_in_order(reviewer, editor, make_client):
    claim = _verdict(reviewer)
    claim_signoff(claim_id=claim.pk, editor=editor, expected_version=2, approve=True)
    response = make_client(reviewer).get(f"{CLAIMS}{claim.pk}/history/")
    assert [(e["field"], e["actor"]["username"]) for e in response.json()] == [
        ("status", "rita"),
        ("rationale", "rita"),
        ("evidence", "rita"),
        ("signoff", "ed"),
    ]


def test_checks_are_rerun_for_an_article(reviewer, make_client):
    claim = ClaimFactory()
    Check.objects.create(claim=claim, kind="corroboration", state="failed", error="timeout")
    response = make_client(reviewer).post(
        "/api/v1/checks/rerun/", {"article": claim.article_id}, format="json"
    )
    assert response.status_code == 202
    assert response.json()["claims"] == [claim.pk]
    check = Check.objects.get(claim=claim, kind="corroboration")
    assert (check.state, check.error) == ("queued", "")
    assert sorted(response.json()["checks"]) == sorted(claim.checks.values_list("id", flat=True))


def test_a_rerun_naming_an_unknown_claim_is_a_404_and_queues_nothing(reviewer, make_client):
    claim = ClaimFactory()
    response = make_client(reviewer).post(
        "/api/v1/checks/rerun/", {"claims": [claim.pk, 987654321]}, format="json"
    )
    assert response.status_code == 404
    assert not Check.objects.exists()


def test_a_rerun_needs_claims_or_an_article_not_both(reviewer, make_client):
    response = make_client(reviewer).post(
        "/api/v1/checks/rerun/", {"claims": [1], "article": 1}, format="json"
    )
    assert response.status_code == 400


def test_an_incomplete_draft_is_refused_with_what_it_lacks(reviewer, editor, make_client):
    claim = ClaimFactory()
    make_client(reviewer).patch(
        f"{CLAIMS}{claim.pk}/", {"version": 1, "status": "false"}, format="json"
    )
    detail = make_client(editor).get(f"{CLAIMS}{claim.pk}/").json()
    assert (detail["review_state"], detail["missing"]) == (
        "in_progress",
        ["a rationale", "evidence"],
    )
    refused = make_client(editor).post(
        f"{CLAIMS}{claim.pk}/signoff/", {"version": 2, "approve": True}, format="json"
    )
    assert refused.status_code == 400
    assert error_of(refused)["code"] == "incomplete"
    assert error_of(refused)["detail"]["missing"] == ["a rationale", "evidence"]


def test_an_editor_who_rewrote_a_verdict_cannot_approve_it(reviewer, editor, make_client):
    claim = _verdict(reviewer)
    client = make_client(editor)
    client.patch(f"{CLAIMS}{claim.pk}/", {"version": 2, "rationale": "Edited."}, format="json")
    refused = client.post(
        f"{CLAIMS}{claim.pk}/signoff/", {"version": 3, "approve": True}, format="json"
    )
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "same_person"


def test_the_claim_as_checked_is_edited_through_the_api(reviewer, make_client):
    claim = ClaimFactory()
    response = make_client(reviewer).patch(
        f"{CLAIMS}{claim.pk}/",
        {"version": 1, "claim_reviewed": "31 drones were shot down."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["claim_reviewed"] == "31 drones were shot down."


def test_the_detail_shows_the_public_version_beside_the_draft(reviewer, editor, make_client):
    claim = _verdict(reviewer)
    make_client(editor).post(
        f"{CLAIMS}{claim.pk}/signoff/", {"version": 2, "approve": True}, format="json"
    )
    make_client(reviewer).patch(
        f"{CLAIMS}{claim.pk}/", {"version": 3, "status": "accurate"}, format="json"
    )
    body = make_client(reviewer).get(f"{CLAIMS}{claim.pk}/").json()
    assert (body["status"], body["review_state"]) == ("accurate", "awaiting_signoff")
    assert body["published"]["rating"] == "false"
    assert body["published"]["version"] == 1
    assert body["published"]["url"].endswith(f"/factchecks/{claim.pk}/")
    assert body["published_version"] == 1
    assert [v["version"] for v in body["versions"]] == [1]


def test_an_editor_retracts_through_the_api_with_a_note(reviewer, editor, make_client):
    claim = _verdict(reviewer)
    client = make_client(editor)
    client.post(f"{CLAIMS}{claim.pk}/signoff/", {"version": 2, "approve": True}, format="json")
    refused = client.post(f"{CLAIMS}{claim.pk}/retract/", {"version": 3}, format="json")
    assert refused.status_code == 400
    done = client.post(
        f"{CLAIMS}{claim.pk}/retract/", {"version": 3, "note": "Misread."}, format="json"
    )
    assert done.status_code == 200, done.json()
    assert done.json()["published"] is None
    assert done.json()["versions"][0]["retraction_note"] == "Misread."
    assert (
        make_client(reviewer)
        .post(f"{CLAIMS}{claim.pk}/retract/", {"version": 4, "note": "x"}, format="json")
        .status_code
        == 403
    )
