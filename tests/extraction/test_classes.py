"""The error classes of issue 14, one group of tests each, on sentences written here."""

from __future__ import annotations

import re

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


def test_a_dateline_with_the_day_before_the_month_is_cut_off():
    for opening in ("VELMORA, 10 March -", "VELMORA, 10 March 2026 \u2013", "Oslo, 10 Mar. -"):
        claims = claims_of(f"{opening} The ferry strike entered its second week, the port said.")
        claim = claim_with(claims, "ferry strike")
        assert claim.text.startswith("The ferry strike"), opening
        assert claim.source.mention == "the port"


def test_the_time_a_live_blog_entry_was_posted_is_no_part_of_its_source():
    claims = claims_of(
        "Strikes on the south: live\n\n"
        "09:12 The port authority said two cranes were damaged.\n\n"
        "10:05 Two officials familiar with the talks said a draft would be ready on Monday.\n\n"
        "10.30am BST - \u201cWe are not leaving,\u201d the mayor said."
    )
    assert claim_with(claims, "cranes").source.mention == "The port authority"
    assert claim_with(claims, "draft would").source.mention == (
        "Two officials familiar with the talks"
    )
    assert claim_with(claims, "not leaving").source.mention == "the mayor"
    assert all(not c.text.startswith(("09:12", "10:05", "10.30")) for c in claims)


def test_a_capital_in_a_dateline_does_not_become_its_country():
    claims = claims_of("MOSCOW \u2014 Officials said the pipeline would reopen in May.")
    claim = claim_with(claims, "pipeline would reopen")
    assert claim.source.name != "Russia"
    assert claim.source.mention == "Officials"


def test_a_transcript_speaker_in_capitals_after_the_opening_is_still_a_speaker():
    claims = claims_of(
        "The minister was interviewed on Sunday.\n\nHOLM: Well, look, the numbers are simply wrong."
    )
    assert claim_with(claims, "numbers are simply wrong").source.mention == "HOLM"


def test_an_unknown_place_in_capitals_opening_the_article_is_a_dateline():
    claims = claims_of("TARROW: The harbour master said two ships ran aground overnight.")
    assert claim_with(claims, "ran aground").source.mention == "The harbour master"


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


# 2. A description resolves to the person already named.


def test_the_premier_is_the_prime_minister_named_before():
    claims = claims_of(
        "Prime Minister Omar Tariq said the budget would pass this week. The premier added "
        "that no new taxes were planned."
    )
    claim = claim_with(claims, "no new taxes")
    assert claim.source.name == "Omar Tariq"
    assert claim.source.mention == "The premier"
    assert claim.source.kind == "person"


def test_the_party_chief_is_the_party_leader_named_before_not_an_organisation():
    claims = claims_of(
        "Opposition leader Karl Brandt rejected the plan on Monday. The party chief further "
        "stated that the figures were wrong."
    )
    claim = claim_with(claims, "figures were wrong")
    assert claim.source.name == "Karl Brandt"
    assert claim.source.kind == "person"


def test_a_description_with_no_matching_role_stays_its_own_source():
    claims = claims_of(
        "Health Minister Ines Varga said the clinics would reopen. The mayor said the roads "
        "were clear."
    )
    assert claim_with(claims, "roads were clear").source.name != "Ines Varga"


# 3. One person is one source: full name, first name, surname.


def test_a_first_name_alone_is_the_person_named_in_full_before():
    claims = claims_of(
        "Prime Minister Omar Tariq said the budget would pass. Omar said the vote was set for "
        "Friday."
    )
    claim = claim_with(claims, "vote was set")
    assert claim.source.name == "Omar Tariq"


def test_a_surname_alone_after_a_titled_name_is_that_person():
    claims = claims_of(
        "Ana Costa, the party leader, said the figures were inflated. Costa said the audit "
        "would prove it."
    )
    first = claim_with(claims, "figures were inflated")
    second = claim_with(claims, "audit would prove")
    assert first.source.kind == "person"
    assert second.source.key == first.source.key


# 4. A quotation broken by its speaker's frame is one statement of that speaker.


def test_a_quotation_broken_by_a_frame_in_one_sentence_keeps_both_parts():
    claims = claims_of(
        "The fund met on Monday. \u201cNow that the audit is over,\u201d the treasurer said, "
        "\u201cthe reserves will be moved into bonds.\u201d"
    )
    claim = claim_with(claims, "reserves will be moved")
    assert "audit is over" in claim.text
    assert claim.source.mention == "the treasurer"


def test_a_frame_naming_the_speaker_in_full_and_the_day_still_joins_the_two_parts():
    claims = claims_of(
        "\u201cNow that the vote is over,\u201d Ana Costa, the party leader, said on Thursday, "
        "\u201cthe harbour will reopen in May.\u201d"
    )
    claim = claim_with(claims, "harbour will reopen")
    assert "vote is over" in claim.text
    assert claim.source.mention.startswith("Ana Costa")


