"""House styles of outlets beyond US politics (wire copy, live blogs, European speech
dashes, broadsheet appositions), on sentences written here."""

from __future__ import annotations

from claims.extraction.text import dash_quote, segment

from .helpers import claim_with, claims_of

# A dash opens speech up to the frame that names its speaker; a dash item that opens
# with its own speaker and verb of saying is a list's bullet, the writer's report.


def test_dash_speech_ends_at_its_frame_and_the_next_sentence_is_the_writers():
    claims = claims_of(
        "- Ferries to the island were cancelled on Sunday, the harbour office said. "
        "It said 40 sailings would be lost."
    )
    assert claim_with(claims, "Ferries to the island").source.name == "the harbour office"
    assert claim_with(claims, "40 sailings").source.name == "the harbour office"


def test_a_dash_item_with_its_own_speaker_is_a_report_not_speech():
    claims = claims_of(
        "\u2013 We cannot pay for this, says Ines Varga.\n\n"
        "- Mayor Teodor Blum said the bridge would reopen in May."
    )
    assert claim_with(claims, "bridge would reopen").source.name == "Teodor Blum"


def test_a_frame_inside_a_clause_does_not_end_dash_speech():
    para = "\u2013 We said no, and the council said yes. Now we wait."
    start, end = dash_quote(para)
    assert para[start:end].strip() == "We said no, and the council said yes. Now we wait."


def test_the_frame_after_several_sentences_still_closes_dash_speech():
    para = "\u2013 It is over. The boats stay in port, says Malik. He left the hall."
    start, end = dash_quote(para)
    assert para[start:end].strip() == "It is over. The boats stay in port"


# Lines of one block with no full stop whose last line is the longest are not text wrapped
# at a width but separate lines (a live blog's list of key events).


def test_a_list_of_headlines_is_not_taken_for_one_wrapped_paragraph():
    text = (
        "Key events\n\n"
        "Four hurt as storm hits the northern coast\n"
        "Mayor says harbour will stay shut until Friday\n"
        "Power restored to most homes in Lindholm and Varde\n\n"
        "The storm reached the coast on Sunday night, the weather office said."
    )
    lines = [text[b.start : b.end] for b in segment(text)]
    assert "Mayor says harbour will stay shut until Friday" in lines


def test_text_wrapped_at_a_width_is_still_one_paragraph():
    text = (
        "The storm reached the northern coast late on Sunday\n"
        "night and cut power to four thousand homes, the\n"
        "weather office said."
    )
    assert len(segment(text)) == 1


# Of a name and a description set off by a comma, the name names the speaker and the
# description is its role; a place the NER took for a person's name names no one.


def test_a_body_described_after_its_name_is_named_without_the_description():
    claims = claims_of(
        "The Harbour Policy Institute, a research group in Lindholm, said rents had risen."
    )
    source = claim_with(claims, "rents had risen").source
    assert source.name == "The Harbour Policy Institute"
    assert "research group" in source.role


def test_a_body_named_after_its_description_is_named_by_the_name():
    claims = claims_of("The city's water utility, Aqualis, said supplies were safe.")
    assert claim_with(claims, "supplies were safe").source.name == "Aqualis"


def test_a_person_named_after_a_description_with_a_place_is_named_by_the_name():
    claims = claims_of(
        "The governor of Lindholm's Varde region, Pavel Orlik, wrote that a depot had burned."
    )
    assert claim_with(claims, "depot had burned").source.name == "Pavel Orlik"


def test_a_title_of_two_words_in_apposition_makes_a_person_the_pronoun_can_take():
    claims = claims_of(
        "A spokesperson for the council said budgets were tight. Mirela Dunst, chief "
        "executive of the charity Safehaven, said the figures were a disgrace. "
        'She added: "Families are paying for it."'
    )
    assert claim_with(claims, "Families are paying").source.name == "Mirela Dunst"


# Counts and figures speak for whoever made them: "figures from the audit office", "a
# Ledger tally".


def test_figures_from_a_body_are_that_bodys():
    claims = claims_of(
        "At least four ferry firms were hacked last year, according to figures from the "
        "Harbour Cyber Agency."
    )
    assert claim_with(claims, "four ferry firms").source.name == "the Harbour Cyber Agency"


def test_a_tally_named_by_its_maker_is_the_makers():
    claims = claims_of(
        "Since January, 300 shops have closed in Varde, according to a Ledger tally of "
        "council data.",
        publisher="Ledger",
    )
    assert claim_with(claims, "300 shops").source.name == "Ledger"


# "The company said" stands for the last business the article named as a source; a
# proper name ending in a corporate word ("... Rail", "... Bank") names a business.


def test_a_business_description_resolves_to_the_business_named_before():
    claims = claims_of(
        "Eastway Rail, which runs trains across the valley, said 40 services were cut.\n\n"
        "The company said it had found the fault.\n\n"
        "The operator added that refunds would be paid."
    )
    assert claim_with(claims, "40 services").source.kind != "person"
    assert claim_with(claims, "found the fault").source.name == "Eastway Rail"
    assert claim_with(claims, "refunds would be paid").source.name == "Eastway Rail"


def test_a_business_description_never_takes_a_person():
    claims = claims_of("Senator Ann Holt said the bill would pass. The company said it disagreed.")
    assert claim_with(claims, "it disagreed").source.name != "Ann Holt"


# A noun phrase reported as someone's states nothing without the verb that takes it:
# the claim keeps the verb ("rejected the new timetable").


def test_a_reported_object_keeps_its_verb():
    claims = claims_of("The transport minister rejected the new timetable on Friday.")
    claim = claim_with(claims, "the new timetable")
    assert claim.text.startswith("rejected")
    assert claim.source.name == "The transport minister"


def test_an_object_naming_someone_stays_without_the_verb():
    claims = claims_of('The mayor accused Ilse Brandt of "reckless spending".')
    claim = claim_with(claims, "reckless spending")
    assert not claim.text.startswith("accused")


def test_a_title_before_a_name_the_ner_took_for_a_body_still_names_a_person():
    claims = claims_of(
        "Defence Minister Rustem Orlov said the line had held.\n\n"
        "The defence minister also said new radars had arrived."
    )
    assert claim_with(claims, "line had held").source.name == "Rustem Orlov"
    assert claim_with(claims, "new radars").source.name == "Rustem Orlov"


def test_a_body_named_after_a_describing_noun_is_named_by_the_name():
    claims = claims_of(
        "The city was hit by 12 drones overnight, regional news agency Varde24 said."
    )
    source = claim_with(claims, "12 drones").source
    assert source.name == "Varde24"
    assert source.kind == "media"


# "One of them" is one of the group named before.


def test_one_of_them_speaks_for_the_group_named_before():
    claims = claims_of(
        "Three people familiar with the plan said the vote would be delayed. "
        "One of them said it could come in March."
    )
    source = claim_with(claims, "come in March").source
    assert source.name == "Three people familiar with the plan"
    assert source.mention == "One of them"


# A live blog's greeting and list openers are no claims; a paragraph that goes on with
# news after them keeps its claims.


def test_a_live_blog_greeting_is_boilerplate_but_news_after_it_is_not():
    text = (
        "Hello and welcome to our live coverage of the storm. Here are the main "
        "developments:\n\n"
        "Welcome to our live coverage. Ninety homes lost power overnight, the utility said."
    )
    kinds = [b.kind for b in segment(text)]
    assert kinds == ["boilerplate", "body"]
    claims = claims_of(text)
    assert claim_with(claims, "Ninety homes").source.name == "the utility"
    assert not any("main developments" in c.text for c in claims)
