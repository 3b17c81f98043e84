"""Speakers and contents the small parser mis-attaches, recovered by general rules."""

from __future__ import annotations

from .helpers import claim_with, claims_of


def test_a_one_word_name_parsed_as_an_adverb_still_speaks():
    claims = claims_of("Jolly said he has worked with both parties on the housing bill.")
    claim = claim_with(claims, "worked with both parties")
    assert claim.source.mention == "Jolly"


def test_a_subject_with_an_aside_hung_on_another_clause_still_speaks():
    claims = claims_of(
        "One attendee, who like others spoke on the condition of anonymity, said the "
        "message was clear."
    )
    claim = claim_with(claims, "message was clear")
    assert claim.source.mention == "One attendee"


def test_an_opening_adverb_does_not_become_a_speaker():
    claims = claims_of("Later said nothing about the plan.")
    assert all(c.source.kind in ("publisher", "unattributed") for c in claims)


def test_a_phrase_the_parser_hung_on_the_cue_keeps_its_place_as_the_subject():
    claims = claims_of(
        "The budget office said about half of the higher shortfall reflected revenue losses."
    )
    claim = claim_with(claims, "reflected revenue losses")
    assert claim.text.startswith("about half of the higher shortfall")


def test_a_direct_object_with_a_that_clause_opens_what_was_said():
    claims = claims_of(
        "Stone says the increase in polarization that Bloomberg decries also makes his "
        "election less likely."
    )
    claim = claim_with(claims, "less likely")
    assert claim.text.startswith("the increase in polarization")


def test_a_three_word_object_of_a_reporting_verb_is_the_speakers_claim():
    claims = claims_of("Judge Ana Ruiz rejected the defence argument in a ruling on Thursday.")
    claim = claim_with(claims, "the defence argument")
    assert claim.source.name == "Ana Ruiz"


def test_a_two_word_object_of_a_reporting_verb_is_no_claim():
    claims = claims_of("The ministry condemned the attacks.")
    assert all(c.source.kind == "publisher" for c in claims)


def test_attacking_a_person_for_something_is_a_reported_statement():
    claims = claims_of("Senator Ruiz attacked Costa for her support of the new pipeline.")
    claim = claim_with(claims, "for her support of the new pipeline")
    assert claim.source.mention == "Senator Ruiz"


def test_attacking_quoted_words_is_a_reported_statement():
    claims = claims_of(
        'In a May speech, Senator Ruiz attacked "the reckless spending of a council that '
        'never says no."'
    )
    claim = claim_with(claims, "reckless spending of a council")
    assert claim.source.mention == "Senator Ruiz"


def test_an_armed_attack_on_a_place_is_no_statement():
    claims = claims_of("Rebel forces attacked the port city of Tarrow overnight with drones.")
    assert all(c.source.kind == "publisher" for c in claims)


def test_yelling_that_something_is_so_reports_it():
    claims = claims_of("A woman in the crowd yelled that the vote was rigged.")
    assert claim_with(claims, "the vote was rigged").source.mention == "A woman in the crowd"


def test_according_to_a_source_whose_claim_the_parser_made_its_apposition():
    claims = claims_of(
        "According to conservative radio host Ana Costa, the move reeks of fear and desperation."
    )
    claim = claim_with(claims, "the move reeks of fear")
    assert "Ana Costa" in claim.source.mention
    assert "reeks" not in claim.source.mention


def test_a_second_speaker_joined_by_and_has_its_own_claim():
    claims = claims_of(
        "Most of the members said the budget was too large, and nearly a third said"
        " the council should start over."
    )
    assert claim_with(claims, "the budget was too large").source.mention == "Most of the members"
    assert "start over" not in claim_with(claims, "the budget was too large").text
    second = claim_with(claims, "the council should start over")
    assert second.source.mention != "Most of the members"


def test_a_second_speaker_after_while_has_its_own_claim():
    claims = claims_of(
        "After the hearing, several residents said the mayor had made a good case,"
        " while other neighbours said they had not heard anything new."
    )
    first = claim_with(claims, "the mayor had made a good case")
    assert "anything new" not in first.text
    assert claim_with(claims, "not heard anything new").source.mention == "other neighbours"


def test_a_gerund_opening_the_said_clause_is_part_of_the_claim():
    claims = claims_of("He said taxing it could bring millions of dollars to schools in Idaho.")
    claim = claim_with(claims, "could bring millions of dollars")
    assert claim.source.mention == "He"
    assert claim.text.startswith("taxing it")


