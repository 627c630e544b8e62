from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marsad.committee import extensions as committee
from marsad.committee.choices import DecisionKind
from marsad.portfolio import extensions


class RolloutsConfig(AppConfig):
    name = "marsad.rollouts"
    label = "rollouts"
    verbose_name = _("Rollouts")

    def ready(self):
        from marsad.rollouts import committee_links, exports

        exports.register()

        committee.register_agenda_source(committee_links.propose)
        committee.register_decision_effect(
            DecisionKind.ORDER_ROLLOUT,
            apply=committee_links.order_rollout,
            missing=committee_links.missing,
            withdraw=("rollouts.rollout", {"status": "cancelled"}),
        )
        extensions.register_page_section("meeting_detail", committee_links.meeting_moves)
        extensions.register_page_section("entity_detail", committee_links.entity_rollouts)
        extensions.register_page_section("my_work", committee_links.my_rollout_rows)
