"""Storing extracted claims: idempotent, and never at the cost of a reviewer's work."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from claims import extraction
from claims.models import Article, Check, Claim, Source
from claims.services.extraction import article_extract, claims_store
from claims.services.ingest import content_hash
from claims.services.review import claim_update
from claims.services.sources import (
    registry_name,
    source_aliases_for,
    source_resolve,
    sources_resolve,
)
from tests.factories import ArticleFactory, ClaimFactory, SourceAliasFactory, SourceFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Regional Governor Anton Belov said on Telegram that 40 shells hit the village.\n\n"
    "The school was closed on Monday, he added.\n"
)


def extracted(text: str, start: int, name: str = "Anton Belov") -> extraction.ExtractedClaim:
    source = extraction.ExtractedSource(name=name, mention=name, kind="person", key=name.lower())
    return extraction.ExtractedClaim(
        text=text,
        start=start,
        end=start + len(text),
        sentence_start=0,
        sentence_end=start + len(text),
        source=source,
        cue="said",
    )


def test_running_extraction_twice_keeps_the_same_claims_without_duplicates() -> None:
    article = ArticleFactory(body=BODY, publisher="Harbour Courier")
    article_extract(article_id=article.pk)
    first = sorted(article.claims.values_list("id", "text"))
    article_extract(article_id=article.pk)
    assert sorted(article.claims.values_list("id", "text")) == first
    assert len(first) >= 2


def test_it_attributes_the_sample_claims_to_the_governor_in_the_registry() -> None:
    article = ArticleFactory(body=BODY, publisher="Harbour Courier")
    article_extract(article_id=article.pk)
    belov = Source.objects.get(name="Anton Belov")
    assert belov.kind == Source.Kind.PERSON
    assert not belov.confirmed
    assert article.claims.filter(source=belov).count() == 2


def test_a_reviewed_claim_keeps_its_review_when_extraction_runs_again() -> None:
    article = ArticleFactory(body=BODY)
    claims_store(article=article, extracted=[extracted("40 shells hit the village", 50)])
    claim = article.claims.get()
    claim_update(
        claim_id=claim.pk,
        actor=None,
        expected_version=1,
        status="false",
        rationale="Eleven shells, says the police report.",
    )
    claims_store(article=article, extracted=[extracted("40 shells hit the village", 50)])
    claim.refresh_from_db()
    assert (claim.status, claim.rationale, claim.stale) == (
        "false",
        "Eleven shells, says the police report.",
        False,
    )


def test_a_reviewed_claim_that_extraction_no_longer_finds_is_kept_as_stale() -> None:
    article = ArticleFactory(body=BODY)
    claims_store(
        article=article,
        extracted=[
            extracted("40 shells hit the village", 50),
            extracted("The school was closed", 80),
        ],
    )
    reviewed = article.claims.get(start=50)
    claim_update(claim_id=reviewed.pk, actor=None, expected_version=1, status="accurate")
    claims_store(article=article, extracted=[extracted("The school was closed", 80)])
    assert Claim.objects.get(pk=reviewed.pk).stale
    assert article.claims.count() == 2


def test_an_untouched_claim_that_extraction_no_longer_finds_is_removed() -> None:
    article = ArticleFactory(body=BODY)
    claims_store(article=article, extracted=[extracted("40 shells hit the village", 50)])
    claims_store(article=article, extracted=[extracted("The school was closed", 80)])
    assert list(article.claims.values_list("start", flat=True)) == [80]


def test_storing_returns_the_articles_current_claims_in_text_order() -> None:
    article = ArticleFactory(body=BODY)
    claims_store(
        article=article,
        extracted=[
            extracted("40 shells hit the village", 50),
            extracted("The school was closed", 80),
        ],
    )
    reviewed = article.claims.get(start=50)
    claim_update(claim_id=reviewed.pk, actor=None, expected_version=1, status="accurate")
    added = ClaimFactory(
        article=article, text="he added", start=103, end=111, origin=Claim.Origin.PERSON
    )
    ClaimFactory(article=article, text="Regional", start=0, end=8, dismissed=True)
    current = claims_store(
        article=article,
        extracted=[extracted("The school was closed", 80), extracted("Regional Governor", 0)],
    )
    # The new claim, the one found again, and the one a person added; not the reviewed
    # claim no longer found (stale) nor the dismissed one.
    assert [(c.start, c.stale) for c in current] == [(0, False), (80, False), (103, False)]
    assert current[2].pk == added.pk
    assert Claim.objects.get(pk=reviewed.pk).stale


def test_a_source_in_the_registry_is_found_by_alias_whatever_the_possessive_or_case() -> None:
    ministry = SourceFactory(name="Russian Ministry of Defence", kind=Source.Kind.GOVERNMENT)
    SourceAliasFactory(
        source=ministry,
        name="Russian Ministry of Defence",
        normalized=extraction.normalize_alias("Russian Ministry of Defence"),
    )
    assert source_resolve(name="Russia's Ministry of Defence") == ministry
    assert source_resolve(name="the russian ministry of defence") == ministry


def test_an_unknown_source_is_created_as_an_unrated_unconfirmed_entry_with_its_alias() -> None:
    source = source_resolve(name="Oleg Varga", kind=Source.Kind.PERSON, role="spokesman")
    assert (source.reliability, source.confirmed, source.role) == ("unrated", False, "spokesman")
    assert list(source.aliases.values_list("name", flat=True)) == ["Oleg Varga"]


def test_a_merged_source_resolves_to_the_source_it_was_merged_into() -> None:
    kept = SourceFactory(name="Anton Belov")
    merged = SourceFactory(name="A. Belov", merged_into=kept)
    SourceAliasFactory(
        source=merged, name="A. Belov", normalized=extraction.normalize_alias("A. Belov")
    )
    assert source_resolve(name="A. Belov") == kept


def test_an_engine_error_marks_the_article_failed_with_the_error(monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> extraction.ExtractionResult:
        raise ValueError("tokenizer state corrupt")

    monkeypatch.setattr(extraction, "extract", broken)
    article = ArticleFactory()
    with pytest.raises(ValueError, match="tokenizer"):
        article_extract(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == "failed"
    assert article.error == "Extraction failed: ValueError: tokenizer state corrupt"
    assert not article.claims.exists()


def test_over_the_bounds_the_most_check_worthy_claims_are_kept_and_checked_and_it_says_so(
    settings: Any,
) -> None:
    settings.ARTICLE_MAX_CLAIMS = 4
    settings.ARTICLE_MAX_CHECKED_CLAIMS = 2
    body = "\n\n".join(
        f"Officials said {n} drones were shot down over Dovresk on Tuesday." for n in range(8)
    )
    article = Article.objects.create(body=body, content_hash=content_hash(body))
    article_extract(article_id=article.pk)
    article.refresh_from_db()
    assert article.claims.count() == 4
    checked = set(Check.objects.filter(claim__article=article).values_list("claim_id", flat=True))
    assert len(checked) == 2
    assert "found 8 claims; the 4 most check-worthy are kept" in article.notice
    assert "Checks run on the 2 most check-worthy of 4 claims" in article.notice


def test_claims_get_their_facts_from_the_extractions_own_parse(monkeypatch) -> None:
    from claims.services import checks as check_services

    def no_second_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a claim's text was parsed again for its facts")

    monkeypatch.setattr(check_services, "facts_of_texts", no_second_parse)
    body = (
        "Governor Anton Belov said 40 drones were shot down over Kharkiv on Tuesday.\n\n"
        "The school will stay closed until Friday, he added."
    )
    article = Article.objects.create(
        body=body, content_hash=content_hash(body), published=datetime.date(2026, 3, 10)
    )
    article_extract(article_id=article.pk)
    drones = article.claims.get(text__contains="drones")
    assert [q["value"] for q in drones.facts["quantities"]["quantities"]] == [40]
    assert "Kharkiv" in str(drones.facts["places"])
    school = article.claims.get(text__contains="school")
    assert "2026-03-13" in str(school.facts["time"])
    assert Check.objects.filter(claim__article=article).exists()


def test_a_foreign_article_has_no_claims_and_says_why() -> None:
    body = (
        "Regjeringen la fram statsbudsjettet tirsdag. Finansministeren sa at utgiftene "
        "skal ned neste år, og at skattene ikke vil øke for folk flest.\n\n"
        "Opposisjonen kalte budsjettet urealistisk og krevde nye forhandlinger."
    )
    article = Article.objects.create(body=body, content_hash=content_hash(body))
    article_extract(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == "ready"
    assert not article.claims.exists()
    assert "English" in article.notice


# New registry entries of an article, made together


def test_an_articles_new_sources_are_made_together_with_their_aliases_and_history() -> None:
    known_source = source_resolve(name="Ivan Petrov", kind="person")
    found = sources_resolve(
        [
            ("Ivan Petrov", "person", ""),
            ("Mira Kovac", "person", "port director"),
            ("Dovresk port authority", "organisation", ""),
            ("Mira  Kovac", "person", ""),  # the same name again: one entry
        ],
        known=source_aliases_for(["Ivan Petrov", "Mira Kovac", "Dovresk port authority"]),
    )
    assert found[extraction.normalize_alias("Ivan Petrov")] == known_source
    kovac = found[extraction.normalize_alias("Mira Kovac")]
    assert (kovac.name, kovac.kind, kovac.role) == ("Mira Kovac", "person", "port director")
    assert Source.objects.filter(name__in=["Mira Kovac", "Mira  Kovac"]).count() == 1
    assert kovac.aliases.get().normalized == extraction.normalize_alias("Mira Kovac")
    assert kovac.audit.count() == 1  # type: ignore[attr-defined]
    assert len(found) == 3


def test_a_source_another_worker_made_meanwhile_is_found_not_made_twice() -> None:
    known = source_aliases_for(["Mira Kovac", "Lena Ortiz"])  # read before the other worker
    theirs = source_resolve(name="Mira Kovac", kind="person")
    wanted = [("Lena Ortiz", "person", ""), ("Mira Kovac", "person", "")]
    found = sources_resolve(wanted, known=known)
    assert found[extraction.normalize_alias("Mira Kovac")] == theirs
    assert found[extraction.normalize_alias("Lena Ortiz")].name == "Lena Ortiz"
    assert Source.objects.filter(name="Mira Kovac").count() == 1


def test_a_new_entry_is_named_without_the_article_a_sentence_put_before_it() -> None:
    article = ArticleFactory(
        body="The Dovresk port authority said the port would stay closed until Thursday.\n\n"
        "Ships were turned away, the port authority added.\n",
        publisher="Harbour Courier",
    )
    article_extract(article_id=article.pk)
    claim = article.claims.get(text__contains="stay closed")
    assert claim.source.name == "Dovresk port authority"
    assert claim.mention == "The Dovresk port authority"
    assert registry_name("The Guardian") == "The Guardian"  # a title keeps its capital
    assert registry_name("the  Ministry of Defence") == "Ministry of Defence"
    assert registry_name("Theresa May") == "Theresa May"


def test_an_extracted_quotation_is_found_in_its_own_article_by_the_quote_check() -> None:
    # The extraction keeps the text it read for the quote check (no second read of it).
    body = (
        "Regional Governor Anton Belov spoke in Dovresk on Monday.\n\n"
        '"The school will stay closed until the roof is repaired," Belov said.\n'
    )
    article = ArticleFactory(body=body, publisher="Harbour Courier")
    article_extract(article_id=article.pk)
    quoted = article.claims.get(text__contains="roof is repaired")
    check = quoted.checks.get(kind="quote_evidence")
    assert check.state == Check.State.DONE
    assert (check.result["applicable"], check.result["in_article"]) == (True, True)
