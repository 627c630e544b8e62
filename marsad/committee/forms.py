from django import forms
from django.utils.translation import gettext_lazy as _

from marsad.committee.choices import TaskStatus
from marsad.committee.models import AgendaItem, Decision, Meeting, MeetingAttachment
from marsad.committee.tasks import REPORTABLE
from marsad.lib.forms import ModelForm, VersionedModelForm, style
from marsad.lib.widgets import DateInput
from marsad.obstacles.choices import OPEN_STATUSES
from marsad.obstacles.models import Obstacle
from marsad.portfolio.models import Phase


class MeetingForm(VersionedModelForm):
    class Meta:
        model = Meeting
        fields = [
            "committee", "number", "date", "place", "status", "chaired_by", "attending_entities", "attendees", "minutes",
        ]  # fmt: skip
        widgets = {
            "date": DateInput(),
            "attendees": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "attending_entities": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]
        style(self)


class AgendaItemForm(VersionedModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "kind",
            "project",
            "obstacle",
            "indicator",
            "strategy",
            "rollout",
            "presenter_entity",
            "presenter",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]
        self.fields["obstacle"].queryset = Obstacle.objects.select_related("project").filter(status__in=OPEN_STATUSES)
        style(self)


class DecisionForm(ModelForm):
    class Meta:
        model = Decision
        fields = [
            "kind", "text", "projects", "plan_year", "amount", "new_project_code", "new_project_name_ar",
            "new_project_name_en", "new_project_owner", "new_project_programme", "new_baseline_start",
            "new_baseline_go_live", "strategy", "phase", "obstacle", "title", "lead_entity", "other_entities", "due_date", "is_public",
        ]  # fmt: skip
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "new_baseline_start": DateInput(),
            "new_baseline_go_live": DateInput(),
            "due_date": DateInput(),
            "projects": forms.SelectMultiple(attrs={"size": 6}),
            "other_entities": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = Phase.objects.select_related("project").order_by("project__code", "order")
        self.fields["phase"].label_from_instance = lambda phase: f"{phase.project.code} · {phase.name}"
        self.fields["obstacle"].queryset = Obstacle.objects.select_related("project").filter(status__in=OPEN_STATUSES)
        style(self)


class AnnulForm(forms.Form):
    reason = forms.CharField(label=_("Reason for annulment"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class TaskUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=[(s, TaskStatus(s).label) for s in REPORTABLE])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingAttachment.Kind.choices)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class DateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    since = forms.DateField(label=_("Since"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
