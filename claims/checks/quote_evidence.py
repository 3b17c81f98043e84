"""Quotes checked against the evidence: do the quoted words appear in what was captured?

For a direct quote (or the quoted parts of a mixed one), each passage is looked for word
for word in the main text of every captured evidence page and in the article itself.
Words are compared with typographic quotes and apostrophes made plain, case folded and
spaces and punctuation between words ignored, so "We\u2019re ready," (a curly apostrophe)
matches "we're ready".
Where a passage is found nowhere, the longest run of its words that one text has is
shown, which is where a quote was cut or changed.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from typing import Any

from claims.checks.registry import CheckContext, CheckKind, ClaimInput, EvidenceText, Result

QUOTE_KINDS = ("direct", "mixed")
# Marks that open or close a quotation; single quotes are left out, being apostrophes too.
_QUOTE_MARKS = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u301d\u301e\uff02'
_QUOTED = re.compile(
    r"[\"\u201c\u201e\u00ab]([^\"\u201c\u201d\u201e\u00ab\u00bb]+)[\"\u201d\u00bb]"
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019\u02bc][^\W_]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})
MIN_WORDS = 2  # a single quoted word ("so-called") is no quotation to look for
CONTEXT_CHARS = 90
MIN_CLOSEST = 3  # a shorter run of shared words says nothing


def applies_to(quote_kind: str) -> bool:
    return quote_kind in QUOTE_KINDS


def quoted_passages(text: str, quote_kind: str) -> list[str]:
    """The words a claim puts in quotation marks: all of a direct quote, the quoted parts
    of a mixed one."""
    if quote_kind == "direct":
        passages = [text.strip().strip(_QUOTE_MARKS + "\u2018\u2019' ,.;:")]
    elif quote_kind == "mixed":
        passages = [m.group(1).strip(" ,.;:") for m in _QUOTED.finditer(text)]
    else:
        passages = []
    return [p for p in passages if len(words(p)) >= MIN_WORDS]


@dataclass(frozen=True)
class _Words:
    """A text as normalised words, with where each starts and ends in the original."""

    source: str
    words: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> _Words:
        return _indexed(text)

    @classmethod
    def _index(cls, text: str) -> _Words:
        matches = list(_WORD.finditer(text))
        return cls(
            source=text,
            words=[_normal(m.group()) for m in matches],
            starts=[m.start() for m in matches],
            ends=[m.end() for m in matches],
        )

    def find(self, needle: list[str]) -> int | None:
        """The index of the first word where `needle` appears word for word, or None."""
        if not needle or len(needle) > len(self.words):
            return None
        # Words joined by a separator no word holds: one substring search, then the word
        # index from the character offset.
        at = self._joined.find("\x1f" + "\x1f".join(needle) + "\x1f")
        if at < 0:
            return None
        return bisect.bisect_right(self._offsets, at) - 1

    @cached_property
    def _joined(self) -> str:
        return "\x1f" + "\x1f".join(self.words) + "\x1f"

    @cached_property
    def _offsets(self) -> list[int]:
        offsets, position = [], 0
        for word in self.words:
            offsets.append(position)
            position += len(word) + 1
        return offsets

    def context(self, first: int, count: int) -> str:
        start, end = self.starts[first], self.ends[first + count - 1]
        before = self.source[max(0, start - CONTEXT_CHARS) : start]
        after = self.source[end : end + CONTEXT_CHARS]
        text = " ".join(f"{before}[{self.source[start:end]}]{after}".split())
        lead = "…" if start > CONTEXT_CHARS else ""
        tail = "…" if end + CONTEXT_CHARS < len(self.source) else ""
        return f"{lead}{text}{tail}"


# The claims of one article are checked against its text one after another: index it once.
@lru_cache(maxsize=8)
def _indexed(text: str) -> _Words:
    return _Words._index(text)


def _normal(word: str) -> str:
    if word.isascii():  # most words of English news: NFKC and the apostrophes change nothing
        return word.lower()
    return unicodedata.normalize("NFKC", word).translate(_APOSTROPHES).casefold()


def words(text: str) -> list[str]:
    return [_normal(m.group()) for m in _WORD.finditer(text)]


def _place(found: EvidenceText) -> dict[str, Any]:
    return {
        "where": found.where,
        "url": found.url,
        "title": found.title,
        "captured_at": found.captured_at,
    }


def look_up(passage: str, texts: list[tuple[EvidenceText, _Words]]) -> dict[str, Any]:
    """Where `passage` appears in `texts`, or the nearest thing to it when nowhere."""
    needle = words(passage)
    found = []
    for text, indexed in texts:
        first = indexed.find(needle)
        if first is not None:
            found.append({**_place(text), "context": indexed.context(first, len(needle))})
    closest = None
    if not found:
        size, index, first = 0, -1, 0
        for at, (_, indexed) in enumerate(texts):
            match = SequenceMatcher(None, needle, indexed.words, autojunk=False).find_longest_match(
                0, len(needle), 0, len(indexed.words)
            )
            if match.size > size:
                size, index, first = match.size, at, match.b
        if size >= MIN_CLOSEST:
            text, indexed = texts[index]
            closest = {
                **_place(text),
                "matched": size,
                "context": indexed.context(first, size),
            }
    return {"quote": passage, "words": len(needle), "found": found, "closest": closest}


def _summary(quotes: list[dict[str, Any]], evidence_count: int) -> str:
    in_evidence = [any(f["where"] == "evidence" for f in q["found"]) for q in quotes]
    in_article = [any(f["where"] == "article" for f in q["found"]) for q in quotes]
    one = len(quotes) == 1
    if evidence_count == 0:
        lead = "No captured evidence yet to check the quote against"
    elif all(in_evidence):
        pages = {f["url"] for q in quotes for f in q["found"] if f["where"] == "evidence"}
        lead = (
            f"The quoted {'passage appears' if one else 'passages appear'} word for word in "
            f"{len(pages)} of {evidence_count} captured evidence page"
            + ("s" if evidence_count != 1 else "")
        )
    elif any(in_evidence):
        lead = f"Only {sum(in_evidence)} of {len(quotes)} quoted passages appear in the evidence"
    else:
        checked = f"{evidence_count} page" + ("s" if evidence_count != 1 else "")
        lead = f"The quoted words are not in any captured evidence ({checked} checked)"
    if all(in_article):
        return f"{lead}; the article has them as quoted."
    return f"{lead}; the article does not have them word for word."


def _run(claim: ClaimInput, context: CheckContext) -> Result:
    passages = quoted_passages(claim.text, claim.quote)
    if not passages:
        return {"applicable": False, "summary": "Not a direct quote.", "quotes": []}
    texts = [(text, _Words.of(text.text)) for text in context.evidence_texts(claim)]
    quotes = [look_up(passage, texts) for passage in passages]
    evidence_count = sum(1 for text, _ in texts if text.where == "evidence")
    return {
        "applicable": True,
        "quotes": quotes,
        "evidence_checked": evidence_count,
        "in_evidence": all(any(f["where"] == "evidence" for f in q["found"]) for q in quotes),
        "in_article": all(any(f["where"] == "article" for f in q["found"]) for q in quotes),
        "summary": _summary(quotes, evidence_count),
    }


KIND = CheckKind(name="quote_evidence", title="Quote in the evidence", order=55, run=_run)


__all__ = ["KIND", "applies_to", "look_up", "quoted_passages", "words"]
