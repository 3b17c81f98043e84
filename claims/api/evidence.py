"""Captured evidence through the API: a link's stored snapshot, as a download."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.views import APIView

from claims.api.negotiation import AnyAccept
from claims.api.permissions import PublicRead
from claims.api.views import ApiViewMixin
from claims.models import EvidenceCapture
from claims.outbound import archive
from claims.roles import is_reviewer
from claims.selectors.evidence import capture_file, capture_for_snapshot, capture_is_public


class EvidenceSnapshotView(ApiViewMixin, APIView):
    """A captured evidence link's stored body, exactly as it was served, as a download.

    Reviewers may download any; anyone may download the evidence of a verdict that was
    published, since its fact-check page links it. Never rendered as one of our pages:
    an opaque type, an attachment, no sniffing, and a sandbox should a browser open it.
    """

    permission_classes = [PublicRead]
    content_negotiation_class = AnyAccept

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The body as served; its SHA-256 is in X-Evidence-SHA256",
            ),
            404: OpenApiResponse(OpenApiTypes.OBJECT, description="No such capture for you"),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        capture = capture_for_snapshot(pk)
        if capture is None or not (is_reviewer(request.user) or capture_is_public(capture)):
            raise exceptions.NotFound("No captured evidence here.")
        try:
            body = archive.read_payload(capture_file(capture))
        except (OSError, ValueError):
            raise exceptions.NotFound("The stored capture cannot be read.") from None
        return snapshot_response(capture, body)


def snapshot_response(capture: EvidenceCapture, body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type="application/octet-stream")
    response["Content-Disposition"] = (
        f'attachment; filename="evidence-{capture.pk}{_extension(capture.content_type)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=0"
    response["X-Evidence-SHA256"] = capture.sha256
    response["X-Evidence-Content-Type"] = capture.content_type
    return response


_EXTENSIONS = {
    "text/html": ".html",
    "application/xhtml+xml": ".xhtml",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/json": ".json",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
}


def _extension(content_type: str) -> str:
    return _EXTENSIONS.get(content_type.partition(";")[0].strip().lower(), ".bin")
