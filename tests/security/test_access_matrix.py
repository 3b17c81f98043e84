"""Who may reach what: every URL pattern, walked as each role, against a table.

The walk enumerates the URL patterns from the resolver (pages, API, admin), fills their
path parameters with the ids of real rows, and requests each as an anonymous visitor, an
account with no role, a reviewer, an editor and an admin. A pattern missing from the table
fails the test, so a new page cannot ship without someone deciding who may open it.

Every signed-in account here is staff, so the admin's own role checks are what keeps the
reviewer and the account without a role out, not the staff flag.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims.models import Check, Claim, EvidenceCapture, ReviewEvent, Source
from claims.outbound import archive
from claims.services.publishing import claim_signoff
from claims.services.review import claim_update
from claims.services.sources import source_alias_add
from claims.services.tokens import api_token_issue
from claims.services.webhooks import webhook_subscribe
from tests.factories import (
    COMPLETE_DRAFT,
    ArticleFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_role", "reviewer", "editor", "admin")
HTMX = {"HTTP_HX_REQUEST": "true"}

# What a request may come to. A category, or an exact status code.
LOGIN = "login"  # sent to the login page (pages), 401 (API)
ADMIN_LOGIN = "admin_login"  # sent to the admin's login page
DENIED = 403
OK = "ok"  # 2xx, or a redirect that is not to a login page


@dataclass
class Probe:
    method: str = "GET"
    data: Callable[[World], dict[str, Any]] | None = None
    expect: tuple[str | int, ...] = ()
    htmx: bool = False


@dataclass
class Rule:
    url: Callable[[World], str]
    probes: list[Probe] = field(default_factory=list)


def outcomes(anonymous: str | int, *signed_in: str | int) -> tuple[str | int, ...]:
    assert len(signed_in) == 4
    return (anonymous, *signed_in)


PAGE = outcomes(LOGIN, DENIED, OK, OK, OK)
EDITORS = outcomes(LOGIN, DENIED, DENIED, OK, OK)
ADMINS = outcomes(LOGIN, DENIED, DENIED, DENIED, OK)
PUBLIC = outcomes(OK, OK, OK, OK, OK)
# The admin: staff who may look (reviewers and editors look at sources, articles, claims).
ADMIN_LOOK = outcomes(ADMIN_LOGIN, DENIED, OK, OK, OK)
ADMIN_ONLY = outcomes(ADMIN_LOGIN, DENIED, DENIED, DENIED, OK)
ADMIN_NOBODY = outcomes(ADMIN_LOGIN, DENIED, DENIED, DENIED, DENIED)
ADMIN_ANY_STAFF = outcomes(ADMIN_LOGIN, OK, OK, OK, OK)


class World:
    """The rows the URLs point at, and the users who ask."""

    def __init__(self) -> None:
        self.users = {
            "no_role": UserFactory(username="olga", is_staff=True),
            "reviewer": UserFactory(username="rita", roles=["reviewer"], is_staff=True),
            "editor": UserFactory(username="ed", roles=["editor"], is_staff=True),
            "admin": UserFactory(username="ada", roles=["admin"], is_staff=True),
        }
        other_reviewer = UserFactory(username="rex", roles=["reviewer"])
        other_editor = UserFactory(username="eva", roles=["editor"])
        self.article = ArticleFactory(status="ready")
        self.source = SourceFactory(name="Marta Ilyenko")
        source_alias_add(source=self.source, name="Governor Ilyenko")
        self.other_source = SourceFactory(name="M. Ilyenko")
        self.claim = ClaimFactory(article=self.article, source=self.source)
        # A complete draft another reviewer wrote, and a verdict published by two people.
        self.verdict = ClaimFactory(article=self.article)
        claim_update(
            claim_id=self.verdict.pk, actor=other_reviewer, expected_version=1, **COMPLETE_DRAFT
        )
        self.published = ClaimFactory(article=self.article)
        claim_update(
            claim_id=self.published.pk, actor=other_reviewer, expected_version=1, **COMPLETE_DRAFT
        )
        claim_signoff(
            claim_id=self.published.pk, editor=other_editor, expected_version=2, approve=True
        )
        self.published.refresh_from_db()
        # Claims for the editing tools: each probe changes its own.
        self.spanned, self.split, self.api_split = (
            ClaimFactory(article=self.article) for _ in range(3)
        )
        pair = ArticleFactory(body="The port is closed. It reopens on Friday.", status="ready")
        self.merge_pair = [
            ClaimFactory(article=pair, source=self.source, text=t, start=s, end=e)
            for t, s, e in (("The port is closed.", 0, 19), ("It reopens on Friday.", 20, 41))
        ]
        api_pair = ArticleFactory(body="The port is shut. It opens on Friday.", status="ready")
        self.api_merge_pair = [
            ClaimFactory(article=api_pair, source=self.source, text=t, start=s, end=e)
            for t, s, e in (("The port is shut.", 0, 17), ("It opens on Friday.", 18, 37))
        ]
        self.check = Check.objects.create(claim=self.claim, kind="quantities")
        self.capture = _captured_evidence(self.claim)
        self.event = ReviewEvent.objects.create(
            claim=self.claim, field="status", old_value="", new_value="unreviewed"
        )
        self.webhook = webhook_subscribe(
            owner=self.users["admin"], url="https://hooks.example.org/x", events=["claim.published"]
        )
        self.doomed_webhook = webhook_subscribe(
            owner=None, url="https://hooks.example.org/z", events=["article.ready"]
        )
        self.delivery = self.webhook.deliveries.create(event="claim.published", payload={})
        self.token, _ = api_token_issue(
            user=self.users["reviewer"], issuer=self.users["reviewer"], name="cli"
        )
        self.group = Group.objects.get(name="reviewer")
        self.attempt = AccessAttempt.objects.create(
            username="x", ip_address="10.0.0.1", user_agent="t", failures_since_start=1
        )
        self.access_log = AccessLog.objects.create(
            username="x", ip_address="10.0.0.1", user_agent="t"
        )
        self.failure_log = AccessFailureLog.objects.create(
            username="x", ip_address="10.0.0.1", user_agent="t", locked_out=False
        )
        history = self.source.audit.first()
        assert history is not None
        self.source_history_id = history.history_id

    def version(self, claim: Claim) -> int:
        claim.refresh_from_db()
        return claim.version

    def admin_object(self, model: str) -> Any:
        return {
            "axes_accessattempt": self.attempt,
            "axes_accesslog": self.access_log,
            "axes_accessfailurelog": self.failure_log,
            "claims_source": self.source,
            "claims_article": self.article,
            "claims_claim": self.claim,
            "claims_check": self.check,
            "claims_evidencecapture": self.capture,
            "claims_reviewevent": self.event,
            "claims_verdict": self.published.published_verdict,
            "claims_sourcealias": self.source.aliases.order_by("pk").last(),
            "claims_apitoken": self.token,
            "claims_webhooksubscription": self.webhook,
            "claims_webhookdelivery": self.delivery,
            "auth_user": self.users["reviewer"],
            "auth_group": self.group,
        }[model]


def _captured_evidence(claim: Claim) -> EvidenceCapture:
    """A link of `claim` as a worker leaves it once captured: a row and its WARC file."""
    body = b"<p>The port log lists 14 drones.</p>"
    captured_at = datetime.datetime.now(tz=datetime.UTC)
    capture = EvidenceCapture.objects.create(
        claim=claim,
        url="https://news.example.org/port-log",
        status=EvidenceCapture.Status.CAPTURED,
        sha256=hashlib.sha256(body).hexdigest(),
        captured_at=captured_at,
        warc_path="matrix/capture.warc.gz",
    )
    exchange = archive.Exchange(
        url=capture.url,
        request_headers=[("Host", "news.example.org")],
        http_version="HTTP/1.1",
        status=200,
        reason="OK",
        headers=[("Content-Type", "text/html")],
        body=body,
    )
    path = Path(settings.EVIDENCE_DIR) / capture.warc_path
    archive.write_warc(
        path, [exchange], captured_at=captured_at, sha256=capture.sha256, title="", text=""
    )
    return capture


def _api(name: str, pk: Callable[[World], int] | None = None) -> Callable[[World], str]:
    if pk is None:
        return lambda w: reverse(f"api:{name}")
    return lambda w: reverse(f"api:{name}", args=[pk(w)])


def _page(name: str, pk: Callable[[World], int] | None = None, query: str = "") -> Callable:
    if pk is None:
        return lambda w: reverse(name) + query
    return lambda w: reverse(name, args=[pk(w)]) + query


RULES: dict[str, Rule] = {
    # The reviewer pages.
    "claims:article_list": Rule(_page("claims:article_list"), [Probe(expect=PAGE)]),
    "claims:article_submit": Rule(
        _page("claims:article_submit"),
        [
            Probe(expect=PAGE),
            Probe("POST", lambda w: {"text": "Officials said 3 drones fell."}, PAGE),
        ],
    ),
    "claims:article_detail": Rule(
        _page("claims:article_detail", lambda w: w.article.pk), [Probe(expect=PAGE)]
    ),
    "claims:article_progress": Rule(
        _page("claims:article_progress", lambda w: w.article.pk), [Probe(expect=PAGE)]
    ),
    "claims:claim_panel": Rule(
        _page("claims:claim_panel", lambda w: w.claim.pk), [Probe(expect=PAGE, htmx=True)]
    ),
    "claims:claim_review": Rule(
        _page("claims:claim_review", lambda w: w.claim.pk),
        [
            Probe(expect=outcomes(405, 405, 405, 405, 405)),
            Probe(
                "POST",
                lambda w: {"version": w.version(w.claim), "status": "accurate", "rationale": "r"},
                PAGE,
                htmx=True,
            ),
        ],
    ),
    "claims:claim_assign": Rule(
        _page("claims:claim_assign", lambda w: w.claim.pk),
        [
            Probe(
                "POST",
                lambda w: {"version": w.version(w.claim), "assignee": w.users["reviewer"].pk},
                PAGE,
                htmx=True,
            )
        ],
    ),
    # Only editors sign off, and (below) never their own verdict.
    "claims:claim_signoff": Rule(
        _page("claims:claim_signoff", lambda w: w.verdict.pk),
        [
            Probe(
                "POST",
                lambda w: {"version": w.version(w.verdict), "decision": "approve"},
                EDITORS,
                htmx=True,
            )
        ],
    ),
    "claims:claim_retract": Rule(
        _page("claims:claim_retract", lambda w: w.published.pk),
        [
            Probe(
                "POST",
                lambda w: {"version": w.version(w.published), "note": "The log was misread."},
                EDITORS,
                htmx=True,
            )
        ],
    ),
    # Correcting the machine's claims: every reviewer; re-extraction: editors.
    "claims:claim_add": Rule(
        _page("claims:claim_add", lambda w: w.article.pk),
        [Probe("POST", lambda w: {"start": 0, "end": 9}, PAGE, htmx=True)],
    ),
    "claims:claim_span": Rule(
        _page("claims:claim_span", lambda w: w.spanned.pk),
        [
            Probe(
                "POST",
                lambda w: {"version": w.version(w.spanned), "start": 0, "end": 9},
                PAGE,
                htmx=True,
            )
        ],
    ),
    "claims:claim_split": Rule(
        _page("claims:claim_split", lambda w: w.split.pk),
        [Probe("POST", lambda w: {"version": w.version(w.split), "at": 10}, PAGE, htmx=True)],
    ),
    "claims:claim_merge": Rule(
        _page("claims:claim_merge", lambda w: w.merge_pair[0].pk),
        [
            Probe(
                "POST",
                lambda w: {"version": w.version(w.merge_pair[0]), "direction": "next"},
                PAGE,
                htmx=True,
            )
        ],
    ),
    "claims:claim_dismiss": Rule(
        _page("claims:claim_dismiss", lambda w: w.claim.pk),
        [
            Probe(
                "POST",
                lambda w: {"version": w.version(w.claim), "dismissed": "1"},
                PAGE,
                htmx=True,
            )
        ],
    ),
    "claims:article_reextract": Rule(
        _page("claims:article_reextract", lambda w: w.article.pk),
        [Probe("POST", lambda w: {}, EDITORS)],
    ),
    "claims:claim_source": Rule(
        _page("claims:claim_source", lambda w: w.claim.pk),
        [
            Probe(
                "POST",
                lambda w: {
                    "version": w.version(w.claim),
                    "source_id": w.other_source.pk,
                    "kind": "person",
                },
                PAGE,
                htmx=True,
            )
        ],
    ),
    "claims:claim_evidence": Rule(
        _page("claims:claim_evidence", lambda w: w.claim.pk), [Probe(expect=PAGE, htmx=True)]
    ),
    "claims:claim_rerun": Rule(
        _page("claims:claim_rerun", lambda w: w.claim.pk),
        [Probe("POST", lambda w: {}, PAGE, htmx=True)],
    ),
    "claims:queue": Rule(_page("claims:queue"), [Probe(expect=PAGE)]),
    "claims:queue_bulk": Rule(
        _page("claims:queue_bulk"),
        [
            Probe(
                "POST",
                lambda w: {
                    "action": "status",
                    "status": "in_progress",
                    "claims": f"{w.claim.pk}:{w.version(w.claim)}",
                },
                PAGE,
            )
        ],
    ),
    "claims:source_list": Rule(_page("claims:source_list"), [Probe(expect=PAGE)]),
    "claims:source_picker": Rule(
        _page("claims:source_picker", query="?q=Ilyenko"), [Probe(expect=PAGE, htmx=True)]
    ),
    "claims:source_detail": Rule(
        _page("claims:source_detail", lambda w: w.source.pk), [Probe(expect=PAGE)]
    ),
    "login": Rule(_page("login"), [Probe(expect=PUBLIC)]),
    "favicon": Rule(_page("favicon"), [Probe(expect=PUBLIC)]),
    # Published fact-checks are for everyone, signed in or not.
    "factchecks:index": Rule(_page("factchecks:index"), [Probe(expect=PUBLIC)]),
    "factchecks:detail": Rule(
        _page("factchecks:detail", lambda w: w.published.pk), [Probe(expect=PUBLIC)]
    ),
    "factchecks:atom": Rule(_page("factchecks:atom"), [Probe(expect=PUBLIC)]),
    "factchecks:json": Rule(_page("factchecks:json"), [Probe(expect=PUBLIC)]),
    "logout": Rule(
        _page("logout"),
        [
            Probe(expect=outcomes(405, 405, 405, 405, 405)),
            # Logging out, signed in or not, lands on the login page.
            Probe("POST", lambda w: {}, outcomes(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN)),
        ],
    ),
    # The API.
    "api:api-root": Rule(_api("api-root"), [Probe(expect=PAGE)]),
    "api:article-list": Rule(
        _api("article-list"),
        [Probe(expect=PAGE), Probe("POST", lambda w: {"body": "Officials said 3 fell."}, PAGE)],
    ),
    "api:article-detail": Rule(
        _api("article-detail", lambda w: w.article.pk), [Probe(expect=PAGE)]
    ),
    "api:article-status": Rule(
        _api("article-status", lambda w: w.article.pk), [Probe(expect=PAGE)]
    ),
    "api:claim-list": Rule(
        _api("claim-list"),
        [
            Probe(expect=PAGE),
            Probe("POST", lambda w: {"article": w.article.pk, "start": 0, "end": 9}, PAGE),
        ],
    ),
    "api:claim-split": Rule(
        _api("claim-split", lambda w: w.api_split.pk),
        [Probe("POST", lambda w: {"version": w.version(w.api_split), "at": 10}, PAGE)],
    ),
    "api:claim-merge": Rule(
        _api("claim-merge", lambda w: w.api_merge_pair[0].pk),
        [
            Probe(
                "POST",
                lambda w: {
                    "version": w.version(w.api_merge_pair[0]),
                    "other": w.api_merge_pair[1].pk,
                    "other_version": w.version(w.api_merge_pair[1]),
                },
                PAGE,
            )
        ],
    ),
    "api:article-reextract": Rule(
        _api("article-reextract", lambda w: w.article.pk), [Probe("POST", lambda w: {}, EDITORS)]
    ),
    "api:claim-detail": Rule(
        _api("claim-detail", lambda w: w.claim.pk),
        [
            Probe(expect=PAGE),
            Probe("PATCH", lambda w: {"version": w.version(w.claim), "status": "accurate"}, PAGE),
        ],
    ),
    "api:claim-signoff": Rule(
        _api("claim-signoff", lambda w: w.verdict.pk),
        [Probe("POST", lambda w: {"version": w.version(w.verdict), "approve": True}, EDITORS)],
    ),
    "api:claim-retract": Rule(
        _api("claim-retract", lambda w: w.published.pk),
        [
            Probe(
                "POST",
                lambda w: {"version": w.version(w.published), "note": "The log was misread."},
                EDITORS,
            )
        ],
    ),
    "api:claim-history": Rule(_api("claim-history", lambda w: w.claim.pk), [Probe(expect=PAGE)]),
    # Published verdicts are public; an unpublished claim is not there at all (below).
    "api:claim-claimreview": Rule(
        _api("claim-claimreview", lambda w: w.published.pk), [Probe(expect=PUBLIC)]
    ),
    "api:claimreview-feed": Rule(_api("claimreview-feed"), [Probe(expect=PUBLIC)]),
    # A captured link of an unpublished claim: reviewers only, and nobody else learns it is
    # there (a published verdict's evidence is for everyone: tests/api/test_evidence.py).
    "api:evidence-snapshot": Rule(
        _api("evidence-snapshot", lambda w: w.capture.pk),
        [Probe(expect=outcomes(404, 404, OK, OK, OK))],
    ),
    "api:article-evidence-warc": Rule(
        _api("article-evidence-warc", lambda w: w.article.pk), [Probe(expect=EDITORS)]
    ),
    "api:source-list": Rule(
        _api("source-list"),
        [Probe(expect=PAGE), Probe("POST", lambda w: {"name": "Kalmin council"}, ADMINS)],
    ),
    "api:source-detail": Rule(
        _api("source-detail", lambda w: w.source.pk),
        [Probe(expect=PAGE), Probe("PATCH", lambda w: {"role": "Governor"}, ADMINS)],
    ),
    "api:source-merge": Rule(
        _api("source-merge", lambda w: w.source.pk),
        [Probe("POST", lambda w: {"others": [w.other_source.pk]}, ADMINS)],
    ),
    "api:webhook-list": Rule(
        _api("webhook-list"),
        [
            Probe(expect=ADMINS),
            Probe(
                "POST",
                lambda w: {"url": "https://hooks.example.org/y", "events": ["claim.published"]},
                ADMINS,
            ),
        ],
    ),
    "api:webhook-detail": Rule(
        _api("webhook-detail", lambda w: w.webhook.pk),
        [
            Probe(expect=ADMINS),
            Probe("PATCH", lambda w: {"active": False}, ADMINS),
        ],
    ),
    "api:webhook-detail DELETE": Rule(
        _api("webhook-detail", lambda w: w.doomed_webhook.pk), [Probe("DELETE", None, ADMINS)]
    ),
    "api:webhook-deliveries": Rule(
        _api("webhook-deliveries", lambda w: w.webhook.pk), [Probe(expect=ADMINS)]
    ),
    "api:checks-rerun": Rule(
        _api("checks-rerun"), [Probe("POST", lambda w: {"claims": [w.claim.pk]}, PAGE)]
    ),
    # The schema and its docs describe the API, not its data: public, as drf-spectacular
    # serves them by default.
    "api:schema": Rule(_api("schema"), [Probe(expect=PUBLIC)]),
    "api:docs": Rule(_api("docs"), [Probe(expect=PUBLIC)]),
    "api/^.*$": Rule(
        lambda w: "/api/v1/no-such-endpoint/", [Probe(expect=outcomes(404, 404, 404, 404, 404))]
    ),
    # The admin site.
    "admin:index": Rule(lambda w: reverse("admin:index"), [Probe(expect=ADMIN_ANY_STAFF)]),
    "admin:login": Rule(lambda w: reverse("admin:login"), [Probe(expect=PUBLIC)]),
    # Logging out takes a POST; a visitor who is not signed in is sent to the admin's index.
    "admin:logout": Rule(
        lambda w: reverse("admin:logout"), [Probe(expect=outcomes(OK, 405, 405, 405, 405))]
    ),
    "admin:password_change": Rule(
        lambda w: reverse("admin:password_change"), [Probe(expect=ADMIN_ANY_STAFF)]
    ),
    "admin:password_change_done": Rule(
        lambda w: reverse("admin:password_change_done"), [Probe(expect=ADMIN_ANY_STAFF)]
    ),
    # Without its query parameters the autocomplete refuses everyone signed in.
    "admin:autocomplete": Rule(
        lambda w: reverse("admin:autocomplete"),
        [Probe(expect=outcomes(ADMIN_LOGIN, 403, 403, 403, 403))],
    ),
    "admin:jsi18n": Rule(lambda w: reverse("admin:jsi18n"), [Probe(expect=ADMIN_ANY_STAFF)]),
    # Sources have no public page to send anyone to.
    "admin:view_on_site": Rule(
        lambda w: reverse(
            "admin:view_on_site",
            args=[ContentType.objects.get_for_model(Source).pk, w.source.pk],
        ),
        [Probe(expect=outcomes(ADMIN_LOGIN, 404, 404, 404, 404))],
    ),
    "admin:app_list": Rule(
        lambda w: reverse("admin:app_list", kwargs={"app_label": "claims"}),
        [Probe(expect=outcomes(ADMIN_LOGIN, 404, OK, OK, OK))],
    ),
    "admin/(?P<url>.*)$": Rule(
        lambda w: "/admin/no-such-page/",
        [Probe(expect=outcomes(ADMIN_LOGIN, 404, 404, 404, 404))],
    ),
    "admin:claims_source_import": Rule(
        lambda w: reverse("admin:claims_source_import"), [Probe(expect=ADMIN_ONLY)]
    ),
    "admin:claims_source_process_import": Rule(
        lambda w: reverse("admin:claims_source_process_import"),
        # Only ever POSTed, by the import form.
        [Probe(expect=outcomes(ADMIN_LOGIN, 405, 405, 405, 405))],
    ),
    "admin:claims_source_export": Rule(
        lambda w: reverse("admin:claims_source_export"), [Probe(expect=ADMIN_ONLY)]
    ),
    "admin:claims_source_simple_history": Rule(
        lambda w: reverse(
            "admin:claims_source_simple_history", args=[w.source.pk, w.source_history_id]
        ),
        [Probe(expect=ADMIN_LOOK)],
    ),
    # Another account's password: only a superuser sets it (taking an editor's account
    # would get round the two-person rule); tests/admin/test_access.py has the superuser.
    "admin:auth_user_password_change": Rule(
        lambda w: reverse("admin:auth_user_password_change", args=[w.users["reviewer"].pk]),
        [Probe(expect=ADMIN_NOBODY)],
    ),
}

# The pages Django's admin makes for each model: who may open the list, the add form, an
# object's history, its delete page and its change page. (The bare object URL only
# redirects any staff member to the change page, whose rule then applies.)
ADMIN_MODEL_VIEWS = ("changelist", "add", "history", "delete", "change")
# Machine-made or append-only rows: admins read them, nobody adds or deletes them here.
ADMIN_READS = {
    "changelist": ADMIN_ONLY,
    "add": ADMIN_NOBODY,
    "history": ADMIN_ONLY,
    "delete": ADMIN_NOBODY,
    "change": ADMIN_ONLY,
}
ADMIN_MODELS: dict[str, dict[str, tuple[str | int, ...]]] = {
    # django-axes' login records: admins read them; changing them is for superusers.
    "axes_accessattempt": ADMIN_READS,
    "axes_accesslog": ADMIN_READS,
    "axes_accessfailurelog": ADMIN_READS,
    # Reviewers and editors look at sources, articles and claims; only admins change sources.
    "claims_source": {
        "changelist": ADMIN_LOOK,
        "add": ADMIN_ONLY,
        "history": ADMIN_LOOK,
        "delete": ADMIN_NOBODY,  # sources are merged, never deleted
        "change": ADMIN_LOOK,  # read-only for reviewers: see the object-level test
    },
    "claims_article": {
        "changelist": ADMIN_LOOK,
        "add": ADMIN_NOBODY,  # articles come in through submission only
        "history": ADMIN_LOOK,
        "delete": ADMIN_ONLY,
        "change": ADMIN_LOOK,
    },
    "claims_claim": {
        "changelist": ADMIN_LOOK,
        "add": ADMIN_NOBODY,  # claims come from extraction; reviews from the review pages
        "history": ADMIN_LOOK,
        "delete": ADMIN_NOBODY,
        "change": ADMIN_LOOK,
    },
    "claims_check": ADMIN_READS,
    "claims_evidencecapture": ADMIN_READS,
    "claims_reviewevent": ADMIN_READS,
    "claims_verdict": ADMIN_READS,
    # Aliases are added on their source's page; here admins review and remove them.
    "claims_sourcealias": {**ADMIN_READS, "delete": ADMIN_ONLY},
    "claims_webhookdelivery": ADMIN_READS,
    # Only admins see or issue API tokens and webhooks, and manage users.
    "claims_apitoken": dict.fromkeys(ADMIN_MODEL_VIEWS, ADMIN_ONLY),
    "claims_webhooksubscription": dict.fromkeys(ADMIN_MODEL_VIEWS, ADMIN_ONLY),
    "auth_user": dict.fromkeys(ADMIN_MODEL_VIEWS, ADMIN_ONLY),
    # Admins see the role groups; only superusers change them.
    "auth_group": {**ADMIN_READS},
}

_ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/(?P<rest>.*)$")
_ADMIN_VIEW_OF_ROUTE = {
    "": "changelist",
    "add/": "add",
    "<path:object_id>/history/": "history",
    "<path:object_id>/delete/": "delete",
    "<path:object_id>/change/": "change",
    "<path:object_id>/": "object",
}


def _admin_model_rule(app: str, model: str, view: str) -> Rule | None:
    views = ADMIN_MODELS.get(f"{app}_{model}")
    if views is None:
        return None
    expected = ADMIN_ANY_STAFF if view == "object" else views[view]

    def url(w: World) -> str:
        base = f"/admin/{app}/{model}/"
        if view == "changelist":
            return base
        if view == "add":
            return base + "add/"
        pk = w.admin_object(f"{app}_{model}").pk
        return base + f"{pk}/" + ("" if view == "object" else f"{view}/")

    return Rule(url, [Probe(expect=expected)])


@dataclass(frozen=True)
class Pattern:
    name: str | None
    route: str

    @property
    def key(self) -> str:
        return self.name or self.route


def url_patterns() -> Iterator[Pattern]:
    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Pattern]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = namespace + entry.name if entry.name else None
                yield Pattern(name, prefix + str(entry.pattern))

    yield from walk(get_resolver().url_patterns, "", "")


def rule_for(pattern: Pattern) -> Rule | None:
    if pattern.key in RULES:
        return RULES[pattern.key]
    match = _ADMIN_MODEL_ROUTE.match(pattern.route)
    if match and match["rest"] in _ADMIN_VIEW_OF_ROUTE:
        view = _ADMIN_VIEW_OF_ROUTE[match["rest"]]
        return _admin_model_rule(match["app"], match["model"], view)
    return None


def test_every_url_pattern_has_an_expectation_for_every_role() -> None:
    missing = [p.route for p in url_patterns() if rule_for(p) is None]
    assert not missing, f"URL patterns with no expectation in the access table: {missing}"


def _client(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _outcome(response: Any, *, api: bool) -> str | int:
    status = response.status_code
    location = response.get("Location", "")
    if status in (301, 302) and location.startswith(reverse("admin:login")):
        return ADMIN_LOGIN
    if status in (301, 302) and location.startswith(reverse("login")):
        return LOGIN
    if api and status == 401:
        return LOGIN
    if status < 400:
        return OK
    return status


def _request(client: Client, url: str, probe: Probe, world: World) -> Any:
    api = url.startswith("/api/")
    extra = HTMX if probe.htmx else {}
    data = probe.data(world) if probe.data else None
    if probe.method == "GET":
        return client.get(url, **extra)
    if api:
        body = json.dumps(data or {})
        return client.generic(probe.method, url, body, content_type="application/json", **extra)
    return client.generic(
        probe.method,
        url,
        urlencode(data or {}, doseq=True),
        content_type="application/x-www-form-urlencoded",
        **extra,
    )


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_table_allows(role: str) -> None:
    world = World()
    column = ROLES.index(role)
    rules = [(p.key, rule_for(p)) for p in url_patterns()]
    # Deleting gets a row of its own, so the other probes still find theirs.
    rules.append(("api:webhook-detail", RULES["api:webhook-detail DELETE"]))
    failures = []
    for key, rule in rules:
        assert rule is not None, key
        url = rule.url(world)
        for probe in rule.probes:
            # A client of its own per probe: logging out must not sign the next probe out.
            response = _request(_client(world, role), url, probe, world)
            got = _outcome(response, api=url.startswith("/api/"))
            if got != probe.expect[column]:
                failures.append(f"{probe.method} {url} ({key}): {got}, not {probe.expect[column]}")
    assert not failures, "\n".join(failures)
