from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marsad.accounts import scope
from marsad.lib import caching, exports, formatting
from marsad.lib.forms import add_errors
from marsad.lib.paging import paginate, query_without_page
from marsad.lib.versioning import StaleVersion
from marsad.portfolio import exports as project_exports
from marsad.portfolio import extensions, freshness, tally
from marsad.portfolio.averages import by_programme as averages_by_programme
from marsad.portfolio.baselines import GOVERNED, rebaseline, request_rebaseline
from marsad.portfolio.choices import Health, ProjectStatus
from marsad.portfolio.filters import ProjectFilter, sorted_as_asked
from marsad.portfolio.forms import ProjectForm, RebaselineForm, RebaselineRequestForm
from marsad.portfolio.history import change_log
from marsad.portfolio.models import Entity, Phase, Project, RebaselineRequest, SavedView, Strategy
from marsad.portfolio.saved_views import delete_view, save_view, set_published
from marsad.portfolio.timeline import phase_timeline
from marsad.web.pages import pages_view, save_or_show_again

PAGE_SIZE = 50


# Filters the portfolio's form has no field for (they arrive from the dashboard, the
# league table or a saved view): kept as hidden fields and shown as removable chips.
UNSEEN_FILTERS = ("owner", "priority", "stale", "plan_year", "go_live_from", "go_live_to", "overdue")
# Filters the form shows as one choice: more than one value is kept the same way.
SINGLE_CHOICE = ("status", "health")


def _unseen_filters(request, project_filter) -> tuple[list, list, set]:
    """(chips: label, values shown, link without it; hidden fields; fields not offered as selects)."""
    chips, hidden, replaced = [], [], set()
    for name in [*UNSEEN_FILTERS, *SINGLE_CHOICE]:
        values = [value for value in request.GET.getlist(name) if value]
        if not values or name in SINGLE_CHOICE and len(values) < 2:
            continue
        field = project_filter.form.fields[name]
        labels = dict(getattr(field, "choices", []) or [])
        if name == "owner":
            labels = dict(Entity.objects.filter(code__in=values).values_list("code", "name_ar"))
        shown = [str(labels.get(value, {"true": _("yes"), "false": _("no")}.get(value, value))) for value in values]
        rest = request.GET.copy()
        rest.pop(name, None)
        rest.pop("page", None)
        chips.append({"label": field.label, "values": formatting.join_list(shown), "without": rest.urlencode()})
        hidden += [(name, value) for value in values]
        replaced.add(name)
    return chips, hidden, replaced


def _status_summary(counts: dict) -> dict:
    """Counts by status, by computed health and of stale projects, and the total."""
    return {
        "total": counts["total"],
        "statuses": [(value, label, counts[f"status:{value}"]) for value, label in ProjectStatus.choices],
        "healths": [(value, label, counts[f"health:{value}"]) for value, label in Health.choices],
        "unrated": counts["health:"],
        "stale": counts["stale"],
    }


