from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from marsad.accounts.scope import Access
from marsad.lib.dates import BoundedDateField
from marsad.lib.versioning import Versioned
from marsad.portfolio.choices import EntityKind
from marsad.portfolio.models import BilingualName, Entity, Programme, Project
from marsad.rollouts.choices import Capability, RolloutStatus
from marsad.rollouts.queries import ParticipantQuerySet, RolloutQuerySet
from marsad.search.index import Indexed, Searched


class Rollout(Indexed, BilingualName, Versioned):
    """One capability going live across many institutions, each at its own pace."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    capability = models.CharField(_("capability"), max_length=20, choices=Capability.choices)
    lead_entity = models.ForeignKey(
        Entity, verbose_name=_("leading entity"), on_delete=models.PROTECT, related_name="rollouts_led"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.SET_NULL, related_name="rollouts"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rollouts",
    )
    decision = models.ForeignKey(
        "committee.Decision",
        verbose_name=_("ordered by decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rollouts",
    )
    description = models.TextField(_("description"), blank=True)
    institution_kind = models.CharField(
        _("kind of institution"),
        max_length=20,
        choices=EntityKind.choices,
        blank=True,
        help_text=_("Banks, ministries, governorates… Leave blank for a mix."),
    )
    start_date = BoundedDateField(_("start"), default=timezone.localdate)
    target_date = BoundedDateField(_("deadline"))
    target = models.CharField(
        _("target"), max_length=255, blank=True, help_text=_('As the decision words it, e.g. "all operating banks".')
    )
    target_count = models.PositiveIntegerField(
        _("institutions live by the deadline"),
        null=True,
        blank=True,
        help_text=_("Leave blank for every participating institution."),
    )
    status = models.CharField(_("status"), max_length=20, choices=RolloutStatus.choices, default=RolloutStatus.ACTIVE)
    history = HistoricalRecords()

    objects = RolloutQuerySet.as_manager()

    # Led by an entity; the institutions taking part read it. Its definition is the
    # programme office's; the leader's focal points move the participants' rows.
    access = Access(entity="lead_entity", participants="participants__entity", focal_point_fields=())

    searched = Searched(title=("code", "name_ar", "name_en"), body=("description",), entity="lead_entity", order=36)

    class Meta:
        verbose_name = _("rollout")
        verbose_name_plural = _("rollouts")
        ordering = ["target_date", "code"]

    def get_absolute_url(self):
        return reverse("rollouts:rollout_detail", args=[self.code])

    def clean(self):
        errors = {}
        if self.start_date and self.target_date and self.target_date < self.start_date:
            errors["target_date"] = _("The deadline cannot come before the start.")
        if self.target_count == 0:
            errors["target_count"] = _("A rollout aims at one institution at least.")
        if errors:
            raise ValidationError(errors)


class Stage(BilingualName):
    """One step an institution goes through in a rollout; the last one is live."""

    rollout = models.ForeignKey(Rollout, verbose_name=_("rollout"), on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"))
    # The last stage: an institution there counts as live (kept by the services that write stages).
    is_live = models.BooleanField(_("live"), default=False, editable=False)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["rollout", "order"]
        constraints = [models.UniqueConstraint(fields=["rollout", "order"], name="one_stage_per_order")]


class Participant(Versioned):
    """An institution's row in a rollout: the stage it has reached and when."""

    rollout = models.ForeignKey(
        Rollout, verbose_name=_("rollout"), on_delete=models.CASCADE, related_name="participants"
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="rollout_rows"
    )
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="+")
    stage_reached_on = BoundedDateField(_("stage reached on"), null=True, blank=True)
    forecast_live = BoundedDateField(
        _("forecast go-live"), null=True, blank=True, help_text=_("When the institution expects to be live.")
    )
    evidence = models.CharField(
        _("evidence"),
        max_length=500,
        blank=True,
        help_text=_("What shows the stage was reached: a test report, a circular's number, a link."),
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ParticipantQuerySet.as_manager()

    access = Access(
        entity="rollout__lead_entity",
        participants="entity",
        own_row="entity",
        focal_point_fields=("stage", "stage_reached_on", "forecast_live", "evidence", "notes"),
    )

    class Meta:
        verbose_name = _("participating institution")
        verbose_name_plural = _("participating institutions")
        ordering = ["rollout", "entity__code"]
        constraints = [models.UniqueConstraint(fields=["rollout", "entity"], name="one_row_per_institution")]

    def __str__(self):
        return f"{self.entity} — {self.rollout}"

    def clean(self):
        errors = {}
        if self.stage_id and self.rollout_id and self.stage.rollout_id != self.rollout_id:
            errors["stage"] = _("Choose one of this rollout's stages.")
        today = timezone.localdate()
        if self.stage_reached_on and self.stage_reached_on > today:
            errors["stage_reached_on"] = _("A stage is reached on a day that has come, not a future one.")
        if self.stage_id and self.stage_reached_on is None and self.stage.order > 1:
            errors["stage_reached_on"] = _("Give the day the institution reached this stage.")
        if self.pk:
            stored = Participant.objects.filter(pk=self.pk).values("rollout_id", "entity_id").first()
            if stored and stored["rollout_id"] != self.rollout_id:
                errors["rollout"] = _("A row stays with its rollout.")
            if stored and stored["entity_id"] != self.entity_id:
                errors["entity"] = _("A row stays with its institution; add the other institution instead.")
            last = self.moves.order_by("-reached_on", "-pk").first()
            if (
                last is not None
                and self.stage_reached_on
                and last.stage_id != self.stage_id
                and self.stage_reached_on < last.reached_on
            ):
                errors["stage_reached_on"] = _(
                    "The institution's last move was on %(date)s; a new stage cannot be reached before it."
                ) % {"date": last.reached_on.isoformat()}
        if errors:
            raise ValidationError(errors)


class StageMove(models.Model):
    """One move of an institution from a stage to another: the trajectory is made of these."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="moves"
    )
    from_stage = models.ForeignKey(
        Stage, verbose_name=_("from"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.ForeignKey(Stage, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+")
    reached_on = BoundedDateField(_("reached on"))
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    access = Access(entity="participant__rollout__lead_entity", participants="participant__entity")

    class Meta:
        verbose_name = _("stage move")
        verbose_name_plural = _("stage moves")
        ordering = ["participant", "reached_on", "pk"]

    def __str__(self):
        return f"{self.participant}: {self.stage}"
