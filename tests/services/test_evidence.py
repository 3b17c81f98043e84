"""Capturing evidence links: against a real local site that redirects, drips, floods,
serves binary files, fails for a while and changes its pages."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import os
import time
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from warcio.archiveiterator import ArchiveIterator

from claims import tasks
from claims.models import Check, EvidenceCapture
from claims.outbound import archive
from claims.selectors.evidence import evidence_files_orphaned
from claims.services.evidence import evidence_capture, evidence_requeue_stale, warc_file
from claims.services.review import claim_update
from claims.services.sweep import stale_work_requeue
from tests.factories import ClaimFactory
from tests.pages import Site, evidence_page

pytestmark = pytest.mark.django_db

Status = EvidenceCapture.Status
STATEMENT = evidence_page(
    "Emergency service statement",
    [
        "The regional emergency service sent 120 firefighters and 35 fire engines to the "
        "two burning fuel depots in Dovresk overnight.",
        "\u201cThe situation in the port is under control, but the fire at the second depot "
        "is still burning,\u201d the governor told the service\u2019s briefing on Tuesday.",
    ],
)


def _save(claim: Any, urls: list[str], *, actor: Any = None) -> None:
    claim.refresh_from_db()
    claim_update(claim_id=claim.pk, actor=actor, expected_version=claim.version, evidence=urls)


def _capture_of(claim: Any, url: str) -> EvidenceCapture:
    return EvidenceCapture.objects.get(claim=claim, url=url)


def _captured(claim: Any, url: str) -> EvidenceCapture:
    _save(claim, [url])
    capture = evidence_capture(capture_id=_capture_of(claim, url).pk)
    assert capture is not None
    return capture


def test_saving_evidence_gives_each_new_link_a_pending_capture_queued_after_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    claim = ClaimFactory()
    links = ["https://news.example.org/a", "https://news.example.org/b"]
    with django_capture_on_commit_callbacks() as queued:
        _save(claim, links)
    captures = list(EvidenceCapture.objects.filter(claim=claim).order_by("url"))
    assert [(c.url, c.status) for c in captures] == [(link, Status.PENDING) for link in links]
    assert len(queued) == 1  # one callback queues the task of each new capture


def test_links_already_there_keep_their_captures_and_only_new_ones_are_queued(
    evidence_site: Site,
) -> None:
    claim = ClaimFactory()
    first = evidence_site.page("/statement.html", STATEMENT)
    captured = _captured(claim, first)
    second = "https://news.example.org/later"
    _save(claim, [first, second])
    _save(claim, [second])  # the first link dropped from the draft ...
    _save(claim, [second, first])  # ... and cited again
    assert _capture_of(claim, first).pk == captured.pk
    assert _capture_of(claim, first).status == Status.CAPTURED
    assert EvidenceCapture.objects.filter(claim=claim).count() == 2


def test_a_local_page_is_captured_with_the_hash_of_the_bytes_it_served(
    evidence_site: Site, settings: Any
) -> None:
    claim = ClaimFactory()
    url = evidence_site.page("/statement.html", STATEMENT)
    before = datetime.datetime.now(tz=datetime.UTC)
    capture = _captured(claim, url)

    served = STATEMENT.encode("utf-8")
    assert capture.status == Status.CAPTURED
    assert capture.sha256 == hashlib.sha256(served).hexdigest()
    assert capture.size == len(served)
    assert capture.final_url == url
    assert capture.http_status == 200
    assert capture.captured_at is not None
    assert capture.captured_at >= before
    assert capture.captured_at.utcoffset() == datetime.timedelta(0)
    assert capture.headers["content-type"] == "text/html; charset=utf-8"
    assert capture.headers["etag"] == f'"{len(served)}"'
    assert capture.headers["last-modified"] == "Tue, 10 Mar 2026 08:00:00 GMT"
    assert capture.headers["content-length"] == str(len(served))
    assert "date" in capture.headers
    assert capture.title == "Emergency service statement"
    assert "120 firefighters" in capture.text
    path = warc_file(capture)
    assert path.is_relative_to(Path(settings.EVIDENCE_DIR))
    assert archive.read_payload(path) == served


def test_the_warc_file_holds_request_response_metadata_and_text_with_valid_digests(
    evidence_site: Site,
) -> None:
    claim = ClaimFactory()
    capture = _captured(claim, evidence_site.page("/statement.html", STATEMENT))
    with warc_file(capture).open("rb") as stream:
        records = [
            (record.rec_type, record.rec_headers, record.content_stream().read())
            for record in ArchiveIterator(stream, check_digests=True)
        ]
    kinds = [kind for kind, _, _ in records]
    assert kinds == ["warcinfo", "response", "request", "metadata", "conversion"]
    metadata = records[3][2].decode()
    assert f"sha256: {capture.sha256}" in metadata
    assert "title: Emergency service statement" in metadata
    assert "120 firefighters" in records[4][2].decode()
    response_headers = records[1][1]
    assert response_headers.get_header("WARC-Payload-Digest").startswith("sha256:")
    assert response_headers.get_header("WARC-Target-URI") == capture.url


def test_redirects_are_followed_and_each_hop_is_recorded(evidence_site: Site) -> None:
    claim = ClaimFactory()
    final = evidence_site.page("/2026/statement.html", STATEMENT)
    evidence_site.redirects["/statement"] = "/2026/statement.html"
    capture = _captured(claim, f"{evidence_site.url}/statement")
    assert (capture.final_url, capture.http_status) == (final, 200)
    with warc_file(capture).open("rb") as stream:
        responses = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.http_headers.get_statuscode())
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert responses == [(f"{evidence_site.url}/statement", "302"), (final, "200")]


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("https://files.example/leak", "reserved for examples"),
        ("file:///etc/passwd", "http:// or https://"),
    ],
)
def test_a_redirect_is_checked_before_it_is_followed(
    evidence_site: Site, location: str, reason: str
) -> None:
    claim = ClaimFactory()
    evidence_site.redirects["/away"] = location
    capture = _captured(claim, f"{evidence_site.url}/away")
    assert capture.status == Status.FAILED
    assert reason in capture.error


def test_loopback_is_refused_unless_the_setting_allows_private_addresses(
    evidence_site: Site, settings: Any
) -> None:
    settings.ARTICLE_FETCH_ALLOW_PRIVATE = False
    claim = ClaimFactory()
    capture = _captured(claim, evidence_site.page("/statement.html", STATEMENT))
    assert capture.status == Status.FAILED
    assert "private or local network" in capture.error
    assert evidence_site.hits == []


def test_names_reserved_for_examples_fail_at_once_without_a_lookup() -> None:
    claim = ClaimFactory()
    capture = _captured(claim, "https://evidence.example/port-log")
    assert capture.status == Status.FAILED
    assert capture.attempts == 1
    assert "reserved" in capture.error


def test_a_page_that_drips_is_given_up_at_the_total_deadline_and_tried_again(
    evidence_site: Site, settings: Any
) -> None:
    claim = ClaimFactory()
    evidence_site.dripping.add("/slow.html")
    started = time.monotonic()
    capture = _captured(claim, f"{evidence_site.url}/slow.html")
    elapsed = time.monotonic() - started
    # Each byte comes well within the socket timeout (2 s); only the total deadline stops it.
    assert elapsed < settings.EVIDENCE_CAPTURE_DEADLINE + 1.5
    assert capture.status == Status.RETRYING
    assert "longer than 3 seconds" in capture.error
    assert list(Path(settings.EVIDENCE_DIR).rglob("*.warc.gz")) == []


def test_a_page_larger_than_the_limit_is_refused_for_good(evidence_site: Site) -> None:
    claim = ClaimFactory()
    evidence_site.streaming["/huge.html"] = 1_000_000  # chunked: no length said up front
    capture = _captured(claim, f"{evidence_site.url}/huge.html")
    assert capture.status == Status.FAILED
    assert "larger than 200,000 bytes" in capture.error


def test_a_declared_length_over_the_limit_is_refused_before_reading(evidence_site: Site) -> None:
    claim = ClaimFactory()
    url = evidence_site.page("/big.pdf", b"%PDF-1.7 " + b"0" * 300_000, "application/pdf")
    capture = _captured(claim, url)
    assert capture.status == Status.FAILED
    assert "larger than" in capture.error


def test_binary_evidence_is_captured_byte_for_byte_without_text(evidence_site: Site) -> None:
    claim = ClaimFactory()
    image = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
    capture = _captured(claim, evidence_site.page("/chart.png", image, "image/png"))
    assert capture.status == Status.CAPTURED
    assert capture.sha256 == hashlib.sha256(image).hexdigest()
    assert (capture.text, capture.title) == ("", "")
    assert archive.read_payload(warc_file(capture)) == image


def test_a_gzipped_body_is_hashed_as_served_and_read_unzipped(evidence_site: Site) -> None:
    claim = ClaimFactory()
    served = gzip.compress(STATEMENT.encode("utf-8"))
    url = evidence_site.page("/statement.html", served)
    evidence_site.extra_headers["/statement.html"] = {"Content-Encoding": "gzip"}
    capture = _captured(claim, url)
    assert capture.sha256 == hashlib.sha256(served).hexdigest()
    assert archive.read_payload(warc_file(capture)) == served
    assert "120 firefighters" in capture.text


def test_a_changed_page_keeps_the_bytes_first_captured(evidence_site: Site) -> None:
    claim = ClaimFactory()
    url = evidence_site.page("/statement.html", STATEMENT)
    capture = _captured(claim, url)
    evidence_site.page("/statement.html", STATEMENT.replace("120 firefighters", "90 firefighters"))
    _save(claim, [url, "https://news.example.org/other"])
    again = evidence_capture(capture_id=capture.pk)
    assert again is not None
    assert again.sha256 == capture.sha256
    assert archive.read_payload(warc_file(again)) == STATEMENT.encode("utf-8")
    assert evidence_site.hits.count("/statement.html") == 1


def test_a_passing_failure_is_retried_then_captured(evidence_site: Site) -> None:
    claim = ClaimFactory()
    url = evidence_site.page("/statement.html", STATEMENT)
    evidence_site.failures["/statement.html"] = 1
    first = _captured(claim, url)
    assert (first.status, first.attempts) == (Status.RETRYING, 1)
    assert "HTTP 503" in first.error
    second = evidence_capture(capture_id=first.pk)
    assert second is not None
    assert (second.status, second.attempts, second.error) == (Status.CAPTURED, 2, "")


def test_retries_are_bounded_and_the_last_reason_is_kept(
    evidence_site: Site, settings: Any
) -> None:
    settings.EVIDENCE_CAPTURE_ATTEMPTS = 3
    claim = ClaimFactory()
    url = evidence_site.page("/statement.html", STATEMENT)
    evidence_site.failures["/statement.html"] = 10
    capture = _captured(claim, url)
    states = [capture.status]
    for _ in range(3):
        again = evidence_capture(capture_id=capture.pk)
        assert again is not None
        states.append(again.status)
    assert states == [Status.RETRYING, Status.RETRYING, Status.FAILED, Status.FAILED]
    capture.refresh_from_db()
    assert capture.attempts == 3
    assert capture.error == (
        "Gave up after 3 attempts: The page answered HTTP 503 Service Unavailable."
    )


def test_a_missing_page_fails_at_once(evidence_site: Site) -> None:
    claim = ClaimFactory()
    capture = _captured(claim, f"{evidence_site.url}/gone.html")
    assert (capture.status, capture.attempts) == (Status.FAILED, 1)
    assert "HTTP 404" in capture.error


def test_a_second_delivery_of_the_task_changes_nothing(evidence_site: Site, settings: Any) -> None:
    claim = ClaimFactory()
    capture = _captured(claim, evidence_site.page("/statement.html", STATEMENT))
    again = evidence_capture(capture_id=capture.pk)
    assert again is not None
    assert (again.attempts, again.warc_path) == (1, capture.warc_path)
    assert len(list(Path(settings.EVIDENCE_DIR).rglob("*.warc.gz"))) == 1


def test_a_capture_another_worker_is_on_is_left_to_it() -> None:
    claim = ClaimFactory()
    _save(claim, ["https://news.example.org/a"])
    capture = _capture_of(claim, "https://news.example.org/a")
    EvidenceCapture.objects.filter(pk=capture.pk).update(
        status=Status.CAPTURING, attempts=1, started_at=datetime.datetime.now(tz=datetime.UTC)
    )
    again = evidence_capture(capture_id=capture.pk)
    assert again is not None
    assert (again.status, again.attempts) == (Status.CAPTURING, 1)


def test_the_stale_sweep_queues_captures_waiting_stuck_or_due_a_retry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    claim = ClaimFactory()
    _save(claim, [f"https://news.example.org/{n}" for n in range(5)])
    pending, capturing, retrying, failed, fresh = EvidenceCapture.objects.filter(
        claim=claim
    ).order_by("id")
    old = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(hours=1)
    EvidenceCapture.objects.filter(pk=pending.pk).update(queued_at=old)
    EvidenceCapture.objects.filter(pk=capturing.pk).update(status=Status.CAPTURING, started_at=old)
    EvidenceCapture.objects.filter(pk=retrying.pk).update(status=Status.RETRYING, finished_at=old)
    EvidenceCapture.objects.filter(pk=failed.pk).update(status=Status.FAILED, finished_at=old)
    sent: list[int] = []
    monkeypatch.setattr(tasks.evidence_capture, "delay", sent.append)

    stale_work_requeue(older_than=datetime.timedelta(minutes=10))

    assert sent == [pending.pk, capturing.pk, retrying.pk]
    assert fresh.pk not in evidence_requeue_stale(older_than=datetime.timedelta(minutes=10))


def test_a_finished_capture_runs_the_quote_check_again(
    evidence_site: Site, django_capture_on_commit_callbacks: Any
) -> None:
    claim = ClaimFactory(
        text="The situation in the port is under control, but the fire at the second depot "
        "is still burning",
        quote="direct",
    )
    check = Check.objects.create(
        claim=claim, kind="quote_evidence", state=Check.State.DONE, result={"old": True}
    )
    url = evidence_site.page("/statement.html", STATEMENT)
    _save(claim, [url])
    with django_capture_on_commit_callbacks(execute=True):
        evidence_capture(capture_id=_capture_of(claim, url).pk)
    check.refresh_from_db()
    # Queued again (the broker has no worker here): run it as the worker would.
    assert check.state == Check.State.QUEUED
    from claims.services.checks import check_run

    done = check_run(check_id=check.pk)
    assert done is not None
    assert done.state == Check.State.DONE
    assert done.result["in_evidence"] is True
    found = done.result["quotes"][0]["found"]
    assert [f["where"] for f in found] == ["evidence"]
    assert found[0]["url"] == url


def test_a_capture_of_a_claim_that_quotes_nobody_leaves_its_checks_alone(
    evidence_site: Site,
) -> None:
    claim = ClaimFactory(quote="none")
    check = Check.objects.create(claim=claim, kind="quote_evidence", state=Check.State.DONE)
    _captured(claim, evidence_site.page("/statement.html", STATEMENT))
    check.refresh_from_db()
    assert check.state == Check.State.DONE


def test_a_check_queued_again_while_it_ran_does_not_keep_the_stale_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from claims.checks import quote_evidence
    from claims.services import checks as check_services

    claim = ClaimFactory(text="We are ready to return to the table", quote="direct")
    check = Check.objects.create(claim=claim, kind="quote_evidence")
    real_run = quote_evidence.KIND.run

    def run_and_get_requeued(claim_input: Any, context: Any) -> Any:
        # A capture finishes while this run reads its input.
        check_services.check_kind_rerun(claim_id=claim.pk, kind="quote_evidence")
        return real_run(claim_input, context)

    kind = quote_evidence.KIND.__class__(
        name="quote_evidence", title="t", order=55, run=run_and_get_requeued
    )
    monkeypatch.setattr(check_services, "kind_named", lambda name: kind)
    check_services.check_run(check_id=check.pk)
    check.refresh_from_db()
    assert (check.state, check.result) == (Check.State.QUEUED, {})


def test_the_capture_of_a_local_page_is_quick_and_its_file_small(evidence_site: Site) -> None:
    claim = ClaimFactory()
    url = evidence_site.page("/statement.html", STATEMENT)
    _save(claim, [url])
    result = archive.capture(
        url,
        path=warc_file(EvidenceCapture(warc_path="measure.warc.gz")),
        limits=archive.Limits(timeout=2, deadline=3, max_bytes=200_000, allow_private=True),
    )
    size = result.path.stat().st_size
    print(
        f"capture of a {result.size}-byte local page: {result.seconds * 1000:.0f} ms, "
        f"WARC file {size} bytes"
    )
    assert result.seconds < 2
    assert size < 4 * result.size + 4096
    assert BytesIO(result.path.read_bytes()).read(2) == b"\x1f\x8b"  # gzipped records


def test_the_quote_check_reads_only_the_links_the_claim_still_cites(
    evidence_site: Site, django_capture_on_commit_callbacks: Any
) -> None:
    from claims.selectors.checks import ArchiveContext, claim_input
    from claims.services.checks import check_options

    claim = ClaimFactory(text="the fire at the second depot is still burning", quote="direct")
    check = Check.objects.create(claim=claim, kind="quote_evidence", state=Check.State.DONE)
    url = evidence_site.page("/statement.html", STATEMENT)
    _captured(claim, url)
    claim.refresh_from_db()
    context = ArchiveContext(check_options(), [claim])
    assert [t.where for t in context.evidence_texts(claim_input(claim))] == ["evidence", "article"]

    Check.objects.filter(pk=check.pk).update(state=Check.State.DONE)
    _save(claim, ["https://news.example.org/other"])  # the statement is no longer cited
    claim.refresh_from_db()
    context = ArchiveContext(check_options(), [claim])
    assert [t.where for t in context.evidence_texts(claim_input(claim))] == ["article"]
    check.refresh_from_db()
    assert check.state == Check.State.QUEUED


def test_files_no_capture_holds_are_listed_and_deleted_but_not_a_capture_under_way(
    settings: Any, tmp_path: Path
) -> None:
    settings.EVIDENCE_DIR = str(tmp_path)
    claim = ClaimFactory()
    held = tmp_path / "2026/03/claim-1/capture-1-aaaa.warc.gz"
    orphan = tmp_path / "2026/03/claim-2/capture-2-bbbb.warc.gz"
    fresh = tmp_path / "2026/03/claim-3/capture-3-cccc.warc.gz"
    for path in (held, orphan, fresh):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"warc")
    EvidenceCapture.objects.create(
        claim=claim,
        url="https://example.org/",
        status=Status.CAPTURED,
        warc_path=str(held.relative_to(tmp_path)),
    )
    day_ago = time.time() - 2 * 86400
    for path in (held, orphan):
        os.utime(path, (day_ago, day_ago))

    out = StringIO()
    call_command("prune_evidence", stdout=out)
    assert str(orphan) in out.getvalue()
    assert "1 file(s), 4 bytes, held by no capture" in out.getvalue()
    assert orphan.exists()  # listing deletes nothing

    assert evidence_files_orphaned(older_than=datetime.timedelta(hours=24)) == [orphan]
    call_command("prune_evidence", "--delete", stdout=StringIO())
    assert not orphan.exists()
    assert not orphan.parent.exists()
    assert held.exists()
    assert fresh.exists()


def test_links_cited_before_captures_existed_are_captured_by_the_command(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Rows as an earlier version left them: evidence cited, no capture made.
    old = ClaimFactory(evidence=["https://news.example.org/a", "https://news.example.org/b"])
    other = ClaimFactory(evidence=["https://news.example.org/c"])
    uncited = ClaimFactory()
    EvidenceCapture.objects.create(claim=old, url="https://news.example.org/a", status="failed")

    out = StringIO()
    with django_capture_on_commit_callbacks() as queued:
        call_command("capture_evidence", "--article", str(old.article_id), stdout=out)
    assert "Queued 1 capture(s)" in out.getvalue()
    # The link with a capture, even a failed one, keeps it; the other article waits.
    assert dict(old.captures.values_list("url", "status")) == {
        "https://news.example.org/a": Status.FAILED,
        "https://news.example.org/b": Status.PENDING,
    }
    assert not other.captures.exists()
    assert not uncited.captures.exists()
    assert len(queued) == 1

    call_command("capture_evidence", stdout=out)
    assert list(other.captures.values_list("url", flat=True)) == ["https://news.example.org/c"]
    call_command("capture_evidence", stdout=(again := StringIO()))
    assert "Queued 0 capture(s)" in again.getvalue()
