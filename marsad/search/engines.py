"""The two engines behind one interface: SQLite's FTS5 and PostgreSQL's full-text search
(with a trigram index, so that a one-letter typo in a long name still finds it).

Both read the folded text of `SearchEntry`, so folding happens once, in Python, the same
way for the index and the query. `matches(words)` gives the SQL of the entries that
match every word (as a prefix: "الفوت" finds "الفوتره"), with a `title_hit` flag
(every word is in the title) and a `score` (lower is better); the engine is chosen by
the database the connection speaks to.
"""

from django.db import connection

from marsad.lib.arabic import bare

TABLE = "search_searchentry"

SQLITE_SETUP = [
    # External content: the words are indexed, the text stays in the entries' table.
    f"CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='{TABLE}', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER search_fts_insert AFTER INSERT ON {TABLE} BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"CREATE TRIGGER search_fts_delete AFTER DELETE ON {TABLE} BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END",
    f"CREATE TRIGGER search_fts_update AFTER UPDATE ON {TABLE} BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TABLE IF EXISTS search_fts",
]

# The weighted words of an entry, and of its title alone, stored as generated columns
# (computed once per write, not per query) with a full-text index, and a trigram index
# on the folded title for typos.
PG_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"ALTER TABLE {TABLE} ADD COLUMN document tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body), 'B')) STORED",
    f"ALTER TABLE {TABLE} ADD COLUMN title_document tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, title)) STORED",
    f"CREATE INDEX search_entry_document ON {TABLE} USING gin (document)",
    f"CREATE INDEX search_entry_title_trigrams ON {TABLE} USING gin (title gin_trgm_ops)",
]
PG_TEARDOWN = [
    "DROP INDEX IF EXISTS search_entry_document",
    "DROP INDEX IF EXISTS search_entry_title_trigrams",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS document",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS title_document",
]


# How like a word of the title each word of a mistyped query must be.
WORD_SIMILARITY = 0.35


def setup(schema_editor) -> None:
    for statement in _by_vendor(schema_editor.connection, SQLITE_SETUP, PG_SETUP):
        schema_editor.execute(statement)


def teardown(schema_editor) -> None:
    for statement in _by_vendor(schema_editor.connection, SQLITE_TEARDOWN, PG_TEARDOWN):
        schema_editor.execute(statement)


def _by_vendor(conn, sqlite, postgresql):
    return {"sqlite": sqlite, "postgresql": postgresql}.get(conn.vendor, [])


def scope_per_match() -> bool:
    """Is the reader's scope best asked of each match (SQLite runs a correlated EXISTS
    as a primary-key lookup), or of the whole table once (PostgreSQL hashes the ids;
    run per match, its plan repeats the scope's subqueries for every row)?"""
    return connection.vendor != "postgresql"


def matches(words: list[str], *, typos: bool = True) -> tuple[str, list]:
    """SQL selecting `id, title_hit, score` of the entries matching all of `words`."""
    if connection.vendor == "postgresql":
        return _postgresql(words, typos=typos)
    return _sqlite(words, typos=typos)


# --- one-letter typos on SQLite, as pg_trgm finds them on PostgreSQL ----------------------


def _trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def word_similarity(word: str, title: str) -> float:
    """How like the closest whole word of `title` `word` is (shared trigrams over all of
    both), as pg_trgm's strict word similarity reads a one-word query."""
    wanted = _trigrams(word)
    best = 0.0
    for other in title.split():
        found = _trigrams(other)
        best = max(best, len(wanted & found) / len(wanted | found))
    return best


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """`marsad_word_similarity(word, title)` for SQLite's typo search (deterministic:
    SQLite may cache it within a statement)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("marsad_word_similarity", 2, word_similarity, deterministic=True)


def _forms(word: str) -> list[str]:
    """A query word, and the same word without its article ("الحكومه" also finds "للحكومه")."""
    return list(dict.fromkeys([word, bare(word)]))


def _sqlite(words, *, typos=True):
    # Each word quoted (FTS5 would read some words as operators) and taken as a prefix.
    every = " AND ".join("(" + " OR ".join(f'"{form}"*' for form in _forms(word)) + ")" for word in words)
    found = (
        "SELECT search_fts.rowid AS id, "
        "search_fts.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) AS title_hit, "
        "bm25(search_fts, 10.0, 1.0) AS score "
        "FROM search_fts WHERE search_fts MATCH %s"
    )
    params = [f"title : ({every})", every]
    if not typos:
        return found, params
    # As on PostgreSQL, only when nothing matches the words themselves: every word like a
    # whole word of a title (the same trigrams as pg_trgm's, at its default 0.5 for a
    # word alone, WORD_SIMILARITY for each of several), ranked after real matches. The
    # titles are read one by one: only a query that found nothing pays for it.
    threshold = 0.5 if len(words) == 1 else WORD_SIMILARITY
    each = " AND ".join(f"marsad_word_similarity(%s, title) >= {threshold}" for _word in words)
    sql = (
        f"WITH found AS MATERIALIZED ({found}) SELECT id, title_hit, score FROM found UNION ALL "
        f"SELECT id, 1 AS title_hit, 1 - marsad_word_similarity(%s, title) AS score FROM {TABLE} "
        f"WHERE NOT EXISTS (SELECT 1 FROM found) AND {each}"
    )
    return sql, [*params, words[0], *words]


def _postgresql(words, *, typos):
    every = " & ".join("(" + " | ".join(f"{form}:*" for form in _forms(word)) + ")" for word in words)
    query = "to_tsquery('simple'::regconfig, %s)"
    found = (
        f"SELECT id, title_document @@ {query} AS title_hit, -ts_rank(document, {query}) AS score "
        f"FROM {TABLE} WHERE document @@ {query}"
    )
    params = [every, every, every]
    if not typos:
        return found, params
    # Only when nothing matches the words themselves: the whole query like whole words
    # of a title (pg_trgm's strict word similarity, served by the trigram index, at its
    # default threshold of 0.5), and each of its words too: one letter wrong in a long
    # name passes, a fragment of a word or an unrelated word beside a right one does
    # not. Ranked after real matches.
    phrase = " ".join(words)
    each = " AND ".join(f"strict_word_similarity(%s, title) >= {WORD_SIMILARITY}" for _word in words)
    sql = (
        f"WITH found AS MATERIALIZED ({found}) SELECT id, title_hit, score FROM found UNION ALL "
        f"SELECT id, TRUE AS title_hit, 1 - strict_word_similarity(%s, title) AS score FROM {TABLE} "
        f"WHERE NOT EXISTS (SELECT 1 FROM found) AND %s <<%% title AND {each}"
    )
    return sql, [*params, phrase, phrase, *words]
