import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from marsad.committee.choices import DecisionKind, DecisionStatus
from marsad.indicators.templatetags.indicators import period_label
from marsad.public import content, fields, opendata, served, services
from marsad.public.feeds import PublicFeed
from marsad.public.served import public_page
from marsad.web.pages import pages_view

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


@require_safe
@public_page
def page(request):
    """The transparency page: no sign-in, what the programme office publishes, Arabic first."""
    found = content.everything(timezone.localdate(), page=served.page_number(request))
    for indicator in found["indicators"]:
        points, interval = indicator.pop("_points", None), indicator.pop("_interval", None)
        if indicator.get("latest_period"):
            # Named as the chart names it: "Fourth quarter 2026", not "October 2026".
            indicator["latest_label"] = period_label(indicator["latest_period"], interval)
        if points:
            indicator["chart"] = {
                "labels": [period_label(point["period"], interval) for point in points],
                "actual": [point["value"] for point in points],
                "target": [point["target"] for point in points],
                "bars": False,
                "names": {"actual": _("Actual"), "target": _("Target trajectory")},
            }
            # The same values as a table: the chart's alternative.
            indicator["table"] = [
                (label, point["value"], point["target"])
                for label, point in zip(indicator["chart"]["labels"], points, strict=True)
            ]
    # Labels for the codes shown (a masked code has none).
    _label(found["decisions"], "status", DecisionStatus)
    _label(found["decisions"], "kind", DecisionKind)
    files = [(name, opendata.title(name)) for name in opendata.NAMES]
    asked = request.GET.get("lang")
    query = f"lang={asked}" if asked in ("ar", "en") else ""
    return render(
        request, "public/page.html", {**found, "files": files, "page": found["projects_page"], "query": query}
    )


def _label(rows, column, choices):
    names = dict(choices.choices)
    for row in rows:
        if row.get(column):
            row[f"{column}_label"] = names.get(row[column], row[column])


@require_safe
@public_page
def data_file(request, name, fmt):
    if name not in opendata.NAMES or fmt not in FORMATS:
        raise Http404
    # Streamed: written as the records are read, whatever the size of the portfolio.
    found = content.everything(timezone.localdate(), streamed=True)
    chunks = opendata.csv_chunks(name, found) if fmt == "csv" else opendata.json_chunks(name, found)
    return StreamingHttpResponse(chunks, content_type=FORMATS[fmt])


@require_safe
@public_page
def datapackage(request):
    found = content.everything(timezone.localdate())
    described = opendata.package(found, opendata.built_now())
    return HttpResponse(
        json.dumps(described, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )


feed = require_safe(public_page(PublicFeed()))


@pages_view(writes=True)
def settings_page(request, kind="project"):
    """For the programme office: per public record, which fields the public sees."""
    if not services.may_publish(request.user):
        raise PermissionDenied(_("Only the programme office chooses what the public sees."))
    if kind not in fields.BY_KIND:
        raise Http404
    records = services.candidates(kind)
    if request.method == "POST":
        with transaction.atomic():
            for record in records:
                shown = [key for key in fields.keys(kind) if request.POST.get(f"{record.pk}:{key}")]
                services.disclosure_set(kind=kind, object_id=record.pk, shown=shown, user=request.user)
                if kind == "decision":
                    services.decision_publish(
                        record, user=request.user, published=bool(request.POST.get(f"{record.pk}:published"))
                    )
        messages.success(request, _("Saved. The public page shows the change within a minute."))
        return redirect(request.path)
    shown = content.shown_fields(kind, [record.pk for record in records])
    return render(
        request,
        "public/settings.html",
        {
            "kind": kind,
            "kinds": fields.KINDS,
            "fields": fields.BY_KIND[kind],
            "rows": [(record, shown[record.pk]) for record in records],
        },
    )