@pages_view
def project_list(request):
    """The portfolio: every readable project, filtered and sorted by the query string.

    The counts and which projects fill the page are cached for the reader, query and
    day until the next write to the portfolio (`freshness`); the page's rows are then
    read by primary key, so a repeated view costs the same whatever the portfolio's size.
    """
    projects = scope.readable(request.user, Project.objects.for_list())
    project_filter = ProjectFilter(request.GET or None, queryset=projects, request=request)
    filtered = sorted_as_asked(request, project_filter, projects)
    is_filtered = any(v for k, v in request.GET.items() if k not in {"page", "sort"})

    def count_and_choose() -> dict:
        # Kept counts where they answer this view (`tally`), else one pass over the rows:
        # the summary and the paginator's count.
        counts = tally.counts_for(request.user, project_filter) or filtered.summary()
        # Choosing the page sorts narrow rows (ids only); the rows are read by id below.
        page = paginate(request, filtered, PAGE_SIZE, count=counts["total"])
        chosen = page.object_list.values_list("pk", flat=True)  # type: ignore[attr-defined]  # a QuerySet's page
        if not is_filtered:
            total_readable = counts["total"]
        elif scope.reads_every(request.user, Project):
            total_readable = tally.counts()["total"]
        else:
            total_readable = projects.count()
        return {"counts": counts, "ids": list(chosen), "total_readable": total_readable}

    found = caching.cached(freshness.list_key(request, "portfolio"), count_and_choose)
    page = paginate(request, filtered, PAGE_SIZE, count=found["counts"]["total"])
    by_id = projects.in_bulk(found["ids"])
    page.object_list = [by_id[pk] for pk in found["ids"] if pk in by_id]
    chips, hidden, replaced = _unseen_filters(request, project_filter)
    context = {
        "filter_chips": chips,
        "hidden_filters": hidden,
        "replaced_selects": replaced,
        "filter": project_filter,
        "page": page,
        "summary": _status_summary(found["counts"]),
        "query": query_without_page(request),
        "total_readable": found["total_readable"],
        "is_filtered": is_filtered,
        # Only what the person may do is offered (a viewer sees no import).
        "may_import_projects": scope.may_create_some(request.user, Project),
        "may_import_phases": scope.may_create_some(request.user, Phase),
        "saved_views": scope.saved_views(request.user, SavedView.objects.select_related("owner")),
        "may_publish_views": scope.can_publish_views(request.user),
    }
    template = "portfolio/project_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@pages_view
def project_export(request, fmt):
    """The portfolio as filtered and sorted on screen, as Excel or CSV."""
    return exports.download(request, "projects", fmt)


@pages_view
def project_detail(request, code):
    """One project: header, phases and their timeline, change history, and what the
    later apps add (reports, obstacles, indicators, decisions: `extensions`)."""
    project = scope.get_readable_or_404(
        request.user, Project.objects.with_progress().select_related("owner", "programme__strategy"), code=code
    )
    phases = list(project.phases.order_by("order"))
    today = timezone.localdate()
    return render(
        request,
        "portfolio/project_detail.html",
        {
            "project": project,
            "participants": project.participants.order_by("code"),
            "phases": phases,
            "timeline": phase_timeline(project, phases),
            "rebaselines": project.rebaselines.select_related("approved_by"),
            "history": change_log(project, phases),
            "can_change": scope.can_change(request.user, project),
            "can_rebaseline": scope.can_approve_rebaseline(request.user, project),
            "rebaseline_requests": scope.readable(
                request.user, project.rebaseline_requests.select_related("requested_by")
            ),
            "can_request_rebaseline": scope.can_create(request.user, RebaselineRequest, entity_id=project.owner_id),
            **extensions.page_sections("project_detail", request, project, today),
        },
    )


