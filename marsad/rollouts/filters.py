import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marsad.accounts import scope
from marsad.lib.filters import StyledFilterSet
from marsad.portfolio.choices import EntityKind
from marsad.portfolio.models import Entity
from marsad.rollouts.choices import Capability, RolloutStatus
from marsad.rollouts.models import Participant

STATES = [("live", _("Live")), ("not_live", _("Not live yet")), ("lagging", _("Lagging"))]


class RowFilter(StyledFilterSet):
    """The institutions' rows of the matrix (and of one rollout's page)."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind of institution"), field_name="entity__kind", choices=EntityKind.choices, empty_label=_("All")
    )
    capability = django_filters.ChoiceFilter(
        label=_("Capability"), field_name="rollout__capability", choices=Capability.choices, empty_label=_("All")
    )
    lead = django_filters.ModelChoiceFilter(
        label=_("Leading entity"),
        field_name="rollout__lead_entity",
        queryset=Entity.objects.filter(rollouts_led__isnull=False).distinct(),
        to_field_name="code",
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Rollout status"),
        field_name="rollout__status",
        choices=RolloutStatus.choices,
        empty_label=_("All"),
    )
    stage = django_filters.NumberFilter(label=_("Stage number"), field_name="stage__order", min_value=1)
    state = django_filters.ChoiceFilter(
        label=_("Institutions"), choices=STATES, method="filter_state", empty_label=_("All")
    )

    class Meta:
        model = Participant
        fields = ["kind", "capability", "lead", "status", "stage", "state"]

    def filter_state(self, queryset, name, value):
        if value == "live":
            return queryset.filter(stage__is_live=True)
        if value == "not_live":
            return queryset.exclude(stage__is_live=True)
        if value == "lagging":
            return queryset.lagging(timezone.localdate())
        return queryset


def filtered_rows(request):
    readable = scope.readable(request.user, Participant.objects.all())
    if request.GET.get("rollout"):  # one rollout's rows (its page's export)
        readable = readable.filter(rollout__code=request.GET["rollout"])
    return RowFilter(request.GET or None, queryset=readable)
