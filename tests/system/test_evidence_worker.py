"""The issue's check with a real worker on Redis: a reviewer saves a link to a local page,
a worker allowed to fetch loopback captures it, and the snapshot outlives the page."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from claims.models import EvidenceCapture
from claims.services.tokens import api_token_issue
from tests.conftest import start_worker, stop_worker, test_database_url, wait_for
from tests.factories import ClaimFactory, UserFactory
from tests.pages import Site, evidence_page

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PAGE = evidence_page("Port authority log", ["The log lists 14 drones over the river port."])


def test_a_worker_captures_a_saved_link_and_the_snapshot_keeps_the_original_bytes(
    evidence_site: Site,
) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("a real worker needs CELERY_BROKER_URL")
    evidence_dir = Path(settings.EVIDENCE_DIR)
    worker = start_worker(
        "evidence",
        broker_url=settings.CELERY_BROKER_URL,
        database_url=test_database_url(),
        env={"ARTICLE_FETCH_ALLOW_PRIVATE": "1", "EVIDENCE_DIR": str(evidence_dir)},
    )
    try:
        reviewer = UserFactory(username="rita", roles=["reviewer"])
        _, key = api_token_issue(user=reviewer, issuer=reviewer, name="test")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        claim = ClaimFactory()
        url = evidence_site.page("/port-log.html", PAGE)

        saved = client.patch(
            f"/api/v1/claims/{claim.pk}/", {"version": 1, "evidence": [url]}, format="json"
        )
        assert saved.status_code == 200

        def captured() -> bool:
            return EvidenceCapture.objects.filter(
                claim=claim, status=EvidenceCapture.Status.CAPTURED
            ).exists()

        assert wait_for(captured, timeout=60)
        (item,) = client.get(f"/api/v1/claims/{claim.pk}/").json()["evidence"]
        assert item["sha256"] == hashlib.sha256(PAGE.encode("utf-8")).hexdigest()
        assert item["captured_at"]

        evidence_site.page("/port-log.html", PAGE.replace("14 drones", "31 drones"))
        snapshot: Any = client.get(item["snapshot_url"])
        assert snapshot.status_code == 200
        assert snapshot.content == PAGE.encode("utf-8")
    finally:
        stop_worker(worker)
