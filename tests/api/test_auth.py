from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from claims.models import ApiToken
from tests.api.conftest import error_of
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"


def test_an_anonymous_caller_gets_401_with_a_token_challenge() -> None:
    response = APIClient().get(CLAIMS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert error_of(response)["code"] == "not_authenticated"


def test_a_reviewer_token_reads_the_claims(reviewer, make_client) -> None:
    ClaimFactory()
    response = make_client(reviewer).get(CLAIMS)
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_an_unknown_token_is_refused_with_401() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    response = client.get(CLAIMS)
    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_failed"


def test_a_token_of_a_deactivated_user_is_refused(reviewer, make_client) -> None:
    client = make_client(reviewer)
    reviewer.is_active = False
    reviewer.save()
    assert client.get(CLAIMS).status_code == 401


def test_a_signed_in_session_works_without_a_token(reviewer) -> None:
    client = APIClient()
    client.force_login(reviewer)
    assert client.get(CLAIMS).status_code == 200


def test_a_user_with_no_role_is_forbidden(make_client) -> None:
    nobody = UserFactory(username="visitor")
    response = make_client(nobody).get(CLAIMS)
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"


def test_a_read_only_token_reads_but_cannot_write(editor, make_client) -> None:
    claim = ClaimFactory()
    client = make_client(editor, read_only=True)
    assert client.get(f"{CLAIMS}{claim.pk}/").status_code == 200
    response = client.patch(
        f"{CLAIMS}{claim.pk}/", {"status": "false", "version": 1}, format="json"
    )
    assert response.status_code == 403
    assert error_of(response)["message"] == "This token is read-only."
    claim.refresh_from_db()
    assert claim.status == "unreviewed"


def test_only_a_hash_of_the_key_is_stored_and_use_is_recorded(reviewer, make_client) -> None:
    client = make_client(reviewer)
    key = client._credentials["HTTP_AUTHORIZATION"].split()[1]
    token = ApiToken.objects.get(user=reviewer)
    assert len(key) >= 40
    assert key not in (token.key_hash, token.prefix, token.name)
    assert token.last_used_at is None
    client.get(CLAIMS)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_issue_token_command_prints_a_working_read_only_key(reviewer) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "issue_token", "rita", "--read-only", "--name", "dashboard", stdout=out, stderr=err
    )
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=reviewer)
    assert (token.name, token.read_only) == ("dashboard", True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(CLAIMS).status_code == 200
    assert client.post("/api/v1/checks/rerun/", {"claims": [1]}, format="json").status_code == 403
