from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from claims.models import Claim, Source
from claims.services.publishing import claim_signoff
from claims.services.review import claim_update
from tests.api.conftest import error_of
from tests.factories import COMPLETE_DRAFT, ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

# Google's structured-data guidelines for ClaimReview (and the Rating inside it).
GOOGLE_REQUIRED = {"claimReviewed", "reviewRating", "url"}


def _published(reviewer, editor, *, status: str = "false", **claim_fields) -> Claim:
    claim = ClaimFactory(**claim_fields)
    claim_update(
        claim_id=claim.pk,
        actor=reviewer,
        expected_version=1,
        **{**COMPLETE_DRAFT, "status": status},
    )
    return claim_signoff(claim_id=claim.pk, editor=editor, expected_version=2, approve=True)


@override_settings(CLAIMREVIEW_AUTHOR_NAME="Harbour Fact Desk", CLAIMREVIEW_AUTHOR_URL="")
def test_a_published_verdict_is_claimreview_json_ld_with_googles_fields(reviewer, editor):
    article = ArticleFactory(
        url="https://courier.example/story", published=datetime.date(2025, 5, 2)
    )
    source = SourceFactory(name="Amira Haddad", kind=Source.Kind.PERSON, role="Health minister")
    claim = _published(reviewer, editor, article=article, source=source)
    response = APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/")
    assert response.status_code == 200
    review = response.json()
    assert set(review) >= GOOGLE_REQUIRED
    assert (review["@context"], review["@type"]) == ("https://schema.org", "ClaimReview")
    assert review["claimReviewed"] == claim.text
    assert review["url"] == f"http://testserver/factchecks/{claim.pk}/"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    }
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Amira Haddad",
        "jobTitle": "Health minister",
    }
    assert review["itemReviewed"]["appearance"]["@type"] == "CreativeWork"
    assert review["itemReviewed"]["appearance"]["url"] == "https://courier.example/story"
    assert review["datePublished"] == claim.signed_off_at.date().isoformat()
    assert review["author"] == {"@type": "Organization", "name": "Harbour Fact Desk"}


def test_an_article_pasted_without_its_address_still_appears_by_headline_and_publisher(
    reviewer, editor
):
    article = ArticleFactory(url="", title="Port closed after strikes", publisher="Courier")
    claim = _published(reviewer, editor, article=article)
    review = APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert review["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "headline": "Port closed after strikes",
        "publisher": {"@type": "Organization", "name": "Courier"},
        **({"datePublished": article.published.isoformat()} if article.published else {}),
    }


def test_an_organisation_source_is_an_organization_author(reviewer, editor):
    source = SourceFactory(name="Port Authority", kind=Source.Kind.ORGANISATION)
    claim = _published(reviewer, editor, source=source)
    review = APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Port Authority"}


@override_settings(
    CLAIMREVIEW_RATINGS={"misleading": (3, "Half true")},
    CLAIMREVIEW_PAGE_URL="https://factdesk.example/verdicts/{id}",
)
def test_the_rating_scale_and_page_url_come_from_settings(reviewer, editor):
    claim = _published(reviewer, editor, status="misleading")
    review = APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert review["reviewRating"]["ratingValue"] == 3
    assert review["reviewRating"]["alternateName"] == "Half true"
    assert review["url"] == f"https://factdesk.example/verdicts/{claim.pk}"


def test_an_unpublished_verdict_has_no_claimreview(reviewer):
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, status="false")
    response = APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_the_feed_lists_only_published_verdicts_newest_first(reviewer, editor):
    first = _published(reviewer, editor)
    second = _published(reviewer, editor, status="accurate")
    ClaimFactory(status="false")
    response = APIClient().get("/api/v1/claimreview/")
    assert response.status_code == 200
    reviews = response.json()["results"]
    assert [r["claimReviewed"] for r in reviews] == [second.text, first.text]
    assert all(set(r) >= GOOGLE_REQUIRED for r in reviews)


def test_the_feed_is_read_only(editor, make_client):
    response = make_client(editor).post("/api/v1/claimreview/", {}, format="json")
    assert response.status_code in (403, 405)


def test_claim_reviewed_is_the_reviewers_wording_not_the_raw_span(reviewer, editor):
    claim = ClaimFactory(text='is worse than it looks from the road," she said')
    claim_update(
        claim_id=claim.pk,
        actor=reviewer,
        expected_version=1,
        claim_reviewed="The harbour road bridge is structurally unsafe.",
        **COMPLETE_DRAFT,
    )
    claim_signoff(claim_id=claim.pk, editor=editor, expected_version=2, approve=True)
    review = APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert review["claimReviewed"] == "The harbour road bridge is structurally unsafe."


def test_without_a_wording_the_span_loses_its_dangling_quote_marks(reviewer, editor):
    claim = _published(reviewer, editor, text="\u201cThe port is closed until Friday,")
    review = APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert review["claimReviewed"] == "The port is closed until Friday"


def test_claimreview_json_cannot_close_a_script_element_it_is_embedded_in(reviewer, editor):
    article = ArticleFactory(
        title="Port</script><script>alert(1)</script>", url="https://x.example/"
    )
    claim = _published(reviewer, editor, article=article)
    for url in (f"/api/v1/claims/{claim.pk}/claimreview/", "/api/v1/claimreview/"):
        response = APIClient().get(url)
        assert b"</script>" not in response.content
        assert b"<" not in response.content
        # Still the same JSON to a parser.
        assert "Port</script>" in response.content.decode("unicode_escape")


def test_a_correction_keeps_the_first_date_and_adds_date_modified(reviewer, editor, other_editor):
    claim = _published(reviewer, editor)
    first = APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert "dateModified" not in first
    claim_update(
        claim_id=claim.pk, actor=reviewer, expected_version=3, rationale="Log and radar agree."
    )
    claim_signoff(
        claim_id=claim.pk,
        editor=other_editor,
        expected_version=4,
        approve=True,
        comment="Added the radar record.",
    )
    corrected = APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert corrected["datePublished"] == first["datePublished"]
    assert corrected["dateModified"]
    assert corrected["reviewBody"] == "Log and radar agree."


def test_an_edit_after_publication_changes_neither_claimreview_nor_the_feed(reviewer, editor):
    claim = _published(reviewer, editor)
    before = APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    feed_before = APIClient().get("/api/v1/claimreview/").json()
    claim_update(
        claim_id=claim.pk,
        actor=reviewer,
        expected_version=3,
        status="accurate",
        rationale="Changed my mind.",
    )
    assert APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/").json() == before
    assert APIClient().get("/api/v1/claimreview/").json() == feed_before