def test_a_quoted_question_broken_by_its_frame_keeps_its_opening_if():
    claims = claims_of(
        "\u201cIf the board thinks that is prudent,\u201d the advert says, \u201cwhat does it "
        "think of the nurses?\u201d"
    )
    claim = claim_with(claims, "think of the nurses")
    assert claim.text.startswith("\u201cIf the board")


def test_a_claim_across_the_frame_holds_each_quoted_part_between_its_own_marks():
    claims = claims_of(
        '"The ferry will not run this winter," Holm said on Friday. "The council has no money '
        'left for it."'
    )
    claim = claim_with(claims, "ferry will not run")
    parts = [part.strip(" ,.") for part in re.findall(r'"([^"]+)"', claim.text)]
    assert parts == ["The ferry will not run this winter", "The council has no money left for it"]


def test_a_second_cue_in_the_frame_keeps_the_two_quotations_apart():
    claims = claims_of(
        "\u201cThe fund is empty,\u201d she said, adding that \u201cthe board knew it for "
        "months.\u201d"
    )
    assert "board knew" not in claim_with(claims, "fund is empty").text


def test_a_quotation_whose_content_runs_into_the_frame_is_still_the_framed_speakers():
    # The parser runs the content of "said" on to the show's quoted title, so the content
    # starts in the first quotation and ends in the second one.
    claims = claims_of(
        "Councillor Ana Ruiz visited the depot on Friday.\n\n"
        "The union had called for new buses.\n\n"
        '"The fleet is old. It breaks down weekly. Riders are tired of it," Ruiz said Sunday '
        'on NBC\'s "Meet the Press."'
    )
    assert claim_with(claims, "fleet is old").source.name == "Ana Ruiz"


def test_a_frame_cut_off_after_a_quoted_question_names_its_speaker():
    claims = claims_of(
        "The mayor, Linda Park, opened the depot.\n\n"
        "Tom Ruiz is the council treasurer. He has served for ten years.\n\n"
        '"When the buses broke down, what could we do?" Ruiz told reporters on Monday.'
    )
    assert claim_with(claims, "buses broke down").source.name == "Tom Ruiz"


def test_a_frame_after_a_quotation_closed_on_a_full_stop_is_no_claim_of_its_own():
    claims = claims_of('"The fleet must be replaced." Mr. Ruiz wrote on Twitter on Monday.')
    assert claim_with(claims, "fleet must be replaced").source.name == "Ruiz"
    assert not [c for c in claims if c.text.startswith("Mr. Ruiz wrote")]


def test_a_closing_frame_naming_its_speaker_with_a_quoted_nickname_still_speaks():
    claims = claims_of(
        '"The pier will be rebuilt!" Ruiz\'s deputy, Councillor Teresa "Tess" Moll, '
        "shouted to the crowd."
    )
    assert claim_with(claims, "pier will be rebuilt").cue == "shouted"


def test_a_later_quotation_with_no_frame_goes_to_the_last_speaker_of_the_paragraph_before():
    claims = claims_of(
        '"The harbour will reopen in May," Holm said.\n\n'
        'The plan was called "reckless" in a letter to the council. "Nobody asked the riders '
        'what they think."'
    )
    assert claim_with(claims, "Nobody asked").source.name == "Holm"


def test_a_later_quotation_with_no_frame_is_not_given_to_a_speaker_paragraphs_back():
    claims = claims_of(
        '"The harbour will reopen in May," Holm said.\n\n'
        "The council met on Tuesday to discuss the budget.\n\n"
        "The ferry company has lost money for years, and its boats are old.\n\n"
        'The plan was called "reckless" in a letter to the council. "Nobody asked the riders."'
    )
    assert claim_with(claims, "Nobody asked").source.kind == "publisher"


def test_a_title_label_opening_with_a_name_and_what_they_did_gives_the_quotation_to_them():
    claims = claims_of(
        "Anna Holm Hammers Harbour Board: \u2018You Should Resign.\u2019\n\n"
        "The mayor, Anna Holm, spoke to reporters at the harbour on Monday afternoon."
    )
    assert claim_with(claims, "You Should Resign").source.name == "Anna Holm"


# 5. A dash opens speech, and the frame at the end names its speaker.


def test_every_sentence_of_a_dash_introduced_paragraph_is_the_speakers():
    claims = claims_of(
        "\u2013 Labour is high on rhetoric. They promised jobs and delivered queues. Now they "
        "want another term, says Malik."
    )
    for words in ("high on rhetoric", "delivered queues", "another term"):
        assert claim_with(claims, words).source.name == "Malik"


