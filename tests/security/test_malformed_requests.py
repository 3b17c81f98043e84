"""Malformed requests get a 4xx, never a 500: NUL characters in any query parameter of
the pages and the admin, impossible admin filters, and actions on a claim that does not
exist (or no longer does: re-extraction removed it while a reviewer had it open)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import ClaimFactory
from tests.web.helpers import HTMX, client_for

pytestmark = pytest.mark.django_db

PAGES = [
    "claims:article_list",
    "claims:queue",
    "claims:source_list",
    "claims:source_picker",
]
NUL_QUERIES = ["q=%00", "q=a%00b", "status=%00", "source=%00", "publisher=%00", "%00=1", "page=%00"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("query", NUL_QUERIES)
def test_a_nul_in_a_page_query_is_a_400(reviewer: Any, name: str, query: str) -> None:
    ClaimFactory()
    response = client_for(reviewer).get(reverse(name), QUERY_STRING=query, **HTMX)
    assert response.status_code == 400, (name, query, response.status_code)


def test_a_nul_in_an_article_page_query_is_a_400(reviewer: Any) -> None:
    claim = ClaimFactory()
    url = reverse("claims:article_detail", args=[claim.article_id])
    response = client_for(reviewer).get(url, QUERY_STRING="claim=%00")
    assert response.status_code == 400


def test_a_nul_in_an_api_query_keeps_the_api_error_shape(reviewer: Any) -> None:
    response = client_for(reviewer).get("/api/v1/claims/", QUERY_STRING="search=%00")
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def _changelists() -> list[str]:
    return [
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
    ]


ADMIN_QUERIES = [
    "q=%00",
    "created_at__year=99999999999",
    "created_at__year=%00",
    "created_at__month=13",
    "created_at__gte=99999-01-01",
    "id__in=%00",
    "id__exact=99999999999999999999999",
    "o=%00",
    "p=%00",
    "status__exact=%00",
    "%00=1",
]


@pytest.mark.parametrize("query", ADMIN_QUERIES)
def test_admin_lists_answer_hostile_filters_without_error(admin_user: Any, query: str) -> None:
    admin_user.is_superuser = True  # every admin list, Django's own included
    admin_user.save()
    ClaimFactory()
    client = client_for(admin_user)
    for name in _changelists():
        response = client.get(reverse(name), QUERY_STRING=query)
        assert response.status_code in (200, 302, 400), (name, query, response.status_code)


ACTIONS = {
    "claims:claim_review": {"version": "1", "status": "false"},
    "claims:claim_assign": {"version": "1", "assignee": ""},
    "claims:claim_signoff": {"version": "1", "decision": "approve"},
    "claims:claim_source": {"version": "1", "new_name": "Anton Belov", "kind": "person"},
    "claims:claim_rerun": {},
}


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("htmx", [True, False])
def test_an_action_on_a_claim_that_does_not_exist_is_a_404(
    editor: Any, name: str, htmx: bool
) -> None:
    claim = ClaimFactory()
    gone = claim.pk
    claim.delete()  # as re-extraction does with a claim no longer found
    headers = HTMX if htmx else {}
    response = client_for(editor).post(reverse(name, args=[gone]), ACTIONS[name], **headers)
    assert response.status_code == 404, (name, response.status_code)


@pytest.mark.parametrize("name", ACTIONS)
def test_an_invalid_form_for_a_claim_that_does_not_exist_is_a_404(editor: Any, name: str) -> None:
    response = client_for(editor).post(reverse(name, args=[987654321]), {"version": "x"}, **HTMX)
    assert response.status_code == 404, (name, response.status_code)


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "https://evil.example/",
        "/%5Cevil",
    ],
)
def test_the_bulk_form_never_redirects_off_site(reviewer: Any, target: str) -> None:
    response = client_for(reviewer).post(
        reverse("claims:queue_bulk"), {"action": "status", "status": "false", "next": target}
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/")
    assert not location.startswith(("//", "/\\"))
    assert urlsplit(location).netloc == ""


def test_the_bulk_form_goes_back_to_the_filtered_queue(reviewer: Any) -> None:
    back = reverse("claims:queue") + "?status=unreviewed&page=2"
    response = client_for(reviewer).post(
        reverse("claims:queue_bulk"), {"action": "status", "status": "false", "next": back}
    )
    assert response["Location"] == back
