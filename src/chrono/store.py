"""Writes: add, upsert, edit and remove events; name, alias, rename and merge actors.

Every write is batched and idempotent. An event's content is summed up in a digest, so saving the same
event again changes nothing (its revision and timestamps stay), while a real change bumps the revision.
Ids are never derived from content and never change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from chrono import tables  # noqa: F401  (defines the tables below)
from chrono.db import Database, Reader
from chrono.errors import Conflict, InvalidInput, NotFound
from chrono.models import ActorRef, EventInput, SourceRef, check_id, clean_name, name_key, new_id
from chrono.sources import Stamp

Mode = Literal["create", "upsert", "update"]

_T = SQLModel.metadata.tables
EVENT: Table = _T["event"]
ACTOR: Table = _T["actor"]
ACTOR_NAME: Table = _T["actor_name"]
EVENT_ACTOR: Table = _T["event_actor"]
TAG: Table = _T["tag"]
EVENT_TAG: Table = _T["event_tag"]
SOURCE: Table = _T["source"]
EVENT_SOURCE: Table = _T["event_source"]

CHUNK = 500  # keeps IN (...) lists under every backend's parameter limit


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def digest(event: EventInput, canonical: dict[str, str] | None = None) -> str:
    """A fingerprint of what the event says, with actors by their canonical names."""
    content = event.content()
    canonical = canonical or {}
    content["actors"] = [[canonical.get(name_key(n), n), role] for n, role in content["actors"]]
    content["tags"] = [name_key(t) for t in content["tags"]]
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(blob.encode()).hexdigest()


@dataclass
class SaveResult:
    """What a save did, by id."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def merge(self, other: SaveResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged

    def summary(self) -> str:
        return f"{len(self.created)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged"


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# --- events -----------------------------------------------------------------------------------


def add_event(db: Database, event: EventInput) -> str:
    """Store a new event and return its id; a taken id is a Conflict."""
    with db.writer() as conn:
        result = save_events(conn, [event], mode="create")
    return result.created[0]


def save_events(
    conn: Connection,
    events: Sequence[EventInput],
    *,
    mode: Mode = "upsert",
    stamps: Sequence[Stamp | None] | None = None,
    seen: set[str] | None = None,
) -> SaveResult:
    """Create or update a batch of events in the caller's transaction.

    `seen` collects the ids saved so far in a larger import, so that one id given twice is an error
    rather than a silent overwrite.
    """
    result = SaveResult()
    if not events:
        return result
    now = now_utc()
    for event in events:
        if event.id is None:
            event.id = new_id()
        else:
            check_id(event.id)
    ids = [e.id for e in events if e.id is not None]
    if seen is not None:
        for event_id in ids:
            if event_id in seen:
                raise InvalidInput(f"id {event_id!r} is given to two events")
            seen.add(event_id)
    elif len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InvalidInput(f"id {dup!r} is given to two events")

    existing: dict[str, tuple[int, str, int]] = {}
    for chunk in _chunks(ids):
        rows = conn.execute(
            select(EVENT.c.id, EVENT.c.pk, EVENT.c.digest, EVENT.c.revision).where(EVENT.c.id.in_(chunk))
        )
        for event_id, pk, dig, rev in rows:
            existing[event_id] = (pk, dig, rev)

    actor_ids = resolve_actors(conn, [a for e in events for a in e.actors])
    canonical = _canonical_names(conn, actor_ids)
    new_rows: list[dict[str, Any]] = []
    changed_rows: list[dict[str, Any]] = []
    to_link: list[EventInput] = []
    for index, event in enumerate(events):
        assert event.id is not None
        dig = digest(event, canonical)
        found = existing.get(event.id)
        if found is None:
            if mode == "update":
                raise NotFound(f"no event with id {event.id!r}")
            stamp = stamps[index] if stamps else None
            row = _event_row(event, dig)
            row["created"] = (stamp and stamp.created) or now
            row["updated"] = (stamp and stamp.updated) or row["created"]
            row["revision"] = (stamp and stamp.revision) or 1
            new_rows.append(row)
            result.created.append(event.id)
            to_link.append(event)
        else:
            if mode == "create":
                raise Conflict(f"an event with id {event.id!r} already exists")
            pk, old_digest, revision = found
            if old_digest == dig:
                result.unchanged.append(event.id)
                continue
            row = _event_row(event, dig)
            row.update(b_pk=pk, updated=now, revision=revision + 1)
            changed_rows.append(row)
            result.updated.append(event.id)
            to_link.append(event)

    if new_rows:
        conn.execute(insert(EVENT), new_rows)
    if changed_rows:
        conn.execute(
            update(EVENT)
            .where(EVENT.c.pk == bindparam("b_pk"))
            .values({k: bindparam(k) for k in changed_rows[0] if k != "b_pk"}),
            changed_rows,
        )
    if not to_link:
        return result

    pks = _pks_by_id(conn, [e.id for e in to_link if e.id is not None])
    changed_pks = [pks[r_id] for r_id in result.updated]
    for chunk in _chunks(changed_pks):
        for table in (EVENT_ACTOR, EVENT_TAG, EVENT_SOURCE):
            conn.execute(delete(table).where(table.c.event_pk.in_(chunk)))
    _link(conn, to_link, pks, actor_ids)
    return result


