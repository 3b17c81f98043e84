"""Correcting the machine's claims through the API, as the issue's check does it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from claims.models import Article, Claim
from claims.services.extraction import article_extract
from claims.services.ingest import content_hash
from tests.api.conftest import error_of
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"
BODY = (
    "Governor Marta Ilyenko said three people were injured in the strike on Dovresk. "
    "Schools in the port district will stay closed until Thursday, she added.\n\n"
    "Photo: residents queue for water at one of the two pumps still working\n\n"
    "Repairs to the water main will take a week, the utility said."
)


def story() -> Article:
    return ArticleFactory(
        body=BODY, content_hash=content_hash(BODY), published=datetime.date(2026, 3, 10)
    )


def test_added_and_moved_claims_survive_an_editors_re_extraction(
    reviewer: Any, editor: Any, make_client: Any
) -> None:
    article = story()
    article_extract(article_id=article.pk)
    reviewer_api, editor_api = make_client(reviewer), make_client(editor)
    covered = [(c.start, c.end) for c in article.claims.all()]
    # A caption extraction leaves out, which a reviewer sees is a claim of the paper's own.
    start = BODY.index("residents queue")
    end = BODY.index("still working") + len("still working")
    assert not any(s < end and start < e for s, e in covered)  # no claim covers it yet

    added = reviewer_api.post(
        CLAIMS,
        {
            "article": article.pk,
            "start": start,
            "end": end,
            "source": {"name": "Harbour Courier", "kind": "publisher"},
            "quote": "none",
            "publisher": True,
        },
        format="json",
    )
    assert added.status_code == 201, added.json()
    assert added.json()["text"] == BODY[start:end]
    assert added.json()["origin"] == "person"

    other = article.claims.exclude(pk=added.json()["id"]).order_by("start").first()
    moved = reviewer_api.patch(
        f"{CLAIMS}{other.pk}/", {"version": other.version, "end": other.end - 4}, format="json"
    )
    assert moved.status_code == 200, moved.json()
    assert moved.json()["text"] == BODY[other.start : other.end - 4]

    assert reviewer_api.post(f"/api/v1/articles/{article.pk}/reextract/").status_code == 403
    requeued = editor_api.post(f"/api/v1/articles/{article.pk}/reextract/")
    assert requeued.status_code == 202, requeued.json()
    article_extract(article_id=article.pk)  # what the queued task does

    kept = reviewer_api.get(f"{CLAIMS}{added.json()['id']}/").json()
    assert (kept["text"], kept["source"]["name"]) == (BODY[start:end], "Harbour Courier")
    kept_move = reviewer_api.get(f"{CLAIMS}{other.pk}/").json()
    assert kept_move["end"] == other.end - 4
    assert kept_move["source"] == moved.json()["source"]


@pytest.mark.parametrize(
    ("start", "end"), [(5, 2), (0, 100_000), (80, 80)], ids=["backwards", "past-end", "empty"]
)
def test_bad_offsets_get_a_clear_400(reviewer: Any, make_client: Any, start: int, end: int) -> None:
    article = story()
    response = make_client(reviewer).post(
        CLAIMS, {"article": article.pk, "start": start, "end": end}, format="json"
    )
    assert response.status_code == 400
    assert error_of(response)["code"] in {"bad_span", "empty_span"}
    assert not Claim.objects.exists()


def test_a_whitespace_span_is_empty(reviewer: Any, make_client: Any) -> None:
    article = story()
    gap = BODY.index("\n\n")
    response = make_client(reviewer).post(
        CLAIMS, {"article": article.pk, "start": gap, "end": gap + 2}, format="json"
    )
    assert error_of(response)["code"] == "empty_span"


def test_claims_of_two_articles_do_not_merge(reviewer: Any, make_client: Any) -> None:
    source = SourceFactory()
    first = ClaimFactory(source=source)
    second = ClaimFactory(source=source)
    response = make_client(reviewer).post(
        f"{CLAIMS}{first.pk}/merge/",
        {"version": 1, "other": second.pk, "other_version": 1},
        format="json",
    )
    assert response.status_code == 400
    assert "one article" in error_of(response)["message"]


def test_split_returns_both_parts(reviewer: Any, make_client: Any) -> None:
    article = story()
    end = BODY.index("Schools") - 1
    claim = ClaimFactory(article=article, text=BODY[:end], start=0, end=end)
    response = make_client(reviewer).post(
        f"{CLAIMS}{claim.pk}/split/", {"version": 1, "at": BODY.index("three")}, format="json"
    )
    assert response.status_code == 200, response.json()
    texts = [c["text"] for c in response.json()]
    assert texts == [
        "Governor Marta Ilyenko said",
        "three people were injured in the strike on Dovresk.",
    ]


def test_a_dismissal_and_an_attribution_fix_through_patch(reviewer: Any, make_client: Any) -> None:
    claim = ClaimFactory(mention="ISLAMABAD", cue=":")
    client = make_client(reviewer)
    fixed = client.patch(
        f"{CLAIMS}{claim.pk}/",
        {
            "version": 1,
            "mention": "Prime Minister Omar Tariq",
            "cue": "said",
            "channel": "on X",
            "quote": "indirect",
        },
        format="json",
    )
    assert fixed.status_code == 200, fixed.json()
    assert (fixed.json()["mention"], fixed.json()["cue"]) == ("Prime Minister Omar Tariq", "said")
    assert fixed.json()["channel"] == "on X"
    gone = client.patch(
        f"{CLAIMS}{claim.pk}/",
        {"version": fixed.json()["version"], "dismissed": True},
        format="json",
    )
    assert gone.json()["dismissed"] is True
    listed = client.get(CLAIMS, {"dismissed": "false"}).json()["results"]
    assert claim.pk not in [row["id"] for row in listed]
