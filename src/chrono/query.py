"""The read side: one filter type shared by `chrono list`, `chrono export` and `chrono serve`.

A `Filter` is built from strings (CLI options, query parameters, a saved feed), turns itself into SQL
and describes itself in words. Queries run on a plain DB-API connection (see `chrono.db`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from chrono.dates import When, check_timezone, parse_when
from chrono.db import CHUNK, Reader, chunks
from chrono.errors import InvalidInput, NotFound
from chrono.models import (
    SEARCH_WORD,
    ActorSummary,
    EventRecord,
    SourceRef,
    TagSummary,
    check_status,
    fold,
    name_key,
    parse_flag,
)

MAX_LIMIT = 1_000_000_000
MAX_VALUES = 50  # actors or tags one filter may ask for: each costs the database a little more

_COLUMNS = (
    'e.pk, e.id, e.title, e.start, e."end", e."precision", e.timezone, e.approximate, e.uncertain, '
    "e.status, e.description, e.location, e.created, e.updated, e.revision, e.span_start, e.span_end, "
    "e.removed"
)


@dataclass(frozen=True, slots=True)
class Filter:
    """Which events to show: a date range, actors, tags, text and status, in chronological order."""

    start: When | None = None
    end: When | None = None
    within: bool = False
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    search: str | None = None
    status: str | None = None
    limit: int | None = None
    reverse: bool = False
    drafts: bool = True  # False leaves out status `draft` unless `status` asks for it
    tz: str | None = None  # the zone of times without an offset, and the one `list` shows times in

    @classmethod
    def build(
        cls,
        *,
        start: str | None = None,
        end: str | None = None,
        tz: str | None = None,
        within: bool = False,
        actors: Iterable[str] = (),
        tags: Iterable[str] = (),
        search: str | None = None,
        status: str | None = None,
        limit: int | None = None,
        reverse: bool = False,
    ) -> Filter:
        """Parse and check user-given values; the one way in for the CLI, the server and feeds.

        Errors name the parameter at fault (`InvalidInput.parameter`: from, to, tz, …)."""
        if tz:
            with _parameter("tz"):
                tz = check_timezone(tz)
        with _parameter("from"):
            start_when = parse_when(start, tz=tz) if start else None
        with _parameter("to"):
            end_when = parse_when(end, tz=tz) if end else None
        if start_when and end_when and end_when.span()[1] <= start_when.span()[0]:
            raise InvalidInput(f"{end!r} ends before the range starts ({start!r})", parameter="to")
        if limit is not None and not 0 <= limit <= MAX_LIMIT:
            raise InvalidInput(f"must be from 0 to {MAX_LIMIT:,}, not {limit}", parameter="limit")
        if search is not None and search.strip() and not _WORD.findall(fold(search)):
            raise InvalidInput(f"{search!r} has no word to look for", parameter="search")
        with _parameter("status"):
            status = check_status(status) if status else None
        actor_names = tuple(a.strip() for a in actors if a.strip())
        tag_names = tuple(t.strip() for t in tags if t.strip())
        for name, values in (("actor", actor_names), ("tag", tag_names)):
            if len(values) > MAX_VALUES:
                raise InvalidInput(
                    f"at most {MAX_VALUES} values at once, not {len(values):,}", parameter=name
                )
        return cls(
            start=start_when,
            end=end_when,
            within=within,
            actors=actor_names,
            tags=tag_names,
            search=search.strip() or None if search else None,
            status=status,
            limit=limit,
            reverse=reverse,
            tz=tz or None,
        )

    @classmethod
    def from_params(cls, params: Mapping[str, Sequence[str]]) -> Filter:
        """The inverse of `to_params`, for query strings and saved feeds."""

        def one(name: str) -> str | None:
            values = params.get(name) or []
            return values[-1] if values else None

        limit = one("limit")
        if limit is not None and not limit.isdigit():
            raise InvalidInput(f"must be a whole number, not {limit!r}", parameter="limit")
        with _parameter("within"):
            within = parse_flag(one("within"), "within")
        with _parameter("reverse"):
            reverse = parse_flag(one("reverse"), "reverse")
        return cls.build(
            start=one("from"),
            end=one("to"),
            tz=one("tz"),
            within=within,
            actors=params.get("actor") or (),
            tags=params.get("tag") or (),
            search=one("search"),
            status=one("status"),
            limit=int(limit) if limit is not None else None,
            reverse=reverse,
        )

    def to_params(self) -> dict[str, list[str]]:
        params: dict[str, list[str]] = {}
        if self.start:
            params["from"] = [self.start.edtf()]
        if self.end:
            params["to"] = [self.end.edtf()]
        if self.within:
            params["within"] = ["true"]
        if self.actors:
            params["actor"] = list(self.actors)
        if self.tags:
            params["tag"] = list(self.tags)
        if self.search:
            params["search"] = [self.search]
        if self.status:
            params["status"] = [self.status]
        if self.limit is not None:
            params["limit"] = [str(self.limit)]
        if self.reverse:
            params["reverse"] = ["true"]
        return params

    def published(self) -> Filter:
        """What a published format shows: drafts only when asked for with `status`."""
        return replace(self, drafts=False)

    def bounds(self) -> tuple[int | None, int | None]:
        """The range as wall keys: from the start of `start` to the end of `end` (inclusive)."""
        return (
            self.start.span()[0] if self.start else None,
            self.end.span()[1] if self.end else None,
        )

    def describe(self) -> str:
        """The filter in words, for calendar descriptions and document headings."""
        words = "events"
        if self.status:
            words = f"{self.status} events"
        if self.actors:
            words += " with " + _and(self.actors)
        if self.tags:
            words += " tagged " + _and(self.tags)
        if self.search:
            words += f" mentioning “{self.search}”"
        when = self._describe_dates()
        if when:
            words += ", " + when
        if self.limit is not None:
            words += f" (first {self.limit})" if not self.reverse else f" (last {self.limit})"
        return "all events" if words == "events" else words

    def _describe_dates(self) -> str:
        start = self.start.display() if self.start else None
        end = self.end.display() if self.end else None
        inside = "entirely " if self.within else ""
        if start and end:
            if start == end:
                return f"{inside}in {start}"
            return f"{inside}{start} – {end}"
        if start:
            return f"{inside}from {start} on"
        if end:
            return f"{inside}up to {end}"
        return ""

    def where(self, dialect: str = "sqlite", *, removed: bool = False) -> tuple[str, list[Any]]:
        """The SQL condition on `event e` and its parameters, for `dialect` (sqlite or postgresql):
        the stored events, or with `removed` the tombstones of removed ones that match."""
        lo, hi = self.bounds()
        conds: list[str] = ["e.removed IS NOT NULL" if removed else "e.removed IS NULL"]
        params: list[Any] = []
        span_conds, span_params = _span_conditions("e", lo, hi, self.within)
        conds += span_conds
        params += span_params
        # Each list is one subquery, however long: an event qualifies when it matches every key.
        actor_keys = sorted({name_key(a) for a in self.actors})
        if actor_keys:
            ea_conds, ea_params = _span_conditions("ea", lo, hi, self.within)
            conds.append(
                "e.pk IN (SELECT ea.event_pk FROM event_actor ea JOIN actor_name an "
                f"ON an.actor_id = ea.actor_id WHERE an.key IN ({', '.join('?' * len(actor_keys))})"
                + "".join(" AND " + c for c in ea_conds)
                + " GROUP BY ea.event_pk HAVING COUNT(DISTINCT an.key) = ?)"
            )
            params += [*actor_keys, *ea_params, len(actor_keys)]
        tag_keys = sorted({name_key(t) for t in self.tags})
        if tag_keys:
            conds.append(
                "e.pk IN (SELECT et.event_pk FROM event_tag et JOIN tag t ON t.id = et.tag_id "
                f"WHERE t.key IN ({', '.join('?' * len(tag_keys))}) "
                "GROUP BY et.event_pk HAVING COUNT(DISTINCT t.key) = ?)"
            )
            params += [*tag_keys, len(tag_keys)]
        if self.search:
            cond, words = _search_condition(self.search, dialect)
            conds.append(cond)
            params.append(words)
        if self.status:
            conds.append("e.status = ?")
            params.append(self.status)
        elif not self.drafts:
            conds.append("e.status <> 'draft'")
        return (" AND ".join(conds) or "1 = 1"), params

    def sql(
        self, columns: str = _COLUMNS, dialect: str = "sqlite", *, removed: bool = False
    ) -> tuple[str, list[Any]]:
        """The query for the matching events in order; with `removed`, their tombstones (unlimited)."""
        where, params = self.where(dialect, removed=removed)
        order = "DESC" if self.reverse else "ASC"
        sql = f"SELECT {columns} FROM event e WHERE {where} ORDER BY e.span_start {order}, e.id {order}"
        if self.limit is not None and not removed:
            sql += " LIMIT ?"
            params.append(self.limit)
        return sql, params


_WORD = SEARCH_WORD  # the words of a search are the words of the search text


def _search_condition(text: str, dialect: str) -> tuple[str, str]:
    """Every word of `text`, as a prefix, in the engine's own full-text index."""
    words = _WORD.findall(fold(text))
    if not words:
        raise InvalidInput(f"{text!r} has no word to look for", parameter="search")
    if dialect == "postgresql":
        return "e.search @@ to_tsquery('simple', ?)", " & ".join(f"{w}:*" for w in words)
    return "e.pk IN (SELECT rowid FROM event_fts WHERE event_fts MATCH ?)", " ".join(f'"{w}"*' for w in words)