def _canonical_names(conn: Connection, actor_ids: dict[str, int]) -> dict[str, str]:
    names: dict[int, str] = {}
    for chunk in _chunks(sorted(set(actor_ids.values()))):
        for actor_id, name in conn.execute(select(ACTOR.c.id, ACTOR.c.name).where(ACTOR.c.id.in_(chunk))):
            names[actor_id] = name
    return {key: names[actor_id] for key, actor_id in actor_ids.items()}


def _event_row(event: EventInput, dig: str) -> dict[str, Any]:
    when = event.when
    span_start, span_end = when.span()
    return {
        "id": event.id,
        "title": event.title,
        "description": event.description,
        "start": when.start.iso(),
        "end": when.end.iso() if when.end else None,
        "precision": when.precision.value,
        "timezone": when.timezone,
        "approximate": when.approximate,
        "uncertain": when.uncertain,
        "location": event.location,
        "status": event.status,
        "span_start": span_start,
        "span_end": span_end,
        "digest": dig,
    }


def _pks_by_id(conn: Connection, ids: Sequence[str]) -> dict[str, int]:
    pks: dict[str, int] = {}
    for chunk in _chunks(ids):
        for event_id, pk in conn.execute(select(EVENT.c.id, EVENT.c.pk).where(EVENT.c.id.in_(chunk))):
            pks[event_id] = pk
    return pks


def _link(
    conn: Connection, events: Sequence[EventInput], pks: dict[str, int], actor_ids: dict[str, int]
) -> None:
    tag_ids = _resolve_tags(conn, [t for e in events for t in e.tags])
    source_ids = _resolve_sources(conn, [s for e in events for s in e.sources])
    actor_rows: list[dict[str, Any]] = []
    tag_rows: list[dict[str, Any]] = []
    source_rows: list[dict[str, Any]] = []
    for event in events:
        assert event.id is not None
        pk = pks[event.id]
        span_start, span_end = event.when.span()
        linked: set[int] = set()
        for position, actor in enumerate(event.actors):
            actor_id = actor_ids[name_key(actor.name)]
            if actor_id in linked:
                continue  # "Putin" and "Vladimir Putin" in one event are one actor
            linked.add(actor_id)
            actor_rows.append(
                {
                    "event_pk": pk,
                    "actor_id": actor_id,
                    "position": position,
                    "role": actor.role,
                    "span_start": span_start,
                    "span_end": span_end,
                }
            )
        seen_tags: set[int] = set()
        for position, tag in enumerate(event.tags):
            tag_id = tag_ids[name_key(tag)]
            if tag_id not in seen_tags:
                seen_tags.add(tag_id)
                tag_rows.append({"event_pk": pk, "tag_id": tag_id, "position": position})
        seen_sources: set[int] = set()
        for position, source in enumerate(event.sources):
            source_id = source_ids[source.key]
            if source_id not in seen_sources:
                seen_sources.add(source_id)
                source_rows.append(
                    {
                        "event_pk": pk,
                        "source_id": source_id,
                        "position": position,
                        "quote": source.quote,
                    }
                )
    if actor_rows:
        conn.execute(insert(EVENT_ACTOR), actor_rows)
    if tag_rows:
        conn.execute(insert(EVENT_TAG), tag_rows)
    if source_rows:
        conn.execute(insert(EVENT_SOURCE), source_rows)


