from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history import register as register_history


class Article(models.Model):
    class Status(models.TextChoices):
        FETCHING = "fetching", "Fetching"
        QUEUED = "queued", "Queued"
        EXTRACTING = "extracting", "Extracting"
        VERIFYING = "verifying", "Verifying"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    title = models.CharField(max_length=500, blank=True)
    body = models.TextField(help_text="The text exactly as submitted; claim offsets index it.")
    url = models.URLField(max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_articles",
    )
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    # What a reader of the article should know about how it was processed (a bound on
    # claims or checks that applied).
    notice = models.TextField(blank=True)
    # The Celery task that is fetching or extracting the article: its retry may take over
    # the work, a second task may not (a redelivery or a sweep's re-queue leaves it alone).
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    extracted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "updated_at"]),
            # Corroboration looks for other reports published near a claim's article.
            models.Index(fields=["published"]),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"


class Source(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        GOVERNMENT = "government", "Government"
        MEDIA = "media", "Media"
        PUBLISHER = "publisher", "Publisher"
        UNKNOWN = "unknown", "Unknown"

    class Reliability(models.TextChoices):
        UNRATED = "unrated", "Unrated"
        CREDIBLE = "credible", "Credible"
        MIXED = "mixed", "Mixed"
        NOT_CREDIBLE = "not_credible", "Not credible"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.UNKNOWN)
    role = models.CharField(max_length=300, blank=True, help_text="Role or title.")
    affiliation = models.CharField(max_length=300, blank=True, help_text="Affiliation or country.")
    description = models.TextField(blank=True)
    reliability = models.CharField(
        max_length=16, choices=Reliability.choices, default=Reliability.UNRATED
    )
    reliability_notes = models.TextField(blank=True)
    # Sources that extraction creates wait for an admin to confirm, merge or rename them.
    confirmed = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_sources"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class SourceAlias(models.Model):
    class Origin(models.TextChoices):
        EXTRACTION = "extraction", "Extraction"
        CORRECTION = "correction", "A reviewer's correction"
        ADMIN = "admin", "Admin"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, editable=False)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.EXTRACTION)
    # A description ("the minister") names someone only within one article: its alias
    # holds there and nowhere else. A name's alias has no article and holds everywhere.
    article = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.CASCADE, related_name="aliases"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "source aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["normalized"],
                condition=Q(article__isnull=True),
                name="alias_unique_everywhere",
            ),
            models.UniqueConstraint(
                fields=["normalized", "article"],
                condition=Q(article__isnull=False),
                name="alias_unique_in_its_article",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Claim(models.Model):
    class Attribution(models.TextChoices):
        NAMED = "named", "Named source"
        PUBLISHER = "publisher", "Publisher's own assertion"
        UNATTRIBUTED = "unattributed", "Unattributed"

    class Quote(models.TextChoices):
        DIRECT = "direct", "Direct"
        INDIRECT = "indirect", "Indirect"
        MIXED = "mixed", "Mixed"
        NONE = "none", "None"

    class Status(models.TextChoices):
        """The rating reviewers give; the last five are verdicts."""

        UNREVIEWED = "unreviewed", "Unreviewed"
        IN_PROGRESS = "in_progress", "In progress"
        ACCURATE = "accurate", "Accurate"
        MISLEADING = "misleading", "Misleading"
        FALSE = "false", "False"
        UNVERIFIABLE = "unverifiable", "Unverifiable"
        NOT_CHECKABLE = "not_checkable", "Not checkable"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    # Identifies a machine-made claim across re-extractions of the same article.
    extraction_key = models.CharField(max_length=64, blank=True)
    stale = models.BooleanField(
        default=False, help_text="No longer produced by extraction; kept for its review."
    )

    class Origin(models.TextChoices):
        MACHINE = "machine", "Extraction"
        PERSON = "person", "Added by a reviewer"

    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.MACHINE)
    # A person moved, split, merged or re-attributed it: re-extraction leaves it alone.
    edited_by_person = models.BooleanField(default=False)
    # "Not a claim" (or merged into another): out of the queue, kept so that
    # re-extraction never brings it back; a reviewer can restore it.
    dismissed = models.BooleanField(default=False)
    dismissal_reason = models.CharField(max_length=200, blank=True)

    attribution = models.CharField(
        max_length=16, choices=Attribution.choices, default=Attribution.PUBLISHER
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    mention = models.CharField(max_length=500, blank=True)
    mention_start = models.PositiveIntegerField(null=True, blank=True)
    mention_end = models.PositiveIntegerField(null=True, blank=True)
    cue = models.CharField(max_length=100, blank=True)
    channel = models.CharField(max_length=200, blank=True)
    quote = models.CharField(max_length=16, choices=Quote.choices, default=Quote.NONE)
    checkworthiness = models.FloatField(default=0.0)
    confidence = models.FloatField(default=0.0)
    # Places, figures, dates and content words, from the extraction's parse
    # (claims.checks.facts): the checks read these instead of parsing the text again.
    facts = models.JSONField(default=dict, blank=True)

    class ReviewState(models.TextChoices):
        """Where the draft verdict stands; kept by claims.services.publishing."""

        IN_PROGRESS = "in_progress", "In progress"
        AWAITING_SIGNOFF = "awaiting_signoff", "Awaiting sign-off"
        SENT_BACK = "sent_back", "Sent back"
        PUBLISHED = "published", "Published"  # the draft is the public version

    # The draft verdict: what reviewers edit. The public sees `published_verdict` only.
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.UNREVIEWED)
    claim_reviewed = models.TextField(
        blank=True, help_text="The claim as checked: a reviewer's checkable wording of it."
    )
    review_state = models.CharField(
        max_length=20, choices=ReviewState.choices, default=ReviewState.IN_PROGRESS
    )
    # Who changed the draft's content since it was last approved: none of them may approve it.
    draft_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="drafted_claims"
    )
    published_verdict = models.OneToOneField(
        "Verdict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        db_index=False,  # the (assignee, status) index below leads with it
    )
    rationale = models.TextField(blank=True)
    evidence = models.JSONField(default=list, blank=True, help_text="A list of evidence URLs.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_claims",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signed_off_claims",
    )
    # Set when the draft as it stands is the approved, published version.
    signed_off_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article_id", "start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "extraction_key"],
                condition=~Q(extraction_key=""),
                name="claim_unique_extraction_key_per_article",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-checkworthiness"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["review_state", "-checkworthiness"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def has_review_work(self) -> bool:
        return (
            self.status != self.Status.UNREVIEWED
            or bool(self.rationale)
            or bool(self.evidence)
            or self.assignee_id is not None
        )


