"""The spaCy pipeline the checks share with the claim extractor."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from claims.extraction import load_pipeline

_model: str | None = None


def use_model(name: str | None) -> None:
    """Choose the spaCy model by name (None: the extractor's default). Call at start-up."""
    global _model
    _model = name or None
    parse.cache_clear()


# A worker runs a claim's checks one after another; most of them parse the same text.
@lru_cache(maxsize=256)
def parse(text: str) -> Doc:
    return pipeline()(text)


def pipeline() -> Language:
    return load_pipeline(_model)
