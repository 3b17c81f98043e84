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


def stored(claim_id: int, text: str, *, article_id: int, source_key: str = "agency") -> dict:
    """Facts as the pipeline stores them: from one parse of the claim, as a JSON dict."""
    import json

    from claims.checks import nlp, similarity

    doc = nlp.pipeline()(text)
    facts = facts_from(
        claim_id,
        article_id,
        text,
        source_key,
        source_key.title(),
        PUBLISHED,
        places.find_in_doc(doc),
        timeexpr.resolve(text, PUBLISHED),
        quantities.analyse_doc(doc),
        lemmas=similarity.content_lemmas_in_doc(doc),
    )
    return json.loads(json.dumps(facts.as_dict()))


def test_it_compares_stored_facts_without_parsing_any_text() -> None:
    from claims.checks import nlp, similarity

    target = stored(1, "Five people were killed in Vorna on Wednesday.", article_id=1)
    other = stored(2, "Seven people were killed in Vorna on Wednesday.", article_id=2)
    nlp.parse.cache_clear()
    similarity.content_lemmas.cache_clear()

    [match] = compare(target, [other])["matches"]

    assert nlp.parse.cache_info().currsize == similarity.content_lemmas.cache_info().currsize == 0
    assert (match["claim_id"], match["relation"]) == (2, "conflicting")


def test_a_claim_of_the_same_article_is_never_another_report() -> None:
    target = stored(1, "Five people were killed in Vorna on Wednesday.", article_id=1)
    same = stored(
        2, "Seven people were killed in Vorna on Wednesday.", article_id=1, source_key="police"
    )

    result = compare(target, [same])

    assert result["matches"] == []
    assert result["same_article"] == [
        {
            "claim_id": 2,
            "source_name": "Police",
            "relation": "differs",
            "reasons": ["different toll: 5 killed vs 7 killed"],
        }
    ]


def test_figures_of_different_events_are_not_compared() -> None:
    target = stored(1, "At least 9 drones hit the fuel depot in Vorna overnight.", article_id=1)
    other = stored(2, "Air defences shot down 25 drones over Vorna overnight.", article_id=2)

    [match] = compare(target, [other])["matches"]

    assert match["relation"] == "related"
    assert not [r for r in match["reasons"] if "figure" in r]


def test_a_figure_agrees_with_the_matching_part_of_a_breakdown() -> None:
    target = stored(1, "Air defences shot down 11 drones over Vorna overnight.", article_id=1)
    other = stored(
        2,
        "Air defences shot down 20 drones overnight, 11 over Vorna and 9 over Lessk.",
        article_id=2,
    )

    [match] = compare(target, [other])["matches"]

    assert match["relation"] == "supporting"
    assert "same figure: 11 drones shot down" in match["reasons"]


def test_the_same_wording_about_another_town_is_another_event() -> None:
    target = stored(1, "Two people were killed in Kharkiv on Wednesday.", article_id=1)
    other = stored(2, "Two people were killed in Kherson on Wednesday.", article_id=2)

    assert compare(target, [other]) == {"matches": []}


def test_two_spellings_of_one_city_are_the_same_place() -> None:
    target = stored(1, "Three people were killed in Kyiv on Wednesday.", article_id=1)
    other = stored(2, "Three people were killed in Kiev on Wednesday.", article_id=2)

    [match] = compare(target, [other])["matches"]

    assert match["relation"] == "supporting"
    assert "same place: Kyiv" in match["reasons"]


def test_children_killed_are_not_compared_with_people_killed() -> None:
    target = stored(1, "Two children were killed in Vorna on Wednesday.", article_id=1)
    other = stored(2, "Six people were killed in Vorna on Wednesday.", article_id=2)

    [match] = compare(target, [other])["matches"]

    assert match["relation"] == "related"


def test_stored_facts_read_back_as_the_same_facts() -> None:
    facts = facts_from(
        1, 10, TARGET, "governor", "Governor", PUBLISHED,
        places.find(TARGET), timeexpr.resolve(TARGET, PUBLISHED), quantities.analyse(TARGET),
        lemmas=["strike", "odesa"],
    )  # fmt: skip

    assert ClaimFacts.from_dict(facts.as_dict()) == facts


def test_two_short_lines_naming_one_country_are_not_one_report() -> None:
    target = stored(1, "We are America, the senator said.", article_id=1)
    other = stored(2, "This is America, the senator said.", article_id=2)

    assert all(m["relation"] == "related" for m in compare(target, [other])["matches"])
