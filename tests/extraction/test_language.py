"""Text that is not English is recognised and gives no invented claims."""
# ruff: noqa: RUF001 -- Turkish is written with the dotless i (U+0131); the sample must keep it.

from __future__ import annotations

from claims.extraction import extract
from claims.extraction.language import detect_language, is_foreign_paragraph

NORWEGIAN = (
    "Ordføreren sier at brua over fjorden blir stengt i minst to uker etter ulykken. "
    "Kommunen har ennå ikke fått noe svar fra departementet om hvem som skal betale."
)
TURKISH = (
    "Belediye başkanı, köprünün kazadan sonra en az iki hafta kapalı kalacağını söyledi. "
    "Bakanlık henüz masrafları kimin karşılayacağına dair bir açıklama yapmadı."
)


def test_it_gives_no_claims_and_a_plain_notice_for_a_norwegian_article():
    result = extract(f"Brua stengt i to uker\n\n{NORWEGIAN}")
    assert result.claims == []
    assert result.language in ("no", "nb", "nn", "da")
    assert not result.supported
    assert "Norwegian" in result.notice or "Danish" in result.notice
    assert "English" in result.notice


def test_it_gives_no_claims_for_a_turkish_article():
    result = extract(TURKISH)
    assert result.claims == []
    assert result.language == "tr"
    assert "Turkish" in result.notice


def test_an_english_article_is_read_and_says_so():
    result = extract("The mayor said the bridge over the fjord would close for two weeks.")
    assert result.language == "en"
    assert result.supported
    assert result.notice == ""
    assert result.claims


def test_a_norwegian_paragraph_inside_an_english_article_gives_no_claims():
    text = (
        "The mayor said the bridge over the fjord would close for two weeks.\n\n"
        f"{NORWEGIAN}\n\n"
        "Engineers will inspect the pillars on Monday, the council said."
    )
    result = extract(text)
    assert result.supported
    texts = " ".join(c.text for c in result.claims)
    assert "bridge over the fjord" in texts
    assert "pillars" in texts
    assert "Ordføreren" not in texts
    assert "departementet" not in texts


def test_a_few_words_are_too_few_to_call_a_language():
    assert detect_language("Guvernør").code == ""
    assert detect_language("Kyiv: live updates").code == ""


def test_a_short_english_headline_is_not_taken_for_foreign():
    result = extract("Port strike ends\n\nDock workers returned on Monday, the union said.")
    assert result.supported
    assert any("returned" in c.text for c in result.claims)


def test_an_english_headline_in_title_case_is_not_taken_for_foreign():
    text = (
        "Holm: I\u2019m Confident Voters Will Back The Harbour Plan.\n\n"
        "The mayor, Anna Holm, spoke to reporters at the harbour on Monday afternoon."
    )
    headline = extract(text).claims[0]
    assert headline.text.startswith("I\u2019m Confident")
    assert headline.source.name.endswith("Holm")


def test_a_german_headline_in_title_case_is_still_foreign():
    assert is_foreign_paragraph("Regierung Plant Neue Steuer Für Reiche Und Große Unternehmen.")
