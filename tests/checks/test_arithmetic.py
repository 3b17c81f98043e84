"""Totals and parts in any order and wording, and stated changes, in one claim."""

from __future__ import annotations

from typing import Any

import pytest

from claims.checks.quantities import analyse


def checks(text: str) -> list[dict[str, Any]]:
    return analyse(text)["arithmetic"]


def one(text: str) -> dict[str, Any]:
    [check] = checks(text)
    return check


def test_parts_after_a_comma_that_fall_short_of_the_total_are_flagged() -> None:
    result = analyse("Rescuers freed 25 people overnight, 14 in Vorna and 9 in Lessk.")

    [check] = result["arithmetic"]
    assert (check["kind"], check["sum"], check["consistent"]) == ("sum", 23, False)
    assert result["flags"] == ["parts add to 23, not the stated 25 people"]


@pytest.mark.parametrize(
    ("text", "total", "consistent"),
    [
        ("27 drones were shot down overnight, 15 over the Kalmin region and 10 over Dovresk.", 25,
         False),
        ("Forty shells hit the district on Monday, 30 in Vorna and 10 near Lessk.", 40, True),
    ],
)  # fmt: skip
def test_parts_placed_somewhere_break_down_a_total_even_after_its_verb(
    text: str, total: int, consistent: bool
) -> None:
    check = one(text)

    assert (check["kind"], check["sum"], check["consistent"]) == ("sum", total, consistent)


def test_figures_of_other_facts_after_a_verb_are_no_breakdown() -> None:
    assert checks("Twelve people died in the blast, 30 were injured and 5 are missing.") == []


def test_a_total_after_its_parts_is_checked() -> None:
    check = one("Fourteen people were rescued in Vorna and 9 in Lessk, 23 in all.")

    assert (check["total"]["value"], check["sum"], check["consistent"]) == (23, 23, True)


def test_a_total_named_as_a_total_of_is_checked_against_the_parts_after_it() -> None:
    check = one("A total of 60 homes lost power, 35 on Monday and 20 on Tuesday.")

    assert (check["sum"], check["consistent"]) == (55, False)


@pytest.mark.parametrize(
    ("text", "consistent"),
    [
        ("Of the 40 shells, 22 fell on the market and 18 on the station.", True),
        ("Of the 40 shells, 22 fell on the market and 28 on the station.", False),
    ],
)
def test_of_the_whole_introduces_its_parts(text: str, consistent: bool) -> None:
    assert one(text)["consistent"] is consistent


def test_parts_after_a_colon_may_name_kinds_of_the_total() -> None:
    check = one("Police detained 9 people: five men and four women.")

    assert (check["sum"], check["consistent"]) == (9, True)


def test_bare_parts_count_what_their_total_counts() -> None:
    result = analyse("Air defences shot down 20 drones, 11 over Vorna and 9 over Lessk.")

    assert [(q["value"], q["counted"], q["event"]) for q in result["quantities"]] == [
        (20, "drone", "shot down"),
        (11, "drone", "shot down"),
        (9, "drone", "shot down"),
    ]


def test_a_part_of_the_whole_counts_what_the_whole_counts() -> None:
    result = analyse("Of the 40 drones launched, 12 struck the port.")

    assert [(q["value"], q["counted"]) for q in result["quantities"]] == [
        (40, "drone"),
        (12, "drone"),
    ]
    assert result["arithmetic"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Shelling damaged 30 homes in Vorna, 12 in Lessk and 5 in Tiv.",
        "The fire destroyed 30 homes, 4 barns and 2 shops.",
        "Eight people were hurt, including two firefighters and a nurse.",
        "The storm cut power to 1 500 homes and closed 12 roads.",
        "Russia launched 50 drones, 41 of which were downed, and 6 missiles.",
    ],
)
def test_lists_that_are_no_breakdown_are_not_checked(text: str) -> None:
    assert checks(text) == []


@pytest.mark.parametrize(
    ("text", "consistent"),
    [
        ("Arrivals rose from 80 to 100, an increase of 25 percent.", True),
        ("Arrivals rose from 80 to 100, an increase of 20 percent.", False),
        ("The toll rose from 7 to 10, an increase of three.", True),
        ("The toll rose from 7 to 10, an increase of four.", False),
        ("Sales fell 10% from 300 to 270 units.", True),
        ("Support rose from 20% to 25%, up 5 percentage points.", True),
        ("Support rose from 20% to 25%, up 25 percentage points.", False),
        ("Support rose from 20% to 25%, a rise of 25 percent.", True),
        ("Traffic rose from 8,000 cars a day to 11,000, an increase of 40 percent.", False),
        ("Traffic rose from 8,000 cars a day to 10,000, an increase of 25 percent.", True),
        ("Fares went from 12 euros per week to 9, a cut of 25 percent.", True),
    ],
)
def test_a_stated_change_is_checked_against_from_and_to(text: str, consistent: bool) -> None:
    check = one(text)

    assert check["kind"] == "change"
    assert check["consistent"] is consistent


def test_a_percent_change_between_percentages_may_be_read_as_points() -> None:
    assert one("Turnout fell from 50 percent to 40 percent, a drop of 10 percent.")["consistent"]


def test_a_wrong_percent_change_says_what_the_change_is() -> None:
    result = analyse("Turnout fell from 50 percent to 40 percent, a drop of 30 percent.")

    assert result["flags"] == [
        "50 percent to 40 percent is a drop of 10 points (20%), not the stated 30 percent"
    ]


def test_a_change_in_the_wrong_direction_is_flagged() -> None:
    check = one("Arrivals rose from 100 to 80, an increase of 20 percent.")

    assert check["consistent"] is False
    assert "is a drop of 20 (20%)" in check["message"]


def test_a_change_without_a_stated_amount_is_not_checked() -> None:
    assert checks("Turnout was 61 percent, up from 55 percent in the last vote.") == []


def test_figures_each_said_of_something_else_are_not_parts() -> None:
    text = "Polls show her ahead 3 points, the Post 4 points, and the Times 2 points."

    assert checks(text) == []
