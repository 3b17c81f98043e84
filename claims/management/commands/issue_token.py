from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.services.tokens import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for a user and print its key (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--read-only", action="store_true", help="Only safe methods.")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args: Any, username: str, read_only: bool, name: str, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None
        token, key = api_token_issue(user=user, name=name, read_only=read_only)
        self.stderr.write(
            f"Token {token.prefix}… for {username}"
            + (" (read-only)" if read_only else "")
            + ". Send it as: Authorization: Token <key>"
        )
        self.stdout.write(key)
