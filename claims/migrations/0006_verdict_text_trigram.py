from __future__ import annotations

from django.db import migrations

# Prior-verdict search asks for the reviewed claims nearest a claim's text by trigram
# distance (`<->`): a GiST index answers that nearest-first without scoring every reviewed
# claim (a GIN index can only filter, so the ranking scanned all the matches). Only claims
# with a verdict are indexed. Replaces 0003's GIN index over every claim.
# The statuses are written out: a migration must not change when the model's set does.
VERDICTS = "('accurate', 'misleading', 'false', 'unverifiable', 'not_checkable')"
FORWARD = [
    "DROP INDEX IF EXISTS claims_claim_text_trgm",
    "CREATE INDEX IF NOT EXISTS claims_claim_verdict_text_trgm ON claims_claim "
    f"USING gist (text gist_trgm_ops) WHERE status IN {VERDICTS}",
]
BACKWARD = [
    "DROP INDEX IF EXISTS claims_claim_verdict_text_trgm",
    "CREATE INDEX IF NOT EXISTS claims_claim_text_trgm ON claims_claim "
    "USING gin (text gin_trgm_ops)",
]


def _run(statements):  # type: ignore[no-untyped-def]
    def apply(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_source_audit")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
