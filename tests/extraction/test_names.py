"""Names: which mentions are names, and look-alike names that fold to one source."""

from __future__ import annotations

import pytest

from claims.extraction import normalize_alias
from claims.extraction.names import fold_name, is_name

from .helpers import claim_with, claims_of


@pytest.mark.parametrize(
    "mention",
    [
        "Ines Varga",
        "Varga",
        "Health Minister Ines Varga",
        "Reuters",
        "President Tariq",
        "Russia's Ministry of Defence",
        "the Kremlin",
        "NATO",
    ],
)
def test_a_mention_with_a_proper_name_is_a_name(mention: str) -> None:
    assert is_name(mention)


@pytest.mark.parametrize(
    "mention",
    [
        "The minister",
        "the premier",
        "the ministry",
        "The Ministry of Defence",
        "Health Minister",
        "President",
        "she",
        "Officials",
        "Regional officials",
        "Two people briefed on the talks",
        "A spokesperson for the port authority",
        "Firefighters",
        "",
    ],
)
def test_a_description_pronoun_or_title_alone_is_not_a_name(mention: str) -> None:
    assert not is_name(mention)


CYRILLIC_A = "\u0430"
CYRILLIC_O = "\u043e"
ZERO_WIDTH = "\u200b"


def test_a_cyrillic_letter_in_a_latin_name_folds_to_the_latin_name_and_is_flagged():
    folded = fold_name(f"P{CYRILLIC_A}vel K{CYRILLIC_O}rn")
    assert folded.text == "Pavel Korn"
    assert folded.suspicious


def test_a_zero_width_space_inside_a_name_is_dropped_and_flagged():
    folded = fold_name(f"Ana Co{ZERO_WIDTH}sta")
    assert folded.text == "Ana Costa"
    assert folded.suspicious


def test_full_width_letters_fold_by_nfkc_without_a_flag():
    folded = fold_name("\uff2f\uff4d\uff41\uff52 Tariq")
    assert folded.text == "Omar Tariq"
    assert not folded.suspicious


def test_a_name_wholly_in_another_alphabet_is_kept_as_written():
    folded = fold_name("\u0417\u0435\u043b\u0435\u043d\u0441\u044c\u043a\u0438\u0439")
    assert folded.text == "\u0417\u0435\u043b\u0435\u043d\u0441\u044c\u043a\u0438\u0439"
    assert not folded.suspicious


def test_look_alike_names_share_one_registry_key():
    assert normalize_alias(f"P{CYRILLIC_A}vel Korn") == normalize_alias("Pavel Korn")
    assert normalize_alias(f"Pavel{ZERO_WIDTH} Korn") == normalize_alias("Pavel Korn")


def test_a_disguised_mention_resolves_to_the_named_source_and_is_flagged():
    claims = claims_of(
        "Health Minister Pavel Korn said the clinics would reopen on Monday. "
        f"Later, P{CYRILLIC_A}vel K{CYRILLIC_O}rn said the vaccines had arrived."
    )
    first = claim_with(claims, "clinics would reopen")
    second = claim_with(claims, "vaccines had arrived")
    assert first.source.key == second.source.key
    assert second.source.name == "Pavel Korn"
    assert second.source.mixed_script
    assert not first.source.mixed_script


def test_a_first_name_the_tagger_left_out_stays_with_the_surname_after_a_title():
    for sentence in (
        "Kursk governor Alexei Smirnov wrote on Telegram that debris had damaged a school.",
        "Regional governor Alexei Smirnov said a school was hit.",
    ):
        claim = claim_with(claims_of(sentence), "school")
        assert claim.source.name == "Alexei Smirnov", sentence
        assert claim.source.role.lower().endswith("governor")
