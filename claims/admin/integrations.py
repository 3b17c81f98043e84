"""Integrations: API tokens and webhook subscriptions with their deliveries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest

from claims.admin.access import AdminRoleOnly, InlineForRoles
from claims.models import (
    ApiToken,
    WebhookDelivery,
    WebhookSubscription,
)
from claims.roles import is_admin
from claims.services.tokens import api_token_issue
from claims.services.webhooks import webhook_subscribe, webhook_subscription_update


@admin.register(ApiToken)
class ApiTokenAdmin(AdminRoleOnly, admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "read_only", "created_at", "last_used_at")
    list_filter = ("read_only",)
    list_select_related = ("user",)
    search_fields = ("name", "user__username", "prefix")
    fields = ("user", "name", "read_only", "prefix", "created_at", "last_used_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    raw_id_fields = ("user",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A key is issued once: afterwards only the name and read-only flag may change.
        if obj is not None:
            return (*self.readonly_fields, "user")
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = api_token_issue(user=obj.user, name=obj.name, read_only=obj.read_only)
        obj.pk = token.pk
        obj.refresh_from_db()
        obj._state.adding = False
        messages.warning(
            request,
            f"The token's key, shown only this once: {key}  Use: Authorization: Token {key}",
        )


class WebhookSubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=WebhookSubscription.Event.choices, widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(
        required=False, max_length=128, help_text="Left empty on a new subscription: generated."
    )

    class Meta:
        model = WebhookSubscription
        fields = ("owner", "url", "events", "secret", "active")


class WebhookDeliveryInline(InlineForRoles, admin.TabularInline):
    model = WebhookDelivery
    read_only = True
    extra = 0
    fields = ("created_at", "event", "status", "attempts", "response_status", "error")
    readonly_fields = fields
    ordering = ("-created_at",)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(AdminRoleOnly, admin.ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ("url", "owner", "events", "active", "created_at")
    list_filter = ("active",)
    list_select_related = ("owner",)
    search_fields = ("url",)
    raw_id_fields = ("owner",)
    inlines = (WebhookDeliveryInline,)

    def save_model(
        self, request: HttpRequest, obj: WebhookSubscription, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        if not change:
            saved = webhook_subscribe(
                owner=data["owner"],
                url=data["url"],
                events=data["events"],
                secret=data["secret"],
                active=data["active"],
            )
            obj.pk = saved.pk
            obj.refresh_from_db()
            obj._state.adding = False
            return
        values = {
            name: data[name]
            for name in form.changed_data
            if name in ("url", "events", "secret", "active")
        }
        if values:
            webhook_subscription_update(subscription_id=obj.pk, **values)
        obj.refresh_from_db()


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(AdminRoleOnly, admin.ModelAdmin):
    read_only = True
    list_display = ("id", "event", "subscription", "status", "attempts", "response_status")
    list_filter = ("status", "event")
    list_select_related = ("subscription",)
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
