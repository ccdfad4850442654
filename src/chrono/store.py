"""Writes: add, upsert, edit and remove events; name, alias, rename and merge actors.

Every write is batched and idempotent. An event's content is summed up in a digest, so saving the same
event again changes nothing (its revision and timestamps stay), while a real change bumps the revision.
Ids are never derived from content and never change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from chrono.anchors import check_removable
from chrono.anchors import resolve as resolve_anchors
from chrono.dates import now_utc
from chrono.db import Database, Reader, chunks
from chrono.db import raw as _raw
from chrono.errors import Conflict, InvalidInput, NotFound
from chrono.event_store import DATA_TABLES, save_actor_ids, save_event_data
from chrono.fields import Stamp, join_refs
from chrono.models import (
    ActorRef,
    EventInput,
    EventRecord,
    SourceRef,
    check_id,
    event_words,
    extra_fields,
    name_key,
    new_id,
    search_text,
)
from chrono.places import PLACE_COLUMNS, place_values

# Writes come through either door of `Database`: SQLAlchemy's (`writer`, a `Connection`) or the plain
# DB-API one (`quick_writer`, a `Reader`), which one-event writes use so as not to load SQLAlchemy.
if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

Mode = Literal["create", "upsert", "update"]


def digest(event: EventInput, canonical: dict[str, str] | None = None) -> str:
    """A fingerprint of what the event says, with actors by their canonical names.

    The SHA-1 of `event.content()` as sorted JSON, with actor names made canonical and tags as keys;
    the dict is built here with its keys already in sorted order, which gives the same bytes without
    building the content twice or sorting (tests/test_canonical.py checks the two agree).
    """
    when = event.when
    start, end, approximate, uncertain = when.fields()
    name = (canonical or {}).get
    anchored = {} if event.anchored is None else {"anchored": event.anchored.text()}
    content: dict[str, Any] = {
        "actors": [[name(name_key(a.name), a.name), a.role] for a in event.actors],
        **anchored,
        "approximate": approximate,
        "description": event.description,
        "location": event.location,
        "sources": [
            {
                "archive_url": s.archive_url,
                "published": s.published,
                "publisher": s.publisher,
                "quote": s.quote,
                "title": s.title,
                "url": s.url,
            }
            for s in event.sources
        ],
        "status": event.status,
        "tags": [name_key(t) for t in event.tags],
        "timezone": when.timezone,
        "title": event.title,
        "uncertain": uncertain,
        "when": start + ("" if end is None else "/" + end),
    }
    if event.geo is not None:  # only with a point, so every other event keeps the digest it had
        point = dict(sorted(event.geo.to_dict().items()))
        content = dict(sorted({**content, "geo": point}.items()))
    if event.quantities or event.external_ids or event.media is not None:  # rare: sort them all
        text = json.dumps(content | extra_fields(event), sort_keys=True, ensure_ascii=False)
        return hashlib.sha1(text.encode()).hexdigest()
    return hashlib.sha1(_ENCODE(content).encode()).hexdigest()


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False), built once


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


# --- events -----------------------------------------------------------------------------------


def add_event(db: Database, event: EventInput) -> str:
    """Store a new event and return its id; a taken id is a Conflict."""
    with db.quick_writer() as conn:
        result = save_events(conn, [event], mode="create")
    return result.created[0]


def save_events(
    conn: Connection | Reader,
    events: Sequence[EventInput],
    *,
    mode: Mode = "upsert",
    stamps: Sequence[Stamp | None] | None = None,
    fresh: bool = False,
    inputs: Sequence[str | None] | None = None,
) -> SaveResult:
    """Create or update a batch of events in the caller's transaction.

    `fresh` says the caller knows none of these ids is stored yet (a bulk import into an empty
    database that checks its own duplicates), which spares looking each one up. `inputs` are the
    hashes of the input lines the events come from (see `importer`); every other write clears them.
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
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InvalidInput(f"id {dup!r} is given to two events")

    raw = _raw(conn)
    resolve_anchors(raw, events)
    existing: dict[str, tuple[int, str, int, str | None, str | None]] = {}
    for chunk in chunks([] if fresh else ids):
        marks = ", ".join("?" * len(chunk))
        for event_id, pk, dig, rev, line, removed in raw.all(
            f"SELECT id, pk, digest, revision, input_digest, removed FROM event WHERE id IN ({marks})", chunk
        ):
            existing[event_id] = (pk, dig, rev, line, removed)

    actor_ids = resolve_actors(conn, [a for e in events for a in e.actors])
    canonical = _canonical_names(conn, actor_ids)
    new_rows: list[tuple[Any, ...]] = []
    changed_rows: list[tuple[Any, ...]] = []
    changed_pks: list[int] = []
    relabelled: list[tuple[str, int]] = []  # unchanged events, now known to say what their line says
    to_link: list[tuple[int, EventInput, int, int]] = []  # with the span, computed once
    next_pk = raw.all("SELECT COALESCE(MAX(pk), 0) FROM event")[0][0] + 1
    for index, event in enumerate(events):
        assert event.id is not None
        dig = digest(event, canonical)
        found = existing.get(event.id)
        if found is None:
            if mode == "update":
                raise NotFound(f"no event with id {event.id!r}")
            stamp = stamps[index] if stamps else None
            created = (stamp and stamp.created) or now
            updated = (stamp and stamp.updated) or created
            revision = (stamp and stamp.revision) or 1
            line = inputs[index] if inputs else None
            values = _event_values(event, dig)
            new_rows.append((next_pk, *values, created, updated, revision, line))
            to_link.append((next_pk, event, values[_SPAN_START], values[_SPAN_END]))
            next_pk += 1
            result.created.append(event.id)
        elif found[4] is not None:  # a tombstone: the id comes back, with a revision above its removal
            if mode == "update":
                raise NotFound(f"no event with id {event.id!r}")
            pk, _, revision, _, _ = found
            line = inputs[index] if inputs else None
            values = _event_values(event, dig)
            changed_rows.append((*values, now, revision + 1, line, pk))
            changed_pks.append(pk)
            to_link.append((pk, event, values[_SPAN_START], values[_SPAN_END]))
            result.created.append(event.id)
        else:
            if mode == "create":
                raise Conflict(f"an event with id {event.id!r} already exists")
            pk, old_digest, revision, old_line, _ = found
            line = inputs[index] if inputs else None
            if old_digest == dig:
                result.unchanged.append(event.id)
                if line is not None and line != old_line:
                    relabelled.append((line, pk))
                continue
            values = _event_values(event, dig)
            changed_rows.append((*values, now, revision + 1, line, pk))
            changed_pks.append(pk)
            to_link.append((pk, event, values[_SPAN_START], values[_SPAN_END]))
            result.updated.append(event.id)

    columns = ", ".join(_EVENT_COLUMNS)
    raw.executemany(
        f"INSERT INTO event (pk, {columns}, created, updated, revision, input_digest) "
        f"VALUES ({', '.join('?' * (len(_EVENT_COLUMNS) + 5))})",
        new_rows,
    )
    if new_rows and raw.dialect == "postgresql":
        raw.execute("SELECT setval(pg_get_serial_sequence('event', 'pk'), ?)", [next_pk - 1])
    if changed_pks:
        from chrono.revisions import keep

        keep(raw, changed_pks)  # each changed event's revision before this one, into its history
    assignments = ", ".join(f"{c} = ?" for c in _EVENT_COLUMNS)
    raw.executemany(
        f"UPDATE event SET {assignments}, updated = ?, revision = ?, input_digest = ?, removed = NULL "
        "WHERE pk = ?",
        changed_rows,
    )
    raw.executemany("UPDATE event SET input_digest = ? WHERE pk = ?", relabelled)
    for chunk in chunks(changed_pks):
        marks = ", ".join("?" * len(chunk))
        for table in ("event_actor", "event_tag", "event_source", *DATA_TABLES):
            raw.execute(f"DELETE FROM {table} WHERE event_pk IN ({marks})", chunk)
    if to_link:
        _link(conn, raw, to_link, actor_ids)
    _refresh_dependents(conn, raw, result.updated, set(ids))
    return result


