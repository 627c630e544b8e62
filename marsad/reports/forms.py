from django import forms
from django.utils.translation import gettext_lazy as _

from marsad.lib.forms import ModelForm, VersionedModelForm
from marsad.lib.widgets import DateInput
from marsad.reports.models import PhaseUpdate, ProgressReport


class ReportForm(VersionedModelForm):
    class Meta:
        model = ProgressReport
        fields = ["percent_complete", "forecast_go_live", "achievements", "next_steps"]
        widgets = {
            "forecast_go_live": DateInput(),
            "achievements": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.project.phases.exists():
            del self.fields["percent_complete"]  # it comes from the phase updates
        for field in self.visible_fields():
            field.field.widget.attrs.setdefault("class", "form-control")


class PhaseUpdateForm(ModelForm):
    class Meta:
        model = PhaseUpdate
        fields = ["percent_complete", "forecast_end", "done"]
        widgets = {
            "percent_complete": forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "1"}),
            "forecast_end": DateInput(attrs={"class": "form-control form-control-sm"}),
            "done": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }


PhaseUpdateFormSet = forms.modelformset_factory(PhaseUpdate, form=PhaseUpdateForm, extra=0, can_delete=False)


class ReturnForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )


class StepForm(forms.Form):
    """Submit or accept: only the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
