"""Users and their roles (the role groups)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from claims.admin.access import AdminRoleOnly
from claims.roles import ROLES
from claims.services.accounts import account_roles_applied

User = get_user_model()

# Django registered its own user and group admins; these replace them.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(AdminRoleOnly, DjangoUserAdmin):
    list_display = ("username", "email", "roles", "is_staff", "is_active", "last_login")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="roles")
    def roles(self, user: Any) -> str:
        names = [g.name for g in user.groups.all() if g.name in ROLES]
        return ", ".join(names + (["superuser"] if user.is_superuser else []))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        user = form.instance
        if account_roles_applied(user=user):
            self.message_user(request, f"{user.get_username()} is now staff: admins use /admin/.")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # An admin who is not a superuser can't make anyone (themselves included) one.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("is_superuser", "user_permissions", "last_login", "date_joined")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        # Setting someone else's password is taking over their account: an admin could sign
        # in as an editor and approve their own verdict. Only a superuser may; an admin sets
        # a password when making an account, and changes their own on the account page.
        if not request.user.is_superuser and str(request.user.pk) != str(id):
            raise PermissionDenied(
                "Only a superuser sets another account's password; its owner changes it "
                "from the account page."
            )
        return super().user_change_password(request, id, form_url)


@admin.register(Group)
class RoleAdmin(AdminRoleOnly, DjangoGroupAdmin):
    """The roles are groups; membership is given on the user's page. Only a superuser
    changes a group itself."""

    list_display = ("name", "member_count")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
        return super().get_queryset(request).annotate(member_count=Count("user"))

    @admin.display(description="members", ordering="member_count")
    def member_count(self, group: Group) -> int:
        return group.member_count  # type: ignore[attr-defined]  # annotated by get_queryset

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser
