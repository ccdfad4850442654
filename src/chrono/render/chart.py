"""What the timeline charts share: a time scale of wall-clock seconds, axis ticks, lanes, label rows.

The SVG export draws with these in Python; the HTML page's script does the same arithmetic in the
browser (`assets/timeline.js`), from the seconds this module gives each event.

Time is wall-clock time, as chrono keeps it: an event's span is the half-open wall-key span of
everything its date could mean (`PartialDate.span()`), so "2024" covers 1 January 2024 to
1 January 2025 and nothing is placed on a day nobody knows. Timed events are placed at their own
local time; dates have no zone, so one axis can hold both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from chrono.errors import InvalidInput
from chrono.models import EventRecord
from chrono.render import GROUP_BY

__all__ = [
    "LANES",
    "Lane",
    "Tick",
    "is_instant",
    "key_seconds",
    "lane_names",
    "pack_rows",
    "seconds_date",
    "ticks",
]

LANES = GROUP_BY.values  # one lane, or by first tag or first actor
NO_LANE = {"actor": "No actor", "tag": "No tag", "none": "All events"}

_DAY = 86400
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def key_seconds(key: int) -> int:
    """A wall key (YYYYMMDDHHMMSS) as seconds since 0001-01-01T00:00 on the same wall clock."""
    rest, second = divmod(key, 100)
    rest, minute = divmod(rest, 100)
    rest, hour = divmod(rest, 100)
    rest, day = divmod(rest, 100)
    year, month = divmod(rest, 100)
    # The end of the last unit of 9999 is 10000-01-01, one day past the last date.
    ordinal = dt.date(year, month, day).toordinal() if year <= 9999 else dt.date(9999, 12, 31).toordinal() + 1
    return (ordinal - 1) * _DAY + hour * 3600 + minute * 60 + second


def seconds_date(seconds: int) -> dt.datetime:
    """The inverse of `key_seconds`, as a naive datetime (clamped to years 1..9999)."""
    limit = (dt.date(9999, 12, 31).toordinal()) * _DAY - 1
    return dt.datetime(1, 1, 1) + dt.timedelta(seconds=max(0, min(seconds, limit)))


def is_instant(record: EventRecord) -> bool:
    """A moment (minute or second, no end): drawn as a point, not a box."""
    return record.end is None and record.precision in ("minute", "second")


# --- lanes ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lane:
    name: str
    records: tuple[EventRecord, ...]


def lane_of(record: EventRecord, lanes: str) -> str:
    """An event's lane: its first actor or first tag (as TimelineJS groups), else the catch-all."""
    if lanes == "actor" and record.actors:
        return record.actors[0]
    if lanes == "tag" and record.tags:
        return record.tags[0]
    return NO_LANE[lanes]


def lane_names(records: Sequence[EventRecord], lanes: str) -> list[Lane]:
    """Lanes with the most events first (then by name); the catch-all lane last."""
    if lanes not in LANES:
        raise InvalidInput(f"bad lanes {lanes!r}: use one of {', '.join(LANES)}")
    groups: dict[str, list[EventRecord]] = {}
    for record in records:
        groups.setdefault(lane_of(record, lanes), []).append(record)
    rest = NO_LANE[lanes]
    order = sorted(groups, key=lambda name: (name == rest and lanes != "none", -len(groups[name]), name))
    return [Lane(name, tuple(groups[name])) for name in order]


def pack_rows(extents: Sequence[tuple[float, float]], gap: float) -> list[int]:
    """Rows for horizontal extents so that none overlap in a row: greedy, in order of start."""
    order = sorted(range(len(extents)), key=lambda i: (extents[i][0], extents[i][1], i))
    row_ends: list[float] = []
    rows = [0] * len(extents)
    for i in order:
        start, end = extents[i]
        for row, last in enumerate(row_ends):
            if last + gap <= start:
                row_ends[row] = end
                rows[i] = row
                break
        else:
            rows[i] = len(row_ends)
            row_ends.append(end)
    return rows


# --- the axis ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tick:
    seconds: int
    label: str
    date: str  # ISO, for readers of the file (and tests) to know where the tick stands


# (unit, step): from millennia to minutes, coarse to fine.
_STEPS: tuple[tuple[str, int], ...] = (
    ("year", 1000), ("year", 500), ("year", 200), ("year", 100), ("year", 50), ("year", 20),
    ("year", 10), ("year", 5), ("year", 2), ("year", 1), ("month", 6), ("month", 3), ("month", 1),
    ("day", 7), ("day", 1), ("hour", 12), ("hour", 6), ("hour", 3), ("hour", 1), ("minute", 30),
    ("minute", 15), ("minute", 10), ("minute", 5), ("minute", 1),
)  # fmt: skip
_APPROX = {"year": 365.2425 * _DAY, "month": 30.44 * _DAY, "day": _DAY, "hour": 3600, "minute": 60}


def ticks(start: int, end: int, width: float, min_gap: float = 84.0) -> list[Tick]:
    """Calendar ticks for the range [start, end) drawn `width` wide: the finest step whose ticks
    stay at least `min_gap` apart, labelled at that step's precision."""
    span = max(end - start, 1)
    chosen = _STEPS[0]
    for unit, step in _STEPS:
        if _APPROX[unit] * step / span * width < min_gap:
            break
        chosen = (unit, step)
    return list(_calendar_ticks(start, end, *chosen))


def _calendar_ticks(start: int, end: int, unit: str, step: int) -> list[Tick]:
    first = seconds_date(start)
    out: list[Tick] = []
    if unit == "year":
        year = (first.year // step) * step or step  # there is no year 0
        while year <= 9999:
            moment = dt.datetime(year, 1, 1)
            if _secs(moment) >= end:
                break
            if _secs(moment) >= start:
                out.append(Tick(_secs(moment), str(year), moment.date().isoformat()))
            year += step
        return out
    if unit == "month":
        year, month = first.year, first.month
        while True:
            if (month - 1) % step == 0:
                moment = dt.datetime(year, month, 1)
                if _secs(moment) >= end:
                    break
                if _secs(moment) >= start:
                    label = f"{_MONTH_ABBR[month - 1]} {year}"
                    out.append(Tick(_secs(moment), label, f"{year:04d}-{month:02d}-01"))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            if year > 9999:
                break
        return out
    if unit == "day":
        moment = dt.datetime(first.year, first.month, first.day)
        while _secs(moment) < end:
            if _secs(moment) >= start and (step == 1 or moment.day in (1, 8, 15, 22)):
                label = f"{moment.day} {_MONTH_ABBR[moment.month - 1]} {moment.year}"
                out.append(Tick(_secs(moment), label, moment.date().isoformat()))
            if moment.date() >= dt.date(9999, 12, 31):
                break
            moment += dt.timedelta(days=1)
        return out
    size = 3600 * step if unit == "hour" else 60 * step
    t = -(-start // size) * size
    while t < end:
        moment = seconds_date(t)
        clock = f"{moment.hour:02d}:{moment.minute:02d}"
        label = clock
        if clock == "00:00" or not out:
            label = f"{moment.day} {_MONTH_ABBR[moment.month - 1]} {clock}"
        out.append(Tick(t, label, moment.isoformat(timespec="minutes")))
        t += size
    return out


def _secs(moment: dt.datetime) -> int:
    return (moment.toordinal() - 1) * _DAY + moment.hour * 3600 + moment.minute * 60 + moment.second
