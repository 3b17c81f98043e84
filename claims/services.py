"""Every write the app makes. Views, the API, commands and tasks all call these."""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
import secrets
import signal
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from claims import extraction, fetch
from claims.errors import ConflictError, ServiceError, TooLargeError
from claims.models import (
    VERDICT_STATUSES,
    ApiToken,
    Article,
    Check,
    Claim,
    ReviewEvent,
    Source,
    SourceAlias,
    WebhookDelivery,
    WebhookSubscription,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

# Errors that say the database is unreachable for now, not that the work is wrong: tasks
# retry on them, and the work is never marked failed for them.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_body(body: object) -> str:
    if not isinstance(body, str):
        raise ServiceError("The article text must be text.", code="invalid_body")
    if len(body) > settings.ARTICLE_MAX_CHARS:
        raise TooLargeError(
            f"The article is {len(body):,} characters long; the limit is "
            f"{settings.ARTICLE_MAX_CHARS:,}."
        )
    if "\x00" in body or len(_CONTROL.findall(body)) > max(10, len(body) // 100):
        raise ServiceError("The article looks like binary data, not text.", code="binary_body")
    if not body.strip():
        raise ServiceError("The article text is empty.", code="empty_body")
    return body


def content_hash(body: str) -> str:
    """The identity of an article's text: the same words pasted twice are one article.

    Line endings, Unicode forms and runs of white space do not change the identity.
    """
    folded = unicodedata.normalize("NFC", body).replace("\r\n", "\n")
    folded = re.sub(r"\s+", " ", folded).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _default_title(body: str) -> str:
    first_line = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return first_line[:200]


def article_submit(
    *,
    body: str,
    title: str = "",
    url: str = "",
    publisher: str = "",
    published: datetime.date | None = None,
    submitted_by: AbstractBaseUser | None = None,
) -> tuple[Article, bool]:
    """Store an article and queue its extraction; an identical text returns the stored one."""
    body = _clean_body(body)
    digest = content_hash(body)
    with transaction.atomic():
        article, created = Article.objects.get_or_create(
            content_hash=digest,
            defaults={
                "body": body,
                "title": (title or _default_title(body))[:500],
                "url": url,
                "publisher": publisher[:200],
                "published": published,
                "submitted_by": submitted_by,
            },
        )
        if created:
            # robust: a broker that is down must not undo a stored article; the sweep
            # (article_requeue_stale) queues it once the broker is back.
            transaction.on_commit(lambda: _queue_extraction(article.pk), robust=True)
    return article, created


def _queue_extraction(article_id: int) -> None:
    from claims.tasks import extract_article

    extract_article.delay(article_id)


def article_requeue_stale(*, older_than: datetime.timedelta) -> list[int]:
    """Queue again the articles whose extraction never started or never finished."""
    cutoff = timezone.now() - older_than
    ids = list(
        Article.objects.filter(
            status__in=[Article.Status.QUEUED, Article.Status.EXTRACTING], updated_at__lt=cutoff
        ).values_list("id", flat=True)
    )
    for article_id in ids:
        _queue_extraction(article_id)
    return ids


def checks_requeue_stale(*, older_than: datetime.timedelta) -> list[int]:
    """Queue again the checks that never ran or whose worker died while running them."""
    cutoff = timezone.now() - older_than
    ids = list(
        Check.objects.filter(
            Q(state=Check.State.QUEUED, queued_at__lt=cutoff)
            | Q(state=Check.State.RUNNING, started_at__lt=cutoff)
        ).values_list("id", flat=True)
    )
    _queue_checks(ids)
    return ids


def article_extract(*, article_id: int) -> Article:
    """Extract the article's claims and store them; safe to run again on the same article."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        article.status = Article.Status.EXTRACTING
        article.error = ""
        article.save(update_fields=["status", "error", "updated_at"])

    limit = settings.ARTICLE_EXTRACT_TIME_LIMIT
    try:
        # The parse takes seconds: run it outside any transaction so no row stays locked.
        with _time_limit(limit):
            result = extraction.extract(
                article.body,
                publisher=article.publisher,
                published=article.published,
                model=settings.SPACY_MODEL or None,
            )
        if not result.supported:
            # Not English: no claims were read; the notice tells the reviewer why.
            Article.objects.filter(pk=article_id).update(
                status=Article.Status.FAILED, error=result.notice, updated_at=timezone.now()
            )
            article.refresh_from_db()
            return article
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=article_id)
            claims_store(article=article, extracted=result.claims)
            article.extracted_at = timezone.now()
            article.status = Article.Status.VERIFYING
            article.save(update_fields=["extracted_at", "status", "updated_at"])
            checks_queue(claims=list(article.claims.filter(stale=False)))
            _article_finish_if_checked(article.pk)  # an article with no claims has no checks
    except ExtractionTimeout:
        # Final, not retried: the same text would take as long again.
        logger.warning("Extraction of article %s took longer than %ss", article_id, limit)
        Article.objects.filter(pk=article_id).update(
            status=Article.Status.FAILED,
            error=f"Extraction took longer than {limit} seconds and was stopped; the article "
            "may be too long or too unusual to split into claims.",
            updated_at=timezone.now(),
        )
    except TRANSIENT_DB_ERRORS:
        # The database went away (a restart, a failover): nothing was stored, and the
        # article stays `extracting` for the task's retry or the sweep of stale work.
        raise
    except Exception as exc:
        logger.exception("Extraction failed for article %s", article_id)
        Article.objects.filter(pk=article_id).update(
            status=Article.Status.FAILED,
            error=f"Extraction failed: {type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now(),
        )
        raise
    article.refresh_from_db()
    return article


class ExtractionTimeout(BaseException):
    """The extraction ran past its time limit. A BaseException, so that no `except
    Exception` in the engine or the libraries under it can swallow it."""


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Raise ExtractionTimeout in this thread after `seconds`.

    An alarm signal can only interrupt the main thread: Celery's prefork workers (and
    gunicorn's sync workers, for in-process tasks) run there. Elsewhere the size limit and
    Celery's hard time limit are the bounds.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise ExtractionTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _extraction_key(claim: extraction.ExtractedClaim) -> str:
    return hashlib.sha1(f"{claim.start}:{claim.end}".encode()).hexdigest()


_MACHINE_FIELDS = (
    "text",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
    "attribution",
    "source",
    "mention",
    "mention_start",
    "mention_end",
    "cue",
    "channel",
    "quote",
    "checkworthiness",
    "confidence",
    "stale",
)


def claims_store(
    *, article: Article, extracted: Sequence[extraction.ExtractedClaim]
) -> list[Claim]:
    """Replace the article's machine-made claims with `extracted`, keeping reviewers' work.

    A claim found again keeps its review fields; a claim no longer found is deleted unless
    someone has worked on it, in which case it stays, marked stale.
    """
    existing = {c.extraction_key: c for c in article.claims.exclude(extraction_key="")}
    reviewed_ids = set(
        ReviewEvent.objects.filter(claim__article=article).values_list("claim_id", flat=True)
    )
    sources: dict[str, Source | None] = {}
    to_create: list[Claim] = []
    to_update: list[Claim] = []
    seen: set[str] = set()
    for item in extracted:
        key = _extraction_key(item)
        if key in seen:
            continue
        seen.add(key)
        if item.source.key not in sources:
            sources[item.source.key] = _source_for(item.source, publisher=article.publisher)
        values = _claim_values(item, sources[item.source.key])
        claim = existing.get(key)
        if claim is None:
            to_create.append(Claim(article=article, extraction_key=key, **values))
        else:
            for name, value in values.items():
                setattr(claim, name, value)
            to_update.append(claim)
    Claim.objects.bulk_create(to_create)
    if to_update:
        Claim.objects.bulk_update(to_update, _MACHINE_FIELDS)
    gone = [c for k, c in existing.items() if k not in seen]
    keep = [c for c in gone if c.has_review_work or c.pk in reviewed_ids]
    for claim in keep:
        claim.stale = True
    Claim.objects.bulk_update(keep, ["stale"])
    Claim.objects.filter(pk__in=[c.pk for c in gone if c not in keep]).delete()
    return to_create + to_update


def _claim_values(item: extraction.ExtractedClaim, source: Source | None) -> dict[str, Any]:
    kind = item.source.kind
    if kind == "publisher":
        attribution = Claim.Attribution.PUBLISHER
    elif kind == "unattributed":
        attribution = Claim.Attribution.UNATTRIBUTED
    else:
        attribution = Claim.Attribution.NAMED
    return {
        "text": item.text,
        "start": item.start,
        "end": item.end,
        "sentence_start": item.sentence_start,
        "sentence_end": item.sentence_end,
        "attribution": attribution,
        "source": source,
        "mention": item.source.mention[:500],
        "mention_start": item.source.start,
        "mention_end": item.source.end,
        "cue": item.cue[:100],
        "channel": item.channel[:200],
        "quote": item.quote if item.quote in Claim.Quote.values else Claim.Quote.NONE,
        "checkworthiness": item.checkworthiness,
        "confidence": item.confidence,
        "stale": False,
    }


_SOURCE_KINDS = {
    "person": Source.Kind.PERSON,
    "organisation": Source.Kind.ORGANISATION,
    "government": Source.Kind.GOVERNMENT,
    "media": Source.Kind.MEDIA,
    "publisher": Source.Kind.PUBLISHER,
}


def _source_for(found: extraction.ExtractedSource, *, publisher: str) -> Source | None:
    if found.kind == "unattributed":
        return None
    if found.kind == "publisher":
        if not publisher.strip():
            return None
        return source_resolve(name=publisher, kind=Source.Kind.PUBLISHER)
    name = found.name or found.mention
    if not name.strip():
        return None
    return source_resolve(
        name=name, kind=_SOURCE_KINDS.get(found.kind, Source.Kind.UNKNOWN), role=found.role
    )


def source_resolve(*, name: str, kind: str = Source.Kind.UNKNOWN, role: str = "") -> Source:
    """The registry entry for `name`, matched by alias; a new unrated entry if there is none."""
    normalized = extraction.normalize_alias(name)[:300]
    if not normalized:
        raise ServiceError("A source needs a name.", code="empty_source_name")
    alias = SourceAlias.objects.select_related("source").filter(normalized=normalized).first()
    if alias is not None:
        return _follow_merges(alias.source)
    try:
        # A savepoint: two workers may meet the same new name at once; the loser re-reads.
        with transaction.atomic():
            source = Source.objects.create(name=name.strip()[:300], kind=kind, role=role[:300])
            SourceAlias.objects.create(
                source=source, name=name.strip()[:300], normalized=normalized
            )
    except IntegrityError:
        alias = SourceAlias.objects.select_related("source").get(normalized=normalized)
        return _follow_merges(alias.source)
    return source


def _follow_merges(source: Source) -> Source:
    seen = {source.pk}
    while source.merged_into_id is not None and source.merged_into_id not in seen:
        seen.add(source.merged_into_id)
        source = Source.objects.get(pk=source.merged_into_id)
    return source


def source_alias_add(*, source: Source, name: str) -> SourceAlias:
    normalized = extraction.normalize_alias(name)[:300]
    if not normalized:
        raise ServiceError("An alias needs a name.", code="empty_alias")
    existing = SourceAlias.objects.filter(normalized=normalized).select_related("source").first()
    if existing is not None:
        if existing.source_id == source.pk:
            return existing
        raise ServiceError(
            f"{name!r} is already an alias of {existing.source.name}.", code="alias_taken"
        )
    return SourceAlias.objects.create(source=source, name=name.strip()[:300], normalized=normalized)


_UNSET: Any = object()


def claim_update(
    *,
    claim_id: int,
    actor: AbstractBaseUser | None,
    expected_version: int,
    status: str = _UNSET,
    rationale: str = _UNSET,
    evidence: list[str] = _UNSET,
    assignee: AbstractBaseUser | None = _UNSET,
    comment: str = "",
) -> Claim:
    """Change a claim's review fields, refusing the write if someone saved since
    `expected_version` was read. Every change is recorded in the claim's history."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        if claim.version != expected_version:
            raise ConflictError(
                "Someone else changed this claim since you opened it; their version is shown.",
                detail={"current_version": claim.version},
            )
        events: list[ReviewEvent] = []

        def change(field: str, old: object, new: object, shown_old: str, shown_new: str) -> None:
            if old != new:
                events.append(
                    ReviewEvent(
                        claim=claim,
                        actor=actor,
                        field=field,
                        old_value=shown_old,
                        new_value=shown_new,
                        comment=comment,
                    )
                )

        if status is not _UNSET:
            if status not in Claim.Status.values:
                raise ServiceError(f"Unknown status {status!r}.", code="invalid_status")
            change(ReviewEvent.Field.STATUS, claim.status, status, claim.status, status)
            if status != claim.status:
                webhook_event_emit(event="claim.status_changed", payload=_claim_data(claim, status))
                claim.status = status
                claim.reviewed_by = actor  # type: ignore[assignment]
                claim.reviewed_at = timezone.now()
                claim.signed_off_by = None
                claim.signed_off_at = None
        if rationale is not _UNSET:
            change(
                ReviewEvent.Field.RATIONALE, claim.rationale, rationale, claim.rationale, rationale
            )
            claim.rationale = rationale
        if evidence is not _UNSET:
            evidence = [str(url) for url in evidence]
            change(
                ReviewEvent.Field.EVIDENCE,
                claim.evidence,
                evidence,
                "\n".join(claim.evidence),
                "\n".join(evidence),
            )
            claim.evidence = evidence
        if assignee is not _UNSET:
            new_id = getattr(assignee, "pk", None)
            change(
                ReviewEvent.Field.ASSIGNEE,
                claim.assignee_id,
                new_id,
                str(claim.assignee or ""),
                str(assignee or ""),
            )
            claim.assignee = assignee  # type: ignore[assignment]
        if not events:
            return claim
        claim.version += 1
        claim.save()
        ReviewEvent.objects.bulk_create(events)
    return claim


def claim_signoff(
    *,
    claim_id: int,
    editor: AbstractBaseUser,
    expected_version: int,
    approve: bool,
    comment: str = "",
) -> Claim:
    """An editor publishes a reviewer's verdict, or sends it back with a comment.

    Two people are needed: the editor may not sign off a verdict they set themselves.
    """
    from claims.roles import is_editor

    if not is_editor(editor):
        raise ServiceError("Only editors sign verdicts off.", code="forbidden", status=403)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        if claim.version != expected_version:
            raise ConflictError(
                "Someone else changed this claim since you opened it; their version is shown.",
                detail={"current_version": claim.version},
            )
        if claim.status not in VERDICT_STATUSES:
            raise ServiceError("Only a verdict can be signed off.", code="no_verdict")
        if claim.reviewed_by_id == editor.pk:
            raise ServiceError(
                "An editor other than the verdict's reviewer must sign it off.",
                code="same_person",
                status=403,
            )
        if approve:
            if claim.signed_off_at is not None:
                return claim
            claim.signed_off_by = editor  # type: ignore[assignment]
            claim.signed_off_at = timezone.now()
            webhook_event_emit(event="claim.published", payload=_claim_data(claim, claim.status))
            old, new = "", f"approved {claim.status}"
        else:
            if not comment.strip():
                raise ServiceError("Say why the verdict goes back.", code="comment_required")
            old, new = claim.status, Claim.Status.IN_PROGRESS
            claim.status = Claim.Status.IN_PROGRESS
            claim.signed_off_by = None
            claim.signed_off_at = None
        claim.version += 1
        claim.save()
        ReviewEvent.objects.create(
            claim=claim,
            actor=editor,
            field=ReviewEvent.Field.SIGNOFF,
            old_value=old,
            new_value=new,
            comment=comment,
        )
    return claim


def checks_queue(*, claims: Sequence[Claim]) -> list[int]:
    """Give each claim a fresh Check per enabled kind and queue them, one task each.

    A re-run resets the existing rows (one per claim and kind), so results never pile up.
    The claims' articles are verifying until every check is done or failed.
    """
    from claims.verification import enabled_kinds

    kinds = enabled_kinds()
    claim_ids = [c.pk for c in claims]
    article_ids = {c.article_id for c in claims}
    now = timezone.now()
    Check.objects.filter(claim_id__in=claim_ids).exclude(kind__in=kinds).delete()
    existing = set(Check.objects.filter(claim_id__in=claim_ids).values_list("claim_id", "kind"))
    Check.objects.filter(claim_id__in=claim_ids).update(
        state=Check.State.QUEUED,
        result={},
        error="",
        attempts=0,
        queued_at=now,
        started_at=None,
        finished_at=None,
    )
    Check.objects.bulk_create(
        Check(claim_id=cid, kind=kind)
        for cid in claim_ids
        for kind in kinds
        if (cid, kind) not in existing
    )
    check_ids = list(
        Check.objects.filter(claim_id__in=claim_ids).order_by("id").values_list("id", flat=True)
    )
    Article.objects.filter(pk__in=article_ids).update(
        status=Article.Status.VERIFYING, updated_at=now
    )
    for article_id in article_ids:
        _article_finish_if_checked(article_id)
    transaction.on_commit(lambda: _queue_checks(check_ids), robust=True)
    return check_ids


def checks_rerun(*, claim_ids: Sequence[int]) -> list[int]:
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update().filter(pk__in=claim_ids, stale=False))
        return checks_queue(claims=claims)


def _queue_checks(check_ids: Sequence[int]) -> None:
    from claims.tasks import run_check

    for check_id in check_ids:
        run_check.delay(check_id)


def check_run(*, check_id: int, final_attempt: bool = True) -> Check | None:
    """Run one check and store its result. A check already done is left alone, so a task
    delivered twice, or again after its worker died, never duplicates or redoes work."""
    from claims.checks import CheckError, TransientCheckError
    from claims.verification import run

    with transaction.atomic():
        check = (
            Check.objects.select_for_update(of=("self",))
            .select_related("claim__article", "claim__source")
            .filter(pk=check_id)
            .first()
        )
        if check is None or check.state == Check.State.DONE:
            return check
        check.state = Check.State.RUNNING
        check.attempts += 1
        check.started_at = timezone.now()
        check.save(update_fields=["state", "attempts", "started_at"])
    claim = check.claim

    try:
        result, error, state = run(check.kind, claim), "", Check.State.DONE
    except TransientCheckError as exc:
        if not final_attempt:
            Check.objects.filter(pk=check_id).update(state=Check.State.QUEUED, error=str(exc))
            raise
        result, error, state = {}, f"Gave up after {check.attempts} attempts: {exc}", None
    except CheckError as exc:
        result, error, state = {}, str(exc), None
    except TRANSIENT_DB_ERRORS:
        raise  # not the check's fault: it stays running for the retry or the sweep
    except Exception as exc:
        logger.exception("Check %s (%s) failed", check_id, check.kind)
        result, error, state = {}, f"{type(exc).__name__}: {exc}", None

    with transaction.atomic():
        check = Check.objects.select_for_update().get(pk=check_id)
        if check.state == Check.State.DONE:
            return check
        check.state = state or Check.State.FAILED
        check.result = result
        check.error = error[:2000]
        check.finished_at = timezone.now()
        check.save(update_fields=["state", "result", "error", "finished_at"])
        _article_finish_if_checked(claim.article_id)
    return check


def _article_finish_if_checked(article_id: int) -> None:
    """Mark a verifying article ready once none of its checks is queued or running."""
    # The row lock makes the last two checks to finish agree on which one was last.
    article = Article.objects.select_for_update().get(pk=article_id)
    if article.status != Article.Status.VERIFYING:
        return
    pending = Check.objects.filter(
        claim__article_id=article_id, state__in=[Check.State.QUEUED, Check.State.RUNNING]
    ).exists()
    if not pending:
        article.status = Article.Status.READY
        webhook_event_emit(event="article.ready", payload=_article_data(article))
        article.save(update_fields=["status", "updated_at"])


# API, tokens and webhooks.


def _claim_data(claim: Claim, status: str) -> dict[str, Any]:
    """The payload of a claim's webhook events; `claim.status` is still the old status."""
    return {
        "claim": {"id": claim.pk, "article_id": claim.article_id, "text": claim.text},
        "old_status": claim.status,
        "status": status,
    }


def _article_data(article: Article) -> dict[str, Any]:
    return {
        "article": {
            "id": article.pk,
            "title": article.title,
            "url": article.url,
            "status": Article.Status.READY,
            "claims": article.claims.count(),
        }
    }


def api_token_issue(
    *, user: AbstractBaseUser, name: str = "", read_only: bool = False
) -> tuple[ApiToken, str]:
    """A new API token for `user`; the key is returned once and only its hash is stored."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=key[:8],
        key_hash=api_token_hash(key),
        read_only=read_only,
    )
    return token, key


def api_token_hash(key: str) -> str:
    # The keys are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


_SOURCE_FIELDS = frozenset(
    {"name", "kind", "role", "affiliation", "description", "reliability", "reliability_notes"}
    | {"confirmed"}
)


def _check_source_values(values: dict[str, Any]) -> None:
    unknown = set(values) - _SOURCE_FIELDS
    if unknown:
        raise ServiceError(f"Unknown source fields: {', '.join(sorted(unknown))}.")
    if "kind" in values and values["kind"] not in Source.Kind.values:
        raise ServiceError(f"Unknown source kind {values['kind']!r}.", code="invalid_kind")
    if "reliability" in values and values["reliability"] not in Source.Reliability.values:
        raise ServiceError("Unknown reliability rating.", code="invalid_reliability")
    if "name" in values and not str(values["name"]).strip():
        raise ServiceError("A source needs a name.", code="empty_source_name")


def source_create(*, name: str, aliases: Sequence[str] = (), **values: Any) -> Source:
    """A source an admin enters by hand: confirmed, found by its name and each alias."""
    values = {"confirmed": True, **values, "name": name.strip()[:300]}
    _check_source_values(values)
    with transaction.atomic():
        source = Source.objects.create(**values)
        for alias in [name, *aliases]:
            source_alias_add(source=source, name=alias)
    return source


def source_update(*, source_id: int, aliases: Sequence[str] = (), **values: Any) -> Source:
    """Change a source's fields and add aliases; a new name becomes an alias too, so
    extraction finds the source by it."""
    _check_source_values(values)
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source_id)
        for field, value in values.items():
            setattr(source, field, value)
        source.save()
        for alias in [*([values["name"]] if "name" in values else []), *aliases]:
            source_alias_add(source=source, name=alias)
    return source


def source_merge(
    *, keep_id: int, other_ids: Sequence[int], actor: AbstractBaseUser | None = None
) -> Source:
    """Fold duplicate sources into `keep`: their aliases and claims move to it, and each
    records where it went, so names resolved later land on the kept entry."""
    other_ids = sorted(set(other_ids) - {keep_id})
    if not other_ids:
        raise ServiceError("Name at least one other source to merge.", code="nothing_to_merge")
    with transaction.atomic():
        # Lock in id order so two concurrent merges cannot deadlock.
        rows = Source.objects.select_for_update().filter(pk__in=[keep_id, *other_ids])
        locked = {s.pk: s for s in rows.order_by("pk")}
        missing = [pk for pk in [keep_id, *other_ids] if pk not in locked]
        if missing:
            raise Source.DoesNotExist(f"No source with id {missing[0]}.")
        keep = locked[keep_id]
        if keep.merged_into_id is not None:
            raise ServiceError(
                f"{keep.name} was itself merged into another source.", code="merged_source"
            )
        moved = list(Claim.objects.filter(source_id__in=other_ids).select_related("source"))
        ReviewEvent.objects.bulk_create(
            ReviewEvent(
                claim=claim,
                actor=actor,
                field=ReviewEvent.Field.SOURCE,
                old_value=claim.source.name if claim.source else "",
                new_value=keep.name,
                comment="Sources merged.",
            )
            for claim in moved
        )
        Claim.objects.filter(source_id__in=other_ids).update(source=keep, updated_at=timezone.now())
        reason = f"Merged into {keep.name} (#{keep.pk})."[:100]
        aliases = list(SourceAlias.objects.filter(source_id__in=other_ids))
        for alias in aliases:
            alias.source = keep
        # With history, so the audit shows where each alias went and who moved it.
        bulk_update_with_history(
            aliases, SourceAlias, ["source"], default_user=actor, default_change_reason=reason
        )
        # A source made by hand may have no alias for its own name; without one, the next
        # article naming it would create a new entry instead of finding the kept one.
        for other_id in other_ids:
            other = locked[other_id]
            normalized = extraction.normalize_alias(other.name)[:300]
            if normalized and not SourceAlias.objects.filter(normalized=normalized).exists():
                SourceAlias.objects.create(source=keep, name=other.name, normalized=normalized)
        earlier = list(Source.objects.filter(merged_into_id__in=other_ids))
        for source in earlier:
            source.merged_into = keep
        bulk_update_with_history(
            earlier, Source, ["merged_into"], default_user=actor, default_change_reason=reason
        )
        for other_id in other_ids:
            other = locked[other_id]
            other.merged_into = keep
            other._history_user = actor  # type: ignore[attr-defined]
            other._change_reason = reason  # type: ignore[attr-defined]
            other.save(update_fields=["merged_into", "updated_at"])
    return keep


def webhook_subscribe(
    *,
    owner: AbstractBaseUser | None,
    url: str,
    events: Sequence[str],
    secret: str = "",
    active: bool = True,
) -> WebhookSubscription:
    """Subscribe `url` to `events`; with no secret given, one is made (the caller shows it)."""
    return WebhookSubscription.objects.create(
        owner=owner,
        url=url,
        events=_check_events(events),
        secret=secret or secrets.token_urlsafe(32),
        active=active,
    )


def webhook_subscription_update(*, subscription_id: int, **values: Any) -> WebhookSubscription:
    allowed = {"url", "events", "secret", "active"}
    if set(values) - allowed:
        raise ServiceError("Unknown subscription fields.")
    if "events" in values:
        values["events"] = _check_events(values["events"])
    with transaction.atomic():
        subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription_id)
        for field, value in values.items():
            setattr(subscription, field, value)
        subscription.save()
    return subscription


def webhook_unsubscribe(*, subscription_id: int) -> None:
    WebhookSubscription.objects.get(pk=subscription_id).delete()


def api_token_used(*, token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute so reads stay reads."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def _check_events(events: Sequence[str]) -> list[str]:
    unknown = set(events) - set(WebhookSubscription.Event.values)
    if unknown:
        raise ServiceError(f"Unknown events: {', '.join(sorted(unknown))}.", code="invalid_event")
    if not events:
        raise ServiceError("Name at least one event.", code="invalid_event")
    return sorted(set(events))


def webhook_event_emit(*, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """Record a delivery of `event` for each active subscriber, sent once the caller's
    transaction commits (a rolled-back change announces nothing)."""
    subscriptions = [
        s for s in WebhookSubscription.objects.filter(active=True) if event in s.events
    ]
    body = {"event": event, "created_at": timezone.now().isoformat(), **payload}
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=s, event=event, payload=body) for s in subscriptions
    )
    for delivery in deliveries:
        # robust: a broker that is down must not undo the review that raised the event.
        transaction.on_commit(partial(_queue_delivery, delivery.pk), robust=True)
    return deliveries


def _queue_delivery(delivery_id: int) -> None:
    from claims.tasks import deliver_webhook

    deliver_webhook.delay(delivery_id)


def webhook_deliver(*, delivery_id: int, last_attempt: bool = True) -> WebhookDelivery:
    """POST one delivery, signed, and record the outcome.

    A connection error or a 5xx leaves the delivery RETRYING (FAILED on the last attempt),
    for the task to try again; any other answer is final. Safe to run twice: a delivered
    delivery is not sent again.
    """
    from claims import webhooks

    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    if delivery.status in (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED):
        return delivery
    if not delivery.subscription.active:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.error = "The subscription was deactivated."
        delivery.save(update_fields=["status", "error"])
        return delivery
    # No lock is held while the request is in flight: a slow receiver must not block others.
    outcome = webhooks.send(
        url=delivery.subscription.url,
        secret=delivery.subscription.secret,
        event=delivery.event,
        delivery_id=delivery.pk,
        payload=delivery.payload,
        timeout=settings.WEBHOOK_TIMEOUT,
    )
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.response_status = outcome.status_code
    delivery.response_excerpt = outcome.excerpt
    delivery.error = outcome.error
    if outcome.delivered:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = delivery.last_attempt_at
    elif outcome.temporary and not last_attempt:
        delivery.status = WebhookDelivery.Status.RETRYING
    else:
        delivery.status = WebhookDelivery.Status.FAILED
    delivery.save()
    return delivery


# Reviewer web interface: submitting by URL or file, bulk review, source corrections.


def _submit_document(
    document: fetch.Document,
    *,
    title: str,
    publisher: str,
    published: datetime.date | None,
    submitted_by: AbstractBaseUser | None,
) -> tuple[Article, bool]:
    # What the reviewer typed wins over what the page says about itself.
    return article_submit(
        body=document.text,
        title=title or document.title,
        url=document.url,
        publisher=publisher or document.publisher,
        published=published or document.published,
        submitted_by=submitted_by,
    )


def article_submit_url(
    *,
    url: str,
    title: str = "",
    publisher: str = "",
    published: datetime.date | None = None,
    submitted_by: AbstractBaseUser | None = None,
) -> tuple[Article, bool]:
    """Fetch a page server-side (bounded in time and size), keep its main text, submit it."""
    document = fetch.fetch_url(
        url,
        timeout=getattr(settings, "ARTICLE_FETCH_TIMEOUT", 10),
        max_bytes=getattr(settings, "ARTICLE_FETCH_MAX_BYTES", 5_000_000),
        allow_private=settings.ARTICLE_FETCH_ALLOW_PRIVATE,
    )
    return _submit_document(
        document, title=title, publisher=publisher, published=published, submitted_by=submitted_by
    )


def article_submit_upload(
    *,
    name: str,
    data: bytes,
    title: str = "",
    publisher: str = "",
    published: datetime.date | None = None,
    submitted_by: AbstractBaseUser | None = None,
) -> tuple[Article, bool]:
    """Submit an uploaded .txt file as it is, or an .html file's main text."""
    document = fetch.from_upload(name, data)
    return _submit_document(
        document, title=title, publisher=publisher, published=published, submitted_by=submitted_by
    )


@dataclass
class BulkOutcome:
    updated: list[int] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)


