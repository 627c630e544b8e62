import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from marsad.accounts.scope import Access
from marsad.indicators import periods
from marsad.indicators.choices import Aggregation, Direction, Frequency, MeasurementStatus, Source, Unit
from marsad.indicators.queries import IndicatorQuerySet, MeasurementQuerySet
from marsad.lib.dates import BoundedDateField
from marsad.lib.labels import Label
from marsad.lib.versioning import Versioned
from marsad.portfolio.models import BilingualName, Entity, Project, Strategy
from marsad.search.index import Indexed, Searched

# A measurement's breakdown is held in these columns, one per dimension (by position),
# holding the code of the dimension's value, or "" where the indicator has fewer
# dimensions. Plain columns (not a JSON key) let the database group by one dimension
# and keep the uniqueness of (indicator, period, breakdown) free of NULL quirks.
MAX_DIMENSIONS = 3
BREAKDOWN_FIELDS = tuple(f"breakdown_{n}" for n in range(1, MAX_DIMENSIONS + 1))
VALUE_DIGITS, VALUE_PLACES = 20, 4


class Indicator(Indexed, BilingualName, Versioned):
    """Something measured to show that citizens are served, with its targets."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTH)
    aggregation = models.CharField(
        _("aggregation over time"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    owner = models.ForeignKey(
        Entity, verbose_name=_("owner entity"), on_delete=models.PROTECT, related_name="indicators"
    )
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    projects = models.ManyToManyField(Project, verbose_name=_("projects"), blank=True, related_name="indicators")
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    baseline_date = BoundedDateField(_("baseline date"), null=True, blank=True)
    # A formula indicator is computed, never measured: numerator ÷ denominator × factor.
    numerator = models.ForeignKey(
        "self", verbose_name=_("numerator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("denominator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    factor = models.DecimalField(_("factor"), max_digits=12, decimal_places=4, default=1)
    is_public = models.BooleanField(_("public"), default=False)
    is_headline = models.BooleanField(_("headline"), default=False, help_text=_("Shown on the committee's dashboard."))
    # Moved by every batch of values written (`ingest`): what is computed from the
    # values (a sparkline, a total) is cached under it.
    values_version = models.PositiveBigIntegerField(default=0, editable=False)
    locked_through = BoundedDateField(
        _("locked through"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Values of periods up to this date are validated and can no longer change."),
    )
    feed_tokens = models.ManyToManyField(
        "accounts.ApiToken",
        verbose_name=_("data feeds granted"),
        blank=True,
        related_name="indicators",
        help_text=_("API tokens of data-feed systems that may send this indicator's values."),
    )
    # Grants are also set from the token's side, which simple-history cannot follow:
    # they are kept out of this history (the admin's log records them).
    history = HistoricalRecords(m2m_fields=[projects])

    objects = IndicatorQuerySet.as_manager()

    # Definitions are the programme office's; focal points enter their entity's values.
    access = Access(entity="owner", public="is_public", focal_point_fields=(), feed="pk")

    searched = Searched(title=("code", "name_ar", "name_en"), body=("description",), entity="owner", order=20)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(numerator__isnull=True, denominator__isnull=True)
                | models.Q(numerator__isnull=False, denominator__isnull=False),
                name="indicator_formula_has_both_terms",
            ),
        ]

    def get_absolute_url(self):
        return reverse("indicators:indicator_detail", args=[self.code])

    @property
    def is_formula(self) -> bool:
        return self.numerator_id is not None

    @property
    def has_running_total(self) -> bool:
        """A flow (services delivered, fees collected) adds up to a total since
        measuring began; a stock (centres open) or a rate does not: its running total
        means nothing, and no page shows one."""
        return not self.is_formula and Unit.adds_up(self.unit) and self.aggregation == Aggregation.SUM

    def terms(self) -> tuple["Indicator", "Indicator"]:
        """A formula's numerator and denominator (`clean()` sets both or neither)."""
        if self.numerator is None or self.denominator is None:
            raise ValueError(f"{self.code} is not computed from other indicators")
        return self.numerator, self.denominator

    def clean(self):
        super().clean()
        if (self.numerator_id is None) != (self.denominator_id is None):
            raise ValidationError({"denominator": _("A formula needs both a numerator and a denominator.")})
        if self.is_formula:
            problem = formula_problem(self, self.numerator, self.denominator)
            if problem:
                raise ValidationError({"numerator": problem})
        if (self.baseline_value is None) != (self.baseline_date is None):
            raise ValidationError({"baseline_date": _("Give the baseline's value and its date together.")})

    def is_locked(self, period: datetime.date) -> bool:
        return self.locked_through is not None and period <= self.locked_through