def test_a_dash_paragraph_without_a_frame_continues_the_last_speaker():
    claims = claims_of(
        "\u2013 The fund is empty, says Ana Costa.\n\n\u2013 Nobody has told the voters "
        "where the money went."
    )
    assert claim_with(claims, "Nobody has told").source.name == "Ana Costa"


def test_a_short_quotation_without_a_frame_is_no_claim_of_the_last_speaker():
    # A chant, a heading set off by dashes or a two-word aside, with no cue in its own
    # sentence, is not a statement the last speaker made.
    claims = claims_of(
        '"The depot will close in June," said Lena Vogt, the transport director.\n\n'
        '"Save our buses!"\n\n'
        "\u2013 Waiting for the vote \u2013\n\n"
        '"It never worked. Not once."'
    )
    texts = [c.text for c in claims]
    assert not any("Save our buses" in t or "Waiting for the vote" in t for t in texts), texts
    assert not any("Not once" in t for t in texts), texts
    assert claim_with(claims, "depot will close").source.name == "Lena Vogt"


def test_a_short_quotation_with_its_own_frame_stays_a_claim():
    claims = claims_of('"Fares will rise," Vogt said.')
    assert claim_with(claims, "Fares will rise").source.name == "Vogt"


def test_a_short_question_without_a_frame_stays_the_last_speaker_s():
    claims = claims_of(
        '"The depot will close in June," said Lena Vogt, the transport director.\n\n'
        '"Who pays for it?"'
    )
    assert claim_with(claims, "Who pays").source.name == "Lena Vogt"


# 6. Group, anonymous and document sources keep their description.


def test_an_anonymous_group_keeps_what_it_is():
    claims = claims_of("Two people briefed on the talks said the deal was close.")
    assert claim_with(claims, "deal was close").source.mention == "Two people briefed on the talks"


def test_a_spokesperson_for_a_body_is_a_person():
    claims = claims_of("A spokesperson for the port authority said the cranes were repaired.")
    claim = claim_with(claims, "cranes were repaired")
    assert claim.source.mention == "A spokesperson for the port authority"
    assert claim.source.kind == "person"


def test_a_report_is_linked_to_who_wrote_it():
    claims = claims_of("A report by the audit office found that the fund had lost money.")
    claim = claim_with(claims, "lost money")
    assert claim.source.name == "the audit office"
    assert claim.source.kind == "government"
    assert claim.source.role == "A report by the audit office"


def test_who_issued_a_statement_is_the_source_of_what_it_says():
    claims = claims_of(
        "On Saturday, the harbour master issued a statement saying that the port would "
        "reopen in May."
    )
    assert claim_with(claims, "port would reopen").source.mention == "the harbour master"


def test_a_statement_put_out_by_an_office_is_the_offices():
    claims = claims_of(
        "The mayor's office put out a statement calling the strike \u201ca reckless act "
        "by a few dockers.\u201d"
    )
    assert claim_with(claims, "reckless act").source.mention == "The mayor's office"


# Headlines: a label before a colon speaks when it names someone, not a place or topic.


def test_a_headline_label_the_model_left_untyped_speaks():
    claims = claims_of("Holm: Harbour Fees Will Not Rise This Year\n\nThe council met on Monday.")
    assert claim_with(claims, "Harbour Fees").source.name == "Holm"


def test_a_headline_place_label_does_not_speak():
    claims = claims_of("Kyiv: Drones Hit Power Plant\n\nThe council met on Monday.")
    assert claim_with(claims, "Drones").source.kind == "publisher"


def test_a_headline_label_ending_in_a_full_stop_is_the_person_named_below():
    claims = claims_of(
        "Pence: Harbour fees will not rise this year.\n\nThe council met on Monday. Governor "
        "Mike Pence said the fees were fair."
    )
    claim = claim_with(claims, "Harbour fees")
    assert not claim.text.startswith("Pence")
    assert claim.source.kind == "person"
    assert claim.source.key == claim_with(claims, "fees were fair").source.key


def test_a_headline_label_is_named_in_full_once_the_article_gives_the_full_name():
    claims = claims_of(
        "Pence: Harbour fees will not rise this year.\n\nThe council met on Monday. Governor "
        "Mike Pence said the fees were fair."
    )
    assert claim_with(claims, "Harbour fees").source.name == "Mike Pence"


def test_a_topic_label_over_a_headline_with_a_full_stop_does_not_speak():
    claims = claims_of(
        "Brexit: Harbour fees will not rise this year.\n\nThe council met on Monday. Governor "
        "Mike Pence said the fees were fair."
    )
    assert claim_with(claims, "Harbour fees").source.kind == "publisher"
