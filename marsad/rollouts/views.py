from babel.dates import get_month_names
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.lib import deferred
from marsad.lib import exports as lib_exports
from marsad.lib.formatting import babel_locale
from marsad.lib.forms import add_errors
from marsad.lib.paging import query_without_page
from marsad.lib.versioning import StaleVersion, changed_fields
from marsad.rollouts import filters, matrix, services
from marsad.rollouts.forms import RolloutForm, RowForm
from marsad.rollouts.models import Participant, Rollout, StageMove
from marsad.rollouts.trajectory import chart
from marsad.web.pages import STALE, pages_view


@pages_view
def rollout_matrix(request):
    """Institutions × rollouts, each rollout's standing above."""
    today = timezone.localdate()
    found = filters.filtered_rows(request)
    rows = found.qs
    standings = matrix.rollout_standings(request.user, rows, today)
    page, lines = matrix.grid(rows, standings, request.GET.get("page"))
    return render(
        request,
        "rollouts/matrix.html",
        {
            "filter": found,
            "standings": standings,
            "page": page,
            "lines": lines,
            "chart": matrix.bars_chart(standings),
            "query": query_without_page(request),
            "may_define": scope.can_create(request.user, Rollout),
            "may_import": scope.may_change_some(request.user, Participant),
            "today": today,
        },
    )


@pages_view
def rollout_detail(request, code):
    """One rollout: its institutions × its stages, the trajectory, the laggards."""
    today = timezone.localdate()
    rollout = scope.get_readable_or_404(
        request.user,
        Rollout.objects.select_related("lead_entity", "project", "programme", "decision__meeting__committee"),
        code=code,
    )
    found = filters.filtered_rows(request)
    rows = found.qs.filter(rollout=rollout)
    # A rollout still without institutions has a standing too (none live of none).
    only = Rollout.objects.filter(pk=rollout.pk)
    standing = matrix.rollout_standings(request.user, Participant.objects.none(), today, rollouts=only)[0]
    stages = [stage for stage, _count in standing.stage_counts]
    # One rollout's stages have names: choose one by name rather than by number.
    found.form.fields["stage"].widget = forms.Select(
        choices=[("", _("All")), *((stage.order, f"{stage.order}. {stage.name}") for stage in stages)],
        attrs={"class": "form-select"},
    )
    found.form.fields["stage"].label = _("Stage")
    participants = list(rows.select_related("entity", "stage", "rollout").order_by("-stage__order", "entity__code"))
    reached = {}
    for move in scope.readable(
        request.user, rollout_moves(rollout).filter(participant__in=[p.pk for p in participants])
    ).values("participant_id", "stage_id", "reached_on"):
        reached.setdefault((move["participant_id"], move["stage_id"]), move["reached_on"])
    lines = []
    for participant in participants:
        cells = []
        for stage in stages:
            day = reached.get((participant.pk, stage.pk))
            if stage.pk == participant.stage_id:
                day = participant.stage_reached_on or day
            cells.append({"stage": stage, "day": day, "current": stage.pk == participant.stage_id,
                          "passed": stage.order < participant.stage.order})  # fmt: skip
        participant.tone = matrix.tone(participant.stage, len(stages))
        participant.may_change = scope.can_change(request.user, participant)
        lines.append((participant, cells))
    lagging = list(
        scope.readable(request.user, Participant.objects.filter(rollout=rollout).lagging(today))
        .select_related("entity", "stage")
        .order_by("stage__order", "entity__code")
    )
    data = chart(standing)
    data["months"] = [get_month_names("abbreviated", locale=babel_locale())[m] for m in range(1, 13)]
    data["labels"] = {
        "actual": _("Institutions live"),
        "planned": _("Planned line"),
        "needed": _("Needed from today"),
        "deadline": _("Deadline"),
        "axis": _("Institutions"),
    }
    query = request.GET.copy()
    query["rollout"] = rollout.code
    return render(
        request,
        "rollouts/rollout_detail.html",
        {
            "rollout": rollout,
            "standing": standing,
            "filter": found,
            "stages": stages,
            "lines": lines,
            "lagging": lagging,
            "chart": data,
            "export_query": query.urlencode(),
            "may_define": scope.can_change(request.user, rollout) and scope.can_create(request.user, Rollout),
            "today": today,
        },
    )


def rollout_moves(rollout):
    return StageMove.objects.filter(participant__rollout=rollout).order_by("-reached_on", "-pk")


@pages_view(writes=True)
def row_edit(request, code, row_id):
    """Move one institution's row: the stage reached, when, the forecast, the evidence."""
    rollout = scope.get_readable_or_404(request.user, Rollout.objects.all(), code=code)
    participant = scope.get_readable_or_404(
        request.user, Participant.objects.select_related("entity", "stage", "rollout"), pk=row_id, rollout=rollout
    )
    scope.change_or_403(request.user, participant)
    form = RowForm(request.POST or None, instance=Participant.objects.select_related("rollout").get(pk=participant.pk))
    status = 200
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.ROW_FIELDS}
        try:
            with deferred.writing():
                services.participant_update(
                    participant=participant, user=request.user, version=form.cleaned_data["version"], **values
                )
        except StaleVersion as stale:
            messages.error(request, STALE)
            conflict = changed_fields(stale.current, values) if stale.current else []
            status = 409
        except ValidationError as invalid:
            add_errors(form, invalid)
        else:
            messages.success(request, _("%(institution)s's row was updated.") % {"institution": participant.entity})
            return redirect(rollout)
    return render(
        request,
        "rollouts/row_form.html",
        {
            "rollout": rollout,
            "participant": participant,
            "form": form,
            "conflict": conflict,
            "moves": participant.moves.select_related("stage", "from_stage", "by").order_by("-reached_on", "-pk"),
        },
        status=status,
    )


@pages_view(writes=True)
def rollout_edit(request, code=None):
    """Define a rollout, or change its definition and add institutions (the programme office's)."""
    if code is None:
        if not scope.can_create(request.user, Rollout):
            raise PermissionDenied(_("Only the programme office defines rollouts."))
        rollout = Rollout()
    else:
        rollout = scope.get_readable_or_404(request.user, Rollout.objects.all(), code=code)
        if not scope.can_create(request.user, Rollout):
            raise PermissionDenied(_("Only the programme office defines rollouts."))
    form = RolloutForm(request.POST or None, instance=rollout)
    status = 200
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in RolloutForm.Meta.fields}
        try:
            with deferred.writing():
                if rollout.pk is None:
                    saved = services.rollout_create(
                        user=request.user,
                        stages=form.cleaned_data["stages"],
                        institutions=form.institutions(),
                        **fields,
                    )
                else:
                    saved = form.save_if_current()
                    services.add_institutions(rollout=saved, user=request.user, entities=form.institutions())
        except StaleVersion:
            messages.error(request, STALE)
            status = 409
        except ValidationError as invalid:
            add_errors(form, invalid)
        else:
            messages.success(request, _("The rollout was saved."))
            return redirect(saved)
    return render(request, "rollouts/rollout_form.html", {"form": form, "rollout": rollout}, status=status)


@pages_view
def rollouts_export(request, fmt):
    return lib_exports.download(request, "rollouts", fmt)
