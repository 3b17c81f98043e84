"""The public site: published fact-checks, readable without an account."""

from __future__ import annotations

from django.urls import path

from claims.feeds import FactcheckAtomFeed
from claims.views import public

app_name = "factchecks"

urlpatterns = [
    path("", public.factcheck_index, name="index"),
    path("feed.atom", FactcheckAtomFeed(), name="atom"),
    path("feed.json", public.factcheck_json_feed, name="json"),
    path("<int:pk>/", public.factcheck_detail, name="detail"),
]
