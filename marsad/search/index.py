"""What is searchable, and keeping the index current.

A searchable model declares `searched = Searched(title=..., body=...)` and mixes in
`Indexed`: its `save()` and `delete()` — the one write path every page, API call,
admin form, importer and job goes through — update its `SearchEntry` in the writer's
transaction. `rebuild()` (`manage.py rebuild_search_index`) re-reads everything, after a
bulk load or an upgrade.

The index holds only folded text: what a result shows (title, link, snippet) is read from
the record itself when the result is shown, so the index never shows stale words, and
which records a reader may see is decided by `scope`, never by the index.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.utils import translation

from marsad.lib.arabic import indexed
from marsad.search.models import SearchEntry

BATCH = 1000


@dataclass(frozen=True)
class Searched:
    """How a model is searched. Names are fields or attributes ("str" is the record's
    name as it prints); each is read in Arabic and in English, so a translated label
    matches in either language."""

    title: tuple[str, ...]
    body: tuple[str, ...] = ()
    # The lookup to the entity the results filter by ("pk" for entities themselves).
    entity: str | None = None
    # Where the kind's group comes on the results page.
    order: int = 50
    # Related records the texts read, fetched with the records when many are indexed.
    related: tuple[str, ...] = ()


def kind_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def searchable_models() -> list[type[models.Model]]:
    found = [model for model in apps.get_models() if isinstance(getattr(model, "searched", None), Searched)]
    return sorted(found, key=lambda model: searched_by(model).order)


def searched_by(model: type[models.Model]) -> Searched:
    """How `model`'s records are searched (its `searched` declaration)."""
    declared: Searched = getattr(model, "searched")  # noqa: B009 — declared by each searchable model
    return declared


def model_of(kind: str) -> type[models.Model] | None:
    return next((model for model in searchable_models() if kind_of(model) == kind), None)


def _read(record, name: str) -> str:
    value = str(record) if name == "str" else getattr(record, name, "")
    if callable(value):
        value = value()
    return "" if value is None else str(value)


def texts(record, names: Iterable[str], languages=("ar", "en")) -> list[str]:
    """The record's texts under `names`, in each of `languages`, each once."""
    found = []
    for language in languages:
        with translation.override(language):
            found += [_read(record, name) for name in names]
    return [text for text in dict.fromkeys(found) if text]


def entry_values(record) -> dict:
    spec: Searched = record.searched
    return {
        "kind": kind_of(type(record)),
        "object_id": record.pk,
        "title": indexed(" ".join(texts(record, spec.title))),
        "body": indexed(" ".join(texts(record, spec.body))),
    }


def index_records(records: Iterable[models.Model]) -> None:
    """Write (or rewrite) the entries of `records`."""

    rows = [SearchEntry(**entry_values(record)) for record in records]
    if rows:
        SearchEntry.objects.bulk_create(
            rows, batch_size=BATCH, update_conflicts=True, unique_fields=["kind", "object_id"],
            update_fields=["title", "body"],
        )  # fmt: skip


def forget(model: type[models.Model], ids: Iterable[int]) -> None:
    """Take deleted records out of the index."""

    SearchEntry.objects.filter(kind=kind_of(model), object_id__in=list(ids)).delete()


def reindex(model: type[models.Model], ids: Iterable[int] | None = None) -> int:
    """Re-read the records of `model` (those with `ids`, or all); returns how many."""
    records = model._default_manager.order_by("pk").select_related(*searched_by(model).related)
    if ids is not None:
        records = records.filter(pk__in=list(ids))
    count = 0
    batch = []
    for record in records.iterator(chunk_size=BATCH):
        batch.append(record)
        if len(batch) == BATCH:
            index_records(batch)
            count, batch = count + len(batch), []
    index_records(batch)
    return count + len(batch)


def rebuild(progress=None) -> dict[str, int]:
    """The whole index afresh, one kind at a time; how many entries of each kind."""

    counts = {}
    models_ = searchable_models()
    for done, model in enumerate(models_):
        with transaction.atomic():
            SearchEntry.objects.filter(kind=kind_of(model)).delete()
            counts[kind_of(model)] = reindex(model)
        if progress:
            progress(done + 1, len(models_))
    known = [kind_of(model) for model in models_]
    SearchEntry.objects.exclude(kind__in=known).delete()
    return counts


class Indexed(models.Model):
    """A searchable record: saving it writes its index entry, deleting it removes it."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        index_records([self])

    def delete(self, *args, **kwargs):
        pk = self.pk
        deleted = super().delete(*args, **kwargs)
        forget(type(self), [pk])
        return deleted
