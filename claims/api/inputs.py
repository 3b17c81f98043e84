"""What the API accepts: each input serializer validates a request for a service.

Every one refuses fields it does not know, so a typo is an error, not a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import serializers

from claims.api.fields import (
    IdField,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    WebURLField,
)
from claims.models import (
    Claim,
    Source,
    WebhookSubscription,
)
from claims.services.corrections import CHANNEL_MAX_CHARS, CUE_MAX_CHARS, MENTION_MAX_CHARS
from claims.services.review import (
    CLAIM_REVIEWED_MAX_CHARS,
    COMMENT_MAX_CHARS,
    EVIDENCE_MAX_LINKS,
    LINK_MAX_CHARS,
    RATIONALE_MAX_CHARS,
)


class InputSerializer(serializers.Serializer):
    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in writable)
            if unknown:
                raise serializers.ValidationError({key: ["Unknown field."] for key in unknown})
        return super().to_internal_value(data)


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
