"""An Atom feed of what the public hears of first: decisions published, projects entering service."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from marsad.public import content


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _absolute(path: str) -> str:
    # The feed is cached and served to everyone: its links come from the site's address,
    # never from the Host header of whoever happened to ask first.
    return settings.MARSAD_SITE_URL + path


class PublicFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Digital transformation: published decisions and projects entering service")
    subtitle = gettext_lazy("From the public follow-up page of the digital-transformation programme.")

    def link(self):
        return _absolute(reverse("public:page"))

    def feed_url(self):
        return _absolute(reverse("public:feed"))

    def items(self):
        english = get_language() == "en"
        found = []
        for decision in content.decisions():
            found.append(
                {
                    "title": decision["reference"],
                    "text": decision.get("text", ""),
                    "when": _moment(decision["date"]),
                    "anchor": f"decision-{decision['meeting']}-{decision['number']}",
                }
            )
        for index, project in enumerate(content.projects()):
            if project.get("actual_go_live") and project.get("status") == "in_service":
                name = project["name_en"] if english and project["name_en"] else project["name_ar"]
                found.append(
                    {
                        "title": _("%(project)s entered service") % {"project": name},
                        "text": name,
                        "when": _moment(project["actual_go_live"]),
                        "anchor": f"project-{project['code']}",
                        # The page of the public page that lists it (by code, as there).
                        "page": index // content.PER_PAGE + 1,
                    }
                )
        return sorted(found, key=lambda item: item["when"], reverse=True)[:50]

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["text"]

    def item_link(self, item):
        page = f"?page={item['page']}" if item.get("page", 1) > 1 else ""
        return _absolute(reverse("public:page") + page + "#" + item["anchor"])

    def item_guid(self, item):
        return item["anchor"]

    def item_pubdate(self, item):
        return item["when"]

    def item_updateddate(self, item):
        return item["when"]
