"""Ingest: an article comes in as pasted text, an uploaded file or a URL, and is stored once.

The next stage, extraction, is queued when the stored article commits.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from claims import tasks
from claims.errors import ServiceError, TooLargeError
from claims.models import Article
from claims.outbound import documents
from claims.services.queue import send_on_commit

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
    submitted_by: User | None = None,
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
    """Fetch a page server-side (bounded in time and size), keep its main text, submit it."""
    document = documents.fetch_url(
        url,
        timeout=settings.ARTICLE_FETCH_TIMEOUT,
        max_bytes=settings.ARTICLE_FETCH_MAX_BYTES,
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
    submitted_by: User | None = None,
) -> tuple[Article, bool]:
    """Submit an uploaded .txt file as it is, or an .html file's main text."""
    document = documents.from_upload(name, data)
    return _submit_document(
        document, title=title, publisher=publisher, published=published, submitted_by=submitted_by
    )
