from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from marsad.accounts.scope import Access
from marsad.lib import deferred, formatting
from marsad.lib.dates import BoundedDateField
from marsad.lib.versioning import Versioned
from marsad.portfolio import extensions, feeds
from marsad.portfolio.choices import (
    EntityKind,
    Health,
    PhaseStatus,
    ProjectStatus,
    ReportCadence,
    StrategyKind,
    StrategyStatus,
)
from marsad.portfolio.feeds import ChangesPortfolio, FeedsProjectFigures
from marsad.portfolio.queries import EntityQuerySet, ProjectQuerySet
from marsad.search.index import Indexed, Searched

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


def date_order_errors(record, *pairs: tuple[str, str], message) -> dict:
    """{end field: message} for each (start, end) pair of `record` whose end is before its start."""
    errors = {}
    for start, end in pairs:
        first, last = getattr(record, start), getattr(record, end)
        if first and last and last < first:
            errors[end] = message
    return errors


class BilingualName(models.Model):
    """Arabic and English names; `name` picks the one for the current UI language."""

    name_ar = models.CharField(_("Arabic name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_ar


class Entity(Indexed, ChangesPortfolio, BilingualName, Versioned):
    """A ministry, agency, authority, bank or governorate; entities form a tree."""

    code = models.SlugField(_("code"), max_length=40, unique=True, allow_unicode=False)
    kind = models.CharField(_("kind"), max_length=20, choices=EntityKind.choices, default=EntityKind.MINISTRY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    history = HistoricalRecords()

    objects = EntityQuerySet.as_manager()
    searched = Searched(title=("code", "name_ar", "name_en"), entity="pk", order=60)

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["code"]

    def get_absolute_url(self):
        return reverse("portfolio:entity_detail", args=[self.code])


class Strategy(Indexed, ChangesPortfolio, BilingualName, Versioned):
    """The national digital-transformation strategy and sector strategies."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=StrategyKind.choices, default=StrategyKind.NATIONAL)
    status = models.CharField(_("status"), max_length=20, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Entity, verbose_name=_("owner entity"), on_delete=models.PROTECT, related_name="strategies"
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    adopted_on = BoundedDateField(_("adopted on"), null=True, blank=True)
    history = HistoricalRecords()

    searched = Searched(title=("code", "name_ar", "name_en"), body=("description",), entity="owner", order=40)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["kind", "code"]

    def get_absolute_url(self):
        return reverse("portfolio:strategy_detail", args=[self.code])


class Programme(Indexed, ChangesPortfolio, BilingualName, Versioned):
    """An executive programme: a group of projects under a strategy."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.PROTECT, related_name="programmes"
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    searched = Searched(
        title=("code", "name_ar", "name_en"),
        body=("description",),
        entity="strategy__owner",
        order=45,
        related=("strategy",),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["strategy", "order", "code"]

    def get_absolute_url(self):
        return reverse("portfolio:strategy_detail", args=[self.strategy.code]) + f"#programme-{self.code}"


class Project(Indexed, FeedsProjectFigures, BilingualName, Versioned):
    """A digital-transformation project of one owner entity.

    Execution %, slippage and the computed schedule health are computed from its
    phases, dates, reports and obstacles, stored in `ProjectFigures` whenever one of
    them changes, and read with `Project.objects.with_progress()` (see figures.py).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Entity, verbose_name=_("owner entity"), on_delete=models.PROTECT, related_name="owned_projects"
    )
    participants = models.ManyToManyField(
        Entity, verbose_name=_("participating entities"), blank=True, related_name="participating_projects"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    plan_year = models.PositiveSmallIntegerField(_("plan year"), null=True, blank=True)
    is_priority = models.BooleanField(_("priority project"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED)

    # Used only when the project has no phases; otherwise the phases decide.
    reported_percent = models.DecimalField(
        _("reported execution %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )

    # Dates. The original baseline is the first approved plan and never moves; the
    # current baseline moves only through an approved rebaseline.
    original_baseline_start = BoundedDateField(_("original baseline start"), null=True, blank=True)
    original_baseline_go_live = BoundedDateField(_("original baseline go-live"), null=True, blank=True)
    baseline_start = BoundedDateField(_("baseline start"), null=True, blank=True)
    baseline_go_live = BoundedDateField(_("baseline go-live"), null=True, blank=True)
    forecast_start = BoundedDateField(_("forecast start"), null=True, blank=True)
    forecast_go_live = BoundedDateField(_("forecast go-live"), null=True, blank=True)
    actual_start = BoundedDateField(_("actual start"), null=True, blank=True)
    actual_go_live = BoundedDateField(_("actual go-live"), null=True, blank=True)

    funding_currency = models.CharField(_("currency"), max_length=3, default="SYP")
    funding_allocated = models.DecimalField(
        _("funding allocated"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    funding_spent = models.DecimalField(_("funding spent"), max_digits=18, decimal_places=2, null=True, blank=True)

    owner_health = models.CharField(_("owner entity's rating"), max_length=20, choices=Health.choices, blank=True)
    pmo_health = models.CharField(_("programme office's rating"), max_length=20, choices=Health.choices, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    report_cadence_months = models.PositiveSmallIntegerField(
        _("reporting cadence"), choices=ReportCadence.choices, default=ReportCadence.MONTHLY
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[participants])

    objects = ProjectQuerySet.as_manager()

    access = Access(
        entity="owner",
        participants="participants",
        public="is_public",
        # What the owner entity's focal point keeps up to date. Identity, ownership,
        # the programme office's rating, funding, baselines and the public flag are
        # the programme office's; baselines move only through an approved rebaseline.
        focal_point_fields=(
            "status",
            "description",
            "forecast_start",
            "forecast_go_live",
            "actual_start",
            "actual_go_live",
            "reported_percent",
            "owner_health",
        ),
    )

    searched = Searched(title=("code", "name_ar", "name_en"), body=("description",), entity="owner", order=1)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["code"]

    def save(self, *args, **kwargs):
        with deferred.writing():
            super().save(*args, **kwargs)
            deferred.mark(feeds.LISTS, ["projects"])  # names, owners and sharing of past comparisons

    def get_absolute_url(self):
        return reverse("portfolio:project_detail", args=[self.code])

    def delete(self, *args, **kwargs):
        with deferred.writing():
            feeds.projects_deleted()
            return super().delete(*args, **kwargs)

    def figures_project_id(self) -> int | None:
        return self.pk

    def clean(self):
        """A project's rules, for every way it is changed (pages, API, admin, imports)."""
        errors = date_order_errors(
            self,
            ("original_baseline_start", "original_baseline_go_live"),
            ("baseline_start", "baseline_go_live"),
            ("forecast_start", "forecast_go_live"),
            ("actual_start", "actual_go_live"),
            message=_("The go-live date cannot be before the start date."),
        )
        if self.status == ProjectStatus.IN_SERVICE:
            if not self.actual_go_live:
                errors.setdefault("actual_go_live", _("Give the date the project entered service."))
            try:
                extensions.check_service_gates(self)  # e.g. an undelivered go-live gate requirement
            except ValidationError as blocked:
                errors |= blocked.message_dict
        if errors:
            raise ValidationError(errors)

    @property
    def ratings_diverge(self) -> bool:
        """The owner's and the programme office's ratings are two or more steps apart.

        One step apart is ordinary difference of judgement; two steps means one side
        sees a problem the other does not, which the programme office must talk about.
        """
        owner, pmo = Health.rank(self.owner_health), Health.rank(self.pmo_health)
        return owner is not None and pmo is not None and abs(owner - pmo) >= 2

    @property
    def funding_spent_percent(self) -> float | None:
        if not self.funding_allocated or self.funding_spent is None:
            return None
        return float(self.funding_spent / self.funding_allocated * 100)


class Phase(FeedsProjectFigures, BilingualName, Versioned):
    """An ordered, weighted stage of a project ("phase 1 of the government bus")."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    weight = models.DecimalField(
        _("weight"),
        max_digits=7,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
        help_text=_("Share of the project's work; the execution percentage is weighted by it."),
    )
    status = models.CharField(_("status"), max_length=20, choices=PhaseStatus.choices, default=PhaseStatus.NOT_STARTED)
    percent_complete = models.DecimalField(
        _("execution %"), max_digits=5, decimal_places=2, default=0, validators=PERCENT_VALIDATORS
    )
    baseline_start = BoundedDateField(_("planned start"), null=True, blank=True)
    baseline_end = BoundedDateField(_("planned end"), null=True, blank=True)
    forecast_start = BoundedDateField(_("forecast start"), null=True, blank=True)
    forecast_end = BoundedDateField(_("forecast end"), null=True, blank=True)
    actual_start = BoundedDateField(_("actual start"), null=True, blank=True)
    actual_end = BoundedDateField(_("actual end"), null=True, blank=True)
    history = HistoricalRecords()

    access = Access(
        entity="project__owner",
        participants="project__participants",
        public="project__is_public",
        focal_points_create=True,  # a focal point adds phases to their entity's projects
    )

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["project", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "order"], name="phase_order_unique_per_project"),
        ]

    def clean(self):
        errors = date_order_errors(
            self,
            ("baseline_start", "baseline_end"),
            ("forecast_start", "forecast_end"),
            ("actual_start", "actual_end"),
            message=_("The end date cannot be before the start date."),
        )
        if errors:
            raise ValidationError(errors)


class Rebaseline(models.Model):
    """An approved move of a project's baseline dates or budget, with its reason.

    Kept for ever: together with the original baseline they show how the plan moved.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="rebaselines"
    )
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)
    previous_start = BoundedDateField(_("previous baseline start"), null=True, blank=True)
    previous_go_live = BoundedDateField(_("previous baseline go-live"), null=True, blank=True)
    previous_funding = models.DecimalField(_("previous budget"), max_digits=18, decimal_places=2, null=True, blank=True)
    new_start = BoundedDateField(_("new baseline start"), null=True, blank=True)
    new_go_live = BoundedDateField(_("new baseline go-live"), null=True, blank=True)
    new_funding = models.DecimalField(_("new budget"), max_digits=18, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()  # so the approval is in the audit log like every other record

    access = Access(entity="project__owner", participants="project__participants", public="project__is_public")

    class Meta:
        verbose_name = _("rebaseline")
        verbose_name_plural = _("rebaselines")
        ordering = ["project", "-approved_at", "-pk"]

    def __str__(self):
        return f"{self.project.code} {self.approved_at:%Y-%m-%d}"


class RebaselineRequest(models.Model):
    """An owner entity asks for its project's baseline to move; the committee (an
    "approve a rebaseline" decision) or the programme office answers it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting a decision")
        APPROVED = "approved", _("Granted")
        DECLINED = "declined", _("Declined")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="rebaseline_requests"
    )
    new_start = BoundedDateField(_("requested baseline start"), null=True, blank=True)
    new_go_live = BoundedDateField(_("requested baseline go-live"), null=True, blank=True)
    new_funding = models.DecimalField(_("requested budget"), max_digits=18, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    history = HistoricalRecords()

    access = Access(
        entity="project__owner",
        participants="project__participants",
        public="project__is_public",
        focal_points_create=True,
    )

    class Meta:
        verbose_name = _("rebaseline request")
        verbose_name_plural = _("rebaseline requests")
        ordering = ["project", "-requested_at", "-pk"]

    def __str__(self):
        return f"{self.project.code} {self.requested_at:%Y-%m-%d}"


class ProjectFigures(models.Model):
    """A project's computed figures, stored so that lists read them instead of computing them.

    Kept current by `marsad.portfolio.figures.refresh` whenever an input changes (the
    project, a phase, a report, an obstacle: their `save()` and `delete()` call it);
    `manage.py recompute_figures` recomputes every row. What changes with the calendar
    alone is stored as the day it changes (`red_from`, `stale_from`) and compared with
    today when read, so nothing goes stale at midnight.
    """

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, primary_key=True, related_name="figures", verbose_name=_("project")
    )
    phase_count = models.PositiveIntegerField(default=0)
    execution_percent = models.FloatField(null=True, db_index=True)
    current_phase_ar = models.CharField(max_length=255, null=True)  # noqa: DJ001 — none without phases
    current_phase_en = models.CharField(max_length=255, null=True)  # noqa: DJ001
    expected_go_live = models.DateField(null=True, db_index=True)
    slippage_days = models.IntegerField(null=True, db_index=True)
    baseline_slippage_days = models.IntegerField(null=True)
    # The computed health while the expected go-live has not passed, without and with
    # the penalty (an obstacle before the committee); from `red_from` on it is red.
    health_by_dates = models.CharField(max_length=20, blank=True)
    health = models.CharField(max_length=20, blank=True, db_index=True)
    red_from = models.DateField(null=True, db_index=True)
    penalised = models.BooleanField(default=False)
    last_accepted_period = models.DateField(null=True)
    owes_since = models.DateField(null=True)
    stale_from = models.DateField(null=True, db_index=True)
    # The owner and status this row is counted under in `PortfolioTally`, so that a
    # write can take the project out of its old count (the project holds the new ones).
    counted_owner_id = models.IntegerField(null=True)
    counted_status = models.CharField(max_length=20, blank=True)
    # Likewise the programme and money it is counted under in `ProgrammeTally` and in
    # the tally's budget-weighted execution.
    counted_programme_id = models.IntegerField(null=True)
    counted_currency = models.CharField(max_length=3, blank=True)
    counted_allocated = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    counted_spent = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    counted_public = models.BooleanField(default=False)
    # The portfolio's default order (`filters.by_risk`) as of `PortfolioVersion.tally_day`:
    # 0 red (its go-live passed counts) … 4 green, 5 unrated; rewritten for every row
    # when the tally counts a new day.
    risk = models.PositiveSmallIntegerField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("project figures")
        verbose_name_plural = _("project figures")
        # On PostgreSQL an index in each sort's order (portfolio migration 0010) lets the
        # portfolio sorted by a figure read its page from the index and stop there.

    def __str__(self):
        return str(self.project_id)


class PortfolioVersion(models.Model):
    """One row counting the writes that change what portfolio lists show; a cached
    list is served only while the count is the one it was made at (`freshness.py`)."""

    version = models.BigIntegerField(default=0)
    # Moved only by saves and deletions of projects themselves (not of their phases,
    # reports or obstacles): what a comparison of two past days can depend on.
    projects_version = models.BigIntegerField(default=0)
    # The day `PortfolioTally` counts health and staleness for (null: not built yet).
    tally_day = models.DateField(null=True)
    # Moved when a project's money (allocated, spent, currency), programme, owner or
    # public flag changes, or projects are added or removed: what the dashboard's money
    # section and the last meeting's figures (kept per owner and public flag, the
    # execution weighed by today's budgets) depend on.
    money_version = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.version)


class PortfolioTally(models.Model):
    """How many projects share an owner, a status, a schedule health and a stale flag as
    of `PortfolioVersion.tally_day`, and what the dashboard and the league table sum
    over them: the portfolio's counts, read from a few hundred rows whatever the number
    of projects (`tally.py`). Each write moves its project from its old row to its new
    one; the first read of a new day counts afresh."""

    owner_id = models.IntegerField()
    status = models.CharField(max_length=20)
    health = models.CharField(max_length=20, blank=True)
    stale = models.BooleanField()
    count = models.IntegerField()
    overdue = models.IntegerField(default=0)  # past the expected go-live, not in service
    entering = models.IntegerField(default=0)  # not cancelled, expected go-live in the day's year
    # The sums `averages.weighted_average` reads (`averages.budget_parts`).
    pb = models.FloatField(default=0)
    b = models.FloatField(default=0)
    nb = models.IntegerField(default=0)
    p = models.FloatField(default=0)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner_id", "status", "health", "stale"], name="one_tally_per_kind")
        ]

    def __str__(self):
        return f"{self.owner_id}/{self.status}/{self.health}/{self.stale}: {self.count}"


class ProgrammeTally(models.Model):
    """How many projects share a programme, a currency, a month of expected go-live, a
    cancelled flag, an overdue flag and a public flag as of `PortfolioVersion.tally_day`, with their
    money: the dashboard's go-live timeline and money by programme (`tally.py`), kept
    as `PortfolioTally` is."""

    programme_id = models.IntegerField(null=True)
    currency = models.CharField(max_length=3, blank=True)
    month = models.DateField(null=True)
    cancelled = models.BooleanField()
    overdue = models.BooleanField()
    public = models.BooleanField(default=False)  # published on the public page
    count = models.IntegerField()
    allocated = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    spent = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    budgeted = models.IntegerField(default=0)  # projects with an allocated budget recorded
    spending = models.IntegerField(default=0)  # projects with money spent recorded

    def __str__(self):
        return f"{self.programme_id}/{self.currency}/{self.month}: {self.count}"


class SavedView(models.Model):
    """A named portfolio view: the filters and sort of the portfolio page (its query
    string), kept by the person who named it; the programme office may publish one
    to everyone ("priority projects", "overdue for service"). Each reader still sees
    only the projects they may read."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(_("name"), max_length=120)
    query = models.CharField(_("filters and sort"), max_length=1000, blank=True)
    is_published = models.BooleanField(
        _("published to everyone"), default=False, help_text=_("Listed for every user of Marsad.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_per_person")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        address = reverse("portfolio:project_list")
        return f"{address}?{self.query}" if self.query else address

    def clean(self):
        """A name, and a query the portfolio understands (its filters, valid values)."""
        from django.http import QueryDict

        from marsad.portfolio.filters import ProjectFilter  # the filter is built on these models

        self.name = (self.name or "").strip()
        errors = {}
        if not self.name:
            errors["name"] = _("Give the view a name.")
        data = QueryDict(self.query or "")
        data = data.copy()
        data.pop("page", None)
        unknown = sorted(set(data) - set(ProjectFilter.base_filters))
        if unknown:
            errors["query"] = _("The portfolio has no filter named %(names)s.") % {
                "names": formatting.join_list(unknown)
            }
        else:
            found = ProjectFilter(data, queryset=Project.objects.none())
            if not found.is_valid():
                labels = [str(found.form.fields[name].label) for name in found.errors]
                errors["query"] = _("These filters have values the portfolio does not accept: %(names)s.") % {
                    "names": formatting.join_list(labels)
                }
        self.query = data.urlencode()
        if errors:
            raise ValidationError(errors)
