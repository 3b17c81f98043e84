"""Shared helpers for the extraction tests (no Django)."""

from __future__ import annotations

from pathlib import Path

from claims.extraction import Claim, extract

SAMPLES = Path(__file__).parent / "samples"


def claims_of(text: str, publisher: str = "Daily Ledger") -> list[Claim]:
    claims = extract(text, publisher=publisher)
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
    return claims


def claim_with(claims: list[Claim], words: str) -> Claim:
    matches = [c for c in claims if words in c.text]
    assert matches, f"no claim contains {words!r}: {[c.text for c in claims]}"
    return matches[0]
