"""Template helpers for the public fact-check pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.selectors.publishing import json_for_script

register = template.Library()


@register.filter
def json_ld(data: Any) -> SafeString:
    """`data` in a <script type="application/ld+json"> element, its JSON escaped so that no
    value can close the element (search engines read it; browsers never run it)."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json_for_script(data)),  # escaped for <script> above
    )
