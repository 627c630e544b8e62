"""Searching: the reader's results, grouped by kind, ranked, highlighted.

One SQL statement finds the matching entries (`engines.matches`), keeps only records
the reader may read (`scope.readable`, the same rule every page uses) and the kinds and
entity asked for, ranks them (a title match first, then the engine's score) and counts
each kind; then one query per kind with results reads the records to show. The query
count does not grow with the data.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from marsad.accounts import scope
from marsad.lib.arabic import words as folded_words
from marsad.search import engines
from marsad.search.highlight import highlight, snippet
from marsad.search.index import kind_of, searchable_models, searched_by, texts
from marsad.search.models import SearchEntry

# Words beyond this are ignored: a pasted paragraph is not a query.
MAX_WORDS = 8


@dataclass
class Hit:
    record: object
    title: SafeString
    snippet: SafeString | None
    url: str
    title_hit: bool


@dataclass
class Group:
    kind: str
    label: str
    count: int
    hits: list[Hit] = field(default_factory=list)


def query_words(text: str) -> list[str]:
    return folded_words(text or "")[:MAX_WORDS]


def _allowed(user, model, entity) -> tuple[str, list]:
    """SQL saying that entry `e` is of a record of `model` the reader may read (and of `entity`)."""
    records = scope.readable(user, model._default_manager.all())
    if entity is not None and searched_by(model).entity:
        records = records.filter(**{f"{searched_by(model).entity}__in": entity})
    elif entity is not None:
        records = records.none()
    # An entry whose record a cascade deleted is never counted: the record must exist.
    if engines.scope_per_match():
        # Asked of each match (its record looked up by primary key, the scope checked on
        # that one row): the cost follows the matches, not the size of the tables.
        records = records.filter(pk=RawSQL("e.object_id", []))
        sql, params = records.order_by().values("pk").query.sql_with_params()
        return f"EXISTS ({sql})", list(params)
    # Once for the whole search: the planner hashes the ids the reader may read.
    sql, params = records.order_by().values("pk").query.sql_with_params()
    return f"e.object_id IN ({sql})", list(params)


def _ranked(user, words, models, entity, per_kind) -> list[tuple]:
    match_sql, params = engines.matches(words)
    allowed, allowed_params = [], []
    for model in models:
        sql, model_params = _allowed(user, model, entity)
        allowed.append(f"(e.kind = %s AND {sql})")
        allowed_params += [kind_of(model), *model_params]
    # The matches are joined to their entries first (MATERIALIZED: by primary key, for
    # the matches only), then kept if the reader may read their record.
    sql = (
        f"WITH m AS ({match_sql}), "
        "e AS MATERIALIZED (SELECT entry.kind, entry.object_id, m.title_hit, m.score "
        f" FROM m JOIN {engines.TABLE} entry ON entry.id = m.id) "
        "SELECT kind, object_id, title_hit, total FROM ("
        " SELECT e.kind, e.object_id, e.title_hit,"
        "  ROW_NUMBER() OVER (PARTITION BY e.kind ORDER BY e.title_hit DESC, e.score, e.object_id) AS n,"
        "  COUNT(*) OVER (PARTITION BY e.kind) AS total"
        f" FROM e WHERE {' OR '.join(allowed)}"
        ") ranked WHERE n <= %s ORDER BY kind, n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *allowed_params, per_kind])
        return cursor.fetchall()


def search(user, text: str, *, kinds: list[str] | None = None, entity=None, per_kind: int = 10) -> list[Group]:
    """What `user` finds for `text`: a group per kind with results, in the kinds' order.

    `kinds`: only these (app_label.model); `entity`: only records of these entity ids.
    """
    words = query_words(text)
    models = [m for m in searchable_models() if kinds is None or kind_of(m) in kinds]
    if not words or not models:
        return []
    rows = _ranked(user, words, models, entity, per_kind)
    groups = []
    for model in models:
        kind = kind_of(model)
        mine = [row for row in rows if row[0] == kind]
        if not mine:
            continue
        records = model._default_manager.select_related(*searched_by(model).related).in_bulk([row[1] for row in mine])
        group = Group(kind=kind, label=str(model._meta.verbose_name_plural), count=mine[0][3])
        for _kind, pk, title_hit, _total in mine:
            if pk in records:
                group.hits.append(_hit(records[pk], words, bool(title_hit)))
        groups.append(group)
    return groups


def _hit(record, words, title_hit) -> Hit:
    spec = record.searched
    language = get_language() or "ar"
    with translation.override(language):
        title = str(record)
    code = getattr(record, "code", "")
    title = f"{code} — {title}" if code and code not in title else title
    body = " ".join(texts(record, spec.body, (language,)))
    return Hit(
        record=record,
        title=highlight(title, words),
        # The other language's text when the match is there (an English word on the Arabic page).
        snippet=snippet(body, words) or (None if title_hit else snippet(" ".join(texts(record, spec.body)), words)),
        url=record.get_absolute_url(),
        title_hit=title_hit,
    )


def matching(model, text: str) -> QuerySet | None:
    """The ids of `model`'s records whose text matches `text` however it is spelt
    (None: `text` holds no word) — for a list's own search box."""
    words = query_words(text)
    if not words:
        return None
    match_sql, params = engines.matches(words, typos=False)
    return SearchEntry.objects.filter(
        kind=kind_of(model), id__in=RawSQL(f"SELECT id FROM ({match_sql}) m", params)
    ).values("object_id")
