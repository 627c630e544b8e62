from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=2&page_size=100`; large enough pages for scripts, bounded for the server."""

    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc, context):
    """DRF's answer, plus: every refusal (401/403) goes to the audit log."""
    from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
    from rest_framework import exceptions
    from rest_framework.views import exception_handler as drf_exception_handler

    from marsad.audit.services import audit_refusal

    response = drf_exception_handler(exc, context)
    if isinstance(exc, exceptions.PermissionDenied | exceptions.NotAuthenticated | DjangoPermissionDenied):
        audit_refusal(request=context["request"]._request, reason=str(exc))
    return response
