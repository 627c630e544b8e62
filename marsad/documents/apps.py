from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marsad.portfolio import extensions


class DocumentsConfig(AppConfig):
    name = "marsad.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from marsad.documents import jobs, views

        jobs.register()
        extensions.register_page_section("meeting_detail", views.meeting_documents)
        extensions.register_page_section("project_detail", views.project_links)
        extensions.register_page_section("entity_detail", views.entity_links)
