"""Rate limits per token (or per signed-in user, or per address when anonymous).

The rates are the API_THROTTLE setting, read on each request: "anon", "read" (safe methods),
"write", and any scope a view names in `throttle_scope` (e.g. "submit" for articles).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from claims.models import ApiToken
from factcheck.requests import client_ip


class ApiRateThrottle(SimpleRateThrottle):
    def __init__(self) -> None:
        # The base class reads the rate here, from DRF's settings; ours is chosen per request.
        self.rate = None

    def allow_request(self, request: Request, view: Any) -> bool:
        self.scope = self._scope(request, view)
        self.rate = settings.API_THROTTLE.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def _scope(self, request: Request, view: Any) -> str:
        if not request.user.is_authenticated:
            return "anon"
        if request.method in SAFE_METHODS:
            return "read"
        scope = getattr(view, "throttle_scope", None)
        return scope if scope in settings.API_THROTTLE else "write"

    def get_cache_key(self, request: Request, view: Any) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            # Not DRF's get_ident, which believes any X-Forwarded-For: the same rule as
            # the login lockout (TRUSTED_PROXIES).
            ident = f"addr-{client_ip(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
