"""Verification checks run on a claim: plain functions over plain data, results as JSON dicts.

`registry` holds the one list of kinds; each check module declares its own.
"""

from __future__ import annotations

from claims.checks.errors import CheckError, TransientCheckError
from claims.checks.registry import (
    CheckContext,
    CheckKind,
    CheckOptions,
    ClaimInput,
    EvidenceText,
    Result,
    all_kinds,
    enabled_kinds,
    kind_named,
)

__all__ = [
    "CheckContext",
    "CheckError",
    "CheckKind",
    "CheckOptions",
    "ClaimInput",
    "EvidenceText",
    "Result",
    "TransientCheckError",
    "all_kinds",
    "enabled_kinds",
    "kind_named",
]
