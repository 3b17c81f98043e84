from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim
from claims.services.review import claim_update
from tests.factories import ArticleFactory, SourceFactory
from tests.web.helpers import article_with_claims

pytestmark = pytest.mark.django_db


def queue_ids(client: Client, **params: Any) -> list[int]:
    response = client.get(reverse("claims:queue"), params)
    assert response.status_code == 200
    return [claim.pk for claim in response.context["page"]]


def test_the_queue_lists_claims_across_articles_most_check_worthy_first(
    reviewer_client: Client,
) -> None:
    article_with_claims(3, title="First")
    article_with_claims(3, title="Second")
    ids = queue_ids(reviewer_client)
    worthiness = [Claim.objects.get(pk=pk).checkworthiness for pk in ids]
    assert len(ids) == 6
    assert worthiness == sorted(worthiness, reverse=True)
    assert len({Claim.objects.get(pk=pk).article_id for pk in ids}) == 2


def test_the_queue_filters_by_assignee_status_source_worthiness_and_article(
    reviewer_client: Client, reviewer: Any, editor: Any
) -> None:
    article = article_with_claims(6)
    other = article_with_claims(2, title="Other")
    claims = list(article.claims.order_by("start"))
    claim_update(claim_id=claims[0].pk, actor=reviewer, expected_version=1, assignee=reviewer)
    claim_update(claim_id=claims[1].pk, actor=reviewer, expected_version=1, assignee=editor)
    claim_update(claim_id=claims[2].pk, actor=reviewer, expected_version=1, status="false")

    assert queue_ids(reviewer_client, assignee="me") == [claims[0].pk]
    assert claims[1].pk not in queue_ids(reviewer_client, assignee="none")
    assert claims[0].pk not in queue_ids(reviewer_client, assignee="none")
    assert queue_ids(reviewer_client, status="false") == [claims[2].pk]
    source = claims[3].source
    assert set(queue_ids(reviewer_client, source=source.pk)) == set(
        Claim.objects.filter(source=source).values_list("pk", flat=True)
    )
    assert all(
        Claim.objects.get(pk=pk).checkworthiness >= 0.3
        for pk in queue_ids(reviewer_client, min_checkworthiness="0.3")
    )
    assert set(queue_ids(reviewer_client, article=other.pk)) == set(
        other.claims.values_list("pk", flat=True)
    )


def test_selected_claims_are_assigned_at_once(reviewer_client: Client, editor: Any) -> None:
    claims = list(article_with_claims(3).claims.order_by("start"))
    response = reviewer_client.post(
        reverse("claims:queue_bulk"),
        {
            "action": "assign",
            "assignee": editor.pk,
            "claims": [f"{c.pk}:{c.version}" for c in claims[:2]],
        },
    )
    assert response.status_code == 302
    assignees = [Claim.objects.get(pk=c.pk).assignee for c in claims]
    assert assignees == [editor, editor, None]


def test_a_bulk_status_change_skips_and_reports_claims_changed_meanwhile(
    reviewer_client: Client, editor: Any
) -> None:
    claims = list(article_with_claims(2).claims.order_by("start"))
    seen = {c.pk: c.version for c in claims}
    claim_update(claim_id=claims[1].pk, actor=editor, expected_version=1, status="accurate")
    response = reviewer_client.post(
        reverse("claims:queue_bulk"),
        {"action": "status", "status": "false", "claims": [f"{k}:{v}" for k, v in seen.items()]},
        follow=True,
    )
    assert Claim.objects.get(pk=claims[0].pk).status == "false"
    assert Claim.objects.get(pk=claims[1].pk).status == "accurate"
    text = response.content.decode()
    assert "Updated 1 claim(s)." in text
    assert f"someone else changed them since you loaded the page: #{claims[1].pk}" in text


