"""The editing tools of the review page: each redraws the article with the claim selected."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim
from tests.web.helpers import HTMX, article_with_claims

pytestmark = pytest.mark.django_db


def post(client: Client, name: str, pk: int, **data: Any) -> Any:
    return client.post(reverse(f"claims:{name}", args=[pk]), data, **HTMX)


def test_a_selection_becomes_a_claim_and_is_shown_selected(reviewer_client: Client) -> None:
    article = article_with_claims(2)
    first = article.claims.order_by("start").first()
    start, end = first.start, first.start + 8
    response = post(reviewer_client, "claim_add", article.pk, start=start, end=end)
    assert response.status_code == 200
    added = Claim.objects.get(origin=Claim.Origin.PERSON)
    assert added.text == article.body[start:end]
    html = response.content.decode()
    assert f'data-claim-id="{added.pk}"' in html
    assert "Claim added" in html


def test_a_bad_selection_says_why_and_adds_nothing(reviewer_client: Client) -> None:
    article = article_with_claims(1)
    response = post(reviewer_client, "claim_add", article.pk, start=5, end=5)
    assert response.status_code == 400
    assert "A claim runs from a start to a later end" in response.content.decode()
    assert not Claim.objects.filter(origin=Claim.Origin.PERSON).exists()


def test_dismissing_greys_the_claim_and_restoring_brings_it_back(
    reviewer_client: Client,
) -> None:
    claim = article_with_claims(2).claims.order_by("start").first()
    response = post(reviewer_client, "claim_dismiss", claim.pk, version=1, dismissed="1")
    html = response.content.decode()
    assert f'class="claim-item st-unreviewed dismissed is-selected" data-claim="{claim.pk}"' in html
    assert 'id="dismissed-note"' in html
    assert "1 claim" in html  # the article's count leaves it out
    post(reviewer_client, "claim_dismiss", claim.pk, version=2)
    claim.refresh_from_db()
    assert not claim.dismissed


def test_merging_with_the_next_claim_of_the_same_source(reviewer_client: Client) -> None:
    article = article_with_claims(4)
    first, _, _, fourth = article.claims.order_by("start")
    fourth.source = first.source
    fourth.save()
    refused = post(reviewer_client, "claim_merge", first.pk, version=1, direction="next")
    assert refused.status_code == 400
    assert "one source" in refused.content.decode()


def test_the_span_can_be_typed_as_numbers(reviewer_client: Client) -> None:
    claim = article_with_claims(1).claims.get()
    post(reviewer_client, "claim_span", claim.pk, version=1, start=claim.start, end=claim.end - 1)
    claim.refresh_from_db()
    assert claim.text == claim.article.body[claim.start : claim.end]
    assert claim.text.endswith(")")  # the final full stop is gone


def test_every_search_of_the_source_picker_fills_its_results_not_replaces_them(
    reviewer_client: Client,
) -> None:
    claim = article_with_claims(1).claims.get()
    panel = reviewer_client.get(reverse("claims:claim_panel", args=[claim.pk]), **HTMX)
    html = panel.content.decode()
    search = html[html.index('name="q"') : html.index(">", html.index('name="q"'))]
    # The panel's forms swap outerHTML; the search must not inherit that, or its first
    # answer replaces the results box and every later search has nowhere to go.
    assert 'hx-swap="innerHTML"' in search


def test_only_editors_re_extract(reviewer_client: Client, editor_client: Client) -> None:
    article = article_with_claims(1)
    url = reverse("claims:article_reextract", args=[article.pk])
    assert reviewer_client.post(url).status_code == 403
    assert editor_client.post(url).status_code == 302
    article.refresh_from_db()
    assert article.status == "queued"
