"""Properties of the extractor over arbitrary and news-like text (hypothesis)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claims.extraction import ExtractedClaim, extract

# Characters editors paste: every kind of quote mark, dashes, exotic spaces, right-to-left
# script and marks, control characters, line and paragraph separators.
AWKWARD = (
    "\"'`\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb\u2039\u203a"
    "\u2013\u2014\u2015\u2212-:;,.!?()[]\u2026"
    "\u00a0\u2009\u202f\u200b\ufeff\u2028\u2029\t\r\n \x00\x07\x1b\x7f\x85"
    "\u05e9\u05dc\u05d5\u05dd\u0645\u0631\u062d\u0628\u0627\u200f\u200e\u202b\u202c\u202e"
    "\u0301\u00e9\u00df\u0130\ufb01"
)
any_text = st.text(
    alphabet=st.one_of(st.sampled_from(AWKWARD), st.characters(codec="utf-8")), max_size=400
)

SPEAKERS = [
    "Mayor Ivan Doyle",
    "the ministry",
    "he",
    "she",
    "officials",
    "a spokeswoman for the port authority",
    "Dr. Amara Osei, the chief medical officer,",
    "Rep. Jo Vance (D-Ore.)",
    "who",
    "\u05d3\u05d5\u05d1\u05e8",
]
CUES = ["said", "told reporters", "warned", "added", "according to", "wrote on X", "denied"]
CLAUSES = [
    "the bridge would reopen on Friday",
    "12 drones were shot down overnight",
    "no casualties were reported",
    "the situation continues to be tense",
    "prices rose 4 percent in May",
    "\u0627\u0644\u0648\u0636\u0639 \u0645\u062a\u0648\u062a\u0631",
    "the plan was, in his words, a disgrace",
]
OPENERS = ["\u201c", "\u201d", '"', "'", "\u2018", "\u00ab", "``", "''", "(", ""]
JOINERS = [" ", ", ", ". ", ": ", " \u2014 ", "\n", "\n\n", "; ", ",\u201d ", '." "']


@st.composite
def news_like(draw: st.DrawFn) -> str:
    """Sentences built from news-style pieces, with quote marks that may never close."""
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(SPEAKERS),
                st.sampled_from(CUES),
                st.sampled_from(CLAUSES),
                st.sampled_from(OPENERS),
                st.sampled_from(AWKWARD),
            ),
            min_size=1,
            max_size=40,
        )
    )
    joiners = draw(st.lists(st.sampled_from(JOINERS), min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + j for p, j in zip(pieces, joiners, strict=True))


@st.composite
def long_sentence(draw: st.DrawFn) -> str:
    """One sentence of hundreds of clauses and no full stop, as a bad paste gives."""
    clause = draw(st.sampled_from(CLAUSES))
    speaker = draw(st.sampled_from(SPEAKERS))
    repeat = draw(st.integers(min_value=50, max_value=400))
    joiner = draw(st.sampled_from([", and ", " \u2014 ", ", ", " "]))
    return f"{speaker} said \u201c" + joiner.join([clause] * repeat)


def assert_offsets_index_the_text(text: str, claims: list[ExtractedClaim]) -> None:
    for claim in claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        assert claim.text.strip() == claim.text
        assert 0 <= claim.sentence_start <= claim.start
        assert claim.end <= claim.sentence_end <= len(text)
        source = claim.source
        if source.start is not None or source.end is not None:
            assert source.start is not None
            assert source.end is not None
            assert 0 <= source.start < source.end <= len(text)
            assert text[source.start : source.end] == source.mention


def check(text: str) -> None:
    claims = extract(text, publisher="Daily Ledger").claims  # an engine error fails the test
    assert_offsets_index_the_text(text, claims)


@settings(max_examples=60, deadline=None)
@given(any_text)
def test_arbitrary_text_never_fails_and_claims_index_the_text(text: str) -> None:
    check(text)


@settings(max_examples=60, deadline=None)
@given(news_like())
# Found by this test: a speaker phrase that trims to nothing, a stray full stop parsed as a
# second subject of "said", and a quotation resumed after its frame across a sentence end.
@example("Mayor Ivan Doyle according to ', ")
@example("Mayor Ivan Doyle. said the bridge would reopen on Friday ")
@example('Mayor Ivan Doyle Mayor Ivan Doyle wrote on X Mayor Ivan Doyle said." "Mayor Ivan Doyle ')
def test_news_like_text_with_stray_quotes_never_fails_and_claims_index_the_text(
    text: str,
) -> None:
    check(text)


@settings(max_examples=10, deadline=None)
@given(long_sentence())
def test_a_very_long_unclosed_quotation_never_fails_and_claims_index_the_text(
    text: str,
) -> None:
    check(text)


def test_the_offset_check_fails_on_a_claim_that_misstates_its_text() -> None:
    text = "The talks resumed in Geneva on Tuesday."
    claim = extract(text, publisher="Daily Ledger").claims[0]
    moved = ExtractedClaim(**{**claim.__dict__, "start": claim.start + 1})
    try:
        assert_offsets_index_the_text(text, [moved])
    except AssertionError:
        return
    raise AssertionError("a claim whose offsets do not match its text passed the check")
