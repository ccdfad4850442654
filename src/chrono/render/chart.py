"""What the timeline charts share: a time scale of wall-clock seconds, axis ticks, lanes, label rows.

The SVG export draws with these in Python; the HTML page's script does the same arithmetic in the
browser (`assets/timeline.js`), from the seconds this module gives each event.

Time is wall-clock time, as chrono keeps it: an event's span is the half-open wall-key span of
everything its date could mean (`PartialDate.span()`), so "2024" covers 1 January 2024 to
1 January 2025 and nothing is placed on a day nobody knows. Timed events are placed at their own
local time; dates have no zone, so one axis can hold both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chrono.dates import day_from_number, day_number
from chrono.errors import InvalidInput
from chrono.models import EventRecord
from chrono.render import GROUP_BY

__all__ = [
    "LANES",
    "Lane",
    "Tick",
    "civil",
    "drawn_span",
    "is_instant",
    "key_seconds",
    "lane_names",
    "pack_rows",
    "ticks",
    "year_label",
]

LANES = GROUP_BY.values  # one lane, or by first tag or first actor
NO_LANE = {"actor": "No actor", "tag": "No tag", "none": "All events"}

_DAY = 86400
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def key_seconds(key: int) -> int:
    """A wall key (YYYYMMDDHHMMSS) as seconds since 1970-01-01T00:00 on the same wall clock.

    Any year: keys are linear in the year, so floor division reads a BCE key's fields too.
    """
    rest, second = divmod(key, 100)
    rest, minute = divmod(rest, 100)
    rest, hour = divmod(rest, 100)
    rest, day = divmod(rest, 100)
    year, month = divmod(rest, 100)
    return day_number(year, month, day) * _DAY + hour * 3600 + minute * 60 + second


def civil(seconds: int) -> tuple[int, int, int, int, int]:
    """The inverse of `key_seconds`, to the minute: (year, month, day, hour, minute)."""
    days, rest = divmod(seconds, _DAY)
    year, month, day = day_from_number(days)
    return year, month, day, rest // 3600, rest % 3600 // 60


def year_label(year: int) -> str:
    """As people write it: 2024, 44 BC (astronomical -43), 1 BC (0)."""
    return str(year) if year > 0 else f"{1 - year} BC"


def _iso_date(year: int, month: int, day: int) -> str:
    text = f"{year:04d}" if year >= 0 else f"-{-year:04d}"
    return f"{text}-{month:02d}-{day:02d}"


def drawn_span(record: EventRecord) -> tuple[int, int, str | None]:
    """Seconds of the span that is known, and which side runs on ("start" or "end") when the
    interval is open ("since 2014", "until 2014"): that side is drawn to the edge of the view."""
    when = record.when()
    if when.open is not None:
        first, after = when.start.span()
        return key_seconds(first), key_seconds(after), "start" if when.open.open_start else "end"
    return key_seconds(record.span_start), key_seconds(record.span_end), None


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


# (unit, step): from a hundred million years to minutes, coarse to fine.
_YEAR_STEPS = tuple(n * 10**e for e in range(8, -1, -1) for n in (5, 2, 1) if n * 10**e <= 10**8)
_STEPS: tuple[tuple[str, int], ...] = (
    *(("year", n) for n in _YEAR_STEPS),
    ("month", 6), ("month", 3), ("month", 1), ("day", 7), ("day", 1), ("hour", 12), ("hour", 6),
    ("hour", 3), ("hour", 1), ("minute", 30), ("minute", 15), ("minute", 10), ("minute", 5), ("minute", 1),
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
    y0, m0, d0, _, _ = civil(start)
    out: list[Tick] = []
    if unit == "year":
        year = (y0 // step) * step
        while (t := day_number(year, 1, 1) * _DAY) < end:
            if t >= start:
                out.append(Tick(t, year_label(year), _iso_date(year, 1, 1)))
            year += step
    elif unit == "month":
        year, month = y0, m0
        while (t := day_number(year, month, 1) * _DAY) < end:
            if (month - 1) % step == 0 and t >= start:
                out.append(Tick(t, f"{_MONTH_ABBR[month - 1]} {year_label(year)}", _iso_date(year, month, 1)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    elif unit == "day":
        number = day_number(y0, m0, d0)
        while (t := number * _DAY) < end:
            year, month, day = day_from_number(number)
            if t >= start and (step == 1 or day in (1, 8, 15, 22)):
                label = f"{day} {_MONTH_ABBR[month - 1]} {year_label(year)}"
                out.append(Tick(t, label, _iso_date(year, month, day)))
            number += 1
    else:
        size = 3600 * step if unit == "hour" else 60 * step
        t = -(-start // size) * size
        while t < end:
            year, month, day, hour, minute = civil(t)
            clock = f"{hour:02d}:{minute:02d}"
            label = clock
            if clock == "00:00" or not out:
                label = f"{day} {_MONTH_ABBR[month - 1]} {clock}"
            out.append(Tick(t, label, f"{_iso_date(year, month, day)}T{clock}"))
            t += size
    return out
