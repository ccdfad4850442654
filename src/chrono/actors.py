"""Actors as people think of them: one actor, many names. Alias, rename and merge.

Renames and merges change how events read, so the events of the actor get a new digest and a higher
revision: calendar subscribers then see the new name.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from chrono.dates import now_utc
from chrono.db import Database, chunks, raw
from chrono.errors import Conflict, InvalidInput, NotFound
from chrono.event_store import move_actor_ids
from chrono.models import check_kind, clean_name, name_key
from chrono.schema import tables
from chrono.store import digest, search_text_of

_T = tables()
ACTOR, ACTOR_NAME, EVENT, EVENT_ACTOR = _T["actor"], _T["actor_name"], _T["event"], _T["event_actor"]


def _find_actor(conn: Connection, name: str) -> tuple[int, str]:
    row = conn.execute(
        select(ACTOR.c.id, ACTOR.c.name)
        .join(ACTOR_NAME, ACTOR_NAME.c.actor_id == ACTOR.c.id)
        .where(ACTOR_NAME.c.key == name_key(name))
    ).first()
    if row is None:
        raise NotFound(f"no actor named {name!r}")
    return row[0], row[1]


def keep_events_of(conn: Connection, table: str, column: str, ids: list[int]) -> None:
    """Keep the current revision of every event linked to these actors or tags (table `table`,
    by `column`) in its history, before a rename, merge or removal changes how they read."""
    from chrono.revisions import keep

    reader = raw(conn)
    marks = ", ".join("?" * len(ids))
    keep(reader, [r[0] for r in reader.all(f"SELECT event_pk FROM {table} WHERE {column} IN ({marks})", ids)])


def _refresh_digests(conn: Connection, actor_id: int) -> None:
    """An actor's new name changes the content of its events; their digests must follow."""
    pks = [
        r[0] for r in conn.execute(select(EVENT_ACTOR.c.event_pk).where(EVENT_ACTOR.c.actor_id == actor_id))
    ]
    refresh_events(conn, pks)


def add_alias(db: Database, name: str, alias: str) -> str:
    alias = clean_name(alias, "alias")
    with db.writer() as conn:
        actor_id, canonical = _find_actor(conn, name)
        owner = conn.execute(
            select(ACTOR_NAME.c.actor_id).where(ACTOR_NAME.c.key == name_key(alias))
        ).scalar()
        if owner == actor_id:
            raise Conflict(f"{alias!r} already names {canonical}: nothing to do")
        if owner is not None:
            raise Conflict(f"{alias!r} already names another actor (use `chrono actor merge`)")
        conn.execute(insert(ACTOR_NAME).values(key=name_key(alias), name=alias, actor_id=actor_id))
    return canonical


def rename_actor(db: Database, old: str, new: str) -> None:
    new = clean_name(new)
    with db.writer() as conn:
        actor_id, _ = _find_actor(conn, old)
        owner = conn.execute(select(ACTOR_NAME.c.actor_id).where(ACTOR_NAME.c.key == name_key(new))).scalar()
        if owner is not None and owner != actor_id:
            raise Conflict(f"{new!r} already names another actor (use `chrono actor merge`)")
        keep_events_of(conn, "event_actor", "actor_id", [actor_id])
        conn.execute(update(ACTOR).where(ACTOR.c.id == actor_id).values(name=new))
        if owner is None:
            conn.execute(insert(ACTOR_NAME).values(key=name_key(new), name=new, actor_id=actor_id))
        else:
            conn.execute(update(ACTOR_NAME).where(ACTOR_NAME.c.key == name_key(new)).values(name=new))
        _refresh_digests(conn, actor_id)


def merge_actors(db: Database, keep: str, absorb: str) -> str:
    """Fold actor `absorb` into `keep`: its names become aliases, its events move over."""
    with db.writer() as conn:
        keep_id, keep_name = _find_actor(conn, keep)
        gone_id, _ = _find_actor(conn, absorb)
        if keep_id == gone_id:
            raise InvalidInput(f"{keep!r} and {absorb!r} are the same actor ({keep_name}): nothing to merge")
        keep_events_of(conn, "event_actor", "actor_id", [keep_id, gone_id])
        conn.execute(update(ACTOR_NAME).where(ACTOR_NAME.c.actor_id == gone_id).values(actor_id=keep_id))
        move_actor_ids(raw(conn), keep_id, gone_id)
        both = select(EVENT_ACTOR.c.event_pk).where(EVENT_ACTOR.c.actor_id == keep_id)
        conn.execute(
            delete(EVENT_ACTOR).where(EVENT_ACTOR.c.actor_id == gone_id, EVENT_ACTOR.c.event_pk.in_(both))
        )
        conn.execute(update(EVENT_ACTOR).where(EVENT_ACTOR.c.actor_id == gone_id).values(actor_id=keep_id))
        kind = conn.execute(select(ACTOR.c.kind).where(ACTOR.c.id == gone_id)).scalar()
        if kind:
            conn.execute(update(ACTOR).where(ACTOR.c.id == keep_id, ACTOR.c.kind.is_(None)).values(kind=kind))
        conn.execute(delete(ACTOR).where(ACTOR.c.id == gone_id))
        _refresh_digests(conn, keep_id)
    return keep_name


def set_kind(db: Database, name: str, kind: str) -> str:
    """Say what an actor is (person, country, organisation, group); returns its name."""
    checked = check_kind(kind)
    with db.writer() as conn:
        actor_id, canonical = _find_actor(conn, name)
        conn.execute(update(ACTOR).where(ACTOR.c.id == actor_id).values(kind=checked))
    return canonical


def remove_actor(db: Database, name: str, *, force: bool = False) -> tuple[str, int]:
    """Remove an actor and all its names. Refused while events name it, unless `force`, which takes
    it out of those events first (their revisions go up). Returns its name and how many events
    changed."""
    with db.writer() as conn:
        actor_id, canonical = _find_actor(conn, name)
        pks = [
            r[0]
            for r in conn.execute(
                select(EVENT_ACTOR.c.event_pk)
                .join(EVENT, EVENT.c.pk == EVENT_ACTOR.c.event_pk)
                .where(EVENT_ACTOR.c.actor_id == actor_id, EVENT.c.removed.is_(None))
            )
        ]
        if pks and not force:
            raise Conflict(
                f"{canonical} is in {len(pks)} event(s): take it out of them first, or use --force "
                "to remove it from them too"
            )
        keep_events_of(conn, "event_actor", "actor_id", [actor_id])
        conn.execute(delete(EVENT_ACTOR).where(EVENT_ACTOR.c.actor_id == actor_id))
        refresh_events(conn, pks)
        conn.execute(delete(ACTOR_NAME).where(ACTOR_NAME.c.actor_id == actor_id))
        conn.execute(delete(ACTOR).where(ACTOR.c.id == actor_id))
    return canonical, len(pks)


def refresh_events(conn: Connection, pks: list[int]) -> None:
    """New digests, search text, times and revisions for events whose actors or tags changed; no input
    line says what they say any more, so a re-import of one must be read again."""
    from chrono.query import fetch_records

    now = now_utc()
    reader = raw(conn)
    for chunk in chunks(pks):
        for pk, record in zip(chunk, fetch_records(reader, chunk), strict=True):
            conn.execute(
                update(EVENT)
                .where(EVENT.c.pk == pk)
                .values(
                    digest=digest(record.to_input()),
                    search_text=search_text_of(record.to_input()),
                    updated=now,
                    revision=record.revision + 1,
                    input_digest=None,
                )
            )
