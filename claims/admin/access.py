"""Who may see and change what in the admin: the roles of claims.roles, not Django's
per-model permissions. Admins (group `admin` or superusers, who must also be staff to sign
in) manage everything; reviewers who are staff may look at sources, articles and claims.
"""

from __future__ import annotations

from typing import Any

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.http import HttpRequest

from claims.roles import is_admin, is_reviewer


class AdminRoleOnly:
    """Only admins see or touch the model; `read_only` models can't be added or changed."""

    read_only = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return not self.read_only and is_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_admin(request.user)

    def has_rerun_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)


class ReviewersMayLook(AdminRoleOnly):
    """Reviewers may read these pages (to check a source or a claim); admins change them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_reviewer(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_reviewer(request.user)


class InlineForRoles:
    """Inlines follow the same roles as their page: Django's per-model permissions, which
    the role groups don't carry, would hide them even from admins."""

    read_only = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_reviewer(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and is_admin(request.user)


class ReadableByAdmins:
    """Admins may read another app's models; changing them stays with superusers, under
    that app's own rules (its admin and Django's permissions)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user) or super().has_module_permission(request)  # type: ignore[misc]  # a mixin: the ModelAdmin is a later base

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user) or super().has_view_permission(request, obj)  # type: ignore[misc]  # a mixin: the ModelAdmin is a later base


# django-axes' login records: admins may read who was locked out and why.
class AccessAttemptAdmin(ReadableByAdmins, axes_admin.AccessAttemptAdmin):
    pass


class AccessLogAdmin(ReadableByAdmins, axes_admin.AccessLogAdmin):
    pass


class AccessFailureLogAdmin(ReadableByAdmins, axes_admin.AccessFailureLogAdmin):
    pass


# axes registered its own admins when the admin autodiscovered it (its app is listed before
# claims); these replace them.
for _model, _model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _model_admin)
