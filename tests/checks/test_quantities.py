from __future__ import annotations

from typing import Any

import pytest

from claims.checks.quantities import analyse


def only(text: str, fragment: str) -> dict[str, Any]:
    """The one quantity whose text contains `fragment`."""
    found = [q for q in analyse(text)["quantities"] if fragment in q["text"]]
    assert len(found) == 1, found
    return found[0]


def test_it_finds_a_digit_figure_with_what_it_counts() -> None:
    quantity = only("Kyiv said Russian forces fired 1,200 shells at the town.", "1,200")

    assert (quantity["value"], quantity["unit"], quantity["counted"]) == (1200, "shells", "shell")
    assert quantity["text"] == "1,200 shells"


def test_its_offsets_point_at_the_figure_in_the_text() -> None:
    text = "The governor wrote on Telegram that 14 drones were downed."
    quantity = only(text, "14")

    assert text[quantity["start"] : quantity["end"]] == "14 drones"


def test_it_reads_number_words() -> None:
    quantity = only("Twenty-five soldiers were captured near the river.", "soldiers")

    assert quantity["value"] == 25
    assert quantity["approximate"] is False


def test_it_counts_one_person() -> None:
    quantity = only("One person was killed when the shell hit a bus stop.", "person")

    assert (quantity["value"], quantity["counted"], quantity["event"]) == (1, "person", "killed")


def test_it_reads_a_dozen_as_twelve() -> None:
    assert only("A dozen homes burned after the strike.", "homes")["value"] == 12


def test_it_multiplies_a_number_of_dozens() -> None:
    assert only("Officials said two dozen ambulances were sent.", "dozen")["value"] == 24


def test_it_reads_half_a_million() -> None:
    quantity = only("Half a million residents lost power in the port city.", "million")

    assert quantity["value"] == 500_000
    assert quantity["counted"] == "resident"


def test_it_reads_a_decimal_million() -> None:
    assert only("The ministry said 1.5 million people had fled.", "million")["value"] == 1_500_000


def test_it_reads_several_dozen_as_an_approximate_range() -> None:
    quantity = only("Several dozen missiles were launched at the capital.", "dozen")

    assert quantity["value"] is None
    assert (quantity["low"], quantity["high"], quantity["approximate"]) == (24, 96, True)


def test_it_reads_dozens_as_fewer_than_a_hundred() -> None:
    quantity = only("Dozens of people were wounded, the mayor said.", "Dozens")

    assert (quantity["low"], quantity["high"], quantity["counted"]) == (24, 99, "person")


def test_it_reads_hundreds_as_an_approximate_range() -> None:
    quantity = only("Hundreds of families were evacuated from the frontline villages.", "Hundreds")

    assert (quantity["low"], quantity["high"], quantity["approximate"]) == (200, 999, True)


@pytest.mark.parametrize(
    ("sentence", "bound", "low", "high", "approximate"),
    [
        ("Officials counted more than 300 drones in the attack.", "more than", 301, None, False),
        ("The blast killed at least 31 people, police said.", "at least", 31, None, False),
        ("Nearly 40 people were injured in the strike.", "nearly", 36, 40, True),
        ("Up to 50 buildings were damaged, the mayor said.", "up to", None, 50, False),
        ("Around 20 civilians were evacuated overnight.", "around", 18, 22, True),
        ("Some 15 tanks crossed the border, the ministry said.", "some", 13.5, 16.5, True),
        ("About 60 soldiers were detained at the checkpoint.", "about", 54, 66, True),
        ("Fewer than 10 trains ran on Monday.", "fewer than", None, 9, False),
    ],
)
def test_it_reads_bounded_and_approximate_forms(
    sentence: str, bound: str, low: float | None, high: float | None, approximate: bool
) -> None:
    quantity = analyse(sentence)["quantities"][0]

    assert quantity["bound"] == bound
    assert (quantity["low"], quantity["high"], quantity["approximate"]) == (low, high, approximate)
    assert quantity["text"].lower().startswith(bound)


def test_it_reads_a_between_range() -> None:
    quantity = only("Between 20 and 30 soldiers surrendered, Kyiv said.", "soldiers")

    assert (quantity["low"], quantity["high"], quantity["bound"]) == (20, 30, "between")


def test_it_reads_a_trailing_or_more_as_a_lower_bound() -> None:
    quantity = only("The governor said 40 or more shells hit the town.", "40")

    assert (quantity["low"], quantity["high"]) == (40, None)


def test_it_ties_a_toll_to_the_verb_that_says_what_happened() -> None:
    quantity = only("The strike killed twelve civilians, officials said.", "twelve")

    assert (quantity["counted"], quantity["event"]) == ("civilian", "killed")


def test_it_does_not_count_years_dates_times_or_ordinals() -> None:
    text = "In 2023, on 2 January, at 10:30, the third convoy left with 8 trucks."

    assert [q["text"] for q in analyse(text)["quantities"]] == ["8 trucks"]


@pytest.mark.parametrize(
    "text",
    [
        "VELMORA, 10 March - Ferries stopped, with 240 crossings cancelled.",
        "KALMIN, March 9 (Wire) - Ferries stopped, with 240 crossings cancelled.",
    ],
)
def test_a_day_of_the_month_the_tagger_missed_is_no_count(text: str) -> None:
    assert [q["text"] for q in analyse(text)["quantities"]] == ["240 crossings"]


