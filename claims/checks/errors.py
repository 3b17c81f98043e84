"""Errors raised by the verification checks."""

from __future__ import annotations


class CheckError(Exception):
    """A check failed in a way that retrying will not fix (bad request, malformed answer)."""


class TransientCheckError(CheckError):
    """A check failed for a passing reason (timeout, connection, 429, 5xx): retry later."""
