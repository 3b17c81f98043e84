"""JSON that a site can paste into a <script> element as it is."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import JSONRenderer

from claims.selectors.publishing import SCRIPT_SAFE


class EmbeddableJSONRenderer(JSONRenderer):
    """JSON with `<`, `>` and `&` escaped, so "</script>" in a value cannot end the
    element a site embeds ClaimReview JSON-LD in. Every JSON parser reads the same data."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        body = super().render(data, accepted_media_type, renderer_context)
        return body.decode("utf-8").translate(SCRIPT_SAFE).encode("utf-8")
