import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from marsad.accounts import scope
from marsad.indicators import exports as indicator_exports
from marsad.indicators import periods, series, services
from marsad.indicators.choices import Frequency
from marsad.indicators.filters import IndicatorFilter
from marsad.indicators.forms import MeasurementGridForm
from marsad.indicators.models import Indicator, Measurement
from marsad.indicators.templatetags.indicators import period_label
from marsad.lib import exports, formatting
from marsad.lib.dates import parse_day
from marsad.lib.paging import paginate, query_without_page
from marsad.lib.versioning import StaleVersion
from marsad.web.pages import pages_view


def _readable(request):
    return scope.readable(request.user, Indicator.objects.for_list())


def _get(request, code) -> Indicator:
    return scope.get_readable_or_404(
        request.user, Indicator.objects.for_list().prefetch_related("targets", "dimensions__values"), code=code
    )


@pages_view
def indicator_export(request, fmt):
    """The indicators as filtered on screen, every page of them, with their totals."""
    if fmt not in exports.FORMATS:
        raise Http404
    found = IndicatorFilter(request.GET or None, queryset=_readable(request).prefetch_related("targets"))
    rows = series.latest(list(found.qs.order_by("code")), timezone.localdate())
    for row in rows:
        row["cumulative"] = series.range_value(row["indicator"]) if row["indicator"].has_running_total else None
    return exports.respond(indicator_exports.indicator_rows(rows), "indicators", fmt)


@pages_view
def indicator_values_export(request, code, fmt):
    """One indicator's values per period over the range and interval on screen."""
    if fmt not in exports.FORMATS:
        raise Http404
    indicator = _get(request, code)
    today = timezone.localdate()
    interval, first, last = _range(request, indicator, today)
    points = series.series(indicator, interval, first, last, today=today)
    return exports.respond(indicator_exports.value_rows(indicator, points, interval), f"indicator-{code}", fmt)


@pages_view
def indicator_list(request):
    """Every indicator the reader may see: latest value against its target, with the
    last twelve months as a sparkline."""
    found = IndicatorFilter(request.GET or None, queryset=_readable(request).prefetch_related("targets"))
    page = paginate(request, found.qs.order_by("code"))
    rows = series.latest(list(page.object_list), timezone.localdate())
    return render(
        request,
        "indicators/indicator_list.html",
        {
            "filter": found,
            "rows": rows,
            "page": page,
            "query": query_without_page(request),
            "may_import": scope.may_write_some_values(request.user, Indicator.objects.measured()),
            "section": "indicator",
        },
    )


def _range(request, indicator: Indicator, today):
    """The interval and date range the page shows: from the query, or sensible ones."""
    interval = request.GET.get("interval")
    if interval not in Frequency.values or not periods.is_coarser_or_same(interval, indicator.frequency):
        interval = Frequency.MONTH if indicator.frequency in (Frequency.DAY, Frequency.WEEK) else indicator.frequency
    last, first = _date(request.GET.get("last")) or today, _date(request.GET.get("first"))
    if first is None:
        source = indicator.numerator if indicator.is_formula else indicator
        earliest = Measurement.objects.filter(indicator=source).order_by("period").values_list("period", flat=True)
        first = earliest.first() or indicator.baseline_date or last - datetime.timedelta(days=365)
    if first > last:
        first, last = last, first
    # Keep the table readable: at most 400 periods from the end of the range.
    starts = periods.starts_between(first, last, interval)
    if len(starts) > 400:
        first = starts[-400]
    return interval, first, last


def _date(raw):
    return parse_day(raw)


@pages_view
def indicator_detail(request, code):
    """Series vs target trajectory, the table behind it, the cumulative total, splits."""
    indicator = _get(request, code)
    today = timezone.localdate()
    interval, first, last = _range(request, indicator, today)
    points = series.series(indicator, interval, first, last, today=today)
    total = series.range_value(indicator, first, last)
    dimensions = list(indicator.dimensions.all())
    split = next((d for d in dimensions if d.code == request.GET.get("split")), dimensions[0] if dimensions else None)
    split_rows = []
    if split is not None:
        table = series.split_series(indicator, split, interval, first, last)
        names = {value.code: value.name for value in split.values.all()}
        for code_, values in table.items():
            split_rows.append({"name": names.get(code_, code_), "total": sum(values.values(), Decimal(0))})
        split_rows.sort(key=lambda row: -row["total"])
        everything = sum((row["total"] for row in split_rows), Decimal(0)) or 1
        for row in split_rows:
            row["share"] = row["total"] / everything * 100
    may_write = scope.can_write_values(request.user, indicator) and not indicator.is_formula
    chart = {
        "labels": [period_label(point.start, interval) for point in points],
        "actual": [float(point.actual) if point.actual is not None else None for point in points],
        "target": [float(point.target) if point.target is not None else None for point in points],
        "bars": indicator.aggregation == "sum",
        "names": {"actual": _("Actual"), "target": _("Target trajectory")},
    }
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "interval": interval,
            "intervals": [
                (value, label)
                for value, label in Frequency.choices
                if periods.is_coarser_or_same(value, indicator.frequency)
            ],
            "first": first,
            "last": last,
            "points": list(reversed(points)),
            "total": total,
            "dimensions": dimensions,
            "split": split,
            "split_rows": split_rows,
            "chart": chart,
            "may_write": may_write,
            "may_comment": may_write and scope.can_use_pages(request.user),
            "may_lock": scope.can_lock_values(request.user, indicator) and not indicator.is_formula,
            "today": today,
            "section": "indicator",
        },
    )


