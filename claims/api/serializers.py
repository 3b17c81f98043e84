"""What the API answers: output serializers shape each response (inputs are in inputs.py)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    Article,
    Check,
    Claim,
    EvidenceCapture,
    ReviewEvent,
    Source,
    SourceAlias,
    Verdict,
    WebhookDelivery,
    WebhookSubscription,
)
from claims.selectors.evidence import NOT_CAPTURED, EvidenceItem, claim_evidence
from claims.selectors.publishing import public_url
from claims.selectors.sources import TrackRecord, source_track_record
from claims.services.review import (
    draft_missing,
)

# Output


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class ArticleBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "title", "url", "publisher", "published"]


class SourceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "name", "kind"]


class ProgressSerializer(serializers.Serializer):
    claims = serializers.IntegerField()
    reviewed = serializers.IntegerField()
    checks = serializers.IntegerField()
    checks_done = serializers.IntegerField()


class ArticleSerializer(serializers.ModelSerializer):
    submitted_by = UserBriefSerializer(allow_null=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "publisher",
            "published",
            "status",
            "error",
            "notice",
            "submitted_by",
            "created_at",
            "updated_at",
            "extracted_at",
            "progress",
        ]

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, article: Article) -> dict[str, int]:
        return article_progress(article)


def article_progress(article: Article) -> dict[str, int]:
    # The counts are annotations of selectors.articles.article_progress_list().
    return {
        "claims": getattr(article, "claim_count", 0),
        "reviewed": getattr(article, "reviewed_count", 0),
        "checks": getattr(article, "check_count", 0),
        "checks_done": getattr(article, "checks_done", 0),
    }


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body"]


class ArticleSubmittedSerializer(serializers.Serializer):
    article = ArticleSerializer()
    created = serializers.BooleanField()
    status_url = serializers.URLField()


class ArticleStatusSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "status", "error", "notice", "extracted_at", "progress"]

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, article: Article) -> dict[str, int]:
        return article_progress(article)


class CheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = Check
        fields = ["kind", "state", "result", "error", "attempts", "queued_at", "finished_at"]


class ReviewEventSerializer(serializers.ModelSerializer):
    actor = UserBriefSerializer(allow_null=True)

    class Meta:
        model = ReviewEvent
        fields = ["id", "field", "old_value", "new_value", "comment", "actor", "created_at"]


class EvidenceSerializer(serializers.Serializer):
    """One evidence link with its capture: what was served when the link was captured."""

    url = serializers.CharField(help_text="The link as the reviewer gave it.")
    status = serializers.ChoiceField(
        choices=[*EvidenceCapture.Status.choices, (NOT_CAPTURED, "Saved before captures")],
        help_text="pending, capturing, retrying (failed, tried again later), captured or "
        "failed; not_captured for a link saved before captures existed.",
    )
    final_url = serializers.CharField(allow_null=True, help_text="After redirects.")
    http_status = serializers.IntegerField(allow_null=True)
    content_type = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_null=True)
    sha256 = serializers.CharField(
        allow_null=True, help_text="SHA-256 (hex) of the response body as served."
    )
    size = serializers.IntegerField(allow_null=True, help_text="Bytes of that body.")
    captured_at = serializers.DateTimeField(allow_null=True, help_text="UTC.")
    snapshot_url = serializers.CharField(
        allow_null=True,
        help_text="GET returns the stored body as a download, to whoever may read the claim.",
    )
    archive_url = serializers.CharField(
        allow_null=True, help_text="The Internet Archive's copy, when one was made."
    )
    error = serializers.CharField(
        allow_null=True, help_text="Why the capture failed (or its last attempt did)."
    )


def evidence_output(items: list[EvidenceItem], *, base: str) -> list[dict[str, Any]]:
    """The evidence of a claim as the API gives it, the same in the list and the detail."""
    rows: list[dict[str, Any]] = []
    for item in items:
        capture = item.capture
        if capture is None:
            rows.append({**_NO_CAPTURE, "url": item.url, "status": item.status})
            continue
        rows.append(
            {
                "url": item.url,
                "status": capture.status,
                "final_url": capture.final_url or None,
                "http_status": capture.http_status,
                "content_type": capture.content_type or None,
                "title": capture.title or None,
                "sha256": capture.sha256 or None,
                "size": capture.size,
                "captured_at": _datetime(capture.captured_at),
                "snapshot_url": f"{base}{item.snapshot_path}" if item.captured else None,
                "archive_url": capture.archive_url or None,
                "error": capture.error or None,
            }
        )
    return rows


_NO_CAPTURE: dict[str, Any] = {name: None for name in EvidenceSerializer._declared_fields}


def _origin(context: Mapping[str, Any]) -> str:
    """Absolute links under SITE_URL, else the request's own origin, else relative."""
    if settings.SITE_URL:
        return str(settings.SITE_URL)
    request = context.get("request")
    return request.build_absolute_uri("/").rstrip("/") if request is not None else ""


