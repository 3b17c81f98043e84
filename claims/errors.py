from __future__ import annotations

from typing import Any

from django.db import InterfaceError, OperationalError

# Errors that say the database is unreachable for now, not that the work is wrong: tasks
# retry on them, and the work is never marked failed for them.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)


class ServiceError(Exception):
    """The one error type services raise; views and the API turn it into a response.

    `code` is a stable machine-readable name, `status` the HTTP status a caller should use.
    """

    code = "invalid"
    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.detail = detail or {}


class ConflictError(ServiceError):
    """Someone else changed the row since the caller read it."""

    code = "conflict"
    status = 409


class TooLargeError(ServiceError):
    code = "too_large"
    status = 413


class NotFoundError(ServiceError):
    """The row the caller named does not exist (or no longer does)."""

    code = "not_found"
    status = 404
