"""Accounts: what a role gives a person's account beyond the role itself."""

from __future__ import annotations

from django.contrib.auth.models import User

from claims.roles import ADMIN


def account_roles_applied(*, user: User) -> bool:
    """Make an account with the admin role staff: the admin panel, which admins use, lets
    only staff sign in. Reviewers and editors keep the staff flag they were given. True
    when the account changed."""
    if user.is_staff or not user.groups.filter(name=ADMIN).exists():
        return False
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.is_staff = True
    return True
