import copy
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import SkipField

from marsad.lib import formatting
from marsad.lib.records import messages_by_field, record_assign


class RecordSerializer(serializers.ModelSerializer):
    """A model serializer that only parses: the record's rules (field bounds, lengths,
    blank and null, uniqueness, `clean()`) are left to the model's own validation, run
    by the one write path (`marsad.lib.records`), so the API refuses exactly what a
    page or an import refuses, with the same message."""

    # Keyword arguments DRF derives from the model's rules; the model judges them itself.
    MODEL_RULES = ("validators", "max_value", "min_value", "max_length", "min_length")

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[Any, dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        for name in self.MODEL_RULES:
            kwargs.pop(name, None)
        if "allow_blank" in kwargs:
            kwargs["allow_blank"] = True
        if kwargs.get("read_only"):
            return field_class, kwargs
        if model_field.has_default() or model_field.blank or model_field.null:
            kwargs.setdefault("required", False)
        return field_class, kwargs

    def get_validators(self) -> list[Any]:
        return []  # uniqueness: the model's validate_unique

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as invalid:
            if not isinstance(invalid.detail, dict) or not isinstance(data, Mapping):
                raise
            # Like a form: say at once what the model refuses among the fields that parsed.
            raise serializers.ValidationError(
                {**self._model_errors(data, set(invalid.detail)), **invalid.detail}
            ) from None

    def _model_errors(self, data: Mapping[str, Any], failed: set[str]) -> dict[str, Any]:
        model = self.Meta.model
        names = {f.name for f in model._meta.get_fields()}
        parsed: dict[str, Any] = {}
        for field in self._writable_fields:
            if field.field_name in failed or field.source not in names:
                continue
            try:
                parsed[field.source] = field.run_validation(field.get_value(data))
            except (serializers.ValidationError, SkipField):
                continue
        record = copy.copy(self.instance) if self.instance is not None else model()
        record_assign(record, parsed)
        exclude = failed | (
            {f.name for f in model._meta.concrete_fields} - set(parsed) if self.instance is None else set()
        )
        try:
            record.full_clean(exclude=exclude, validate_unique=True)
        except ValidationError as invalid:
            return {("non_field_errors" if k == "__all__" else k): v for k, v in messages_by_field(invalid).items()}
        return {}


class VersionedSerializer(RecordSerializer):
    """A record with a version (see `marsad.lib.versioning`): a change must send back
    the version it was based on; `ScopedModelViewSet` refuses a stale one with 409."""

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("The version you read. Required to change a record; a stale one is refused with 409."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError(
                {"version": _("Send the version you read, so that nobody's change is overwritten unseen.")}
            )
        return attrs


class ShownPercentField(serializers.FloatField):
    """A computed percentage as every page shows it (`formatting.rounded`): the API
    says 40.4 where the page says 40.4%, never 40.35294."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> float | None:
        return formatting.rounded(value)
