"""The current request's id, user and address, for the audit log and the logs."""

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("marsad_request", default=None)


def client_address(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is the peer; behind a reverse proxy gunicorn's --forwarded-allow-ips
    # rewrites it from X-Forwarded-For, so no header is trusted here.
    return request.META.get("REMOTE_ADDR") or None


# nginx's $request_id (deploy/nginx): 32 hex digits. Taken as the request's id, so one
# id finds the request in nginx's log, gunicorn's and Django's; anything else is ignored.
_FORWARDED_ID = re.compile(r"[0-9a-f]{32}")


class RequestContextMiddleware:
    """Give every request an id (shown on error pages, in the logs, in the audit log)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = request.headers.get("X-Request-ID", "")
        request_id = forwarded if _FORWARDED_ID.fullmatch(forwarded) else uuid.uuid4().hex[:12]
        request.id = request_id  # type: ignore[attr-defined]  # the request's id, ours
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response.headers["X-Request-ID"] = request_id
        return response


def current_request() -> HttpRequest | None:
    return _current_request.get()


class RequestIdLogFilter:
    """Adds `request_id` to every log record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx/5xx response (404, 409…) after the middleware has finished,
        # with the request on the record: read its id there first.
        request = getattr(record, "request", None) or current_request()
        record.request_id = getattr(request, "id", "-")
        return True
