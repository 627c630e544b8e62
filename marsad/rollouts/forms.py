from django import forms
from django.utils.translation import gettext_lazy as _

from marsad.lib.forms import ModelForm, ModelMultipleChoiceField, VersionedModelForm, style
from marsad.lib.widgets import DateInput
from marsad.portfolio.choices import EntityKind
from marsad.portfolio.models import Entity
from marsad.rollouts.choices import DEFAULT_STAGES
from marsad.rollouts.models import Participant, Rollout, Stage
from marsad.rollouts.services import day_reached


class RowForm(ModelForm):
    """An institution's row: the stage reached (and when), its forecast, evidence and notes."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Participant
        fields = ["stage", "stage_reached_on", "forecast_live", "evidence", "notes"]
        widgets = {
            "stage_reached_on": DateInput(),
            "forecast_live": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(rollout=self.instance.rollout_id).order_by("order")
        self.fields["stage"].empty_label = None
        # Blank unless the person gives the day of a new stage (then: today); the stage kept keeps its day.
        self.initial.pop("stage_reached_on", None)
        self.fields["stage_reached_on"].help_text = _("Left blank when the stage changes: today.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        style(self)

    def clean(self):
        cleaned = super().clean()
        # Before the model's rules judge the row: a blank day is today's for a new stage.
        if "stage" in cleaned:
            stored = Participant.objects.get(pk=self.instance.pk) if self.instance.pk else self.instance
            cleaned["stage_reached_on"] = day_reached(stored, cleaned["stage"], cleaned.get("stage_reached_on"))
        return cleaned


def _stage_lines() -> str:
    return "\n".join(f"{ar} | {en}" for ar, en in DEFAULT_STAGES)


class RolloutForm(VersionedModelForm):
    """A rollout's definition (the programme office's)."""

    class Meta:
        model = Rollout
        fields = [
            "code", "name_ar", "name_en", "capability", "lead_entity", "project", "programme", "decision",
            "description", "institution_kind", "start_date", "target_date", "target", "target_count", "status",
        ]  # fmt: skip
        widgets = {
            "start_date": DateInput(),
            "target_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    add_kind = forms.ChoiceField(
        label=_("Add every institution of this kind"),
        choices=[("", "—"), *EntityKind.choices],
        required=False,
    )
    add_institutions = ModelMultipleChoiceField(
        label=_("Add these institutions"), queryset=Entity.objects.order_by("kind", "code"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        creating = not self.instance.pk
        if creating:
            self.fields["version"].required = False
            self.fields["stages"] = forms.CharField(
                label=_("Stages"),
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=_stage_lines(),
                help_text=_("One per line, in order, Arabic | English; the last one is live."),
            )
        else:
            self.fields["code"].disabled = True
        self.fields["decision"].queryset = self.fields["decision"].queryset.select_related("meeting__committee")
        style(self)

    def clean_stages(self):
        stages = []
        for line in self.cleaned_data["stages"].splitlines():
            if not line.strip():
                continue
            ar, _sep, en = line.partition("|")
            stages.append((ar.strip(), en.strip()))
        if len(stages) < 2:
            raise forms.ValidationError(_("A rollout needs two stages at least: a first one and live."))
        return stages

    def institutions(self):
        chosen = list(self.cleaned_data.get("add_institutions") or [])
        kind = self.cleaned_data.get("add_kind")
        if kind:
            chosen += list(Entity.objects.filter(kind=kind).exclude(pk=self.cleaned_data.get("lead_entity").pk))
        return chosen