def _refresh_dependents(
    conn: Connection | Reader, raw: Reader, changed: Sequence[str], batch: set[str]
) -> None:
    """Work out again the dates of the events anchored on `changed` (and theirs, in turn)."""
    from chrono.anchors import dependents
    from chrono.query import get_event

    found = dependents(raw, changed, batch) if changed else []
    if found:
        save_events(conn, [get_event(raw, i).to_input() for i in found], mode="update")


_EVENT_COLUMNS = (
    "id", "title", "description", "start", '"end"', '"precision"', "timezone", "approximate", "uncertain",
    "location", "status", "span_start", "span_end", "digest", "search_text", *PLACE_COLUMNS, "anchor",
    "anchored",
)  # fmt: skip


_SPAN_START, _SPAN_END = _EVENT_COLUMNS.index("span_start"), _EVENT_COLUMNS.index("span_end")


def _event_values(event: EventInput, dig: str) -> tuple[Any, ...]:
    when = event.when
    span_start, span_end = when.span()
    start, end, approximate, uncertain = when.fields()  # an end keeps its own qualifier
    return (
        event.id,
        event.title,
        event.description,
        start,
        end,
        when.precision.value,
        when.timezone,
        approximate,
        uncertain,
        event.location,
        event.status,
        span_start,
        span_end,
        dig,
        search_text_of(event),
        *place_values(event.geo),
        None if event.anchored is None else event.anchored.ref,
        None if event.anchored is None else event.anchored.text(),
    )


