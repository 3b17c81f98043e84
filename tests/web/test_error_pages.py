"""The error pages (with DEBUG off, as the tests run) look like the site and lead back."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from factcheck.views import bad_request


@pytest.mark.django_db
def test_a_page_that_does_not_exist_has_the_site_around_it_and_a_way_back(
    reviewer_client: Client,
) -> None:
    response = reviewer_client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert f'href="{reverse("claims:article_list")}"' in page
    assert 'class="mainnav"' in page  # the signed-in reviewer keeps the navigation


@pytest.mark.django_db
def test_an_article_pasted_past_the_request_size_limit_gets_a_page_that_says_so(
    reviewer_client: Client, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    settings.ARTICLE_MAX_CHARS = 123_456
    response = reviewer_client.post(reverse("claims:article_submit"), {"text": "x" * 20_000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "too large or malformed" in page
    assert "at most 123,456 characters" in page
    assert f'href="{reverse("claims:article_list")}"' in page


@pytest.mark.django_db
def test_an_account_without_a_role_is_told_why_it_is_refused(outsider: Any) -> None:
    client = Client()
    client.force_login(outsider)
    response = client.get(reverse("claims:article_list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Only reviewers, editors and admins use factcheck." in page
    assert f'href="{reverse("factchecks:index")}"' in page


# No database mark: were either page to touch the database, the test would fail.
def test_the_server_error_page_needs_neither_the_request_nor_the_database() -> None:
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "app.css" in page
    assert f'href="{reverse("claims:article_list")}"' in page


def test_the_bad_request_page_needs_neither_the_request_nor_the_database() -> None:
    response = bad_request(RequestFactory().get("/"), ValueError("bad"))
    assert response.status_code == 400
    assert "too large or malformed" in response.content.decode()


@pytest.mark.django_db
def test_every_page_links_its_icon_and_favicon_ico_leads_to_it(
    reviewer_client: Client,
) -> None:
    page = reviewer_client.get(reverse("claims:article_list")).content.decode()
    assert '<link rel="icon" href="/static/claims/img/favicon.svg"' in page
    assert finders.find("claims/img/favicon.svg")
    response = Client().get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/claims/img/favicon.svg"


@pytest.mark.django_db
def test_an_error_answering_htmx_is_a_message_for_the_panel_not_a_whole_page(
    reviewer_client: Client,
) -> None:
    from tests.factories import ClaimFactory
    from tests.web.helpers import HTMX

    gone = reviewer_client.get(reverse("claims:claim_panel", args=[987654]), **HTMX)
    assert gone.status_code == 404
    assert 'id="request-error"' in gone.content.decode()
    assert "<html" not in gone.content.decode()
    claim = ClaimFactory()
    refused = reviewer_client.post(
        reverse("claims:claim_signoff", args=[claim.pk]), {"version": 1}, **HTMX
    )
    assert refused.status_code == 403
    assert "Only editors sign verdicts off." in refused.content.decode()
    assert "<html" not in refused.content.decode()
