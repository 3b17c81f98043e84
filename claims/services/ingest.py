"""Ingest: an article comes in as pasted text, an uploaded file or a URL, and is stored once.

The next stage, extraction, is queued when the stored article commits.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims import tasks
from claims.checks import timeexpr
from claims.errors import ServiceError, TooLargeError
from claims.models import Article
from claims.outbound import documents, guard
from claims.services.queue import send_each_on_commit, send_on_commit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

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

    Line endings, Unicode forms, runs of white space and invisible format characters (zero
    widths, soft hyphens, direction marks) do not change the identity. Migration 0011
    applied the same to the stored articles; a change here needs one like it.
    """
    # Each distinct character looked up once (ASCII has no format characters).
    invisible = {c for c in set(body) if not c.isascii() and unicodedata.category(c) == "Cf"}
    folded = body.translate(dict.fromkeys(map(ord, invisible))) if invisible else body
    folded = unicodedata.normalize("NFC", folded).replace("\r\n", "\n")
    folded = re.sub(r"\s+", " ", folded).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _default_title(body: str) -> str:
    """The first line that is not a dateline or byline."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    titles = [line for line in lines[:4] if timeexpr.dateline_date(line) is None]
    return (titles or lines or [""])[0][:200]


def article_submit(
    *,
    body: str,
    title: str = "",
    url: str = "",
    publisher: str = "",
    published: datetime.date | None = None,
    submitted_by: User | None = None,
) -> tuple[Article, bool]:
    """Store an article and queue its extraction; an identical text returns the stored one.
    Pasted page source is read as an uploaded .html file is: its main text."""
    body = _clean_body(body)
    if documents.looks_like_html(body):
        page = documents.from_html(body, url=url)
        body = _clean_body(page.text)
        title = title or page.title
        publisher = publisher or page.publisher
        published = published or page.published
    # Pasted text often keeps its dateline or byline ("Dovresk, 10 March 2026").
    published = published or timeexpr.dateline_date(body)
    digest = content_hash(body)
    # get_or_create makes the article in a transaction of its own (or a savepoint of the
    # caller's), and the extraction is queued once that commits.
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
        send_on_commit(tasks.article_extract, article.pk)
    return article, created


def _submit_document(
    document: documents.Document,
    *,
    title: str,
    publisher: str,
    published: datetime.date | None,
    submitted_by: User | None,
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
    submitted_by: User | None = None,
) -> tuple[Article, bool]:
    """Store an article to be fetched from `url` by a worker, and queue the fetch.

    The page is not fetched in the request: a slow server would hold a web worker. The
    article is `fetching` until a worker has the text (then `queued` for extraction), or
    `failed` with the reason. A URL into a private or local network is refused at once.
    """
    url = guard.check_url(url)
    if not settings.ARTICLE_FETCH_ALLOW_PRIVATE:
        guard.refuse_local_url(url)
    with transaction.atomic():
        # The same address again after its fetch failed: fetch that article again rather
        # than keep a second failed copy of it.
        failed = (
            Article.objects.select_for_update()
            .filter(url=url[:2000], body="", status=Article.Status.FAILED)
            .order_by("pk")
            .first()
        )
        if failed is not None:
            article_fetch_again(article_ids=[failed.pk])
            failed.refresh_from_db()
            return failed, False
        article = Article.objects.create(
            body="",
            # Unique like every hash, until the fetched text gives the real one.
            content_hash=f"{_FETCHING}{uuid.uuid4().hex}",
            status=Article.Status.FETCHING,
            title=title[:500],
            url=url[:2000],
            publisher=publisher[:200],
            published=published,
            submitted_by=submitted_by,
        )
        send_on_commit(tasks.article_fetch, article.pk)
    return article, True


_FETCHING = "fetching:"


def article_fetch(*, article_id: int, task_id: str = "") -> Article | None:
    """Fetch a `fetching` article's page (bounded in time and size), keep its main text and
    queue its extraction; or fail the article with the reason. Runs in a worker.

    Idempotent like extraction: an article fetched already is left alone, and so is a
    fetch under way in another task.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            return None
        if article.status != Article.Status.FETCHING or article.task_id not in ("", task_id):
            return article
        article.task_id = task_id
        article.save(update_fields=["task_id", "updated_at"])

    try:
        document = documents.fetch_url(
            article.url,
            timeout=settings.ARTICLE_FETCH_TIMEOUT,
            max_bytes=settings.ARTICLE_FETCH_MAX_BYTES,
            allow_private=settings.ARTICLE_FETCH_ALLOW_PRIVATE,
        )
        body = _clean_body(document.text)
    except ServiceError as exc:
        _fetch_failed(article_id, task_id, exc.message)
        return Article.objects.get(pk=article_id)

    digest = content_hash(body)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.status != Article.Status.FETCHING or article.task_id != task_id:
            return article
        earlier = Article.objects.filter(content_hash=digest).first()
        if earlier is not None:
            return _fetched_before(article, earlier)
        # What the reviewer typed wins over what the page says about itself.
        article.body = body
        article.content_hash = digest
        article.title = (article.title or document.title or _default_title(body))[:500]
        article.publisher = (article.publisher or document.publisher)[:200]
        article.published = article.published or document.published
        article.url = (document.url or article.url)[:2000]
        article.status = Article.Status.QUEUED
        article.task_id = ""
        try:
            with transaction.atomic():
                article.save()
        except IntegrityError:  # the same text came in meanwhile, by another way
            article.refresh_from_db()
            return _fetched_before(article, Article.objects.get(content_hash=digest))
        send_on_commit(tasks.article_extract, article.pk)
    return article


