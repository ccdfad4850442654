"""Anchored dates: an event dated relative to another one ("3 days before trump-second-inauguration").

Written `N UNIT before|after REF` — N in digits or words (a, an, one … twelve), UNIT day, week, month
or year (or their plurals), REF another event's id or its exact title (any case) — as an event's
`start` (or `date`, or `--date`), or as a mapping `{after: REF, offset: 5 months}`. An end may be
anchored too, to the same event (`start: 1 day after x`, `end: 3 days after x`). chrono stores the
anchor's id and the expression (the `anchored` field of `chrono list --format json`) next to the
date it works out, which every output and query uses; the date is worked out again whenever the
anchor's own date changes, along chains of anchors, and the dependent event's revision goes up.

How the date is worked out, without inventing precision:

* "before" counts back from the anchor's start, "after" on from its end (its date when it has one).
  An open end cannot be counted from ("3 days after" an event that is still going on is refused).
* Every day the anchor's date could mean is moved by the offset (a month or year keeps the day of
  the month, the 31st becoming the month's last day; a week is 7 days).
* The result is written at the coarser of the anchor's precision and the offset's unit — years
  for decades, centuries and years; months for seasons, quarters, months and thirds; days for weeks,
  days and times (a week's offset counts as 7 days). So 3 days before a day is a day, 5 months after a
  day is a month and 5 months after 2022 is years: never a day that was not known.
* When the moved days fit one unit at that precision, that is the date (5 months after 24 Feb 2022
  is Jul 2022); when they spill over two or more, the date is the interval of units they cover,
  marked approximate at both ends when those units cover more than the moved days (3 days before
  Nov 2022 is ~Oct 2022 – ~Nov 2022; 10 years after the 1990s is exactly 2000 – 2009). The anchor's
  own approximate and uncertain marks carry over.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from chrono.dates import OpenEnd, PartialDate, Precision, When, day_from_number, day_number, make_when
from chrono.errors import InvalidInput

if TYPE_CHECKING:
    from chrono.db import Reader
    from chrono.models import EventInput

UNITS = ("day", "week", "month", "year")
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_SIDE = re.compile(
    r"(?P<n>[0-9]{1,6}|[a-z]+)\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>before|after)\s+(?P<ref>\S.*)",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\s(?:before|after)\s", re.IGNORECASE)
_YEAR_GRAIN = (Precision.CENTURY, Precision.DECADE, Precision.YEAR)
_MONTH_GRAIN = (Precision.SEASON, Precision.QUARTER, Precision.MONTH, Precision.THIRD)
_GRAIN = {"day": 2, "week": 2, "month": 1, "year": 0}  # 0 years, 1 months, 2 days
MAX_AMOUNT = 100_000


class AnchorError(InvalidInput):
    """An anchored date that cannot be worked out; `event_id` names the event it belongs to."""

    def __init__(self, message: str, event_id: str | None = None) -> None:
        super().__init__(message, field="start")
        self.event_id = event_id


@dataclass(frozen=True, slots=True)
class Offset:
    """`amount` `unit`s before (-1) or after (+1) the anchor."""

    amount: int
    unit: str
    sign: int

    def words(self) -> str:
        unit = self.unit if self.amount == 1 else self.unit + "s"
        return f"{self.amount} {unit} {'after' if self.sign > 0 else 'before'}"


@dataclass(frozen=True, slots=True)
class Anchored:
    """An anchored date: the offset of its start (and of its end, when it has one) from `ref`, an
    event id once stored (as written — an id or a title — on its way in)."""

    ref: str
    start: Offset
    end: Offset | None = None

    def text(self) -> str:
        """The expression as stored and exported: "3 days before trump-second-inauguration"."""
        first = f"{self.start.words()} {self.ref}"
        return first if self.end is None else f"{first}/{self.end.words()} {self.ref}"

    def words(self, title: str | None) -> str:
        """In words, with the anchor's title: "3 days before Trump sworn in"."""
        name = title or self.ref
        first = f"{self.start.words()} {name}"
        return first if self.end is None else f"from {first} to {self.end.words()} {name}"


def _side(text: str) -> tuple[Offset, str] | None:
    m = _SIDE.fullmatch(" ".join(text.split()))
    if m is None:
        return None
    n = m["n"].lower()
    amount = int(n) if n.isdigit() else _NUMBERS.get(n)
    if amount is None:
        return None
    if amount > MAX_AMOUNT:
        raise InvalidInput(f"anchored date {text.strip()!r}: at most {MAX_AMOUNT:,} {m['unit'].lower()}s")
    ref = m["ref"].strip()
    if len(ref) > 1 and ref[0] == ref[-1] and ref[0] in "\"'":
        ref = ref[1:-1].strip()
    return Offset(amount, m["unit"].lower(), 1 if m["dir"].lower() == "after" else -1), ref


