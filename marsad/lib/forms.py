from django import forms
from django.core.exceptions import ValidationError


def style(form) -> None:
    """Give a form's visible fields Bootstrap's classes (check box, select, text)."""
    for field in form.visible_fields():
        widget = field.field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs["class"] = "form-select"
        else:
            widget.attrs["class"] = "form-control"


def add_errors(form, invalid: ValidationError) -> None:
    """Show a service's refusal on the form: each message under its field when the
    form has one, above the form otherwise."""
    for name, errors in invalid.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)
