"""What goes into the engine (an article, flat or with its structure) and what comes out.

The names say "extracted" so they never read as the Django models of the same idea
(`claims.models.Claim`, `claims.models.Source`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span

SOURCE_KINDS = (
    "person",
    "organisation",
    "government",
    "media",
    "publisher",
    "unattributed",
    "unknown",
)
QUOTE_KINDS = ("direct", "indirect", "mixed", "none")
BLOCK_KINDS = (
    "headline",
    "byline",
    "dateline",
    "body",
    "subheading",
    "caption",
    "footer",
    "boilerplate",
)


@dataclass(frozen=True)
class ExtractedSource:
    name: str
    mention: str
    kind: str
    role: str = ""
    start: int | None = None
    end: int | None = None
    key: str = ""
    # The name as written mixes alphabets (a Latin name with a Cyrillic "a", U+0430) or
    # hides invisible characters: it may pose as another source, so a reviewer should see.
    mixed_script: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mention": self.mention,
            "kind": self.kind,
            "role": self.role,
            "start": self.start,
            "end": self.end,
            "mixed_script": self.mixed_script,
        }


@dataclass(frozen=True)
class ExtractedClaim:
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    source: ExtractedSource
    cue: str = ""
    channel: str = ""
    quote: str = "none"
    checkworthiness: float = 0.0
    confidence: float = 0.0
    # The claim's words in the engine's own parse, so that what the checks read of it
    # (places, figures, dates) is found without parsing it again. Not part of the record.
    tokens: Span | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "source": self.source.to_dict(),
            "cue": self.cue,
            "channel": self.channel,
            "quote": self.quote,
            "checkworthiness": self.checkworthiness,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class TextBlock:
    """One paragraph of an article as the ingest side knows it: offsets into the text."""

    start: int
    end: int
    kind: str  # one of BLOCK_KINDS


@dataclass(frozen=True)
class ArticleInput:
    """An article with the structure the page gave it (trafilatura: paragraphs, headline,
    byline, date, site name). `blocks` index `text`; with none, the engine finds the
    paragraphs itself, as for pasted text."""

    text: str
    blocks: tuple[TextBlock, ...] = ()
    headline: str = ""
    byline: str = ""
    site_name: str = ""
    published: datetime.date | None = None


@dataclass(frozen=True)
class ExtractionResult:
    """The claims of one article and the language they were read in.

    `language` is an ISO 639-1 code ("en", "nb", "tr") or "" when the text is too short to
    tell. Only English is read: for any other language `claims` is empty and `notice` says
    so in words a reviewer can be shown.
    """

    claims: list[ExtractedClaim] = field(default_factory=list)
    language: str = ""
    language_confidence: float = 0.0
    notice: str = ""

    @property
    def supported(self) -> bool:
        return not self.notice

    def to_dict(self) -> dict[str, Any]:
        return {
            "claims": [c.to_dict() for c in self.claims],
            "language": self.language,
            "language_confidence": self.language_confidence,
            "notice": self.notice,
        }
