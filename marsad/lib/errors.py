"""Error pages: never a stack trace, always the request id that is in the log."""

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def _request_id(request) -> str:
    return getattr(request, "id", "")


def server_error(request):
    if request.path.startswith("/api/"):
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
    from marsad.accounts import scope

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
    return render(request, "404.html", {"request_id": _request_id(request)}, status=404)