def input_digests(conn: Connection | Reader, ids: Sequence[str]) -> dict[str, str]:
    """The hash of the input line each of these events was last saved from, where there is one."""
    raw = _raw(conn)
    found: dict[str, str] = {}
    for chunk in chunks(ids):
        marks = ", ".join("?" * len(chunk))
        found.update(
            raw.all(
                f"SELECT id, input_digest FROM event WHERE id IN ({marks}) AND input_digest IS NOT NULL",
                chunk,
            )
        )
    return found


def search_text_of(event: EventInput) -> str:
    """Everything `--search` looks in for this event: its text, actors, tags and sources."""
    words = event_words((a.name for a in event.actors), event.tags, event.sources, event.external_ids)
    return search_text(event.title, event.description, event.location, words)


def is_empty(conn: Connection | Reader) -> bool:
    """No event stored yet: a bulk import may then take shortcuts (see `save_events(fresh=...)`)."""
    raw = _raw(conn)
    return not raw.all("SELECT 1 FROM event LIMIT 1")


def defer_indexes(conn: Connection | Reader) -> list[str]:
    """Drop the secondary indexes while a bulk import fills an empty SQLite database (see `is_empty`).

    Building an index once at the end is several times cheaper than updating it row by row. Returns
    the statements that `restore_indexes` runs in the same transaction, so a failed or killed import
    rolls back to the indexes it started with.
    """
    raw = _raw(conn)
    if raw.dialect != "sqlite":
        return []
    rows = raw.all(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ("
        "(type = 'index' AND tbl_name IN ('event', 'event_actor', 'event_tag', 'event_source') "
        "AND sql NOT LIKE '%UNIQUE%') OR (type = 'trigger' AND name = 'event_fts_insert'))"
    )
    for kind, name, _ in rows:
        raw.execute(f'DROP {kind.upper()} "{name}"')
    restore = [sql for _, _, sql in rows]
    if any(name == "event_fts_insert" for _, name, _ in rows):
        restore.append("INSERT INTO event_fts (event_fts) VALUES ('rebuild')")  # the search index, at once
    return restore


def restore_indexes(conn: Connection | Reader, statements: Sequence[str]) -> None:
    raw = _raw(conn)
    for sql in statements:
        raw.execute(sql)


def _canonical_names(conn: Connection | Reader, actor_ids: dict[str, int]) -> dict[str, str]:
    names: dict[int, str] = {}
    reader = _raw(conn)
    for chunk in chunks(sorted(set(actor_ids.values()))):
        marks = ", ".join("?" * len(chunk))
        names.update(reader.all(f"SELECT id, name FROM actor WHERE id IN ({marks})", list(chunk)))
    return {key: names[actor_id] for key, actor_id in actor_ids.items()}


def _link(
    conn: Connection | Reader,
    raw: Reader,
    events: Sequence[tuple[int, EventInput, int, int]],
    actor_ids: dict[str, int],
) -> None:
    tag_ids = _resolve_tags(raw, [t for _, e, _, _ in events for t in e.tags])
    source_ids = _resolve_sources(raw, [s for _, e, _, _ in events for s in e.sources])
    actor_rows: list[tuple[Any, ...]] = []
    tag_rows: list[tuple[Any, ...]] = []
    source_rows: list[tuple[Any, ...]] = []
    for pk, event, span_start, span_end in events:
        linked: dict[int, list[Any]] = {}
        for position, actor in enumerate(event.actors):
            actor_id = actor_ids[name_key(actor.name)]
            row = linked.get(actor_id)
            if row is None:
                linked[actor_id] = [pk, actor_id, position, actor.role, span_start, span_end]
            elif actor.role:  # "Putin" and "Vladimir Putin" in one event are one actor, with both roles
                row[3] = join_refs(ActorRef("", row[3]), ActorRef("", actor.role)).role
        actor_rows += [tuple(row) for row in linked.values()]
        seen_tags: set[int] = set()
        for position, tag in enumerate(event.tags):
            tag_id = tag_ids[name_key(tag)]
            if tag_id not in seen_tags:
                seen_tags.add(tag_id)
                tag_rows.append((pk, tag_id, position))
        seen_sources: set[int] = set()
        for position, source in enumerate(event.sources):
            source_id = source_ids[source.key]
            if source_id not in seen_sources:
                seen_sources.add(source_id)
                source_rows.append((pk, source_id, position, source.quote))
    raw.executemany(
        "INSERT INTO event_actor (event_pk, actor_id, position, role, span_start, span_end) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        actor_rows,
    )
    raw.executemany("INSERT INTO event_tag (event_pk, tag_id, position) VALUES (?, ?, ?)", tag_rows)
    save_event_data(raw, [(pk, event) for pk, event, _, _ in events])
    raw.executemany(
        "INSERT INTO event_source (event_pk, source_id, position, quote) VALUES (?, ?, ?, ?)", source_rows
    )


def _resolve_tags(raw: Reader, names: Iterable[str]) -> dict[str, int]:
    wanted: dict[str, tuple[Any, ...]] = {}
    for name in names:
        wanted.setdefault(name_key(name), (name,))
    ids, _ = _get_or_create(raw, "tag", ("name",), wanted)
    return ids


_SOURCE_FIELDS = ("url", "title", "publisher", "published", "archive_url")


def _resolve_sources(raw: Reader, sources: Iterable[SourceRef]) -> dict[str, int]:
    """Store each source once by key, filling in details a later citation adds."""
    merged: dict[str, SourceRef] = {}
    for source in sources:
        known = merged.get(source.key)
        merged[source.key] = source if known is None else _fill(known, source)
    wanted = {key: tuple(getattr(s, f) for f in _SOURCE_FIELDS) for key, s in merged.items()}
    ids, stored = _get_or_create(raw, "source", _SOURCE_FIELDS, wanted)
    changes = [
        (*(new if new is not None else old for new, old in zip(wanted[key], row, strict=True)), ids[key])
        for key, row in stored.items()
        if any(new is not None and new != old for new, old in zip(wanted[key], row, strict=True))
    ]
    assignments = ", ".join(f"{f} = ?" for f in _SOURCE_FIELDS)
    raw.executemany(f"UPDATE source SET {assignments} WHERE id = ?", changes)
    return ids


def _get_or_create(
    raw: Reader, table: str, columns: Sequence[str], wanted: dict[str, tuple[Any, ...]]
) -> tuple[dict[str, int], dict[str, tuple[Any, ...]]]:
    """Ids of rows by unique key, inserting the missing ones; also the stored values of the others."""
    ids: dict[str, int] = {}
    stored: dict[str, tuple[Any, ...]] = {}
    keys = list(wanted)
    cols = ", ".join(columns)
    for chunk in chunks(keys):
        marks = ", ".join("?" * len(chunk))
        for key, row_id, *values in raw.all(
            f"SELECT key, id, {cols} FROM {table} WHERE key IN ({marks})", chunk
        ):
            ids[key] = row_id
            stored[key] = tuple(values)
    missing = [k for k in keys if k not in ids]
    if missing:
        next_id = raw.all(f"SELECT COALESCE(MAX(id), 0) FROM {table}")[0][0] + 1
        rows = []
        for offset, key in enumerate(missing):
            ids[key] = next_id + offset
            rows.append((next_id + offset, key, *wanted[key]))
        raw.executemany(
            f"INSERT INTO {table} (id, key, {cols}) VALUES ({', '.join('?' * (len(columns) + 2))})", rows
        )
        if raw.dialect == "postgresql":
            raw.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), ?)", [next_id + len(missing) - 1]
            )
    return ids, stored


