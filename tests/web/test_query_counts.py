"""Each page runs a fixed number of queries, however many claims there are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Article
from claims.services.review import claim_update
from tests.web.helpers import HTMX, article_with_claims

pytestmark = pytest.mark.django_db


def queries_for(client: Client, url: str, **extra: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(captured)


def with_work(article: Article, user: Any) -> Article:
    """Give some claims an assignee and a verdict, so those joins are exercised too."""
    for claim in article.claims.order_by("start")[:5]:
        claim_update(
            claim_id=claim.pk, actor=user, expected_version=1, status="false", assignee=user
        )
    return article


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(lambda a: reverse("claims:article_detail", args=[a.pk]), id="review"),
        pytest.param(lambda a: reverse("claims:article_progress", args=[a.pk]), id="progress"),
        pytest.param(lambda a: reverse("claims:queue"), id="queue"),
        pytest.param(lambda a: reverse("claims:article_list"), id="articles"),
        pytest.param(lambda a: reverse("claims:source_list"), id="sources"),
        pytest.param(
            lambda a: reverse("claims:source_detail", args=[a.claims.first().source_id]),
            id="source",
        ),
        pytest.param(
            lambda a: reverse("claims:claim_panel", args=[a.claims.first().pk]), id="panel"
        ),
    ],
)
def test_a_page_runs_the_same_queries_for_10_and_200_claims(
    page: Callable[[Article], str], reviewer_client: Client, reviewer: Any
) -> None:
    small = with_work(article_with_claims(10, title="Small"), reviewer)
    small_count = queries_for(reviewer_client, page(small), **HTMX)
    Article.objects.all().delete()
    large = with_work(article_with_claims(200, title="Large"), reviewer)
    assert queries_for(reviewer_client, page(large), **HTMX) == small_count


def test_the_articles_list_runs_the_same_queries_for_2_and_40_articles(
    reviewer_client: Client,
) -> None:
    for n in range(2):
        article_with_claims(3, title=f"Few {n}")
    few = queries_for(reviewer_client, reverse("claims:article_list"))
    for n in range(38):
        article_with_claims(3, title=f"Many {n}")
    assert queries_for(reviewer_client, reverse("claims:article_list")) == few
