"""The three roles, as auth groups: reviewers review, editors also sign off, admins manage."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

REVIEWER = "reviewer"
EDITOR = "editor"
ADMIN = "admin"
ROLES = (REVIEWER, EDITOR, ADMIN)


def roles_of(user: Any) -> set[str]:
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_factcheck_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        if user.is_superuser:
            cached |= {ADMIN}
        user._factcheck_roles = cached
    return cached


def is_admin(user: Any) -> bool:
    return ADMIN in roles_of(user)


def is_editor(user: Any) -> bool:
    return bool(roles_of(user) & {EDITOR, ADMIN})


def is_reviewer(user: Any) -> bool:
    return bool(roles_of(user) & {REVIEWER, EDITOR, ADMIN})


def acting_user(user: object) -> User:
    """The signed-in user behind a change. Pages, the API and the admin let only signed-in
    people write, so anything else here is a bug, refused rather than recorded."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("Sign in first.")
    return user
