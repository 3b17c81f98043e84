from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict

from claims.models import Article, Claim, Source
from claims.selectors.claims import WORKFLOW_FILTERS
from claims.services.corrections import CHANNEL_MAX_CHARS, CUE_MAX_CHARS, MENTION_MAX_CHARS
from claims.services.review import (
    CLAIM_REVIEWED_MAX_CHARS,
    COMMENT_MAX_CHARS,
    EVIDENCE_MAX_LINKS,
    LINK_MAX_CHARS,
    RATIONALE_MAX_CHARS,
)

EVIDENCE_HELP = "One link a line."


class SubmitForm(forms.Form):
    """One of: pasted text, an uploaded .txt/.html file, or a URL the server fetches."""

    text = forms.CharField(
        label="Article text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "placeholder": "Paste the article here"}),
    )
    file = forms.FileField(label="Or upload a .txt or .html file", required=False)
    url = forms.URLField(
        label="Or fetch from a URL",
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    title = forms.CharField(max_length=500, required=False)
    publisher = forms.CharField(max_length=200, required=False)
    published = forms.DateField(
        label="Publication date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [
            name
            for name in ("text", "file", "url")
            if (data.get(name) or "") and (name != "text" or data["text"].strip())
        ]
        if not given and not self.errors:
            raise forms.ValidationError(
                "Paste the article text, upload a file or give a URL.", code="empty"
            )
        if len(given) > 1:
            raise forms.ValidationError("Give only one of text, file or URL.", code="ambiguous")
        upload = data.get("file")
        # Bytes, not characters: a cheap bound before the file is read at all.
        if upload is not None and upload.size > settings.ARTICLE_MAX_CHARS * 4:
            self.add_error("file", "The file is too large.")
        return data


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False)
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *Article.Status.choices]
    )
    publisher = forms.ChoiceField(required=False, choices=[("", "Any publisher")])

    def __init__(self, *args: Any, publishers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publisher"].choices = [("", "Any publisher")] + [(p, p) for p in publishers]  # type: ignore[attr-defined]  # a ChoiceField, declared above


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Claim.Status.choices)
    claim_reviewed = forms.CharField(
        label="Claim as checked",
        required=False,
        max_length=CLAIM_REVIEWED_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rationale = forms.CharField(
        required=False, max_length=RATIONALE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.CharField(
        label="Evidence links",
        required=False,
        help_text=EVIDENCE_HELP,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "https://"}),
    )

    def clean_evidence(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["evidence"].splitlines()]
        links = [link for link in links if link]
        if len(links) > EVIDENCE_MAX_LINKS:
            raise forms.ValidationError(f"Give at most {EVIDENCE_MAX_LINKS} links.")
        validate = forms.URLField(assume_scheme="https", max_length=LINK_MAX_CHARS).clean
        bad = []
        for link in links:
            try:
                validate(link)
            except forms.ValidationError:
                bad.append(link)
        if bad:
            raise forms.ValidationError(f"Not a web address: {', '.join(bad)}")
        return links


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    assignee = forms.IntegerField(required=False)


class SignoffForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("return", "Send back")])
    comment = forms.CharField(
        required=False, max_length=COMMENT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )


class RetractForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(max_length=COMMENT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2}))


class SourceCorrectForm(forms.Form):
    """Who said it: a registry entry (picked or new) and the mention, cue, channel and
    quote kind. A field left out of the post is left as it is."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    source_id = forms.IntegerField(required=False)
    new_name = forms.CharField(max_length=300, required=False)
    kind = forms.ChoiceField(choices=Source.Kind.choices, initial=Source.Kind.PERSON)
    role = forms.CharField(max_length=300, required=False)
    mention = forms.CharField(max_length=MENTION_MAX_CHARS, required=False, strip=True)
    cue = forms.CharField(max_length=CUE_MAX_CHARS, required=False, strip=True)
    channel = forms.CharField(max_length=CHANNEL_MAX_CHARS, required=False, strip=True)
    quote = forms.ChoiceField(choices=Claim.Quote.choices, required=False)

    def attribution_changes(self) -> dict[str, str]:
        """The mention, cue, channel and quote fields the post carried."""
        return {
            name: self.cleaned_data[name]
            for name in ("mention", "cue", "channel", "quote")
            if name in self.data and (name != "quote" or self.cleaned_data[name])
        }


class ClaimAddForm(forms.Form):
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=0)
    source_id = forms.IntegerField(required=False)
    new_name = forms.CharField(max_length=300, required=False)
    kind = forms.ChoiceField(choices=Source.Kind.choices, required=False)
    role = forms.CharField(max_length=300, required=False)
    mention = forms.CharField(max_length=MENTION_MAX_CHARS, required=False)
    cue = forms.CharField(max_length=CUE_MAX_CHARS, required=False)
    channel = forms.CharField(max_length=CHANNEL_MAX_CHARS, required=False)
    quote = forms.ChoiceField(choices=Claim.Quote.choices, required=False)
    publisher = forms.BooleanField(required=False)


class SpanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=0)


class SplitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    at = forms.IntegerField(min_value=0)


class MergeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    direction = forms.ChoiceField(choices=[("next", "Next"), ("previous", "Previous")])


class DismissForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    dismissed = forms.BooleanField(required=False)
    reason = forms.CharField(max_length=200, required=False)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Claim.Status.choices])
    workflow = forms.ChoiceField(
        label="Sign-off",
        required=False,
        choices=[("", "Any"), *WORKFLOW_FILTERS.items()],
    )
    source = forms.IntegerField(required=False, widget=forms.HiddenInput)
    assignee = forms.ChoiceField(
        required=False,
        choices=[("", "Anyone"), ("me", "Assigned to me"), ("none", "Unassigned")],
    )
    min_checkworthiness = forms.FloatField(
        label="Check-worthiness ≥",
        required=False,
        min_value=0,
        max_value=1,
        widget=forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"}),
    )
    article = forms.IntegerField(required=False, widget=forms.HiddenInput)


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=[("assign", "Assign"), ("status", "Set status")])
    status = forms.ChoiceField(required=False, choices=[("", "—"), *Claim.Status.choices])
    assignee = forms.IntegerField(required=False)
    claims = forms.MultipleChoiceField(choices=[], required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The choice values are "<claim id>:<version>", so each save checks what was seen.
        posted = self.data.getlist("claims") if isinstance(self.data, QueryDict) else []
        self.fields["claims"].choices = [(v, v) for v in posted]  # type: ignore[attr-defined]  # a MultipleChoiceField, declared above

    def clean_claims(self) -> dict[int, int]:
        versions = {}
        for value in self.cleaned_data["claims"]:
            try:
                claim_id, version = (int(part) for part in value.split(":"))
            except ValueError:
                raise forms.ValidationError("Bad claim selection.") from None
            versions[claim_id] = version
        return versions

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "status" and not data.get("status"):
            self.add_error("status", "Choose a status.")
        return data