def test_a_reduced_relative_the_parser_made_the_main_verb_keeps_its_speakers():
    claims = claims_of(
        "Majorities of Republicans in four states going to the polls Tuesday say they"
        " would be happy with either candidate as the nominee."
    )
    claim = claim_with(claims, "they would be happy with either candidate")
    assert claim.source.mention.startswith("Majorities of Republicans")


def test_what_was_said_goes_on_past_a_mid_sentence_frame():
    claims = claims_of("The rate cut is good news, he said, because families will pay less.")
    claim = claim_with(claims, "The rate cut is good news")
    assert "families will pay less" in claim.text
    assert claim.source.mention == "he"


def test_a_participle_after_a_mid_sentence_frame_is_no_part_of_what_was_said():
    claims = claims_of("The rate cut is good news, he said, speaking to reporters.")
    claim = claim_with(claims, "The rate cut is good news")
    assert "reporters" not in claim.text


def test_an_ad_speaks_for_whoever_released_it():
    claims = claims_of("The senator released a new radio ad calling the plan dangerous.")
    assert claim_with(claims, "the plan dangerous").source.mention == "The senator"


def test_a_message_sent_to_people_speaks_for_its_sender():
    claims = claims_of("The governor emailed supporters saying the fight goes on.")
    assert claim_with(claims, "the fight goes on").source.mention == "The governor"


def test_the_name_right_before_a_participle_cue_speaks():
    claims = claims_of("The spot ends with footage of Cole saying the deal is dead.")
    assert claim_with(claims, "the deal is dead").source.mention == "Cole"


def test_according_to_a_source_the_parser_joined_to_the_claims_subject():
    claims = claims_of(
        "According to the agency summary, Jones and another Senate aide asked the staff to"
        " delete messages in June."
    )
    claim = claim_with(claims, "asked the staff to delete messages")
    assert claim.source.mention == "the agency summary"
    assert claim.text.startswith("Jones and another Senate aide")


def test_where_or_when_a_speaker_spoke_is_no_part_of_the_mention():
    claims = claims_of("Trump, in Kentucky, said Tuesday that the senator was a lightweight.")
    assert claim_with(claims, "the senator was a lightweight").source.mention == "Trump"
    claims = claims_of("Ruiz at the time said she had asked her staff to look into it.")
    assert claim_with(claims, "asked her staff to look into it").source.mention == "Ruiz"
    claims = claims_of("Senator Cole of Ohio said the bill would pass.")
    assert claim_with(claims, "the bill would pass").source.mention == "Senator Cole of Ohio"


def test_a_question_put_to_the_subject_is_none_of_their_statements():
    claims = claims_of("Asked if he was ever bullied, the candidate said no.")
    assert all(c.source.mention != "the candidate" or "bullied" not in c.text for c in claims)
    claims = claims_of("The mayor has asked whether the budget can be cut.")
    assert claim_with(claims, "the budget can be cut").source.mention == "The mayor"


# A quotation closing on "?" or "!" is no sentence end when its frame follows.


def test_a_question_quoted_before_a_lower_case_frame_is_the_speakers():
    claims = claims_of('"Will the harbour ever reopen?" the judge asked.')
    claim = claim_with(claims, "harbour ever reopen")
    assert claim.source.mention == "the judge"
    assert "asked" not in claim.text


def test_an_exclamation_quoted_before_a_named_frame_is_the_speakers():
    claims = claims_of('"Close the mine now!" Tomas Brandt said. The council met later.')
    claim = claim_with(claims, "Close the mine now")
    assert claim.source.name == "Tomas Brandt"
    assert claim_with(claims, "council met later").source.kind == "publisher"


def test_a_quotation_of_two_sentences_ending_in_a_question_keeps_both():
    claims = claims_of('"The pier is failing. Who will pay for it?" she said.')
    claim = claim_with(claims, "Who will pay for it")
    assert "The pier is failing" in claim.text
    assert claim.source.mention == "she"


def test_a_capitalised_sentence_after_a_quoted_question_is_still_a_new_sentence():
    claims = claims_of('Residents asked, "Why now?" Ana Ruiz won the seat in May.')
    claim = claim_with(claims, "won the seat")
    assert claim.source.kind == "publisher"