def _resolve_tags(conn: Connection, names: Iterable[str]) -> dict[str, int]:
    wanted: dict[str, str] = {}
    for name in names:
        wanted.setdefault(name_key(name), name)
    ids: dict[str, int] = {}
    keys = list(wanted)
    for chunk in _chunks(keys):
        for key, tag_id in conn.execute(select(TAG.c.key, TAG.c.id).where(TAG.c.key.in_(chunk))):
            ids[key] = tag_id
    missing = [{"key": k, "name": wanted[k]} for k in keys if k not in ids]
    if missing:
        conn.execute(insert(TAG), missing)
        for chunk in _chunks([m["key"] for m in missing]):
            for key, tag_id in conn.execute(select(TAG.c.key, TAG.c.id).where(TAG.c.key.in_(chunk))):
                ids[key] = tag_id
    return ids


def _resolve_sources(conn: Connection, sources: Iterable[SourceRef]) -> dict[str, int]:
    """Store each source once by key, filling in details a later citation adds."""
    wanted: dict[str, SourceRef] = {}
    for source in sources:
        known = wanted.get(source.key)
        wanted[source.key] = source if known is None else _fill(known, source)
    ids: dict[str, int] = {}
    keys = list(wanted)
    fields = ("url", "title", "publisher", "published", "archive_url")
    for chunk in _chunks(keys):
        rows = conn.execute(select(SOURCE).where(SOURCE.c.key.in_(chunk))).mappings()
        for row in rows:
            ids[row["key"]] = row["id"]
            new = wanted[row["key"]]
            changes = {
                f: getattr(new, f)
                for f in fields
                if getattr(new, f) is not None and getattr(new, f) != row[f]
            }
            if changes:
                conn.execute(update(SOURCE).where(SOURCE.c.id == row["id"]).values(changes))
    missing = [{"key": k, **{f: getattr(wanted[k], f) for f in fields}} for k in keys if k not in ids]
    if missing:
        conn.execute(insert(SOURCE), missing)
        for chunk in _chunks([m["key"] for m in missing]):
            for key, source_id in conn.execute(
                select(SOURCE.c.key, SOURCE.c.id).where(SOURCE.c.key.in_(chunk))
            ):
                ids[key] = source_id
    return ids


def _fill(old: SourceRef, new: SourceRef) -> SourceRef:
    from dataclasses import replace

    return replace(
        old,
        **{f: getattr(new, f) for f in ("title", "publisher", "published", "archive_url") if getattr(new, f)},
    )


def edit_event(db: Database, event_id: str, change: Any) -> str:
    """Apply `change` (a function EventInput -> EventInput) to a stored event; returns a summary."""
    from chrono.query import get_event

    with db.reader() as reader:
        record = get_event(reader, event_id)
    edited = change(record.to_input())
    edited.id = event_id
    with db.writer() as conn:
        result = save_events(conn, [edited], mode="update")
    return "updated" if result.updated else "unchanged"


def remove_event(db: Database, event_id: str) -> None:
    with db.writer() as conn:
        pk = conn.execute(select(EVENT.c.pk).where(EVENT.c.id == event_id)).scalar()
        if pk is None:
            raise NotFound(f"no event with id {event_id!r}")
        for table in (EVENT_ACTOR, EVENT_TAG, EVENT_SOURCE):
            conn.execute(delete(table).where(table.c.event_pk == pk))
        conn.execute(delete(EVENT).where(EVENT.c.pk == pk))


# --- actors -----------------------------------------------------------------------------------


