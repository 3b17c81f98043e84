from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from claims.checks.timeexpr import TIME_WORD, dateline_date, resolve

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

    result = resolve(text, None)

    assert [e["text"] for e in result["expressions"]] == ["2 January 2024"]
    assert result["expressions"][0]["date_from"] == "2024-01-02"
    # The others are listed, with why they have no date.
    assert [(u["text"], u["reason"]) for u in result["unresolved"]] == [
        ("Yesterday", "the article has no publication date to count from"),
        ("on Friday", "the article has no publication date to count from"),
    ]


def test_without_a_publication_date_a_day_counted_from_a_named_date_resolves() -> None:
    result = resolve("Talks began on 3 March 2024 and collapsed a week later.", None)
    assert [(e["text"], e["date_from"]) for e in result["expressions"]] == [
        ("on 3 March 2024", "2024-03-03"),
        ("a week later", "2024-03-10"),
    ]
    assert "unresolved" not in result


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


TUESDAY = dt.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("sentence", "phrase", "date_from", "date_to"),
    [
        ("The crossing will remain shut until Sunday, officials said.", "until Sunday",
         "2026-03-15", "2026-03-15"),
        ("Officials said the bridge would reopen on Friday.", "on Friday",
         "2026-03-13", "2026-03-13"),
        ("On Friday, parliament will vote on the budget.", "On Friday",
         "2026-03-13", "2026-03-13"),
        ("The vote is scheduled for next Thursday.", "next Thursday",
         "2026-03-12", "2026-03-12"),
        ("Talks will resume this week.", "this week", "2026-03-09", "2026-03-15"),
        ("No decision is expected this year.", "this year", "2026-01-01", "2026-12-31"),
        ("Earlier this year the plant was closed.", "Earlier this year",
         "2026-01-01", "2026-03-10"),
        ("Later this week the envoy will arrive.", "Later this week", "2026-03-10", "2026-03-15"),
        ("The report will be published next month.", "next month", "2026-04-01", "2026-04-30"),
        ("The results are due in three weeks.", "in three weeks", "2026-03-31", "2026-03-31"),
        ("The festival will open on 12 March.", "on 12 March", "2026-03-12", "2026-03-12"),
        ("The festival opened on 12 March.", "on 12 March", "2025-03-12", "2025-03-12"),
        ("Elections will be held in March.", "in March", "2026-03-01", "2026-03-31"),
    ],
)  # fmt: skip
def test_it_resolves_the_future_and_whole_periods_the_claim_speaks_of(
    sentence: str, phrase: str, date_from: str, date_to: str
) -> None:
    expression = one(sentence, TUESDAY)

    assert expression["text"] == phrase
    assert (expression["date_from"], expression["date_to"]) == (date_from, date_to)


def test_until_a_weekday_in_the_past_tense_looks_back() -> None:
    assert one("The crossing was shut until Sunday.", TUESDAY)["date_from"] == "2026-03-08"


def test_by_a_weekday_in_the_past_perfect_looks_back() -> None:
    assert one("By Friday the army had withdrawn.", TUESDAY)["date_from"] == "2026-03-06"


def test_a_span_of_time_in_the_past_is_not_a_date() -> None:
    assert resolve("Prices rose 10% in two weeks.", TUESDAY) == {"expressions": []}


@pytest.mark.parametrize(
    ("sentence", "phrase", "date"),
    [
        ("The dam burst on 4 March; three days later the river peaked.", "three days later",
         "2026-03-07"),
        ("The truce began on Sunday and collapsed two days later.", "two days later",
         "2026-03-10"),
        ("Officials met on 5 March; a week earlier, the envoy had left.", "a week earlier",
         "2026-02-26"),
        ("The bridge fell on 3 March; the day after, the ferry stopped.", "the day after",
         "2026-03-04"),
        ("The ferry stopped two days after 3 March.", "two days after", "2026-03-05"),
    ],
)  # fmt: skip
def test_it_counts_an_anchored_expression_from_the_date_the_claim_names(
    sentence: str, phrase: str, date: str
) -> None:
    [expression] = [e for e in resolve(sentence, TUESDAY)["expressions"] if e["text"] == phrase]

    assert (expression["date_from"], expression["date_to"]) == (date, date)


