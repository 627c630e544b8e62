"""The API's shared parts: pagination, the JSON parser, and the one exception handler
that turns every refusal into a JSON answer (views raise; they never build errors)."""

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from marsad.lib.records import StepRefused, messages_by_field
from marsad.lib.versioning import StaleVersion

# Deeper JSON than any Marsad payload needs; refused before Python's recursion limit.
MAX_JSON_DEPTH = 32


class Pagination(PageNumberPagination):
    """`?page=2&page_size=100`; large enough pages for scripts, bounded for the server."""

    page_size_query_param = "page_size"
    max_page_size = 500


def _too_deep(value, limit: int) -> bool:
    """Whether parsed JSON nests deeper than `limit` (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, refusing nesting deeper than MAX_JSON_DEPTH with a 400
    (deeply nested JSON otherwise ends in RecursionError, a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError:
            raise exceptions.ParseError(_("The request body is not valid UTF-8 text.")) from None
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:
            raise exceptions.ParseError(_("The request body is not valid JSON: %(error)s") % {"error": error}) from None
        if _too_deep(data, MAX_JSON_DEPTH):
            raise exceptions.ParseError(
                _("The JSON is nested more than %(depth)s levels deep.") % {"depth": MAX_JSON_DEPTH}
            )
        return data


def _refuse_constant(name):
    raise ValueError(f"{name} is not a number JSON allows")


def exception_handler(exc, context):
    """Every API refusal as JSON, in one place:

    - a record's rules (Django ValidationError from `full_clean` or a service): 400,
      messages by field;
    - a stale version: 409 with the current version; a step that does not apply to
      the record's present state: 409;
    - DRF's own (parse errors, 401, 403, 404, 405, throttling) as DRF answers them;
    - every refusal of access (401/403) also goes to the audit log.
    """
    from marsad.audit.services import audit_refusal

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
