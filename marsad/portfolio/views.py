import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from marsad.accounts import scope
from marsad.lib.versioning import StaleVersion
from marsad.portfolio.choices import Health, ProjectStatus
from marsad.portfolio.filters import ProjectFilter
from marsad.portfolio.forms import ProjectForm
from marsad.portfolio.history import change_log
from marsad.portfolio.models import Entity, Project, Strategy
from marsad.portfolio.timeline import phase_timeline

PAGE_SIZE = 50


def pages_view(view=None, *, writes=False):
    """Signed-in people who may use the pages (not data-feed accounts).

    Pages answer GET and HEAD only, unless they take `writes=True` (forms).
    """

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not scope.can_use_pages(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped if writes else require_safe(wrapped)

    return decorate(view) if view is not None else decorate


def _status_summary(projects):
    """Counts by status and by computed health for the filtered portfolio (2 queries)."""
    by_status = dict(projects.order_by().values_list("status").annotate(n=Count("pk")))
    by_health = dict(projects.order_by().values_list("schedule_health").annotate(n=Count("pk")))
    return {
        "statuses": [(value, label, by_status.get(value, 0)) for value, label in ProjectStatus.choices],
        "healths": [(value, label, by_health.get(value, 0)) for value, label in Health.choices],
        "unrated": by_health.get("", 0),
    }


@pages_view
def project_list(request):
    """The portfolio: every readable project, filtered and sorted by the query string."""
    projects = scope.readable(request.user, Project.objects.for_list())
    project_filter = ProjectFilter(request.GET or None, queryset=projects, request=request)
    filtered = project_filter.qs if project_filter.is_bound else projects
    page = Paginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": project_filter,
        "page": page,
        "summary": _status_summary(filtered),
        "query": query.urlencode(),
        "total_readable": projects.count(),
        "is_filtered": any(v for k, v in request.GET.items() if k not in {"page", "sort"}),
    }
    template = "portfolio/project_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@pages_view
def project_detail(request, code):
    """One project: header, phases and their timeline, change history."""
    project = scope.get_readable_or_404(
        request.user, Project.objects.with_progress().select_related("owner", "programme__strategy"), code=code
    )
    phases = list(project.phases.order_by("order"))
    return render(
        request,
        "portfolio/project_detail.html",
        {
            "project": project,
            "participants": project.participants.order_by("code"),
            "phases": phases,
            "timeline": phase_timeline(project, phases),
            "history": change_log(project, phases),
            "can_change": scope.can_change(request.user, project),
        },
    )


@pages_view(writes=True)
def project_edit(request, code):
    """Update a project: its owner entity's focal point, or the programme office."""
    project = scope.get_readable_or_404(request.user, Project.objects.select_related("owner"), code=code)
    scope.change_or_403(request.user, project)
    settable = scope.settable_fields(request.user, Project)
    form = ProjectForm(request.POST or None, instance=project, settable=settable)
    if request.method == "POST" and form.is_valid():
        new_owner = form.cleaned_data.get("owner")
        if new_owner is not None and not scope.can_create(request.user, Project, entity_id=new_owner.pk):
            raise PermissionDenied
        try:
            form.save_if_current()
        except StaleVersion as stale:
            # Nothing was saved; show what the other person changed and let this one reload.
            context = {"project": project, "form": form, "conflict": form.conflict(stale.current)}
            return render(request, "portfolio/project_form.html", context, status=409)
        messages.success(request, _("The project was saved."))
        return redirect(project)
    return render(request, "portfolio/project_form.html", {"project": project, "form": form})


@pages_view
def entity_list(request):
    """Entities as a tree with their project counts."""
    projects = scope.readable(request.user, Project.objects.all())
    entities = list(scope.readable(request.user, Entity.objects.with_project_counts(projects)).order_by("code"))
    by_parent: dict[int | None, list[Entity]] = {}
    known = {entity.pk for entity in entities}
    for entity in entities:
        parent = entity.parent_id if entity.parent_id in known else None
        by_parent.setdefault(parent, []).append(entity)

    def walk(parent_id, depth):
        for entity in sorted(by_parent.get(parent_id, []), key=lambda e: e.name):
            entity.depth = depth
            yield entity
            yield from walk(entity.pk, depth + 1)

    return render(request, "portfolio/entity_list.html", {"entities": list(walk(None, 0))})


@pages_view
def entity_detail(request, code):
    """One entity: the projects it owns and those it takes part in."""
    entity = scope.get_readable_or_404(request.user, Entity.objects.select_related("parent"), code=code)
    readable_projects = scope.readable(request.user, Project.objects.for_list())
    owned = list(readable_projects.filter(owner=entity).order_by("code"))
    participating = list(readable_projects.filter(participants=entity).order_by("code"))
    return render(
        request,
        "portfolio/entity_detail.html",
        {
            "entity": entity,
            "children": entity.children.order_by("code"),
            "owned": owned,
            "participating": participating,
            "in_service": sum(1 for p in owned if p.status == ProjectStatus.IN_SERVICE),
        },
    )


@pages_view
def strategy_list(request):
    strategies = scope.readable(request.user, Strategy.objects.select_related("owner")).annotate(
        programme_count=Count("programmes", distinct=True),
        project_count=Count("programmes__projects", distinct=True),
    )
    return render(request, "portfolio/strategy_list.html", {"strategies": strategies})


@pages_view
def strategy_detail(request, code):
    """A strategy with its programmes and each programme's projects."""
    strategy = scope.get_readable_or_404(request.user, Strategy.objects.select_related("owner"), code=code)
    projects = scope.readable(request.user, Project.objects.for_list()).order_by("code")
    programmes = list(
        strategy.programmes.order_by("order", "code").prefetch_related(
            Prefetch("projects", queryset=projects, to_attr="visible_projects")
        )
    )
    for programme in programmes:
        known = [p.execution_percent for p in programme.visible_projects if p.execution_percent is not None]
        programme.average_percent = sum(known) / len(known) if known else None
    return render(
        request,
        "portfolio/strategy_detail.html",
        {"strategy": strategy, "programmes": programmes},
    )
