"""The admin's actions on articles, claims and checks: they queue work through the same
services as the rest of the app, after the transaction commits."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from claims.models import Article, Check
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def run_action(client: Client, model: str, action: str, ids: list[int]) -> Any:
    return client.post(
        reverse(f"admin:claims_{model}_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: ids},
        follow=True,
    )


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_re_running_extraction_queues_the_articles_again(
    admin_site_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    failed = ArticleFactory(status=Article.Status.FAILED, error="Extraction failed: timeout")
    ready = ArticleFactory(status=Article.Status.READY)
    untouched = ArticleFactory(status=Article.Status.READY)
    with django_capture_on_commit_callbacks() as queued:
        response = run_action(admin_site_client, "article", "reextract", [failed.pk, ready.pk])
    assert messages_of(response) == ["Queued extraction of 2 article(s)."]
    assert len(queued) == 2
    statuses = dict(Article.objects.values_list("pk", "status"))
    assert statuses == {failed.pk: "queued", ready.pk: "queued", untouched.pk: "ready"}
    failed.refresh_from_db()
    assert failed.error == ""


def test_re_running_an_articles_checks_resets_them_on_its_current_claims(
    admin_site_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    article = ArticleFactory(status=Article.Status.READY)
    claim = ClaimFactory(article=article)
    ClaimFactory(article=article, stale=True)
    done = Check.objects.create(claim=claim, kind="corroboration", state="done", result={"a": 1})
    with django_capture_on_commit_callbacks() as queued:
        response = run_action(admin_site_client, "article", "rerun_checks", [article.pk])
    checks = Check.objects.filter(claim__article=article)
    assert messages_of(response) == [f"Queued {checks.count()} check(s)."]
    assert len(queued) == 1
    assert set(checks.values_list("claim_id", flat=True)) == {claim.pk}
    done.refresh_from_db()
    assert (done.state, done.result) == ("queued", {})


def test_re_running_checks_from_the_claims_and_checks_lists(
    admin_site_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    claim = ClaimFactory()
    failed = Check.objects.create(claim=claim, kind="corroboration", state="failed", error="boom")
    with django_capture_on_commit_callbacks():
        run_action(admin_site_client, "check", "rerun", [failed.pk])
    failed.refresh_from_db()
    assert (failed.state, failed.error) == ("queued", "")

    Check.objects.filter(pk=failed.pk).update(state="failed")
    with django_capture_on_commit_callbacks():
        run_action(admin_site_client, "claim", "rerun_checks", [claim.pk])
    failed.refresh_from_db()
    assert failed.state == "queued"


def test_a_reviewer_may_read_articles_but_not_re_run_anything(
    reviewer_site_client: Client,
) -> None:
    article = ArticleFactory(status=Article.Status.READY)
    response = reviewer_site_client.get(reverse("admin:claims_article_changelist"))
    assert response.status_code == 200
    assert response.context["action_form"] is None
    run_action(reviewer_site_client, "article", "reextract", [article.pk])
    article.refresh_from_db()
    assert article.status == "ready"
