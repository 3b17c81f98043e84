"""Evidence through the API: captured links as objects, the snapshot as a download, an
article's evidence as one WARC file, and the issue's own check end to end."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from rest_framework.test import APIClient
from warcio.archiveiterator import ArchiveIterator

from claims.models import EvidenceCapture
from claims.services.evidence import evidence_capture
from claims.services.publishing import claim_signoff
from claims.services.review import claim_update
from tests.api.conftest import error_of
from tests.factories import COMPLETE_DRAFT, ClaimFactory
from tests.pages import Site, evidence_page

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"
ORIGINAL = evidence_page(
    "Port authority log",
    [
        "The port authority's log for the night lists 14 drones over the river port, two "
        "fuel depots hit and no ships damaged.",
        "Power was cut to about 40,000 homes until the morning.",
    ],
)
FIELDS = {
    "url",
    "status",
    "final_url",
    "http_status",
    "content_type",
    "title",
    "sha256",
    "size",
    "captured_at",
    "snapshot_url",
    "archive_url",
    "error",
}


def _body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def test_a_reviewer_saves_a_local_page_as_evidence_and_its_snapshot_outlives_changes(
    reviewer: Any,
    make_client: Any,
    evidence_site: Site,
    eager_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # The "how it is checked", on a server allowed to fetch loopback.
    claim = ClaimFactory()
    url = evidence_site.page("/port-log.html", ORIGINAL)
    client = make_client(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.patch(
            f"{CLAIMS}{claim.pk}/", {"version": 1, "evidence": [url]}, format="json"
        )
    assert saved.status_code == 200, saved.json()

    evidence = client.get(f"{CLAIMS}{claim.pk}/").json()["evidence"]
    assert len(evidence) == 1
    item = evidence[0]
    assert item["url"] == url
    assert item["status"] == "captured"
    assert item["sha256"] == hashlib.sha256(ORIGINAL.encode("utf-8")).hexdigest()
    assert item["captured_at"].endswith("Z")
    assert item["http_status"] == 200

    evidence_site.page("/port-log.html", ORIGINAL.replace("14 drones", "31 drones"))
    snapshot = client.get(item["snapshot_url"])
    assert snapshot.status_code == 200
    assert _body(snapshot) == ORIGINAL.encode("utf-8")


def test_the_detail_gives_each_link_as_an_object_with_its_capture(
    reviewer: Any, make_client: Any, evidence_site: Site
) -> None:
    claim = ClaimFactory()
    url = evidence_site.page("/port-log.html", ORIGINAL)
    claim_update(
        claim_id=claim.pk,
        actor=reviewer,
        expected_version=1,
        evidence=[url, f"{evidence_site.url}/gone.html", "https://news.example.org/later"],
    )
    for capture in EvidenceCapture.objects.filter(claim=claim).exclude(url__contains="later"):
        evidence_capture(capture_id=capture.pk)
    captured, failed, pending = make_client(reviewer).get(f"{CLAIMS}{claim.pk}/").json()["evidence"]
    assert set(captured) == set(failed) == set(pending) == FIELDS
    assert captured["snapshot_url"].startswith("http://testserver/api/v1/evidence/")
    assert captured["title"] == "Port authority log"
    assert captured["content_type"] == "text/html; charset=utf-8"
    assert (failed["status"], failed["sha256"], failed["snapshot_url"]) == ("failed", None, None)
    assert "HTTP 404" in failed["error"]
    assert (pending["status"], pending["captured_at"]) == ("pending", None)


def test_patch_takes_a_list_of_urls_and_keeps_the_captures_of_links_already_there(
    reviewer: Any, make_client: Any, evidence_site: Site
) -> None:
    claim = ClaimFactory()
    url = evidence_site.page("/port-log.html", ORIGINAL)
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, evidence=[url])
    capture = EvidenceCapture.objects.get(claim=claim)
    evidence_capture(capture_id=capture.pk)
    response = make_client(reviewer).patch(
        f"{CLAIMS}{claim.pk}/",
        {"version": 2, "evidence": ["https://news.example.org/new", url]},
        format="json",
    )
    assert response.status_code == 200
    by_url = {item["url"]: item for item in response.json()["evidence"]}
    assert by_url[url]["status"] == "captured"
    assert by_url[url]["snapshot_url"].endswith(f"/api/v1/evidence/{capture.pk}/snapshot/")
    assert by_url["https://news.example.org/new"]["status"] == "pending"
    # Objects are answers, not input: a write still takes URLs.
    refused = make_client(reviewer).patch(
        f"{CLAIMS}{claim.pk}/", {"version": 3, "evidence": [{"url": url}]}, format="json"
    )
    assert refused.status_code == 400
    assert "evidence" in error_of(refused)["fields"]


def _captured_claim(reviewer: Any, evidence_site: Site) -> tuple[Any, EvidenceCapture]:
    claim = ClaimFactory()
    url = evidence_site.page("/port-log.html", ORIGINAL)
    draft = {**COMPLETE_DRAFT, "evidence": [url]}
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, **draft)
    capture = evidence_capture(capture_id=EvidenceCapture.objects.get(claim=claim).pk)
    assert capture is not None
    return claim, capture


def test_the_snapshot_is_a_download_that_no_browser_renders_as_our_page(
    reviewer: Any, make_client: Any, evidence_site: Site
) -> None:
    _, capture = _captured_claim(reviewer, evidence_site)
    response = make_client(reviewer).get(
        f"/api/v1/evidence/{capture.pk}/snapshot/", HTTP_ACCEPT="text/html"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == (f'attachment; filename="evidence-{capture.pk}.html"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["X-Evidence-SHA256"] == capture.sha256
    assert _body(response) == ORIGINAL.encode("utf-8")


def test_only_reviewers_download_the_snapshot_of_unpublished_evidence(
    reviewer: Any, outsider: Any, make_client: Any, evidence_site: Site
) -> None:
    _, capture = _captured_claim(reviewer, evidence_site)
    path = f"/api/v1/evidence/{capture.pk}/snapshot/"
    assert APIClient().get(path).status_code == 404
    assert make_client(outsider).get(path).status_code == 404
    assert make_client(reviewer, read_only=True).get(path).status_code == 200


def test_anyone_downloads_the_evidence_of_a_published_verdict(
    reviewer: Any, editor: Any, evidence_site: Site
) -> None:
    claim, capture = _captured_claim(reviewer, evidence_site)
    claim.refresh_from_db()
    claim_signoff(claim_id=claim.pk, editor=editor, expected_version=claim.version, approve=True)
    response = APIClient().get(f"/api/v1/evidence/{capture.pk}/snapshot/")
    assert response.status_code == 200
    assert _body(response) == ORIGINAL.encode("utf-8")


def test_a_capture_that_failed_has_no_snapshot(reviewer: Any, make_client: Any) -> None:
    claim = ClaimFactory()
    claim_update(
        claim_id=claim.pk, actor=reviewer, expected_version=1, evidence=["https://x.example/a"]
    )
    capture = evidence_capture(capture_id=EvidenceCapture.objects.get(claim=claim).pk)
    assert capture is not None
    assert capture.status == "failed"
    response = make_client(reviewer).get(f"/api/v1/evidence/{capture.pk}/snapshot/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_an_editor_downloads_an_articles_evidence_as_one_warc_file(
    reviewer: Any, editor: Any, make_client: Any, evidence_site: Site
) -> None:
    claim, capture = _captured_claim(reviewer, evidence_site)
    other = ClaimFactory(article=claim.article, start=5)
    second_url = evidence_site.page("/chart.png", b"\x89PNG\r\n\x1a\nchart", "image/png")
    claim_update(claim_id=other.pk, actor=reviewer, expected_version=1, evidence=[second_url])
    second = evidence_capture(capture_id=EvidenceCapture.objects.get(claim=other).pk)
    assert second is not None

    path = f"/api/v1/articles/{claim.article_id}/evidence-warc/"
    assert make_client(reviewer).get(path).status_code == 403
    response = make_client(editor).get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/warc"
    assert "attachment" in response["Content-Disposition"]
    records = [
        (
            record.rec_type,
            record.rec_headers.get_header("WARC-Target-URI"),
            record.raw_stream.read(),
        )
        for record in ArchiveIterator(io.BytesIO(_body(response)), check_digests=True)
    ]
    responses = [(uri, body) for kind, uri, body in records if kind == "response"]
    assert [uri for uri, _ in responses] == [capture.url, second_url]
    assert [hashlib.sha256(body).hexdigest() for _, body in responses] == [
        capture.sha256,
        second.sha256,
    ]
    assert records[0][0] == "warcinfo"


def test_the_schema_documents_evidence_objects_and_the_downloads(db: None) -> None:
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    evidence = schema["components"]["schemas"]["Evidence"]["properties"]
    assert set(evidence) >= FIELDS
    detail = schema["components"]["schemas"]["ClaimDetail"]["properties"]["evidence"]
    assert detail["items"]["$ref"].endswith("/Evidence")
    assert "/api/v1/evidence/{id}/snapshot/" in schema["paths"]
    assert "/api/v1/articles/{id}/evidence-warc/" in schema["paths"]
    update = schema["components"]["schemas"]["PatchedClaimUpdateInputRequest"]["properties"]
    assert update["evidence"]["items"]["type"] == "string"
