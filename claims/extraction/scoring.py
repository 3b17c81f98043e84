"""Check-worthiness of a claim and confidence in its attribution."""

from __future__ import annotations

from spacy.tokens import Span

from .lexicon import words

CASUALTY_WORDS = words(
    """
    kill killed dead die died death deaths injure injured wound wounded casualty
    casualties victim victims destroy destroyed damage damaged missing hostage hostages
    displace displaced strike attack shell shelling
    """
)
OPINION_CUES = {
    "call",
    "called for",
    "urge",
    "pledge",
    "vow",
    "promise",
    "believe",
    "think",
    "feel",
    "hope",
    "condemn",
    "praise",
    "welcome",
    "blast",
    "slam",
    "criticise",
    "criticize",
    "demand",
    "propose",
    "recommend",
    "fear",
    "wonder",
    "ask",
    "threaten",
}
MODALS = words(
    """
    should must ought could might may would will shall
    """
)
OPINION_WORDS = words(
    """
    crucial important terrible great disgrace shameful wonderful best worst believe
    think hope need want feel sad proud outrageous unacceptable barbaric
    """
)
NUMERIC_ENTS = words(
    """
    CARDINAL QUANTITY PERCENT MONEY ORDINAL
    """
)
PLACE_ENTS = words(
    """
    GPE LOC FAC
    """
)
TIME_ENTS = words(
    """
    DATE TIME
    """
)
PATTERN_CONFIDENCE = {
    "clause": 0.9,
    "according": 0.9,
    "noun": 0.8,
    "object": 0.75,
    "infinitive": 0.75,
    "postposed": 0.85,
    "parenthetical": 0.8,
    "quote": 0.8,
    "colon": 0.8,
    "turn": 0.8,
    "continuation": 0.65,
    "publisher": 0.7,
    "unattributed": 0.7,
}


def checkworthiness(span: Span, cue: str) -> float:
    """Figures, casualties, named places and dates score high; opinions and pledges low."""
    words = [t for t in span if not t.is_punct]
    if not words:
        return 0.0
    ents = {t.ent_type_ for t in words if t.ent_type_}
    lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
    score = 0.35
    if ents & NUMERIC_ENTS or any(t.like_num for t in words):
        score += 0.25
    if lemmas & CASUALTY_WORDS:
        score += 0.15
    if ents & PLACE_ENTS:
        score += 0.1
    if ents & TIME_ENTS:
        score += 0.1
    if ents & {"PERSON", "ORG", "NORP"}:
        score += 0.05
    cue_words = cue.lower().split()
    if cue.lower() in OPINION_CUES or (cue_words and _lemma_like(cue_words[0]) in OPINION_CUES):
        score -= 0.25
    if lemmas & MODALS:
        score -= 0.1
    if lemmas & OPINION_WORDS:
        score -= 0.1
    if span.text.rstrip().endswith("?"):
        score -= 0.3
    if len(words) < 5:
        score -= 0.1
    return round(min(1.0, max(0.0, score)), 2)


def _lemma_like(word: str) -> str:
    for suffix in ("ed", "ing", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            return stem[:-1] if stem.endswith("l") and stem.endswith("ll") else stem
    return word


def confidence(pattern: str, resolution: float) -> float:
    base = PATTERN_CONFIDENCE.get(pattern, 0.6)
    return round(max(0.0, min(1.0, base * resolution)), 2)
