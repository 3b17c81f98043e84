"""A reviewer saves an evidence link in the panel and sees it captured, hashed and dated."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from playwright.sync_api import expect

from claims.models import EvidenceCapture
from claims.services.evidence import evidence_capture
from tests.browser.conftest import make_user
from tests.conftest import wait_for
from tests.pages import Site, evidence_page
from tests.web.helpers import article_with_claims

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGE = evidence_page(
    "Regional emergency service",
    ["120 firefighters and 35 fire engines were sent to the two burning depots."],
)


def test_a_saved_link_shows_as_captured_with_its_hash_and_a_snapshot_download(
    log_in: Any, live_server: Any, evidence_site: Site
) -> None:
    make_user("rita", "reviewer")
    article = article_with_claims(2)
    claim = article.claims.order_by("start")[0]
    url = evidence_site.page("/statement.html", PAGE)
    page = log_in("rita")
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    page.wait_for_selector("#claim-panel[data-claim-id]")

    page.fill("#id_evidence", url)
    page.click("#save-review")
    expect(page.locator("#panel-notice")).to_have_text("Saved.")
    item = page.locator("#evidence-list li")
    expect(item).to_contain_text("Capturing…")

    # The worker's part (tests have no worker here): capture the link as it would.
    assert wait_for(lambda: EvidenceCapture.objects.filter(claim=claim).exists(), timeout=10)
    capture = evidence_capture(capture_id=EvidenceCapture.objects.get(claim=claim).pk)
    assert capture is not None
    assert capture.status == EvidenceCapture.Status.CAPTURED

    # The panel asks again by itself while a capture is under way.
    expect(item).to_contain_text("captured", timeout=10_000)
    expect(item).to_contain_text("UTC")
    expect(item.locator(".sha256 code")).to_have_text(
        hashlib.sha256(PAGE.encode("utf-8")).hexdigest()
    )
    expect(page.locator("#evidence-list")).not_to_have_attribute("hx-trigger", "every 2s")
    snapshot = item.locator("a.snapshot")
    href = snapshot.get_attribute("href")
    assert href == f"/api/v1/evidence/{capture.pk}/snapshot/"
    with page.expect_download() as download_info:
        snapshot.click()
    download = download_info.value
    assert download.suggested_filename == f"evidence-{capture.pk}.html"
    with open(download.path(), "rb") as saved:
        assert saved.read() == PAGE.encode("utf-8")
    # Still the review page: the snapshot was a download, never opened as our page.
    assert page.url.startswith(f"{live_server.url}/articles/{article.pk}/")
