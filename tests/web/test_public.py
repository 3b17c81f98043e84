"""The public fact-check pages and feeds: anyone reads them; only approved versions show."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client

from claims.models import Claim
from claims.services.publishing import claim_retract, claim_signoff
from claims.services.review import claim_update
from tests.factories import COMPLETE_DRAFT, ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Harbour Courier\n\n"
    "The port authority said on Monday that 31 drones were shot down over the estuary. "
    "Residents reported loud explosions.\n\n"
    "Repairs will take a week."
)


def published(reviewer: Any, editor: Any, **draft: Any) -> Claim:
    article = ArticleFactory(body=BODY, title="Drones over the estuary", publisher="Courier")
    start = BODY.index("31 drones")
    end = BODY.index(" over the estuary") + len(" over the estuary")
    claim = ClaimFactory(article=article, text=BODY[start:end], start=start, end=end)
    claim_update(
        claim_id=claim.pk, actor=reviewer, expected_version=1, **{**COMPLETE_DRAFT, **draft}
    )
    return claim_signoff(claim_id=claim.pk, editor=editor, expected_version=2, approve=True)


def jsonld_of(html: str) -> list[dict[str, Any]]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_an_anonymous_reader_sees_the_fact_check_with_its_claimreview(
    reviewer: Any, editor: Any
) -> None:
    claim = published(reviewer, editor, claim_reviewed="31 drones were shot down overnight.")
    response = Client().get(f"/factchecks/{claim.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "31 drones were shot down overnight." in html
    assert COMPLETE_DRAFT["rationale"].replace("'", "&#x27;") in html
    assert COMPLETE_DRAFT["evidence"][0] in html
    assert "<mark>31 drones were shot down over the estuary</mark>" in html
    assert "Residents reported loud explosions." in html  # the passage around it
    assert "Repairs will take a week." not in html  # but not the whole article
    [review] = jsonld_of(html)
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"http://testserver/factchecks/{claim.pk}/"
    assert review["reviewRating"]["alternateName"] == "False"


def test_the_embedded_json_ld_cannot_break_out_of_its_script_element(
    reviewer: Any, editor: Any
) -> None:
    claim = published(reviewer, editor, claim_reviewed="x</script><script>alert(1)</script>")
    html = Client().get(f"/factchecks/{claim.pk}/").content.decode()
    assert "<script>alert(1)" not in html
    [review] = jsonld_of(html)
    assert review["claimReviewed"] == "x</script><script>alert(1)</script>"


def test_a_claim_never_published_has_no_page(reviewer: Any) -> None:
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, **COMPLETE_DRAFT)
    assert Client().get(f"/factchecks/{claim.pk}/").status_code == 404
    assert Client().get("/factchecks/999999/").status_code == 404


def test_an_edit_after_publication_changes_neither_the_page_nor_the_feeds(
    reviewer: Any, editor: Any
) -> None:
    claim = published(reviewer, editor)
    urls = [f"/factchecks/{claim.pk}/", "/factchecks/", "/factchecks/feed.json"]
    before = [Client().get(url).content for url in urls]
    claim_update(
        claim_id=claim.pk,
        actor=reviewer,
        expected_version=3,
        status="accurate",
        rationale="A reviewer alone says otherwise.",
    )
    assert [Client().get(url).content for url in urls] == before


def test_a_correction_appears_in_the_log_with_its_reason(
    reviewer: Any, editor: Any, other_editor: Any
) -> None:
    claim = published(reviewer, editor)
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=3, status="misleading")
    claim_signoff(
        claim_id=claim.pk,
        editor=other_editor,
        expected_version=4,
        approve=True,
        comment="Some of the drones were decoys.",
    )
    html = Client().get(f"/factchecks/{claim.pk}/").content.decode()
    assert "Corrected (the rating changed)." in html
    assert "Some of the drones were decoys." in html
    [review] = jsonld_of(html)
    assert "dateModified" in review


def test_a_retracted_fact_check_says_so_and_is_no_longer_a_claimreview(
    reviewer: Any, editor: Any
) -> None:
    claim = published(reviewer, editor)
    claim_retract(claim_id=claim.pk, editor=editor, expected_version=3, note="We misread it.")
    html = Client().get(f"/factchecks/{claim.pk}/").content.decode()
    assert "Retracted" in html
    assert "We misread it." in html
    assert jsonld_of(html) == []
    assert f"/factchecks/{claim.pk}/" not in Client().get("/factchecks/").content.decode()


def test_the_index_and_feeds_list_published_fact_checks_only(reviewer: Any, editor: Any) -> None:
    claim = published(reviewer, editor)
    unpublished = ClaimFactory(text="Bread costs twice what it did.")
    index = Client().get("/factchecks/").content.decode()
    assert f"/factchecks/{claim.pk}/" in index
    assert "Bread costs" not in index
    atom = Client().get("/factchecks/feed.atom")
    assert atom["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(atom.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1
    feed = Client().get("/factchecks/feed.json").json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["url"] for item in feed["items"]] == [f"http://testserver/factchecks/{claim.pk}/"]
    assert unpublished.pk != claim.pk
