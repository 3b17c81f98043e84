from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from claims.checks.timeexpr import resolve

PUBLISHED = dt.date(2024, 2, 15)  # a Thursday


def one(text: str, published: dt.date | None = PUBLISHED) -> dict[str, Any]:
    [expression] = resolve(text, published)["expressions"]
    return expression


@pytest.mark.parametrize(
    ("sentence", "phrase", "date_from", "date_to", "granularity"),
    [
        ("The governor said on Wednesday that two schools were hit.", "on Wednesday",
         "2024-02-14", "2024-02-14", "day"),
        ("The ministry said the previous day that the bridge was closed.", "the previous day",
         "2024-02-14", "2024-02-14", "day"),
        ("Kyiv came under fire yesterday, the mayor wrote on Telegram.", "yesterday",
         "2024-02-14", "2024-02-14", "day"),
        ("Power was restored today in most districts, the operator said.", "today",
         "2024-02-15", "2024-02-15", "day"),
        ("Officials said last week that 40 drones had been shot down.", "last week",
         "2024-02-05", "2024-02-11", "week"),
        ("Shelling intensified last month, according to the regional governor.", "last month",
         "2024-01-01", "2024-01-31", "month"),
        ("Russia launched 30 drones overnight, the air force said.", "overnight",
         "2024-02-14", "2024-02-15", "range"),
        ("The offensive began on January 2, the general staff said.", "on January 2",
         "2024-01-02", "2024-01-02", "day"),
        ("The order was signed on 2 January 2024, the ministry said.", "on 2 January 2024",
         "2024-01-02", "2024-01-02", "day"),
        ("The dam was damaged in March, engineers said.", "in March",
         "2023-03-01", "2023-03-31", "month"),
        ("Earlier this month the army said 12 drones were downed.", "Earlier this month",
         "2024-02-01", "2024-02-15", "month"),
        ("The depot was hit three days ago, satellite images show.", "three days ago",
         "2024-02-12", "2024-02-12", "day"),
        ("The city was shelled on New Year's Eve, the governor said.", "on New Year's Eve",
         "2023-12-31", "2023-12-31", "day"),
    ],
)  # fmt: skip
def test_it_resolves_expressions_against_the_publication_date(
    sentence: str, phrase: str, date_from: str, date_to: str, granularity: str
) -> None:
    expression = one(sentence)

    assert expression["text"] == phrase
    assert (expression["date_from"], expression["date_to"]) == (date_from, date_to)
    assert expression["granularity"] == granularity
    assert sentence[expression["start"] : expression["end"]] == phrase


def test_on_a_weekday_includes_the_publication_day_itself() -> None:
    expression = one("The strike happened on Thursday morning, the mayor said.")

    assert expression["date_from"] == "2024-02-15"


def test_last_weekday_said_on_that_weekday_is_a_week_earlier() -> None:
    assert one("The talks collapsed last Thursday, diplomats said.")["date_from"] == "2024-02-08"


def test_since_runs_from_the_end_of_last_year_to_publication() -> None:
    expression = one("More than 300 drones have been launched since the end of last year.")

    assert expression["text"] == "since the end of last year"
    assert expression["granularity"] == "range"
    assert expression["date_from"].startswith("2023-12")
    assert expression["date_to"] == "2024-02-15"


def test_a_hedged_ago_is_approximate() -> None:
    expression = one("The bridge was first hit almost two years ago, officials said.")

    assert expression["text"] == "almost two years ago"
    assert expression["approximate"] is True
    assert expression["date_from"] <= "2022-02-15" <= expression["date_to"]


def test_a_plain_ago_is_exact() -> None:
    assert one("The convoy left two days ago.")["approximate"] is False


def test_without_a_publication_date_it_resolves_only_absolute_dates() -> None:
    text = "Yesterday the ministry said the order of 2 January 2024 stood; on Friday it changed."

    expressions = resolve(text, None)["expressions"]

    assert [e["text"] for e in expressions] == ["2 January 2024"]
    assert expressions[0]["date_from"] == "2024-01-02"


def test_it_does_not_read_may_the_verb_as_a_month() -> None:
    assert resolve("Officials may close the border, the minister said.", PUBLISHED) == {
        "expressions": []
    }


def test_it_finds_several_expressions_in_order() -> None:
    text = "On Tuesday the governor said strikes overnight had hit the town of Izium."

    assert [e["text"] for e in resolve(text, PUBLISHED)["expressions"]] == [
        "On Tuesday",
        "overnight",
    ]


def test_it_does_not_read_a_lowercase_month_word_with_a_number_as_a_date() -> None:
    text = "Officials said the ministry may 5 times extend the curfew."

    assert resolve(text, PUBLISHED) == {"expressions": []}