def claims_bulk_update(
    *,
    versions: dict[int, int],
    actor: AbstractBaseUser | None,
    status: str = _UNSET,
    assignee: AbstractBaseUser | None = _UNSET,
    comment: str = "",
) -> BulkOutcome:
    """Apply one change to many claims, each through claim_update with the version the
    reviewer saw; a claim someone else changed meanwhile is reported, not overwritten."""
    outcome = BulkOutcome()
    changes: dict[str, Any] = {}
    if status is not _UNSET:
        changes["status"] = status
    if assignee is not _UNSET:
        changes["assignee"] = assignee
    if not changes:
        raise ServiceError("Choose a status or an assignee.", code="nothing_to_change")
    for claim_id, version in sorted(versions.items()):
        try:
            claim_update(
                claim_id=claim_id,
                actor=actor,
                expected_version=version,
                comment=comment,
                **changes,
            )
        except ConflictError:
            outcome.conflicts.append(claim_id)
        except Claim.DoesNotExist:
            outcome.failed[claim_id] = "The claim no longer exists."
        except ServiceError as exc:
            outcome.failed[claim_id] = exc.message
        else:
            outcome.updated.append(claim_id)
    return outcome


def claim_source_correct(
    *,
    claim_id: int,
    actor: AbstractBaseUser | None,
    expected_version: int,
    source_id: int | None = None,
    new_name: str = "",
    kind: str = Source.Kind.UNKNOWN,
    role: str = "",
    comment: str = "",
) -> Claim:
    """Point a claim at another registry entry, or at a new one made from `new_name`."""
    if (source_id is None) == (not new_name.strip()):
        raise ServiceError("Pick a source or name a new one.", code="invalid_source")
    if kind not in Source.Kind.values:
        raise ServiceError(f"Unknown source kind {kind!r}.", code="invalid_kind")
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",)).select_related("source").get(pk=claim_id)
        )
        if claim.version != expected_version:
            raise ConflictError(
                "Someone else changed this claim since you opened it; their version is shown.",
                detail={"current_version": claim.version},
            )
        if source_id is not None:
            source = Source.objects.filter(pk=source_id).first()
            if source is None:
                raise ServiceError("That source is not in the registry.", code="invalid_source")
            source = _follow_merges(source)
        else:
            source = source_resolve(name=new_name, kind=kind, role=role)
        if claim.source_id == source.pk:
            return claim
        old_name = claim.source.name if claim.source else ""
        claim.source = source
        claim.attribution = (
            Claim.Attribution.PUBLISHER
            if source.kind == Source.Kind.PUBLISHER
            else Claim.Attribution.NAMED
        )
        claim.version += 1
        claim.save()
        ReviewEvent.objects.create(
            claim=claim,
            actor=actor,
            field=ReviewEvent.Field.SOURCE,
            old_value=old_name,
            new_value=source.name,
            comment=comment,
        )
    return claim