def _mapping_side(value: Mapping[str, Any]) -> tuple[Offset, str]:
    keys = set(value) - {k for k in value if isinstance(k, str) and k.startswith("__")}
    ways = [k for k in ("before", "after") if k in keys]
    if len(ways) != 1 or not keys <= {"before", "after", "offset"}:
        raise InvalidInput("an anchored date is {after: EVENT, offset: 5 months} (or before:)")
    ref, offset = value[ways[0]], value.get("offset", "0 days")
    side = _side(f"{offset} {ways[0]} {ref}") if isinstance(ref, str) else None
    if side is None:
        raise InvalidInput(f"bad offset {offset!r}: a number of days, weeks, months or years (5 months)")
    return side


def parse_side(value: Any) -> tuple[Offset, str] | None:
    """One anchored value (text or mapping), or None when `value` is not written as one."""
    if isinstance(value, Mapping):
        return _mapping_side(value)
    if isinstance(value, str) and _WORDS.search(value):
        side = _side(value)
        if side is None:
            raise InvalidInput(
                f"bad anchored date {value.strip()[:80]!r}: write N days, weeks, months or years "
                "before or after an event (3 days before trump-second-inauguration)"
            )
        return side
    return None


def parse_anchored(start: Any, end: Any = None) -> Anchored | None:
    """The anchored date of an event's start and end fields, or None when the start is not anchored."""
    if isinstance(start, str) and "/" in start and end in (None, ""):
        first, _, last = start.partition("/")
        head = parse_side(first)
        if head is not None and parse_side(last) is not None:
            start, end = first, last
    head = parse_side(start)
    tail = None if end is None or end == "" else parse_side(end)
    if head is None:
        if tail is not None:
            raise InvalidInput("an anchored end needs an anchored start (1 day after x, 3 days after x)")
        return None
    if end not in (None, "") and tail is None:
        raise InvalidInput(
            f"an anchored start takes an end anchored to the same event, not {str(end)!r}", field="end"
        )
    if tail is not None and tail[1] != head[1]:
        raise InvalidInput(f"both ends must count from one event, not {head[1]!r} and {tail[1]!r}")
    return Anchored(head[1], head[0], None if tail is None else tail[0])


def from_text(text: str) -> Anchored:
    """The stored expression read back."""
    found = parse_anchored(text)
    if found is None:
        raise InvalidInput(f"bad anchored date {text!r}")
    return found


# --- working the date out ---------------------------------------------------------------------------