def article_fetch_again(*, article_ids: Sequence[int]) -> None:
    """Fetch again the page of articles that have no text yet (their fetch failed): the
    error goes, and the article is `fetching` until a worker has the text. Call it in a
    transaction that holds the articles' rows."""
    Article.objects.filter(pk__in=article_ids, body="").exclude(url="").update(
        status=Article.Status.FETCHING, task_id="", error="", updated_at=timezone.now()
    )
    send_each_on_commit(tasks.article_fetch, [(article_id,) for article_id in article_ids])


def _fetched_before(article: Article, earlier: Article) -> Article:
    article.status = Article.Status.FAILED
    article.task_id = ""
    article.error = (
        f"The page's text was submitted before: article {earlier.pk}, "
        f"{earlier.title or '(untitled)'}."
    )
    article.save(update_fields=["status", "task_id", "error", "updated_at"])
    return article


def _fetch_failed(article_id: int, task_id: str, reason: str) -> None:
    Article.objects.filter(pk=article_id, status=Article.Status.FETCHING, task_id=task_id).update(
        status=Article.Status.FAILED,
        task_id="",
        error=f"The page could not be fetched: {reason}"[:2000],
        updated_at=timezone.now(),
    )


def article_fetch_requeue_stale(*, older_than: datetime.timedelta) -> list[int]:
    """Queue again the fetches that never started (waiting `older_than`) or whose worker
    died (under way past the fetch's deadline); a fetch under way is left alone."""
    now = timezone.now()
    running_limit = datetime.timedelta(seconds=settings.ARTICLE_FETCH_TIMEOUT * 3 + 30)
    with transaction.atomic():
        stale = (
            Article.objects.select_for_update(skip_locked=True)
            .filter(status=Article.Status.FETCHING)
            .filter(
                Q(task_id="", updated_at__lt=now - older_than)
                | Q(updated_at__lt=now - max(older_than, running_limit))
            )
            .order_by("pk")
        )
        ids = list(stale.values_list("id", flat=True))
        Article.objects.filter(pk__in=ids).update(task_id="", updated_at=now)
        send_each_on_commit(tasks.article_fetch, [(article_id,) for article_id in ids])
    return ids


def article_submit_upload(
    *,
    name: str,
    data: bytes,
    title: str = "",
    publisher: str = "",
    published: datetime.date | None = None,
    submitted_by: User | None = None,
) -> tuple[Article, bool]:
    """Submit an uploaded .txt file as it is, or an .html file's main text."""
    document = documents.from_upload(name, data)
    return _submit_document(
        document, title=title, publisher=publisher, published=published, submitted_by=submitted_by
    )
