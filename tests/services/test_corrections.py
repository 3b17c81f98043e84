"""People correct the machine's claims, the corrections survive re-extraction, and the
registry learns from them only within bounds."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from claims.errors import ConflictError, ServiceError
from claims.models import Article, Claim, ReviewEvent, Source, SourceAlias
from claims.selectors.claims import claim_queue
from claims.services.corrections import (
    claim_add,
    claim_dismiss,
    claim_merge,
    claim_source_correct,
    claim_span_move,
    claim_split,
)
from claims.services.extraction import article_extract, article_reextract
from claims.services.ingest import content_hash
from claims.services.publishing import claim_signoff
from claims.services.review import claim_update
from claims.services.sources import source_lookup
from tests.factories import COMPLETE_DRAFT, ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Health Minister Ines Varga said the clinic in Dovresk had closed on Monday. "
    "The minister added that 40 nurses had left since January.\n\n"
    "Photo: Harbour Courier\n\n"
    "Varga said a new clinic would open in June."
)


def article(body: str = BODY) -> Article:
    return ArticleFactory(
        body=body, content_hash=content_hash(body), published=datetime.date(2026, 3, 10)
    )


def span(text: str, body: str = BODY) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


def test_an_added_claim_is_exactly_the_articles_characters(reviewer: Any) -> None:
    story = article()
    start, end = span("Photo: Harbour Courier")
    claim = claim_add(
        article_id=story.pk, actor=reviewer, start=start - 2, end=end + 2, mention="The minister"
    )
    assert claim.text == "Photo: Harbour Courier"  # the blank lines at each end go
    assert (claim.start, claim.end) == (start, end)
    assert claim.origin == Claim.Origin.PERSON
    assert claim.history.get().field == ReviewEvent.Field.CREATED
    assert claim.checks.exists()


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [(10, 5, "bad_span"), (0, 10_000, "bad_span"), (-1, 4, "bad_span"), (75, 76, "empty_span")],
)
def test_a_bad_span_is_refused_plainly(reviewer: Any, start: int, end: int, code: str) -> None:
    story = article()
    assert BODY[75].isspace()
    with pytest.raises(ServiceError) as refused:
        claim_add(article_id=story.pk, actor=reviewer, start=start, end=end)
    assert refused.value.code == code
    assert not Claim.objects.exists()


def test_moving_the_end_changes_the_text_and_records_it(reviewer: Any) -> None:
    story = article()
    start, end = span("The minister added that 40 nurses had left since January.")
    claim = ClaimFactory(article=story, text=BODY[start:end], start=start, end=end)
    moved = claim_span_move(
        claim_id=claim.pk, actor=reviewer, expected_version=1, start=start, end=end - 15
    )
    assert moved.text == "The minister added that 40 nurses had left"
    assert moved.edited_by_person
    event = moved.history.get(field=ReviewEvent.Field.SPAN)
    assert (event.old_value, event.new_value) == (f"{start}-{end}", f"{start}-{end - 15}")
    with pytest.raises(ConflictError):
        claim_span_move(claim_id=claim.pk, actor=reviewer, expected_version=1, start=0, end=5)


def test_a_split_keeps_the_review_on_the_first_part(reviewer: Any) -> None:
    story = article()
    start, end = span("Health Minister Ines Varga said the clinic in Dovresk had closed on Monday.")
    source = SourceFactory(name="Ines Varga")
    claim = ClaimFactory(article=story, text=BODY[start:end], start=start, end=end, source=source)
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, rationale="Checking.")
    at = BODY.index("the clinic")
    first, second = claim_split(claim_id=claim.pk, actor=reviewer, expected_version=2, at=at)
    assert first.text == "Health Minister Ines Varga said"
    assert second.text == "the clinic in Dovresk had closed on Monday."
    assert (first.rationale, second.rationale) == ("Checking.", "")
    assert second.source == source
    assert {e.field for e in ReviewEvent.objects.filter(field=ReviewEvent.Field.SPLIT)} == {"split"}
    with pytest.raises(ServiceError):
        claim_split(claim_id=first.pk, actor=reviewer, expected_version=3, at=first.end + 5)


def test_adjacent_claims_of_one_source_merge_and_the_other_is_dismissed(reviewer: Any) -> None:
    story = article()
    source = SourceFactory(name="Ines Varga")
    a_start, a_end = span("Health Minister Ines Varga said the clinic in Dovresk had closed")
    b_start, b_end = span("on Monday.")
    first = ClaimFactory(article=story, start=a_start, end=a_end, text="x", source=source)
    second = ClaimFactory(article=story, start=b_start, end=b_end, text="y", source=source)
    merged = claim_merge(
        claim_id=first.pk,
        other_id=second.pk,
        actor=reviewer,
        expected_version=1,
        other_version=1,
    )
    assert merged.text == BODY[a_start:b_end]
    second.refresh_from_db()
    assert second.dismissed
    assert second.dismissal_reason == f"merged into #{first.pk}"


def test_claims_of_two_sources_or_two_articles_do_not_merge(reviewer: Any) -> None:
    story = article()
    first = ClaimFactory(article=story, start=0, end=10, text="x", source=SourceFactory())
    other_source = ClaimFactory(article=story, start=11, end=20, text="y", source=SourceFactory())
    elsewhere = ClaimFactory(start=0, end=5, text="z", source=first.source)
    for other in (other_source, elsewhere):
        with pytest.raises(ServiceError):
            claim_merge(
                claim_id=first.pk,
                other_id=other.pk,
                actor=reviewer,
                expected_version=1,
                other_version=1,
            )


def test_a_dismissed_claim_leaves_the_queue_and_can_be_restored(reviewer: Any) -> None:
    claim = ClaimFactory()
    claim = claim_dismiss(claim_id=claim.pk, actor=reviewer, expected_version=1, reason="caption")
    assert claim.dismissed
    assert claim not in claim_queue(user=reviewer)
    claim = claim_dismiss(claim_id=claim.pk, actor=reviewer, expected_version=2, dismissed=False)
    assert not claim.dismissed
    assert claim in claim_queue(user=reviewer)


def test_a_published_claim_is_retracted_before_it_is_dismissed(reviewer: Any, editor: Any) -> None:
    claim = ClaimFactory()
    claim_update(claim_id=claim.pk, actor=reviewer, expected_version=1, **COMPLETE_DRAFT)
    claim_signoff(claim_id=claim.pk, editor=editor, expected_version=2, approve=True)
    with pytest.raises(ServiceError, match="retract"):
        claim_dismiss(claim_id=claim.pk, actor=reviewer, expected_version=3)


def test_mention_cue_channel_and_quote_are_corrected_with_the_source(reviewer: Any) -> None:
    story = article()
    claim = ClaimFactory(article=story, mention="ISLAMABAD", cue=":")
    varga = SourceFactory(name="Ines Varga")
    claim = claim_source_correct(
        claim_id=claim.pk,
        actor=reviewer,
        expected_version=1,
        source_id=varga.pk,
        mention="Health Minister Ines Varga",
        cue="said",
        channel="in a statement",
        quote="indirect",
    )
    assert (claim.source, claim.mention, claim.cue, claim.channel, claim.quote) == (
        varga,
        "Health Minister Ines Varga",
        "said",
        "in a statement",
        "indirect",
    )
    fields = set(claim.history.values_list("field", flat=True))
    assert fields == {"source", "mention", "cue", "channel", "quote"}


def test_a_corrected_name_becomes_an_alias_everywhere(reviewer: Any) -> None:
    claim = ClaimFactory(article=article(), mention="Dr Varga")
    varga = SourceFactory(name="Ines Varga")
    claim_source_correct(claim_id=claim.pk, actor=reviewer, expected_version=1, source_id=varga.pk)
    alias = SourceAlias.objects.get(name="Dr Varga")
    assert (alias.source, alias.article, alias.origin) == (varga, None, "correction")
    assert source_lookup("Dr Varga", article=article("Another story.")) == varga


def test_a_corrected_description_resolves_only_within_its_article(reviewer: Any) -> None:
    story = article()
    claim = ClaimFactory(article=story, mention="The minister")
    varga = SourceFactory(name="Ines Varga")
    claim_source_correct(claim_id=claim.pk, actor=reviewer, expected_version=1, source_id=varga.pk)
    alias = SourceAlias.objects.get(name="The minister")
    assert alias.article == story
    assert source_lookup("the minister", article=story) == varga
    assert source_lookup("the minister", article=article("Elsewhere, the minister said.")) is None
    assert source_lookup("the minister") is None


def test_a_pronoun_teaches_nothing(reviewer: Any) -> None:
    claim = ClaimFactory(article=article(), mention="she")
    varga = SourceFactory(name="Ines Varga")
    claim_source_correct(claim_id=claim.pk, actor=reviewer, expected_version=1, source_id=varga.pk)
    assert not SourceAlias.objects.filter(name="she").exists()


def test_a_description_cannot_be_made_a_registry_entry(reviewer: Any) -> None:
    claim = ClaimFactory()
    with pytest.raises(ServiceError) as refused:
        claim_source_correct(
            claim_id=claim.pk, actor=reviewer, expected_version=1, new_name="The minister"
        )
    assert refused.value.code == "description_not_name"
    assert not Source.objects.filter(name="The minister").exists()


def test_re_extraction_keeps_every_correction_and_never_revives_a_dismissed_claim(
    reviewer: Any,
) -> None:
    story = article()
    article_extract(article_id=story.pk)
    machine = list(story.claims.order_by("start"))
    assert len(machine) >= 3
    dismissed, moved, corrected = machine[:3]
    claim_dismiss(claim_id=dismissed.pk, actor=reviewer, expected_version=dismissed.version)
    claim_span_move(
        claim_id=moved.pk,
        actor=reviewer,
        expected_version=moved.version,
        start=moved.start,
        end=moved.end - 3,
    )
    varga = SourceFactory(name="Dr Ines Varga")
    claim_source_correct(
        claim_id=corrected.pk,
        actor=reviewer,
        expected_version=corrected.version,
        source_id=varga.pk,
    )
    start, end = span("the clinic in Dovresk had closed")
    added = claim_add(article_id=story.pk, actor=reviewer, start=start, end=end)

    article_reextract(article_ids=[story.pk])
    article_extract(article_id=story.pk)

    claims = {c.pk: c for c in Claim.objects.filter(article=story)}
    assert claims[dismissed.pk].dismissed
    revived = Claim.objects.filter(
        article=story, dismissed=False, start=dismissed.start, end=dismissed.end
    )
    assert not revived.exists()
    assert claims[moved.pk].end == moved.end - 3
    assert claims[corrected.pk].source == varga
    assert claims[added.pk].text == "the clinic in Dovresk had closed"
    assert Claim.objects.filter(article=story, start=start, end=end).count() == 1
    # Re-extraction checks what people kept and added, as well as its own claims.
    for kept in (claims[moved.pk], claims[corrected.pk], claims[added.pk]):
        assert set(kept.checks.values_list("state", flat=True)) == {"done"}, kept.text
