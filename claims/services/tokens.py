"""API tokens: a key shown once at issue; only its SHA-256 is stored."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.utils import timezone

from claims.models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def api_token_issue(*, user: User, name: str = "", read_only: bool = False) -> tuple[ApiToken, str]:
    """A new API token for `user`; the key is returned once and only its hash is stored."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=key[:8],
        key_hash=api_token_hash(key),
        read_only=read_only,
    )
    return token, key


def api_token_hash(key: str) -> str:
    # The keys are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def api_token_used(*, token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute so reads stay reads."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
