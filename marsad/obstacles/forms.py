from django import forms
from django.utils.translation import gettext_lazy as _

from marsad.lib.forms import ModelForm, VersionedModelForm, style
from marsad.lib.widgets import DateInput
from marsad.obstacles.choices import ObstacleStatus
from marsad.obstacles.models import Obstacle, Requirement


class ObstacleForm(ModelForm):
    class Meta:
        model = Obstacle
        fields = ["title", "description", "category", "severity", "responsible_entity"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class EscalateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=_("Why it needs a higher level"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class StatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(label=_("Status"), choices=ObstacleStatus.choices)
    resolution = forms.CharField(label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decision_reference = forms.CharField(label=_("Decision that removed it"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class RequirementForm(VersionedModelForm):
    class Meta:
        model = Requirement
        fields = ["kind", "description", "quantity", "responsible_entity", "due_date", "status", "is_gate"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["version"].required = False
        style(self)
