"""Verdicts already signed off become version 1 of their published verdict; every claim's
review state and draft authors are worked out from its fields and history."""

from django.conf import settings
from django.db import migrations

VERDICTS = {"accurate", "misleading", "false", "unverifiable", "not_checkable"}
CONTENT_FIELDS = {"status", "rationale", "evidence", "source"}


def forwards(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Verdict = apps.get_model("claims", "Verdict")
    ReviewEvent = apps.get_model("claims", "ReviewEvent")
    for claim in Claim.objects.select_related("source").iterator(chunk_size=500):
        authors = set(
            ReviewEvent.objects.filter(claim=claim, field__in=CONTENT_FIELDS)
            .exclude(actor=None)
            .values_list("actor_id", flat=True)
        )
        if claim.reviewed_by_id:
            authors.add(claim.reviewed_by_id)
        if claim.signed_off_at is not None:
            source = claim.source
            verdict = Verdict.objects.create(
                claim=claim,
                number=1,
                rating=claim.status,
                claim_reviewed=claim.claim_reviewed or claim.text,
                rationale=claim.rationale,
                evidence=claim.evidence,
                source=source,
                source_name=source.name if source else "",
                source_role=source.role if source else "",
                source_kind=source.kind if source else "",
                draft_version=claim.version,
                approved_by_id=claim.signed_off_by_id,
                approved_at=claim.signed_off_at,
            )
            verdict.authors.set(authors - {claim.signed_off_by_id})
            claim.published_verdict = verdict
            claim.review_state = "published"
        else:
            claim.draft_authors.set(authors)
            complete = (
                claim.status in VERDICTS
                and claim.rationale.strip()
                and (claim.evidence or claim.status not in settings.VERDICT_EVIDENCE_REQUIRED)
            )
            claim.review_state = "awaiting_signoff" if complete else "in_progress"
        claim.save(update_fields=["published_verdict", "review_state"])


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_verdict_versions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
