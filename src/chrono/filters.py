"""The one filter type shared by `chrono list`, `chrono export`, saved feeds and `chrono serve`.

A `Filter` is built from strings (CLI options, query parameters, a saved feed), turns itself into SQL
and describes itself in words. Each criterion is one row of `CRITERIA`: its parameter, how its value
is read and checked, its words and its SQL. A new criterion is a field of `Filter`, a row here, a row
of the CLI's `FILTER_OPTIONS` and its test; the HTTP API's parameters follow from the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from chrono.dates import When, check_timezone, parse_when
from chrono.errors import InvalidInput
from chrono.models import SEARCH_WORD, check_status, fold, name_key, parse_flag
from chrono.places import Geo, Near, number_text, parse_km, parse_point, point_text
from chrono.quantities import minimum_words, minimums_sql, read_minimums, show_minimum

MAX_LIMIT = 1_000_000_000
MAX_VALUES = 50  # actors or tags one filter may ask for: each costs the database a little more


@dataclass(frozen=True, slots=True)
class Filter:
    """Which events to show: a date range, actors, tags, text and status, in chronological order."""

    start: When | None = None
    end: When | None = None
    within: bool = False
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    search: str | None = None
    sources: tuple[str, ...] = ()  # publishers or web domains the events cite (see `_sources_sql`)
    status: str | None = None
    limit: int | None = None
    reverse: bool = False
    drafts: bool = True  # False leaves out status `draft` unless `status` asks for it
    tz: str | None = None  # the zone of times without an offset, and the one `list` shows times in
    near: Geo | None = None  # with km: events within km of this point (see `chrono.places`)
    km: float | None = None
    as_of: str | None = None  # a UTC timestamp: the timeline as it stood then (see `chrono.as_of`)
    minimums: tuple[tuple[str, int | float], ...] = ()  # (quantity name key, N) of `--min NAME=N`

    @classmethod
    def build(cls, **values: Any) -> Filter:
        """Parse and check user-given values, keyed by field (`start`, `actors`, …): the one way in
        for the CLI, the server and feeds. Errors name the parameter at fault (`InvalidInput.parameter`)."""
        unknown = set(values) - {row.field for row in CRITERIA}
        if unknown:
            raise TypeError(f"Filter.build() got unknown criteria: {', '.join(sorted(unknown))}")
        with _parameter("tz"):
            tz = _zone(values.get("tz"), None)
        read: dict[str, Any] = {"tz": tz}
        for row in CRITERIA:
            if row.field != "tz":
                with _parameter(row.param):
                    read[row.field] = row.read(values.get(row.field), tz)
        start, end = read["start"], read["end"]
        if start and end and end.span()[1] <= start.span()[0]:
            raise InvalidInput(
                f"{values['end']!r} ends before the range starts ({values['start']!r})", parameter="to"
            )
        Near.pair(read["near"], read["km"])  # a point needs its distance, a distance its point
        return cls(**read)

    @classmethod
    def from_params(cls, params: Mapping[str, Sequence[str]]) -> Filter:
        """The inverse of `to_params`, for query strings and saved feeds."""
        values: dict[str, Any] = {}
        for row in CRITERIA:
            given = params.get(row.param) or []
            if row.kind == "list":
                values[row.field] = tuple(given)
            elif given:
                values[row.field] = given[-1]
        return cls.build(**values)

    def to_params(self) -> dict[str, list[str]]:
        params: dict[str, list[str]] = {}
        for row in CRITERIA:
            value = getattr(self, row.field)
            if row.kept and value is not None and value is not False and value != ():
                params[row.param] = row.write(value)
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
        before: list[str] = []
        after: list[str] = []
        for row in CRITERIA:
            value = getattr(self, row.field)
            if row.words is not None and value:
                (before if row.adjective else after).append(row.words(value))
        words = " ".join([*before, "events"]) + "".join(after)
        near = Near.pair(self.near, self.km)
        if near:
            words += " " + near.describe()
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
        span_conds, span_params = span_conditions("e", lo, hi, self.within)
        conds += span_conds
        params += span_params
        scope = Scope(dialect, lo, hi, self.within)
        for row in CRITERIA:
            value = getattr(self, row.field)
            if row.condition is not None and value:
                cond, cond_params = row.condition(value, scope)
                conds.append(cond)
                params += cond_params
        near = Near.pair(self.near, self.km)
        if near:  # like the range, two parameters make one condition
            near_sql, near_params = near.condition("e")
            conds.append(near_sql)
            params += near_params
        if not self.status and not self.drafts:
            conds.append("e.status <> 'draft'")
        return " AND ".join(conds), params

    def sql(self, columns: str, dialect: str = "sqlite", *, removed: bool = False) -> tuple[str, list[Any]]:
        """The query for the matching events in order; with `removed`, their tombstones (unlimited)."""
        where, params = self.where(dialect, removed=removed)
        order = "DESC" if self.reverse else "ASC"
        sql = f"SELECT {columns} FROM event e WHERE {where} ORDER BY e.span_start {order}, e.id {order}"
        if self.limit is not None and not removed:
            sql += " LIMIT ?"
            params.append(self.limit)
        return sql, params


@dataclass(frozen=True, slots=True)
class Scope:
    """What a criterion's SQL may depend on besides its own value."""

    dialect: str  # sqlite or postgresql
    lo: int | None  # the range as wall keys (Filter.bounds)
    hi: int | None
    within: bool


