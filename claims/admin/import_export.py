"""Import and export of the source registry, with aliases, as CSV or JSON.

One row a source. `aliases` holds the alias names joined by "; ". An import matches a row
to a stored source by `id`, else by its name as an alias (so a file from another
installation updates rather than duplicates), and writes through the source services;
aliases in the file are added, never removed. Rows of merged sources are skipped: merges
are made with the merge action. The admin shows a dry run first.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from import_export import fields, resources
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
        errors: dict[str, list[str]] = {}
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
