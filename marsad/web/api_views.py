from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework import exceptions, viewsets

from marsad.accounts import scope
from marsad.lib import deferred
from marsad.lib.records import record_assign, record_save


class ScopedReadMixin:
    """Reads through `marsad.accounts.scope`: subclasses give `base_queryset()`."""

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return scope.readable(self.request.user, self.base_queryset())

    def get_object(self):
        # Like DRF's, but asking for a record outside one's scope is audited.
        lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
        obj = scope.get_readable_or_404(self.request.user, self.base_queryset(), **lookup)
        self.check_object_permissions(self.request, obj)
        return self._withheld([obj])[0]

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return self._withheld(page) if page is not None else None

    def _withheld(self, records):
        """Records that name one the reader may not read are counted, not named."""
        model = self.base_queryset().model
        return scope.withhold(self.request.user, list(records)) if hasattr(model, "mentions") else records


class ScopedReadOnlyViewSet(ScopedReadMixin, viewsets.ReadOnlyModelViewSet):
    """A model API that only reads (its records are made elsewhere), scoped."""


class ScopedModelViewSet(ScopedReadMixin, viewsets.ModelViewSet):
    """A model API whose reads and writes all go through `marsad.accounts.scope`.

    Subclasses give `base_queryset()` and, for owned records, `owning_entity_id()`
    (which entity a record with these validated fields would belong to).
    """

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def owning_entity_id(self, validated_data, instance=None) -> int | None:
        return None

    def perform_create(self, serializer):
        entity_id = self.owning_entity_id(serializer.validated_data)
        if not scope.can_create(self.request.user, serializer.Meta.model, entity_id=entity_id):
            raise PermissionDenied
        serializer.validated_data.pop("version", None)
        self._refuse_unsettable(serializer)
        instance = self.write(serializer.Meta.model(), serializer.validated_data)
        serializer.instance = self.reloaded(instance)

    def perform_update(self, serializer):
        # The object itself was checked by ScopedPermission; a focal point must not
        # move a record to an entity they do not act for either.
        before = self.owning_entity_id({}, serializer.instance)
        after = self.owning_entity_id(serializer.validated_data, serializer.instance)
        if after != before and not scope.can_create(self.request.user, serializer.Meta.model, entity_id=after):
            raise PermissionDenied
        expected = serializer.validated_data.pop("version", None)
        self._refuse_unsettable(serializer)
        self.write(serializer.instance, serializer.validated_data, version=expected)
        serializer.instance = self.reloaded(serializer.instance)

    def write(self, instance, values: dict, *, version: int | None = None):
        """Through the one write path: the model's rules (400), the version (409)."""
        with deferred.writing():
            later = record_assign(instance, values)
            many = {name: value for name, value in later.items() if instance._meta.get_field(name).many_to_many}
            record_save(instance, version=version, many=many)
            for name, rows in later.items():
                if name not in many:
                    self.write_nested(instance, name, rows)
        return instance

    def write_nested(self, instance, name: str, rows) -> None:
        """Write the related rows a serializer nests (e.g. an indicator's targets)."""
        raise NotImplementedError(f"{type(self).__name__} does not write nested {name}")

    def reloaded(self, instance):
        # Answer with the computed figures (execution %, health…) as they now stand.
        return self.base_queryset().get(pk=instance.pk)

    def _refuse_unsettable(self, serializer):
        fields = scope.unsettable_changes(
            self.request.user, serializer.Meta.model, serializer.validated_data, serializer.instance
        )
        if fields:
            raise exceptions.PermissionDenied(
                _("Only the programme office may change these fields: %(fields)s") % {"fields": ", ".join(fields)}
            )
