"""The Atom feed of published fact-checks (Django's syndication framework)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from claims.models import Claim
from claims.selectors.publishing import factcheck_title, public_path, published_claims

FEED_LENGTH = 50


class FactcheckAtomFeed(Feed):
    feed_type = Atom1Feed
    link = "/factchecks/"
    subtitle = "Verdicts approved by two people, with their corrections."

    def title(self) -> str:
        return f"{settings.CLAIMREVIEW_AUTHOR_NAME}: fact-checks"

    def items(self) -> list[Claim]:
        return list(published_claims()[:FEED_LENGTH])

    def item_title(self, item: Claim) -> str:
        verdict = item.published_verdict
        assert verdict is not None
        return factcheck_title(verdict)

    def item_description(self, item: Claim) -> str:
        verdict = item.published_verdict
        assert verdict is not None
        return verdict.rationale

    def item_link(self, item: Claim) -> str:
        return public_path(item.pk)

    def item_pubdate(self, item: Claim) -> datetime.datetime:
        return min(v.approved_at for v in item.verdicts.all())

    def item_updateddate(self, item: Claim) -> datetime.datetime:
        verdict = item.published_verdict
        assert verdict is not None
        return verdict.approved_at