# Admin: source review, re-extraction. Appended as one block.


def source_confirm(*, source_ids: Sequence[int], actor: AbstractBaseUser | None = None) -> int:
    """Mark sources that extraction created as checked by an admin; returns how many
    changed (merged sources and sources already confirmed are left alone)."""
    changed = 0
    with transaction.atomic():
        sources = Source.objects.select_for_update().filter(
            pk__in=source_ids, confirmed=False, merged_into__isnull=True
        )
        for source in sources.order_by("pk"):
            source.confirmed = True
            source._history_user = actor  # type: ignore[attr-defined]
            source.save(update_fields=["confirmed", "updated_at"])
            changed += 1
    return changed


def source_alias_remove(*, alias_id: int, actor: AbstractBaseUser | None = None) -> None:
    """Remove one alias; a source keeps at least one, so extraction can still find it."""
    with transaction.atomic():
        alias = SourceAlias.objects.select_for_update().select_related("source").get(pk=alias_id)
        if not SourceAlias.objects.filter(source_id=alias.source_id).exclude(pk=alias_id).exists():
            raise ServiceError(f"{alias.source.name} needs at least one alias.", code="last_alias")
        alias._history_user = actor  # type: ignore[attr-defined]
        alias.delete()


def article_reextract(*, article_ids: Sequence[int]) -> list[int]:
    """Queue the articles' extraction again (after a model or rule change); reviewers'
    work on claims found again is kept, as on any re-extraction."""
    with transaction.atomic():
        articles = list(Article.objects.select_for_update().filter(pk__in=article_ids))
        ids = [a.pk for a in articles]
        Article.objects.filter(pk__in=ids).update(
            status=Article.Status.QUEUED, error="", updated_at=timezone.now()
        )
        for article_id in ids:
            # robust: the stale-work sweep queues it again if the broker is down now.
            transaction.on_commit(partial(_queue_extraction, article_id), robust=True)
    return ids


def article_checks_rerun(*, article_ids: Sequence[int]) -> list[int]:
    """Run every check again on the current claims of the articles."""
    claim_ids = list(
        Claim.objects.filter(article_id__in=article_ids, stale=False).values_list("id", flat=True)
    )
    return checks_rerun(claim_ids=claim_ids)
