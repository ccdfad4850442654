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


# STEPS[n] upgrades a database of version n to version n + 1.
STEPS: dict[int, Step] = {1: _add_feed_table}


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
