"""Captured evidence on the pages: the claim panel, the public fact-check, the article."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from claims.models import EvidenceCapture
from claims.services.evidence import evidence_capture
from claims.services.publishing import claim_signoff
from claims.services.review import claim_update
from tests.factories import COMPLETE_DRAFT
from tests.pages import Site, evidence_page
from tests.web.helpers import HTMX, article_with_claims

pytestmark = pytest.mark.django_db

PAGE = evidence_page("Port log", ["The port authority's log lists 14 drones overnight."])


def _claim_with_evidence(reviewer: Any, site: Site) -> tuple[Any, list[EvidenceCapture]]:
    claim = article_with_claims(1).claims.get()
    urls = [
        site.page("/log.html", PAGE),
        f"{site.url}/gone.html",
        "https://news.example.org/later",
    ]
    claim_update(
        claim_id=claim.pk,
        actor=reviewer,
        expected_version=1,
        **{**COMPLETE_DRAFT, "evidence": urls},
    )
    captures = [EvidenceCapture.objects.get(claim=claim, url=url) for url in urls]
    for capture in captures[:2]:
        evidence_capture(capture_id=capture.pk)
    for capture in captures:
        capture.refresh_from_db()
    return claim, captures


def test_the_panel_shows_each_link_captured_or_why_not(
    reviewer: Any, reviewer_client: Client, evidence_site: Site
) -> None:
    claim, (captured, _, _) = _claim_with_evidence(reviewer, evidence_site)
    page = reviewer_client.get(f"/claims/{claim.pk}/", **HTMX).content.decode()
    assert captured.captured_at is not None
    when = captured.captured_at.strftime("%-d %b %Y, %H:%M")
    assert f'captured <time datetime="{captured.captured_at.isoformat()}' in page
    assert f"{when} UTC" in page
    assert captured.sha256 in page
    assert f'href="/api/v1/evidence/{captured.pk}/snapshot/" download' in page
    assert "Not captured: The page answered HTTP 404 Not Found." in page
    assert "Capturing…" in page
    # While a capture is under way, the list asks again by itself.
    assert f'hx-get="/claims/{claim.pk}/evidence/" hx-trigger="every 2s"' in page


def test_the_evidence_list_stops_polling_once_captures_are_done(
    reviewer: Any, reviewer_client: Client, evidence_site: Site
) -> None:
    claim, (_, _, pending) = _claim_with_evidence(reviewer, evidence_site)
    evidence_capture(capture_id=pending.pk)  # a reserved name: fails at once
    fragment = reviewer_client.get(f"/claims/{claim.pk}/evidence/", **HTMX).content.decode()
    assert fragment.strip().startswith('<ul class="evidence" id="evidence-list">')
    assert "hx-trigger" not in fragment
    assert "reserved for examples" in fragment


def test_the_evidence_list_is_for_reviewers_only(
    reviewer: Any, outsider: Any, evidence_site: Site
) -> None:
    claim, _ = _claim_with_evidence(reviewer, evidence_site)
    assert Client().get(f"/claims/{claim.pk}/evidence/").status_code == 302
    other = Client()
    other.force_login(outsider)
    assert other.get(f"/claims/{claim.pk}/evidence/").status_code == 403


def test_the_public_page_shows_when_each_link_was_captured_its_hash_and_snapshot(
    reviewer: Any, editor: Any, evidence_site: Site
) -> None:
    claim, (captured, failed, _) = _claim_with_evidence(reviewer, evidence_site)
    claim.refresh_from_db()
    claim_signoff(claim_id=claim.pk, editor=editor, expected_version=claim.version, approve=True)
    reader = Client()
    page = reader.get(f"/factchecks/{claim.pk}/").content.decode()
    assert captured.captured_at is not None
    assert f'captured <time datetime="{captured.captured_at.isoformat()}' in page
    assert captured.sha256 in page
    snapshot = f"/api/v1/evidence/{captured.pk}/snapshot/"
    assert f'href="{snapshot}" download' in page
    assert failed.url in page  # cited, though not captured
    download = reader.get(snapshot)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download.content == PAGE.encode("utf-8")


def test_editors_get_the_articles_evidence_as_warc_from_the_article_page(
    reviewer: Any, reviewer_client: Client, editor_client: Client, evidence_site: Site
) -> None:
    claim, _ = _claim_with_evidence(reviewer, evidence_site)
    link = f'href="/api/v1/articles/{claim.article_id}/evidence-warc/"'
    assert link in editor_client.get(f"/articles/{claim.article_id}/").content.decode()
    assert link not in reviewer_client.get(f"/articles/{claim.article_id}/").content.decode()
    download = editor_client.get(f"/api/v1/articles/{claim.article_id}/evidence-warc/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"\x1f\x8b"
