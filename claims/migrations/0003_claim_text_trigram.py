from __future__ import annotations

from django.db import migrations

# Prior-verdict search ranks claims by trigram similarity on PostgreSQL; SQLite, the
# embedded default, ranks in Python instead and needs neither the extension nor the index.
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS claims_claim_text_trgm ON claims_claim USING gin (text gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS claims_claim_text_trgm"]


def _run(statements):  # type: ignore[no-untyped-def]
    def apply(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_roles")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
