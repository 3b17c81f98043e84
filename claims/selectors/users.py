"""Reads of people: who may be given claims to review."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from claims.roles import ROLES


def review_users() -> QuerySet[Any]:
    """Everyone who may be assigned a claim: members of a role group, and superusers."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=ROLES) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("username")
    )
