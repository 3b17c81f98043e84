from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim
from claims.services.review import claim_update
from tests.factories import COMPLETE_DRAFT, ClaimFactory, SourceFactory
from tests.web.helpers import HTMX, client_for

pytestmark = pytest.mark.django_db


def page_urls() -> list[str]:
    claim = ClaimFactory()
    source = SourceFactory()
    return [
        reverse("claims:article_list"),
        reverse("claims:article_submit"),
        reverse("claims:article_detail", args=[claim.article_id]),
        reverse("claims:article_progress", args=[claim.article_id]),
        reverse("claims:claim_panel", args=[claim.pk]),
        reverse("claims:queue"),
        reverse("claims:source_list"),
        reverse("claims:source_detail", args=[source.pk]),
        reverse("claims:source_picker") + "?q=x",
    ]


def test_every_page_sends_an_anonymous_visitor_to_the_login_page() -> None:
    client = Client()
    for url in page_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_an_account_without_a_role_is_refused_every_page(outsider: Any) -> None:
    client = client_for(outsider)
    for url in page_urls():
        assert client.get(url).status_code == 403, url


def test_a_reviewer_opens_every_page(reviewer_client: Client) -> None:
    for url in page_urls():
        response = reviewer_client.get(url, **HTMX)
        assert response.status_code == 200, url


def test_pages_forbid_inline_scripts_through_their_content_security_policy(
    reviewer_client: Client,
) -> None:
    response = reviewer_client.get(reverse("claims:article_list"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_a_reviewer_cannot_sign_a_verdict_off(reviewer_client: Client, editor: Any) -> None:
    claim = ClaimFactory(status=Claim.Status.FALSE, reviewed_by=editor)
    response = reviewer_client.post(
        reverse("claims:claim_signoff", args=[claim.pk]),
        {"version": claim.version, "decision": "approve"},
        **HTMX,
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.signed_off_at is None


def test_the_sign_off_form_is_shown_to_editors_only(
    reviewer_client: Client, editor_client: Client, reviewer: Any
) -> None:
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, **COMPLETE_DRAFT)
    url = reverse("claims:claim_panel", args=[claim.pk])
    assert b"signoff-approve" not in reviewer_client.get(url, **HTMX).content
    assert b"signoff-approve" in editor_client.get(url, **HTMX).content


def test_an_editor_is_not_offered_the_sign_off_of_their_own_verdict(
    editor_client: Client, editor: Any
) -> None:
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=editor, expected_version=1, **COMPLETE_DRAFT)
    response = editor_client.get(reverse("claims:claim_panel", args=[claim.pk]), **HTMX)
    assert b"signoff-approve" not in response.content
    assert b"another editor signs it off" in response.content


def test_only_admins_get_the_link_to_edit_a_source(
    reviewer_client: Client, admin_user: Any
) -> None:
    source = SourceFactory()
    url = reverse("claims:source_detail", args=[source.pk])
    edit = reverse("admin:claims_source_change", args=[source.pk]).encode()
    assert edit not in reviewer_client.get(url).content
    assert edit in client_for(admin_user).get(url).content
