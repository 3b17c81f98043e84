"""Every page of the admin renders for an admin: each registered model's list, change
page and add page (or a refusal, for the models nobody adds to by hand). Models other
apps register are read by admins and left to superusers otherwise."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from claims.models import Check, EvidenceCapture
from claims.services.publishing import claim_signoff
from claims.services.review import claim_update
from claims.services.tokens import api_token_issue
from claims.services.webhooks import webhook_event_emit, webhook_subscribe
from tests.factories import (
    COMPLETE_DRAFT,
    ClaimFactory,
    SourceAliasFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REGISTERED = sorted(model._meta.label_lower for model in admin.site._registry)
OURS = [label for label in REGISTERED if label.split(".")[0] in ("claims", "auth")]
OTHER_APPS = sorted(set(REGISTERED) - set(OURS))

# Rows these come from a service or the pipeline, never from the admin's add form.
NOT_ADDED_BY_HAND = {
    "claims.article",
    "claims.claim",
    "claims.check",
    "claims.evidencecapture",
    "claims.reviewevent",
    "claims.verdict",
    "claims.sourcealias",
    "claims.webhookdelivery",
}


def url(label: str, view: str, *args: Any) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


@pytest.fixture
def one_of_each(site_admin: Any) -> dict[str, Model]:
    """A row of every registered model, with related rows so inlines have content."""
    source = SourceFactory(name="Amira Haddad")
    SourceAliasFactory(source=source, name="Amira Haddad")
    SourceAliasFactory(source=source, name="the health minister")
    claim = ClaimFactory(source=source, mention="the health minister")
    claim_update(claim_id=claim.pk, actor=site_admin, expected_version=1, status="false")
    published = ClaimFactory(source=source)
    claim_update(claim_id=published.pk, actor=site_admin, expected_version=1, **COMPLETE_DRAFT)
    claim_signoff(
        claim_id=published.pk,
        editor=UserFactory(username="eva", roles=["editor"]),
        expected_version=2,
        approve=True,
    )
    check = Check.objects.create(claim=claim, kind="quantities", state="done")
    capture = EvidenceCapture.objects.create(
        claim=claim, url="https://example.org/report", status="captured", sha256="ab" * 32
    )
    token, _key = api_token_issue(user=site_admin, issuer=site_admin, name="ci", read_only=True)
    subscription = webhook_subscribe(
        owner=site_admin, url="https://example.org/hook", events=["article.ready"], secret=""
    )
    webhook_event_emit(event="article.ready", payload={"id": claim.article_id})
    rows: list[Model] = [
        source,
        claim.article,
        claim,
        check,
        capture,
        claim.history.get(),
        token,
        subscription,
        subscription.deliveries.get(),
        published.verdicts.get(),
        source.aliases.get(name="the health minister"),
        UserFactory(username="rita", roles=["reviewer"]),
        Group.objects.get(name="reviewer"),
    ]
    return {row._meta.label_lower: row for row in rows}


def test_every_model_of_ours_has_a_row_to_show(one_of_each: dict[str, Model]) -> None:
    assert sorted(one_of_each) == OURS


@pytest.mark.parametrize("label", OURS)
def test_the_list_renders_for_an_admin(
    admin_site_client: Client, one_of_each: dict[str, Model], label: str
) -> None:
    response = admin_site_client.get(url(label, "changelist"))
    assert response.status_code == 200
    assert one_of_each[label] in response.context["cl"].result_list


@pytest.mark.parametrize("label", OURS)
def test_the_change_page_renders_for_an_admin(
    admin_site_client: Client, one_of_each: dict[str, Model], label: str
) -> None:
    response = admin_site_client.get(url(label, "change", one_of_each[label].pk))
    assert response.status_code == 200
    assert escape(str(one_of_each[label])) in response.content.decode()


@pytest.mark.parametrize("label", sorted(set(OURS) - NOT_ADDED_BY_HAND - {"auth.group"}))
def test_the_add_page_renders_for_an_admin(admin_site_client: Client, label: str) -> None:
    response = admin_site_client.get(url(label, "add"))
    assert response.status_code == 200
    assert response.context["adminform"].form.fields


def test_only_a_superuser_adds_a_role(admin_site_client: Client) -> None:
    assert admin_site_client.get(url("auth.group", "add")).status_code == 403
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    assert client.get(url("auth.group", "add")).status_code == 200


@pytest.mark.parametrize("label", sorted(NOT_ADDED_BY_HAND))
def test_rows_made_by_the_pipeline_have_no_add_page(admin_site_client: Client, label: str) -> None:
    assert admin_site_client.get(url(label, "add")).status_code == 403


@pytest.mark.parametrize("label", OTHER_APPS)
def test_an_admin_reads_the_models_of_other_apps_and_a_reviewer_does_not(
    admin_site_client: Client, reviewer_site_client: Client, label: str
) -> None:
    assert admin_site_client.get(url(label, "changelist")).status_code == 200
    assert reviewer_site_client.get(url(label, "changelist")).status_code == 403


def test_the_index_lists_every_model_for_an_admin(admin_site_client: Client) -> None:
    response = admin_site_client.get(reverse("admin:index"))
    listed = {m["admin_url"] for app in response.context["app_list"] for m in app["models"]}
    assert listed == {url(label, "changelist") for label in REGISTERED}


WITH_INLINES = sorted(
    model._meta.label_lower
    for model, model_admin in admin.site._registry.items()
    if model_admin.inlines
)


@pytest.mark.parametrize("label", WITH_INLINES)
def test_the_change_page_shows_its_inlines_to_an_admin(
    admin_site_client: Client, one_of_each: dict[str, Model], label: str
) -> None:
    response = admin_site_client.get(url(label, "change", one_of_each[label].pk))
    shown = [formset.opts.model for formset in response.context["inline_admin_formsets"]]
    expected = [inline.model for inline in admin.site._registry[type(one_of_each[label])].inlines]
    assert shown == expected
    assert all(f.formset.initial_forms for f in response.context["inline_admin_formsets"])