def test_a_number_before_a_month_that_counts_something_is_a_count() -> None:
    text = "By March 12 protesters had gathered at the gate."

    assert [q["text"] for q in analyse(text)["quantities"]] == ["12 protesters"]


def test_it_keeps_percentages_with_unit_percent() -> None:
    text = "Turnout fell to 25% and heating reached 12 per cent of homes."

    found = analyse(text)["quantities"]

    assert [(q["value"], q["unit"]) for q in found] == [(25, "%"), (12, "%")]


def test_it_finds_parts_that_add_up_to_the_stated_total() -> None:
    result = analyse(
        "Air defences shot down 12 missiles \u2013 six over the Belgorod region and six over Kursk."
    )

    [check] = result["arithmetic"]
    assert check["consistent"] is True
    assert check["sum"] == 12
    assert check["message"] == "6 + 6 = 12 missiles: consistent"
    assert result["flags"] == []


def test_it_flags_parts_that_do_not_add_up_to_the_stated_total() -> None:
    result = analyse(
        "The army shot down 10 drones: four over Bryansk, three over Oryol and two over Kursk."
    )

    [check] = result["arithmetic"]
    assert check["consistent"] is False
    assert [p["value"] for p in check["parts"]] == [4, 3, 2]
    assert result["flags"] == ["parts add to 9, not the stated 10 drones"]


def test_it_flags_parts_that_fall_short_of_a_lower_bound() -> None:
    result = analyse("More than 10 shells fell: four on the market and five on the school.")

    assert result["flags"] == ["parts add to 9, not the stated More than 10 shells"]


def test_it_does_not_read_an_including_clause_as_a_breakdown() -> None:
    result = analyse("Ten people were killed, including three children and two medics.")

    assert result["arithmetic"] == []


def test_it_reads_a_breakdown_after_a_comma_closed_by_and() -> None:
    result = analyse("Air defences shot down 31 drones, 19 over Dovresk and 14 over Kalmin.")
    (check,) = result["arithmetic"]
    assert [p["value"] for p in check["parts"]] == [19, 14]
    assert check["consistent"] is False
    assert result["flags"] == ["parts add to 33, not the stated 31 drones"]


@pytest.mark.parametrize(
    "text",
    [
        "Shelling killed 5 people, 3 of them children.",
        "The strike hit 40 homes, 12 shops and 3 schools.",
        "Russia launched 45 drones, 30 of which were downed, and 4 missiles.",
    ],
)
def test_a_comma_list_of_other_things_is_not_a_breakdown(text: str) -> None:
    assert analyse(text)["arithmetic"] == []


def test_its_result_is_plain_json() -> None:
    import json

    result = analyse("At least 31 people were killed and 12 missiles: six and six.")

    assert json.loads(json.dumps(result)) == result


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Some 48 000 people fled the town.", 48_000),
        ("Some 48\u202f000 people fled the town.", 48_000),
        ("Some 48\u2009000 people fled the town.", 48_000),
        ("Some 48\u00a0000 people fled the town.", 48_000),
        ("The port handled 1 250 000 tonnes of grain.", 1_250_000),
    ],
)
def test_thousands_separated_by_a_space_are_one_figure(text: str, value: int) -> None:
    [quantity] = analyse(text)["quantities"]

    assert quantity["value"] == value
    assert text[quantity["start"] : quantity["end"]] == quantity["text"]


def test_a_year_is_not_joined_to_the_figure_after_it() -> None:
    text = "In 2024 300 soldiers were captured."

    assert [q["value"] for q in analyse(text)["quantities"]] == [300]


def test_a_range_of_spaced_thousands_is_one_range() -> None:
    quantity = only("Between 10 000 and 12 000 people were evacuated.", "people")

    assert (quantity["low"], quantity["high"]) == (10_000, 12_000)


def test_from_to_after_a_change_word_is_two_figures_not_a_range() -> None:
    text = "Arrivals rose from 80 to 100 last week."

    assert [q["value"] for q in analyse(text)["quantities"]] == [80, 100]


def test_from_to_without_a_change_word_is_a_range() -> None:
    quantity = only("The brigade had from 20 to 30 tanks.", "tanks")

    assert (quantity["low"], quantity["high"]) == (20, 30)


def test_analyse_doc_reads_a_claim_span_of_a_larger_parse_without_parsing_again() -> None:
    from claims.checks import nlp
    from claims.checks.quantities import analyse_doc

    paragraph = "The mayor spoke. Air defences shot down 20 drones, 11 over Vorna and 8 over Lessk."
    span = list(nlp.pipeline()(paragraph).sents)[1]
    nlp.parse.cache_clear()

    result = analyse_doc(span.as_doc())

    assert nlp.parse.cache_info().currsize == 0
    assert result == analyse(span.text)
    assert result["flags"] == ["parts add to 19, not the stated 20 drones"]


def test_an_age_after_a_name_is_not_a_figure() -> None:
    assert analyse("Maria Lenz, 43, said the shelter was full.")["quantities"] == []


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("Union officials said 1,200 of the port's 1,450 workers voted for the deal.", "worker"),
        ("The firm said 300 of its 900 staff would leave by June.", "staff"),
        ("Police detained 40 of the marchers near the bridge.", "marcher"),
    ],
)
def test_a_part_counts_the_object_of_of_not_a_possessor_on_the_way(text: str, counted: str) -> None:
    first = analyse(text)["quantities"][0]
    assert first["counted"] == counted
