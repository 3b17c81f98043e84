"""Corrections: people fix what extraction got wrong, and the registry learns within bounds.

A reviewer adds a claim extraction missed, moves a claim's start or end, splits one claim
in two, merges two adjacent claims of one source, dismisses what is no claim at all (and
restores it), and corrects who said it: the registry entry, the mention, cue, channel and
quote kind. Each change is a row in the claim's history and names the version the
reviewer read. Claims a person touched are theirs: re-extraction leaves them alone
(claims.services.extraction.claims_store).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from claims.errors import NotFoundError, ServiceError
from claims.models import Article, Claim, ReviewEvent, Source
from claims.services.checks import checks_queue
from claims.services.review import UNSET, claim_locked_at_version, claim_update, draft_changed
from claims.services.sources import source_follow_merges, source_learn_mention, source_resolve

# The longest claim a person may mark: a few paragraphs, not a whole article.
CLAIM_MAX_CHARS = 5_000
CUE_MAX_CHARS = 100
CHANNEL_MAX_CHARS = 200
MENTION_MAX_CHARS = 500


def _checked_span(body: str, start: int, end: int) -> tuple[int, int]:
    """`start`..`end` as a claim's span of `body`, with white space trimmed off its ends;
    an error a person can act on when it is not one."""
    if not (isinstance(start, int) and isinstance(end, int)):
        raise ServiceError("Give the start and end as character offsets.", code="bad_span")
    if start < 0 or end > len(body) or start >= end:
        raise ServiceError(
            f"A claim runs from a start to a later end within the article's "
            f"{len(body):,} characters; {start}..{end} does not.",
            code="bad_span",
        )
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise ServiceError("That span holds no text.", code="empty_span")
    if end - start > CLAIM_MAX_CHARS:
        raise ServiceError(
            f"A claim is at most {CLAIM_MAX_CHARS:,} characters; this span has {end - start:,}.",
            code="bad_span",
        )
    return start, end


def _check_attribution_values(values: dict[str, Any]) -> None:
    limits = {"mention": MENTION_MAX_CHARS, "cue": CUE_MAX_CHARS, "channel": CHANNEL_MAX_CHARS}
    for field, limit in limits.items():
        value = values.get(field)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            raise ServiceError(f"The {field} is at most {limit} characters.", code="too_long")
    quote = values.get("quote")
    if quote is not None and quote not in Claim.Quote.values:
        raise ServiceError(f"Unknown quote kind {quote!r}.", code="invalid_quote")


def _event(
    claim: Claim, actor: User | None, field: str, old: str, new: str, comment: str = ""
) -> ReviewEvent:
    return ReviewEvent(
        claim=claim,
        actor=actor,
        field=field,
        old_value=old,
        new_value=new,
        comment=comment,
    )


def _span_label(claim: Claim) -> str:
    return f"{claim.start}-{claim.end}"


def _resolve_source(*, source_id: int | None, new_name: str, kind: str, role: str) -> Source | None:
    if source_id is not None:
        source = Source.objects.filter(pk=source_id).first()
        if source is None:
            raise ServiceError("That source is not in the registry.", code="invalid_source")
        return source_follow_merges(source)
    if new_name.strip():
        if kind not in Source.Kind.values:
            raise ServiceError(f"Unknown source kind {kind!r}.", code="invalid_kind")
        return source_resolve(name=new_name, kind=kind, role=role)
    return None


def claim_add(
    *,
    article_id: int,
    actor: User | None,
    start: int,
    end: int,
    source_id: int | None = None,
    source_name: str = "",
    kind: str = Source.Kind.PERSON,
    role: str = "",
    mention: str = "",
    cue: str = "",
    channel: str = "",
    quote: str = Claim.Quote.NONE,
    publisher: bool = False,
) -> Claim:
    """A claim extraction missed: exactly the article's characters from `start` to `end`
    (white space at either end left out), said by a registry source, a described source
    (`mention` only), or the publisher."""
    _check_attribution_values({"mention": mention, "cue": cue, "channel": channel, "quote": quote})
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            raise NotFoundError(f"No article with id {article_id}.")
        start, end = _checked_span(article.body, start, end)
        source = _resolve_source(source_id=source_id, new_name=source_name, kind=kind, role=role)
        if publisher:
            attribution = Claim.Attribution.PUBLISHER
            if source is None and article.publisher.strip():
                source = source_resolve(name=article.publisher, kind=Source.Kind.PUBLISHER)
        elif source is not None or mention.strip():
            attribution = Claim.Attribution.NAMED
        else:
            attribution = Claim.Attribution.UNATTRIBUTED
        claim = Claim.objects.create(
            article=article,
            text=article.body[start:end],
            start=start,
            end=end,
            sentence_start=start,
            sentence_end=end,
            origin=Claim.Origin.PERSON,
            edited_by_person=True,
            attribution=attribution,
            source=source,
            mention=(mention or (source.name if source else ""))[:MENTION_MAX_CHARS],
            cue=cue,
            channel=channel,
            quote=quote,
            # A person judged it worth a claim; the machine's score would be a guess.
            checkworthiness=0.5,
            confidence=1.0,
        )
        if source is not None and mention.strip():
            source_learn_mention(source=source, mention=mention, article=article)
        _event(claim, actor, ReviewEvent.Field.CREATED, "", _span_label(claim)).save()
        checks_queue(claims=[claim])
    return claim


def claim_span_move(
    *, claim_id: int, actor: User | None, expected_version: int, start: int, end: int
) -> Claim:
    """Move the claim's start or end: its text becomes exactly the new span's."""
    with transaction.atomic():
        claim = claim_locked_at_version(claim_id, expected_version)
        body = Article.objects.values_list("body", flat=True).get(pk=claim.article_id)
        start, end = _checked_span(body, start, end)
        if (start, end) == (claim.start, claim.end):
            return claim
        old = _span_label(claim)
        claim.start, claim.end, claim.text = start, end, body[start:end]
        claim.facts = {}  # of the old text: the checks' queuing finds them again
        claim.sentence_start = min(claim.sentence_start, start)
        claim.sentence_end = max(claim.sentence_end, end)
        claim.edited_by_person = True
        draft_changed(claim, actor=actor)
        claim.version += 1
        claim.save()
        _event(claim, actor, ReviewEvent.Field.SPAN, old, _span_label(claim)).save()
        checks_queue(claims=[claim])
    return claim


def claim_split(
    *, claim_id: int, actor: User | None, expected_version: int, at: int
) -> tuple[Claim, Claim]:
    """Cut a claim in two at the article offset `at`: the first part keeps the claim, its
    review and history; the second is a new claim of the same source."""
    with transaction.atomic():
        claim = claim_locked_at_version(claim_id, expected_version)
        body = Article.objects.values_list("body", flat=True).get(pk=claim.article_id)
        if not claim.start < at < claim.end:
            raise ServiceError(
                f"Split inside the claim: between {claim.start} and {claim.end}.",
                code="bad_split",
            )
        first = _checked_span(body, claim.start, at)
        second = _checked_span(body, at, claim.end)
        old = _span_label(claim)
        claim.start, claim.end = first
        claim.text = body[claim.start : claim.end]
        claim.facts = {}  # of the old text: the checks' queuing finds them again
        claim.edited_by_person = True
        draft_changed(claim, actor=actor)
        claim.version += 1
        claim.save()
        rest = Claim.objects.create(
            article_id=claim.article_id,
            text=body[second[0] : second[1]],
            start=second[0],
            end=second[1],
            sentence_start=claim.sentence_start,
            sentence_end=claim.sentence_end,
            origin=Claim.Origin.PERSON,
            edited_by_person=True,
            attribution=claim.attribution,
            source=claim.source,
            mention=claim.mention,
            mention_start=claim.mention_start,
            mention_end=claim.mention_end,
            cue=claim.cue,
            channel=claim.channel,
            quote=claim.quote,
            checkworthiness=claim.checkworthiness,
            confidence=claim.confidence,
        )
        split_note = f"split at {at}: {_span_label(claim)} and #{rest.pk} {_span_label(rest)}"
        ReviewEvent.objects.bulk_create(
            [
                _event(claim, actor, ReviewEvent.Field.SPLIT, old, split_note),
                _event(rest, actor, ReviewEvent.Field.SPLIT, f"#{claim.pk} {old}", split_note),
            ]
        )
        checks_queue(claims=[claim, rest])
    return claim, rest


def claim_merge(
    *,
    claim_id: int,
    other_id: int,
    actor: User | None,
    expected_version: int,
    other_version: int,
) -> Claim:
    """Join two adjacent claims of one source into the first of them; the other is
    dismissed as merged, so re-extraction does not bring it back."""
    if claim_id == other_id:
        raise ServiceError("Merge a claim with another one.", code="bad_merge")
    with transaction.atomic():
        # Lock in id order, so two merges of the same pair cannot deadlock.
        for pk, version in sorted([(claim_id, expected_version), (other_id, other_version)]):
            claim_locked_at_version(pk, version)
        claim = Claim.objects.select_related("source").get(pk=claim_id)
        other = Claim.objects.get(pk=other_id)
        if other.article_id != claim.article_id:
            raise ServiceError("Only claims of one article merge.", code="bad_merge")
        if (claim.source_id, claim.attribution) != (other.source_id, other.attribution) or (
            claim.source_id is None and claim.mention.lower() != other.mention.lower()
        ):
            raise ServiceError("Only claims of one source merge.", code="bad_merge")
        if other.published_verdict_id is not None:
            raise ServiceError(
                "The other claim has a published verdict: retract it first.", code="bad_merge"
            )
        start, end = min(claim.start, other.start), max(claim.end, other.end)
        between = (
            Claim.objects.filter(article_id=claim.article_id, dismissed=False, stale=False)
            .exclude(pk__in=[claim.pk, other.pk])
            .filter(start__lt=end, end__gt=start)
        )
        if between.exists():
            raise ServiceError(
                "Only adjacent claims merge: another lies between.", code="bad_merge"
            )
        body = Article.objects.values_list("body", flat=True).get(pk=claim.article_id)
        old = _span_label(claim)
        claim.start, claim.end, claim.text = start, end, body[start:end]
        claim.facts = {}  # of the old text: the checks' queuing finds them again
        claim.edited_by_person = True
        draft_changed(claim, actor=actor)
        claim.version += 1
        claim.save()
        other.dismissed = True
        other.dismissal_reason = f"merged into #{claim.pk}"
        other.edited_by_person = True
        other.version += 1
        other.save()
        note = f"#{other.pk} merged into #{claim.pk}: {_span_label(claim)}"
        ReviewEvent.objects.bulk_create(
            [
                _event(claim, actor, ReviewEvent.Field.MERGE, old, note),
                _event(other, actor, ReviewEvent.Field.MERGE, _span_label(other), note),
            ]
        )
        checks_queue(claims=[claim])
    return claim


def claim_dismiss(
    *,
    claim_id: int,
    actor: User | None,
    expected_version: int,
    dismissed: bool = True,
    reason: str = "",
) -> Claim:
    """Mark a claim "not a claim" (a caption, a heading, a fragment), or restore it."""
    with transaction.atomic():
        claim = claim_locked_at_version(claim_id, expected_version)
        if claim.dismissed == dismissed:
            return claim
        if dismissed and claim.published_verdict_id is not None:
            raise ServiceError(
                "This claim has a published verdict: retract it before dismissing the claim.",
                code="published",
            )
        claim.dismissed = dismissed
        claim.dismissal_reason = (reason.strip() or "not a claim")[:200] if dismissed else ""
        claim.edited_by_person = True
        claim.version += 1
        claim.save()
        old, new = ("kept", "dismissed") if dismissed else ("dismissed", "restored")
        _event(claim, actor, ReviewEvent.Field.DISMISSAL, old, new, reason).save()
    return claim


def claim_source_correct(
    *,
    claim_id: int,
    actor: User | None,
    expected_version: int,
    source_id: int | None = None,
    new_name: str = "",
    kind: str = Source.Kind.UNKNOWN,
    role: str = "",
    mention: str = UNSET,
    cue: str = UNSET,
    channel: str = UNSET,
    quote: str = UNSET,
    comment: str = "",
) -> Claim:
    """Correct who said it: point the claim at a registry entry (or a new one named
    `new_name`), and fix its mention, cue, channel and quote kind. The corrected mention
    teaches the registry: a name becomes an alias everywhere, a description ("the
    minister") only within this article."""
    changes = {
        name: value
        for name, value in (
            ("mention", mention),
            ("cue", cue),
            ("channel", channel),
            ("quote", quote),
        )
        if value is not UNSET
    }
    _check_attribution_values(changes)
    if source_id is None and not new_name.strip() and not changes:
        raise ServiceError(
            "Pick a source, name a new one, or fix the mention.", code="invalid_source"
        )
    with transaction.atomic():
        claim = claim_locked_at_version(claim_id, expected_version)
        source = _resolve_source(source_id=source_id, new_name=new_name, kind=kind, role=role)
        events: list[ReviewEvent] = []
        if source is not None and claim.source_id != source.pk:
            old_name = claim.source.name if claim.source else ""
            claim.source = source
            claim.attribution = (
                Claim.Attribution.PUBLISHER
                if source.kind == Source.Kind.PUBLISHER
                else Claim.Attribution.NAMED
            )
            events.append(
                _event(claim, actor, ReviewEvent.Field.SOURCE, old_name, source.name, comment)
            )
        for field, value in changes.items():
            value = value.strip()
            if getattr(claim, field) != value:
                events.append(_event(claim, actor, field, getattr(claim, field), value, comment))
                setattr(claim, field, value)
        if not events:
            return claim
        claim.edited_by_person = True
        if any(e.field == ReviewEvent.Field.SOURCE for e in events):
            draft_changed(claim, actor=actor)
        claim.version += 1
        claim.save()
        ReviewEvent.objects.bulk_create(events)
        if claim.source is not None and claim.mention.strip():
            source_learn_mention(source=claim.source, mention=claim.mention, article=claim.article)
    return claim


# The fields of a claim one edit may change, by the service that owns each.
REVIEW_FIELDS = ("status", "rationale", "evidence", "claim_reviewed", "assignee")
ATTRIBUTION_FIELDS = ("mention", "cue", "channel", "quote")


def claim_edit(
    *, claim_id: int, actor: User | None, expected_version: int, **changes: Any
) -> Claim:
    """One request's changes to a claim, all or none: its review (claims.services.review),
    its span, its attribution and whether it is dismissed, each through its own service,
    the version moving on with each."""
    unknown = set(changes) - {
        *REVIEW_FIELDS,
        *ATTRIBUTION_FIELDS,
        "comment",
        "start",
        "end",
        "dismissed",
        "dismissal_reason",
    }
    if unknown:
        raise ServiceError(f"Unknown claim fields: {', '.join(sorted(unknown))}.")
    comment = changes.pop("comment", "")
    with transaction.atomic():
        claim = claim_locked_at_version(claim_id, expected_version)
        review = {k: changes[k] for k in REVIEW_FIELDS if k in changes}
        if review:
            claim = claim_update(
                claim_id=claim_id,
                actor=actor,
                expected_version=claim.version,
                comment=comment,
                **review,
            )
        if "start" in changes or "end" in changes:
            claim = claim_span_move(
                claim_id=claim_id,
                actor=actor,
                expected_version=claim.version,
                start=changes.get("start", claim.start),
                end=changes.get("end", claim.end),
            )
        attribution = {k: changes[k] for k in ATTRIBUTION_FIELDS if k in changes}
        if attribution:
            claim = claim_source_correct(
                claim_id=claim_id,
                actor=actor,
                expected_version=claim.version,
                comment=comment,
                **attribution,
            )
        if "dismissed" in changes:
            claim = claim_dismiss(
                claim_id=claim_id,
                actor=actor,
                expected_version=claim.version,
                dismissed=bool(changes["dismissed"]),
                reason=changes.get("dismissal_reason", ""),
            )
    return claim
