"""Evidence: every link a reviewer cites is captured in the background, hashed and dated.

Saving evidence (claims.services.review.claim_update) gives each link the claim has no
capture of a pending EvidenceCapture and queues its capture after commit; a link already
captured keeps its capture. A worker fetches the page through the fetch guard and writes
what was served to a WARC file under settings.EVIDENCE_DIR. A failure for a passing
reason (a timeout, a 5xx) is tried again, EVIDENCE_CAPTURE_ATTEMPTS times in all; every
failure keeps its reason for the reviewer. When a capture is done, the claim's
quote-in-evidence check runs again, since it reads the captured texts.

With EVIDENCE_ARCHIVE_ORG on, each link is also sent to the Internet Archive's Save Page
Now, one submission at a time across all workers, and the archive's URL kept.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from claims import tasks
from claims.checks.quote_evidence import KIND as QUOTE_KIND
from claims.checks.quote_evidence import applies_to
from claims.models import Claim, EvidenceCapture
from claims.outbound import archive, archive_org
from claims.services.checks import check_kind_rerun
from claims.services.queue import send_each_on_commit

logger = logging.getLogger(__name__)

Status = EvidenceCapture.Status
ArchiveStatus = EvidenceCapture.ArchiveStatus

# Seconds between two looks at a Save Page Now job, and how many looks before giving up.
ARCHIVE_POLL_SECONDS = 15
ARCHIVE_MAX_STEPS = 40
# Any number, the same in every process: the advisory lock that lets one worker at a time
# take its turn at the archive.
_ARCHIVE_TURN_LOCK = 0x45564944


def archive_org_enabled() -> bool:
    return bool(
        settings.EVIDENCE_ARCHIVE_ORG
        and settings.EVIDENCE_ARCHIVE_ORG_ACCESS_KEY
        and settings.EVIDENCE_ARCHIVE_ORG_SECRET_KEY
    )


def evidence_captures_queue(*, claim: Claim, urls: Sequence[str]) -> list[int]:
    """Give each link of `urls` that the claim has no capture of a pending capture, and
    queue them after commit. Call it in the transaction that holds the claim's row."""
    wanted = list(dict.fromkeys(urls))
    existing = set(
        EvidenceCapture.objects.filter(claim=claim, url__in=wanted).values_list("url", flat=True)
    )
    archive_too = archive_org_enabled()
    now = timezone.now()
    created = EvidenceCapture.objects.bulk_create(
        EvidenceCapture(
            claim=claim,
            url=url,
            archive_status=ArchiveStatus.PENDING if archive_too else ArchiveStatus.NONE,
            archive_next_at=now if archive_too else None,
        )
        for url in wanted
        if url not in existing
    )
    ids = [capture.pk for capture in created]
    send_each_on_commit(tasks.evidence_capture, [(pk,) for pk in ids])
    # The quote check reads the captured links the claim cites: citing a captured link
    # again, or no longer, changes what it finds.
    if EvidenceCapture.objects.filter(claim=claim, status=Status.CAPTURED).exists():
        _recheck_quote(claim.pk)
    if archive_too:
        send_each_on_commit(tasks.evidence_archive, [(pk,) for pk in ids])
    return ids


def evidence_captures_missing(*, article_ids: Sequence[int] | None = None) -> list[int]:
    """Queue a capture of every evidence link a claim cites and has no capture of: links
    cited before captures existed, or whose capture was deleted. The ids of the captures
    made; a link with a capture, failed or not, is left to it."""
    cited = Claim.objects.exclude(evidence=[]).order_by("pk")
    if article_ids is not None:
        cited = cited.filter(article_id__in=article_ids)
    made: list[int] = []
    for claim_id in list(cited.values_list("pk", flat=True)):
        with transaction.atomic():
            claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
            if claim is None:
                continue  # deleted meanwhile
            urls = [str(url) for url in claim.evidence]
            captured = set(claim.captures.filter(url__in=urls).values_list("url", flat=True))
            if any(url not in captured for url in urls):
                made += evidence_captures_queue(claim=claim, urls=urls)
    return made


def capture_limits() -> archive.Limits:
    return archive.Limits(
        timeout=settings.EVIDENCE_CAPTURE_TIMEOUT,
        deadline=settings.EVIDENCE_CAPTURE_DEADLINE,
        max_bytes=settings.EVIDENCE_CAPTURE_MAX_BYTES,
        allow_private=settings.ARTICLE_FETCH_ALLOW_PRIVATE,
    )