class ClaimSerializer(serializers.ModelSerializer):
    article = ArticleBriefSerializer()
    # The stubs type `source` as every Field's source attribute; here it is a field.
    source = SourceBriefSerializer(allow_null=True)  # type: ignore[assignment]
    assignee = UserBriefSerializer(allow_null=True)
    signed_off_by = UserBriefSerializer(allow_null=True)
    published_version = serializers.IntegerField(
        source="published_verdict.number",
        allow_null=True,
        read_only=True,
        help_text="The number of the public version of the verdict; null: none is public.",
    )
    evidence = serializers.SerializerMethodField(
        help_text="The draft's evidence links, each with its capture. A write sends a list "
        "of URLs; links already there keep their captures."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "text",
            "start",
            "end",
            "attribution",
            "source",
            "mention",
            "cue",
            "channel",
            "quote",
            "checkworthiness",
            "confidence",
            "stale",
            "origin",
            "dismissed",
            "status",
            "claim_reviewed",
            "review_state",
            "assignee",
            "rationale",
            "evidence",
            "reviewed_at",
            "signed_off_by",
            "signed_off_at",
            "published_version",
            "version",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, claim: Claim) -> dict[str, Any]:
        # The fields above, written out: a list page is 50 to 200 of these, and DRF's
        # field-by-field walk cost more than the query (bench/api.py). The declared fields
        # still make the schema, and tests/api hold the two to the same output.
        article, source = claim.article, claim.source
        return {
            "id": claim.id,
            "article": {
                "id": article.id,
                "title": article.title,
                "url": article.url,
                "publisher": article.publisher,
                "published": article.published and article.published.isoformat(),
            },
            "text": claim.text,
            "start": claim.start,
            "end": claim.end,
            "attribution": claim.attribution,
            "source": source and {"id": source.id, "name": source.name, "kind": source.kind},
            "mention": claim.mention,
            "cue": claim.cue,
            "channel": claim.channel,
            "quote": claim.quote,
            "checkworthiness": claim.checkworthiness,
            "confidence": claim.confidence,
            "stale": claim.stale,
            "origin": claim.origin,
            "dismissed": claim.dismissed,
            "status": claim.status,
            "claim_reviewed": claim.claim_reviewed,
            "review_state": claim.review_state,
            "assignee": _user_brief(claim.assignee),
            "rationale": claim.rationale,
            "evidence": self.get_evidence(claim),
            "reviewed_at": _datetime(claim.reviewed_at),
            "signed_off_by": _user_brief(claim.signed_off_by),
            "signed_off_at": _datetime(claim.signed_off_at),
            "published_version": verdict.number if (verdict := claim.published_verdict) else None,
            "version": claim.version,
            "created_at": _datetime(claim.created_at),
            "updated_at": _datetime(claim.updated_at),
        }

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, claim: Claim) -> list[dict[str, Any]]:
        return evidence_output(claim_evidence(claim), base=_origin(self.context))


def _user_brief(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.id, "username": user.username}


def _datetime(value: datetime.datetime | None) -> str | None:
    """As serializers.DateTimeField gives it: ISO 8601 in the current time zone, UTC as Z."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class VerdictSerializer(serializers.ModelSerializer):
    """One approved version of a verdict: what was (or is) public."""

    version = serializers.IntegerField(source="number")
    approved_by = UserBriefSerializer(allow_null=True)
    retracted_by = UserBriefSerializer(allow_null=True)
    url = serializers.SerializerMethodField(help_text="The fact-check's public page.")

    class Meta:
        model = Verdict
        fields = [
            "version",
            "rating",
            "claim_reviewed",
            "rationale",
            "evidence",
            "source_name",
            "source_role",
            "approved_by",
            "approved_at",
            "changed",
            "correction_note",
            "retracted_at",
            "retracted_by",
            "retraction_note",
            "url",
        ]

    def get_url(self, verdict: Verdict) -> str:
        return public_url(verdict.claim_id)


class ClaimDetailSerializer(ClaimSerializer):
    checks = CheckSerializer(many=True)
    history = ReviewEventSerializer(many=True)
    missing = serializers.SerializerMethodField(
        help_text="What the draft needs before an editor can sign it off."
    )
    published = VerdictSerializer(source="published_verdict", allow_null=True, read_only=True)
    versions = VerdictSerializer(source="verdicts", many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields,
            "missing",
            "published",
            "versions",
            "checks",
            "history",
        ]

    def get_missing(self, claim: Claim) -> list[str]:
        return draft_missing(claim)

    def to_representation(self, claim: Claim) -> dict[str, Any]:
        # One claim: DRF's own walk over every declared field, the reference the list matches.
        return dict(serializers.ModelSerializer.to_representation(self, claim))


class TrackRecordSerializer(serializers.Serializer):
    claims = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    published = serializers.DictField(child=serializers.IntegerField())


class SourceSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "kind",
            "role",
            "affiliation",
            "reliability",
            "confirmed",
            "merged_into",
            "claim_count",
        ]


class SourceDetailSerializer(SourceSerializer):
    aliases = serializers.SlugRelatedField[SourceAlias](
        slug_field="name", many=True, read_only=True
    )
    track_record = serializers.SerializerMethodField()

    class Meta(SourceSerializer.Meta):
        fields = [
            *SourceSerializer.Meta.fields,
            "description",
            "reliability_notes",
            "aliases",
            "track_record",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(TrackRecordSerializer)
    def get_track_record(self, source: Source) -> TrackRecord:
        return source_track_record(source)


class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    owner = UserBriefSerializer(allow_null=True)

    class Meta:
        model = WebhookSubscription
        fields = ["id", "url", "events", "active", "owner", "created_at", "updated_at"]


class WebhookSubscriptionCreatedSerializer(WebhookSubscriptionSerializer):
    """The secret is shown once, in the answer to the request that made it."""

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "payload",
            "status",
            "attempts",
            "response_status",
            "response_excerpt",
            "error",
            "created_at",
            "last_attempt_at",
            "delivered_at",
        ]


class ChecksQueuedSerializer(serializers.Serializer):
    claims = serializers.ListField(child=serializers.IntegerField())
    checks = serializers.ListField(child=serializers.IntegerField())
