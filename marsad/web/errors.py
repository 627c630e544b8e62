"""Error pages: never a stack trace, always the request id that is in the log."""

import sys

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.lib.outage import RETRY_AFTER, QueueUnavailable, is_database_outage, is_storage_full


class NulInRequest(SuspiciousOperation):
    """A NUL character in the address or the query string."""


def _request_id(request) -> str:
    return getattr(request, "id", "")


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _api_error(request, detail: str, status: int) -> JsonResponse:
    """The API answers in JSON even when Django, not DRF, refuses the request."""
    return JsonResponse({"detail": detail, "request_id": _request_id(request)}, status=status)


def bad_request(request, exception):
    """400 for what Django refuses before any view runs: a body over the size limit,
    too many fields, a malformed request."""
    detail = _("The request was refused: %(reason)s") % {"reason": _describe(exception)}
    if _is_api(request):
        return _api_error(request, detail, 400)
    return render(request, "400.html", {"request_id": _request_id(request), "detail": detail}, status=400)


def refused_input(request, exception):
    """400 for a record's rule that a page did not catch itself: the rule's own words,
    never a server error (nothing was written: the request's transaction ends)."""
    detail = " ".join(exception.messages) or _("it is malformed.")
    if _is_api(request):
        return _api_error(request, detail, 400)
    return render(request, "400.html", {"request_id": _request_id(request), "detail": detail}, status=400)


def _describe(exception) -> str:
    if isinstance(exception, RequestDataTooBig):
        return _("the body is larger than the server accepts.")
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return _("it sends more fields than the server accepts.")
    if isinstance(exception, NulInRequest):
        return _("the address, a parameter or a field contains a NUL character.")
    return _("it is malformed.")


def server_error(request):
    # Django calls this while handling the exception, so it is still at hand.
    exception = sys.exc_info()[1]
    if is_database_outage(exception):
        return database_unavailable(request)
    if is_storage_full(exception):
        return storage_full(request)
    if isinstance(exception, QueueUnavailable):
        return queue_unavailable(request)
    if _is_api(request):
        return JsonResponse(
            {
                "detail": _("Server error. Quote this request id to the administrator."),
                "request_id": _request_id(request),
            },
            status=500,
        )
    # A bare template: the error may have come from the database or a context processor.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_id": _request_id(request)}))


def unavailable(request, *, heading: str, detail: str, status: int = 503, retry_after: int | None = None):
    """The server cannot do this now — its database or job queue is away, its disk is
    full — and the person did nothing wrong: what happened, and what to do. A bare
    template, as nothing on this page may touch the database."""
    response: HttpResponse
    if _is_api(request):
        response = _api_error(request, f"{heading}. {detail}", status)
    else:
        context = {"request_id": _request_id(request), "heading": heading, "detail": detail}
        response = HttpResponse(loader.get_template("503.html").render(context), status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def database_unavailable(request):
    """503 with Retry-After: the database is away for a moment; the request may be sent
    again as it was (its transaction did not commit)."""
    return unavailable(
        request,
        heading=_("Marsad cannot reach its database at the moment"),
        detail=_("What you just sent was not saved. Wait a minute and send it again."),
        retry_after=RETRY_AFTER,
    )


def queue_unavailable(request):
    """503: the job was recorded (with its file) but the queue that hands it to a
    worker is away; the sweep starts it once the queue answers, nobody need ask again."""
    return unavailable(
        request,
        heading=_("The job queue cannot be reached at the moment"),
        detail=_(
            "What you asked for is recorded and will start by itself once the queue is back; "
            "you will find it under My jobs. There is no need to ask again."
        ),
        retry_after=RETRY_AFTER,
    )


def storage_full(request):
    """507: the server has no room left to store a file (or its volume is read-only).
    The half-written file is already gone (lib/storage.py) and the request's records
    were not saved; only the administrator can make room."""
    return unavailable(
        request,
        heading=_("The server has no room to store files"),
        detail=_(
            "Your file was not stored and nothing you sent was saved. Tell the administrator; "
            "once there is room again, send it again."
        ),
        status=507,
    )


def permission_denied(request, exception):
    if _is_api(request):
        return _api_error(request, str(exception) or _("You do not have permission to perform this action."), 403)
    return render(
        request,
        "403.html",
        {
            "reason": str(exception) if str(exception) else scope.refusal_reason(request.user),
            "request_id": _request_id(request),
            "entities": request.user.entities.order_by("code") if request.user.is_authenticated else [],
        },
        status=403,
    )


def not_found(request, exception):
    if _is_api(request):
        return _api_error(request, _("Not found."), 404)
    return render(request, "404.html", {"request_id": _request_id(request)}, status=404)
