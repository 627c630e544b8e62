from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "marsad.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from marsad.search.engines import register_sqlite_functions

        # SQLite's typo search asks each title how like a word it is (`engines`).
        connection_created.connect(register_sqlite_functions, dispatch_uid="marsad_sqlite_functions")
