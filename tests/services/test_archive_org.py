"""Save Page Now, against a local fake of the Internet Archive's service."""

from __future__ import annotations

import datetime
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import pytest

from claims.models import EvidenceCapture
from claims.services.evidence import evidence_archive
from claims.services.review import claim_update
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

Archive = EvidenceCapture.ArchiveStatus
LINK = "https://news.example.org/statement"


@dataclass
class FakeArchive:
    url: str = ""
    submitted: list[dict[str, Any]] = field(default_factory=list)
    polls: list[str] = field(default_factory=list)
    # Answers to give, in turn: to submissions (status, body, headers) and to polls (body).
    submit_answers: list[tuple[int, dict[str, Any], dict[str, str]]] = field(default_factory=list)
    poll_answers: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def fake_archive(settings: Any) -> Iterator[FakeArchive]:
    state = FakeArchive()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode())
            state.submitted.append(
                {"form": form, "authorization": self.headers.get("Authorization")}
            )
            status, body, headers = (
                state.submit_answers.pop(0)
                if state.submit_answers
                else (200, {"url": form["url"][0], "job_id": f"spn2-{len(state.submitted)}"}, {})
            )
            self._json(status, body, headers)

        def do_GET(self) -> None:
            state.polls.append(self.path)
            body = state.poll_answers.pop(0) if state.poll_answers else {"status": "pending"}
            self._json(200, body, {})

        def _json(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.EVIDENCE_ARCHIVE_ORG = True
    settings.EVIDENCE_ARCHIVE_ORG_URL = state.url
    settings.EVIDENCE_ARCHIVE_ORG_ACCESS_KEY = "access"
    settings.EVIDENCE_ARCHIVE_ORG_SECRET_KEY = "secret"
    settings.EVIDENCE_ARCHIVE_ORG_INTERVAL = 10
    yield state
    server.shutdown()
    server.server_close()


def _cite(url: str = LINK) -> EvidenceCapture:
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=None, expected_version=1, evidence=[url])
    return EvidenceCapture.objects.get(claim=claim)


def _due(capture: EvidenceCapture) -> None:
    """As if the task's countdown had run out."""
    EvidenceCapture.objects.filter(pk=capture.pk).update(
        archive_next_at=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(seconds=1)
    )


def test_it_is_off_by_default(settings: Any) -> None:
    assert settings.EVIDENCE_ARCHIVE_ORG is False
    capture = _cite()
    assert capture.archive_status == Archive.NONE
    assert evidence_archive(capture_id=capture.pk) is None


def test_a_link_is_submitted_with_the_keys_and_its_archive_url_kept(
    fake_archive: FakeArchive,
) -> None:
    capture = _cite()
    assert capture.archive_status == Archive.PENDING

    assert evidence_archive(capture_id=capture.pk) == 15  # then it asks how the job went
    capture.refresh_from_db()
    assert (capture.archive_status, capture.archive_job) == (Archive.SUBMITTED, "spn2-1")
    (submission,) = fake_archive.submitted
    assert submission["form"]["url"] == [LINK]
    assert submission["authorization"] == "LOW access:secret"

    fake_archive.poll_answers = [
        {"status": "pending"},
        {"status": "success", "timestamp": "20260310090000", "original_url": LINK},
    ]
    _due(capture)
    assert evidence_archive(capture_id=capture.pk) == 15
    _due(capture)
    assert evidence_archive(capture_id=capture.pk) is None
    capture.refresh_from_db()
    assert capture.archive_status == Archive.ARCHIVED
    assert capture.archive_url == f"{fake_archive.url}/web/20260310090000/{LINK}"
    assert fake_archive.polls == ["/save/status/spn2-1", "/save/status/spn2-1"]


def test_a_step_before_its_time_waits_without_asking_the_archive(
    fake_archive: FakeArchive,
) -> None:
    capture = _cite()
    evidence_archive(capture_id=capture.pk)
    wait = evidence_archive(capture_id=capture.pk)  # a second delivery, too early
    assert wait is not None
    assert 0 < wait <= 15
    assert fake_archive.polls == []


def test_submissions_from_all_workers_are_spaced_by_the_interval(
    fake_archive: FakeArchive,
) -> None:
    first, second = _cite(), _cite("https://news.example.org/other")
    assert evidence_archive(capture_id=first.pk) == 15
    wait = evidence_archive(capture_id=second.pk)
    assert wait is not None
    assert 9 < wait <= 10
    assert len(fake_archive.submitted) == 1
    second.refresh_from_db()
    assert second.archive_status == Archive.PENDING


def test_a_429_holds_every_submission_for_as_long_as_the_archive_asks(
    fake_archive: FakeArchive,
) -> None:
    fake_archive.submit_answers = [
        (
            429,
            {"message": "You have already reached the limit of active sessions."},
            {"Retry-After": "120"},
        )
    ]
    first, second = _cite(), _cite("https://news.example.org/other")
    delay = evidence_archive(capture_id=first.pk)
    assert delay == 130  # what it asked, and our own interval after it
    first.refresh_from_db()
    assert first.archive_status == Archive.PENDING
    assert "slow down" in first.archive_error
    wait = evidence_archive(capture_id=second.pk)
    assert wait is not None
    assert wait > 120
    assert len(fake_archive.submitted) == 1


def test_an_archive_error_is_kept_and_ends_the_submission(fake_archive: FakeArchive) -> None:
    fake_archive.poll_answers = [
        {"status": "error", "status_ext": "error:not-found", "message": "The page is not there."}
    ]
    capture = _cite()
    evidence_archive(capture_id=capture.pk)
    _due(capture)
    assert evidence_archive(capture_id=capture.pk) is None
    capture.refresh_from_db()
    assert capture.archive_status == Archive.FAILED
    assert capture.archive_error == "The page is not there. (error:not-found)"


def test_wrong_keys_fail_the_submission_with_the_archives_words(
    fake_archive: FakeArchive,
) -> None:
    fake_archive.submit_answers = [(401, {"message": "Invalid S3 keys."}, {})]
    capture = _cite()
    assert evidence_archive(capture_id=capture.pk) is None
    capture.refresh_from_db()
    assert (capture.archive_status, capture.archive_error) == (Archive.FAILED, "Invalid S3 keys.")


def test_the_stale_sweep_takes_up_submissions_left_waiting(
    fake_archive: FakeArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims import tasks
    from claims.services.evidence import evidence_requeue_stale

    capture = _cite()
    EvidenceCapture.objects.filter(pk=capture.pk).update(
        archive_next_at=datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(hours=1)
    )
    sent: list[int] = []
    monkeypatch.setattr(tasks.evidence_archive, "delay", sent.append)
    monkeypatch.setattr(tasks.evidence_capture, "delay", lambda pk: None)
    evidence_requeue_stale(older_than=datetime.timedelta(minutes=10))
    assert sent == [capture.pk]
