"""The API's shared parts: pagination and the one exception handler that turns every
refusal into a JSON answer (views raise; they never build errors). The JSON parser is
in `api_parsers`."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from marsad.audit.services import audit_refusal
from marsad.lib.records import StepRefused, messages_by_field
from marsad.lib.versioning import StaleVersion


class Pagination(PageNumberPagination):
    """`?page=2&page_size=100`; large enough pages for scripts, bounded for the server.

    A view that knows how many rows match without counting them (kept counts) says so
    with `paginate_counted`."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_counted(self, queryset, request, view, count: int | None):
        if count is None:
            return self.paginate_queryset(queryset, request, view)
        known: int = count

        class Counted(self.django_paginator_class):  # type: ignore[name-defined]
            @property
            def count(self) -> int:
                return known

        self.django_paginator_class = Counted
        return self.paginate_queryset(queryset, request, view)


def exception_handler(exc, context):
    """Every API refusal as JSON, in one place:

    - a record's rules (Django ValidationError from `full_clean` or a service): 400,
      messages by field;
    - a stale version: 409 with the current version; a step that does not apply to
      the record's present state: 409;
    - DRF's own (parse errors, 401, 403, 404, 405, throttling) as DRF answers them;
    - every refusal of access (401/403) also goes to the audit log.
    """
    # Imported here: rest_framework.views reads the API settings, which name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, StaleVersion):
        current = exc.current
        return Response(
            {
                "detail": _("Someone else changed this record after you read it; nothing was saved. Read it again."),
                "version": current.version if current is not None else None,
            },
            status=409,
        )
    if isinstance(exc, StepRefused):
        return Response({"detail": str(exc)}, status=409)
    if isinstance(exc, DjangoValidationError):
        errors = messages_by_field(exc)
        if "__all__" in errors:
            errors["non_field_errors"] = errors.pop("__all__")
        exc = exceptions.ValidationError(errors)
    response = drf_exception_handler(exc, context)
    if isinstance(exc, exceptions.PermissionDenied | exceptions.NotAuthenticated | DjangoPermissionDenied):
        audit_refusal(request=context["request"]._request, reason=str(exc))
    return response
