"""The project's own views: the 400 page's handler and the favicon's address."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template import loader
from django.templatetags.static import static


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 handler with the article size limit in the page: the usual cause is an
    article pasted past the request size limit. Rendered without the request, as Django's
    own is: what made it bad (its body, its headers) is not read again."""
    context = {"article_max_chars": f"{settings.ARTICLE_MAX_CHARS:,}"}
    return HttpResponseBadRequest(loader.get_template("400.html").render(context))


def favicon(request: HttpRequest) -> HttpResponse:
    """Clients that ask /favicon.ico without reading the page's icon link (the admin's
    pages, feed readers) get the static icon."""
    return redirect(static("claims/img/favicon.svg"))
