from __future__ import annotations

import datetime

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


def test_pasted_text_takes_its_date_from_its_dateline_and_its_title_from_the_headline() -> None:
    article, _ = article_submit(body="Dovresk, 10 March 2026\nPort hit by drones\n\n" + BODY)
    assert article.published == datetime.date(2026, 3, 10)
    assert article.title == "Port hit by drones"
    given, _ = article_submit(
        body="Dovresk, 10 March 2026\n\nThe port reopened.\n",
        published=datetime.date(2026, 3, 11),
    )
    assert given.published == datetime.date(2026, 3, 11)  # what the user gave wins


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


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202e"]


@pytest.mark.parametrize("mark", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_an_article_differing_only_by_an_invisible_character_is_the_same_article(
    mark: str,
) -> None:
    body = "Officials said 12 drones hit the port on Monday. The mayor said so too."
    first, _ = article_submit(body=body)
    marked = body.replace("drones", f"dro{mark}nes").replace("mayor", f"{mark}mayor")
    again, created = article_submit(body=marked)
    assert (again.pk, created) == (first.pk, False)