# The statuses that are a reviewer's verdict (as against work not done or under way).
VERDICT_STATUSES = frozenset(
    {
        Claim.Status.ACCURATE,
        Claim.Status.MISLEADING,
        Claim.Status.FALSE,
        Claim.Status.UNVERIFIABLE,
        Claim.Status.NOT_CHECKABLE,
    }
)


class Verdict(models.Model):
    """One approved version of a claim's verdict, exactly as an editor approved it.

    Never edited: a correction is a new version, and a retraction marks the version that
    was public. Claim.published_verdict points at the one the public sees.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    number = models.PositiveIntegerField(help_text="1 for the first publication, then 2, 3...")
    rating = models.CharField(max_length=16, choices=Claim.Status.choices)
    claim_reviewed = models.TextField()
    # The span as it stood when approved: the public page marks this passage even if a
    # reviewer moves the claim later.
    claim_text = models.TextField(blank=True)
    claim_start = models.PositiveIntegerField(null=True, blank=True)
    claim_end = models.PositiveIntegerField(null=True, blank=True)
    rationale = models.TextField()
    evidence = models.JSONField(default=list, blank=True)
    # The source as attributed when approved: a later rename or merge does not rewrite it.
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="verdicts"
    )
    source_name = models.CharField(max_length=300, blank=True)
    source_role = models.CharField(max_length=300, blank=True)
    source_kind = models.CharField(max_length=16, blank=True)
    draft_version = models.PositiveIntegerField(help_text="The claim version approved.")
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="authored_verdicts"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="approved_verdicts",
    )
    approved_at = models.DateTimeField()
    # For a correction (number > 1): what changed since the version before, and why.
    changed = models.JSONField(default=list, blank=True)
    correction_note = models.TextField(blank=True)
    retracted_at = models.DateTimeField(null=True, blank=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="retracted_verdicts",
    )
    retraction_note = models.TextField(blank=True)

    class Meta:
        ordering = ["claim_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="verdict_one_number_per_claim")
        ]
        indexes = [models.Index(fields=["-approved_at"])]

    def __str__(self) -> str:
        return f"Verdict {self.number} on claim {self.claim_id}: {self.rating}"


class EvidenceCapture(models.Model):
    """One evidence link of a claim, captured: the bytes as served, hashed and dated.

    Keyed by claim and URL: Claim.evidence and Verdict.evidence stay lists of URLs, and a
    link cited again keeps its first capture. The WARC file at `warc_path` (under
    settings.EVIDENCE_DIR) holds what was served; `sha256` is of the final response's body.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CAPTURING = "capturing", "Capturing"
        RETRYING = "retrying", "Failed, will try again"
        CAPTURED = "captured", "Captured"
        FAILED = "failed", "Failed"

    class ArchiveStatus(models.TextChoices):
        NONE = "", "Not sent"
        PENDING = "pending", "To be sent"
        SUBMITTED = "submitted", "Sent, awaiting the archive"
        ARCHIVED = "archived", "Archived"
        FAILED = "failed", "Failed"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="captures")
    url = models.TextField(help_text="The link as the reviewer gave it.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the last attempt failed.")
    final_url = models.TextField(blank=True)
    http_status = models.PositiveIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    headers = models.JSONField(default=dict, blank=True, help_text="The headers that matter.")
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    captured_at = models.DateTimeField(null=True, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True, help_text="The page's main text.")
    warc_path = models.CharField(max_length=500, blank=True, help_text="Under EVIDENCE_DIR.")
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The Internet Archive's copy (Save Page Now), when EVIDENCE_ARCHIVE_ORG is on.
    archive_status = models.CharField(
        max_length=16, choices=ArchiveStatus.choices, default=ArchiveStatus.NONE, blank=True
    )
    archive_job = models.CharField(max_length=200, blank=True)
    archive_url = models.TextField(blank=True)
    archive_error = models.TextField(blank=True)
    archive_attempts = models.PositiveIntegerField(default=0)
    archive_next_at = models.DateTimeField(null=True, blank=True)
    # When this capture took its turn at the archive (paces submissions from every worker).
    archive_submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["claim_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "url"], name="capture_one_per_claim_and_url")
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"]),
            models.Index(fields=["archive_status", "archive_next_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.url} for claim {self.claim_id}: {self.status}"


class Check(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    # Indexed by the (claim, kind) constraint, which leads with the claim: a second index
    # on the claim alone would only cost every insert of the thousands of checks a long
    # article gets.
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="checks", db_index=False
    )
    kind = models.CharField(max_length=32)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    result = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # The Celery task running the check (see Article.task_id).
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["claim_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "kind"], name="check_one_per_claim_and_kind")
        ]
        indexes = [
            # The sweep's "queued or running for too long" and the admin's failed checks:
            # most checks are done as they are stored, and no insert of one touches this.
            models.Index(
                fields=["state", "queued_at"],
                condition=~Q(state="done"),
                name="check_not_done_by_age",
            ),
            # "Does this article still wait for a check?", asked as each batch finishes:
            # the few pending rows, not every check ever run.
            models.Index(
                fields=["claim"],
                condition=Q(state__in=["queued", "running"]),
                name="check_pending_by_claim",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for claim {self.claim_id}: {self.state}"


class ReviewEvent(models.Model):
    """One change to a claim's review: append-only, never edited or deleted by the app."""

    class Field(models.TextChoices):
        STATUS = "status", "Status"
        ASSIGNEE = "assignee", "Assignee"
        RATIONALE = "rationale", "Rationale"
        EVIDENCE = "evidence", "Evidence"
        SOURCE = "source", "Source"
        MENTION = "mention", "Mention"
        CUE = "cue", "Cue"
        CHANNEL = "channel", "Channel"
        QUOTE = "quote", "Quote kind"
        SPAN = "span", "Span"
        CREATED = "created", "Added by a reviewer"
        SPLIT = "split", "Split"
        MERGE = "merge", "Merged"
        DISMISSAL = "dismissal", "Dismissed or restored"
        CLAIM_REVIEWED = "claim_reviewed", "Claim as checked"
        SIGNOFF = "signoff", "Sign-off"
        RETRACTION = "retraction", "Retraction"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_events",
    )
    field = models.CharField(max_length=16, choices=Field.choices)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value!r} -> {self.new_value!r}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Review history is append-only")
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """A key for the API. Only a SHA-256 of the key is stored: it is shown once, at issue."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    # The key's first characters, so a person can tell their tokens apart in the admin.
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(default=False, help_text="Only reads (GET, HEAD, OPTIONS).")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["user_id", "-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or self.user})"


class WebhookSubscription(models.Model):
    class Event(models.TextChoices):
        ARTICLE_READY = "article.ready", "Article ready"
        CLAIM_STATUS_CHANGED = "claim.status_changed", "Claim status changed"
        CLAIM_PUBLISHED = "claim.published", "Claim published"
        CLAIM_CORRECTED = "claim.corrected", "Published verdict corrected"
        CLAIM_RETRACTED = "claim.retracted", "Published verdict retracted"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webhook_subscriptions",
    )
    url = models.URLField(max_length=2000)
    secret = models.CharField(max_length=128, help_text="Key of the HMAC-SHA256 signature.")
    events = models.JSONField(default=list, help_text="Names of the events to send.")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=64)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # Before this time no other attempt starts: one is under way, or a retry is scheduled.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["subscription", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk} to {self.subscription_id}: {self.status}"


# Audit of the source registry: every save of a source or alias records who changed what,
# and when (django-simple-history). Registered rather than declared on the models; the
# manager is `audit` because `Claim.history` already names a claim's review events.
register_history(Source, manager_name="audit", app="claims")
register_history(SourceAlias, manager_name="audit", app="claims")
