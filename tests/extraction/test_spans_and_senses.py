"""Where a claim ends, and verbs of saying used in other senses: general rules, tested on
sentences written here."""

from __future__ import annotations

from .helpers import claim_with, claims_of

# A cue in a clause put before the main clause: what was said ends with that clause.


def test_a_participle_clause_of_saying_stops_before_the_main_clause():
    claims = claims_of(
        "Saying he was nervous about the vote, the farmer walked to the front of the hall "
        "with his hat in his hand."
    )
    claim = claim_with(claims, "nervous about the vote")
    assert "walked to the front" not in claim.text


def test_a_fronted_while_clause_of_saying_stops_before_the_main_clause():
    claims = claims_of(
        "While Ruiz has said that councillors cannot hold party posts, he appears uneasy "
        "when asked about his brother's job."
    )
    claim = claim_with(claims, "cannot hold party posts")
    assert claim.source.mention == "Ruiz"
    assert "appears uneasy" not in claim.text


def test_a_main_clause_of_saying_still_runs_on_to_its_reason():
    claims = claims_of("Ruiz said the port would close, because the dredging never happened.")
    assert "dredging never happened" in claim_with(claims, "port would close").text