def _fill(old: SourceRef, new: SourceRef) -> SourceRef:
    from dataclasses import replace

    return replace(
        old,
        **{f: getattr(new, f) for f in ("title", "publisher", "published", "archive_url") if getattr(new, f)},
    )


def edit_event(db: Database, event_id: str, change: Any) -> str:
    """Apply `change` (a function EventInput -> EventInput) to a stored event; returns a summary.

    The read and the write share one transaction, so a concurrent edit is never silently undone.
    """
    from chrono.query import get_event

    with db.quick_writer() as conn:
        record = get_event(conn, event_id)
        edited = change(record.to_input())
        edited.id = event_id
        result = save_events(conn, [edited], mode="update")
    return "updated" if result.updated else "unchanged"


def add_citations(conn: Connection | Reader, drafts: Sequence[EventInput]) -> SaveResult:
    """Drafts that say `same_as: ID` add their sources to event ID, in the caller's transaction.

    Nothing else of the stored event changes; a source it already cites (same URL, or same title,
    publisher and date) is not added twice, so importing the same drafts again changes nothing.
    """
    from chrono.query import get_event

    raw = _raw(conn)
    result = SaveResult()
    for draft in drafts:
        assert draft.same_as is not None
        try:
            stored = get_event(raw, draft.same_as).to_input()
        except NotFound:
            raise NotFound(f"same_as {draft.same_as!r}: no event with that id") from None
        keys = {s.key for s in stored.sources}
        new = [s for s in draft.sources if s.key not in keys]
        if not new:
            result.unchanged.append(draft.same_as)
            continue
        stored.sources += new
        result.merge(save_events(conn, [stored], mode="update"))
    return result


