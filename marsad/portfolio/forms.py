from django import forms
from django.utils.translation import gettext_lazy as _

from marsad.lib.versioning import VersionedModelForm
from marsad.portfolio.choices import ProjectStatus
from marsad.portfolio.models import Project

# The edit page: what the owner's focal point keeps up to date, then what only the
# programme office sets (`scope.settable_fields` decides who sees which).
OWNER_FIELDS = list(Project.access.focal_point_fields)
PROGRAMME_OFFICE_FIELDS = [
    "name_ar",
    "name_en",
    "owner",
    "participants",
    "programme",
    "plan_year",
    "is_priority",
    "pmo_health",
    "funding_currency",
    "funding_allocated",
    "funding_spent",
    "is_public",
    "report_cadence_months",
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectForm(VersionedModelForm):
    class Meta:
        model = Project
        fields = OWNER_FIELDS + PROGRAMME_OFFICE_FIELDS
        widgets = {
            name: DateInput() for name in ("forecast_start", "forecast_go_live", "actual_start", "actual_go_live")
        } | {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, settable: frozenset[str] | None, **kwargs):
        super().__init__(*args, **kwargs)
        if settable is not None:
            for name in set(self.fields) - settable - {"version"}:
                del self.fields[name]
        if self.instance.pk and self.instance.phases.exists():
            # With phases, execution % is computed from them.
            del self.fields["reported_percent"]
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = (
                    "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                )

    def clean(self):
        cleaned = super().clean()
        for start, end in (("forecast_start", "forecast_go_live"), ("actual_start", "actual_go_live")):
            first, last = cleaned.get(start), cleaned.get(end)
            if first and last and last < first:
                self.add_error(end, _("The go-live date cannot be before the start date."))
        if cleaned.get("status") == ProjectStatus.IN_SERVICE and not cleaned.get("actual_go_live"):
            self.add_error("actual_go_live", _("Give the date the project entered service."))
        return cleaned
