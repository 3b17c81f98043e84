"""One sample article per error class of issue 14 (samples/classes/), read end to end."""

from __future__ import annotations

from pathlib import Path

from claims.extraction import ExtractedClaim, ExtractionResult, extract
from claims.outbound.documents import from_html

from .helpers import SAMPLES, claim_with

CLASSES = SAMPLES / "classes"


def read(name: str) -> ExtractionResult:
    path: Path = CLASSES / name
    text = path.read_text(encoding="utf-8")
    result = extract(text, publisher="Daily Ledger")
    for claim in result.claims:
        assert text[claim.start : claim.end] == claim.text
    return result


def sources(claims: list[ExtractedClaim]) -> set[str]:
    return {c.source.name for c in claims if c.source.kind != "publisher"}


def test_01_the_dateline_is_no_speaker():
    claims = read("01-dateline.txt").claims
    assert claim_with(claims, "port figures were inflated").source.name == "Ana Costa"
    assert "GENEVA" not in sources(claims)


def test_02_descriptions_resolve_to_the_people_named():
    claims = read("02-description.txt").claims
    assert claim_with(claims, "no new taxes").source.name == "Omar Tariq"
    assert claim_with(claims, "40 nurses").source.name == "Ines Varga"
    assert sources(claims) == {"Omar Tariq", "Ines Varga"}


def test_03_one_person_is_one_source():
    claims = read("03-names.txt").claims
    assert claim_with(claims, "audit would prove").source.name == "Ana Costa"
    assert claim_with(claims, "checked twice").source.name == "Omar Tariq"
    assert all(c.source.kind == "person" for c in claims if c.source.kind != "publisher")


def test_04_both_quotations_are_the_speakers():
    claims = read("04-two-quotes.txt").claims
    assert claim_with(claims, "do not add up").source.name == "Costa"
    joined = claim_with(claims, "two years of cuts")
    assert joined.source.name == "Costa"
    # Each quoted part keeps its own marks, so the frame is never read as a quotation.
    assert joined.text.startswith("\u201cThe numbers")
    assert joined.text.endswith("cuts.\u201d")
    broken = claim_with(claims, "wards are safe")
    assert "audit is over" in broken.text
    assert broken.source.mention == "a senior nurse"


def test_05_dash_speech_belongs_to_the_speaker_named_after_it():
    claims = read("05-dash-speech.txt").claims
    for words in ("high on rhetoric", "delivered queues", "another term", "not give them"):
        assert claim_with(claims, words).source.name == "Sami Malik"


def test_06_group_and_document_sources_keep_their_description():
    claims = read("06-group-sources.txt").claims
    assert claim_with(claims, "close to being signed").source.mention == (
        "Two people briefed on the talks"
    )
    assert claim_with(claims, "cranes had been repaired").source.kind == "person"
    assert claim_with(claims, "lost money").source.name == "the audit office"


def test_07_claims_are_cut_only_where_the_source_changes():
    claims = read("07-cuts.txt").claims
    assert "closed in 2018" in claim_with(claims, "separate inquiry").text
    assert claim_with(claims, "convoy arrived").source.name == "Ana Ruiz"
    assert all(c.text.strip("\u201c\u201d. ") != "crisis" for c in claims)
    assert all("What did the court say" not in c.text for c in claims)


def test_08_norwegian_gives_no_claims_and_says_why():
    result = read("08-norwegian.txt")
    assert result.claims == []
    assert result.language in ("no", "nb", "nn", "da")
    assert "English" in result.notice


def test_09_look_alike_names_are_one_flagged_source():
    claims = read("09-look-alike.txt").claims
    keys = {c.source.key for c in claims if c.source.kind == "person"}
    assert len(keys) == 1
    assert claim_with(claims, "vaccines had arrived").source.mixed_script
    assert claim_with(claims, "12 doctors").source.mixed_script
    assert not claim_with(claims, "clinics would reopen").source.mixed_script


def test_10_an_html_page_reaches_the_engine_with_its_structure():
    document = from_html((CLASSES / "10-structure.html").read_text(encoding="utf-8"))
    claims = extract(document.for_extraction()).claims
    assert claim_with(claims, "strike at the port ended").source.mention == "the union"
    assert claim_with(claims, "return to the cranes").source.name == "The Harbour Times"
    assert all("What the deal says" not in c.text for c in claims)