def _span_conditions(alias: str, lo: int | None, hi: int | None, within: bool) -> tuple[list[str], list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    if within:
        if lo is not None:
            conds.append(f"{alias}.span_start >= ?")
            params.append(lo)
        if hi is not None:
            conds.append(f"{alias}.span_end <= ?")
            params.append(hi)
    else:
        if hi is not None:
            conds.append(f"{alias}.span_start < ?")
            params.append(hi)
        if lo is not None:
            conds.append(f"{alias}.span_end > ?")
            params.append(lo)
    return conds, params


@contextmanager
def _parameter(name: str) -> Iterator[None]:
    """Pin an error raised inside on the filter parameter `name`."""
    try:
        yield
    except InvalidInput as exc:
        if exc.parameter is None:
            exc.parameter = name
        raise


def _and(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- running queries --------------------------------------------------------------------------


def select_events(reader: Reader, flt: Filter) -> list[EventRecord]:
    """The events matching `flt`, in order, with their actors, tags and sources."""
    sql, params = flt.sql(dialect=reader.dialect)
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
    sql, params = flt.sql(dialect=reader.dialect, removed=True)
    rows = reader.all(sql, params)
    records = [_record(row) for row in rows]
    if records:
        _attach_details(reader, [row[0] for row in rows], records)
    return records


def iter_events(reader: Reader, flt: Filter, *, batch: int = 2000) -> Iterator[EventRecord]:
    """The events of `select_events`, a batch at a time: memory holds their keys, not their records."""
    sql, params = flt.sql("e.pk", dialect=reader.dialect)
    pks = [row[0] for row in reader.all(sql, params)]
    names = _Names(reader)
    for chunk in chunks(pks, batch):
        yield from fetch_records(reader, chunk, names)


def count_events(reader: Reader, flt: Filter) -> int:
    """How many events match `flt` (its limit included)."""
    where, params = flt.where(reader.dialect)
    total = int(reader.all(f"SELECT COUNT(*) FROM event e WHERE {where}", params)[0][0])
    return total if flt.limit is None else min(total, flt.limit)


def select_page(reader: Reader, flt: Filter, page: int, per_page: int) -> list[EventRecord]:
    """One page (from 1) of the events matching `flt`, in its order; the database does the slicing."""
    first = (page - 1) * per_page
    size = per_page if flt.limit is None else max(0, min(per_page, flt.limit - first))
    if size == 0:
        return []
    sql, params = replace(flt, limit=None).sql("e.pk", dialect=reader.dialect)
    pks = [row[0] for row in reader.all(sql + " LIMIT ? OFFSET ?", [*params, size, first])]
    return fetch_records(reader, pks) if pks else []


def select_ids(reader: Reader, flt: Filter) -> Iterator[str]:
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
    by_pk: dict[int, tuple[Any, EventRecord]] = {}
    for chunk in chunks(pks):
        marks = ", ".join("?" * len(chunk))
        for row in reader.all(f"SELECT {_COLUMNS} FROM event e WHERE e.pk IN ({marks})", list(chunk)):
            by_pk[row[0]] = (row, _record(row))
    records = [by_pk[pk][1] for pk in pks]
    _attach_details(reader, list(pks), records, names=names)
    return records


def _record(row: Sequence[Any]) -> EventRecord:
    return EventRecord(
        id=row[1],
        title=row[2],
        start=row[3],
        end=row[4],
        precision=row[5],
        timezone=row[6],
        approximate=bool(row[7]),
        uncertain=bool(row[8]),
        status=row[9],
        description=row[10],
        location=row[11],
        created=row[12],
        updated=row[13],
        revision=row[14],
        span_start=row[15],
        span_end=row[16],
        removed=row[17],
    )


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
    return [
        ActorSummary(name, kind, aliases.get(actor_id, []), count) for actor_id, name, kind, count in rows
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
    """What the database holds, by kind: events, removed events (tombstones), actors, tags, sources,
    saved feeds."""
    queries = {
        "events": "SELECT COUNT(*) FROM event WHERE removed IS NULL",
        "removed": "SELECT COUNT(*) FROM event WHERE removed IS NOT NULL",
        "actors": "SELECT COUNT(*) FROM actor",
        "tags": "SELECT COUNT(*) FROM tag",
        "sources": "SELECT COUNT(*) FROM source",
        "feeds": "SELECT COUNT(*) FROM feed",
    }
    return {name: int(reader.all(sql)[0][0]) for name, sql in queries.items()}


def timeline_stats(reader: Reader, flt: Filter, *, top: int = 10) -> dict[str, Any]:
    """The events matching `flt` summed up: how many, per year of their start, the `top` actors and
    tags, the first and last date, and how many cite no source or are known only to a month or year."""
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
