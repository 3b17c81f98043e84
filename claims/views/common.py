"""Helpers every page shares: the role check, form errors, paging links."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails

from claims.roles import is_reviewer

View = Callable[..., HttpResponse]


class ReviewerRequest(HttpRequest):
    """The request a page behind `reviewer_view` gets: a signed-in user, and htmx's view
    of the request (django-htmx's middleware sets it)."""

    user: User  # narrower than HttpRequest's: login is required
    htmx: HtmxDetails


CLAIMS_PER_PAGE = 50


def reviewer_view(view: View) -> View:
    """Logged in and in one of the roles. (The Content-Security-Policy that keeps scripts in
    an article from running is set on every response, in settings.)"""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_reviewer(request.user):
            raise PermissionDenied("Only reviewers, editors and admins use factcheck.")
        return view(request, *args, **kwargs)

    return wrapped


def form_error(form: Any) -> str:
    return " ".join(
        f"{'' if field == '__all__' else field.capitalize() + ': '}{' '.join(errors)}"
        for field, errors in form.errors.items()
    )


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
