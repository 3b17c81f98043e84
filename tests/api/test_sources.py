from __future__ import annotations

import pytest

from claims.models import ReviewEvent, Source, SourceAlias
from claims.services.publishing import claim_signoff
from claims.services.review import claim_update
from claims.services.sources import source_resolve
from tests.api.conftest import error_of
from tests.factories import COMPLETE_DRAFT, ClaimFactory, SourceAliasFactory, SourceFactory

pytestmark = pytest.mark.django_db

SOURCES = "/api/v1/sources/"


def test_search_finds_a_source_by_one_of_its_aliases(reviewer, make_client):
    minister = SourceFactory(name="Amira Haddad")
    SourceAliasFactory(source=minister, name="the health minister")
    SourceFactory(name="Jonas Berg")
    response = make_client(reviewer).get(SOURCES, {"search": "health minister"})
    assert [s["id"] for s in response.json()["results"]] == [minister.pk]


def test_the_detail_has_aliases_and_a_track_record(reviewer, editor, make_client):
    source = SourceFactory(name="Amira Haddad")
    SourceAliasFactory(source=source, name="Haddad")
    published = ClaimFactory(source=source)
    claim_update(claim_id=published.pk, actor=reviewer, expected_version=1, **COMPLETE_DRAFT)
    claim_signoff(claim_id=published.pk, editor=editor, expected_version=2, approve=True)
    ClaimFactory(source=source, status="accurate")
    ClaimFactory(source=source)
    body = make_client(reviewer).get(f"{SOURCES}{source.pk}/").json()
    assert body["aliases"] == ["Haddad"]
    assert body["claim_count"] == 3
    assert body["track_record"] == {
        "claims": 3,
        "by_status": {"false": 1, "accurate": 1, "unreviewed": 1},
        "published": {"false": 1},
    }


def test_an_admin_creates_a_source_found_by_name_and_aliases(admin_user, make_client):
    response = make_client(admin_user).post(
        SOURCES,
        {"name": "Port Authority", "kind": "organisation", "aliases": ["the port authority"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    source = Source.objects.get(pk=response.json()["id"])
    assert source.confirmed
    assert source_resolve(name="The Port Authority") == source


def test_a_reviewer_cannot_create_or_edit_sources(reviewer, make_client):
    source = SourceFactory()
    client = make_client(reviewer)
    assert client.post(SOURCES, {"name": "X"}, format="json").status_code == 403
    response = client.patch(f"{SOURCES}{source.pk}/", {"reliability": "credible"}, format="json")
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.reliability == "unrated"


def test_an_admin_edits_a_source_and_its_new_name_becomes_an_alias(admin_user, make_client):
    source = SourceFactory(name="J. Berg")
    response = make_client(admin_user).patch(
        f"{SOURCES}{source.pk}/",
        {"name": "Jonas Berg", "reliability": "mixed", "role": "Mayor"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["name"], response.json()["reliability"]) == ("Jonas Berg", "mixed")
    assert "Jonas Berg" in response.json()["aliases"]


def test_an_alias_already_taken_by_another_source_is_refused_and_nothing_changes(
    admin_user, make_client
):
    taken = SourceFactory(name="Amira Haddad")
    SourceAliasFactory(source=taken, name="the minister", normalized="minister")
    source = SourceFactory(name="Jonas Berg")
    response = make_client(admin_user).patch(
        f"{SOURCES}{source.pk}/", {"role": "Mayor", "aliases": ["the minister"]}, format="json"
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "alias_taken"
    source.refresh_from_db()
    assert source.role == ""


def test_merging_moves_aliases_and_claims_and_hides_the_merged_source(admin_user, make_client):
    keep = SourceFactory(name="Amira Haddad")
    duplicate = SourceFactory(name="A. Haddad")
    SourceAliasFactory(source=duplicate, name="A. Haddad")
    claim = ClaimFactory(source=duplicate)
    client = make_client(admin_user)
    response = client.post(f"{SOURCES}{keep.pk}/merge/", {"others": [duplicate.pk]}, format="json")
    assert response.status_code == 200, response.json()
    assert "A. Haddad" in response.json()["aliases"]
    claim.refresh_from_db()
    duplicate.refresh_from_db()
    assert claim.source == keep
    assert duplicate.merged_into == keep
    assert SourceAlias.objects.get(name="A. Haddad").source == keep
    event = ReviewEvent.objects.get(claim=claim)
    assert (event.field, event.old_value, event.new_value) == ("source", "A. Haddad", keep.name)
    listed = [s["id"] for s in client.get(SOURCES).json()["results"]]
    assert listed == [keep.pk]
    with_merged = client.get(SOURCES, {"include_merged": "true"}).json()["results"]
    assert {s["id"] for s in with_merged} == {keep.pk, duplicate.pk}


def test_merging_with_an_unknown_source_is_a_404_and_moves_nothing(admin_user, make_client):
    keep = SourceFactory()
    other = SourceFactory()
    claim = ClaimFactory(source=other)
    response = make_client(admin_user).post(
        f"{SOURCES}{keep.pk}/merge/", {"others": [other.pk, 987654321]}, format="json"
    )
    assert response.status_code == 404
    claim.refresh_from_db()
    assert claim.source == other


def test_merging_a_source_into_itself_alone_is_refused(admin_user, make_client):
    keep = SourceFactory()
    response = make_client(admin_user).post(
        f"{SOURCES}{keep.pk}/merge/", {"others": [keep.pk]}, format="json"
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "nothing_to_merge"
