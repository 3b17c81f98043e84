from __future__ import annotations

import pytest
from django.test import override_settings

from claims.errors import ServiceError, TooLargeError
from claims.models import Article
from claims.services.ingest import article_submit

pytestmark = pytest.mark.django_db

BODY = "Regional Governor Marta Ilyenko said on Telegram that 12 drones were shot down.\n"


def test_it_stores_an_article_with_its_title_taken_from_the_first_line() -> None:
    article, created = article_submit(body="Port hit by drones\n\n" + BODY)
    assert created
    assert article.title == "Port hit by drones"
    assert article.status == Article.Status.QUEUED


def test_the_same_text_submitted_twice_is_one_article() -> None:
    first, _ = article_submit(body=BODY)
    second, created = article_submit(body=BODY.replace("\n", "\r\n") + "   ")
    assert not created
    assert second.pk == first.pk
    assert Article.objects.count() == 1


@pytest.mark.parametrize("body", ["", "   \n\t  "])
def test_it_refuses_an_empty_article(body: str) -> None:
    with pytest.raises(ServiceError, match="empty"):
        article_submit(body=body)
    assert not Article.objects.exists()


def test_it_refuses_binary_data() -> None:
    with pytest.raises(ServiceError, match="binary"):
        article_submit(body="PK\x03\x04\x00\x00" + "\x01" * 50)
    assert not Article.objects.exists()


@override_settings(ARTICLE_MAX_CHARS=1000)
def test_it_refuses_an_article_over_the_size_limit_with_a_too_large_error() -> None:
    with pytest.raises(TooLargeError) as raised:
        article_submit(body="word " * 300)
    assert raised.value.status == 413
    assert not Article.objects.exists()
