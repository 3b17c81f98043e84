"""Import and export of the source registry, with aliases, as CSV or JSON.

One row a source. `aliases` holds the alias names joined by "; ". An import matches a row
to a stored source by `id`, else by its name as an alias (so a file from another
installation updates rather than duplicates), and writes through the source services;
aliases in the file are added, never removed. Rows of merged sources are skipped: merges
are made with the merge action. The admin shows a dry run first.
"""

from __future__ import annotations

from typing import Any

import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources
from import_export.formats.base_formats import CSV
from import_export.resources import Diff

from claims import extraction
from claims.models import Source, SourceAlias
from claims.services.sources import source_create, source_update

ALIAS_SEPARATOR = ";"

# The fields an import may set; `name` is handled apart (it becomes an alias too).
VALUE_FIELDS = (
    "kind",
    "role",
    "affiliation",
    "description",
    "reliability",
    "reliability_notes",
    "confirmed",
)


# A cell a spreadsheet would run as a formula (CSV injection) starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: object) -> object:
    """A text cell a spreadsheet would read as a formula, with a leading apostrophe, which
    spreadsheets show as text. Cells that already start with apostrophes before such a
    character get one more, so `unescape_formula` gives back exactly what was stored."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(value: object) -> object:
    if isinstance(value, str) and value.startswith("'") and escape_formula(value[1:]) == value:
        return value[1:]
    return value


class SpreadsheetSafeCSV(CSV):
    """CSV whose text cells cannot run as formulae when the file is opened in a
    spreadsheet; importing such a file takes the escapes off again."""

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> Any:
        escaped = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            escaped.append([escape_formula(cell) for cell in row])
        return super().export_data(escaped, **kwargs)

    def create_dataset(self, in_stream: Any, **kwargs: Any) -> tablib.Dataset:
        dataset = super().create_dataset(in_stream, **kwargs)
        unescaped = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            unescaped.append([unescape_formula(cell) for cell in row])
        return unescaped


_TEXT_COLUMNS = (
    "name",
    "kind",
    "role",
    "affiliation",
    "description",
    "reliability",
    "reliability_notes",
)
_TRUE = {"1", "true"}
_FALSE = {"0", "false"}


def row_type_errors(row: dict[str, Any]) -> dict[str, list[str]]:
    """What in a row (from JSON, where a cell may be any type) is of the wrong type:
    objects or lists where text belongs, a `confirmed` that is not a yes or a no. The
    cleaned `confirmed` is written back as a boolean."""
    errors: dict[str, list[str]] = {}
    for column in _TEXT_COLUMNS:
        value = row.get(column)
        if value is not None and not isinstance(value, str):
            errors[column] = [f"Must be text, not {type(value).__name__}."]
        elif isinstance(value, str) and "\x00" in value:
            errors[column] = ["Must not contain NUL characters."]
    aliases = row.get("aliases")
    if aliases is not None and not (
        isinstance(aliases, str)
        or (isinstance(aliases, list) and all(isinstance(a, str) for a in aliases))
    ):
        errors["aliases"] = ["Must be text (names separated by ';') or a list of names."]
    elif any("\x00" in a for a in ([aliases] if isinstance(aliases, str) else aliases or [])):
        errors["aliases"] = ["Must not contain NUL characters."]
    for column in ("id", "merged_into"):
        value = row.get(column)
        if value not in (None, "") and not (
            (isinstance(value, int) and not isinstance(value, bool))
            or (isinstance(value, str) and value.strip().isdigit())
        ):
            errors[column] = ["Must be a whole number."]
    if "confirmed" in row:
        confirmed = row["confirmed"]
        spelled = str(confirmed).strip().lower() if isinstance(confirmed, str | int) else None
        if isinstance(confirmed, bool) or confirmed in (None, ""):
            pass
        elif spelled in _TRUE and not isinstance(confirmed, float):
            row["confirmed"] = True
        elif spelled in _FALSE and not isinstance(confirmed, float):
            row["confirmed"] = False
        else:
            errors["confirmed"] = [f"Must be true or false, not {confirmed!r}."]
    return errors


def split_aliases(value: object) -> list[str]:
    """Alias names from a cell: "a; b" in CSV, or a list in JSON."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(ALIAS_SEPARATOR)
    return [str(item).strip() for item in items if str(item).strip()]


class StoredSourceDiff(Diff):
    """The dry run's preview compares the source as stored before and after the row is
    written, column by column as exported: the aliases column lists the aliases it ends up
    with, not the names the row holds."""

    # Diff calls `Diff._read_field_values` by name, so both callers are replaced.
    def __init__(self, resource: Any, instance: Source, new: bool) -> None:
        super().__init__(resource, instance, new)
        self.left = self._stored_values(resource, instance)

    def compare_with(self, resource: Any, instance: Source) -> None:
        self.right = self._stored_values(resource, instance)

    @staticmethod
    def _stored_values(resource: Any, instance: Source) -> list[Any]:
        return [resource.export_field(f, instance) for f in resource.get_import_fields()]


def _merged_row(row: dict[str, Any]) -> bool:
    """A row exported from a source that was merged: a file does not make or undo merges."""
    return bool(str(row.get("merged_into") or "").strip())


