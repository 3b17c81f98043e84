"""The source registry in the admin: the list (search, filters, counts), the change page
(aliases, claims, audit) and the review of sources that extraction created."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.models import Source, SourceAlias
from claims.services.corrections import claim_source_correct
from claims.services.sources import source_create, source_resolve
from tests.factories import ClaimFactory, SourceAliasFactory, SourceFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_source_changelist")


def listed(response: Any) -> list[str]:
    return [source.name for source in response.context["cl"].result_list]


def change_url(source: Source) -> str:
    return reverse("admin:claims_source_change", args=[source.pk])


def test_search_finds_a_source_by_one_of_its_aliases(admin_site_client: Client) -> None:
    minister = SourceFactory(name="Amira Haddad")
    SourceAliasFactory(source=minister, name="Amira Haddad")
    SourceAliasFactory(source=minister, name="the health minister")
    SourceAliasFactory(source=minister, name="Minister Haddad")
    SourceAliasFactory(name="Jonas Berg")
    response = admin_site_client.get(CHANGELIST, {"q": "minister"})
    assert listed(response) == ["Amira Haddad"]


def test_the_list_counts_claims_and_each_verdict_once_whatever_the_search_or_filter(
    admin_site_client: Client,
) -> None:
    source = SourceFactory(name="Amira Haddad")
    for alias in ("Amira Haddad", "Haddad", "Dr Haddad"):
        SourceAliasFactory(source=source, name=alias)
    for status in ("false", "false", "accurate", "unreviewed"):
        ClaimFactory(source=source, status=status)

    for query in ({}, {"q": "haddad"}, {"has_claims": "yes", "q": "haddad"}):
        row = admin_site_client.get(CHANGELIST, query).context["cl"].result_list[0]
        assert (row.claim_count, row.verdict_false, row.verdict_accurate) == (4, 2, 1), query


def test_the_list_filters_by_claims_and_by_age(admin_site_client: Client) -> None:
    quoted = SourceFactory(name="Quoted")
    ClaimFactory(source=quoted)
    SourceFactory(name="Never quoted")
    old = SourceFactory(name="Old entry")
    Source.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=9))

    assert listed(admin_site_client.get(CHANGELIST, {"has_claims": "yes"})) == ["Quoted"]
    assert listed(admin_site_client.get(CHANGELIST, {"has_claims": "no"})) == [
        "Never quoted",
        "Old entry",
    ]
    assert "Old entry" not in listed(admin_site_client.get(CHANGELIST, {"new_since": "week"}))
    assert "Old entry" in listed(admin_site_client.get(CHANGELIST, {"new_since": "month"}))


def test_the_list_filters_by_kind_reliability_and_affiliation(admin_site_client: Client) -> None:
    SourceFactory(name="Harbour Police", kind="government", affiliation="Dovresk")
    SourceFactory(name="Jonas Berg", reliability="credible", affiliation="Norway")
    query = {"kind__exact": "government"}
    assert listed(admin_site_client.get(CHANGELIST, query)) == ["Harbour Police"]
    query = {"reliability__exact": "credible"}
    assert listed(admin_site_client.get(CHANGELIST, query)) == ["Jonas Berg"]
    query = {"affiliation": "Dovresk"}
    assert listed(admin_site_client.get(CHANGELIST, query)) == ["Harbour Police"]


def test_sources_made_by_extraction_wait_in_a_list_to_confirm(admin_site_client: Client) -> None:
    source_resolve(name="Anton Belov", kind="person")
    source_create(name="Harbour Police")
    response = admin_site_client.get(CHANGELIST, {"review": "to_confirm"})
    assert listed(response) == ["Anton Belov"]
    assert "To confirm (1)" in admin_site_client.get(CHANGELIST).content.decode()


def test_the_confirm_action_confirms_the_selected_sources(admin_site_client: Client) -> None:
    found = source_resolve(name="Anton Belov", kind="person")
    response = admin_site_client.post(
        CHANGELIST, {"action": "confirm_sources", ACTION_CHECKBOX_NAME: [found.pk]}, follow=True
    )
    assert "Confirmed 1 source(s)." in response.content.decode()
    found.refresh_from_db()
    assert found.confirmed


def test_an_admin_renames_a_source_and_the_old_name_still_finds_it(
    admin_site_client: Client,
) -> None:
    found = source_resolve(name="A. Belov", kind="person")
    form = admin_site_client.get(change_url(found)).context["adminform"].form
    data = {**form.initial, "name": "Anton Belov", "role": "Regional governor"}
    data.update(alias_formset(found, new="Governor Belov"))
    data["confirmed"] = "on"
    response = admin_site_client.post(change_url(found), clean(data))
    assert response.status_code == 302, response.context["errors"]
    found.refresh_from_db()
    assert (found.name, found.role, found.confirmed) == ("Anton Belov", "Regional governor", True)
    for name in ("A. Belov", "Anton Belov", "governor belov"):
        assert source_resolve(name=name) == found


def test_an_alias_of_another_source_is_refused_on_the_change_page(
    admin_site_client: Client,
) -> None:
    SourceAliasFactory(source=SourceFactory(name="Amira Haddad"), name="Amira Haddad")
    found = source_resolve(name="A. Belov", kind="person")
    form = admin_site_client.get(change_url(found)).context["adminform"].form
    data = {**form.initial, **alias_formset(found, new="amira haddad")}
    response = admin_site_client.post(change_url(found), clean(data))
    assert response.status_code == 200
    assert "is already an alias of Amira Haddad" in response.content.decode()
    assert found.aliases.count() == 1


def test_the_change_page_shows_the_sources_claims_and_who_changed_it(
    admin_site_client: Client,
) -> None:
    found = source_resolve(name="Anton Belov", kind="person")
    ClaimFactory(source=found, text="Forty shells hit the village.")
    form = admin_site_client.get(change_url(found)).context["adminform"].form
    data = {**form.initial, "reliability": "mixed", "reliability_notes": "Overstated twice."}
    admin_site_client.post(change_url(found), clean({**data, **alias_formset(found)}))

    html = admin_site_client.get(change_url(found)).content.decode()
    assert "Forty shells hit the village." in html
    assert "Showing 1 of 1" in html
    assert "reliability: &#x27;unrated&#x27; → &#x27;mixed&#x27;" in html
    assert "<td>ada</td>" in html


def test_the_all_claims_link_lists_the_sources_claims(admin_site_client: Client) -> None:
    found = SourceFactory(name="Anton Belov")
    ClaimFactory(source=found, text="Forty shells hit the village.")
    ClaimFactory(text="Someone else's claim.")
    response = admin_site_client.get(
        reverse("admin:claims_claim_changelist"), {"source__id__exact": found.pk}
    )
    assert [c.text for c in response.context["cl"].result_list] == ["Forty shells hit the village."]


def test_an_admin_adds_a_source_found_by_its_name_and_aliases(admin_site_client: Client) -> None:
    data = {"name": "Harbour Police", "kind": "government", "reliability": "unrated"}
    data.update(alias_formset(None, new="the harbour police"))
    data["confirmed"] = "on"
    response = admin_site_client.post(reverse("admin:claims_source_add"), data)
    assert response.status_code == 302, response.context["errors"]
    source = Source.objects.get(name="Harbour Police")
    assert source.confirmed
    assert source_resolve(name="The Harbour Police") == source


def test_a_source_added_with_confirmed_unticked_waits_to_be_confirmed(
    admin_site_client: Client,
) -> None:
    add_url = reverse("admin:claims_source_add")
    form = admin_site_client.get(add_url).context["adminform"].form
    assert form["confirmed"].initial is True  # ticked, as a source entered by hand is
    data = {"name": "Harbour Police", "kind": "government", "reliability": "unrated"}
    response = admin_site_client.post(add_url, {**data, **alias_formset(None)})
    assert response.status_code == 302, response.context["errors"]
    assert not Source.objects.get(name="Harbour Police").confirmed


# Form data for the aliases inline


def alias_formset(source: Source | None, *, new: str = "") -> dict[str, Any]:
    aliases = list(source.aliases.order_by("pk")) if source else []
    prefix = "aliases"
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": len(aliases) + 1,
        f"{prefix}-INITIAL_FORMS": len(aliases),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, alias in enumerate(aliases):
        data[f"{prefix}-{i}-id"] = alias.pk
        data[f"{prefix}-{i}-source"] = source.pk if source else ""
        data[f"{prefix}-{i}-name"] = alias.name
    data[f"{prefix}-{len(aliases)}-name"] = new
    return data


def clean(data: dict[str, Any]) -> dict[str, Any]:
    # A form's initial values as a browser would post them: no None, booleans as "on"/absent.
    posted = {}
    for key, value in data.items():
        if value is None or value is False:
            continue
        posted[key] = "on" if value is True else value
    return posted


def test_an_admin_sees_which_aliases_corrections_taught_and_removes_one(
    admin_site_client: Client, site_admin: Any
) -> None:
    varga = SourceFactory(name="Ines Varga")
    SourceAliasFactory(source=varga, name="Ines Varga")
    claim = ClaimFactory(mention="Doctor Varga")
    claim_source_correct(
        claim_id=claim.pk, actor=site_admin, expected_version=1, source_id=varga.pk
    )
    aliases = reverse("admin:claims_sourcealias_changelist")
    taught = admin_site_client.get(aliases, {"origin": "correction"})
    assert [a.name for a in taught.context["cl"].result_list] == ["Doctor Varga"]
    alias = SourceAlias.objects.get(name="Doctor Varga")
    response = admin_site_client.post(
        aliases, {"action": "remove_aliases", ACTION_CHECKBOX_NAME: [alias.pk]}, follow=True
    )
    assert response.status_code == 200
    assert not SourceAlias.objects.filter(pk=alias.pk).exists()
    assert varga.aliases.filter(name="Ines Varga").exists()