def test_a_quotation_closing_on_a_quotation_inside_it_keeps_its_frame():
    claims = claims_of(
        "\u201cThey are honest. You can at least say \u2018they are decent people,\u2019\u201d "
        "Ana Ruiz said."
    )
    claim = claim_with(claims, "decent people")
    assert claim.source.name == "Ana Ruiz"
    assert "They are honest" in claim.text


# A verb coordinated with a passive one shares its subject.


def test_a_cue_coordinated_with_a_passive_verb_speaks_for_its_subject():
    claims = claims_of(
        "By noon, Mr. Holm was forced into a retreat and said that his words had been twisted."
    )
    claim = claim_with(claims, "words had been twisted")
    assert claim.source.name == "Holm"


def test_an_infinitive_cue_under_a_passive_verb_speaks_for_its_subject():
    claims = claims_of("Ana Ruiz was prompted to say that the talks had been civil.")
    assert claim_with(claims, "talks had been civil").source.name == "Ana Ruiz"


def test_a_noun_phrase_with_a_clause_after_say_opens_what_was_said():
    claims = claims_of(
        "Aides say the more seats she takes into the council, the more leverage she should "
        "have to do that."
    )
    claim = claim_with(claims, "more leverage")
    assert claim.source.mention == "Aides"
    assert claim.text.startswith("the more seats")


def test_a_question_after_the_one_asked_is_what_was_asked():
    claims = claims_of("Then Mr. Holm asked the students if they were ready for the exam.")
    claim = claim_with(claims, "ready for the exam")
    assert claim.source.name == "Holm"
    assert claim.cue == "asked"


def test_an_if_clause_after_an_addressee_of_another_verb_stays_unasked():
    claims = claims_of("She thanked the volunteers if they had stayed late.")
    assert all(c.source.kind == "publisher" for c in claims)


# A title in title case shows its verb of saying to the parser in lower case.


def test_a_title_case_title_with_says_names_its_speaker():
    claims = claims_of(
        "Tomas Brandt Says The Harbour Will Reopen In Spring\n\n"
        "The council met on Monday to discuss the harbour."
    )
    claim = claim_with(claims, "Harbour Will Reopen")
    assert claim.source.name == "Tomas Brandt"
    assert claim.text.startswith("The Harbour")


def test_a_title_case_title_with_a_verb_of_urging_names_its_speaker():
    claims = claims_of("Ana Ruiz Urges Council To Delay The Vote\n\nThe council met on Monday.")
    claim = claim_with(claims, "Delay The Vote")
    assert claim.source.name == "Ana Ruiz"
    assert claim.cue.lower() == "urges"


def test_a_sentence_in_ordinary_case_is_parsed_as_written():
    from claims.extraction.text import cue_case

    sentence = "The mayor says the port will reopen."
    assert cue_case(sentence, frozenset({"say"})) == sentence
    assert cue_case("Mayor Says Port Will Reopen", frozenset({"say"})) == (
        "Mayor says Port Will Reopen"
    )


# A verb of saying in -s tagged as a plural noun still speaks when it takes a clause.


def test_a_cue_tagged_as_a_plural_noun_after_its_speaker_still_speaks():
    claims = claims_of(
        "Secrecy is no stranger when it comes to the mayor's health, her former doctor maintains."
    )
    claim = claim_with(claims, "Secrecy is no stranger")
    assert claim.source.mention == "her former doctor"
    assert "maintains" not in claim.text


def test_a_plural_noun_that_takes_no_clause_is_no_cue():
    claims = claims_of("The council notes are on the table.")
    assert all(c.source.kind == "publisher" for c in claims)


def test_a_that_clause_hung_on_the_cue_as_a_modifier_is_what_was_said():
    claims = claims_of(
        "Holm charges that countries that stand to gain from the deal gave money to the fund."
    )
    claim = claim_with(claims, "gave money to the fund")
    assert claim.source.name == "Holm"
    assert claim.text.startswith("countries")


# A message speaks for whoever issued or sent it.


def test_a_message_sent_to_someone_speaks_for_its_sender():
    claims = claims_of(
        "His campaign sent out a text message to supporters saying the vote was rigged."
    )
    claim = claim_with(claims, "vote was rigged")
    assert claim.source.mention == "His campaign"


def test_a_response_fired_back_speaks_for_who_fired_it():
    claims = claims_of("Holm fired back a response saying the report was false.")
    assert claim_with(claims, "report was false").source.name == "Holm"


# A participle with its agent is passive without an auxiliary: the agent speaks.


