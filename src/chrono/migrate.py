"""Create the schema, or upgrade an older database in place.

Each step takes the database from one version to the next inside the same transaction as the version
bump, so a killed upgrade leaves the old version intact and is simply run again.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from chrono.db import SCHEMA_VERSION
from chrono.errors import DatabaseError

Step = Callable[[Connection], None]


def _add_feed_table(conn: Connection) -> None:
    """Version 2 adds saved feeds (`chrono feed`); nothing else changes."""
    from sqlmodel import SQLModel

    from chrono import tables  # noqa: F401  (registers the tables on the metadata)

    SQLModel.metadata.tables["feed"].create(conn, checkfirst=True)


_SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE event_fts USING fts5(search_text, content='event', content_rowid='pk')",
    "CREATE TRIGGER event_fts_insert AFTER INSERT ON event BEGIN "
    "INSERT INTO event_fts (rowid, search_text) VALUES (new.pk, new.search_text); END",
    "CREATE TRIGGER event_fts_delete AFTER DELETE ON event BEGIN "
    "INSERT INTO event_fts (event_fts, rowid, search_text) VALUES ('delete', old.pk, old.search_text); END",
    "CREATE TRIGGER event_fts_update AFTER UPDATE OF search_text ON event BEGIN "
    "INSERT INTO event_fts (event_fts, rowid, search_text) VALUES ('delete', old.pk, old.search_text); "
    "INSERT INTO event_fts (rowid, search_text) VALUES (new.pk, new.search_text); END",
    "INSERT INTO event_fts (event_fts) VALUES ('rebuild')",
)
_POSTGRES_SEARCH = (
    "ALTER TABLE event ADD COLUMN search tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX ix_event_search ON event USING gin (search)",
)


def _add_search_index(conn: Connection) -> None:
    """Full-text search with each engine's own index: SQLite FTS5, PostgreSQL tsvector.

    Both index `event.search_text`, which chrono fills with the title, description and location folded
    to lower case without accents, so "Erdogan" finds "Erdoğan" on either engine alike.
    """
    statements = _POSTGRES_SEARCH if conn.dialect.name == "postgresql" else _SQLITE_SEARCH
    for sql in statements:
        conn.exec_driver_sql(sql)


def _add_search(conn: Connection) -> None:
    """Version 3: the search text of every event, and the full-text index over it."""
    from chrono.models import search_text

    conn.exec_driver_sql("ALTER TABLE event ADD COLUMN search_text TEXT NOT NULL DEFAULT ''")
    rows = conn.exec_driver_sql("SELECT pk, title, description, location FROM event").fetchall()
    if rows:
        mark = "%s" if conn.dialect.name == "postgresql" else "?"
        conn.exec_driver_sql(
            f"UPDATE event SET search_text = {mark} WHERE pk = {mark}",
            [(search_text(title, description, location), pk) for pk, title, description, location in rows],
        )
    _add_search_index(conn)


# STEPS[n] upgrades a database of version n to version n + 1.
STEPS: dict[int, Step] = {1: _add_feed_table, 2: _add_search}
# What create_all cannot express, run on a new database too.
EXTRAS: tuple[Step, ...] = (_add_search_index,)


def current_version(conn: Connection) -> int | None:
    if not inspect(conn).has_table("meta"):
        return None
    row = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).first()
    return int(row[0]) if row else None


def ensure_schema(conn: Connection) -> None:
    """Bring the database to SCHEMA_VERSION; safe when many processes open a new database at once."""
    from sqlmodel import SQLModel

    from chrono import tables  # noqa: F401  (registers the tables on the metadata)

    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(7142611)"))
    version = current_version(conn)
    if version is None:
        if inspect(conn).has_table("event"):
            raise DatabaseError("database has chrono tables but no schema version: refusing to touch it")
        SQLModel.metadata.create_all(conn)
        for extra in EXTRAS:
            extra(conn)
        _set_version(conn, SCHEMA_VERSION)
        return
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"database has schema version {version}, newer than this chrono understands "
            f"({SCHEMA_VERSION}): upgrade chrono"
        )
    while version < SCHEMA_VERSION:
        STEPS[version](conn)
        version += 1
        _set_version(conn, version)


def _set_version(conn: Connection, version: int) -> None:
    updated = conn.execute(
        text("UPDATE meta SET value = :v WHERE key = 'schema_version'"), {"v": str(version)}
    )
    if updated.rowcount == 0:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"), {"v": str(version)})
