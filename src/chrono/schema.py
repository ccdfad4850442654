"""The database schema: the SQLModel tables, the version they make, and the steps from older versions.

Spans are stored as integer wall-clock keys (YYYYMMDDHHMMSS, half-open) so that range queries are plain
integer comparisons on an index, on SQLite and PostgreSQL alike. The event–actor link carries a copy of
the event's span, so "events with Putin in 2022" is answered from one index without touching the
events table until the rows are known.

`ensure_schema` creates the schema or upgrades an older database in place. Each step takes the
database from one version to the next inside the same transaction as the version bump, so a killed
upgrade leaves the old version intact and is simply run again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from chrono.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy import MetaData, Table
    from sqlalchemy.engine import Connection

SCHEMA_VERSION = 12

Step = Callable[["Connection"], None]


def _bytewise(kind: Any) -> Any:
    """Sort by code point on PostgreSQL as on SQLite, so both backends list in the same order."""
    return kind.with_variant(type(kind)(collation="C", **_length(kind)), "postgresql")


def _length(kind: Any) -> dict[str, Any]:
    return {"length": kind.length} if getattr(kind, "length", None) else {}


@lru_cache(maxsize=1)
def metadata() -> MetaData:
    """The tables, defined on first use: SQLModel and SQLAlchemy load only when a write needs them,
    so `chrono list` and `--help` (which read through plain DB-API) never pay for them."""
    from sqlalchemy import BigInteger, Column, Float, ForeignKey, Index, Integer, String, Text
    from sqlmodel import Field, SQLModel

    class Meta(SQLModel, table=True):
        __tablename__ = "meta"
        key: str = Field(primary_key=True)
        value: str

    class Event(SQLModel, table=True):
        __tablename__ = "event"
        __table_args__ = (
            Index("ix_event_span", "span_start", "span_end"),
            Index("ix_event_place", "latitude", "longitude"),
        )

        pk: int | None = Field(default=None, primary_key=True)
        id: str = Field(sa_column=Column(_bytewise(String(64)), unique=True, nullable=False))
        title: str = Field(sa_column=Column(Text, nullable=False))
        description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
        start: str
        end: str | None = None
        precision: str
        timezone: str | None = None
        approximate: bool = False
        uncertain: bool = False
        location: str | None = None
        status: str = Field(default="confirmed", index=True)
        span_start: int = Field(sa_column=Column(BigInteger, nullable=False))
        span_end: int = Field(sa_column=Column(BigInteger, nullable=False))
        created: str
        updated: str
        revision: int = 1
        digest: str
        search_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
        # The hash of the very input line the event was last saved from (see `importer`), or NULL.
        input_digest: str | None = None
        removed: str | None = None  # when it was removed: a tombstone that feeds still carry (version 6)
        # Where on the map (version 8, see `chrono.places`): degrees, what the point stands for, and
        # the point as a unit vector for the exact distance test of `--near`.
        latitude: float | None = Field(default=None, sa_column=Column(Float(53)))
        longitude: float | None = Field(default=None, sa_column=Column(Float(53)))
        geo_precision: str | None = None
        geo_x: float | None = Field(default=None, sa_column=Column(Float(53)))
        geo_y: float | None = Field(default=None, sa_column=Column(Float(53)))
        geo_z: float | None = Field(default=None, sa_column=Column(Float(53)))
        anchor: str | None = Field(default=None, index=True)  # dated from this event (version 10)
        anchored: str | None = None  # and how: "3 days before ID" (chrono.anchors)

    class Actor(SQLModel, table=True):
        __tablename__ = "actor"
        id: int | None = Field(default=None, primary_key=True)
        name: str = Field(sa_column=Column(_bytewise(Text()), nullable=False))
        kind: str | None = None

    class ActorName(SQLModel, table=True):
        """Every name an actor answers to (its own name and its aliases), by case-insensitive key."""

        __tablename__ = "actor_name"
        key: str = Field(primary_key=True)
        name: str
        actor_id: int = Field(
            sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), nullable=False, index=True)
        )

    class EventActor(SQLModel, table=True):
        __tablename__ = "event_actor"
        __table_args__ = (Index("ix_event_actor_actor_span", "actor_id", "span_start", "span_end"),)

        event_pk: int = Field(
            sa_column=Column(Integer, ForeignKey("event.pk", ondelete="CASCADE"), primary_key=True)
        )
        actor_id: int = Field(
            sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True)
        )
        position: int = 0
        role: str | None = None
        span_start: int = Field(sa_column=Column(BigInteger, nullable=False))
        span_end: int = Field(sa_column=Column(BigInteger, nullable=False))

    class Tag(SQLModel, table=True):
        __tablename__ = "tag"
        id: int | None = Field(default=None, primary_key=True)
        key: str = Field(sa_column=Column(Text, unique=True, nullable=False))
        name: str = Field(sa_column=Column(_bytewise(Text()), nullable=False))

    class EventTag(SQLModel, table=True):
        __tablename__ = "event_tag"
        __table_args__ = (Index("ix_event_tag_tag", "tag_id", "event_pk"),)

        event_pk: int = Field(
            sa_column=Column(Integer, ForeignKey("event.pk", ondelete="CASCADE"), primary_key=True)
        )
        tag_id: int = Field(
            sa_column=Column(Integer, ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True)
        )
        position: int = 0

    class Source(SQLModel, table=True):
        __tablename__ = "source"
        id: int | None = Field(default=None, primary_key=True)
        key: str = Field(sa_column=Column(Text, unique=True, nullable=False))
        url: str | None = None
        title: str | None = None
        publisher: str | None = None
        published: str | None = None
        archive_url: str | None = None

    class EventSource(SQLModel, table=True):
        __tablename__ = "event_source"

        event_pk: int = Field(
            sa_column=Column(Integer, ForeignKey("event.pk", ondelete="CASCADE"), primary_key=True)
        )
        source_id: int = Field(
            sa_column=Column(Integer, ForeignKey("source.id", ondelete="CASCADE"), primary_key=True)
        )
        position: int = 0
        quote: str | None = None

    class EventRevision(SQLModel, table=True):
        """An event as it was before a change (schema version 9): `chrono log` reads these, `undo` and
        `restore --revision` go back to one. The event row itself is always the newest revision, so an
        event that never changed has no row here, and saving it unchanged writes none."""

        __tablename__ = "event_revision"

        event_pk: int = Field(
            sa_column=Column(Integer, ForeignKey("event.pk", ondelete="CASCADE"), primary_key=True)
        )
        revision: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
        updated: str  # when this revision was made
        removed: str | None = None  # set when this revision was the event's removal
        state: str = Field(sa_column=Column(Text, nullable=False))  # JSON, as `chrono show --format json`

    class Feed(SQLModel, table=True):
        """A saved, named filter that `chrono serve` publishes at /feeds/NAME.ics (schema version 2)."""

        __tablename__ = "feed"
        id: int | None = Field(default=None, primary_key=True)
        name: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
        title: str | None = None
        params: str = Field(sa_column=Column(Text, nullable=False))  # JSON of Filter.to_params()
        created: str
        updated: str

    # Version 10: an event's quantities, external ids and media together as JSON in `event_extra` (one
    # row, only for events that have any: one look-up per read batch); each quantity also in
    # `event_quantity`, for `--min NAME=N`; the external ids of actors.
    class EventExtra(SQLModel, table=True):
        __tablename__ = "event_extra"
        event_pk: int = Field(
            sa_column=Column(Integer, ForeignKey("event.pk", ondelete="CASCADE"), primary_key=True)
        )
        data: str = Field(sa_column=Column(Text, nullable=False))  # JSON of models.extra_fields

    class EventQuantity(SQLModel, table=True):
        __tablename__ = "event_quantity"
        __table_args__ = (Index("ix_event_quantity_key_value", "key", "value"),)
        event_pk: int = Field(
            sa_column=Column(Integer, ForeignKey("event.pk", ondelete="CASCADE"), primary_key=True)
        )
        position: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
        key: str = Field(sa_column=Column(Text, nullable=False))
        value: float = Field(sa_column=Column(Float(precision=53), nullable=False))
        qualifier: str = Field(sa_column=Column(String(8), nullable=False))

    class ActorExternalId(SQLModel, table=True):
        __tablename__ = "actor_external_id"
        actor_id: int = Field(
            sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True)
        )
        scheme: str = Field(sa_column=Column(String(32), primary_key=True))
        value: str = Field(sa_column=Column(Text, nullable=False))

    return SQLModel.metadata


def tables() -> Mapping[str, Table]:
    """The tables by name."""
    return metadata().tables


# --- versions ------------------------------------------------------------------------------------


def _add_feed_table(conn: Connection) -> None:
    """Version 2 adds saved feeds (`chrono feed`); nothing else changes."""
    tables()["feed"].create(conn, checkfirst=True)


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


def _search_words(conn: Connection) -> None:
    """Version 4: the search text as plain words (`models.search_text`), so that both engines find
    words inside URLs, addresses and hyphenated names alike."""
    from chrono.models import search_text

    rows = conn.exec_driver_sql("SELECT pk, title, description, location FROM event").fetchall()
    if rows:
        mark = "%s" if conn.dialect.name == "postgresql" else "?"
        conn.exec_driver_sql(
            f"UPDATE event SET search_text = {mark} WHERE pk = {mark}",
            [(search_text(title, description, location), pk) for pk, title, description, location in rows],
        )


def _add_input_digest(conn: Connection) -> None:
    """Version 5: the hash of the input line each event was imported from, so that a re-import of an
    unchanged line need not validate it again. NULL (the full path) for every event until then."""
    conn.exec_driver_sql("ALTER TABLE event ADD COLUMN input_digest VARCHAR")


def _add_removed(conn: Connection) -> None:
    """Version 6: a removed event stays as a tombstone (its removal time in `removed`), so feeds can
    tell subscribers it is gone."""
    from sqlalchemy import inspect

    if "removed" not in {column["name"] for column in inspect(conn).get_columns("event")}:
        conn.exec_driver_sql("ALTER TABLE event ADD COLUMN removed TEXT")


def _search_everything(conn: Connection) -> None:
    """Version 7: `--search` also finds actors, tags and sources (titles, publishers, URLs, quotes),
    so the search text of every stored event is written again."""
    from chrono.models import SourceRef, event_words, search_text

    extra: dict[int, tuple[list[str], list[str], list[SourceRef]]] = {}

    def of(pk: int) -> tuple[list[str], list[str], list[SourceRef]]:
        return extra.setdefault(pk, ([], [], []))

    for pk, name in conn.exec_driver_sql(
        "SELECT ea.event_pk, a.name FROM event_actor ea JOIN actor a ON a.id = ea.actor_id "
        "ORDER BY ea.event_pk, ea.position"
    ):
        of(pk)[0].append(name)
    for pk, name in conn.exec_driver_sql(
        "SELECT et.event_pk, t.name FROM event_tag et JOIN tag t ON t.id = et.tag_id "
        "ORDER BY et.event_pk, et.position"
    ):
        of(pk)[1].append(name)
    for pk, url, title, publisher, quote in conn.exec_driver_sql(
        "SELECT es.event_pk, s.url, s.title, s.publisher, es.quote FROM event_source es "
        "JOIN source s ON s.id = es.source_id ORDER BY es.event_pk, es.position"
    ):
        of(pk)[2].append(SourceRef(url=url, title=title, publisher=publisher, quote=quote))
    rows = conn.exec_driver_sql("SELECT pk, title, description, location FROM event").fetchall()
    if rows:
        mark = "%s" if conn.dialect.name == "postgresql" else "?"
        conn.exec_driver_sql(
            f"UPDATE event SET search_text = {mark} WHERE pk = {mark}",
            [
                (search_text(title, description, location, event_words(*of(pk))), pk)
                for pk, title, description, location in rows
            ],
        )


def _add_places(conn: Connection) -> None:
    """Version 8: an event's point on the map (`latitude`, `longitude`, `geo_precision`), its unit
    vector for `--near`, and an index on the coordinates. No stored event has a point yet."""
    from sqlalchemy import inspect

    have = {column["name"] for column in inspect(conn).get_columns("event")}
    real = "DOUBLE PRECISION" if conn.dialect.name == "postgresql" else "REAL"
    for name, kind in (
        ("latitude", real),
        ("longitude", real),
        ("geo_precision", "VARCHAR"),
        ("geo_x", real),
        ("geo_y", real),
        ("geo_z", real),
    ):
        if name not in have:
            conn.exec_driver_sql(f"ALTER TABLE event ADD COLUMN {name} {kind}")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_event_place ON event (latitude, longitude)")


def _add_revisions(conn: Connection) -> None:
    """Version 9: each event's earlier revisions are kept (`event_revision`), from now on; the
    revisions made before the upgrade were never kept and stay unknown."""
    tables()["event_revision"].create(conn, checkfirst=True)


def _add_anchors(conn: Connection) -> None:
    """Version 10: anchored dates ("3 days before ID"): the anchor's id, indexed to find the events
    dated from an event, and the expression. NULL (a date of its own) for every event until then."""
    from sqlalchemy import inspect

    have = {column["name"] for column in inspect(conn).get_columns("event")}
    for name in ("anchor", "anchored"):
        if name not in have:
            conn.exec_driver_sql(f"ALTER TABLE event ADD COLUMN {name} VARCHAR")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_event_anchor ON event (anchor)")


CHANGE_KEY = "changed"  # the meta row every write transaction gives a new value


def _add_change_mark(conn: Connection) -> None:
    """Version 11: the change mark (`db.mark_changed`), which older chronos would not keep current
    when they write, hence a version of its own. The mark itself is set as after every upgrade."""


def _add_event_data(conn: Connection) -> None:
    """Version 12: the tables of quantities, external ids and media (see `metadata`); no
    stored event has any yet, so nothing else changes."""
    for name in ("event_extra", "event_quantity", "actor_external_id"):
        tables()[name].create(conn, checkfirst=True)


# STEPS[n] upgrades a database of version n to version n + 1.
STEPS: dict[int, Step] = {
    1: _add_feed_table,
    2: _add_search,
    3: _search_words,
    4: _add_input_digest,
    5: _add_removed,
    6: _search_everything,
    7: _add_places,
    8: _add_revisions,
    9: _add_anchors,
    10: _add_change_mark,
    11: _add_event_data,
}
# What create_all cannot express, run on a new database too.
EXTRAS: tuple[Step, ...] = (_add_search_index,)


def current_version(conn: Connection) -> int | None:
    from sqlalchemy import inspect, text

    if not inspect(conn).has_table("meta"):
        return None
    row = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).first()
    return int(row[0]) if row else None


def ensure_schema(conn: Connection) -> bool:
    """Bring the database to SCHEMA_VERSION; safe when many processes open a new database at once.
    True when it created or upgraded the schema (the caller then renews the change mark)."""
    from sqlalchemy import inspect, text

    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(7142611)"))
    version = current_version(conn)
    if version is None:
        if inspect(conn).has_table("event"):
            raise DatabaseError("database has chrono tables but no schema version: refusing to touch it")
        metadata().create_all(conn)
        for extra in EXTRAS:
            extra(conn)
        _set_version(conn, SCHEMA_VERSION)
        return True
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"database has schema version {version}, newer than this chrono understands "
            f"({SCHEMA_VERSION}): upgrade chrono"
        )
    changed = version < SCHEMA_VERSION
    while version < SCHEMA_VERSION:
        STEPS[version](conn)
        version += 1
        _set_version(conn, version)
    return changed


def _set_version(conn: Connection, version: int) -> None:
    from sqlalchemy import text

    updated = conn.execute(
        text("UPDATE meta SET value = :v WHERE key = 'schema_version'"), {"v": str(version)}
    )
    if updated.rowcount == 0:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"), {"v": str(version)})
