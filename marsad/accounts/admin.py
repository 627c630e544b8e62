from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from marsad.accounts import scope
from marsad.accounts.models import ApiToken, Role, User
from marsad.accounts.tokens import api_token_issue, api_token_revoke
from marsad.lib.admin_widgets import SafeAutocomplete


class AdministratorsOnly:
    """Accounts and tokens are the administrators' business (DESIGN.md §1)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scope.role_of(request.user) == Role.ADMIN

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope.role_of(request.user) == Role.ADMIN

    def has_add_permission(self, request: HttpRequest) -> bool:
        return scope.role_of(request.user) == Role.ADMIN

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope.role_of(request.user) == Role.ADMIN

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # disable an account instead: its history and audit stay whole


@admin.register(User)
class UserAdmin(AdministratorsOnly, SimpleHistoryAdmin, DjangoUserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    filter_horizontal = ["entities", "groups", "user_permissions"]
    fieldsets = [
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Role in Marsad"), {"fields": ["role", "entities"]}),
    ]


class ApiTokenForm(forms.ModelForm[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(AdministratorsOnly, SafeAutocomplete, admin.ModelAdmin[ApiToken]):
    """Tokens are created here and shown once; they are revoked, never edited."""

    form = ApiTokenForm
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    actions = ["revoke"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        if obj is None:
            return []
        return ["user", "name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The change page only shows a token; nothing on it can be saved.
        return super().has_change_permission(request, obj) and obj is None

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        token, key = api_token_issue(
            user=obj.user, name=obj.name, created_by=cast(User, request.user)
        )  # the admin is signed in
        form.instance = obj = token
        messages.warning(
            request,
            _("The token for %(user)s is: %(key)s — copy it now; it will not be shown again.")
            % {"user": token.user.username, "key": key},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(token=token, revoked_by=cast(User, request.user))  # the admin is signed in
        messages.success(request, _("Revoked."))
