from __future__ import annotations

import socket
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims.models import Article
from claims.services.ingest import article_fetch
from tests.pages import ARTICLE_PAGE

# The local test server, and the closed port, are on loopback addresses.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_private_fetch")]

SUBMIT = "/articles/new/"


def error_text(response: Any) -> str:
    return response.content.decode()


def test_pasted_text_becomes_an_article_and_opens_its_page(reviewer_client: Client) -> None:
    response = reviewer_client.post(
        SUBMIT,
        {
            "text": "Officials said 12 drones hit the port on Monday.",
            "title": "Port hit",
            "publisher": "Harbour Courier",
            "published": "2026-03-10",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:article_detail", args=[article.pk])
    assert (article.title, article.publisher, str(article.published)) == (
        "Port hit",
        "Harbour Courier",
        "2026-03-10",
    )


def test_an_empty_submission_is_refused_with_a_message(reviewer_client: Client) -> None:
    response = reviewer_client.post(SUBMIT, {"text": "   \n  ", "title": "Nothing"})
    assert response.status_code == 400
    assert "Paste the article text, upload a file or give a URL." in error_text(response)
    assert not Article.objects.exists()


def test_text_over_the_size_limit_is_refused(reviewer_client: Client, settings: Any) -> None:
    settings.ARTICLE_MAX_CHARS = 1000
    response = reviewer_client.post(SUBMIT, {"text": "Officials said. " * 100})
    assert response.status_code == 400
    assert "the limit is 1,000" in error_text(response)
    assert not Article.objects.exists()


def test_an_uploaded_binary_file_is_refused(reviewer_client: Client) -> None:
    upload = SimpleUploadedFile("scan.txt", b"PK\x03\x04\x00\x00binary\x00data")
    response = reviewer_client.post(SUBMIT, {"file": upload})
    assert response.status_code == 400
    assert "binary data" in error_text(response)


def test_an_upload_that_is_not_txt_or_html_is_refused(reviewer_client: Client) -> None:
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 text")
    response = reviewer_client.post(SUBMIT, {"file": upload})
    assert response.status_code == 400
    assert "Upload a .txt or .html file." in error_text(response)


def test_an_uploaded_html_file_is_reduced_to_its_main_text(reviewer_client: Client) -> None:
    upload = SimpleUploadedFile("drones.html", ARTICLE_PAGE.encode(), content_type="text/html")
    response = reviewer_client.post(SUBMIT, {"file": upload, "publisher": "Courier desk"})
    assert response.status_code == 302
    article = Article.objects.get()
    assert "At least 14 drones struck the river port" in article.body
    assert "Cookie settings" not in article.body
    assert "<p>" not in article.body
    assert article.publisher == "Courier desk"  # what the reviewer typed wins


def test_an_uploaded_txt_file_is_kept_as_it_is(reviewer_client: Client) -> None:
    text = "Officials said 12 drones hit the port.\n\nThe mayor said <b>nothing</b>."
    upload = SimpleUploadedFile("story.txt", text.encode())
    reviewer_client.post(SUBMIT, {"file": upload, "title": "Story"})
    assert Article.objects.get().body == text


def test_a_txt_file_saved_as_windows_unicode_is_read(reviewer_client: Client) -> None:
    text = "Officials in Tromsø said 12 drones hit the port."
    upload = SimpleUploadedFile("story.txt", text.encode("utf-16"))  # with its byte-order mark
    reviewer_client.post(SUBMIT, {"file": upload, "title": "Story"})
    assert Article.objects.get().body == text


def test_pasted_page_source_becomes_the_page_main_text(reviewer_client: Client) -> None:
    page = (
        "<!doctype html><html><head><title>Port closed after strikes</title></head><body>"
        "<nav>Home | World | Cookie settings</nav><article><h1>Port closed after strikes</h1>"
        "<p>The harbour master said on Monday that the port would stay closed until Friday "
        "while divers checked the berths for damage.</p>"
        "<p>Officials said 12 drones had hit the port overnight, and two cranes burned.</p>"
        "<script>alert('pasted')</script></article></body></html>"
    )
    response = reviewer_client.post(SUBMIT, {"text": page})
    assert response.status_code == 302, error_text(response)
    article = Article.objects.get()
    assert article.body.startswith("Port closed after strikes")
    assert "harbour master said on Monday" in article.body
    assert "<p>" not in article.body
    assert "alert" not in article.body
    assert "Cookie settings" not in article.body
    assert article.title == "Port closed after strikes"


def fetched(article: Article) -> Article:
    """Run the fetch a worker would run after the submission committed."""
    article_fetch(article_id=article.pk)
    article.refresh_from_db()
    return article


def test_a_url_is_fetched_in_the_background_and_its_text_title_date_and_publisher_kept(
    reviewer_client: Client, web_server: str
) -> None:
    url = f"{web_server}/news/drones.html"
    response = reviewer_client.post(SUBMIT, {"url": url})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:article_detail", args=[article.pk])
    assert article.status == Article.Status.FETCHING
    page = reviewer_client.get(response["Location"])
    assert "Fetching the page" in page.content.decode()

    article = fetched(article)
    assert article.status == Article.Status.QUEUED
    assert "air defences had shot down 31 drones" in article.body
    assert "Subscribe now" not in article.body
    assert article.title == "Drones hit Dovresk port"
    assert article.publisher == "Harbour Courier"
    assert str(article.published) == "2026-03-10"
    assert article.url == url


def test_the_request_does_not_wait_for_the_page(reviewer_client: Client) -> None:
    with socket.socket() as silent:  # accepts the connection and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        started = time.monotonic()
        response = reviewer_client.post(
            SUBMIT, {"url": f"http://127.0.0.1:{silent.getsockname()[1]}/story"}
        )
        assert time.monotonic() - started < 2
    assert response.status_code == 302
    assert Article.objects.get().status == Article.Status.FETCHING


def test_a_url_that_is_not_http_is_refused(reviewer_client: Client) -> None:
    response = reviewer_client.post(SUBMIT, {"url": "ftp://example.org/story.txt"})
    assert response.status_code == 400
    assert "starting with http:// or https://" in error_text(response)


def test_a_malformed_url_is_refused(reviewer_client: Client) -> None:
    response = reviewer_client.post(SUBMIT, {"url": "http://"})
    assert response.status_code == 400
    assert "Enter a valid URL." in error_text(response)


def _closed_port() -> int:
    with socket.socket() as sock:  # a port nothing listens on once the socket is closed
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404"),
        ("/photo.jpg", "image/jpeg"),
        ("/huge.html", "larger than 100,000 bytes"),
        ("unreachable", "could not be reached"),
    ],
)
def test_a_page_that_cannot_be_fetched_fails_the_article_with_the_reason(
    reviewer_client: Client, web_server: str, settings: Any, path: str, reason: str
) -> None:
    settings.ARTICLE_FETCH_MAX_BYTES = 100_000
    url = f"http://127.0.0.1:{_closed_port()}/story" if path == "unreachable" else web_server + path
    response = reviewer_client.post(SUBMIT, {"url": url})
    assert response.status_code == 302
    article = fetched(Article.objects.get())
    assert article.status == Article.Status.FAILED
    assert reason in article.error
    assert not article.claims.exists()
    page = reviewer_client.get(response["Location"]).content.decode()
    assert reason in page


