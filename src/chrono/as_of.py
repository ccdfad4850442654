"""The timeline as it stood at a moment (`Filter.as_of`, `--as-of`): every event created by then, as its
revision of that moment said, leaving out those that were removed then and those added since.

Events whose current revision was made by then come from the database with the filter in SQL
(`Filter.where` knows `as_of`); those changed since are read from their history (`chrono.revisions`)
and filtered here, in Python, as `Filter.where` would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from chrono.db import Reader, chunks
from chrono.errors import InvalidInput
from chrono.models import SEARCH_WORD, EventRecord, event_words, fold, name_key, search_text
from chrono.places import distance_km
from chrono.revisions import from_state

if TYPE_CHECKING:
    from chrono.filters import Filter


def select_as_of(reader: Reader, flt: Filter, *, removed: bool = False) -> list[EventRecord]:
    """The events `flt` matches as they stood at `flt.as_of`, in its order and limit: with `removed`,
    the tombstones of those removed by then instead.

    Events whose current revision was made by then come from the database with the filter in SQL
    (`Filter.where` knows `as_of`); those changed since are read from their history and filtered
    here. An event changed before chrono kept history stands with its oldest kept revision.
    """
    from chrono.query import select_current, select_removed_current

    moment = flt.as_of
    assert moment is not None
    standing = (select_removed_current if removed else select_current)(reader, flt)
    later = reader.all("SELECT pk FROM event WHERE created <= ? AND updated > ?", [moment, moment])
    earlier = [
        r for r in _states_at(reader, [row[0] for row in later], moment) if (r.removed is not None) == removed
    ]
    matching = _Matcher(reader, flt)
    chosen = [*standing, *(r for r in earlier if matching(r))]
    chosen.sort(key=lambda r: (r.span_start, r.id), reverse=flt.reverse)
    return chosen if flt.limit is None or removed else chosen[: flt.limit]


def _states_at(reader: Reader, pks: Sequence[int], moment: str) -> list[EventRecord]:
    """The revision of each event that stood at `moment` (or its oldest kept one, where the history
    does not reach back that far)."""
    from chrono.query import fetch_records

    found: dict[int, tuple[int, EventRecord]] = {}
    for chunk in chunks(pks):
        marks = ", ".join("?" * len(chunk))
        for pk, number, updated, gone, state in reader.all(
            "SELECT event_pk, revision, updated, removed, state FROM event_revision "
            f"WHERE event_pk IN ({marks}) ORDER BY event_pk, revision",
            list(chunk),
        ):
            best = found.get(pk)
            if best is None or updated <= moment:
                found[pk] = (number, from_state(state, gone))
    missing = [pk for pk in pks if pk not in found]
    records = [record for _, record in found.values()]
    return records + (fetch_records(reader, missing) if missing else [])


class _Matcher:
    """`Filter.where` in Python, for events read from their history."""

    def __init__(self, reader: Reader, flt: Filter) -> None:
        self.flt = flt
        self.bounds = flt.bounds()
        self.actor_keys = [self._names(reader, name) for name in flt.actors]
        self.tag_keys = {name_key(t) for t in flt.tags}
        self.words = SEARCH_WORD.findall(fold(flt.search)) if flt.search else []
        self.near = (flt.near, flt.km) if flt.near is not None and flt.km is not None else None

    @staticmethod
    def _names(reader: Reader, name: str) -> set[str]:
        """Every name of the actor `name` names today, and `name` itself."""
        key = name_key(name)
        rows = reader.all(
            "SELECT b.key FROM actor_name a JOIN actor_name b ON b.actor_id = a.actor_id WHERE a.key = ?",
            [key],
        )
        return {key, *(row[0] for row in rows)}

    def __call__(self, record: EventRecord) -> bool:
        flt = self.flt
        if flt.status:
            if record.status != flt.status:
                return False
        elif not flt.drafts and record.status == "draft":
            return False
        lo, hi = self.bounds
        if flt.within:
            starts_in = lo is None or record.span_start >= lo
            ends_in = hi is None or record.span_end <= hi
            if not (starts_in and ends_in):
                return False
        elif (hi is not None and record.span_start >= hi) or (lo is not None and record.span_end <= lo):
            return False
        if self.near is not None and not (
            record.geo is not None and distance_km(record.geo, self.near[0]) <= self.near[1]
        ):
            return False
        actors = {name_key(a) for a in record.actors}
        if any(not actors & keys for keys in self.actor_keys):
            return False
        if not self.tag_keys <= {name_key(t) for t in record.tags}:
            return False
        if self.words:
            text = search_text(
                record.title,
                record.description,
                record.location,
                event_words(record.actors, record.tags, record.sources),
            ).split()
            if not all(any(token.startswith(word) for token in text) for word in self.words):
                return False
        return True


def as_of_moment(text: str, tz: str | None) -> str:
    """The last second of what `text` names (a date at any precision, or a time), as a stored UTC
    timestamp: `--as-of 2025-01-01` is the timeline at the end of that day (UTC, or in `tz`)."""
    import datetime as dt

    from chrono.dates import key_to_datetime, parse_when, tzinfo_of, utc_timestamp

    when = parse_when(text, tz=tz)
    if when.open is not None:
        raise InvalidInput(f"{text!r} is open-ended: --as-of takes one date or time")
    end = key_to_datetime(when.span()[1]) - dt.timedelta(seconds=1)
    zone = when.timezone or tz
    moment = end.replace(tzinfo=tzinfo_of(zone) if zone else dt.UTC)
    return utc_timestamp(moment)


def stats_as_of(reader: Reader, flt: Filter, top: int) -> dict[str, Any]:
    """`query.timeline_stats` of the timeline as it stood at `flt.as_of`."""
    from collections import Counter
    from dataclasses import replace

    records = select_as_of(reader, replace(flt, limit=None, reverse=False))
    years: Counter[int] = Counter(r.span_start // 10_000_000_000 for r in records)
    actors: Counter[str] = Counter(a for r in records for a in r.actors)
    tags: Counter[str] = Counter(t for r in records for t in r.tags)

    def most(counts: Counter[str]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]

    last = max(records, key=lambda r: (r.span_start, r.id), default=None)
    return {
        "events": len(records),
        "first": records[0].when().display() if records else None,
        "last": last.when().display() if last else None,
        "unsourced": sum(1 for r in records if not r.sources),
        "imprecise": sum(1 for r in records if r.precision in ("year", "month")),
        "years": [(str(y), n) for y, n in sorted(years.items())],
        "actors": most(actors),
        "tags": most(tags),
    }


def outside_calendar_as_of(
    reader: Reader, flt: Filter, lo: int, hi: int, open_start: int, open_end: int
) -> int:
    """`publish`'s count of events outside the years 1-9999, for the timeline as it stood then."""
    return sum(
        1
        for r in select_as_of(reader, flt)
        if (r.span_start < lo and r.span_start != open_start)
        or (r.span_end > hi and r.span_end != open_end)
        or (r.span_start == open_start and r.span_end <= lo)
        or (r.span_end == open_end and r.span_start >= hi)
    )
