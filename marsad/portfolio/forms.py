from django import forms
from django.utils.translation import gettext_lazy as _

from marsad.lib.forms import VersionedModelForm
from marsad.lib.widgets import DateInput
from marsad.portfolio.models import Project

# The edit page: what the owner's focal point keeps up to date, then what only the
# programme office sets (`scope.settable_fields` decides who sees which).
OWNER_FIELDS = list(Project.access.focal_point_fields or ())
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
    "funding_spent",
    "is_public",
    "report_cadence_months",
]


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


class RebaselineForm(forms.Form):
    """The programme office moves a project's baseline, with a reason."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    baseline_start = forms.DateField(label=_("baseline start"), required=False, widget=DateInput())
    baseline_go_live = forms.DateField(label=_("baseline go-live"), required=False, widget=DateInput())
    funding_allocated = forms.DecimalField(
        label=_("funding allocated"), required=False, max_digits=18, decimal_places=2, min_value=0
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, project, **kwargs):
        initial = {name: getattr(project, name) for name in ("baseline_start", "baseline_go_live", "funding_allocated")}
        super().__init__(*args, initial={**initial, "version": project.version}, **kwargs)
        for field in self.visible_fields():
            field.field.widget.attrs["class"] = "form-control"


class RebaselineRequestForm(forms.Form):
    """The owner entity asks for new baseline dates or budget, with a reason."""

    new_start = forms.DateField(label=_("requested baseline start"), required=False, widget=DateInput())
    new_go_live = forms.DateField(label=_("requested baseline go-live"), required=False, widget=DateInput())
    new_funding = forms.DecimalField(
        label=_("requested budget"), required=False, max_digits=18, decimal_places=2, min_value=0
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.visible_fields():
            field.field.widget.attrs["class"] = "form-control"