def evidence_files_delete(paths: Sequence[Path]) -> None:
    """Remove WARC files no capture holds (claims.selectors.evidence_files_orphaned), and
    the folders they leave empty."""
    root = Path(settings.EVIDENCE_DIR).resolve()
    for path in paths:
        path.unlink(missing_ok=True)
        folder = path.parent.resolve()
        while folder != root and root in folder.parents and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def warc_file(capture: EvidenceCapture) -> Path:
    return Path(settings.EVIDENCE_DIR) / capture.warc_path


def evidence_capture(*, capture_id: int) -> EvidenceCapture | None:
    """Capture one evidence link and store the result, or why it failed.

    Safe to run twice: a finished capture is left alone, and a capture another worker
    started within its deadline is left to that worker.
    """
    now = timezone.now()
    busy = datetime.timedelta(seconds=settings.EVIDENCE_CAPTURE_DEADLINE + 60)
    with transaction.atomic():
        capture = EvidenceCapture.objects.select_for_update().filter(pk=capture_id).first()
        if capture is None or capture.status in (Status.CAPTURED, Status.FAILED):
            return capture
        if (
            capture.status == Status.CAPTURING
            and capture.started_at is not None
            and capture.started_at > now - busy
        ):
            return capture
        capture.status = Status.CAPTURING
        capture.attempts += 1
        capture.started_at = now
        capture.save(update_fields=["status", "attempts", "started_at"])

    # The fetch takes seconds: outside any transaction, so no row stays locked meanwhile.
    relative = Path(
        f"{now:%Y/%m}/claim-{capture.claim_id}/capture-{capture.pk}-{secrets.token_hex(4)}.warc.gz"
    )
    result: archive.Capture | None = None
    failure: archive.CaptureFailed | None = None
    try:
        result = archive.capture(
            capture.url, path=Path(settings.EVIDENCE_DIR) / relative, limits=capture_limits()
        )
    except archive.CaptureFailed as exc:
        failure = exc
    except Exception as exc:
        logger.exception("Capture %s of %s failed", capture_id, capture.url)
        failure = archive.CaptureFailed(f"{type(exc).__name__}: {exc}", temporary=False)

    with transaction.atomic():
        capture = EvidenceCapture.objects.select_for_update().get(pk=capture_id)
        if capture.status == Status.CAPTURED:
            # Another delivery of the task finished first: its capture stands.
            if result is not None:
                result.path.unlink(missing_ok=True)
            return capture
        if result is not None:
            _store(capture, result, relative)
        else:
            assert failure is not None
            _fail(capture, failure)
        capture.finished_at = timezone.now()
        capture.save()
        if capture.status in (Status.CAPTURED, Status.FAILED):
            _recheck_quote(capture.claim_id)
    return capture


def _store(capture: EvidenceCapture, result: archive.Capture, relative: Path) -> None:
    capture.status = Status.CAPTURED
    capture.error = ""
    capture.final_url = result.final_url
    capture.http_status = result.http_status
    capture.content_type = result.content_type[:200]
    capture.headers = result.headers
    capture.sha256 = result.sha256
    capture.size = result.size
    capture.captured_at = result.captured_at
    capture.title = result.title[:500]
    capture.text = result.text.replace("\x00", "")
    capture.warc_path = str(relative)


def _fail(capture: EvidenceCapture, failure: archive.CaptureFailed) -> None:
    attempts_left = capture.attempts < settings.EVIDENCE_CAPTURE_ATTEMPTS
    if failure.temporary and attempts_left:
        capture.status = Status.RETRYING
        capture.error = failure.reason
    else:
        capture.status = Status.FAILED
        capture.error = (
            f"Gave up after {capture.attempts} attempts: {failure.reason}"
            if failure.temporary
            else failure.reason
        )


def _recheck_quote(claim_id: int) -> None:
    claim = Claim.objects.only("quote", "text").get(pk=claim_id)
    if applies_to(claim.quote):
        check_kind_rerun(claim_id=claim_id, kind=QUOTE_KIND.name)


def retry_delay(attempts: int) -> int:
    """Seconds before trying a failed capture again: 30 s, 60 s, 120 s, ... at most 30 min."""
    return int(min(1800, 30 * 2 ** max(0, attempts - 1)))