def formula_problem(indicator: Indicator | None, numerator: Indicator, denominator: Indicator) -> Label | None:
    """Why these terms cannot make `indicator` a formula, or None. Terms are measured
    indicators, so a formula never leads, through others, back to itself."""
    if indicator is not None and indicator.pk and indicator.pk in (numerator.pk, denominator.pk):
        return _("An indicator cannot be computed from itself.")
    if numerator.is_formula or denominator.is_formula:
        return _("A formula's terms must be measured indicators, not formulas.")
    if indicator is not None and indicator.pk:
        if Indicator.objects.filter(models.Q(numerator=indicator) | models.Q(denominator=indicator)).exists():
            return _("Other indicators are computed from this one; it must stay measured.")
        if indicator.measurements.exists():
            return _("This indicator has values; a formula indicator is computed, not measured.")
    return None


class Dimension(BilingualName):
    """One way an indicator's values are broken down: channel, service, governorate…"""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="dimensions"
    )
    position = models.PositiveSmallIntegerField(
        _("position"), validators=[MinValueValidator(1), MaxValueValidator(MAX_DIMENSIONS)]
    )
    code = models.SlugField(_("code"), max_length=40)

    class Meta:
        verbose_name = _("breakdown dimension")
        verbose_name_plural = _("breakdown dimensions")
        ordering = ["indicator", "position"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "position"], name="dimension_position_unique"),
            models.UniqueConstraint(fields=["indicator", "code"], name="dimension_code_unique"),
            models.CheckConstraint(
                condition=models.Q(position__gte=1, position__lte=MAX_DIMENSIONS), name="dimension_position_range"
            ),
        ]

    @property
    def field(self) -> str:
        return f"breakdown_{self.position}"


class DimensionValue(BilingualName):
    """An allowed value of a dimension, e.g. the channel "web portal"."""

    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="values"
    )
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("dimension value")
        verbose_name_plural = _("dimension values")
        ordering = ["dimension", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="dimension_value_code_unique")]


class Target(models.Model):
    """The value an indicator should reach in a period; between targets (and from the
    baseline) the expected value follows a straight line: the trajectory."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    period = BoundedDateField(_("period"))
    value = models.DecimalField(_("target"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="target_period_unique")]

    def __str__(self):
        return f"{self.period}: {self.value}"

    def clean(self):
        super().clean()
        if self.period and self.indicator_id:
            start = periods.period_start(self.period, self.indicator.frequency)
            if start != self.period:
                raise ValidationError(
                    {"period": _("A period is named by its first day, here %(start)s.") % {"start": start}}
                )


class Measurement(models.Model):
    """One value of an indicator, for one period and one cell of its breakdown.

    (indicator, period, breakdown) is unique: sending a value again updates it (the
    old value goes to MeasurementChange) or, if it is the same, changes nothing.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="measurements"
    )
    period = BoundedDateField(_("period"))
    breakdown_1 = models.CharField(max_length=40, default="", blank=True)
    breakdown_2 = models.CharField(max_length=40, default="", blank=True)
    breakdown_3 = models.CharField(max_length=40, default="", blank=True)
    value = models.DecimalField(_("value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    status = models.CharField(
        _("status"), max_length=12, choices=MeasurementStatus.choices, default=MeasurementStatus.PROVISIONAL
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MeasurementQuerySet.as_manager()
    access = Access(entity="indicator__owner", public="indicator__is_public", feed="indicator")

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "period", *BREAKDOWN_FIELDS]
        constraints = [
            # Also the index every series query walks: indicator, then period.
            models.UniqueConstraint(fields=["indicator", "period", *BREAKDOWN_FIELDS], name="measurement_cell_unique"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period}: {self.value}"

    @property
    def breakdown(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in BREAKDOWN_FIELDS)


class MeasurementChange(models.Model):
    """A value that replaced another: who, when, from what, to what."""

    measurement = models.ForeignKey(
        Measurement, verbose_name=_("measurement"), on_delete=models.CASCADE, related_name="changes"
    )
    old_value = models.DecimalField(_("old value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    new_value = models.DecimalField(_("new value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("change of value")
        verbose_name_plural = _("changes of value")
        ordering = ["measurement", "changed_at", "pk"]

    def __str__(self):
        return f"{self.old_value} → {self.new_value}"


class VarianceNote(models.Model):
    """Why a period's actual is off its target, in the owner's words."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="variance_notes"
    )
    period = BoundedDateField(_("period"))
    text = models.TextField(_("variance comment"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written at"), auto_now=True)
    history = HistoricalRecords()

    access = Access(entity="indicator__owner", public="indicator__is_public", focal_points_create=True)

    class Meta:
        verbose_name = _("variance comment")
        verbose_name_plural = _("variance comments")
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="variance_note_period_unique")]

    def __str__(self):
        return f"{self.period}: {self.text[:40]}"
