from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from claims.services.ingest import article_submit

DEMO_ARTICLE = Path(__file__).resolve().parents[2] / "demo" / "river-port-strike.txt"
DEMO_PASSWORD = "factcheck-demo"
DEMO_USERS = (
    ("reviewer", "reviewer", False),
    ("editor", "editor", False),
    ("admin", "admin", True),
)


class Command(BaseCommand):
    help = "Load the demo article and demo accounts (reviewer, editor, admin)."

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
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
        article.refresh_from_db()
        state = "loaded" if created else "already loaded"
        self.stdout.write(f"Demo article {state}: {article.title} [{article.status}]")
        self.stdout.write(
            f"Log in as reviewer / {DEMO_PASSWORD} (also editor and admin, same password)"
        )
