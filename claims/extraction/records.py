"""Result records of the claim extraction engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class Source:
    name: str
    mention: str
    kind: str
    role: str = ""
    start: int | None = None
    end: int | None = None
    key: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mention": self.mention,
            "kind": self.kind,
            "role": self.role,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Claim:
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    source: Source
    cue: str = ""
    channel: str = ""
    quote: str = "none"
    checkworthiness: float = 0.0
    confidence: float = 0.0

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
