"""Committees, their meetings, agendas and decisions, and the tasks decisions assign.

Committees, meetings and decisions are the government's record of what was decided:
every signed-in reader sees them and only the programme office records them (no
`access`, see `marsad.accounts.scope`). A task belongs to the entity it is assigned to:
that entity's focal points report on it; coordinating entities read it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from marsad.accounts.scope import Access
from marsad.committee.choices import (
    OPEN_TASK_STATUSES,
    CommitteeKind,
    DecisionKind,
    DecisionStatus,
    ItemKind,
    MeetingStatus,
    TaskStatus,
)
from marsad.committee.queries import DecisionQuerySet, MeetingQuerySet, TaskQuerySet
from marsad.lib.attachments import StoredFile
from marsad.lib.dates import BoundedDateField
from marsad.lib.formatting import format_date
from marsad.lib.versioning import Versioned
from marsad.portfolio.models import BilingualName, Entity, Phase, Programme, Project, Strategy
from marsad.search.index import Indexed, Searched


class Committee(BilingualName, Versioned):
    """The Higher Committee, or a technical committee it formed for one subject."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CommitteeKind.choices, default=CommitteeKind.TECHNICAL)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("formed by the committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subcommittees",
    )
    mandate = models.TextField(_("mandate"), blank=True)
    chair_title = models.CharField(_("chair"), max_length=255, blank=True, help_text=_("A position, not a name."))
    chair_entity = models.ForeignKey(
        Entity, verbose_name=_("chairing entity"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(Entity, verbose_name=_("member entities"), blank=True, related_name="committees")
    formed_on = BoundedDateField(_("formed on"), null=True, blank=True)
    formed_by = models.ForeignKey(
        "Decision",
        verbose_name=_("formed by decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committees_formed",
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["kind", "code"]


class Meeting(Indexed, Versioned):
    """One sitting of a committee: planned, then held, then its minutes approved."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveIntegerField(_("number"))
    date = BoundedDateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    chaired_by = models.CharField(_("chaired by"), max_length=255, blank=True, help_text=_("A position, not a name."))
    attending_entities = models.ManyToManyField(
        Entity, verbose_name=_("attending entities"), blank=True, related_name="meetings_attended"
    )
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("Positions of those present, one per line."))
    minutes = models.TextField(_("minutes"), blank=True)
    history = HistoricalRecords(m2m_fields=[attending_entities])

    objects = MeetingQuerySet.as_manager()

    searched = Searched(
        title=("str",), body=("place", "minutes"), entity="attending_entities", order=30, related=("committee",)
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-number"]
        constraints = [models.UniqueConstraint(fields=["committee", "number"], name="meeting_number_per_committee")]

    def __str__(self):
        return _("%(committee)s — meeting %(number)s") % {"committee": self.committee.name, "number": self.number}

    def get_absolute_url(self):
        return reverse("committee:meeting_detail", args=[self.pk])

    @property
    def is_held(self) -> bool:
        return self.status != MeetingStatus.PLANNED

    def clean(self):
        if self.status == MeetingStatus.PLANNED and self.pk and self.decisions.exists():
            raise ValidationError({"status": _("This meeting has recorded decisions: it has been held.")})


class AgendaItem(Versioned):
    """One item of a meeting's agenda, pointing at what it is about and who presents it."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.OTHER)
    title = models.CharField(_("title"), max_length=500)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    obstacle = models.ForeignKey(
        "obstacles.Obstacle",
        verbose_name=_("obstacle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task = models.ForeignKey(
        "Task", verbose_name=_("task"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rollout = models.ForeignKey(
        "rollouts.Rollout",
        verbose_name=_("rollout"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    presenter_entity = models.ForeignKey(
        Entity, verbose_name=_("presenting entity"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    presenter = models.CharField(_("presenter"), max_length=255, blank=True, help_text=_("A position, not a name."))
    reason = models.CharField(_("why it is on the agenda"), max_length=500, blank=True)
    notes = models.TextField(_("minutes of the item"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    # What an item may be about: one a reader may not read makes the item "outside your
    # access" for them (`scope.withhold`). Strategies are read by everyone.
    mentions = ("project", "obstacle", "indicator", "task", "rollout")
    outside_access = False

    def __str__(self):
        return self.title

    def withhold(self) -> None:
        """Blank what would name the record it is about: counted, not named."""
        self.outside_access = True
        self.title = gettext("An item outside your access")
        self.reason = self.notes = self.presenter = ""
        self.presenter_entity = None
        for name in self.mentions:
            setattr(self, name, None)


def _attachment_path(instance, filename):
    # The stored name is ours, never the uploaded one.
    return f"meetings/{instance.meeting_id}/{instance.stored_name}"


class MeetingAttachment(StoredFile):
    """A presentation given at a meeting, or its signed minutes."""

    class Kind(models.TextChoices):
        PRESENTATION = "presentation", _("Presentation")
        MINUTES = "minutes", _("Signed minutes")
        OTHER = "other", _("Other document")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to=_attachment_path)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["uploaded_at", "pk"]


class Decision(Indexed, Versioned):
    """A typed decision of a held meeting. Applying it changes what it decides about
    (see `marsad.committee.decisions`); which fields matter depends on its kind."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=30, choices=DecisionKind.choices)
    text = models.TextField(_("wording"), help_text=_("The decision as the minutes word it."))
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.RECORDED
    )
    # Include projects / allocate funding / approve a rebaseline.
    projects = models.ManyToManyField(Project, verbose_name=_("projects"), blank=True, related_name="decisions")
    plan_year = models.PositiveSmallIntegerField(_("plan year"), null=True, blank=True)
    amount = models.DecimalField(_("funding allocated"), max_digits=18, decimal_places=2, null=True, blank=True)
    # A project the committee includes that the portfolio does not hold yet.
    new_project_code = models.SlugField(_("new project code"), max_length=40, blank=True)
    new_project_name_ar = models.CharField(_("new project's Arabic name"), max_length=255, blank=True)
    new_project_name_en = models.CharField(_("new project's English name"), max_length=255, blank=True)
    new_project_owner = models.ForeignKey(
        Entity, verbose_name=_("new project's owner"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_project_programme = models.ForeignKey(
        Programme,
        verbose_name=_("new project's programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_baseline_start = BoundedDateField(_("new baseline start"), null=True, blank=True)
    new_baseline_go_live = BoundedDateField(_("new baseline go-live"), null=True, blank=True)
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    obstacle = models.ForeignKey(
        "obstacles.Obstacle",
        verbose_name=_("obstacle"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    # Form a committee / assign a task: who leads, who takes part, by when.
    title = models.CharField(
        _("task or committee name"), max_length=500, blank=True, help_text=_("For a task or a committee.")
    )
    lead_entity = models.ForeignKey(
        Entity,
        verbose_name=_("assigned or chairing entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    other_entities = models.ManyToManyField(
        Entity, verbose_name=_("coordinating or member entities"), blank=True, related_name="+"
    )
    due_date = BoundedDateField(_("due date"), null=True, blank=True)
    # What applying it did, so that annulling it can undo exactly that.
    effects = models.JSONField(_("effects"), default=list, blank=True, editable=False)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True, editable=False)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    annulled_at = models.DateTimeField(_("annulled at"), null=True, blank=True, editable=False)
    annulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("annulled by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    annul_reason = models.TextField(_("reason for annulment"), blank=True)
    is_public = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public transparency page and in the open data.")
    )
    history = HistoricalRecords(m2m_fields=[projects, other_entities])

    objects = DecisionQuerySet.as_manager()

    searched = Searched(
        title=("reference", "title", "new_project_name_ar", "new_project_name_en"),
        body=("text",),
        entity="lead_entity",
        order=32,
        related=("meeting__committee",),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-meeting__date", "meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_per_meeting")]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("committee:meeting_detail", args=[self.meeting_id]) + f"#decision-{self.pk}"

    @property
    def reference(self) -> str:
        """How minutes cite it: "decision 3, meeting 12 of the Higher Committee (date)"."""

        return _("Decision %(number)s of %(meeting)s (%(date)s)") % {
            "number": self.number,
            "meeting": self.meeting,
            "date": format_date(self.meeting.date),
        }


class Task(Indexed, Versioned):
    """What a decision asks an entity to do, by when; followed until done."""

    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(_("task"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    assigned_entity = models.ForeignKey(
        Entity, verbose_name=_("assigned entity"), on_delete=models.PROTECT, related_name="tasks"
    )
    coordinating_entities = models.ManyToManyField(
        Entity, verbose_name=_("coordinating entities"), blank=True, related_name="tasks_coordinated"
    )
    due_date = BoundedDateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    done_on = BoundedDateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[coordinating_entities])

    objects = TaskQuerySet.as_manager()

    # The assigned entity's focal points report on the task (status and updates);
    # coordinating entities read it.
    access = Access(
        entity="assigned_entity", participants="coordinating_entities", focal_point_fields=("status", "done_on")
    )

    searched = Searched(title=("title",), body=("description",), entity="assigned_entity", order=34)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("committee:task_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TASK_STATUSES

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < (today or timezone.localdate())


class TaskUpdate(models.Model):
    """One entry of a task's log: what the assigned entity did, and the status after it."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("update"))
    status = models.CharField(_("status after"), max_length=20, choices=TaskStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    history = HistoricalRecords()

    access = Access(entity="task__assigned_entity", participants="task__coordinating_entities")

    class Meta:
        verbose_name = _("task update")
        verbose_name_plural = _("task updates")
        ordering = ["task", "at", "pk"]

    def __str__(self):
        return self.text[:60]


class ProjectSnapshot(models.Model):
    """A project's headline figures as they stood at the end of a past day the
    committee met, built once from the change history (`changes.portfolio_as_of`):
    status, rating, execution %, go-live, and the computed schedule health and stale
    flag by the rules of `ProjectFigures` applied to the records of that day.

    "Changes since the last meeting" then compares stored rows in one query instead of
    replaying the history of the whole portfolio on every view of the meeting page.
    A past day's history does not change, so neither does its snapshot.
    """

    day = models.DateField(_("day"))
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("project"))
    status = models.CharField(_("status"), max_length=20)
    rating = models.CharField(_("rating"), max_length=20, blank=True)
    execution_percent = models.FloatField(_("execution %"), null=True)
    go_live = models.DateField(_("go-live"), null=True)
    # What the dashboard compares with the last meeting: the computed figures then.
    expected_go_live = models.DateField(_("expected go-live"), null=True)
    schedule_health = models.CharField(_("schedule health"), max_length=20, blank=True)
    stale = models.BooleanField(_("stale"), default=False)
    overdue = models.BooleanField(_("overdue for service"), default=False)

    class Meta:
        verbose_name = _("project snapshot")
        verbose_name_plural = _("project snapshots")
        constraints = [models.UniqueConstraint(fields=["day", "project"], name="one_snapshot_per_project_and_day")]

    def __str__(self):
        return f"{self.project_id} {self.day}"


class SnapshotDay(models.Model):
    """A day whose snapshot is complete (written in the same transaction as its rows)."""

    day = models.DateField(_("day"), unique=True)
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    # The dashboard's figures of that day over every project (`dashboard.then`), kept
    # once made: a past day does not change, but for today's budgets weighing its
    # execution % (`money_version`) and deleted projects (made afresh then).
    summary = models.JSONField(null=True)

    def __str__(self):
        return str(self.day)


class KeptMovements(models.Model):
    """What moved over every project between the ends of two past days (the summary of
    the meeting page, `snapshots.kept_movements`), leaving out the agenda's projects:
    made once from the two days' snapshots, which never change, and dropped when
    projects are deleted."""

    since = models.DateField()
    until = models.DateField()
    leave_out = models.TextField(blank=True)  # the agenda's project ids, sorted, comma-separated
    found = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["since", "until", "leave_out"], name="one_kept_summary_per_window")
        ]

    def __str__(self):
        return f"{self.since}..{self.until}"
