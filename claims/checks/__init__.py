"""Verification checks run on a claim: plain functions over plain data, results as JSON dicts."""

from __future__ import annotations

from claims.checks.errors import CheckError, TransientCheckError

# The order reviewers see the checks in.
KINDS: tuple[str, ...] = (
    "quantities",
    "time",
    "places",
    "corroboration",
    "prior_verdicts",
    "source_record",
    "external_factchecks",
)

__all__ = ["KINDS", "CheckError", "TransientCheckError"]
