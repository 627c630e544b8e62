from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.lib import exports as lib_exports
from marsad.lib import paging
from marsad.lib.forms import add_errors
from marsad.obstacles import filters, services
from marsad.obstacles.choices import Level
from marsad.obstacles.forms import EscalateForm, ObstacleForm, RequirementForm, StatusForm
from marsad.obstacles.models import Obstacle, Requirement
from marsad.portfolio.models import Project
from marsad.web.pages import pages_view, run_step, save_or_show_again

# The oldest this many of each level on the board; the rest one click away (the level
# chosen, its column paged), so the board costs the same with 20 obstacles or 2,000.
CARDS_PER_COLUMN = 30


@pages_view
def board(request):
    """Open obstacles in columns by escalation level, oldest first in each."""
    found = filters.filtered_obstacles(request)
    today = timezone.localdate()
    counts = dict(found.qs.order_by().values_list("level").annotate(n=Count("pk")))
    chosen = found.form.cleaned_data.get("level") if found.is_bound and found.form.is_valid() else None
    columns = []
    for level, label in Level.choices:
        at_level = found.qs.filter(level=level)
        page = paging.paginate(request, at_level, count=counts.get(level, 0)) if chosen else None
        cards = list(page if page is not None else at_level[:CARDS_PER_COLUMN])
        for obstacle in cards:
            obstacle.age = obstacle.age_days(today)
        columns.append(
            {"level": level, "label": label, "obstacles": cards, "count": counts.get(level, 0), "page": page}
        )
    others = request.GET.copy()
    for name in ("level", "page"):
        others.pop(name, None)
    return render(
        request,
        "obstacles/board.html",
        {
            "filter": found,
            "columns": columns,
            "query": request.GET.urlencode(),
            "without_level": others.urlencode(),
            "pages_query": paging.query_without_page(request),
            "total": sum(counts.values()),
            "may_import": scope.may_create_some(request.user, Obstacle),
        },
    )


@pages_view
def awaiting_committee(request):
    """Open obstacles before the Higher Committee: what the next agenda should take up."""
    today = timezone.localdate()
    obstacles = list(
        scope.readable(request.user, Obstacle.objects.for_board().open().filter(level=Level.COMMITTEE)).order_by(
            "raised_on"
        )
    )
    for obstacle in obstacles:
        obstacle.age = obstacle.age_days(today)
    return render(request, "obstacles/awaiting_committee.html", {"obstacles": obstacles})


@pages_view
def obstacles_export(request, fmt):
    return lib_exports.download(request, "obstacles", fmt)


@pages_view(writes=True)
def obstacle_new(request, code):
    project = scope.get_readable_or_404(request.user, Project.objects.all(), code=code)
    if not scope.can_create(request.user, Obstacle, entity_id=project.owner_id):
        raise PermissionDenied
    form = ObstacleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            obstacle = services.obstacle_raise(project=project, user=request.user, **form.cleaned_data)
        except ValidationError as invalid:
            add_errors(form, invalid)
        else:
            messages.success(request, _("The obstacle was recorded."))
            return redirect("obstacles:obstacle_detail", obstacle_id=obstacle.pk)
    return render(request, "obstacles/obstacle_form.html", {"project": project, "form": form})


@pages_view(writes=True)
def obstacle_detail(request, obstacle_id):
    obstacle = scope.get_readable_or_404(
        request.user, Obstacle.objects.for_board().select_related("raised_by"), pk=obstacle_id
    )
    can_change = scope.can_change(request.user, obstacle)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        action = request.POST.get("action")
        form = (EscalateForm if action == "escalate" else StatusForm)(request.POST)
        if form.is_valid():
            step, done = (
                (services.obstacle_escalate, _("The obstacle was escalated."))
                if action == "escalate"
                else (services.obstacle_set_status, _("The obstacle was updated."))
            )
            try:
                run_step(
                    request,
                    step,
                    done=done,
                    stale=_("Someone else changed this obstacle after you opened it; here it is as it stands."),
                    obstacle=obstacle,
                    **form.cleaned_data,
                )
            except PermissionDenied as refused:
                messages.error(request, str(refused) or _("You may not do this."))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("obstacles:obstacle_detail", obstacle_id=obstacle.pk)
    return render(
        request,
        "obstacles/obstacle_detail.html",
        {
            "obstacle": obstacle,
            "age": obstacle.age_days(timezone.localdate()),
            "escalations": obstacle.escalations.select_related("by"),
            "can_change": can_change,
            "can_escalate": can_change
            and obstacle.is_open
            and (obstacle.level < Level.PROGRAMME_OFFICE or scope.may_put_before_committee(request.user))
            and obstacle.level < Level.COMMITTEE,
            "escalate_form": EscalateForm(initial={"version": obstacle.version}),
            "status_form": StatusForm(initial={"version": obstacle.version, "status": obstacle.status}),
        },
    )


@pages_view
def requirement_list(request):
    found = filters.filtered_requirements(request)
    return render(
        request,
        "obstacles/requirement_list.html",
        {
            "filter": found,
            "requirements": found.qs,
            "query": request.GET.urlencode(),
            "may_import": scope.may_create_some(request.user, Requirement),
        },
    )


@pages_view
def requirements_export(request, fmt):
    return lib_exports.download(request, "requirements", fmt)


@pages_view(writes=True)
def requirement_edit(request, code, requirement_id=None):
    project = scope.get_readable_or_404(request.user, Project.objects.all(), code=code)
    if requirement_id is None:
        if not scope.can_create(request.user, Requirement, entity_id=project.owner_id):
            raise PermissionDenied
        requirement = Requirement(project=project)
    else:
        requirement = scope.get_readable_or_404(
            request.user, Requirement.objects.all(), pk=requirement_id, project=project
        )
        scope.change_or_403(request.user, requirement)
    form = RequirementForm(request.POST or None, instance=requirement)
    if request.method == "POST" and form.is_valid():
        _saved, refused = save_or_show_again(request, form, "obstacles/requirement_form.html", {"project": project})
        if refused:
            return refused
        messages.success(request, _("The requirement was saved."))
        return redirect(project)
    return render(request, "obstacles/requirement_form.html", {"project": project, "form": form})