def test_an_article_whose_page_failed_shows_its_url_and_an_editor_fetches_it_again(
    reviewer_client: Client, editor_client: Client, web_server: str
) -> None:
    url = f"{web_server}/photo.jpg"
    reviewer_client.post(SUBMIT, {"url": url})
    article = fetched(Article.objects.get())
    page = editor_client.get(reverse("claims:article_detail", args=[article.pk])).content.decode()
    assert f"<h1>{url}</h1>" in page
    assert "No text to review" in page
    assert "Fetch again" in page
    editor_client.post(reverse("claims:article_reextract", args=[article.pk]))
    article.refresh_from_db()
    assert article.status == Article.Status.FETCHING
    assert article.error == ""


def test_an_address_whose_fetch_failed_submitted_again_is_fetched_again_not_copied(
    reviewer_client: Client, web_server: str
) -> None:
    url = f"{web_server}/photo.jpg"
    reviewer_client.post(SUBMIT, {"url": url})
    first = fetched(Article.objects.get())
    again = reviewer_client.post(SUBMIT, {"url": url}, follow=True)
    assert Article.objects.count() == 1
    first.refresh_from_db()
    assert first.status == Article.Status.FETCHING
    assert "fetching it again" in again.content.decode()


def test_a_page_whose_text_was_submitted_before_points_to_that_article(
    reviewer_client: Client, web_server: str
) -> None:
    url = f"{web_server}/news/drones.html"
    reviewer_client.post(SUBMIT, {"url": url})
    first = fetched(Article.objects.get())
    reviewer_client.post(SUBMIT, {"url": url})
    second = fetched(Article.objects.exclude(pk=first.pk).get())
    assert second.status == Article.Status.FAILED
    assert f"article {first.pk}" in second.error
    assert second.body == ""


def test_giving_both_text_and_url_is_refused(reviewer_client: Client) -> None:
    response = reviewer_client.post(
        SUBMIT, {"text": "Officials said so.", "url": "https://example.org/a"}
    )
    assert response.status_code == 400
    assert "Give only one of text, file or URL." in error_text(response)
