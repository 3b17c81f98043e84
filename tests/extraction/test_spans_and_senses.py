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


# A participle of a cue that names or compares reports nothing.


def test_a_group_called_by_a_name_is_no_statement():
    claims = claims_of("Holm now leads a charity called Open Doors.")
    assert all(c.source.kind in ("publisher", "unattributed") for c in claims)


def test_a_so_called_plan_is_no_statement():
    claims = claims_of("The so-called reform plan was dropped in March.")
    assert all(c.source.kind in ("publisher", "unattributed") for c in claims)


def test_figures_compared_with_others_are_no_statement_of_the_first_figure():
    claims = claims_of(
        "In the north, nurses earned a median salary of $70,000, compared with $90,000 "
        "in the capital."
    )
    assert all(c.source.kind in ("publisher", "unattributed") for c in claims)


def test_calling_someone_a_name_is_still_a_statement():
    claims = claims_of("One lawmaker called Holm a coward.")
    assert claim_with(claims, "a coward").source.mention == "One lawmaker"


def test_a_comparison_with_its_speaker_is_still_a_statement():
    claims = claims_of("Ruiz compared the new levy to a tax on breathing, aides said.")
    assert all("compared with" not in c.text for c in claims)
    assert any(c.source.kind not in ("publisher", "unattributed") for c in claims)


# Cues are read outermost first: a report inside another's statement is part of it.


def test_a_claim_reported_by_a_later_speaker_is_that_speakers_statement():
    claims = claims_of("Holm claimed the port would close, Ruiz said.")
    claim = claim_with(claims, "port would close")
    assert claim.source.mention == "Ruiz"
    assert [c.source.mention for c in claims if "port would close" in c.text] == ["Ruiz"]


def test_a_frame_inside_another_speakers_statement_does_not_take_it_over():
    claims = claims_of("The port, Holm claimed, would close in May, the minister said.")
    assert claim_with(claims, "close in May").source.mention == "the minister"


def test_a_finding_with_quoted_words_stays_inside_the_statement_it_belongs_to():
    claims = claims_of(
        "In a statement, the council said it had inspected the bridge in January and found "
        '"no structural defects".'
    )
    claim = claim_with(claims, "inspected the bridge")
    assert claim.text.endswith('found "no structural defects"')
    assert len([c for c in claims if c.source.kind != "publisher"]) == 1


def test_a_second_verb_of_saying_with_a_quoted_sentence_is_a_second_statement():
    claims = claims_of(
        'The mayor said the budget was balanced and added, "We will not raise taxes."'
    )
    assert claim_with(claims, "budget was balanced").text == "the budget was balanced"
    assert claim_with(claims, "raise taxes").cue == "added"


def test_asking_not_to_be_named_is_no_claim():
    claims = claims_of(
        "The company has hired advisers, the people said, asking not to be named because the "
        'talks are private. "It needs a partner," said an executive at a rival firm, who '
        "asked not to be identified."
    )
    assert not [c for c in claims if "not to be" in c.text]
    assert claim_with(claims, "hired advisers").source.mention == "the people"
    assert claim_with(claims, "needs a partner").source.mention == "an executive at a rival firm"


# "find" with a bare object reports a finding only from a record, a study or a body.


def test_people_finding_a_thing_state_nothing():
    claims = claims_of("Many dock workers found new jobs in the harbour district last year.")
    assert all(c.source.kind in ("publisher", "unattributed") for c in claims)


def test_a_group_finding_its_way_states_nothing():
    claims = claims_of("The two families found a way to pay for the roof repairs.")
    assert all(c.source.kind in ("publisher", "unattributed") for c in claims)


def test_what_a_body_found_is_its_finding():
    claims = claims_of("The Harbour Authority found no evidence of fraud in the permit office.")
    assert claim_with(claims, "no evidence of fraud").source.mention == "The Harbour Authority"


def test_what_a_survey_that_found_it_reports_is_its_finding():
    claims = claims_of(
        "The council published a survey, which found broad support for the new ferry line."
    )
    assert claim_with(claims, "broad support").source.name == "a survey"


def test_a_person_finding_a_clause_is_still_a_statement():
    claims = claims_of("Ana Ruiz found that the permits had been forged.")
    assert claim_with(claims, "permits had been forged").source.name == "Ana Ruiz"


# Declining to comment reports that nothing was said.


def test_declining_to_comment_is_no_statement():
    claims = claims_of("Ruiz, who declined to comment, left the council in May.")
    assert all(c.source.kind in ("publisher", "unattributed") for c in claims)


def test_refusing_to_comment_on_a_topic_is_no_statement():
    claims = claims_of("Through a spokesman, the harbour office refused to comment on the report.")
    assert all(c.source.kind in ("publisher", "unattributed") for c in claims)


def test_declining_to_say_whether_still_reports_what_was_not_said():
    claims = claims_of("Doyle declined to say whether the port would close.")
    assert claim_with(claims, "port would close").source.mention == "Doyle"


def test_a_headline_closed_by_a_study_finding_is_the_studys_claim():
    claims = claims_of(
        "Daily walk cuts heart risk, study finds\n\nThe findings were published on Monday."
    )
    claim = claim_with(claims, "Daily walk cuts heart risk")
    assert claim.source.mention == "study"
    assert claim.text == "Daily walk cuts heart risk"


# A clause joined to a mid-sentence frame with ", and" goes on with what was said.


def test_a_clause_after_a_mid_sentence_frame_and_and_is_still_said():
    claims = claims_of(
        "Bus fares rose by a third, the transit office said in its yearly review, and "
        "ridership fell to its lowest level in a decade."
    )
    claim = claim_with(claims, "Bus fares rose")
    assert claim.source.mention == "the transit office"
    assert "ridership fell" in claim.text


def test_narration_after_a_quotation_and_its_frame_is_not_said():
    claims = claims_of(
        '"We are staying until the end," Ortega said, and the band started to play again.'
    )
    claim = claim_with(claims, "staying until the end")
    assert "band started" not in claim.text


# A time phrase right after the cue, which the parser reads as opening a clause.


def test_a_clause_after_a_time_phrase_without_that_is_what_was_said():
    claims = claims_of("Lopez said after the summit he would not accept the offer if it were made.")
    claim = claim_with(claims, "would not accept the offer")
    assert claim.source.mention == "Lopez"
    assert "after the summit" not in claim.text


# A gerund of saying after a fronted preposition: the main clause's subject said it.


def test_a_gerund_of_saying_after_a_preposition_is_said_by_the_passive_subject():
    claims = claims_of(
        "After saying the plant was safe, the mayor was taken on a tour of the site."
    )
    claim = claim_with(claims, "plant was safe")
    assert claim.source.mention == "the mayor"
    assert "taken on a tour" not in claim.text


def test_a_gerund_of_saying_after_a_preposition_does_not_end_what_was_said():
    claims = claims_of(
        "Senator Ruiz said the plan smacked of hypocrisy, because his rivals have been at "
        "the forefront of questioning the budget office for years."
    )
    claim = claim_with(claims, "smacked of hypocrisy")
    assert "questioning the budget office" in claim.text
