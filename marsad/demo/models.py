from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoLoad(models.Model):
    """Present while the demo data is loaded: every page then shows a banner.

    One row; `meeting_date` is the day the demo places the committee meeting
    (14 days before loading) so other issues' demo data can share it.
    """

    loaded_on = models.DateField(_("loaded on"))
    meeting_date = models.DateField(_("meeting date"))

    class Meta:
        verbose_name = _("demo data load")
        verbose_name_plural = _("demo data loads")

    def __str__(self):
        return f"{self.loaded_on} (meeting {self.meeting_date})"
