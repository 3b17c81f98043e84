from __future__ import annotations

from claims.checks import EvidenceText
from claims.checks.quote_evidence import KIND, quoted_passages
from claims.checks.registry import ClaimInput

ARTICLE = (
    'Oleg Varga told reporters: "We are ready to return to the table. We are not ready '
    'to be lied to," adding that the exchange was "not off the table".'
)
STATEMENT = (
    "Statement of the presidential office. \u201cWe\u2019re ready to return to the table.\n"
    "We are not  ready to be lied to,\u201d the spokesman said on Monday."
)


class Context:
    """The archive as a check sees it: here, fixed texts."""

    def __init__(self, *texts: EvidenceText) -> None:
        self.texts = list(texts)

    def evidence_texts(self, claim: ClaimInput) -> list[EvidenceText]:
        return self.texts


def _evidence(text: str, url: str = "https://office.example.org/statement") -> EvidenceText:
    return EvidenceText(
        where="evidence", url=url, text=text, title="Statement", captured_at="2026-03-10T09:00:00"
    )


ARTICLE_TEXT = EvidenceText(where="article", url="https://courier.example.org/a", text=ARTICLE)


def _run(text: str, quote: str, context: Context) -> dict:
    claim = ClaimInput(claim_id=1, article_id=1, text=text, quote=quote)
    return KIND.run(claim, context)  # type: ignore[arg-type]  # a stand-in for the archive


def test_a_direct_quote_is_found_in_evidence_with_typographic_quotes_and_spaces_normalised():
    result = _run(
        "We are ready to return to the table. We are not ready to be lied to",
        "direct",
        Context(_evidence(STATEMENT.replace("We\u2019re", "We are")), ARTICLE_TEXT),
    )
    assert result["applicable"] is True
    assert result["in_evidence"] is True
    assert result["in_article"] is True
    (quote,) = result["quotes"]
    assert [f["where"] for f in quote["found"]] == ["evidence", "article"]
    assert quote["found"][0]["url"] == "https://office.example.org/statement"
    assert (
        "[We are ready to return to the table. We are not ready to be lied to]"
        in (quote["found"][0]["context"])
    )
    assert result["summary"].startswith("The quoted passage appear")


def test_a_curly_apostrophe_and_case_do_not_hide_a_match():
    result = _run(
        "we\u2019re ready to return to the table", "direct", Context(_evidence(STATEMENT))
    )
    assert result["in_evidence"] is True


def test_a_changed_quote_is_not_found_and_the_nearest_run_of_words_is_shown():
    result = _run(
        "We are ready to return to the table. We will not be lied to",
        "direct",
        Context(_evidence(STATEMENT.replace("We\u2019re", "We are")), ARTICLE_TEXT),
    )
    assert result["in_evidence"] is False
    (quote,) = result["quotes"]
    assert quote["found"] == []
    # "We are ready to return to the table. We" (sentence breaks are not words)
    assert quote["closest"]["matched"] == 9
    assert quote["closest"]["where"] == "evidence"
    assert "not in any captured evidence (1 page checked)" in result["summary"]
    assert "the article does not have them" in result["summary"]


def test_the_quoted_parts_of_a_mixed_claim_are_each_looked_for():
    text = 'the exchange was "not off the table" but would not happen this month'
    assert quoted_passages(text, "mixed") == ["not off the table"]
    result = _run(text, "mixed", Context(_evidence(STATEMENT), ARTICLE_TEXT))
    (quote,) = result["quotes"]
    assert [f["where"] for f in quote["found"]] == ["article"]
    assert result["in_evidence"] is False
    assert result["in_article"] is True


def test_without_captured_evidence_the_check_says_so():
    result = _run("We are not ready to be lied to", "direct", Context(ARTICLE_TEXT))
    assert result["evidence_checked"] == 0
    assert result["summary"].startswith("No captured evidence yet")


def test_a_claim_that_quotes_nobody_is_not_checked():
    result = _run("The port handles a third of grain exports", "indirect", Context(ARTICLE_TEXT))
    assert result == {"applicable": False, "summary": "Not a direct quote.", "quotes": []}


def test_a_one_word_quotation_is_no_quote_to_look_for():
    assert quoted_passages('the so-called "ceasefire" held', "mixed") == []
