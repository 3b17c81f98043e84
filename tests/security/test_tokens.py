"""API tokens are issued by their own user (the admin's add page, for oneself) or by an
operator on the command line: nobody gets a key that acts as someone else."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.errors import ServiceError
from claims.models import ApiToken
from claims.services.tokens import api_token_issue
from tests.factories import UserFactory
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db

ADD = reverse("admin:claims_apitoken_add")


@pytest.fixture
def superuser() -> Any:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_an_admin_cannot_issue_a_token_for_the_superuser(admin_user: Any, superuser: Any) -> None:
    response = client_for(admin_user).post(ADD, {"user": superuser.pk, "name": "sneaky"})
    assert response.status_code in (200, 302, 403)
    assert not ApiToken.objects.filter(user=superuser).exists()


def test_a_token_added_in_the_admin_belongs_to_whoever_added_it(
    admin_user: Any, superuser: Any
) -> None:
    for issuer in (admin_user, superuser):
        other = UserFactory(roles=["editor"])
        response = client_for(issuer).post(ADD, {"user": other.pk, "name": "mine"})
        assert response.status_code == 302
        assert not ApiToken.objects.filter(user=other).exists()
        assert ApiToken.objects.filter(user=issuer, name="mine").exists()


def test_the_add_page_offers_no_choice_of_user(admin_user: Any) -> None:
    page = client_for(admin_user).get(ADD)
    assert page.status_code == 200
    assert b'name="user"' not in page.content


def test_an_admin_lists_and_revokes_another_users_token_but_cannot_change_it(
    admin_user: Any, reviewer: Any
) -> None:
    token, _key = api_token_issue(user=reviewer, issuer=reviewer, name="cli")
    client = client_for(admin_user)
    listing = client.get(reverse("admin:claims_apitoken_changelist"))
    assert token.prefix.encode() in listing.content
    change = client.post(
        reverse("admin:claims_apitoken_change", args=[token.pk]),
        {"name": "renamed", "read_only": "on"},
    )
    assert change.status_code == 403
    token.refresh_from_db()
    assert (token.name, token.read_only) == ("cli", False)
    revoke = client.post(reverse("admin:claims_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert revoke.status_code == 302
    assert not ApiToken.objects.exists()


def test_the_service_refuses_a_token_issued_for_someone_else(
    admin_user: Any, reviewer: Any
) -> None:
    with pytest.raises(ServiceError):
        api_token_issue(user=reviewer, issuer=admin_user, name="sneaky")
    assert not ApiToken.objects.exists()


def test_an_operator_issues_a_token_for_any_user_on_the_command_line(reviewer: Any) -> None:
    call_command("issue_token", reviewer.username, "--name", "ci")
    assert ApiToken.objects.get().user == reviewer
