"""Merging duplicate sources in the admin: a preview first, then aliases, claims and
history move to the kept source, and later articles naming a merged alias find it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from claims.models import ReviewEvent, Source
from claims.services.extraction import article_extract
from claims.services.review import claim_update
from claims.services.sources import source_merge
from tests.factories import ArticleFactory, ClaimFactory, SourceAliasFactory, SourceFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_source_changelist")


def source_with_aliases(name: str, *aliases: str, **values: Any) -> Source:
    source = SourceFactory(name=name, **values)
    for alias in (name, *aliases):
        SourceAliasFactory(source=source, name=alias)
    return source


def merge_action(*sources: Source, **extra: Any) -> dict[str, Any]:
    return {"action": "merge_sources", ACTION_CHECKBOX_NAME: [s.pk for s in sources], **extra}


def preview_and_confirm(client: Client, *sources: Source, **choice: Any) -> Any:
    """Preview the merge of `sources`, then confirm what the preview showed."""
    preview = client.post(CHANGELIST, merge_action(*sources, **choice))
    assert preview.context["preview"] is not None, preview.context["errors"]
    confirm = {**choice, "plan": preview.context["plan"], "confirm": "Confirm merge"}
    return client.post(CHANGELIST, merge_action(*sources, **confirm))


@pytest.fixture
def duplicates(site_admin: Any) -> tuple[Source, Source]:
    kept = source_with_aliases("Anton Belov", "Governor Belov", confirmed=True)
    duplicate = source_with_aliases("A. Belov", "the regional governor")
    claim = ClaimFactory(source=duplicate)
    claim_update(claim_id=claim.pk, actor=site_admin, expected_version=1, status="false")
    ClaimFactory(source=duplicate)
    ClaimFactory(source=kept)
    return kept, duplicate


def test_the_merge_action_previews_what_moves_and_changes_nothing(
    admin_site_client: Client, duplicates: tuple[Source, Source]
) -> None:
    kept, duplicate = duplicates
    response = admin_site_client.post(CHANGELIST, merge_action(kept, duplicate))

    assert response.status_code == 200
    assert response.templates[0].name == "admin/claims/source/merge_preview.html"
    preview = response.context["preview"]
    assert preview.keep == kept  # confirmed, so the likely keeper
    assert [s.name for s in preview.others] == ["A. Belov"]
    assert [a.name for a in preview.aliases] == ["A. Belov"]
    # A description names no one everywhere: it is dropped, not moved (see below).
    assert [a.name for a in preview.dropped_aliases] == ["the regional governor"]
    assert (preview.claim_count, preview.review_event_count) == (2, 1)
    assert duplicate.claims.count() == 2
    assert Source.objects.get(pk=duplicate.pk).merged_into is None


def test_confirming_moves_aliases_claims_and_their_history_to_the_kept_source(
    admin_site_client: Client, site_admin: Any, duplicates: tuple[Source, Source]
) -> None:
    kept, duplicate = duplicates
    moved_claims = set(duplicate.claims.values_list("pk", flat=True))

    response = preview_and_confirm(admin_site_client, kept, duplicate, keep=kept.pk)

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert set(kept.claims.values_list("pk", flat=True)) >= moved_claims
    assert kept.claims.count() == 3
    assert sorted(kept.aliases.values_list("name", flat=True)) == [
        "A. Belov",
        "Anton Belov",
        "Governor Belov",
    ]
    assert not duplicate.aliases.exists()
    moves = ReviewEvent.objects.filter(claim_id__in=moved_claims, field="source")
    assert sorted(moves.values_list("old_value", "new_value", "actor")) == [
        ("A. Belov", "Anton Belov", site_admin.pk),
        ("A. Belov", "Anton Belov", site_admin.pk),
    ]
    # The review made before the merge went with its claim.
    assert ReviewEvent.objects.filter(claim__source=kept, field="status").count() == 1


def test_the_kept_source_page_shows_the_merge_in_its_audit(
    admin_site_client: Client, duplicates: tuple[Source, Source]
) -> None:
    kept, duplicate = duplicates
    preview_and_confirm(admin_site_client, kept, duplicate, keep=kept.pk)
    html = admin_site_client.get(reverse("admin:claims_source_change", args=[kept.pk])).content
    html = html.decode()
    assert "Merged into Anton Belov" in html
    assert "ada" in html  # who merged


def test_the_next_article_naming_a_merged_alias_is_attributed_to_the_kept_source(
    admin_site_client: Client,
) -> None:
    first = ArticleFactory(
        body="Regional Governor Anton Belov said on Telegram that 40 shells hit the village.\n"
    )
    article_extract(article_id=first.pk)
    found = Source.objects.get(name="Anton Belov")
    assert not found.confirmed
    registry_entry = source_with_aliases("Governor Anton Belov of Dovresk", confirmed=True)

    preview_and_confirm(admin_site_client, found, registry_entry, keep=registry_entry.pk)

    later = ArticleFactory(
        body="Anton Belov said on Monday that the school in the village would stay closed.\n"
    )
    article_extract(article_id=later.pk)
    claim = later.claims.get()
    assert claim.source == registry_entry
    assert first.claims.get().source == registry_entry
    assert not Source.objects.filter(name="Anton Belov", merged_into__isnull=True).exists()


def test_a_source_is_merged_into_one_named_by_its_id(
    admin_site_client: Client, duplicates: tuple[Source, Source]
) -> None:
    kept, duplicate = duplicates
    response = preview_and_confirm(admin_site_client, duplicate, merge_into=str(kept.pk))
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept


def test_one_source_alone_cannot_be_merged(
    admin_site_client: Client, duplicates: tuple[Source, Source]
) -> None:
    _kept, duplicate = duplicates
    response = admin_site_client.post(CHANGELIST, merge_action(duplicate, confirm="Confirm merge"))
    assert response.status_code == 200
    assert response.context["errors"] == [
        "Pick two or more sources, or name a source to merge into."
    ]
    assert response.context["preview"] is None
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_sources_already_merged_are_left_out_of_a_merge(
    admin_site_client: Client, duplicates: tuple[Source, Source]
) -> None:
    kept, duplicate = duplicates
    earlier = source_with_aliases("Belov A.")
    source_merge(keep_id=duplicate.pk, other_ids=[earlier.pk])
    response = admin_site_client.post(CHANGELIST, merge_action(kept, duplicate, earlier))
    assert {s.pk for s in response.context["sources"]} == {kept.pk, duplicate.pk}
    assert response.context["preview"].redirected_count == 1


def test_a_keeper_changed_after_the_preview_is_previewed_again_not_merged(
    admin_site_client: Client, duplicates: tuple[Source, Source]
) -> None:
    kept, duplicate = duplicates
    preview = admin_site_client.post(CHANGELIST, merge_action(kept, duplicate, keep=kept.pk))
    confirm = {"keep": duplicate.pk, "plan": preview.context["plan"], "confirm": "Confirm merge"}
    response = admin_site_client.post(CHANGELIST, merge_action(kept, duplicate, **confirm))
    assert response.status_code == 200
    assert response.context["preview"].keep == duplicate
    assert "changed since the preview" in response.context["errors"][0]
    assert not Source.objects.filter(merged_into__isnull=False).exists()
