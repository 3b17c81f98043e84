"""A frame the parser cut off as a sentence of its own ('"Will it hold?" Holm asked.' or
'"It will." Holm told reporters on Monday.'): it names the speaker of the quotation that
closes right before it, and states nothing itself."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .content import Quoted
from .cues import CLAUSE_CUES
from .quotation import quote_index
from .speakers import speaker_of

if TYPE_CHECKING:
    from .engine import Draft
    from .records import ExtractedSource

# What a verb of saying keeps when it frames a quotation and says nothing of its own: a
# clause, an infinitive or "that" would be a statement.
STATEMENT_DEPS = frozenset({"ccomp", "xcomp", "csubj", "mark", "parataxis"})
MAX_FRAME_TOKENS = 25


def ends_with_colon(sent: Span) -> bool:
    tokens = [t for t in sent if not t.is_space]
    return bool(tokens) and tokens[-1].text == ":"


def closing_frame(sent: Span, quoted: Quoted) -> tuple[Token, Span, Token] | None:
    """The cue and speaker of a sentence that only frames the quotation closing before it,
    and the quotation's last word."""
    doc = sent.doc
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if not words or len(sent) > MAX_FRAME_TOKENS or quoted(words[0]):
        return None
    before = words[0].i
    while before > 0 and (doc[before - 1].is_punct or doc[before - 1].is_space):
        before -= 1
    # The quotation must close between its last word and the frame.
    if before == 0 or before == words[0].i or not quoted(doc[before - 1]):
        return None
    cue = sent.root
    if (
        quoted(cue)
        or cue.pos_ != "VERB"
        or cue.lemma_.lower() not in CLAUSE_CUES
        or any(c.dep_ in STATEMENT_DEPS for c in cue.children)
    ):
        return None
    speaker, _ = speaker_of(cue)
    # A nickname in quotation marks may stand in the name ('Marcia "Cia" Price'); its head
    # may not.
    if speaker is None or quoted(speaker.root):
        return None
    return cue, speaker, doc[before - 1]


def framed_by(
    drafts: list[Draft],
    spans: list[tuple[int, int]],
    last_word: Token,
    source: ExtractedSource,
    cue: Token,
    resolution: float,
) -> list[Draft]:
    """The drafts of the quotation a closing frame follows: what seemed the reporter's own or
    an earlier speaker's goes on is the framed speaker's, one statement."""
    quotation = quote_index(spans, last_word.idx)
    out = list(drafts)
    for i in range(len(out) - 1, -1, -1):
        draft = out[i]
        words = [t for t in draft.sent.doc[draft.start : draft.end] if not t.is_punct]
        if (
            draft.pattern not in ("publisher", "continuation")
            or draft.cue
            or not words
            or quote_index(spans, words[0].idx) != quotation
            or not all(spans[quotation][0] <= t.idx < spans[quotation][1] for t in words)
        ):
            break
        out[i] = replace(
            draft,
            source=source,
            cue=cue.text,
            pattern="postposed",
            resolution=resolution,
            continuation=True,
            cue_index=cue.i,
        )
    return out
