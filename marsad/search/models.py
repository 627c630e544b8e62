"""The search index: one row per searchable record, its text folded (`marsad.lib.arabic`).

The engine's own structures sit beside this table (`engines.py`): an FTS5 table kept in
step by triggers on SQLite; a full-text GIN index and a trigram index on PostgreSQL.
"""

from django.db import models


class SearchEntry(models.Model):
    kind = models.CharField(max_length=40)  # app_label.model
    object_id = models.PositiveBigIntegerField()
    title = models.TextField()  # folded: code and names in both languages
    body = models.TextField(blank=True)  # folded: descriptions, wording, notes

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"
