"""The admin's search-as-you-type pickers, safe with any submitted value.

When a form comes back refused, Django's autocomplete widgets look up the submitted
ids to show them again — unparsed: "abc", or a number past the column's range, raises
in the query (a server error) instead of leaving the field's own "select a valid
choice" to say what is wrong. Here only ids that could name a row are looked up."""

from typing import Any

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import connection


def _could_be_key(field: Any, value: Any) -> bool:
    remote = field.remote_field
    target = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
    try:
        parsed = target.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    if isinstance(parsed, int):
        low, high = connection.ops.integer_field_range(target.get_internal_type())
        return (low is None or parsed >= low) and (high is None or parsed <= high)
    return True


class _KnownKeysOnly:
    field: Any

    def optgroups(self, name: Any, value: Any, attr: Any = None) -> Any:
        kept = [item for item in value if item in ("", None) or _could_be_key(self.field, item)]
        return super().optgroups(name, kept, attr)  # type: ignore[misc]


class KnownKeysSelect(_KnownKeysOnly, AutocompleteSelect):
    pass


class KnownKeysSelectMultiple(_KnownKeysOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocomplete:
    """A ModelAdmin mixin: its `autocomplete_fields` use the widgets above."""

    admin_site: Any

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = KnownKeysSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = KnownKeysSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
