from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=2&page_size=100`; large enough pages for scripts, bounded for the server."""

    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc, context):
    """DRF's answer, plus: every refusal (401/403) goes to the audit log."""
    from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
    from rest_framework import exceptions
    from rest_framework.response import Response
    from rest_framework.views import exception_handler as drf_exception_handler

    from marsad.audit.services import audit_refusal
    from marsad.lib.versioning import StaleVersion

    if isinstance(exc, StaleVersion):
        current = exc.current
        return Response(
            {
                "detail": _("Someone else changed this record after you read it; nothing was saved. Read it again."),
                "version": current.version if current is not None else None,
            },
            status=409,
        )
    response = drf_exception_handler(exc, context)
    if isinstance(exc, exceptions.PermissionDenied | exceptions.NotAuthenticated | DjangoPermissionDenied):
        audit_refusal(request=context["request"]._request, reason=str(exc))
    return response
