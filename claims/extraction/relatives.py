"""Cues in relative clauses: where what was said starts and ends, and what it leaves of
the statement around it."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .cues import ADDRESSEE_CUES

RELATIVE_WORDS = ("which", "who", "whom")


def aside_relative(cue: Token) -> Span | None:
    """ "the levy, which the mayor called a windfall": a relative clause set off by a comma
    adds a statement of its own about a noun already named. Its cue reports that statement
    even inside someone else's, and the antecedent is no part of it."""
    if cue.dep_ != "relcl" or cue.head.i == cue.i:
        return None
    doc = cue.doc
    first = doc[cue.left_edge.i]
    if first.lower_ not in RELATIVE_WORDS or first.i == 0 or doc[first.i - 1].text != ",":
        return None
    return doc[first.i : cue.right_edge.i + 1]


def relative_antecedent(cue: Token, start: int) -> int | None:
    """ "the $20 million that experts say it costs": the antecedent belongs to the content.

    The cue sits in a relative clause with a subject of its own, so what was said is about
    the noun the clause modifies; the claim starts at that noun phrase (frame inside). Set
    off by a comma, the clause speaks of a noun already named: it starts the claim itself.
    """
    head = cue.head
    if cue.dep_ != "relcl" or head.i == cue.i or head.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None
    if not any(
        c.dep_ == "nsubj" and c.lower_ not in ("who", "that", "which") for c in cue.children
    ):
        return None
    if head.i >= cue.i:
        return None
    aside = aside_relative(cue)
    if aside is not None:
        return aside.start if aside.start <= start else None
    first = head.left_edge.i
    return first if first < start else None


def end_before_aside(aside: Span, start: int, end: int) -> int:
    """Where a statement holding the aside ends: before the aside, when nothing follows it
    ("he backed the tax, which he called fair": he said he backed the tax)."""
    doc = aside.doc
    if not start < aside.start < end or not all(t.is_punct for t in doc[aside.end : end]):
        return end
    end = aside.start
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return end


def gapped_relative(cue: Token, clause: Token) -> Token | None:
    """ "cited remarks Holm had made about her": a clause with its own subject but no
    object, right after the cue's object, is a relative clause of that object the parser
    hung on the cue; the object is what it tells of. Not after a verb of telling, whose
    object is the one told ("told reporters he would run")."""
    if cue.lemma_.lower() in ADDRESSEE_CUES or any(
        c.dep_ in ("dobj", "ccomp", "xcomp", "oprd") for c in clause.children
    ):
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i < clause.i), None)
    if obj is None or obj.right_edge.i + 1 != clause.left_edge.i:
        return None
    if obj.pos_ == "PRON" or obj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return None
    return obj