def remove_event(db: Database, event_id: str) -> None:
    """Remove an event from every list and feed, keeping it as a tombstone.

    The row stays with its actors, tags and sources (so a feed's filter still finds it), marked
    `removed` with its revision bumped and `updated` set to now: calendar feeds then carry it as
    cancelled with a higher SEQUENCE, JSON feeds list it under "removed", and a feed's Last-Modified
    moves forward. Adding the same id again brings it back with a higher revision still.
    """
    with db.quick_writer() as conn:
        rows = conn.all("SELECT pk FROM event WHERE id = ? AND removed IS NULL", [event_id])
        if not rows:
            raise NotFound(f"no event with id {event_id!r}")
        check_removable(_raw(conn), event_id)
        set_removed(conn, rows[0][0], now_utc())


def restore_event(db: Database, event_id: str) -> None:
    """Bring a removed event back from its tombstone, as it was, with a higher revision still (so a
    calendar that dropped it shows it again)."""
    with db.quick_writer() as conn:
        rows = conn.all("SELECT pk, removed FROM event WHERE id = ?", [event_id])
        if not rows:
            raise NotFound(f"no removed event with id {event_id!r}")
        if rows[0][1] is None:
            raise Conflict(f"event {event_id!r} is not removed: nothing to restore")
        anchor = conn.all("SELECT anchor FROM event WHERE pk = ?", [rows[0][0]])[0][0]
        if anchor is not None and not conn.all(
            "SELECT pk FROM event WHERE id = ? AND removed IS NULL", [anchor]
        ):
            raise Conflict(
                f"event {event_id!r} counts from {anchor!r}, which is removed: restore {anchor} first"
            )
        set_removed(conn, rows[0][0], None)