Kind = Literal["text", "list", "flag", "count"]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One way to narrow or order events, named once."""

    field: str  # the attribute of Filter and keyword of Filter.build
    param: str  # its name in query strings, saved feeds and errors
    help: str  # one line for the HTTP API's document
    kind: Kind
    read: Callable[[Any, str | None], Any]  # (the user's value, the filter's zone) -> the field's value
    words: Callable[[Any], str] | None = None  # its part of Filter.describe()
    adjective: bool = False  # its words go before "events" ("confirmed events")
    condition: Callable[[Any, Scope], tuple[str, list[Any]]] | None = None  # SQL on `event e`
    show: Callable[[Any], str] = str  # one value as a query string carries it
    kept: bool = True  # written by to_params (saved feeds, feed URLs)

    def write(self, value: Any) -> list[str]:
        if self.kind == "list":
            return [self.show(v) for v in value]
        return ["true"] if self.kind == "flag" else [self.show(value)]


# --- reading values ---------------------------------------------------------------------------------


def _zone(raw: str | None, tz: str | None) -> str | None:
    return check_timezone(raw) if raw else None


def _date(raw: str | None, tz: str | None) -> When | None:
    return parse_when(raw, tz=tz) if raw else None


def _flag(param: str) -> Callable[[Any, str | None], bool]:
    def read(raw: Any, tz: str | None) -> bool:
        return parse_flag(raw, param) if isinstance(raw, str) else bool(raw)

    return read


def _count(raw: Any, tz: str | None) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        if not raw.isdigit():
            raise InvalidInput(f"must be a whole number, not {raw!r}")
        raw = int(raw)
    if not 0 <= raw <= MAX_LIMIT:
        raise InvalidInput(f"must be from 0 to {MAX_LIMIT:,}, not {raw}")
    return int(raw)


def _names(raw: Iterable[str] | None, tz: str | None) -> tuple[str, ...]:
    names = tuple(n.strip() for n in raw or () if n.strip())
    if len(names) > MAX_VALUES:
        raise InvalidInput(f"at most {MAX_VALUES} values at once, not {len(names):,}")
    return names


def _search(raw: str | None, tz: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    if not SEARCH_WORD.findall(fold(raw)):
        raise InvalidInput(f"{raw!r} has no word to look for")
    return raw.strip()


def _status(raw: str | None, tz: str | None) -> str | None:
    return check_status(raw) if raw else None


def _moment(raw: str | None, tz: str | None) -> str | None:
    """The last second of what `raw` names, as a stored UTC timestamp (see `as_of.as_of_moment`)."""
    if not raw:
        return None
    from chrono.as_of import as_of_moment

    return as_of_moment(raw, tz)


# --- SQL ------------------------------------------------------------------------------------------


def _actors_sql(names: tuple[str, ...], scope: Scope) -> tuple[str, list[Any]]:
    """One subquery, however many names: an event qualifies when it has every one of them (in the
    range, for an actor whose part has a span of its own)."""
    keys = sorted({name_key(a) for a in names})
    span_conds, span_params = span_conditions("ea", scope.lo, scope.hi, scope.within)
    sql = (
        "e.pk IN (SELECT ea.event_pk FROM event_actor ea JOIN actor_name an "
        f"ON an.actor_id = ea.actor_id WHERE an.key IN ({', '.join('?' * len(keys))})"
        + "".join(" AND " + c for c in span_conds)
        + " GROUP BY ea.event_pk HAVING COUNT(DISTINCT an.key) = ?)"
    )
    return sql, [*keys, *span_params, len(keys)]


def _tags_sql(names: tuple[str, ...], scope: Scope) -> tuple[str, list[Any]]:
    keys = sorted({name_key(t) for t in names})
    sql = (
        "e.pk IN (SELECT et.event_pk FROM event_tag et JOIN tag t ON t.id = et.tag_id "
        f"WHERE t.key IN ({', '.join('?' * len(keys))}) "
        "GROUP BY et.event_pk HAVING COUNT(DISTINCT t.key) = ?)"
    )
    return sql, [*keys, len(keys)]


def _search_sql(text: str, scope: Scope) -> tuple[str, list[Any]]:
    """Every word of `text`, as a prefix, in the engine's own full-text index."""
    words = SEARCH_WORD.findall(fold(text))
    if scope.dialect == "postgresql":
        return "e.search @@ to_tsquery('simple', ?)", [" & ".join(f"{w}:*" for w in words)]
    return "e.pk IN (SELECT rowid FROM event_fts WHERE event_fts MATCH ?)", [
        " ".join(f'"{w}"*' for w in words)
    ]


