"""Error pages: never a stack trace, always the request id that is in the log."""

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from marsad.accounts import scope


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
