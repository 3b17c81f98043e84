"""Request hygiene applied before any view runs."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

NUL_MESSAGE = "Query parameters may not contain NUL characters."


class RefuseNulInQueryMiddleware:
    """A NUL character in a query parameter is a 400 on every page, the admin's included:
    PostgreSQL text cannot hold one, so it would fail in the query as a 500. The API keeps
    its error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                body = {"error": {"code": "parse_error", "message": NUL_MESSAGE}}
                return JsonResponse(body, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain")
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str:
    """The address of the client, for login lockouts and rate limits.

    With TRUSTED_PROXIES = 0 (the default) it is the connection's own address: anything
    in X-Forwarded-For could be forged. Behind N reverse proxies that each append the
    address they saw, it is the entry the outermost trusted proxy wrote, N from the end;
    what the client put before it is ignored.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if not proxies:
        return remote
    forwarded = [a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    chain = [a for a in forwarded if a] + [remote]
    candidate = chain[-(proxies + 1)] if len(chain) > proxies else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
