"""Pasted news text: captions, sub-headings, footers, offsets, junk."""

from __future__ import annotations

from claims.extraction import extract
from claims.extraction.text import segment

from .helpers import SAMPLES, claims_of


def test_it_skips_a_caption_pasted_twice_with_its_credit():
    text = (
        "Firefighters work at a damaged warehouse in Varnek, March 4, 2025\n"
        "Firefighters work at a damaged warehouse in Varnek, March 4, 2025 [Ola Berg/Nordpress]\n\n"
        "The warehouse was hit by two missiles, officials said."
    )
    claims = claims_of(text)
    assert all("Firefighters" not in c.text for c in claims)
    assert len(claims) == 1


def test_it_skips_ap_photo_credits_subheadings_and_read_more_lines():
    text = (
        "A protester holds a sign outside the court. (AP Photo/Jane Roe)\n\n"
        "The court adjourned until Monday.\n\n"
        "Rising costs\n\n"
        "Read more: Why the court matters\n\n"
        "Lawyers said the hearing would last a week."
    )
    claims = claims_of(text)
    texts = [c.text for c in claims]
    assert not any("protester" in t or "Rising costs" in t or "Read more" in t for t in texts)
    assert len(claims) == 2


def test_it_takes_the_publisher_from_a_source_footer_without_making_it_a_claim():
    text = "The port reopened on Friday.\n\nSource: Harbour Times"
    claims = extract(text).claims
    assert len(claims) == 1
    assert claims[0].source.kind == "publisher"
    assert claims[0].source.name == "Harbour Times"


def test_offsets_index_the_original_text_with_curly_quotes_nbsp_and_crlf():
    text = (
        "Minister\u00a0Ana\u00a0Ruiz said\u00a0\u201cthe tariffs \u2013 all of them \u2013 "
        "will go\u201d."
        "\r\n\r\nOfficials said 5\u00a0000 jobs were at risk, the union\u2019s leader warned."
    )
    claims = extract(text, publisher="Ledger").claims
    assert claims
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        assert claim.sentence_start <= claim.start < claim.end <= claim.sentence_end + 1
        source = claim.source
        if source.start is not None and source.end is not None:
            assert text[source.start : source.end] == source.mention


def test_it_never_raises_on_empty_whitespace_or_junk_input():
    junk = [
        "",
        "   \n\t  ",
        "\x00\x01\x02\ufffd\ufffd",
        "\u201c" * 10_000,
        '"' * 10_000,
        "said " * 5_000,
        "a" * 30_000,
        "He said: " + "\u201cyes\u201d, " * 3_000,
        "\n\n\n".join(["\u201cOpen quote"] * 50),
    ]
    for text in junk:
        claims = extract(text).claims
        for claim in claims:
            assert text[claim.start : claim.end] == claim.text


def test_it_caps_the_text_it_parses():
    text = "The plant produced 20 tonnes of steel. " * 200
    claims = extract(text, max_chars=400).claims
    assert claims
    assert max(c.end for c in claims) <= 400


def test_sample_articles_give_attributed_and_publisher_claims():
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        claims = extract(text).claims
        kinds = {c.source.kind for c in claims}
        assert "publisher" in kinds
        assert kinds & {"person", "government", "organisation"}
        for claim in claims:
            assert 0.0 <= claim.checkworthiness <= 1.0
            assert 0.0 <= claim.confidence <= 1.0
            assert claim.quote in ("direct", "indirect", "mixed", "none")


def test_figures_and_casualties_score_higher_than_pledges():
    claims = claims_of(
        "Shelling killed 14 civilians in Varnek on Tuesday, the regional governor said. "
        "The minister vowed to rebuild every school."
    )
    casualties = next(c for c in claims if "killed 14" in c.text)
    pledge = next(c for c in claims if "rebuild" in c.text)
    assert casualties.checkworthiness > pledge.checkworthiness


def test_a_first_line_opening_with_a_label_and_a_colon_is_a_headline_despite_its_full_stop():
    text = "Holm: Harbour fees will not rise this year.\n\nThe council met on Monday."
    assert [b.kind for b in segment(text)] == ["headline", "body"]


def test_a_dateline_in_capitals_opening_the_first_paragraph_leaves_it_body():
    text = "GENEVA: The council met on Monday.\n\nThe vote was close."
    assert segment(text)[0].kind == "body"
