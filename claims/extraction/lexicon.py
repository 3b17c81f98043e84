"""Word lists are written as plain text blocks; this turns one into a set."""

from __future__ import annotations


def words(block: str) -> frozenset[str]:
    return frozenset(block.split())
