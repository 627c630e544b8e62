import django_filters


class StyledFilterSet(django_filters.FilterSet):
    """A filter set whose form fields carry Bootstrap's classes."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if hasattr(field, "choices") else "form-control")
        return form
