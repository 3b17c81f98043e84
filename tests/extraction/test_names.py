from __future__ import annotations

import pytest

from claims.extraction.names import is_name


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
