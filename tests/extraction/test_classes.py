"""The error classes of issue 14, one group of tests each, on sentences written here."""

from __future__ import annotations

from .helpers import claim_with, claims_of

# 1. Datelines are where a report was filed, never its speaker.


def test_a_capitalised_dateline_with_a_colon_is_not_the_speaker():
    claims = claims_of("GENEVA: Party leader Ana Costa has claimed that the figures were inflated.")
    claim = claim_with(claims, "figures were inflated")
    assert claim.source.name == "Ana Costa"
    assert "GENEVA" not in claim.text


def test_a_dateline_with_an_agency_and_a_dash_is_cut_off():
    claims = claims_of(
        "TARROW, March 3 (Nordpress) - The harbour master said two ships ran aground overnight."
    )
    claim = claim_with(claims, "ran aground")
    assert claim.source.mention == "The harbour master"
    assert all("Nordpress" not in c.text for c in claims)


def test_a_capital_in_a_dateline_does_not_become_its_country():
    claims = claims_of("MOSCOW \u2014 Officials said the pipeline would reopen in May.")
    claim = claim_with(claims, "pipeline would reopen")
    assert claim.source.name != "Russia"
    assert claim.source.mention == "Officials"


def test_a_transcript_speaker_in_capitals_is_still_a_speaker():
    claims = claims_of("HOLM: Well, look, the numbers are simply wrong.")
    assert claim_with(claims, "numbers are simply wrong").source.mention == "HOLM"


# 7. Claims are cut only where the source or the cue changes.


def test_a_sentence_with_one_source_is_not_cut_at_but():
    claims = claims_of(
        "The mayor faced a separate inquiry over the contract, but that case was closed in "
        "2018 without charges."
    )
    claim = claim_with(claims, "separate inquiry")
    assert "closed in 2018" in claim.text


def test_a_lieutenant_colonel_keeps_her_whole_name_and_sentence():
    claims = claims_of("Lt. Col. Ana Ruiz said the convoy arrived at noon.")
    claim = claim_with(claims, "convoy arrived")
    assert claim.source.name == "Ana Ruiz"
    assert claim.source.role == "Lt. Col."


def test_a_quoted_noun_phrase_alone_is_no_claim():
    claims = claims_of("Ana Ruiz called the vote \u201ca crisis\u201d.")
    assert all(c.text.strip("\u201c\u201d .") not in ("a crisis", "crisis") for c in claims)


def test_a_short_question_heading_is_no_claim():
    claims = claims_of(
        "The court upheld the ban on Monday.\n\nWhat did the court say?\n\n"
        "The judges ruled that the law was valid."
    )
    assert all("What did the court say" not in c.text for c in claims)
    assert claim_with(claims, "law was valid")
