"""The current request's id, user and address, for the audit log and the logs."""

import contextvars
import functools
import ipaddress
import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("marsad_request", default=None)


def client_address(request: HttpRequest) -> str | None:
    """The address of the person asking: what sign-in throttling, rate limits, the audit
    log and the logs all use. RequestContextMiddleware has already put it in REMOTE_ADDR."""
    return request.META.get("REMOTE_ADDR") or None


@functools.cache
def _trusted_networks(setting: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip())


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted_networks(settings.MARSAD_TRUSTED_PROXIES))


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def resolve_client(peer: str, forwarded_for: str) -> str:
    """The client's address from the connection's peer and X-Forwarded-For.

    The header is read only when the peer is a trusted proxy (MARSAD_TRUSTED_PROXIES,
    the loopback by default: our own nginx), and from the right: each trusted proxy
    appends the address it saw, so the first untrusted address from the right is the
    one the last trusted proxy talked to. Anything the client wrote itself sits to the
    left of that and is never believed."""
    client = peer
    if not _trusted(peer):
        return client
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        if not _valid(hop):
            break
        client = hop
        if not _trusted(hop):
            break
    return client


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
        # Everything after this (axes, rate limits, the audit log, gunicorn's access line,
        # which reads the same WSGI environ) sees the client's address, not our proxy's.
        peer = request.META.get("REMOTE_ADDR", "")
        request.META["REMOTE_ADDR"] = resolve_client(peer, request.META.get("HTTP_X_FORWARDED_FOR", ""))
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
