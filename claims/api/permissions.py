"""What a caller may do follows their role; a read-only token may only read."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from claims.models import ApiToken
from claims.roles import is_admin, is_editor, is_reviewer


class TokenScope(BasePermission):
    message = "This token is read-only."

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if isinstance(token, ApiToken) and token.read_only:
            return request.method in SAFE_METHODS
        return True


class IsReviewer(BasePermission):
    message = "Only reviewers, editors and admins use the API."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_reviewer(request.user)


class IsEditor(BasePermission):
    message = "Only editors and admins do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_editor(request.user)


class IsAdmin(BasePermission):
    message = "Only admins do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_admin(request.user)


class ReviewersReadAdminsWrite(BasePermission):
    message = "Only admins change the source registry."

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return is_reviewer(request.user)
        return is_admin(request.user)


class PublicRead(BasePermission):
    """Published verdicts are public: anyone may read them, nobody writes here."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS
