"""Input serializers validate a request for a service; output serializers shape a response.

Every input serializer refuses fields it does not know, so a typo is an error, not a no-op.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.fields import (
    IdField,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    WebURLField,
)
from claims.models import (
    Article,
    Check,
    Claim,
    ReviewEvent,
    Source,
    SourceAlias,
    Verdict,
    WebhookDelivery,
    WebhookSubscription,
)
from claims.selectors.publishing import public_url
from claims.selectors.sources import TrackRecord, source_track_record
from claims.services.corrections import CHANNEL_MAX_CHARS, CUE_MAX_CHARS, MENTION_MAX_CHARS
from claims.services.review import (
    CLAIM_REVIEWED_MAX_CHARS,
    COMMENT_MAX_CHARS,
    EVIDENCE_MAX_LINKS,
    LINK_MAX_CHARS,
    RATIONALE_MAX_CHARS,
    draft_missing,
)


class InputSerializer(serializers.Serializer):
    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in writable)
            if unknown:
                raise serializers.ValidationError({key: ["Unknown field."] for key in unknown})
        return super().to_internal_value(data)


# Input


class ArticleCreateInput(InputSerializer):
    body = StrictCharField(
        required=False, trim_whitespace=False, allow_blank=True, help_text="The article's text."
    )
    url = WebURLField(
        required=False,
        allow_blank=True,
        help_text="The article's address; without `body`, the page is fetched and its main "
        "text, title, date and publisher kept.",
    )
    title = StrictCharField(required=False, allow_blank=True, max_length=500)
    publisher = StrictCharField(required=False, allow_blank=True, max_length=200)
    published = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("body") and not attrs.get("url"):
            raise serializers.ValidationError(
                {"body": ["Send the article's text as `body`, or its address as `url`."]}
            )
        return attrs


class ClaimUpdateInput(InputSerializer):
    version = IdField(required=False, help_text="The version you read; or send If-Match.")
    status = StrictChoiceField(choices=Claim.Status.choices, required=False)
    rationale = StrictCharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=RATIONALE_MAX_CHARS
    )
    evidence = serializers.ListField(
        child=WebURLField(max_length=LINK_MAX_CHARS), required=False, max_length=EVIDENCE_MAX_LINKS
    )
    claim_reviewed = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=CLAIM_REVIEWED_MAX_CHARS,
        help_text="The claim as checked: the checkable wording published with the verdict.",
    )
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        allow_null=True,
        pk_field=IdField(),
    )
    comment = StrictCharField(required=False, allow_blank=True, max_length=COMMENT_MAX_CHARS)
    start = serializers.IntegerField(
        required=False, min_value=0, help_text="Move the claim's start (an article offset)."
    )
    end = serializers.IntegerField(
        required=False, min_value=0, help_text="Move the claim's end (an article offset)."
    )
    mention = StrictCharField(required=False, allow_blank=True, max_length=MENTION_MAX_CHARS)
    cue = StrictCharField(required=False, allow_blank=True, max_length=CUE_MAX_CHARS)
    channel = StrictCharField(required=False, allow_blank=True, max_length=CHANNEL_MAX_CHARS)
    quote = StrictChoiceField(choices=Claim.Quote.choices, required=False)
    dismissed = StrictBooleanField(
        required=False, help_text="true: not a claim (out of the queue, kept); false: restored."
    )
    dismissal_reason = StrictCharField(required=False, allow_blank=True, max_length=200)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not set(attrs) - {"version", "comment", "dismissal_reason"}:
            raise serializers.ValidationError(
                "Send at least one of status, claim_reviewed, rationale, evidence, assignee, "
                "start, end, mention, cue, channel, quote, dismissed."
            )
        return attrs


class SourceRefInput(InputSerializer):
    id = IdField(required=False, help_text="A registry entry, or:")
    name = StrictCharField(required=False, max_length=300, help_text="a name (found or added)")
    kind = StrictChoiceField(choices=Source.Kind.choices, required=False)
    role = StrictCharField(required=False, allow_blank=True, max_length=300)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("id" in attrs) == bool(attrs.get("name", "").strip()):
            raise serializers.ValidationError("Give the source's `id` or its `name`.")
        return attrs


class ClaimCreateInput(InputSerializer):
    article = IdField()
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)
    # The stubs type `source` as every Field's source attribute; here it is a field.
    source = SourceRefInput(  # type: ignore[assignment]
        required=False, allow_null=True, help_text="Who said it; null: the text alone."
    )
    mention = StrictCharField(required=False, allow_blank=True, max_length=MENTION_MAX_CHARS)
    cue = StrictCharField(required=False, allow_blank=True, max_length=CUE_MAX_CHARS)
    channel = StrictCharField(required=False, allow_blank=True, max_length=CHANNEL_MAX_CHARS)
    quote = StrictChoiceField(choices=Claim.Quote.choices, required=False)
    publisher = StrictBooleanField(required=False, help_text="The publisher's own assertion.")


class SplitInput(InputSerializer):
    version = IdField(required=False, help_text="The version you read; or send If-Match.")
    at = serializers.IntegerField(min_value=0, help_text="The article offset to cut at.")


class MergeInput(InputSerializer):
    version = IdField(required=False, help_text="The version you read; or send If-Match.")
    other = IdField(help_text="The adjacent claim of the same source to fold in.")
    other_version = IdField(help_text="The version of `other` you read.")


class SignoffInput(InputSerializer):
    version = IdField(required=False, help_text="The version you read; or send If-Match.")
    approve = StrictBooleanField(help_text="true publishes the verdict; false sends it back.")
    comment = StrictCharField(required=False, allow_blank=True, max_length=COMMENT_MAX_CHARS)


class RetractInput(InputSerializer):
    version = IdField(required=False, help_text="The version you read; or send If-Match.")
    note = StrictCharField(max_length=COMMENT_MAX_CHARS, help_text="Shown on the public page.")


class SourceInput(InputSerializer):
    name = StrictCharField(max_length=300)
    kind = StrictChoiceField(choices=Source.Kind.choices, required=False)
    role = StrictCharField(required=False, allow_blank=True, max_length=300)
    affiliation = StrictCharField(required=False, allow_blank=True, max_length=300)
    description = StrictCharField(required=False, allow_blank=True, max_length=10000)
    reliability = StrictChoiceField(choices=Source.Reliability.choices, required=False)
    reliability_notes = StrictCharField(required=False, allow_blank=True, max_length=10000)
    confirmed = StrictBooleanField(required=False)
    aliases = serializers.ListField(
        child=StrictCharField(max_length=300), required=False, max_length=50
    )


class SourceMergeInput(InputSerializer):
    others = serializers.ListField(
        child=IdField(), min_length=1, max_length=100, help_text="Sources folded into this one."
    )


class ChecksRerunInput(InputSerializer):
    claims = serializers.ListField(child=IdField(), required=False, min_length=1, max_length=500)
    article = IdField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("claims" in attrs) == ("article" in attrs):
            raise serializers.ValidationError("Send either `claims` (ids) or `article` (an id).")
        return attrs


class WebhookInput(InputSerializer):
    url = WebURLField()
    events = serializers.ListField(
        child=StrictChoiceField(choices=WebhookSubscription.Event.choices),
        min_length=1,
        max_length=len(WebhookSubscription.Event.choices),
    )
    secret = StrictCharField(
        required=False, min_length=16, max_length=128, help_text="Made for you if not sent."
    )
    active = StrictBooleanField(required=False)


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
        fields = ["id", "status", "error", "extracted_at", "progress"]

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
            "evidence": claim.evidence,
            "reviewed_at": _datetime(claim.reviewed_at),
            "signed_off_by": _user_brief(claim.signed_off_by),
            "signed_off_at": _datetime(claim.signed_off_at),
            "published_version": verdict.number if (verdict := claim.published_verdict) else None,
            "version": claim.version,
            "created_at": _datetime(claim.created_at),
            "updated_at": _datetime(claim.updated_at),
        }


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