# An event cites NAME when one of its sources has NAME in its publisher, or NAME as whole labels of
# its URL's host: `reuters` and `reuters.com` cite www.reuters.com, not notreuters.com. Case is
# ignored (ASCII case on SQLite, whose lower() folds nothing else). Each NAME is one subquery: all of
# them must be cited.
_HOST = "'.' || lower(CASE WHEN {f}({r}, '/') > 0 THEN substr({r}, 1, {f}({r}, '/') - 1) ELSE {r} END) || '.'"


def _sources_sql(names: tuple[str, ...], scope: Scope) -> tuple[str, list[Any]]:
    find = "strpos" if scope.dialect == "postgresql" else "instr"  # one function, each engine's name
    after_scheme = f"substr(s.url, {find}(s.url, '://') + 3)"
    one = (
        "e.pk IN (SELECT es.event_pk FROM event_source es JOIN source s ON s.id = es.source_id WHERE "
        f"lower(s.publisher) LIKE ? ESCAPE '!' OR ({find}(s.url, '://') > 0 AND "
        f"{_HOST.format(f=find, r=after_scheme)} LIKE ? ESCAPE '!'))"
    )
    params: list[Any] = []
    for name in dict.fromkeys(names):
        like = name.lower().replace("!", "!!").replace("%", "!%").replace("_", "!_")
        params += [f"%{like}%", f"%.{like.strip('.')}.%"]
    return " AND ".join([one] * (len(params) // 2)), params


def _status_sql(status: str, scope: Scope) -> tuple[str, list[Any]]:
    return "e.status = ?", [status]


def _as_of_sql(moment: str, scope: Scope) -> tuple[str, list[Any]]:
    """The events whose current revision stood then; `chrono.as_of` adds those changed since."""
    return "e.created <= ? AND e.updated <= ?", [moment, moment]


def span_conditions(alias: str, lo: int | None, hi: int | None, within: bool) -> tuple[list[str], list[Any]]:
    """Overlap with the range [lo, hi) of wall keys, or with `within`, lying inside it."""
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


def _edtf(when: When) -> str:
    return when.edtf()


def _and(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


# The criteria, in the order of the API's parameters and of the words that describe a filter. The
# range (from, to, within) is read here and queried by Filter.where itself, since every span
# condition depends on it; so are near and km, one condition of two parameters.
CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "start",
        "from",
        "Events from this date on, at any precision: 2022, 2022-07, 2022-07-19, "
        "2022-07-19T10:00, -0100 (101 BC), 1990s, 2022-21 (spring)",
        "text",
        _date,
        show=_edtf,
    ),
    Criterion("end", "to", "Events up to this date, inclusive at its precision.", "text", _date, show=_edtf),
    # Not kept: from and to keep their offsets in EDTF, and a feed shows times as each client does.
    Criterion("tz", "tz", "IANA time zone for from/to times without an offset.", "text", _zone, kept=False),
    Criterion("within", "within", "Only events entirely inside the range.", "flag", _flag("within")),
    Criterion(
        "actors",
        "actor",
        "Events with this actor (name or alias); repeat for all of several.",
        "list",
        _names,
        words=lambda names: " with " + _and(names),
        condition=_actors_sql,
    ),
    Criterion(
        "tags",
        "tag",
        "Events with this tag; repeat for all of several.",
        "list",
        _names,
        words=lambda names: " tagged " + _and(names),
        condition=_tags_sql,
    ),
    Criterion(
        "search",
        "search",
        "Text in the title, description or location.",
        "text",
        _search,
        words=lambda text: f" mentioning “{text}”",
        condition=_search_sql,
    ),
    Criterion(
        "sources",
        "source",
        "Events citing a source by this publisher (reuters) or on this web domain (reuters.com); "
        "repeat for all of several.",
        "list",
        _names,
        words=lambda names: " citing " + _and(names),
        condition=_sources_sql,
    ),
    Criterion(
        "status",
        "status",
        "confirmed, disputed, retracted or draft.",
        "text",
        _status,
        words=str,
        adjective=True,
        condition=_status_sql,
    ),
    Criterion(
        "near",
        "near",
        "Events with a point within `km` of this one: LAT,LON in decimal degrees (48.85,2.35).",
        "text",
        lambda raw, tz: parse_point(raw),
        show=point_text,
    ),
    Criterion(
        "km",
        "km",
        "How far from `near`, in km (great-circle distance).",
        "text",
        lambda raw, tz: parse_km(raw),
        show=number_text,
    ),
    Criterion(
        "minimums",
        "min",
        "NAME=N: events whose quantity NAME is known to be at least N; repeat for all of several.",
        "list",
        read_minimums,
        words=minimum_words,
        condition=minimums_sql,
        show=show_minimum,
    ),
    Criterion("limit", "limit", "At most this many events.", "count", _count),
    Criterion("reverse", "reverse", "Newest first.", "flag", _flag("reverse")),
    Criterion(
        "as_of",
        "as-of",
        "The timeline as it stood then: events added by then, as they were then, with those removed "
        "since (a date means the end of that day, UTC).",
        "text",
        _moment,
        words=lambda moment: f" as they stood at {moment.replace('T', ' ').replace('Z', ' UTC')}",
        condition=_as_of_sql,
    ),
)
PARAMS = tuple(row.param for row in CRITERIA)
assert {row.field for row in CRITERIA} == {f.name for f in fields(Filter)} - {"drafts"}


@contextmanager
def _parameter(name: str) -> Iterator[None]:
    """Pin an error raised inside on the filter parameter `name`."""
    try:
        yield
    except InvalidInput as exc:
        if exc.parameter is None:
            exc.parameter = name
        raise
