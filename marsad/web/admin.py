from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from marsad.accounts import scope
from marsad.audit.services import audit_refusal
from marsad.lib.admin_widgets import SafeAutocomplete
from marsad.lib.forms import ModelForm
from marsad.lib.versioning import StaleVersion, Versioned, claim_version


class VersionedAdminForm(ModelForm):
    """Carries the version the administrator opened, so a change based on a record
    someone has since saved is refused (see `marsad.lib.versioning`)."""

    # Not named `version`: the admin would take that for the (non-editable) model field.
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.checks_version:
            self.fields["opened_version"].initial = self.instance.version

    @property
    def checks_version(self) -> bool:
        return isinstance(self.instance, Versioned) and self.instance.pk is not None

    def clean(self):
        cleaned = super().clean()
        if self.checks_version:
            stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list("version", flat=True)
            if cleaned.get("opened_version") not in stored:
                raise ValidationError(STALE)
        return cleaned


STALE = _(
    "Someone else saved this record after you opened it; nothing was saved. Reload the page to see their changes."
)


class ScopedAdmin(SafeAutocomplete, SimpleHistoryAdmin):
    """Admin pages that read and write through `marsad.accounts.scope`, with history,
    and with the same no-lost-updates check as the pages and the API."""

    form = VersionedAdminForm

    def save_model(self, request, obj, form, change):
        if change and getattr(form, "checks_version", False):
            claim_version(obj, form.cleaned_data["opened_version"])  # the atomic check; clean() gave the message
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion:  # saved by someone else between clean() and save
            messages.error(request, STALE)
            return HttpResponseRedirect(request.path)

    def get_queryset(self, request):
        return scope.readable(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self._exists(object_id):
            audit_refusal(request=request, reason=f"admin: {self.model._meta.label_lower} {object_id} outside scope")
        return obj

    def _exists(self, object_id) -> bool:
        try:
            return self.model._default_manager.filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or scope.can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or scope.can_change(request.user, obj))
