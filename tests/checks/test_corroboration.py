from __future__ import annotations

import datetime as dt

from claims.checks import places, quantities, timeexpr
from claims.checks.corroboration import ClaimFacts, compare, facts_from

PUBLISHED = dt.date(2024, 3, 7)


def facts(
    claim_id: int,
    text: str,
    *,
    article_id: int | None = None,
    source_key: str = "governor",
    source_name: str = "Regional governor",
    published: dt.date = PUBLISHED,
) -> ClaimFacts:
    return facts_from(
        claim_id,
        article_id if article_id is not None else claim_id * 10,
        text,
        source_key,
        source_name,
        published,
        places.find(text),
        timeexpr.resolve(text, published),
        quantities.analyse(text),
    )


TARGET = "A missile strike on Odesa on Wednesday killed 3 people, the regional governor said."


def test_facts_from_gathers_places_dates_and_figures() -> None:
    claim = facts(1, TARGET)

    assert claim.places == ("Odesa",)
    assert claim.date_from == claim.date_to == dt.date(2024, 3, 6)
    assert [(q["value"], q["event"]) for q in claim.quantities] == [(3, "killed")]


def test_facts_from_falls_back_to_the_publication_day_without_a_time_expression() -> None:
    claim = facts(1, "Drones hit an energy facility in Odesa, the operator said.")

    assert claim.date_from == claim.date_to == PUBLISHED


def test_it_finds_a_conflicting_toll_for_the_same_place_and_day() -> None:
    other = facts(
        2, "Five people were killed in Odesa on Wednesday, the emergency service said.",
        source_key="emergency", source_name="State Emergency Service",
    )  # fmt: skip

    [match] = compare(facts(1, TARGET), [other])["matches"]

    assert match["relation"] == "conflicting"
    assert "different toll: 3 killed vs 5 killed" in match["reasons"]
    assert "same place: Odesa" in match["reasons"]
    assert "same day" in match["reasons"]


def test_it_marks_a_report_with_the_same_toll_as_supporting() -> None:
    other = facts(
        2, "Three people died after a missile hit Odesa on Wednesday, police said.",
        source_key="police", source_name="National Police",
    )  # fmt: skip

    [match] = compare(facts(1, TARGET), [other])["matches"]

    assert match["relation"] == "supporting"
    assert "same figure: 3 killed" in match["reasons"]
    assert 0 < match["score"] <= 1


def test_a_different_toll_on_another_day_is_not_a_conflict() -> None:
    other = facts(
        2, "Five people were killed in Odesa on 12 January, the emergency service said.",
        source_key="emergency",
    )  # fmt: skip

    matches = compare(facts(1, TARGET), [other])["matches"]

    assert all(m["relation"] != "conflicting" for m in matches)


def test_it_ignores_claims_about_other_places_with_other_wording() -> None:
    other = facts(2, "Parliament in Kyiv passed the budget on Wednesday.", source_key="rada")

    assert compare(facts(1, TARGET), [other]) == {"matches": []}


def test_it_skips_the_same_claim_and_the_same_source_in_the_same_article() -> None:
    target = facts(1, TARGET, article_id=10)
    same_source = facts(2, TARGET, article_id=10)
    other_article = facts(3, TARGET, article_id=30)

    matches = compare(target, [target, same_source, other_article])["matches"]

    assert [m["claim_id"] for m in matches] == [3]


def test_it_sorts_matches_by_score_and_caps_them() -> None:
    target = facts(1, TARGET)
    close = facts(2, TARGET, source_key="agency")
    loose = facts(3, "Odesa was hit by drones on Wednesday.", source_key="mayor")

    result = compare(target, [loose, close], limit=1)

    assert [m["claim_id"] for m in result["matches"]] == [2]