@pages_view(writes=True)
def measurement_entry(request, code):
    """One period's values, a cell per breakdown combination (rows by the first
    dimensions, columns by the last)."""
    indicator = _get(request, code)
    if indicator.is_formula or not scope.can_write_values(request.user, indicator):
        raise PermissionDenied(scope.refusal_reason(request.user, indicator))
    today = timezone.localdate()
    period = _date(request.GET.get("period") or request.POST.get("period"))
    default_period = periods.period_start(today, indicator.frequency)
    if period is None or periods.period_start(period, indicator.frequency) != period or period > today:
        period = default_period
    stored = {m.breakdown: m.value for m in Measurement.objects.filter(indicator=indicator, period=period)}
    form = MeasurementGridForm(request.POST or None, indicator=indicator, stored=stored)
    errors, conflicts = [], []
    if request.method == "POST":
        if not form.is_valid():
            errors = form.problems()
        else:
            try:
                counts = services.grid_save(
                    indicator=indicator, period=period, entries=form.entries(), opened=form.opened(), user=request.user
                )
            except services.GridConflict as conflict:
                conflicts = form.names_of(conflict.cells)
                form.stored = {
                    m.breakdown: m.value for m in Measurement.objects.filter(indicator=indicator, period=period)
                }
            except ValidationError as invalid:
                errors = invalid.messages
            else:
                messages.success(
                    request,
                    _("Saved: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                    % {"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged},
                )
                return redirect(f"{request.path}?period={period.isoformat()}")
    recent_periods = [default_period]
    for _step in range(11):
        recent_periods.append(
            periods.period_start(recent_periods[-1] - datetime.timedelta(days=1), indicator.frequency)
        )
    if period not in recent_periods:
        recent_periods.append(period)
    return render(
        request,
        "indicators/measurement_entry.html",
        {
            "indicator": indicator,
            "period": period,
            "period_name": period_label(period, indicator.frequency),
            "recent_periods": [(p, period_label(p, indicator.frequency)) for p in recent_periods],
            "pick_a_day": indicator.frequency in (Frequency.DAY, Frequency.WEEK),
            "rows": form.rows(),
            "columns": form.columns(),
            "row_header": form.row_header(),
            "locked": indicator.is_locked(period),
            "errors": errors,
            "conflicts": conflicts,
            "section": "indicator",
        },
    )


@pages_view(writes=True)
@require_POST
def indicator_lock(request, code):
    indicator = _get(request, code)
    through = _date(request.POST.get("through"))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    if through is None:
        messages.error(request, _("Choose the date to lock through."))
    else:
        try:
            count = services.indicator_lock_through(
                indicator=indicator, through=through, user=request.user, version=version
            )
        except ValidationError as invalid:
            messages.error(request, " ".join(invalid.messages))
        except StaleVersion:
            messages.error(request, _("Someone else changed this indicator meanwhile; nothing was locked. Try again."))
        else:
            messages.success(
                request,
                ngettext(
                    "Values through %(date)s are validated and locked (%(count)s validated now).",
                    "Values through %(date)s are validated and locked (%(count)s validated now).",
                    count,
                )
                % {"date": formatting.format_date(through), "count": count},
            )
    return redirect(indicator.get_absolute_url())


@pages_view(writes=True)
@require_POST
def variance_note(request, code):
    indicator = _get(request, code)
    period = _date(request.POST.get("period"))
    if period is None or periods.period_start(period, indicator.frequency) != period:
        messages.error(request, _("Choose one of the indicator's periods."))
    else:
        services.variance_note_save(
            indicator=indicator, period=period, text=request.POST.get("text", ""), user=request.user
        )
        messages.success(request, _("The comment is saved."))
    return redirect(f"{indicator.get_absolute_url()}?interval={indicator.frequency}")
