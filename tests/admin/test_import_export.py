"""Import and export of the source registry in the admin: CSV and JSON, validated, with a
dry run that shows what would change before anything is written."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims.models import Source, SourceAlias
from claims.services.sources import source_create, source_merge, source_resolve

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:claims_source_import")
PROCESS_IMPORT = reverse("admin:claims_source_process_import")
EXPORT = reverse("admin:claims_source_export")
FORMATS = {"csv": "0", "json": "1"}


def upload(client: Client, content: str, *, kind: str = "csv") -> Any:
    """The first step of an import: the dry run, whose result the admin previews."""
    import_file = SimpleUploadedFile(f"sources.{kind}", content.encode(), f"text/{kind}")
    return client.post(IMPORT, {"import_file": import_file, "format": FORMATS[kind]})


def confirm(client: Client, dry_run: Any) -> Any:
    form = dry_run.context["confirm_form"]
    return client.post(PROCESS_IMPORT, {name: form.initial[name] for name in form.fields})


def export(client: Client, *, kind: str = "csv") -> str:
    form = client.get(EXPORT).context["form"]
    fields = {name: "on" for name in form.fields if name.startswith("sourceresource_")}
    response = client.post(EXPORT, {"format": FORMATS[kind], "resource": "0", **fields})
    assert response.status_code == 200
    return response.content.decode()


def row_types(dry_run: Any) -> list[str]:
    return [row.import_type for row in dry_run.context["result"].rows]


@pytest.fixture
def registry() -> Source:
    return source_create(
        name="Amira Haddad", kind="person", role="Health minister", aliases=["Minister Haddad"]
    )


CSV_FILE = (
    "name,kind,role,affiliation,reliability,aliases\n"
    "Amira Haddad,person,Health minister,Ministry of Health,credible,"
    "Minister Haddad; the health minister\n"
    "Harbour Police,government,,Dovresk,unrated,the harbour police; Dovresk police\n"
)


def test_a_dry_run_shows_what_would_change_and_writes_nothing(
    admin_site_client: Client, registry: Source
) -> None:
    dry_run = upload(admin_site_client, CSV_FILE)

    assert dry_run.status_code == 200
    assert row_types(dry_run) == ["update", "new"]
    html = dry_run.content.decode()
    assert "Ministry of Health" in html
    assert "Harbour Police" in html
    assert "confirm_form" in dry_run.context
    assert not Source.objects.filter(name="Harbour Police").exists()
    registry.refresh_from_db()
    assert (registry.affiliation, registry.reliability) == ("", "unrated")
    assert sorted(registry.aliases.values_list("name", flat=True)) == [
        "Amira Haddad",
        "Minister Haddad",
    ]


def test_the_dry_run_preview_shows_the_aliases_and_values_each_source_would_have(
    admin_site_client: Client, registry: Source
) -> None:
    result = upload(admin_site_client, CSV_FILE).context["result"]
    update, new = (dict(zip(result.diff_headers, row.diff, strict=True)) for row in result.rows)
    assert update["aliases"] == (
        '<span>Amira Haddad; Minister Haddad</span><ins style="background:#e6ffe6;">; '
        "the health minister</ins>"
    )
    assert "<del" in update["reliability"]
    # "the harbour police" is the name's own alias: "the" is not part of a name.
    assert new["aliases"] == '<ins style="background:#e6ffe6;">Dovresk police; Harbour Police</ins>'
    assert new["confirmed"] == '<ins style="background:#e6ffe6;">1</ins>'


def test_confirming_the_dry_run_imports_the_rows_and_their_aliases(
    admin_site_client: Client, registry: Source
) -> None:
    response = confirm(admin_site_client, upload(admin_site_client, CSV_FILE))

    assert response.status_code == 302
    registry.refresh_from_db()
    assert (registry.affiliation, registry.reliability) == ("Ministry of Health", "credible")
    assert source_resolve(name="The Health Minister") == registry
    police = Source.objects.get(name="Harbour Police")
    assert (police.kind, police.affiliation, police.confirmed) == ("government", "Dovresk", True)
    assert source_resolve(name="Dovresk police") == police
    # The audit names who imported.
    assert police.audit.first().history_user.username == "ada"


def test_an_invalid_file_is_refused_with_the_reasons_and_nothing_changes(
    admin_site_client: Client, registry: Source
) -> None:
    content = (
        "name,kind,aliases\n"
        "Jonas Berg,wizard,\n"
        "Port Authority,organisation,Minister Haddad\n"
        "Harbour Police,government,the police\n"
        "Dovresk Police,government,The Police\n"
    )
    dry_run = upload(admin_site_client, content)

    assert "confirm_form" not in dry_run.context
    errors = {row.number: row.error_dict for row in dry_run.context["result"].invalid_rows}
    assert "kind" in errors[1]
    assert errors[2]["aliases"] == ["'Minister Haddad' is already an alias of Amira Haddad."]
    assert errors[4]["aliases"] == ["'The Police' is also an alias on another row of the file."]
    assert 3 not in errors
    assert Source.objects.count() == 1


def test_a_csv_export_lists_each_source_with_its_aliases(
    admin_site_client: Client, registry: Source
) -> None:
    rows = list(csv.DictReader(io.StringIO(export(admin_site_client))))
    assert [(r["id"], r["name"], r["aliases"]) for r in rows] == [
        (str(registry.pk), "Amira Haddad", "Amira Haddad; Minister Haddad")
    ]


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_an_exported_file_imports_back_unchanged(
    admin_site_client: Client, registry: Source, kind: str
) -> None:
    source_create(name="Harbour Police", kind="government", affiliation="Dovresk")
    exported = export(admin_site_client, kind=kind)

    dry_run = upload(admin_site_client, exported, kind=kind)

    assert row_types(dry_run) == ["skip", "skip"]
    confirm(admin_site_client, dry_run)
    assert Source.objects.count() == 2
    assert SourceAlias.objects.count() == 3
    assert export(admin_site_client, kind=kind) == exported


def test_an_exported_file_creates_the_registry_in_an_empty_installation(
    admin_site_client: Client, registry: Source
) -> None:
    duplicate = source_resolve(name="A. Haddad")
    source_merge(keep_id=registry.pk, other_ids=[duplicate.pk])
    exported = export(admin_site_client, kind="json")
    assert [(row["name"], row["aliases"]) for row in json.loads(exported)] == [
        ("A. Haddad", ""),
        ("Amira Haddad", "A. Haddad; Amira Haddad; Minister Haddad"),
    ]
    Source.objects.all().delete()

    dry_run = upload(admin_site_client, exported, kind="json")
    assert row_types(dry_run) == ["skip", "new"]  # a file does not make merges
    confirm(admin_site_client, dry_run)

    imported = Source.objects.get()
    assert (imported.name, imported.role) == ("Amira Haddad", "Health minister")
    assert source_resolve(name="minister haddad") == imported
    assert source_resolve(name="A. Haddad") == imported


def test_json_aliases_may_be_a_list(admin_site_client: Client) -> None:
    content = json.dumps([{"name": "Harbour Police", "aliases": ["Dovresk police", "HP"]}])
    confirm(admin_site_client, upload(admin_site_client, content, kind="json"))
    police = Source.objects.get()
    assert set(police.aliases.values_list("name", flat=True)) == {
        "Dovresk police",
        "Harbour Police",
        "HP",
    }
