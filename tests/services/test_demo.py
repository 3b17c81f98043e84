"""The demo's accounts have a password anyone can read in the README: `load_demo` refuses
to put them into a database that looks real."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from claims.management.commands.load_demo import refusal

pytestmark = pytest.mark.django_db


def test_the_demo_is_refused_when_debug_is_off(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="admin").exists()


def test_the_demo_is_refused_in_a_database_with_other_accounts(settings: Any) -> None:
    settings.DEBUG = True
    get_user_model().objects.create_user("rita", password="a-real-newsroom-password")
    with pytest.raises(CommandError, match="1 account"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="admin").exists()


def test_the_refusal_rule() -> None:
    assert refusal(debug=True, other_users=0) == ""
    assert "DEBUG is off" in refusal(debug=False, other_users=0)
    assert "real installation" in refusal(debug=True, other_users=2)
