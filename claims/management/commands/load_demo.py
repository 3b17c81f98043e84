from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import Article, Claim
from claims.services.checks import claims_checks_run
from claims.services.extraction import article_extract
from claims.services.ingest import article_submit
from claims.services.publishing import claim_signoff
from claims.services.review import claim_update

DEMO_ARTICLE = Path(__file__).resolve().parents[2] / "demo" / "river-port-strike.txt"
DEMO_PASSWORD = "factcheck-demo"
DEMO_USERS = (
    ("reviewer", "reviewer", False),
    ("editor", "editor", False),
    ("admin", "admin", True),
)


# One verdict of the demo, reviewed and approved by two people, so the public pages show
# a fact-check from the start: the ministry's breakdown of the drones it says it downed.
DEMO_CLAIM_WORDS = "19 over Dovresk and 12 over Kalmin"
DEMO_VERDICT: dict[str, Any] = {
    "status": "accurate",
    "claim_reviewed": "Air defences shot down 31 drones: 19 over Dovresk and 12 over Kalmin.",
    "rationale": "The two regional figures add up to the total the ministry gave, and the "
    "regional emergency service's own statement lists the same numbers per region.",
    "evidence": ["https://example.org/harbour-courier/emergency-service-statement"],
}


def publish_demo_verdict(article: Article, *, reviewer: User, editor: User) -> Claim | None:
    """The demo's published fact-check; None while its claims are not extracted yet (a
    worker is still on it) or when it is published already."""
    claim = article.claims.filter(text__contains=DEMO_CLAIM_WORDS).order_by("start").first()
    if claim is None or claim.published_verdict_id is not None:
        return None
    claim = claim_update(
        claim_id=claim.pk, actor=reviewer, expected_version=claim.version, **DEMO_VERDICT
    )
    return claim_signoff(
        claim_id=claim.pk, editor=editor, expected_version=claim.version, approve=True
    )


def process_now(article: Article) -> None:
    """Extract and check the demo here and now, so the server starts with it ready whether
    a worker runs yet or not. The tasks its submission queued then find nothing to do."""
    article_extract(article_id=article.pk)
    claims_checks_run(claim_ids=list(article.claims.values_list("pk", flat=True)))


def refusal(*, debug: bool, other_users: int) -> str:
    """Why the demo must not be loaded here, or "" when it may: its accounts have a
    password anyone can read in the README, one of them a superuser."""
    if other_users:
        return (
            f"This database has {other_users} account(s) besides the demo's: it looks like a "
            "real installation, and the demo adds a superuser whose password is public."
        )
    if not debug:
        return (
            "DEBUG is off: the demo's accounts, one of them a superuser, have a password "
            "anyone can read in the README."
        )
    return ""


class Command(BaseCommand):
    help = "Load the demo article and demo accounts (reviewer, editor, admin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-demo-accounts",
            action="store_true",
            help="Load the demo even with DEBUG off or other accounts present (a throwaway "
            "server only: the demo accounts' password is public).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        demo_names = [username for username, _, _ in DEMO_USERS]
        reason = refusal(
            debug=settings.DEBUG,
            other_users=user_model.objects.exclude(username__in=demo_names).count(),
        )
        if reason and not options["allow_demo_accounts"]:
            raise CommandError(
                f"Not loading the demo: {reason} Use --allow-demo-accounts on a throwaway "
                "server; `make run` uses its own SQLite database in var/."
            )
        for username, group_name, is_admin in DEMO_USERS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={"is_staff": is_admin, "is_superuser": is_admin},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=group_name))
        article, created = article_submit(
            body=DEMO_ARTICLE.read_text(encoding="utf-8"),
            title="Drone strikes hit river port as ceasefire talks stall",
            publisher="Harbour Courier",
            published=datetime.date(2026, 3, 10),
            url="https://example.org/harbour-courier/river-port-strikes",
            submitted_by=user_model.objects.get(username="editor"),
        )
        process_now(article)
        article.refresh_from_db()
        state = "loaded" if created else "already loaded"
        self.stdout.write(f"Demo article {state}: {article.title} [{article.status}]")
        published = publish_demo_verdict(
            article,
            reviewer=user_model.objects.get(username="reviewer"),
            editor=user_model.objects.get(username="editor"),
        )
        if published is not None:
            self.stdout.write(f"Demo fact-check published at /factchecks/{published.pk}/")
        self.stdout.write(
            f"Log in as reviewer / {DEMO_PASSWORD} (also editor and admin, same password)"
        )