def set_removed(conn: Connection | Reader, pk: int, removed: str | None) -> None:
    """Remove an event (`removed` is the time) or bring it back (None): a new revision either way,
    the one before it kept in its history."""
    from chrono.revisions import keep

    raw = _raw(conn)
    keep(raw, [pk])
    now = removed or now_utc()
    raw.execute(
        "UPDATE event SET removed = ?, updated = ?, revision = revision + 1 WHERE pk = ?", [removed, now, pk]
    )


# --- actors -----------------------------------------------------------------------------------


def resolve_actors(conn: Connection | Reader, refs: Iterable[ActorRef]) -> dict[str, int]:
    """Map every name (and alias) to an actor id, creating actors and recording kinds and aliases.

    Plain refs (a name only) are the bulk of an import; they cost one lookup per distinct name.
    """
    raw = _raw(conn)
    plain: dict[str, str] = {}
    detailed: list[ActorRef] = []
    for ref in refs:
        if ref.kind or ref.aliases or ref.external_ids:
            detailed.append(ref)
        else:
            plain.setdefault(name_key(ref.name), ref.name)
    keys = set(plain)
    for ref in detailed:
        keys.add(name_key(ref.name))
        keys.update(name_key(a) for a in ref.aliases)
    ids = _actor_ids(raw, sorted(keys))
    new_actors: list[tuple[int, str, str | None]] = []
    new_names: list[tuple[str, str, int]] = []
    next_id: int = raw.all("SELECT COALESCE(MAX(id), 0) FROM actor")[0][0] + 1

    def create(key: str, name: str, kind: str | None) -> int:
        nonlocal next_id
        actor_id = next_id
        next_id += 1
        new_actors.append((actor_id, name, kind))
        new_names.append((key, name, actor_id))
        ids[key] = actor_id
        return actor_id

    kinds: dict[int, str] = {}
    external: list[tuple[int, tuple[tuple[str, str], ...]]] = []
    for ref in detailed:  # first, so that an alias defined here claims its plain uses below
        key = name_key(ref.name)
        actor_id = ids.get(key)
        if actor_id is None:
            # An alias may already name the actor this ref introduces.
            actor_id = next((ids[name_key(a)] for a in ref.aliases if name_key(a) in ids), None)
            if actor_id is None:
                actor_id = create(key, ref.name, ref.kind)
            else:
                new_names.append((key, ref.name, actor_id))
                ids[key] = actor_id
        if ref.kind:
            kinds[actor_id] = ref.kind
        if ref.external_ids:
            external.append((actor_id, ref.external_ids))
        for alias in ref.aliases:
            akey = name_key(alias)
            owner = ids.get(akey)
            if owner is None:
                new_names.append((akey, alias, actor_id))
                ids[akey] = actor_id
            elif owner != actor_id:
                raise Conflict(f"alias {alias!r} of {ref.name!r} already names another actor")
    for key, name in plain.items():
        if key not in ids:
            create(key, name, None)
    raw.executemany("INSERT INTO actor (id, name, kind) VALUES (?, ?, ?)", new_actors)
    raw.executemany("INSERT INTO actor_name (key, name, actor_id) VALUES (?, ?, ?)", new_names)
    if new_actors and raw.dialect == "postgresql":
        raw.execute("SELECT setval(pg_get_serial_sequence('actor', 'id'), ?)", [next_id - 1])
    raw.executemany("UPDATE actor SET kind = ? WHERE id = ?", [(kind, i) for i, kind in kinds.items()])
    save_actor_ids(raw, external)
    return ids


