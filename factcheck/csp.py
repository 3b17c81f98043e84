"""The Content-Security-Policy of every response, from settings.CONTENT_SECURITY_POLICY.

The reviewer pages keep to the strict policy. Django's admin (and the import/export and
history screens in it) and the Swagger UI of the API docs put a few inline styles in their
own templates; those paths also allow inline styles. Inline scripts stay forbidden
everywhere.
"""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

INLINE_STYLE_URL_NAMES = ("admin:index", "api:docs")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if parts.update is None and request.path_info.startswith(_inline_style_prefixes()):
            parts.update = {"style-src": [UNSAFE_INLINE]}
        return parts


def _inline_style_prefixes() -> tuple[str, ...]:
    return tuple(reverse(name) for name in INLINE_STYLE_URL_NAMES)
