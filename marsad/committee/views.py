import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from marsad.accounts import scope
from marsad.committee import agenda, changes, decisions, exports, filters, snapshots, tasks
from marsad.committee.forms import (
    AgendaItemForm,
    AnnulForm,
    AttachmentForm,
    DateForm,
    DecisionForm,
    MeetingForm,
    TaskUpdateForm,
)
from marsad.committee.models import AgendaItem, Committee, Decision, Meeting, MeetingAttachment, Task
from marsad.lib import caching, deferred
from marsad.lib import exports as lib_exports
from marsad.lib.attachments import AttachmentRefused
from marsad.lib.exports import FORMATS, respond
from marsad.lib.forms import add_errors
from marsad.portfolio import extensions, freshness
from marsad.portfolio.models import Project
from marsad.web.pages import pages_view, run_step, save_or_show_again


def _meeting(meeting_id) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("committee"), pk=meeting_id)


def _error_text(invalid: ValidationError) -> str:
    return " ".join(invalid.messages)


@pages_view
def meeting_list(request):
    committees = Committee.objects.select_related("parent", "chair_entity", "formed_by__meeting__committee")
    return render(
        request,
        "committee/meeting_list.html",
        {
            "meetings": Meeting.objects.for_list().order_by("-date", "-number"),
            "committees": committees.prefetch_related("members"),
            "may_record": decisions.may_record(request.user),
        },
    )


@pages_view
def meetings_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    meetings = Meeting.objects.for_list().order_by("-date", "-number")
    return respond(exports.meeting_rows(meetings), "meetings", fmt)


@pages_view(writes=True)
def meeting_edit(request, meeting_id=None):
    meeting = _meeting(meeting_id) if meeting_id else None
    if not decisions.may_record(request.user):
        raise PermissionDenied(_("Only the programme office records meetings and decisions."))
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        saved, refused = save_or_show_again(request, form, "committee/meeting_form.html", {"meeting": meeting})
        if refused:
            return refused
        messages.success(request, _("The meeting was saved."))
        return redirect(saved)
    return render(request, "committee/meeting_form.html", {"form": form, "meeting": meeting})


def _readable_projects(user):
    return scope.readable(user, Project.objects.all())


@pages_view
def meeting_detail(request, meeting_id):
    meeting = _meeting(meeting_id)
    today = timezone.localdate()
    items = scope.withhold(
        request.user,
        list(
            meeting.items.select_related(
                "project__owner", "obstacle__project", "indicator", "strategy", "task", "rollout", "presenter_entity"
            )
        ),
    )
    meeting_decisions = list(meeting.decisions.for_list(request.user))
    previous = Meeting.objects.previous_held(meeting)
    agenda_changes, others, until = [], None, None
    if previous is not None:
        # The agenda's projects in detail, the rest of the portfolio summarised.
        until = min(meeting.date, today) if meeting.is_held else today
        readable = _readable_projects(request.user)
        on_agenda = {item.project_id for item in items if item.project_id}
        agenda_changes = changes.changes_between(previous.date, until, readable.filter(pk__in=on_agenda))
        # Cached for these dates and agenda (`freshness`): until the next write to the
        # portfolio while the meeting is to come; once it is past, until a project is saved.
        key = freshness.list_key(
            request, f"meeting-summary:{previous.date}:{until}:{sorted(on_agenda)}", past=until < today
        )
        every = scope.reads_every(request.user, Project)
        found = caching.cached(
            key,
            lambda: snapshots.kept_movements(previous.date, until, readable, leave_out=on_agenda, every_project=every),
        )
        others = snapshots.with_obstacles(found, previous.date, until, readable, on_agenda, every_project=every)
    window = MeetingWindow(meeting, previous.date if previous else None, until)
    may_record = decisions.may_record(request.user)
    return render(
        request,
        "committee/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "decisions": meeting_decisions,
            "arising": scope.readable(request.user, Task.objects.matters_arising(meeting).for_list()),
            "previous": previous,
            "agenda_changes": agenda_changes,
            "others": others,
            "until": until,
            "attachments": meeting.attachments.all(),
            "attending": meeting.attending_entities.all(),
            "subcommittees": Committee.objects.filter(formed_by__meeting=meeting),
            "may_record": may_record,
            "annul_form": AnnulForm(),
            "attachment_form": AttachmentForm(),
            "today": today,
            # Later apps' parts of the meeting page (rollouts' stage moves since the last
            # meeting, the documents' issued packs).
            **extensions.page_sections("meeting_detail", request, window, today),
        },
    )