class SourceResource(resources.ModelResource):
    aliases = fields.Field(column_name="aliases", attribute="import_aliases", readonly=False)

    class Meta:
        model = Source
        fields = ("id", "name", *VALUE_FIELDS, "aliases", "merged_into")
        export_order = fields
        # Exactly ["id"], the library's default, for which it does not demand an id column:
        # get_instance matches a row without one by its name.
        import_id_fields = ["id"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # normalized alias -> the row that claims it, to refuse one alias on two rows.
        self._aliases_in_file: dict[str, int] = {}

    def get_diff_class(self) -> type[Diff]:
        return StoredSourceDiff

    def get_queryset(self) -> Any:
        return Source.objects.prefetch_related("aliases").order_by("name", "id")

    def get_import_fields(self) -> list[fields.Field]:
        # Rows are matched in get_instance, never by writing an id; merges are made with the
        # merge action, never by editing a file.
        return [
            f for f in super().get_import_fields() if f.column_name not in ("id", "merged_into")
        ]

    def dehydrate_aliases(self, source: Source) -> str:
        if source.pk is None:
            return ""
        return f"{ALIAS_SEPARATOR} ".join(a.name for a in source.aliases.all())

    def dehydrate_merged_into(self, source: Source) -> int | str:
        return source.merged_into_id or ""

    def get_instance(self, instance_loader: Any, row: dict[str, Any]) -> Source | None:
        source_id = str(row.get("id") or "").strip()
        if source_id:
            if not source_id.isdigit():
                return None
            found = Source.objects.filter(pk=int(source_id)).first()
            if found is not None:
                return found
        normalized = extraction.normalize_alias(str(row.get("name") or ""))[:300]
        alias = SourceAlias.objects.filter(
            normalized=normalized, article__isnull=True
        ).select_related("source")
        match = alias.first() if normalized else None
        return match.source if match is not None else None

    def init_instance(self, row: dict[str, Any] | None = None) -> Source:
        # An id from another installation names nothing here: the row makes a new source.
        return Source()

    def import_instance(self, instance: Source, row: dict[str, Any], **kwargs: Any) -> None:
        if _merged_row(row):
            # Skipped (skip_row): its aliases are on the kept source's row.
            instance.import_aliases = []  # type: ignore[attr-defined]  # the row's names, kept for save
            return
        # Types first: a list or an object must not turn into a name by way of str().
        errors = row_type_errors(row)
        if errors:
            instance.import_aliases = []  # type: ignore[attr-defined]  # the row's names, kept for save
            raise ValidationError(errors)
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.message_dict
        instance.import_aliases = split_aliases(row.get("aliases"))  # type: ignore[attr-defined]  # the row's names, kept for save
        problems = self._alias_problems(instance, row, row_number=kwargs.get("row_number"))
        if problems:
            errors.setdefault("aliases", []).extend(problems)
        if errors:
            raise ValidationError(errors)

    def _alias_problems(
        self, instance: Source, row: dict[str, Any], *, row_number: int | None
    ) -> list[str]:
        problems = []
        names = [str(row.get("name") or ""), *instance.import_aliases]  # type: ignore[attr-defined]  # the row's names, kept for save
        for name in names:
            normalized = extraction.normalize_alias(name)[:300]
            if not normalized:
                continue
            seen = self._aliases_in_file.setdefault(normalized, row_number or 0)
            if seen != (row_number or 0):
                # Checked first: the earlier row is already written (in the dry run too),
                # and naming it as the owner would hide that the file disagrees with itself.
                problems.append(f"{name!r} is also an alias on another row of the file.")
                continue
            owner = SourceAlias.objects.filter(
                normalized=normalized, article__isnull=True
            ).select_related("source")
            taken = owner.first()
            if taken is not None and taken.source_id != instance.pk:
                problems.append(f"{name!r} is already an alias of {taken.source.name}.")
        return problems

    def skip_row(
        self,
        instance: Source,
        original: Source,
        row: dict[str, Any],
        import_validation_errors: dict[str, Any] | None = None,
    ) -> bool:
        if _merged_row(row):
            return True
        if import_validation_errors or original is None or original.pk is None:
            return False
        same_values = all(
            getattr(instance, name) == getattr(original, name) for name in ("name", *VALUE_FIELDS)
        )
        stored = {a.normalized for a in original.aliases.all()}
        wanted = {
            extraction.normalize_alias(a)[:300]
            for a in instance.import_aliases  # type: ignore[attr-defined]  # the row's names, kept for save
        }
        return same_values and wanted <= stored

    def save_instance(
        self, instance: Source, is_create: bool, row: dict[str, Any], **kwargs: Any
    ) -> None:
        # Through the services, as every other write: aliases are normalized and checked
        # there, a new name becomes an alias, and the audit records the change.
        # Only the columns the file has: a file without `confirmed` leaves it as it is.
        values = {name: getattr(instance, name) for name in VALUE_FIELDS if name in row}
        aliases = instance.import_aliases  # type: ignore[attr-defined]  # the row's names, kept for save
        if is_create:
            saved = source_create(name=instance.name, aliases=aliases, **values)
            instance.pk = saved.pk
        else:
            if "name" in row:
                values["name"] = instance.name
            source_update(source_id=instance.pk, aliases=aliases, **values)
        # As stored, with what the service decided (a new source is confirmed, unless the
        # row says otherwise), for the preview and the import's report.
        instance.refresh_from_db()
