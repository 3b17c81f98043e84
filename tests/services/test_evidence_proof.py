"""Proof that stored evidence is what was served: verify_evidence hashes every file again."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import EvidenceCapture
from claims.outbound import archive
from claims.services.evidence import evidence_capture, warc_file
from claims.services.review import claim_update
from tests.factories import ClaimFactory
from tests.pages import Site, evidence_page

pytestmark = pytest.mark.django_db

PAGE = evidence_page("Statement", ["Air defences shot down 31 drones over two regions."])


def _captured(site: Site, path: str) -> EvidenceCapture:
    claim = ClaimFactory()
    url = site.page(path, PAGE.replace("Statement", path))
    claim_update(claim_id=claim.pk, actor=None, expected_version=1, evidence=[url])
    capture = evidence_capture(capture_id=EvidenceCapture.objects.get(claim=claim).pk)
    assert capture is not None
    assert capture.status == EvidenceCapture.Status.CAPTURED
    return capture


def test_every_stored_capture_hashes_as_recorded(evidence_site: Site, capsys: Any) -> None:
    first, second = _captured(evidence_site, "/a.html"), _captured(evidence_site, "/b.html")
    call_command("verify_evidence")
    out = capsys.readouterr().out
    assert f"ok        capture {first.pk} {first.sha256}" in out
    assert f"ok        capture {second.pk} {second.sha256}" in out
    assert "Checked 2 capture(s): 2 ok, 0 mismatched." in out


def test_a_changed_or_missing_file_is_reported_and_the_command_fails(
    evidence_site: Site, capsys: Any
) -> None:
    tampered, missing, intact = (
        _captured(evidence_site, "/a.html"),
        _captured(evidence_site, "/b.html"),
        _captured(evidence_site, "/c.html"),
    )
    forged = archive.Exchange(
        url=tampered.url,
        request_headers=[("Host", "127.0.0.1")],
        http_version="HTTP/1.1",
        status=200,
        reason="OK",
        headers=[("Content-Type", "text/html")],
        body=b"<p>Air defences shot down 13 drones.</p>",
    )
    archive.write_warc(
        warc_file(tampered),
        [forged],
        captured_at=datetime.datetime.now(tz=datetime.UTC),
        sha256=tampered.sha256,  # the forger copies the recorded hash into the file too
        title="",
        text="",
    )
    warc_file(missing).unlink()

    with pytest.raises(CommandError, match="2 capture"):
        call_command("verify_evidence", "--quiet")
    out = capsys.readouterr().out
    assert f"MISMATCH  capture {tampered.pk} of claim {tampered.claim_id}" in out
    assert "the stored bytes hash differently" in out
    assert f"MISMATCH  capture {missing.pk}" in out
    assert "is missing" in out
    assert f"capture {intact.pk} " not in out  # --quiet: mismatches only
    assert "Checked 3 capture(s): 1 ok, 2 mismatched." in out