@pages_view(writes=True)
def project_rebaseline(request, code):
    """The programme office moves a project's baseline dates or budget, with a reason."""
    project = scope.get_readable_or_404(request.user, Project.objects.all(), code=code)
    if not scope.can_approve_rebaseline(request.user, project):
        raise PermissionDenied
    form = RebaselineForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in GOVERNED}
        try:
            rebaseline(
                project=project,
                user=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                **values,
            )
        except StaleVersion:
            form.add_error(None, _("Someone else changed this project after you opened the form; reload it."))
        except ValidationError as invalid:
            add_errors(form, invalid)
        else:
            messages.success(request, _("The new baseline was approved and recorded."))
            return redirect(project)
    return render(
        request,
        "portfolio/project_rebaseline.html",
        {"project": project, "form": form, "rebaselines": project.rebaselines.select_related("approved_by")},
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
        saved, refused = save_or_show_again(request, form, "portfolio/project_form.html", {"project": project})
        if refused:
            return refused  # nothing was saved: what someone else changed, or what a rule refused
        messages.success(request, _("The project was saved."))
        return redirect(saved)
    return render(request, "portfolio/project_form.html", {"project": project, "form": form})


@pages_view(writes=True)
def rebaseline_request(request, code):
    """The owner entity asks for its project's baseline to move; the committee decides."""
    project = scope.get_readable_or_404(request.user, Project.objects.all(), code=code)
    if not scope.can_create(request.user, RebaselineRequest, entity_id=project.owner_id):
        raise PermissionDenied(scope.refusal_reason(request.user, project))
    form = RebaselineRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            request_rebaseline(project=project, user=request.user, reason=data.pop("reason"), **data)
        except ValidationError as invalid:
            add_errors(form, invalid)
        else:
            messages.success(request, _("The request was recorded; the committee's agenda will propose it."))
            return redirect(project)
    return render(request, "portfolio/rebaseline_request.html", {"project": project, "form": form})


@pages_view
def entity_detail(request, code):
    """One entity: the projects it owns and those it takes part in."""
    entity = scope.get_readable_or_404(request.user, Entity.objects.select_related("parent"), code=code)
    readable_projects = scope.readable(request.user, Project.objects.for_list())
    owned = list(readable_projects.filter(owner=entity).order_by("code"))
    participating = list(readable_projects.filter(participants=entity).exclude(owner=entity).order_by("code"))
    return render(
        request,
        "portfolio/entity_detail.html",
        {
            "entity": entity,
            "children": entity.children.order_by("code"),
            "owned": owned,
            "participating": participating,
            "in_service": sum(1 for p in owned if p.status == ProjectStatus.IN_SERVICE),
            # Whether the entity has records the reader may not see: then "owns no
            # project" would be false, and the page says some are outside their access.
            "hidden_projects": Project.objects.filter(Q(owner=entity) | Q(participants=entity)).distinct().count()
            > len({p.pk for p in owned + participating}),
            **extensions.page_sections("entity_detail", request, entity, timezone.localdate()),
        },
    )


def _strategies(request):
    # Projects are counted among those the reader may read.
    projects = scope.readable(request.user, Project.objects.all())
    return (
        scope.readable(request.user, Strategy.objects.select_related("owner"))
        .annotate(
            programme_count=Count("programmes", distinct=True),
            project_count=Count(
                "programmes__projects", filter=Q(programmes__projects__in=projects.values("pk")), distinct=True
            ),
        )
        .order_by("kind", "code")
    )


@pages_view
def strategy_list(request):
    return render(request, "portfolio/strategy_list.html", {"strategies": _strategies(request)})


@pages_view
def strategy_export(request, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    return exports.respond(project_exports.strategy_rows(_strategies(request)), "strategies", fmt)


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
    averages = averages_by_programme(projects.filter(programme__strategy=strategy))
    for programme in programmes:
        programme.average_percent = averages.get(programme.pk)
    return render(
        request,
        "portfolio/strategy_detail.html",
        {
            "strategy": strategy,
            "programmes": programmes,
            **extensions.page_sections("strategy_detail", request, strategy, timezone.localdate()),
        },
    )


# --- saved views -------------------------------------------------------------------------


@pages_view(writes=True)
@require_POST
def saved_view_save(request):
    """Name the portfolio's current filters and sort (and publish them, for the programme office)."""
    query = request.POST.get("query", "")
    try:
        view = save_view(
            user=request.user, name=request.POST.get("name", ""), query=query, publish=bool(request.POST.get("publish"))
        )
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
        return redirect(SavedView(query=query).get_absolute_url())
    messages.success(request, _("The view “%(name)s” was saved.") % {"name": view.name})
    return redirect(view)


def _saved_view(request, view_id) -> SavedView:
    return get_object_or_404(scope.saved_views(request.user, SavedView.objects.all()), pk=view_id)


@pages_view
def saved_view_open(request, view_id):
    """A saved view's own link, to share: the portfolio with its filters."""
    return redirect(_saved_view(request, view_id))


@pages_view(writes=True)
@require_POST
def saved_view_delete(request, view_id):
    view = _saved_view(request, view_id)
    delete_view(user=request.user, view=view)
    messages.success(request, _("The view “%(name)s” was deleted.") % {"name": view.name})
    return redirect("portfolio:project_list")


@pages_view(writes=True)
@require_POST
def saved_view_publish(request, view_id):
    view = _saved_view(request, view_id)
    published = request.POST.get("published") == "1"
    set_published(user=request.user, view=view, published=published)
    if published:
        messages.success(request, _("Everyone now finds “%(name)s” among the saved views.") % {"name": view.name})
    else:
        messages.success(request, _("“%(name)s” is no longer published.") % {"name": view.name})
    return redirect(view)
