"""Shared helpers for the extraction tests (no Django)."""

from __future__ import annotations

from pathlib import Path

from claims.extraction import ExtractedClaim, extract

SAMPLES = Path(__file__).parent / "samples"


def claims_of(text: str, publisher: str = "Daily Ledger") -> list[ExtractedClaim]:
    claims = extract(text, publisher=publisher).claims
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
    return claims


def claim_with(claims: list[ExtractedClaim], words: str) -> ExtractedClaim:
    matches = [c for c in claims if words in c.text]
    assert matches, f"no claim contains {words!r}: {[c.text for c in claims]}"
    return matches[0]
