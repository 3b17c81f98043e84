"""Where what was said before a mid-sentence frame ends ("Prices rose, she said, because
..."): the tail the parser hung on the cue rather than on the content."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .content import Quoted, has_subject
from .cues import CLAUSE_CUES

# Words opening a phrase that goes on with what was said after a mid-sentence frame
# ("Prices rose, she said, because ..."), unlike one saying how or when it was said.
TAIL_OPENERS = frozenset(
    {"because", "since", "although", "though", "unless", "including", "rather", "despite"}
    | {"than", "instead"}
)


def frame_tail(cue: Token, sent: Span, start: int, end: int, quoted: Quoted) -> int:
    """Where what was said before a mid-sentence frame ends: past the frame, when the
    parser hung the rest of the statement on the cue ("The plan will pass, she said,
    because the votes are there"; "Costs rose, the report said, including fuel"; "Nor
    has the council any plans, aides say, to raise the tax")."""
    if not start < end <= cue.i or quoted(cue):
        return end
    doc = cue.doc
    if any(not t.is_punct and not t.is_space for t in doc[end : cue.i]) and not any(
        t.i in range(end, cue.i) for t in cue.subtree if t.dep_ in ("nsubj", "nsubjpass")
    ):
        return end
    for child in (c for c in cue.rights if c.dep_ not in ("cc", "punct")):
        edge = child.left_edge.i - (child.dep_ == "conj")
        if edge < 1 or doc[edge - 1].text != "," or quoted(child):
            continue
        first = doc[child.left_edge.i]
        infinitive = child.dep_ == "xcomp" and first.lower_ == "to" and child.tag_ == "VB"
        opener = child.dep_ in ("prep", "advcl") and first.lower_ in TAIL_OPENERS
        if infinitive or opener or _and_tail(child, quoted, quoted(doc[start])):
            return max(end, min(child.right_edge.i + 1, sent.end))
        break
    return end


def _and_tail(child: Token, quoted: Quoted, after_quote: bool) -> bool:
    """ "Rents rose, the office said, and wages fell": a clause the parser joined to the cue
    with ", and" goes on with what was said, unless it is a new cue, the speaker's act, or
    the reporter's narration after a quotation ('"We won," he said, and the crowd cheered')."""
    cc = child.doc[child.left_edge.i - 1] if child.left_edge.i > 1 else child
    tail_quoted = any(quoted(t) for t in child.subtree)
    return (
        child.dep_ == "conj"
        and cc.dep_ == "cc"
        and child.lemma_.lower() not in CLAUSE_CUES
        and (tail_quoted or (has_subject(child) and not after_quote))
    )
