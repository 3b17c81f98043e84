from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import exceptions, parsers


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The request body is too large."
    default_code = "too_large"


class JSONParser(parsers.JSONParser):
    """DRF reads the body itself, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE check: refuse a
    body that could not hold an acceptable article before reading it into memory."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        request = (parser_context or {}).get("request")
        limit = max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0, settings.ARTICLE_MAX_CHARS * 6)
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        try:
            too_large = length is not None and int(length) > limit + 65536
        except ValueError:
            too_large = False
        if too_large:
            raise RequestTooLarge(f"The request body is larger than {limit + 65536:,} bytes.")
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # The json module recurses per nesting level; DRF only catches ValueError.
            raise exceptions.ParseError("The JSON is nested too deeply.") from None
