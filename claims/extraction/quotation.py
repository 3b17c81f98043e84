"""Quotation marks in a claim: which words are quoted, where a quotation is, and the marks a
claim's span must take or give back so that each quoted part stands between its own."""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span

QUOTE_MARKS = set("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e`")

# A quotation closing on a question or exclamation mark (or a comma, when a quotation inside
# it closes too), then a space: the parser takes the marks for a sentence end, so
# the frame after them ('?" the judge asked') loses its quotation.
_CLOSED_ON_MARK = re.compile(r"[?!,](?:''|[\"'\u201d\u2019\u00bb])+\s+")
# A frame opening with a name: one to four proper nouns, then a verb in the past or present
# and the end of the frame ('?" Ana Ruiz asked.', '!" Holm said, ...').
MAX_FRAME_NAME = 4


def keep_frames_with_quotes(doc: Doc) -> Doc:
    """Before parsing: the frame after a quotation that ends on "?", "!" or "," stays in the
    quotation's sentence ('"Will it recover?" the judge asked.'), so the cue finds its
    quotation. A frame starts in lower case, or is a name and a verb ending the sentence;
    a capitalised sentence of any other shape is a new sentence."""
    for match in _CLOSED_ON_MARK.finditer(doc.text):
        span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if span is not None and (span[0].is_lower or _named_frame(doc, span.start)):
            span[0].is_sent_start = False
    return doc


def _named_frame(doc: Doc, first: int) -> bool:
    i = first
    while i < len(doc) and i - first < MAX_FRAME_NAME and doc[i].tag_ in ("NNP", "NNPS"):
        i += 1
    if i == first or i + 1 >= len(doc) or doc[i].tag_ not in ("VBD", "VBZ"):
        return False
    return doc[i + 1].text in (",", ".")


def quoted_flags(doc: Doc, spans: list[tuple[int, int]]) -> list[bool]:
    starts = [s for s, _ in spans]
    flags = []
    for token in doc:
        i = bisect_right(starts, token.idx) - 1
        flags.append(i >= 0 and token.idx < spans[i][1])
    return flags


def quote_index(spans: list[tuple[int, int]], char: int) -> int:
    starts = [s for s, _ in spans]
    return bisect_right(starts, char) - 1


def balance_quotes(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Keep a closing quote mark when the claim opened the quotation inside itself."""
    marks = sum(1 for t in doc[start:end] if t.text in QUOTE_MARKS or t.text in ("``", "''"))
    closers = QUOTE_MARKS | {"''"}
    if marks % 2 == 1 and start > 0 and doc[start - 1].text in QUOTE_MARKS | {"``"}:
        first = next(t for t in doc[start:end] if t.text in QUOTE_MARKS or t.text in ("``", "''"))
        if first.text in ("\u201d", "\u2019", "\u00bb", "''") or first.i > start:
            return start - 1, end
    if marks % 2 == 1 and doc[start].text not in QUOTE_MARKS:
        if end < len(doc) and doc[end].text in closers:
            return start, end + 1
        if end + 1 < len(doc) and doc[end].is_punct and doc[end + 1].text in closers:
            return start, end + 2
    return start, end


def pair_quote_marks(
    doc: Doc, start: int, end: int, spans: list[tuple[int, int]]
) -> tuple[int, int]:
    """Give every quotation mark in a claim its partner.

    A claim that runs across a speaker's frame ('A," she said. "B') holds the closing mark
    of its first quotation and the opening mark of its last; read alone, its quoted words
    would be the frame ('" she said. "'), which is what the quote check would look for.
    Taking the opening mark before the first word and the closing mark after the last
    puts each quoted part between its own marks again.
    """
    if start >= end:
        return start, end
    text = doc.text
    first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    for q_start, q_end in spans:
        closes_inside = q_start < first < q_end <= last
        if closes_inside and _only_marks(text[q_start:first]):
            opening = doc.char_span(q_start, q_start + 1, alignment_mode="expand")
            if opening is not None:
                start = min(start, opening.start)
        opens_inside = first <= q_start < last < q_end
        if opens_inside and text[q_end - 1] in QUOTE_MARKS and _only_marks(text[last:q_end]):
            closing = doc.char_span(q_end - 1, q_end, alignment_mode="expand")
            if closing is not None:
                end = max(end, closing.end)
    return start, end


def _only_marks(between: str) -> bool:
    """Nothing but quotation marks, punctuation and spaces: no word is added by taking it."""
    return not any(ch.isalnum() for ch in between)


def quote_kind(span: Span, quoted: list[bool], pattern: str) -> str:
    words = [t for t in span if not t.is_punct and not t.is_space]
    inside = sum(quoted[t.i] for t in words)
    if not words or inside == 0:
        return "none" if pattern in ("publisher", "unattributed") else "indirect"
    if inside == len(words):
        return "direct"
    return "mixed"


# A quotation that no frame reports and that only the last speaker's turn gives a source
# needs a whole statement's words: shorter, it is a heading set off by dashes, a chant, a
# caption or an aside ('- Ready for the debate -', '"Hey, hey!"'), not a claim to check.
# A question stays: it is a turn of talk, and the parser often cuts its frame off after
# the question mark ('"Why now?" He asked ...').
MIN_UNFRAMED_WORDS = 6


def unframed_fragment(span: Span, pattern: str, cue: str) -> bool:
    """A short quotation carried on to the last speaker without a cue of its own."""
    if pattern != "continuation" or cue or not len(span):
        return False
    words = [w for w in span.text.split() if any(ch.isalnum() for ch in w)]
    return len(words) < MIN_UNFRAMED_WORDS and not _asks(span)


def _asks(span: Span) -> bool:
    """The span ends on a question mark, inside it or among the marks right after it."""
    for token in span.doc[span.end - 1 : span.end + 3]:
        if "?" in token.text:
            return True
        if token.i >= span.end and not token.is_punct and not token.is_space:
            return False
    return False
