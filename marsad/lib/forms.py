from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from marsad.lib import deferred
from marsad.lib.labels import Label
from marsad.lib.records import record_save
from marsad.lib.versioning import changed_fields


def style(form: forms.BaseForm) -> None:
    """Give a form's visible fields Bootstrap's classes (check box, select, text)."""
    for field in form.visible_fields():
        widget = field.field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs["class"] = "form-select"
        else:
            widget.attrs["class"] = "form-control"


def add_errors(form: forms.BaseForm, invalid: ValidationError) -> None:
    """Show a service's refusal on the form: each message under its field when the
    form has one, above the form otherwise."""
    for name, errors in invalid.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class VersionedModelForm(forms.ModelForm):  # type: ignore[type-arg]  # for any model
    """A model form that carries the version it was filled from (see `save_form_if_current`)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def save_if_current(self) -> models.Model:
        """Save the record and its many-to-many fields through the one write path
        (`marsad.lib.records.record_save`), or raise StaleVersion."""
        with deferred.writing():
            instance: models.Model = self.save(commit=False)
            version = self.cleaned_data.get("version") if instance.pk else None
            record_save(instance, version=version)
            self.save_m2m()
        return instance

    def conflict(self, current: models.Model | None) -> list[tuple[Label, object, object]]:
        """What differs between the stored record and this form's entries."""
        submitted = {name: value for name, value in self.cleaned_data.items() if name != "version"}
        return changed_fields(current, submitted) if current is not None else []
