from __future__ import annotations

import pytest

from claims.checks.places import find, normalize_place


def names(text: str) -> list[str]:
    return [place["name"] for place in find(text)["places"]]


@pytest.mark.parametrize(
    "written",
    ["the Belgorod region", "Belgorod region", "Belgorod oblast", "Belgorod Oblast", "Belgorod"],
)
def test_normalize_place_reduces_region_forms_to_the_name(written: str) -> None:
    assert normalize_place(written) == "Belgorod"


def test_normalize_place_drops_the_city_of() -> None:
    assert normalize_place("the city of Sumy") == "Sumy"


def test_it_finds_a_region_and_names_it_without_the_region_word() -> None:
    [place] = find("Two people were injured in the Belgorod region, the governor said.")["places"]

    assert (place["text"], place["name"], place["kind"]) == (
        "the Belgorod region",
        "Belgorod",
        "region",
    )


def test_it_splits_a_country_possessive_into_country_and_region() -> None:
    found = {
        p["name"]: p["kind"] for p in find("Drones hit Russia's Kursk region again.")["places"]
    }

    assert found == {"Russia": "country", "Kursk": "region"}


def test_it_finds_place_names_the_model_mislabels_after_over() -> None:
    text = "Air defences destroyed four drones over Bryansk and three over Oryol."

    assert names(text) == ["Bryansk", "Oryol"]


def test_it_finds_a_city_named_as_the_city_of() -> None:
    [place] = find("Shells fell on the city of Sumy, the mayor wrote.")["places"]

    assert (place["name"], place["kind"]) == ("Sumy", "city")


def test_it_deduplicates_places_by_name() -> None:
    text = "The Belgorod region was shelled; in Belgorod oblast, officials said, and in Belgorod."

    assert names(text) == ["Belgorod"]


def test_it_does_not_take_a_person_for_a_place() -> None:
    text = "In Volodymyr Zelensky's address, the president thanked air defence crews."

    assert names(text) == []


def test_its_offsets_point_at_the_place_in_the_text() -> None:
    text = "Firefighters worked through the night in Kharkiv Oblast."
    [place] = find(text)["places"]

    assert text[place["start"] : place["end"]] == "Kharkiv Oblast"


def test_it_finds_the_target_of_a_strike_on_a_place() -> None:
    assert names("A missile strike on Odesa killed three people.") == ["Odesa"]


def test_it_does_not_take_a_channel_for_a_place() -> None:
    assert names("The governor wrote on Telegram that the alert was over.") == []


def kinds(text: str) -> dict[str, str]:
    return {place["name"]: place["kind"] for place in find(text)["places"]}


@pytest.mark.parametrize(
    "text",
    [
        "The minister was grilled on Question Time last night.",
        "The Kremlin and the White House traded accusations.",
        "Fans of Manchester United marched to the ground.",
        "Florence Nightingale is remembered in the exhibition.",
        "Time is short, the envoy said.",
    ],
)
def test_names_that_are_not_places_are_not_taken_for_places(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Heavy snow hit Alberta and Manitoba.", {"Alberta": "province", "Manitoba": "province"}),
        ("Flooding hit Kerala again.", {"Kerala": "state"}),
        ("Storms hit Texas overnight.", {"Texas": "state"}),
        ("Aid reached the Sahel and the Horn of Africa.",
         {"Sahel": "region", "Horn of Africa": "region"}),
        ("Drones attacked the Volyn and Lviv regions.", {"Volyn": "region", "Lviv": "region"}),
        ("Britain and the US agreed new sanctions on Iran.",
         {"Britain": "country", "US": "country", "Iran": "country"}),
        ("Tankers were stopped in the Black Sea.", {"Black Sea": "sea"}),
    ],
)  # fmt: skip
def test_it_labels_places_with_their_kind_from_the_gazetteer(
    text: str, expected: dict[str, str]
) -> None:
    assert kinds(text) == expected


def test_a_province_is_not_labelled_a_city() -> None:
    assert kinds("Flooding closed roads across Ontario.") == {"Ontario": "province"}


def test_other_spellings_of_a_city_share_its_canonical_name() -> None:
    found = find("Strikes hit Kiev and Odessa overnight.")["places"]

    assert [(p["name"], p["canonical"], p["country"]) for p in found] == [
        ("Kiev", "Kyiv", "UA"),
        ("Odessa", "Odesa", "UA"),
    ]


def test_a_town_the_model_calls_a_person_is_a_place_after_near() -> None:
    assert kinds("Fighting flared near Bakhmut and Avdiivka.") == {
        "Bakhmut": "city",
        "Avdiivka": "city",
    }


def test_find_in_doc_reads_a_claim_span_of_a_larger_parse_without_parsing_again() -> None:
    from claims.checks import nlp
    from claims.checks.places import find_in_doc

    paragraph = "The mayor spoke briefly. Shells hit the Kharkiv region and Sumy overnight."
    span = list(nlp.pipeline()(paragraph).sents)[1]
    nlp.parse.cache_clear()

    result = find_in_doc(span.as_doc())

    assert nlp.parse.cache_info().currsize == 0
    assert result == find(span.text)
    assert [(p["name"], p["kind"]) for p in result["places"]] == [
        ("Kharkiv", "region"),
        ("Sumy", "city"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Sanders has a lead over Warren in the latest poll.",
        "Warren said the plan would fail.",
        "Mr. Lincoln visited the factory on Monday.",
        "Trump attacked Clinton in a speech.",
        "The Green Party won two seats.",
    ],
)
def test_a_person_or_a_body_named_like_a_town_is_not_a_place(text: str) -> None:
    assert names(text) == []


def test_a_large_town_the_model_takes_for_a_person_is_still_a_place() -> None:
    assert kinds("Belgorod came under fire again, the governor said.") == {"Belgorod": "city"}


def test_a_town_named_before_a_facility_is_a_place() -> None:
    assert names("Officials closed the Kherson bridge to traffic.") == ["Kherson"]