def test_an_anchored_expression_without_a_date_to_count_from_is_unresolved() -> None:
    result = resolve("The convoy had left a week earlier, the army said.", TUESDAY)

    assert result["expressions"] == []
    [unresolved] = result["unresolved"]
    assert unresolved["text"] == "a week earlier"
    assert unresolved["reason"] == "counts from a date the claim does not name"


def test_an_expression_counting_from_an_undated_event_says_which_event() -> None:
    result = resolve("The plant shut two days before the election.", TUESDAY)

    assert result["expressions"] == []
    assert result["unresolved"] == [
        {
            "text": "two days before",
            "start": 15,
            "end": 30,
            "reason": "counts from an event the claim does not date: the election",
        }
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "According to the Sunday Times, the deal is off.",
        "The Good Friday Agreement was signed by both sides.",
    ],
)
def test_a_weekday_in_a_name_is_not_a_date(sentence: str) -> None:
    assert resolve(sentence, TUESDAY) == {"expressions": []}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Dovresk, 10 March 2026\nThe port stayed shut.", "2026-03-10"),
        ("Port stays shut\nPublished 10 March 2026, 14:32 GMT\nText.", "2026-03-10"),
        ("By Ana Costa | March 10, 2026\nText.", "2026-03-10"),
        ("Dovresk, 10 March 2026\nUpdated 11 March 2026\nText.", "2026-03-10"),
        ("2026-03-10\nText.", "2026-03-10"),
    ],
)
def test_a_dateline_or_byline_at_the_top_gives_the_publication_date(text: str, day: str) -> None:
    assert dateline_date(text) == dt.date.fromisoformat(day)


@pytest.mark.parametrize(
    "text",
    [
        "Strikes kill 12 on 3 March 2024\nText.",  # an event's date in a headline
        "Strikes on 3 March 2024 kill 12\nText.",
        "Talks collapsed in 2024\nText.",  # a year is no day
        "One\nTwo\nThree\nFour\n10 March 2026",  # too far down
        "The ministry said the holiday of 10 March 2026 would be moved to the following week.",
        "Port stays shut\nText with no date.",
    ],
)
def test_a_date_in_a_headline_or_sentence_is_no_publication_date(text: str) -> None:
    assert dateline_date(text) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Moreover three days ago the port closed.", ["three days ago"]),  # no "over" hedge
        ("The depot burned onMonday, the post said.", []),  # no date inside a word
        ("Sources saidMarch 3 was the deadline.", []),
    ],
)
def test_a_time_expression_starts_at_a_word(text: str, found: list[str]) -> None:
    assert [e["text"] for e in resolve(text, PUBLISHED)["expressions"]] == found


@pytest.mark.parametrize(
    "phrase",
    [
        "on Monday evening",
        "the previous day",
        "three weeks later",
        "the following month",
        "overnight",
        "last night",
        "later this year",
        "next month",
        "will open in two years",
        "at the end of last month",
        "on Christmas Eve",
        "New Year's Day",
        "almost two years ago",
        "tomorrow",
        "tonight",
        "this morning",
        "Sept. 11",
        "on 4 Jan",
        "2023-05-01",
        "since 2019",
    ],
)
def test_every_rule_passes_the_quick_scan_for_a_time_word(phrase: str) -> None:
    # The scan spares claims with no time word the rules' scans: none of the rules' own
    # phrases may be turned away by it.
    assert TIME_WORD.search(phrase)
    found = resolve(f"Officials said it {phrase}.", PUBLISHED)
    texts = [e["text"] for e in found["expressions"] + found.get("unresolved", [])]
    assert any(phrase.split()[-1] in text for text in texts), (phrase, texts)


def test_a_claim_without_a_time_word_resolves_nothing() -> None:
    assert resolve("The mayor said the bridge was safe.", PUBLISHED)["expressions"] == []