def resolve_actors(conn: Connection, refs: Iterable[ActorRef]) -> dict[str, int]:
    """Map every name (and alias) to an actor id, creating actors and recording kinds and aliases."""
    refs = list(refs)
    keys: dict[str, str] = {}
    for ref in refs:
        keys.setdefault(name_key(ref.name), ref.name)
        for alias in ref.aliases:
            keys.setdefault(name_key(alias), alias)
    ids = _actor_ids(conn, list(keys))
    for ref in refs:
        key = name_key(ref.name)
        actor_id = ids.get(key)
        if actor_id is None:
            # An alias may already name the actor this ref introduces.
            actor_id = next((ids[name_key(a)] for a in ref.aliases if name_key(a) in ids), None)
        if actor_id is None:
            actor_id = conn.execute(insert(ACTOR).values(name=ref.name, kind=ref.kind)).inserted_primary_key[
                0
            ]  # type: ignore[index]
            conn.execute(insert(ACTOR_NAME).values(key=key, name=ref.name, actor_id=actor_id))
            ids[key] = actor_id
        elif key not in ids:
            conn.execute(insert(ACTOR_NAME).values(key=key, name=ref.name, actor_id=actor_id))
            ids[key] = actor_id
        if ref.kind:
            conn.execute(update(ACTOR).where(ACTOR.c.id == actor_id).values(kind=ref.kind))
        for alias in ref.aliases:
            akey = name_key(alias)
            owner = ids.get(akey)
            if owner is None:
                conn.execute(insert(ACTOR_NAME).values(key=akey, name=alias, actor_id=actor_id))
                ids[akey] = actor_id
            elif owner != actor_id:
                raise Conflict(f"alias {alias!r} of {ref.name!r} already names another actor")
    return ids


def _actor_ids(conn: Connection, keys: Sequence[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in _chunks(keys):
        rows = conn.execute(
            select(ACTOR_NAME.c.key, ACTOR_NAME.c.actor_id).where(ACTOR_NAME.c.key.in_(chunk))
        )
        for key, actor_id in rows:
            ids[key] = actor_id
    return ids


def _find_actor(conn: Connection, name: str) -> tuple[int, str]:
    row = conn.execute(
        select(ACTOR.c.id, ACTOR.c.name)
        .join(ACTOR_NAME, ACTOR_NAME.c.actor_id == ACTOR.c.id)
        .where(ACTOR_NAME.c.key == name_key(name))
    ).first()
    if row is None:
        raise NotFound(f"no actor named {name!r}")
    return row[0], row[1]


def _refresh_digests(conn: Connection, actor_id: int) -> None:
    """An actor's new name changes the content of its events; their digests must follow."""
    from chrono.query import fetch_records

    pks = [
        r[0] for r in conn.execute(select(EVENT_ACTOR.c.event_pk).where(EVENT_ACTOR.c.actor_id == actor_id))
    ]
    if not pks:
        return
    now = now_utc()
    reader = Reader(conn.connection.dbapi_connection, conn.dialect.name)
    for chunk in _chunks(pks):
        records = fetch_records(reader, chunk)
        for pk, record in zip(chunk, records, strict=True):
            conn.execute(
                update(EVENT)
                .where(EVENT.c.pk == pk)
                .values(digest=digest(record.to_input()), updated=now, revision=record.revision + 1)
            )


def add_alias(db: Database, name: str, alias: str) -> str:
    alias = clean_name(alias, "alias")
    with db.writer() as conn:
        actor_id, canonical = _find_actor(conn, name)
        owner = conn.execute(
            select(ACTOR_NAME.c.actor_id).where(ACTOR_NAME.c.key == name_key(alias))
        ).scalar()
        if owner == actor_id:
            return canonical
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
            return keep_name
        conn.execute(update(ACTOR_NAME).where(ACTOR_NAME.c.actor_id == gone_id).values(actor_id=keep_id))
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


def define_actors(db_conn: Connection, refs: Sequence[ActorRef]) -> None:
    """Record kinds and aliases given apart from any event (a file's `actor_details`)."""
    if refs:
        resolve_actors(db_conn, refs)
