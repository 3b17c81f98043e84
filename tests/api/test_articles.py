from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from claims.models import Article, Check
from claims.services.ingest import article_fetch
from tests.api.conftest import error_of
from tests.factories import ArticleFactory, ClaimFactory

# The local test server is on a loopback address.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_private_fetch")]

ARTICLES = "/api/v1/articles/"
TEXT = "The minister said on Tuesday that 40 schools had closed in the northern region."


def test_submitting_text_answers_202_with_the_article_and_a_status_url(reviewer, make_client):
    response = make_client(reviewer).post(
        ARTICLES, {"body": TEXT, "publisher": "Harbour Courier"}, format="json"
    )
    assert response.status_code == 202
    body = response.json()
    article = Article.objects.get()
    assert body["article"]["id"] == article.pk
    assert body["article"]["status"] == "queued"
    assert body["created"] is True
    assert body["status_url"].endswith(f"/api/v1/articles/{article.pk}/status/")
    assert response["Location"] == body["status_url"]
    assert article.submitted_by == reviewer


def test_the_same_text_again_answers_200_with_the_stored_article(reviewer, make_client):
    client = make_client(reviewer)
    first = client.post(ARTICLES, {"body": TEXT}, format="json").json()
    again = client.post(ARTICLES, {"body": TEXT + "\n"}, format="json")
    assert again.status_code == 200
    assert again.json()["article"]["id"] == first["article"]["id"]
    assert again.json()["created"] is False


def test_a_url_without_text_is_fetched_in_the_background_and_its_main_text_kept(
    reviewer, make_client, web_server
):
    url = f"{web_server}/news/drones.html"
    client = make_client(reviewer)
    response = client.post(ARTICLES, {"url": url}, format="json")
    assert response.status_code == 202, response.json()
    assert response.json()["article"]["status"] == "fetching"
    article = Article.objects.get()
    article_fetch(article_id=article.pk)
    status = client.get(response.json()["status_url"]).json()
    assert status["status"] == "queued"
    article.refresh_from_db()
    assert article.url == url
    assert article.title == "Drones hit Dovresk port"
    assert article.publisher == "Harbour Courier"
    assert article.published == datetime.date(2026, 3, 10)
    assert "Marta Ilyenko" in article.body
    assert "Cookie settings" not in article.body


def test_a_url_that_cannot_be_fetched_fails_the_article_with_the_reason(
    reviewer, make_client, web_server
):
    client = make_client(reviewer)
    response = client.post(ARTICLES, {"url": f"{web_server}/photo.jpg"}, format="json")
    assert response.status_code == 202
    article_fetch(article_id=response.json()["article"]["id"])
    status = client.get(response.json()["status_url"]).json()
    assert status["status"] == "failed"
    assert "image/jpeg" in status["error"]


def test_reextracting_an_article_whose_fetch_failed_fetches_its_page_again(
    reviewer, editor, make_client, web_server
):
    submitted = make_client(reviewer).post(
        ARTICLES, {"url": f"{web_server}/photo.jpg"}, format="json"
    )
    article_id = submitted.json()["article"]["id"]
    article_fetch(article_id=article_id)
    again = make_client(editor).post(f"{ARTICLES}{article_id}/reextract/")
    assert again.status_code == 202
    assert again.json()["status"] == "fetching"  # not "ready" with nothing in it
    assert again.json()["error"] == ""
    article_fetch(article_id=article_id)
    article = Article.objects.get(pk=article_id)
    assert article.status == Article.Status.FAILED
    assert "image/jpeg" in article.error
    assert not article.claims.exists()


@override_settings(ARTICLE_MAX_CHARS=1000)
def test_an_article_over_the_limit_is_refused_with_413_and_nothing_stored(reviewer, make_client):
    response = make_client(reviewer).post(ARTICLES, {"body": "x" * 1001}, format="json")
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"
    assert not Article.objects.exists()


@override_settings(ARTICLE_MAX_CHARS=1000, DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_huge_body_is_refused_with_413_before_it_is_parsed(reviewer, make_client):
    response = make_client(reviewer).post(
        ARTICLES, '{"body": "' + "x" * 200_000 + '"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"


def test_malformed_json_is_a_400_in_the_error_format(reviewer, make_client):
    response = make_client(reviewer).post(
        ARTICLES, '{"body": "unterminated', content_type="application/json"
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_unknown_fields_are_refused_by_name(reviewer, make_client):
    response = make_client(reviewer).post(ARTICLES, {"body": TEXT, "auhtor": "typo"}, format="json")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert error["fields"] == {"auhtor": ["Unknown field."]}
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [{"body": 12345}, {"body": TEXT, "published": "last tuesday"}, {"body": ["a"]}, ["a", "b"]],
)
def test_wrong_types_are_refused_with_400(reviewer, make_client, payload):
    response = make_client(reviewer).post(ARTICLES, payload, format="json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"
    assert not Article.objects.exists()


def test_a_form_encoded_body_is_refused_with_415(reviewer, make_client):
    response = make_client(reviewer).post(ARTICLES, {"body": TEXT})
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_the_list_filters_by_status_publisher_and_published_range(reviewer, make_client):
    ArticleFactory(publisher="Harbour Courier", published=datetime.date(2025, 3, 1))
    wanted = ArticleFactory(
        publisher="Valley Times", published=datetime.date(2025, 3, 10), status="ready"
    )
    ArticleFactory(publisher="Valley Times", published=datetime.date(2025, 4, 20), status="ready")
    response = make_client(reviewer).get(
        ARTICLES,
        {
            "status": "ready",
            "publisher": "valley times",
            "published_after": "2025-03-05",
            "published_before": "2025-03-31",
        },
    )
    assert [a["id"] for a in response.json()["results"]] == [wanted.pk]


def test_the_list_searches_titles_and_text(reviewer, make_client):
    ArticleFactory(title="Drones over the harbour")
    wanted = ArticleFactory(title="Budget", body="The ferry timetable changes in May.")
    response = make_client(reviewer).get(ARTICLES, {"search": "ferry"})
    assert [a["id"] for a in response.json()["results"]] == [wanted.pk]


def test_the_detail_shows_progress_counts(reviewer, make_client):
    article = ArticleFactory()
    done = ClaimFactory(article=article, status="accurate")
    ClaimFactory(article=article, start=5)
    Check.objects.create(claim=done, kind="quantities", state="done")
    Check.objects.create(claim=done, kind="places", state="queued")
    body = make_client(reviewer).get(f"{ARTICLES}{article.pk}/").json()
    assert body["progress"] == {"claims": 2, "reviewed": 1, "checks": 2, "checks_done": 1}
    assert body["body"] == article.body


def test_the_status_url_reports_status_and_progress(reviewer, make_client):
    article = ArticleFactory(status="failed", error="Extraction failed: boom")
    body = make_client(reviewer).get(f"{ARTICLES}{article.pk}/status/").json()
    assert (body["status"], body["error"]) == ("failed", "Extraction failed: boom")
    assert body["progress"]["claims"] == 0


def test_an_unknown_article_is_a_404_in_the_error_format(reviewer, make_client):
    response = make_client(reviewer).get(f"{ARTICLES}999999999/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_anonymous_callers_cannot_submit(db):
    response = APIClient().post(ARTICLES, {"body": TEXT}, format="json")
    assert response.status_code == 401
    assert not Article.objects.exists()


def test_a_read_only_token_cannot_submit(reviewer, make_client):
    response = make_client(reviewer, read_only=True).post(ARTICLES, {"body": TEXT}, format="json")
    assert response.status_code == 403
    assert not Article.objects.exists()