@dataclass(frozen=True)
class MeetingWindow:
    """What a meeting page's sections are about: the meeting, and the days since the last one."""

    meeting: Meeting
    since: datetime.date | None
    until: datetime.date | None


@pages_view(writes=True)
def agenda_builder(request, meeting_id):
    meeting = _meeting(meeting_id)
    if not decisions.may_record(request.user):
        raise PermissionDenied(_("Only the programme office records meetings and decisions."))
    if request.method == "POST":
        try:
            added = agenda.accept(meeting=meeting, user=request.user, keys=request.POST.getlist("proposal"))
        except ValidationError as invalid:
            messages.error(request, _error_text(invalid))
            return redirect("committee:agenda_builder", meeting_id=meeting.pk)
        count = len(added)
        messages.success(
            request,
            ngettext("%(count)s item was added to the agenda.", "%(count)s items were added to the agenda.", count)
            % {"count": count},
        )
        return redirect(meeting)
    return render(
        request,
        "committee/agenda_builder.html",
        {
            "meeting": meeting,
            "proposals": agenda.proposals(meeting),
            "slipping_tolerance": agenda.slipping_tolerance(),
            "arising": Task.objects.matters_arising(meeting).for_list(),
            "items": meeting.items.all(),
        },
    )


@pages_view(writes=True)
def item_edit(request, meeting_id, item_id=None):
    meeting = _meeting(meeting_id)
    if not decisions.may_record(request.user):
        raise PermissionDenied(_("Only the programme office records meetings and decisions."))
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting) if item_id else None
    if request.method == "POST" and item is not None and request.POST.get("move") in ("up", "down"):
        agenda.move(item=item, user=request.user, step=-1 if request.POST["move"] == "up" else 1)
        return redirect(meeting)
    if request.method == "POST" and request.POST.get("delete") and item is not None:
        item.delete()
        messages.success(request, _("The item was taken off the agenda."))
        return redirect(meeting)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        if item is None:
            with deferred.writing():
                saved = form.save(commit=False)
                saved.meeting = meeting
                saved.order = (meeting.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
                saved.save()
        else:
            context = {"meeting": meeting, "item": item}
            _saved, refused = save_or_show_again(request, form, "committee/item_form.html", context)
            if refused:
                return refused
        messages.success(request, _("The agenda item was saved."))
        return redirect(meeting)
    return render(request, "committee/item_form.html", {"meeting": meeting, "item": item, "form": form})


@pages_view(writes=True)
def decision_new(request, meeting_id):
    meeting = _meeting(meeting_id)
    if not decisions.may_record(request.user):
        raise PermissionDenied(_("Only the programme office records meetings and decisions."))
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        projects, others = data.pop("projects"), data.pop("other_entities")
        try:
            decision = decisions.record(
                meeting=meeting, user=request.user, projects=projects, other_entities=others, **data
            )
        except ValidationError as invalid:
            add_errors(form, invalid)
        else:
            messages.success(request, _("The decision was recorded; apply it to put it into effect."))
            return redirect(decision)
    return render(request, "committee/decision_form.html", {"meeting": meeting, "form": form})


@pages_view(writes=True)
@require_POST
def decision_apply(request, decision_id):
    decision = get_object_or_404(Decision, pk=decision_id)
    run_step(request, decisions.apply, done=_("The decision was applied."), decision=decision)
    return redirect(decision)


@pages_view(writes=True)
@require_POST
def decision_annul(request, decision_id):
    decision = get_object_or_404(Decision, pk=decision_id)
    form = AnnulForm(request.POST)
    if not form.is_valid():
        if not decisions.may_record(request.user):
            raise PermissionDenied
        messages.error(request, _("Say why the decision is annulled."))
        return redirect(decision)
    try:
        kept = decisions.annul(decision=decision, user=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as invalid:
        messages.error(request, _error_text(invalid))
        return redirect(decision)
    messages.success(request, _("The decision was annulled and its effects undone."))
    if kept:
        messages.warning(
            request,
            _("Changed since the decision, so left as they are: %(fields)s") % {"fields": " · ".join(kept)},
        )
    return redirect(decision)


@pages_view(writes=True)
@require_POST
def attachment_add(request, meeting_id):

    meeting = _meeting(meeting_id)
    if not decisions.may_record(request.user):
        raise PermissionDenied(_("Only the programme office records meetings and decisions."))
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect(meeting)
    try:
        decisions.attach(meeting=meeting, user=request.user, **form.cleaned_data)
    except AttachmentRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The file was attached."))
    return redirect(meeting)


@pages_view
def attachment_download(request, attachment_id):
    attachment = get_object_or_404(MeetingAttachment, pk=attachment_id)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )


@pages_view
def decision_list(request):
    return render(
        request,
        "committee/decision_list.html",
        {"filter": filters.filtered_decisions(request), "query": request.GET.urlencode()},
    )


@pages_view
def decisions_export(request, fmt):
    return lib_exports.download(request, "decisions", fmt)


@pages_view
def task_list(request):
    found = filters.filtered_tasks(request)
    today = timezone.localdate()
    rows = list(found.qs)
    return render(
        request,
        "committee/task_list.html",
        {
            "filter": found,
            "tasks": rows,
            "today": today,
            "overdue_count": sum(task.is_overdue(today) for task in rows),
            "query": request.GET.urlencode(),
        },
    )


@pages_view
def tasks_export(request, fmt):
    return lib_exports.download(request, "tasks", fmt)


@pages_view(writes=True)
def task_detail(request, task_id):
    task = scope.get_readable_or_404(request.user, Task.objects.for_list(), pk=task_id)
    may_update = scope.can_change(request.user, task) and task.status != "cancelled"
    form = TaskUpdateForm(request.POST or None, initial={"version": task.version, "status": task.status})
    if request.method == "POST":
        if not scope.can_change(request.user, task):
            raise PermissionDenied(_("Only the focal points of the assigned entity report on this task."))
        if form.is_valid():
            run_step(
                request,
                tasks.task_update,
                done=_("The update was recorded."),
                stale=_("Someone else updated this task after you opened it; here it is as it stands."),
                task=task,
                **form.cleaned_data,
            )
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(task)
    return render(
        request,
        "committee/task_detail.html",
        {
            "task": task,
            "updates": task.updates.select_related("author").order_by("-at", "-pk"),
            "may_update": may_update,
            "form": form,
            "overdue": task.is_overdue(),
            # What the task is about, as its decision names it (only what the reader may read).
            "concerns": scope.readable(request.user, task.decision.projects.order_by("code")),
            "strategy": task.decision.strategy,
        },
    )


@pages_view
def portfolio_as_of_export(request, fmt):
    """The portfolio on the chosen day, as the page lists it."""
    if fmt not in lib_exports.FORMATS:
        raise Http404
    form = DateForm(request.GET or None)
    if form.is_valid():
        day = form.cleaned_data["date"]
    elif not request.GET:  # as the page opens: the last meeting's day
        last = Meeting.objects.held().order_by("-date").first()
        day = last.date if last else timezone.localdate()
    else:
        raise Http404
    states = changes.portfolio_as_of(day, _readable_projects(request.user))
    return lib_exports.respond(exports.as_of_rows(states), f"portfolio-{day}", fmt)


@pages_view
def portfolio_as_of(request):
    """The portfolio as it stood at the end of a chosen day (and, given a second day,
    what changed between the two)."""
    form = DateForm(request.GET or None)
    states, moved, day, since = [], [], None, None
    if form.is_valid():
        day, since = form.cleaned_data["date"], form.cleaned_data["since"]
        projects = _readable_projects(request.user)
        states = changes.portfolio_as_of(day, projects)
        if since:
            moved = changes.changes_between(since, day, projects)
    elif not request.GET:
        last = Meeting.objects.held().order_by("-date").first()
        form = DateForm(initial={"date": last.date if last else timezone.localdate()})
    return render(
        request,
        "committee/as_of.html",
        {
            "form": form,
            "states": states,
            "changes": moved,
            "day": day,
            "since": since,
            "query": request.GET.urlencode(),
        },
    )
