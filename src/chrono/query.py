"""The read side: every query of events, actors and tags, for the `Filter` of `chrono.filters` that
`chrono list`, `chrono export`, feeds and `chrono serve` share. Queries run on a plain DB-API
connection (see `chrono.db`), each reader in one read transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from chrono.db import CHUNK, Reader, chunks
from chrono.errors import NotFound
from chrono.event_store import attach_event_data
from chrono.filters import Filter
from chrono.models import (
    ActorSummary,
    EventRecord,
    SourceRef,
    TagSummary,
    name_key,
)
from chrono.places import geo_of_row

_COLUMNS = (
    'e.pk, e.id, e.title, e.start, e."end", e."precision", e.timezone, e.approximate, e.uncertain, '
    "e.status, e.description, e.location, e.created, e.updated, e.revision, e.span_start, e.span_end, "
    "e.removed, e.latitude, e.longitude, e.geo_precision, e.anchored, "
    "CASE WHEN e.anchor IS NULL THEN NULL ELSE (SELECT a.title FROM event a WHERE a.id = e.anchor) END"
)


# --- running queries --------------------------------------------------------------------------


def select_events(reader: Reader, flt: Filter) -> list[EventRecord]:
    """The events matching `flt`, in order, with their actors, tags and sources."""
    if flt.as_of:
        from chrono.as_of import select_as_of

        return select_as_of(reader, flt)
    return select_current(reader, flt)


def select_current(reader: Reader, flt: Filter) -> list[EventRecord]:
    """`select_events` from the event rows alone: with `as_of`, the events unchanged since."""
    sql, params = flt.sql(_COLUMNS, dialect=reader.dialect)
    rows = reader.all(sql, params)
    records = [_record(row) for row in rows]
    if records:
        pks = [row[0] for row in rows]
        if len(pks) > 4 * CHUNK:  # many events: one pass over each link table beats many IN lists
            pk_sql, pk_params = flt.sql("e.pk", dialect=reader.dialect)
            _attach_details(reader, pks, records, [(f"SELECT pk FROM ({pk_sql}) AS chosen", pk_params)])
        else:
            _attach_details(reader, pks, records)
    return records


def select_removed(reader: Reader, flt: Filter) -> list[EventRecord]:
    """Tombstones: the removed events that `flt` would match (limit aside), as they were when removed,
    with `removed` set and the revision their removal gave them. Feeds carry them so that
    subscribers see an event go."""
    if flt.as_of:
        from chrono.as_of import select_as_of

        return select_as_of(reader, flt, removed=True)
    return select_removed_current(reader, flt)


def select_removed_current(reader: Reader, flt: Filter) -> list[EventRecord]:
    sql, params = flt.sql(_COLUMNS, dialect=reader.dialect, removed=True)
    rows = reader.all(sql, params)
    records = [_record(row) for row in rows]
    if records:
        _attach_details(reader, [row[0] for row in rows], records)
    return records


def iter_events(reader: Reader, flt: Filter, *, batch: int = 2000) -> Iterator[EventRecord]:
    """The events of `select_events`, a batch at a time: memory holds their keys, not their records."""
    if flt.as_of:
        yield from select_events(reader, flt)
        return
    sql, params = flt.sql("e.pk", dialect=reader.dialect)
    pks = [row[0] for row in reader.all(sql, params)]
    names = _Names(reader)
    for chunk in chunks(pks, batch):
        yield from fetch_records(reader, chunk, names)


def count_events(reader: Reader, flt: Filter) -> int:
    """How many events match `flt` (its limit included)."""
    if flt.as_of:
        return len(select_events(reader, flt))
    where, params = flt.where(reader.dialect)
    total = int(reader.all(f"SELECT COUNT(*) FROM event e WHERE {where}", params)[0][0])
    return total if flt.limit is None else min(total, flt.limit)


def select_page(reader: Reader, flt: Filter, page: int, per_page: int) -> list[EventRecord]:
    """One page (from 1) of the events matching `flt`, in its order; the database does the slicing."""
    first = (page - 1) * per_page
    size = per_page if flt.limit is None else max(0, min(per_page, flt.limit - first))
    if size == 0:
        return []
    if flt.as_of:
        return select_events(reader, flt)[first : first + size]
    sql, params = replace(flt, limit=None).sql("e.pk", dialect=reader.dialect)
    pks = [row[0] for row in reader.all(sql + " LIMIT ? OFFSET ?", [*params, size, first])]
    return fetch_records(reader, pks) if pks else []


def select_ids(reader: Reader, flt: Filter) -> Iterator[str]:
    if flt.as_of:
        yield from (r.id for r in select_events(reader, flt))
        return
    sql, params = flt.sql("e.id", dialect=reader.dialect)
    cur = reader.execute(sql, params)
    while True:
        batch = cur.fetchmany(5000)
        if not batch:
            return
        for row in batch:
            yield row[0]


def get_event(reader: Reader, event_id: str) -> EventRecord:
    rows = reader.all(f"SELECT {_COLUMNS} FROM event e WHERE e.id = ? AND e.removed IS NULL", [event_id])
    if not rows:
        raise NotFound(f"no event with id {event_id!r}")
    record = _record(rows[0])
    _attach_details(reader, [rows[0][0]], [record])
    return record


def fetch_records(reader: Reader, pks: Sequence[int], names: _Names | None = None) -> list[EventRecord]:
    """Records by internal key, in the order given."""
    by_pk: dict[int, EventRecord] = {}
    for chunk in chunks(pks):
        marks = ", ".join("?" * len(chunk))
        for row in reader.all(f"SELECT {_COLUMNS} FROM event e WHERE e.pk IN ({marks})", list(chunk)):
            by_pk[row[0]] = _record(row)
    records = [by_pk[pk] for pk in pks]
    _attach_details(reader, list(pks), records, names=names)
    return records


def _record(row: Sequence[Any]) -> EventRecord:
    """The record of one row of `_COLUMNS`, its links still empty (positional: the read path's cost)."""
    _, event_id, title, start, end, precision, zone, approximate, uncertain, *rest = row
    status, description, location, created, updated, revision, span_start, span_end, removed, *geo = rest
    # geo: latitude, longitude, geo_precision; then the anchored expression and its anchor's title
    return EventRecord(
        event_id, title, start, end, precision, zone, bool(approximate), bool(uncertain), status,
        description, location, created, updated, revision, span_start, span_end, [], {}, [], [], removed,
        geo_of_row(*geo[:3]), geo[3], geo[4],
    )  # fmt: skip


def _attach_details(
    reader: Reader,
    pks: Sequence[int],
    records: Sequence[EventRecord],
    selections: Sequence[tuple[str, Sequence[Any]]] | None = None,
    names: _Names | None = None,
) -> None:
    """Fill in actors, tags and sources, for the events whose keys `selections` (SQL, params) give.

    The cost is SQLite's index searches, one per link, so the queries do no more than that: actor and
    tag names come from `names` (looked up once each, however many events name them) and links come
    back unordered, to be put in order here rather than sorted by the database in a temporary tree.
    """
    by_pk = dict(zip(pks, records, strict=True))
    names = names or _Names(reader)
    if selections is None:
        selections = [(", ".join("?" * len(chunk)), list(chunk)) for chunk in chunks(pks)]
    for chosen, params in selections:
        rows = reader.all(
            f"SELECT event_pk, position, actor_id, role FROM event_actor WHERE event_pk IN ({chosen})", params
        )
        rows.sort()
        actor = names.get("actor", {row[2] for row in rows})
        for pk, _, actor_id, role in rows:
            record = by_pk[pk]
            name = actor[actor_id]
            record.actors.append(name)
            if role:
                record.roles[name] = role
        rows = reader.all(
            f"SELECT event_pk, position, tag_id FROM event_tag WHERE event_pk IN ({chosen})", params
        )
        rows.sort()
        tag = names.get("tag", {row[2] for row in rows})
        for pk, _, tag_id in rows:
            by_pk[pk].tags.append(tag[tag_id])
        rows = reader.all(
            "SELECT es.event_pk, es.position, s.url, s.title, s.publisher, s.published, s.archive_url, "
            "es.quote FROM event_source es JOIN source s ON s.id = es.source_id "
            f"WHERE es.event_pk IN ({chosen})",
            params,
        )
        rows.sort(key=_by_event_and_position)
        for pk, _, *source in rows:
            by_pk[pk].sources.append(SourceRef(*source))
        attach_event_data(reader, by_pk, chosen, params)


def _by_event_and_position(row: Sequence[Any]) -> tuple[int, int]:
    return row[0], row[1]


class _Names:
    """Actor and tag names by id, each looked up once for a whole read."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.known: dict[str, dict[int, str]] = {"actor": {}, "tag": {}}

    def get(self, table: str, ids: set[int]) -> dict[int, str]:
        known = self.known[table]
        missing = [i for i in ids if i not in known]
        for chunk in chunks(missing):
            marks = ", ".join("?" * len(chunk))
            known.update(self.reader.all(f"SELECT id, name FROM {table} WHERE id IN ({marks})", chunk))
        return known


def list_actors(reader: Reader) -> list[ActorSummary]:
    """Every actor with its aliases and how many events it is in, most frequent first."""
    aliases: dict[int, list[str]] = {}
    for actor_id, alias in reader.all(
        "SELECT an.actor_id, an.name FROM actor_name an JOIN actor a ON a.id = an.actor_id "
        "WHERE an.name <> a.name ORDER BY an.name"
    ):
        aliases.setdefault(actor_id, []).append(alias)
    rows = reader.all(
        "SELECT a.id, a.name, a.kind, COUNT(e.pk) FROM actor a "
        "LEFT JOIN event_actor ea ON ea.actor_id = a.id "
        "LEFT JOIN event e ON e.pk = ea.event_pk AND e.removed IS NULL "
        "GROUP BY a.id, a.name, a.kind ORDER BY COUNT(e.pk) DESC, a.name"
    )
    ids: dict[int, dict[str, str]] = {}
    for actor_id, scheme, value in reader.all(
        "SELECT actor_id, scheme, value FROM actor_external_id ORDER BY actor_id, scheme"
    ):
        ids.setdefault(actor_id, {})[scheme] = value
    return [
        ActorSummary(name, kind, aliases.get(actor_id, []), count, ids.get(actor_id, {}))
        for actor_id, name, kind, count in rows
    ]


def actor_names(reader: Reader) -> list[tuple[str, str]]:
    """Every name an actor answers to, with the actor's own name: (name or alias, canonical name)."""
    return [
        (row[0], row[1])
        for row in reader.all("SELECT an.name, a.name FROM actor_name an JOIN actor a ON a.id = an.actor_id")
    ]


def unknown_actor(reader: Reader, name: str) -> list[str] | None:
    """None when `name` names an actor; else the names it may have meant (up to three): names with
    it as a word or a prefix ("Wagner" → "Wagner Group"), and close spellings."""
    import difflib

    key = name_key(name)
    if reader.all("SELECT 1 FROM actor_name WHERE key = ?", [key]):
        return None
    names = [row[0] for row in reader.all("SELECT name FROM actor_name ORDER BY name")]
    near = [n for n in names if key in name_key(n).split() or name_key(n).startswith(key)]
    near += difflib.get_close_matches(name, names, n=3, cutoff=0.75)
    return list(dict.fromkeys(near))[:3]


def list_tags(reader: Reader) -> list[TagSummary]:
    rows = reader.all(
        "SELECT t.name, COUNT(e.pk) FROM tag t LEFT JOIN event_tag et ON et.tag_id = t.id "
        "LEFT JOIN event e ON e.pk = et.event_pk AND e.removed IS NULL "
        "GROUP BY t.id, t.name ORDER BY COUNT(e.pk) DESC, t.name"
    )
    return [TagSummary(name, count) for name, count in rows]


def database_counts(reader: Reader) -> dict[str, int]:
    """What the database holds, by kind: events, removed events (tombstones), earlier revisions kept,
    actors, tags, sources, saved feeds."""
    queries = {
        "events": "SELECT COUNT(*) FROM event WHERE removed IS NULL",
        "removed": "SELECT COUNT(*) FROM event WHERE removed IS NOT NULL",
        "revisions": "SELECT COUNT(*) FROM event_revision",
        "actors": "SELECT COUNT(*) FROM actor",
        "tags": "SELECT COUNT(*) FROM tag",
        "sources": "SELECT COUNT(*) FROM source",
        "feeds": "SELECT COUNT(*) FROM feed",
    }
    return {name: int(reader.all(sql)[0][0]) for name, sql in queries.items()}


def timeline_stats(reader: Reader, flt: Filter, *, top: int = 10) -> dict[str, Any]:
    """The events matching `flt` summed up: how many, per year of their start, the `top` actors and
    tags, the first and last date, and how many cite no source or are known only to a month or year."""
    if flt.as_of:
        from chrono.as_of import stats_as_of

        return stats_as_of(reader, flt, top)
    where, params = replace(flt, limit=None).where(reader.dialect)
    chosen = f"SELECT e.pk FROM event e WHERE {where}"
    one = reader.all(
        f"SELECT COUNT(*), MIN(e.span_start), MAX(e.span_end) FROM event e WHERE {where}", params
    )[0]
    years = reader.all(
        f"SELECT e.span_start / 10000000000 AS y, COUNT(*) FROM event e WHERE {where} GROUP BY y ORDER BY y",
        params,
    )
    actors = reader.all(
        "SELECT a.name, COUNT(*) FROM event_actor ea JOIN actor a ON a.id = ea.actor_id "
        f"WHERE ea.event_pk IN ({chosen}) GROUP BY a.id, a.name ORDER BY COUNT(*) DESC, a.name LIMIT ?",
        [*params, top],
    )
    tags = reader.all(
        "SELECT t.name, COUNT(*) FROM event_tag et JOIN tag t ON t.id = et.tag_id "
        f"WHERE et.event_pk IN ({chosen}) GROUP BY t.id, t.name ORDER BY COUNT(*) DESC, t.name LIMIT ?",
        [*params, top],
    )
    unsourced = reader.all(
        f"SELECT COUNT(*) FROM event e WHERE {where} AND NOT EXISTS "
        "(SELECT 1 FROM event_source es WHERE es.event_pk = e.pk)",
        params,
    )[0][0]
    imprecise = reader.all(
        f"SELECT COUNT(*) FROM event e WHERE {where} AND e.\"precision\" IN ('year', 'month')", params
    )[0][0]
    first = get_first_last(reader, where, params)
    return {
        "events": int(one[0]),
        "first": first[0],
        "last": first[1],
        "unsourced": int(unsourced),
        "imprecise": int(imprecise),
        "years": [(str(int(y)), int(n)) for y, n in years],
        "actors": [(str(name), int(n)) for name, n in actors],
        "tags": [(str(name), int(n)) for name, n in tags],
    }


def get_first_last(reader: Reader, where: str, params: Sequence[Any]) -> tuple[str | None, str | None]:
    """The first and the last event's date, as people write it."""
    ends: list[str | None] = []
    for order in ("ASC", "DESC"):
        order_by = f"ORDER BY e.span_start {order}, e.id {order}"
        rows = reader.all(f"SELECT {_COLUMNS} FROM event e WHERE {where} {order_by} LIMIT 1", params)
        ends.append(_record(rows[0]).when().display() if rows else None)
    return ends[0], ends[1]
