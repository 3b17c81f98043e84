"""Object-level rules, through the pages, the admin and the API: a reviewer edits claims,
only an editor other than the verdict's reviewer signs it off, only admins edit sources and
API tokens. And no form is accepted without its CSRF token."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import ApiToken, Claim, Source
from claims.services.review import claim_update
from tests.factories import COMPLETE_DRAFT, ClaimFactory, SourceFactory, UserFactory
from tests.security.test_access_matrix import World, url_patterns
from tests.web.helpers import HTMX, client_for

pytestmark = pytest.mark.django_db


def api_client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def verdict(reviewer: Any) -> Claim:
    """A complete draft verdict the reviewer wrote, awaiting an editor."""
    claim = ClaimFactory()
    return claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, **COMPLETE_DRAFT)


def test_a_reviewer_saves_a_review_through_the_page(reviewer: Any) -> None:
    claim = ClaimFactory()
    response = client_for(reviewer).post(
        reverse("claims:claim_review", args=[claim.pk]),
        {"version": claim.version, "status": "misleading", "rationale": "Numbers differ."},
        **HTMX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by) == ("misleading", reviewer)


def test_a_reviewer_cannot_sign_off_through_the_page_or_the_api(
    verdict: Claim, other_editor: Any
) -> None:
    somebody = UserFactory(username="rex", roles=["reviewer"])
    page = client_for(somebody).post(
        reverse("claims:claim_signoff", args=[verdict.pk]),
        {"version": verdict.version, "decision": "approve"},
        **HTMX,
    )
    api = api_client_for(somebody).post(
        f"/api/v1/claims/{verdict.pk}/signoff/",
        {"version": verdict.version, "approve": True},
        format="json",
    )
    assert (page.status_code, api.status_code) == (403, 403)
    verdict.refresh_from_db()
    assert verdict.signed_off_at is None
    assert not verdict.history.filter(field="signoff").exists()


@pytest.mark.parametrize("through", ["page", "api"])
def test_an_editor_cannot_sign_off_their_own_verdict(editor: Any, through: str) -> None:
    claim = ClaimFactory()
    claim = claim_update(claim_id=claim.pk, actor=editor, expected_version=1, **COMPLETE_DRAFT)
    if through == "page":
        response = client_for(editor).post(
            reverse("claims:claim_signoff", args=[claim.pk]),
            {"version": claim.version, "decision": "approve"},
            **HTMX,
        )
    else:
        response = api_client_for(editor).post(
            f"/api/v1/claims/{claim.pk}/signoff/",
            {"version": claim.version, "approve": True},
            format="json",
        )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.signed_off_at is None


@pytest.mark.parametrize("through", ["page", "api"])
def test_another_editor_signs_the_verdict_off(verdict: Claim, editor: Any, through: str) -> None:
    if through == "page":
        response = client_for(editor).post(
            reverse("claims:claim_signoff", args=[verdict.pk]),
            {"version": verdict.version, "decision": "approve"},
            **HTMX,
        )
    else:
        response = api_client_for(editor).post(
            f"/api/v1/claims/{verdict.pk}/signoff/",
            {"version": verdict.version, "approve": True},
            format="json",
        )
    assert response.status_code == 200
    verdict.refresh_from_db()
    assert verdict.signed_off_by == editor


def _staff(user: Any) -> Any:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def _source_change_form(source: Source, **changes: str) -> dict[str, Any]:
    return {
        "name": source.name,
        "kind": source.kind,
        "role": "",
        "affiliation": "",
        "description": "",
        "reliability": source.reliability,
        "reliability_notes": "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        **changes,
    }


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_only_admins_edit_a_source_in_the_admin(role: str, request: Any, admin_user: Any) -> None:
    source = SourceFactory(name="Marta Ilyenko")
    user = _staff(request.getfixturevalue(role))
    url = reverse("admin:claims_source_change", args=[source.pk])
    refused = client_for(user).post(url, _source_change_form(source, role="Governor"))
    assert refused.status_code == 403
    source.refresh_from_db()
    assert source.role == ""


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_only_admins_edit_a_source_through_the_api(role: str, request: Any) -> None:
    source = SourceFactory(name="Marta Ilyenko")
    user = request.getfixturevalue(role)
    client = api_client_for(user)
    assert (
        client.patch(f"/api/v1/sources/{source.pk}/", {"role": "x"}, format="json").status_code
        == 403
    )
    assert client.post("/api/v1/sources/", {"name": "New"}, format="json").status_code == 403
    source.refresh_from_db()
    assert source.role == ""
    assert Source.objects.count() == 1


def test_an_admin_edits_a_source_through_the_api(admin_user: Any) -> None:
    source = SourceFactory(name="Marta Ilyenko")
    response = api_client_for(admin_user).patch(
        f"/api/v1/sources/{source.pk}/", {"role": "Governor"}, format="json"
    )
    assert response.status_code == 200
    source.refresh_from_db()
    assert source.role == "Governor"


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_only_admins_issue_or_edit_api_tokens_in_the_admin(
    role: str, request: Any, admin_user: Any
) -> None:
    user = _staff(request.getfixturevalue(role))
    token_owner = UserFactory(username="tess", roles=["reviewer"])
    client = client_for(user)
    add = client.post(
        reverse("admin:claims_apitoken_add"), {"user": token_owner.pk, "name": "sneaky"}
    )
    assert add.status_code == 403
    assert not ApiToken.objects.exists()

    # An admin's token is the admin's own (tests/security/test_tokens.py).
    created = client_for(admin_user).post(reverse("admin:claims_apitoken_add"), {"name": "cli"})
    assert created.status_code == 302
    token = ApiToken.objects.get(user=admin_user)
    change = client.post(
        reverse("admin:claims_apitoken_change", args=[token.pk]),
        {"name": "renamed", "read_only": "on"},
    )
    assert change.status_code == 403
    token.refresh_from_db()
    assert (token.name, token.read_only) == ("cli", False)


def test_an_unpublished_verdict_is_not_public(verdict: Claim) -> None:
    response = Client().get(f"/api/v1/claims/{verdict.pk}/claimreview/")
    assert response.status_code == 404


# CSRF


def _non_api_urls(world: World) -> list[str]:
    from tests.security.test_access_matrix import rule_for

    urls = []
    for pattern in url_patterns():
        rule = rule_for(pattern)
        assert rule is not None
        url = rule.url(world)
        if not url.startswith("/api/"):
            urls.append(url)
    return urls


def test_every_page_and_admin_form_refuses_a_post_without_the_csrf_token() -> None:
    world = World()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    versions_before = sorted(Claim.objects.values_list("pk", "version"))
    accepted = []
    for url in _non_api_urls(world):
        response = client.post(url, {"version": 1, "text": "x", "decision": "approve"}, **HTMX)
        if response.status_code != 403 or b"CSRF" not in response.content:
            accepted.append(f"{url}: {response.status_code}")
    assert not accepted, accepted
    assert sorted(Claim.objects.values_list("pk", "version")) == versions_before


def test_the_login_pages_refuse_a_post_without_the_csrf_token(reviewer: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    for url in (reverse("login"), reverse("admin:login")):
        response = client.post(url, {"username": "rita", "password": "whatever"})
        assert response.status_code == 403, url


def test_the_api_refuses_a_session_write_without_the_csrf_token(reviewer: Any) -> None:
    claim = ClaimFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"version": claim.version, "status": "accurate"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNREVIEWED


def test_a_post_with_the_csrf_token_from_the_page_is_accepted(reviewer: Any) -> None:
    claim = ClaimFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    page = client.get(reverse("claims:article_detail", args=[claim.article_id]))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("claims:claim_review", args=[claim.pk]),
        {"version": claim.version, "status": "accurate", "csrfmiddlewaretoken": str(token)},
        **HTMX,
    )
    assert response.status_code == 200