def test_a_question_asked_by_someone_named_is_theirs():
    claims = claims_of(
        "Asked by reporters whether she would run, Ruiz said she would decide in May."
    )
    assert claim_with(claims, "she would run").source.mention == "reporters"
    assert claim_with(claims, "decide in May").source.name == "Ruiz"


def test_as_reported_by_an_outlet_the_outlet_reports():
    claims = claims_of(
        "As reported by the Harbour Times, there are 150 berths at stake in the port."
    )
    assert claim_with(claims, "150 berths").source.mention == "the Harbour Times"


def test_a_participle_with_an_agent_after_a_noun_only_says_which():
    claims = claims_of(
        "Give us your tax returns for the last five years, certified by your accountants."
    )
    assert all(c.source.kind == "publisher" for c in claims)


def test_a_surname_closing_an_inverted_frame_speaks_though_tagged_an_adverb():
    claims = claims_of(
        "Sarah Pike, a teacher who lives nearby, wrote to the council.\n\n"
        "\u2013 We were lucky. If it had happened on a school day, children would have been "
        "on it, says Pike."
    )
    claim = claim_with(claims, "We were lucky")
    assert claim.source.name == "Sarah Pike"
    assert "says Pike" not in claim.text


def test_a_date_closing_an_inverted_frame_is_no_speaker():
    claims = claims_of("The bridge had been inspected in January, the council said Tuesday.")
    claim = claim_with(claims, "inspected in January")
    assert claim.source.mention == "the council"


def test_a_cue_after_an_adjective_of_readiness_speaks_for_the_clause_subject():
    claims = claims_of("Harbour workers were more likely to say the new cranes had cut delays.")
    claim = claim_with(claims, "new cranes had cut delays")
    assert claim.source.mention == "Harbour workers"


def test_a_quick_condemnation_is_the_subject_s_own():
    claims = claims_of("The fishing council was quick to condemn the plan to shut the north quay.")
    claim = claim_with(claims, "plan to shut the north quay")
    assert claim.source.mention == "The fishing council"


def test_an_adjective_whose_subject_is_the_object_names_no_speaker():
    claims = claims_of("The new ferry timetable is hard to explain to weekend visitors.")
    assert all(c.source.kind in ("publisher", "unattributed") for c in claims)


def test_a_speaker_after_the_verb_taken_for_an_adverb_still_speaks():
    claims = claims_of(
        '"The new berth has doubled our trade," said Okafor, pointing at the cranes.'
    )
    claim = claim_with(claims, "doubled our trade")
    assert claim.source.mention == "Okafor"


def test_a_speaker_after_the_verb_taken_for_its_object_still_speaks():
    claims = claims_of(
        '"There are more boats waiting than there were in May," added another harbour pilot.'
    )
    claim = claim_with(claims, "more boats waiting")
    assert claim.source.mention.endswith("harbour pilot")


def test_a_verb_after_a_comma_in_a_list_of_actions_takes_no_speaker_after_it():
    claims = claims_of("The board met on Monday, announced the results and closed the session.")
    assert all(c.source.mention != "the results" for c in claims)


def test_a_contracted_has_read_as_a_passive_keeps_its_speaker():
    claims = claims_of("He's said he will stand for the harbour board again next year.")
    claim = claim_with(claims, "stand for the harbour board")
    assert claim.source.kind not in ("publisher", "unattributed")


def test_an_impersonal_it_s_said_names_no_one():
    claims = claims_of("It's said that the ferry company will close its northern office.")
    claim = claim_with(claims, "close its northern office")
    assert claim.source.kind in ("publisher", "unattributed")


def test_a_speaker_made_an_apposition_of_an_opening_phrase_still_speaks():
    claims = claims_of(
        "At the town hall in Rotterdam, a young man who had been a dock worker asked the "
        "mayor what she thought of the new tax."
    )
    claim = claim_with(claims, "what she thought of the new tax")
    assert claim.source.mention == "a young man"


def test_as_someone_pointed_out_frames_the_clause_it_modifies():
    claims = claims_of("And as Okafor pointed out, the new cranes have halved the waiting time.")
    claim = claim_with(claims, "halved the waiting time")
    assert claim.source.mention == "Okafor"


def test_as_someone_expected_stays_the_reporter_s_own():
    claims = claims_of("Fares rose in March, as analysts expected.")
    assert all(c.source.kind in ("publisher", "unattributed") for c in claims)
