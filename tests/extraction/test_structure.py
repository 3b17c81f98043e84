"""HTML pages reach the engine with their structure: paragraphs, headline, site name."""

from __future__ import annotations

from claims.extraction import ArticleInput, TextBlock, extract
from claims.outbound.documents import from_html

from .helpers import claim_with

PAGE = """<html><head><title>Port strike ends - The Harbour Times</title>
<meta property="og:site_name" content="The Harbour Times">
<meta name="author" content="Jo Lind"></head>
<body><article><h1>Port strike ends after nine days</h1>
<p>TARROW: The strike at the port ended on Tuesday, the union said.</p>
<h2>What the deal says</h2>
<p>"We got what we asked for," union leader Mara Holt told reporters.</p>
<p>Dock workers will return on Wednesday.</p></article></body></html>"""


def test_an_html_page_keeps_its_paragraphs_one_blank_line_apart():
    document = from_html(PAGE)
    assert document.text.split("\n\n")[:2] == [
        "Port strike ends after nine days",
        "TARROW: The strike at the port ended on Tuesday, the union said.",
    ]
    kinds = [b.kind for b in document.blocks]
    assert kinds == ["headline", "body", "subheading", "body", "body"]
    for block in document.blocks:
        assert (
            document.text[block.start : block.end].strip() == document.text[block.start : block.end]
        )
    assert document.publisher == "The Harbour Times"
    assert document.byline == "Jo Lind"


def test_the_engine_reads_the_page_structure_and_site_name():
    claims = extract(from_html(PAGE).for_extraction()).claims
    assert all("What the deal says" not in c.text for c in claims)
    strike = claim_with(claims, "strike at the port ended")
    assert strike.source.mention == "the union"
    assert "TARROW" not in strike.text
    own = claim_with(claims, "return on Wednesday")
    assert own.source.kind == "publisher"
    assert own.source.name == "The Harbour Times"


def test_given_blocks_are_read_as_given():
    text = "Bridge to close\nThe mayor said the bridge would close in May."
    blocks = (TextBlock(0, 15, "headline"), TextBlock(16, len(text), "body"))
    claims = extract(ArticleInput(text=text, blocks=blocks, site_name="Ledger")).claims
    claim = claim_with(claims, "bridge would close")
    assert claim.source.mention == "The mayor"
    assert all(c.text != "Bridge to close" or c.source.name == "Ledger" for c in claims)


def test_a_paragraph_nested_in_a_quote_appears_once():
    page = (
        "<html><body><article><h1>Ferry delayed</h1>"
        "<blockquote><p>The ferry will sail on Friday, the operator said.</p></blockquote>"
        "<p>Passengers were given vouchers.</p></article></body></html>"
    )
    document = from_html(page)
    assert document.text.count("The ferry will sail on Friday") == 1
    for block in document.blocks:
        assert document.text[block.start : block.end]
