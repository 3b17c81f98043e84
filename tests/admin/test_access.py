"""Who may do what in the admin: admins manage the registry; reviewers who are staff may
look at sources, articles and claims but change nothing; others see nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from claims.models import Source
from claims.services.sources import source_resolve, source_update
from tests.factories import SourceAliasFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_source_changelist")


@pytest.fixture
def source() -> Source:
    source = SourceFactory(name="Anton Belov", reliability="unrated")
    SourceAliasFactory(source=source, name="Anton Belov")
    return source


def change_url(source: Source) -> str:
    return reverse("admin:claims_source_change", args=[source.pk])


def test_a_reviewer_sees_a_source_read_only(reviewer_site_client: Client, source: Source) -> None:
    response = reviewer_site_client.get(change_url(source))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert not response.context["adminform"].form.fields
    assert b'name="_save"' not in response.content
    aliases = response.context["inline_admin_formsets"][0]
    assert not aliases.has_add_permission
    assert not aliases.has_delete_permission


def test_a_reviewer_cannot_change_a_source(reviewer_site_client: Client, source: Source) -> None:
    response = reviewer_site_client.post(
        change_url(source),
        {"name": "Governor Belov", "kind": "person", "reliability": "not_credible"},
    )
    assert response.status_code == 403
    source.refresh_from_db()
    assert (source.name, source.reliability) == ("Anton Belov", "unrated")


def test_a_reviewer_cannot_add_a_source(reviewer_site_client: Client) -> None:
    response = reviewer_site_client.post(
        reverse("admin:claims_source_add"), {"name": "Harbour Police", "kind": "government"}
    )
    assert response.status_code == 403
    assert not Source.objects.exists()


def test_a_reviewer_has_no_merge_or_confirm_action(
    reviewer_site_client: Client, source: Source
) -> None:
    other = source_resolve(name="A. Belov")
    assert reviewer_site_client.get(CHANGELIST).context["action_form"] is None

    confirm = {"keep": source.pk, "plan": f"{source.pk}:{source.pk},{other.pk}", "confirm": "1"}
    for action, extra in (("merge_sources", confirm), ("confirm_sources", {})):
        reviewer_site_client.post(
            CHANGELIST, {"action": action, ACTION_CHECKBOX_NAME: [source.pk, other.pk], **extra}
        )
    other.refresh_from_db()
    assert (other.merged_into, other.confirmed) == (None, False)


def test_a_reviewer_cannot_import_or_export_sources(reviewer_site_client: Client) -> None:
    for name in ("import", "process_import", "export"):
        response = reviewer_site_client.post(reverse(f"admin:claims_source_{name}"))
        assert response.status_code == 403, name


def test_a_reviewer_cannot_revert_a_source_to_an_earlier_version(
    reviewer_site_client: Client, source: Source
) -> None:
    source_update(source_id=source.pk, reliability="credible")
    first = source.audit.earliest("history_date")
    url = reverse("admin:claims_source_simple_history", args=[source.pk, first.history_id])
    assert reviewer_site_client.get(url).status_code == 200
    response = reviewer_site_client.post(url, {"reliability": "unrated"})
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.reliability == "credible"


def test_a_reviewer_sees_sources_articles_and_claims_only(reviewer_site_client: Client) -> None:
    response = reviewer_site_client.get(reverse("admin:index"))
    listed = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert listed == {"Source", "Article", "Claim"}
    for name in ("user", "apitoken", "webhooksubscription", "check", "reviewevent"):
        app = "auth" if name == "user" else "claims"
        response = reviewer_site_client.get(reverse(f"admin:{app}_{name}_changelist"))
        assert response.status_code == 403, name


def test_staff_without_a_role_see_nothing(db: None) -> None:
    client = Client()
    client.force_login(UserFactory(username="temp", is_staff=True))
    response = client.get(reverse("admin:index"))
    assert response.context["app_list"] == []
    assert client.get(CHANGELIST).status_code == 403


def test_a_reviewer_who_is_not_staff_is_sent_to_the_login_page(db: None) -> None:
    client = Client()
    client.force_login(UserFactory(username="rita", roles=["reviewer"]))
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_admin_who_is_not_a_superuser_cannot_make_one(
    admin_site_client: Client, staff_reviewer: Any
) -> None:
    response = admin_site_client.get(reverse("admin:auth_user_change", args=[staff_reviewer.pk]))
    assert "is_superuser" not in response.context["adminform"].form.fields
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    response = admin_site_client.get(reverse("admin:auth_user_change", args=[root.pk]))
    assert response.context["has_change_permission"] is False


def test_only_a_superuser_sets_another_accounts_password(
    admin_site_client: Client, site_admin: Any, staff_reviewer: Any
) -> None:
    editor = UserFactory(username="eva", roles=["editor"])
    page = reverse("admin:auth_user_password_change", args=[editor.pk])
    assert admin_site_client.get(page).status_code == 403
    response = admin_site_client.post(page, {"password1": "x" * 20, "password2": "x" * 20})
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.check_password("x" * 20)
    own = reverse("admin:auth_user_password_change", args=[site_admin.pk])
    assert admin_site_client.get(own).status_code == 200
    root = Client()
    root.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert root.get(page).status_code == 200


def test_giving_someone_the_admin_role_lets_them_sign_in_to_the_admin(
    admin_site_client: Client,
) -> None:
    from django.contrib.auth.models import Group

    bea = UserFactory(username="bea", is_staff=False)
    assert not bea.is_staff
    response = admin_site_client.post(
        reverse("admin:auth_user_change", args=[bea.pk]),
        {
            "username": "bea",
            "email": "",
            "first_name": "",
            "last_name": "",
            "is_active": "on",
            "groups": [Group.objects.get(name="admin").pk],
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    bea.refresh_from_db()
    assert bea.is_staff
    client = Client()
    client.force_login(bea)
    assert client.get(CHANGELIST).status_code == 200