def _actor_ids(raw: Reader, keys: Sequence[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in chunks(keys):
        marks = ", ".join("?" * len(chunk))
        for key, actor_id in raw.all(f"SELECT key, actor_id FROM actor_name WHERE key IN ({marks})", chunk):
            ids[key] = actor_id
    return ids


def _copy_tombstones(conn: Connection | Reader, records: Sequence[Any]) -> None:
    """Mark copied events that were removed in the source as the same tombstones in the target."""
    raw = _raw(conn)
    raw.executemany(
        "UPDATE event SET removed = ?, updated = ?, revision = ? WHERE id = ?",
        [(r.removed, r.updated, r.revision, r.id) for r in records],
    )


def _copy_records(conn: Connection, records: Sequence[EventRecord]) -> SaveResult:
    """Save copies of `records`, stamps kept; a removed one keeps its date but not its anchor,
    which may be gone too."""
    from dataclasses import replace

    inputs = [replace(r, anchored=None).to_input() if r.removed else r.to_input() for r in records]
    stamps = [Stamp(r.created, r.updated, r.revision) for r in records]
    result = save_events(conn, inputs, mode="upsert", stamps=stamps)
    _copy_tombstones(conn, [r for r in records if r.removed])
    return result


def copy_database(source: Database, target: Database, *, progress: Any = None) -> tuple[SaveResult, int]:
    """Copy everything `source` holds into `target`: actors, events (ids, revisions and timestamps
    intact) and saved feeds. Returns what happened to the events and how many feeds were copied.

    Events stream over in batches by internal key, so memory stays flat; the copy is one transaction
    on the target, merged by id (feeds by name) with whatever the target already holds.
    """
    from chrono.feeds import copy_feeds, list_feeds
    from chrono.query import fetch_records, list_actors
    from chrono.revisions import copy_revisions

    result = SaveResult()
    with source.reader() as reader, target.writer() as conn:
        actors = list_actors(reader)
        if actors:
            resolve_actors(
                conn,
                [
                    ActorRef(
                        a.name,
                        kind=a.kind,
                        aliases=tuple(a.aliases),
                        external_ids=tuple(a.external_ids.items()),
                    )
                    for a in actors
                ],
            )
        last = 0
        later: list[EventRecord] = []  # anchored events
        while True:
            pks = [
                r[0] for r in reader.all("SELECT pk FROM event WHERE pk > ? ORDER BY pk LIMIT 2000", [last])
            ]
            if not pks:
                break
            last = pks[-1]
            records = fetch_records(reader, pks)
            later += [r for r in records if r.anchored and not r.removed]  # after every anchor is in
            now = [r for r in records if not r.anchored or r.removed]
            result.merge(_copy_records(conn, now))
            copy_revisions(reader, _raw(conn), [r.id for r in now])
            if progress:
                progress(len(result.created) + len(result.updated) + len(result.unchanged))
        result.merge(_copy_records(conn, later))
        copy_revisions(reader, _raw(conn), [r.id for r in later])
        feeds = copy_feeds(list_feeds(reader), _raw(conn))
    return result, feeds
