"""Labels before a colon that never speak: topics ("Ukraine war:") and page furniture
("Update:", "Read more:"); and which headline labels do speak."""

from __future__ import annotations

from spacy.tokens import Span

from .cues import RESEARCH_WORDS
from .gazetteer import PLACE_NAMES
from .text import DATELINE_CITIES

TOPIC_WORDS = {
    "war",
    "crisis",
    "conflict",
    "live",
    "latest",
    "updates",
    "update",
    "explainer",
    "factbox",
    "timeline",
    "election",
    "elections",
    "vote",
    "budget",
    "attack",
    "attacks",
    "strike",
    "strikes",
    "day",
    "week",
    "briefing",
    "talks",
    "summit",
}


NOT_SPEAKERS = {
    "update",
    "note",
    "editor's note",
    "watch",
    "related",
    "read more",
    "photo",
    "video",
    "source",
    "sources",
    "credit",
    "warning",
    "correction",
    "breaking",
    "exclusive",
    "analysis",
    "opinion",
    "background",
    "context",
    "summary",
    "live",
    "timeline",
    "q",
    "a",
    "question",
    "answer",
    "quote",
    "transcript",
    "partial transcript",
    "full transcript",
    "explainer",
    "explained",
    "factbox",
    "fact check",
    "photos",
    "pictures",
    "interview",
    "podcast",
    "newsletter",
    "live updates",
    "what we know",
    "in pictures",
    "in depth",
}


def headline_speaker(span: Span, named: frozenset[str] = frozenset()) -> bool:
    """ "Governor: ..." or "Poll: ..." speak; "Ukraine war: ..." or "Live: ..." only label."""
    words = [t for t in span if not t.is_punct]
    if not words or any(t.lower_ in TOPIC_WORDS for t in words):
        return False
    if len(words) == 1 and words[0].lemma_.lower() in RESEARCH_WORDS:
        return True
    if any(t.ent_type_ in ("GPE", "LOC", "DATE", "EVENT") for t in words):
        return False
    if any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in words):
        return True
    # "Holm: ..." where the model gave the name no label: one or two proper nouns that
    # name no known place speak, as a headline label of a person or outlet does. A
    # capitalised word the model took for a common noun ("Pence: ...") speaks when the
    # article names a person or body with it; "Brexit: ..." stays a topic.
    label = " ".join(t.lower_ for t in words)
    return (
        len(words) <= 2
        and all(t.text[:1].isupper() and (t.pos_ == "PROPN" or t.lower_ in named) for t in words)
        and label not in PLACE_NAMES
        and label not in DATELINE_CITIES
    )


def leading_person(span: Span) -> Span | None:
    """The person's name a label opens with, when more words follow it."""
    if span[0].ent_type_ != "PERSON" or span[0].ent_iob_ != "B":
        return None
    end = span.start + 1
    while end < span.end and span.doc[end].ent_iob_ == "I":
        end += 1
    return span.doc[span.start : end] if end < span.end else None