def _days(value: PartialDate) -> tuple[int, int]:
    """Day numbers of the first and last day `value` could mean."""
    first, after = value.span()
    y1, rest = divmod(first, 10**10)
    y2, rest2 = divmod(after, 10**10)
    start = day_number(y1, rest // 10**8, rest // 10**6 % 100)
    stop = day_number(y2, rest2 // 10**8, rest2 // 10**6 % 100)
    return start, stop - 1 if rest2 % 10**6 == 0 else stop


def _move(number: int, offset: Offset) -> int:
    n = offset.amount * offset.sign
    if offset.unit in ("day", "week"):
        return number + n * (7 if offset.unit == "week" else 1)
    y, m, d = day_from_number(number)
    months = y * 12 + m - 1 + (n if offset.unit == "month" else 12 * n)
    y, m = divmod(months, 12)
    last = day_from_number(day_number(y + (m == 11), (m + 1) % 12 + 1, 1) - 1)[2]
    return day_number(y, m + 1, min(d, last))


def _grain(precision: Precision) -> int:
    if precision in _YEAR_GRAIN:
        return 0
    return 1 if precision in _MONTH_GRAIN else 2


def _at(number: int, grain: int) -> PartialDate:
    y, m, d = day_from_number(number)
    return PartialDate(y) if grain == 0 else PartialDate(y, m) if grain == 1 else PartialDate(y, m, d)


def shift(source: PartialDate, offset: Offset) -> When:
    """`source` moved by `offset`, at the coarser of the two precisions (see the module's notes)."""
    first, last = (_move(n, offset) for n in _days(source))
    grain = min(_grain(source.precision), _GRAIN[offset.unit])
    start, end = _at(first, grain), _at(last, grain)
    unsure = source.uncertain
    if start == end:
        return When(replace(start, approximate=source.approximate, uncertain=unsure))
    # approximate when the units cover more than the moved days
    rough = source.approximate or (_days(start)[0], _days(end)[1]) != (first, last)
    return make_when(
        replace(start, approximate=rough, uncertain=unsure), replace(end, approximate=rough, uncertain=unsure)
    )


def compute(anchor: When, anchored: Anchored, name: str = "") -> When:
    """The date of `anchored`, counted from the anchor's date `anchor`."""
    first = _side_when(anchor, anchored.start, name)
    if anchored.end is None:
        return first
    last = _side_when(anchor, anchored.end, name)
    if first == last and first.end is None:
        return first
    try:
        return make_when(first.start, last.end or last.start)
    except InvalidInput:
        raise InvalidInput(f"{anchored.text()}: the anchored end comes before its start") from None


def _side_when(anchor: When, offset: Offset, name: str) -> When:
    if offset.sign < 0:
        if anchor.open_start:
            raise InvalidInput(f"anchor {name!r} has no known start to count back from")
        return shift(anchor.start, offset)
    if anchor.open in (OpenEnd.SINCE, OpenEnd.END_UNKNOWN):
        raise InvalidInput(f"anchor {name!r} has no known end to count on from")
    return shift(anchor.end or anchor.start, offset)


# --- in the store -----------------------------------------------------------------------------------

_ROW = 'SELECT id, start, "end", timezone, approximate, uncertain, anchor FROM event WHERE removed IS NULL'


def resolve(raw: Reader, events: Sequence[EventInput]) -> None:
    """Work out the date of every anchored event of a batch about to be saved (in place): find each
    anchor (in the batch or stored; by id, else by title), refuse cycles, and count."""
    from chrono.models import stored_when

    anchored = [e for e in events if e.anchored is not None]
    if not anchored:
        return
    batch = {e.id: e for e in events if e.id is not None}
    stored: dict[str, tuple[When, str | None]] = {}

    def load(ids: Sequence[str]) -> None:
        from chrono.db import chunks

        wanted = [i for i in dict.fromkeys(ids) if i not in stored and i not in batch]
        for chunk in chunks(wanted):
            marks = ", ".join("?" * len(chunk))
            for eid, start, end, tz, approx, unsure, anchor in raw.all(f"{_ROW} AND id IN ({marks})", chunk):
                stored[eid] = (stored_when(start, end, tz, bool(approx), bool(unsure)), anchor)

    load([e.anchored.ref for e in anchored if e.anchored is not None])
    for event in anchored:
        assert event.anchored is not None
        ref = event.anchored.ref
        if ref not in batch and ref not in stored:
            ref = _by_title(raw, events, ref, event.id)
            load([ref])
        event.anchored = replace(event.anchored, ref=ref)
    for event in anchored:
        _check_cycle(event, batch, stored, load)
    done: set[str] = set()

    def work_out(event: EventInput) -> When:
        assert event.anchored is not None and event.id is not None
        if event.id not in done:
            ref = event.anchored.ref
            other = batch.get(ref)
            if other is not None and other.anchored is not None:
                base = work_out(other)
            else:
                base = other.when if other is not None else stored[ref][0]
            try:
                event.when = compute(base, event.anchored, ref)
            except InvalidInput as exc:
                raise AnchorError(f"{event.anchored.text()}: {exc}", event.id) from None
            done.add(event.id)
        return event.when

    for event in anchored:
        work_out(event)


def _by_title(raw: Reader, events: Sequence[EventInput], ref: str, event_id: str | None) -> str:
    from chrono.models import name_key

    key = name_key(ref)
    found = {e.id for e in events if e.id is not None and name_key(e.title) == key}
    for eid, title in raw.all(
        "SELECT id, title FROM event WHERE removed IS NULL AND lower(title) = lower(?)", [ref]
    ):
        if name_key(title) == key:
            found.add(eid)
    found.discard(event_id)
    if not found:
        raise AnchorError(f"anchored date: no event with id or title {ref!r} to count from", event_id)
    if len(found) > 1:
        shown = ", ".join(sorted(found)[:5])
        raise AnchorError(
            f"anchored date: {len(found)} events are titled {ref!r} ({shown}): give an id", event_id
        )
    return found.pop()


def _check_cycle(event: EventInput, batch: dict[str, EventInput], stored: dict[str, Any], load: Any) -> None:
    chain = [event.id]
    current = event.anchored.ref if event.anchored else None
    while current is not None:
        if current in chain:
            loop = " → ".join(str(i) for i in [*chain[chain.index(current) :], current])
            raise AnchorError(f"anchored dates would go round in a circle: {loop}", event.id)
        chain.append(current)
        other = batch.get(current)
        if other is not None:
            current = other.anchored.ref if other.anchored else None
            continue
        load([current])
        current = stored[current][1] if current in stored else None


def dependents(raw: Reader, ids: Sequence[str], skip: set[str]) -> list[str]:
    """Live events anchored on any of `ids`, apart from those in `skip`."""
    from chrono.db import chunks

    found: list[str] = []
    for chunk in chunks(list(ids)):
        marks = ", ".join("?" * len(chunk))
        rows = raw.all(
            f"SELECT id FROM event WHERE removed IS NULL AND anchor IN ({marks}) ORDER BY id", chunk
        )
        found += [r[0] for r in rows if r[0] not in skip]
    return found


def check_removable(raw: Reader, event_id: str) -> None:
    """Refuse to remove an event that others are dated from: their dates would have nothing to
    count from, and quietly fixing them to today's value would lose what the user said."""
    found = dependents(raw, [event_id], set())
    if found:
        from chrono.errors import Conflict

        shown = ", ".join(found[:5]) + (" …" if len(found) > 5 else "")
        raise Conflict(
            f"event {event_id!r} is the anchor of {len(found)} event(s) ({shown}): "
            f"give them dates of their own first (chrono edit {found[0]} --date …)"
        )
