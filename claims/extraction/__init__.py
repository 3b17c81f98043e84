"""Claim extraction and source attribution for news articles (plain Python over spaCy)."""

from __future__ import annotations

from .engine import MAX_CHARS, extract
from .model import DEFAULT_MODEL, load_pipeline
from .names import is_name
from .records import (
    ArticleInput,
    ExtractedClaim,
    ExtractedSource,
    ExtractionResult,
    TextBlock,
)
from .sources import normalize_alias

__all__ = [
    "DEFAULT_MODEL",
    "MAX_CHARS",
    "ArticleInput",
    "ExtractedClaim",
    "ExtractedSource",
    "ExtractionResult",
    "TextBlock",
    "extract",
    "is_name",
    "load_pipeline",
    "normalize_alias",
]
