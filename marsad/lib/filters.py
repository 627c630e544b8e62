import django_filters
from django import forms


class StyledFilterSet(django_filters.FilterSet):
    """A filter set whose form fields carry Bootstrap's classes."""

    @property
    def form(self) -> forms.Form:
        form: forms.Form = super().form
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if hasattr(field, "choices") else "form-control")
        return form
