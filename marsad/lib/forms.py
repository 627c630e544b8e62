from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models

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


def _fits_the_key(field: forms.ModelChoiceField, value: object) -> bool:  # type: ignore[type-arg]
    """Whether `value` can be a key of the field's records: a whole number the database
    can hold, for a numeric key. (SQLite cannot even compare a larger one.)"""
    if field.queryset is None:
        return True
    meta = field.queryset.model._meta
    key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    if not isinstance(key, models.IntegerField | models.AutoField):
        return True
    try:
        number = int(str(value))
    except ValueError:
        return True  # Django's own check names it as not a valid choice
    low, high = connection.ops.integer_field_range(key.get_internal_type())
    return (low is None or number >= low) and (high is None or number <= high)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Django's, refusing as "not a valid value" an id too large for the database,
    which SQLite would otherwise answer with an error (a 500)."""

    def _check_values(self, value: Any) -> Any:
        for key in value:
            if not _fits_the_key(self, key):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": key}
                )
        return super()._check_values(value)  # type: ignore[misc]


class DecimalField(forms.DecimalField):
    """Django's, showing a stored 100.00 as "100" and 42.50 as "42.5": the figure as a
    person would type it, not the column's precision."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal) and value.is_finite():
            return format(value.normalize(), "f")
        return value


class ModelForm(forms.ModelForm):  # type: ignore[type-arg]  # for any model
    """Our model forms' base: many-to-many fields made from the model refuse an id too
    large for the database as an invalid choice (see ModelMultipleChoiceField), and
    decimal fields show their value without trailing zeros (DecimalField)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field) is forms.ModelMultipleChoiceField:
                field.__class__ = ModelMultipleChoiceField
            elif type(field) is forms.DecimalField:
                field.__class__ = DecimalField


class VersionedModelForm(ModelForm):
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
            # The many-to-many values go with the record, so that a change to them alone
            # is a change (a version, history), and no change at all writes nothing.
            many = {
                field.name: self.cleaned_data[field.name]
                for field in instance._meta.many_to_many
                if field.name in self.cleaned_data
            }
            record_save(instance, version=version, many=many)
        return instance

    def conflict(self, current: models.Model | None) -> list[tuple[Label, object, object]]:
        """What differs between the stored record and this form's entries."""
        submitted = {name: value for name, value in self.cleaned_data.items() if name != "version"}
        return changed_fields(current, submitted) if current is not None else []