def evidence_requeue_stale(
    *, older_than: datetime.timedelta, running_older_than: datetime.timedelta | None = None
) -> list[int]:
    """Queue again the captures that never ran, whose worker died (capturing past the
    task's time limit, or `running_older_than`), or that wait for a retry that was lost;
    and the archive submissions left waiting."""
    cutoff = timezone.now() - older_than
    if running_older_than is None:
        running_older_than = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)
    ids = list(
        EvidenceCapture.objects.filter(
            Q(status=Status.PENDING, queued_at__lt=cutoff)
            | Q(status=Status.CAPTURING, started_at__lt=timezone.now() - running_older_than)
            | Q(status=Status.RETRYING, finished_at__lt=cutoff)
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    for capture_id in ids:
        tasks.evidence_capture.delay(capture_id)
    archive_ids = list(
        EvidenceCapture.objects.filter(
            archive_status__in=[ArchiveStatus.PENDING, ArchiveStatus.SUBMITTED],
            archive_next_at__lt=cutoff,
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    for capture_id in archive_ids:
        tasks.evidence_archive.delay(capture_id)
    return ids + [pk for pk in archive_ids if pk not in ids]


def _account() -> archive_org.Account:
    return archive_org.Account(
        base=settings.EVIDENCE_ARCHIVE_ORG_URL,
        access_key=settings.EVIDENCE_ARCHIVE_ORG_ACCESS_KEY,
        secret_key=settings.EVIDENCE_ARCHIVE_ORG_SECRET_KEY,
    )


def _take_archive_turn(capture: EvidenceCapture) -> float:
    """0 when this capture may go to the archive now (its turn is taken), else the
    seconds to wait. Call it in the transaction that holds the capture's row."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Held to the end of the transaction: one worker at a time reads and takes a turn.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ARCHIVE_TURN_LOCK])
    last = EvidenceCapture.objects.aggregate(last=Max("archive_submitted_at"))["last"]
    now = timezone.now()
    if last is not None:
        wait = (last - now).total_seconds() + settings.EVIDENCE_ARCHIVE_ORG_INTERVAL
        if wait > 0:
            return wait
    capture.archive_submitted_at = now
    return 0


def evidence_archive(*, capture_id: int) -> float | None:
    """Take the next step of the link's Save Page Now submission: submit it (when its
    turn comes), or ask how the job went. Returns the seconds until the next step, or
    None when there is none (archived, failed, or not for the archive)."""
    if not archive_org_enabled():
        return None
    now = timezone.now()
    with transaction.atomic():
        capture = EvidenceCapture.objects.select_for_update().filter(pk=capture_id).first()
        if capture is None or capture.archive_status not in (
            ArchiveStatus.PENDING,
            ArchiveStatus.SUBMITTED,
        ):
            return None
        if capture.archive_next_at is not None and capture.archive_next_at > now:
            return (capture.archive_next_at - now).total_seconds()
        if capture.archive_status == ArchiveStatus.PENDING:
            wait = _take_archive_turn(capture)
            if wait > 0:
                return wait
        capture.archive_attempts += 1
        capture.archive_next_at = now + datetime.timedelta(seconds=ARCHIVE_POLL_SECONDS)
        capture.save(update_fields=["archive_attempts", "archive_next_at", "archive_submitted_at"])
    if capture.archive_status == ArchiveStatus.PENDING:
        answer = archive_org.submit(capture.url, account=_account())
    else:
        answer = archive_org.status(capture.archive_job, account=_account())

    with transaction.atomic():
        capture = EvidenceCapture.objects.select_for_update().get(pk=capture_id)
        delay: float | None = ARCHIVE_POLL_SECONDS
        if answer.state == "submitted":
            capture.archive_status = ArchiveStatus.SUBMITTED
            capture.archive_job = answer.job_id[:200]
            capture.archive_error = ""
        elif answer.state == "archived":
            capture.archive_status = ArchiveStatus.ARCHIVED
            capture.archive_url = answer.archive_url
            capture.archive_error = ""
            delay = None
        elif answer.state == "failed":
            capture.archive_status = ArchiveStatus.FAILED
            capture.archive_error = answer.message
            delay = None
        elif answer.state == "rate_limited":
            wait = answer.wait or archive_org.RATE_LIMITED_WAIT
            # Counted as a turn taken when the archive said we may go again, so that no
            # worker submits before then.
            capture.archive_submitted_at = timezone.now() + datetime.timedelta(seconds=wait)
            capture.archive_error = answer.message
            delay = wait + settings.EVIDENCE_ARCHIVE_ORG_INTERVAL
        else:  # pending, or a passing trouble
            capture.archive_error = answer.message
        if delay is not None and capture.archive_attempts >= ARCHIVE_MAX_STEPS:
            capture.archive_status = ArchiveStatus.FAILED
            capture.archive_error = (
                f"Gave up after {capture.archive_attempts} tries. {capture.archive_error}"
            ).strip()
            delay = None
        capture.archive_next_at = (
            timezone.now() + datetime.timedelta(seconds=delay) if delay is not None else None
        )
        capture.save()
    return delay