def test_the_articles_list_searches_and_filters(reviewer_client: Client) -> None:
    ArticleFactory(title="Port strikes", publisher="Harbour Courier", status="ready")
    ArticleFactory(title="Grain deal", publisher="Daily Ledger", status="failed")
    url = reverse("claims:article_list")

    def titles(**params: Any) -> list[str]:
        return [a.title for a in reviewer_client.get(url, params).context["page"]]

    assert titles(q="grain") == ["Grain deal"]
    assert titles(q="ledger") == ["Grain deal"]
    assert titles(status="ready") == ["Port strikes"]
    assert titles(publisher="Harbour Courier") == ["Port strikes"]


def test_the_articles_list_shows_review_and_check_progress(
    reviewer_client: Client, reviewer: Any
) -> None:
    article = article_with_claims(4)
    first = article.claims.order_by("start").first()
    claim_update(claim_id=first.pk, actor=reviewer, expected_version=1, status="accurate")
    html = reviewer_client.get(reverse("claims:article_list")).content.decode()
    assert "1 of 4" in html  # claims reviewed
    assert "8 of 8" in html  # checks done


def test_the_articles_list_is_paginated(reviewer_client: Client) -> None:
    for n in range(30):
        ArticleFactory(title=f"Story {n}")
    response = reviewer_client.get(reverse("claims:article_list"))
    assert len(response.context["page"]) == 25
    assert "Page 1 of 2" in response.content.decode()


def test_the_sources_page_searches_the_registry(reviewer_client: Client) -> None:
    SourceFactory(name="Marta Ilyenko", role="Governor")
    SourceFactory(name="Oleg Varga")
    response = reviewer_client.get(reverse("claims:source_list"), {"q": "governor"})
    assert [s.name for s in response.context["page"]] == ["Marta Ilyenko"]


def test_a_source_page_lists_its_claims_and_charts_its_verdicts(
    reviewer_client: Client, reviewer: Any
) -> None:
    article = article_with_claims(6)
    source = article.claims.first().source
    mine = list(source.claims.order_by("start"))
    claim_update(claim_id=mine[0].pk, actor=reviewer, expected_version=1, status="false")
    response = reviewer_client.get(reverse("claims:source_detail", args=[source.pk]))
    html = response.content.decode()
    assert html.count('class="claimcell"') == len(mine)
    bars = {bar["status"]: bar for bar in response.context["bars"]}
    assert bars["false"]["count"] == 1
    assert bars["unreviewed"]["count"] == len(mine) - 1
    assert 'class="bar st-false"' in html


def test_the_queue_filters_the_sign_off_workflow_for_each_person(
    reviewer: Any, editor: Any, other_editor: Any
) -> None:
    from claims.services.publishing import claim_signoff
    from tests.factories import COMPLETE_DRAFT
    from tests.web.helpers import client_for

    article = article_with_claims(4)
    mine, theirs, sent_back, published = list(article.claims.order_by("start"))
    claim_update(claim_id=mine.pk, actor=editor, expected_version=1, **COMPLETE_DRAFT)
    for claim in (theirs, sent_back, published):
        claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, **COMPLETE_DRAFT)
    claim_signoff(
        claim_id=sent_back.pk, editor=other_editor, expected_version=2, approve=False, comment="?"
    )
    claim_signoff(claim_id=published.pk, editor=other_editor, expected_version=2, approve=True)
    claim_update(claim_id=published.pk, actor=reviewer, expected_version=3, status="misleading")
    claim_signoff(
        claim_id=published.pk, editor=editor, expected_version=4, approve=True, comment="Decoys."
    )
    editor_client, reviewer_client = client_for(editor), client_for(reviewer)
    assert queue_ids(editor_client, workflow="awaiting_my_signoff") == [theirs.pk]
    awaiting = queue_ids(client_for(other_editor), workflow="awaiting_my_signoff")
    assert sorted(awaiting) == sorted([mine.pk, theirs.pk])
    assert queue_ids(reviewer_client, workflow="sent_back_to_me") == [sent_back.pk]
    assert queue_ids(editor_client, workflow="sent_back_to_me") == []
    assert queue_ids(reviewer_client, workflow="published") == [published.pk]
    assert queue_ids(reviewer_client, workflow="corrected") == [published.pk]
