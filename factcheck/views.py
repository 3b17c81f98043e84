"""The project's own views: the error handlers and the favicon's address."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template import loader
from django.templatetags.static import static
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 handler with the article size limit in the page: the usual cause is an
    article pasted past the request size limit. Rendered without the request, as Django's
    own is: what made it bad (its body, its headers) is not read again."""
    context = {"article_max_chars": f"{settings.ARTICLE_MAX_CHARS:,}"}
    return HttpResponseBadRequest(loader.get_template("400.html").render(context))


def _fragment(request: HttpRequest, status: int, message: str) -> HttpResponse | None:
    """For an htmx request, the error as a message the page swaps in where the answer goes
    (a claim's panel), not a whole page inside it."""
    if not request.headers.get("HX-Request"):
        return None
    html = loader.render_to_string("error_fragment.html", {"message": message}, request)
    return HttpResponse(html, status=status)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = str(exception) or "Your account may not do this."
    return _fragment(request, 403, message) or defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = "That is no longer here: it may have been deleted. Reload the page."
    return _fragment(request, 404, message) or defaults.page_not_found(request, exception)


def favicon(request: HttpRequest) -> HttpResponse:
    """Clients that ask /favicon.ico without reading the page's icon link (the admin's
    pages, feed readers) get the static icon."""
    return redirect(static("claims/img/favicon.svg"))
