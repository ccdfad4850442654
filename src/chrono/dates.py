"""Fuzzy historical dates: parsing, validation and formatting, with precision kept as data.

This is the only module in chrono that parses or formats dates. History is rarely known to the
second, so a value records exactly the units it was given and nothing finer: "2012" stays a year
(libraries such as pendulum would happily turn it into midnight on 1 January, so precision is
detected here with strict regular expressions, never by a general-purpose parser).

Timed values always carry a zone (an IANA name or a fixed offset) because an event belongs to the
day on which it happened where it happened. Ordering and overlap use "wall keys": integers
YYYYMMDDHHMMSS of local wall-clock time, cheap to store and index in any database.

Imports are kept light on purpose: ISO/EDTF input (what `chrono list` reads back from the database)
needs only the standard library; pendulum is imported only to read written month names.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from functools import lru_cache

from chrono.errors import DateError

__all__ = [
    "PartialDate",
    "Precision",
    "When",
    "check_timezone",
    "key_to_datetime",
    "make_when",
    "parse_date",
    "parse_when",
    "wall_key",
]


class Precision(enum.StrEnum):
    """How finely a value is known; stored as its string value."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"

    @property
    def timed(self) -> bool:
        """Timed values need a zone; date-only values must not have one."""
        return self in (Precision.MINUTE, Precision.SECOND)

    @property
    def rank(self) -> int:
        """Coarse-to-fine order (YEAR=0 … SECOND=4), since string order would be alphabetical."""
        return _RANKS[self]


_RANKS = {p: i for i, p in enumerate(Precision)}

# English on purpose and hard-coded: `calendar.month_abbr` follows the process locale, and display
# runs on the `list` path where pendulum must not be imported.
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_KEY_YEAR = 10**10
_END_OF_TIME = 10000 * _KEY_YEAR + 101000000  # 10000-01-01T00:00:00, just past year 9999

_HINT = "try 2024, 2024-12, 2024-12-08, 8 December 2024 or 2025-01-20T12:00-05:00"

_OFFSET = r"[+-][0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2})?)?"
_OFFSET_PARTS = re.compile(
    r"(?P<sign>[+-])(?P<hh>[0-9]{2})(?::?(?P<mm>[0-9]{2})(?::?(?P<ss>[0-9]{2}))?)?", re.ASCII
)
_TZ_OFFSET = re.compile(r"(?:UTC)?(" + _OFFSET + ")", re.ASCII | re.IGNORECASE)

_ISO = re.compile(
    r"""
    (?P<year>[0-9]{4})
    (?:-(?P<month>[0-9]{2})
      (?:-(?P<day>[0-9]{2})
        (?:[Tt\ ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})
          (?::(?P<second>[0-9]{2})(?:[.,][0-9]+)?)?
          \ ?(?P<offset>[Zz]|"""
    + _OFFSET
    + r""")?
        )?
      )?
    )?
    """,
    re.ASCII | re.VERBOSE,
)

# Years chrono cannot hold but which are clearly meant as years: a better message than "not a date".
_BAD_YEAR = re.compile(r"(?:-[0-9]+|Y-?[0-9]+|[0-9]{1,3})(?:-[0-9]{2}){0,2}", re.ASCII)

_WRITTEN_TIME = (
    r"(?:,?\s+(?:at\s+)?(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    r"(?:\s*(?P<offset>Z|UTC(?:" + _OFFSET + r")?|" + _OFFSET + r"))?)?"
)
_WRITTEN = (
    # 19 July 2022, 17 Jan 2025 14:00:30
    r"(?P<day>[0-9]{1,2})\s+(?P<mon>[a-z]{3,9})\.?,?\s+(?P<year>[0-9]{4})" + _WRITTEN_TIME,
    # Jan 17, 2025; January 17 2025 14:00
    r"(?P<mon>[a-z]{3,9})\.?\s+(?P<day>[0-9]{1,2}),?\s+(?P<year>[0-9]{4})" + _WRITTEN_TIME,
    # July 2022
    r"(?P<mon>[a-z]{3,9})\.?,?\s+(?P<year>[0-9]{4})",
)


@lru_cache(maxsize=1)
def _written_patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled on first use: written forms never occur on the `list` path."""
    return tuple(re.compile(p, re.ASCII | re.IGNORECASE) for p in _WRITTEN)


class _Bad(Exception):
    """A reason a set of fields is invalid, before we know how the caller spelled the value."""


class _NeedsZone(DateError):
    """A timed value without a zone; an interval may still supply one from its other end."""


def _q(text: str) -> str:
    """Quote a user value for a one-line message, cutting runaway input short."""
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


# --- time zones -------------------------------------------------------------------------------


def offset_text(offset: dt.timedelta) -> str:
    """±HH:MM, with :SS where the offset has seconds (local mean time before 1900 often has)."""
    total = int(offset.total_seconds())
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def _parse_offset(text: str) -> dt.timedelta:
    """Read Z, UTC, ±HH, ±HHMM, ±HH:MM or ±HH:MM:SS (seconds occur in historic local mean time)."""
    if text.upper() in ("Z", "UTC"):
        return dt.timedelta(0)
    if text[:3].upper() == "UTC":
        text = text[3:]
    m = _OFFSET_PARTS.fullmatch(text)
    if m is None:
        raise _Bad(f"bad UTC offset {text!r}")
    hh, mm, ss = int(m["hh"]), int(m["mm"] or 0), int(m["ss"] or 0)
    if hh > 23 or mm > 59 or ss > 59:
        raise _Bad(f"UTC offset {text} is out of range")
    offset = dt.timedelta(hours=hh, minutes=mm, seconds=ss)
    return -offset if m["sign"] == "-" else offset


def _offset_zone(offset: dt.timedelta) -> str:
    """Name a fixed offset; a zero offset is plain UTC."""
    return "UTC" if not offset else offset_text(offset)


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """Case-insensitive lookup; slow (walks the tz database), so only used after a miss."""
    from zoneinfo import available_timezones

    return {name.lower(): name for name in available_timezones()}


@lru_cache(maxsize=512)
def _canonical_zone(name: str) -> str | None:
    if not name:
        return None
    if name.upper() in ("Z", "UTC"):
        return "UTC"
    if _TZ_OFFSET.fullmatch(name):
        try:
            return _offset_zone(_parse_offset(name))
        except _Bad:
            return None
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return _zone_names().get(name.lower())
    return name


@lru_cache(maxsize=512)
def tzinfo_of(zone: str) -> dt.tzinfo:
    """The tzinfo of a zone as `check_timezone` spells it: an IANA name, "UTC" or "+05:30".

    Stdlib zoneinfo, so no pendulum on the `list` path."""
    if zone[0] in "+-":
        return dt.timezone(_parse_offset(zone))
    from zoneinfo import ZoneInfo

    return ZoneInfo(zone)


def check_timezone(name: str) -> str:
    """Validate an IANA zone name or fixed offset and return its canonical spelling.

    Canonical forms make equal values compare equal: "utc", "Z" and "+00:00" are "UTC", "+0530" is
    "+05:30", and IANA names get their proper case.
    """
    canon = _canonical_zone(name.strip()) if isinstance(name, str) else None
    if canon is None:
        raise DateError(f"unknown time zone {_q(str(name))}")
    return canon


def _offsets_at(naive: dt.datetime, zone: dt.tzinfo) -> tuple[dt.timedelta, dt.timedelta]:
    """UTC offsets for both readings of a wall time (PEP 495): they differ only at DST changes.

    If the second is larger the wall time falls in a gap (it never happened); if smaller it
    happened twice.
    """
    first = naive.replace(tzinfo=zone, fold=0).utcoffset()
    second = naive.replace(tzinfo=zone, fold=1).utcoffset()
    assert first is not None and second is not None
    return first, second


def _wall_text(naive: dt.datetime, seconds: bool) -> str:
    n = naive
    text = f"{n.year:04d}-{n.month:02d}-{n.day:02d}T{n.hour:02d}:{n.minute:02d}"
    return text + (f":{n.second:02d}" if seconds else "")


def _gap_reason(naive: dt.datetime, zone: str, before: dt.timedelta, after: dt.timedelta) -> str:
    return (
        f"{_wall_text(naive, bool(naive.second))} does not exist in {zone} "
        f"(clocks jump from {offset_text(before)} to {offset_text(after)})"
    )


# --- timestamps -------------------------------------------------------------------------------

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_timestamp(moment: dt.datetime) -> str:
    """A stored timestamp: UTC to the second, as 2025-01-20T17:00:00Z."""
    return moment.astimezone(dt.UTC).strftime(TIMESTAMP_FORMAT)


def now_utc() -> str:
    """The time a write happens, or SOURCE_DATE_EPOCH when set, for reproducible databases and exports."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return utc_timestamp(dt.datetime.fromtimestamp(int(epoch), dt.UTC))
        except (ValueError, OverflowError, OSError) as exc:
            raise DateError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}") from exc
    return utc_timestamp(dt.datetime.now(dt.UTC))


def parse_timestamp(value: object, name: str) -> str | None:
    """A timestamp given as text or datetime, checked and written as `utc_timestamp` writes it."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise DateError(f"bad {name} timestamp {_q(str(value))}: needs a UTC offset or Z")
        return utc_timestamp(value)
    text = str(value)
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise DateError(f"bad {name} timestamp {_q(text)}") from exc
    if parsed.tzinfo is None:
        raise DateError(f"bad {name} timestamp {_q(text)}: needs a UTC offset or Z")
    return utc_timestamp(parsed)


# --- field validation -------------------------------------------------------------------------


def _int_field(name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"{name} must be a whole number")
    return value


def _check_fields(
    year: object,
    month: object,
    day: object,
    hour: object,
    minute: object,
    second: object,
) -> tuple[int, int | None, int | None, int | None, int | None, int | None]:
    """Check ranges and that units are given coarse-to-fine without gaps.

    A zero second is folded into minute precision: EDTF writes every time with seconds, so
    "12:00:00" must read back as the minute it came from (this is also the rule for datetimes).
    """
    y = _int_field("year", year)
    mo = _int_field("month", month)
    d = _int_field("day", day)
    h = _int_field("hour", hour)
    mi = _int_field("minute", minute)
    s = _int_field("second", second)
    if y is None:
        raise _Bad("a year is required")
    if not 1 <= y <= 9999:
        raise _Bad("year must be 1..9999")
    if mo is not None and not 1 <= mo <= 12:
        raise _Bad("month must be 1..12")
    if d is not None:
        if mo is None:
            raise _Bad("a day needs a month")
        try:
            dt.date(y, mo, d)
        except ValueError:
            raise _Bad("day is out of range for month") from None
    if (h is None) != (mi is None):
        raise _Bad("hour and minute go together")
    if h is not None and mi is not None:
        if d is None:
            raise _Bad("a time needs a day")
        if not 0 <= h <= 23:
            raise _Bad("hour must be 0..23")
        if not 0 <= mi <= 59:
            raise _Bad("minute must be 0..59")
    if s is not None:
        if mi is None:
            raise _Bad("seconds need a time")
        if not 0 <= s <= 59:
            raise _Bad("second must be 0..59")
        if s == 0:
            s = None
    return y, mo, d, h, mi, s


def _check_zone(naive: dt.datetime, tz: object, fold: int) -> tuple[str, int]:
    """Check a timed value's zone: the wall time must exist there and in UTC's years 1..9999."""
    if tz is None:
        raise _Bad("a time needs a time zone")
    if not isinstance(tz, str):
        raise _Bad("time zone must be a string")
    zone = check_timezone(tz)
    info = tzinfo_of(zone)
    before, after = _offsets_at(naive, info)
    if after > before:
        raise _Bad(_gap_reason(naive, zone, before, after))
    if before == after:
        fold = 0
    try:
        naive.replace(tzinfo=info, fold=fold).astimezone(dt.UTC)
    except OverflowError:
        raise _Bad("falls outside the years 1..9999 in UTC") from None
    return zone, fold


# --- values -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date or time known only to some precision, with optional EDTF qualifiers.

    Precision is which fields are set; nothing finer is ever implied. `fold` (0 or 1, as in PEP 495)
    only matters for a wall time that happens twice in its zone when clocks go back; it is what
    keeps the offset, and so a round trip through text, exact.
    """

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    tz: str | None = None
    approximate: bool = False
    uncertain: bool = False
    fold: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        try:
            for flag in ("approximate", "uncertain"):
                if not isinstance(getattr(self, flag), bool):
                    raise _Bad(f"{flag} must be True or False")
            if self.fold not in (0, 1) or isinstance(self.fold, bool):
                raise _Bad("fold must be 0 or 1")
            y, mo, d, h, mi, s = _check_fields(
                self.year, self.month, self.day, self.hour, self.minute, self.second
            )
            if mi is None:
                if self.tz is not None:
                    raise _Bad("only a time takes a time zone")
                if self.fold:
                    raise _Bad("fold only applies to times")
                zone, fold = None, 0
            else:
                assert mo is not None and d is not None and h is not None
                naive = dt.datetime(y, mo, d, h, mi, s or 0)
                zone, fold = _check_zone(naive, self.tz, self.fold)
        except _Bad as exc:
            raise DateError(f"bad date {_q(self._rough())}: {exc}") from None
        object.__setattr__(self, "second", s)
        object.__setattr__(self, "tz", zone)
        object.__setattr__(self, "fold", fold)

    def _rough(self) -> str:
        """Spell possibly-invalid fields for an error message."""

        def pad(value: object, width: int) -> str:
            return f"{value:0{width}d}" if isinstance(value, int) else str(value)

        text = pad(self.year, 4)
        for sep, value in (("-", self.month), ("-", self.day), ("T", self.hour)):
            if value is None:
                return text
            text += sep + pad(value, 2)
        for value in (self.minute, self.second):
            if value is None:
                break
            text += ":" + pad(value, 2)
        return text

    @property
    def precision(self) -> Precision:
        if self.second is not None:
            return Precision.SECOND
        if self.minute is not None:
            return Precision.MINUTE
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def _naive(self) -> dt.datetime:
        return dt.datetime(
            self.year,
            self.month or 1,
            self.day or 1,
            self.hour or 0,
            self.minute or 0,
            self.second or 0,
        )

    def span(self) -> tuple[int, int]:
        """Half-open wall-key span of everything this value could mean."""
        return _cached_span(self)

    def _compute_span(self) -> tuple[int, int]:
        y, mo = self.year, self.month
        precision = self.precision
        if precision is Precision.YEAR:
            return _key(y, 1, 1), _key(y + 1, 1, 1)
        if precision is Precision.MONTH:
            assert mo is not None
            end = _key(y + 1, 1, 1) if mo == 12 else _key(y, mo + 1, 1)
            return _key(y, mo, 1), end
        start = self._naive()
        step = {
            Precision.DAY: dt.timedelta(days=1),
            Precision.MINUTE: dt.timedelta(minutes=1),
            Precision.SECOND: dt.timedelta(seconds=1),
        }[precision]
        try:
            end_key = wall_key(start + step)
        except OverflowError:  # only the last unit of 9999 overflows, into 10000-01-01
            end_key = _END_OF_TIME
        return wall_key(start), end_key

    def _offset_text(self) -> str:
        offset = self.to_datetime().utcoffset()
        assert offset is not None
        return offset_text(offset)

    def _iso(self, *, seconds: bool) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.minute is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
            if seconds or self.second is not None:
                text += f":{self.second or 0:02d}"
            text += self._offset_text()
        return text

    def _qualifier(self) -> str:
        if self.approximate and self.uncertain:
            return "%"
        return "~" if self.approximate else "?" if self.uncertain else ""

    def _label(self) -> str:
        """ISO plus qualifier: how a value is named in messages."""
        return self.iso() + self._qualifier()

    def qualified(self) -> str:
        """ISO at this precision followed by its own EDTF qualifier: how an interval's end is stored."""
        return self._label()

    def iso(self) -> str:
        """Canonical ISO 8601 at this precision, qualifiers dropped."""
        return self._iso(seconds=False)

    def edtf(self) -> str:
        """EDTF level 1; times always carry seconds there, and parse back at their precision."""
        return self._iso(seconds=True) + self._qualifier()

    def zone_abbr(self) -> str:
        """The zone's abbreviation at this moment ("EST"), or "UTC+05:30" where there is none."""
        local = self.to_datetime()
        name = local.tzname()
        offset = local.utcoffset()
        assert offset is not None
        if self.tz is None or self.tz[0] in "+-" or not name or not name[0].isalpha():
            return "UTC" + offset_text(offset)  # fixed offsets and zones like "-03"
        return name

    def clock(self) -> str:
        """The time of day as written: HH:MM, or HH:MM:SS at second precision."""
        clock = f"{self.hour:02d}:{self.minute:02d}"
        return clock if self.second is None else f"{clock}:{self.second:02d}"

    def display(self) -> str:
        """Human-readable at this precision; "~" before if approximate, "?" after if uncertain."""
        precision = self.precision
        text = str(self.year)
        if self.month is not None:
            text = f"{_MONTH_ABBR[self.month - 1]} {text}"
        if self.day is not None:
            text = f"{self.day} {text}"
        if precision.timed:
            text = f"{text} {self.clock()} {self.zone_abbr()}"
        return ("~" if self.approximate else "") + text + ("?" if self.uncertain else "")

    def to_datetime(self) -> dt.datetime:
        """The aware datetime in the value's own zone; only a time has one."""
        if self.tz is None:
            raise DateError(f"{_q(self._label())} has no time of day")
        return self._naive().replace(tzinfo=tzinfo_of(self.tz), fold=self.fold)

    def to_utc(self) -> dt.datetime:
        return self.to_datetime().astimezone(dt.UTC)

    def first_day(self) -> dt.date:
        """First calendar day covered; for a time, the local day on which it happened."""
        return dt.date(self.year, self.month or 1, self.day or 1)


@lru_cache(maxsize=65536)
def _cached_span(value: PartialDate) -> tuple[int, int]:
    """Bulk imports ask for the same few thousand spans a million times."""
    return value._compute_span()


@dataclass(frozen=True, slots=True)
class When:
    """A single value or an interval whose end is inclusive at its own precision."""

    start: PartialDate
    end: PartialDate | None = None

    def __post_init__(self) -> None:
        start, end = self.start, self.end
        if not isinstance(start, PartialDate) or not (end is None or isinstance(end, PartialDate)):
            raise DateError("an interval is made of PartialDate values")
        if end is None:
            return
        both_timed = start.precision.timed and end.precision.timed
        if both_timed and start.tz != end.tz:
            # Wall keys of two zones do not compare, and one --tz could not read the pair back.
            raise DateError(
                f"interval {_q(start._label() + '/' + end._label())} mixes time zones "
                f"{start.tz} and {end.tz}: give both ends in one zone"
            )
        if end.span()[1] <= start.span()[0] or (both_timed and end.to_utc() < start.to_utc()):
            raise DateError(f"end {_q(end._label())} is before start {_q(start._label())}")

    @property
    def approximate(self) -> bool:
        return self.start.approximate or (self.end is not None and self.end.approximate)

    @property
    def uncertain(self) -> bool:
        return self.start.uncertain or (self.end is not None and self.end.uncertain)

    @property
    def precision(self) -> Precision:
        return self.start.precision

    @property
    def timezone(self) -> str | None:
        """The one zone of the value (both ends share it), to read edtf() back with."""
        if self.start.tz is not None:
            return self.start.tz
        return self.end.tz if self.end is not None else None

    def span(self) -> tuple[int, int]:
        return self.start.span()[0], (self.end or self.start).span()[1]

    def iso(self) -> str:
        return self.start.iso() + ("" if self.end is None else "/" + self.end.iso())

    def edtf(self) -> str:
        return self.start.edtf() + ("" if self.end is None else "/" + self.end.edtf())

    def display(self) -> str:
        """Both ends in full, except a same-day timed range, which says the day and zone once."""
        start, end = self.start, self.end
        if end is None:
            return start.display()
        plain = not (start.approximate or start.uncertain or end.approximate or end.uncertain)
        if (
            plain
            and start.precision.timed
            and end.precision.timed
            and start.first_day() == end.first_day()
            and start.zone_abbr() == end.zone_abbr()
        ):
            day = f"{start.day} {_MONTH_ABBR[(start.month or 1) - 1]} {start.year}"
            return f"{day} {start.clock()} – {end.clock()} {end.zone_abbr()}"
        return f"{start.display()} – {end.display()}"


def make_when(start: PartialDate, end: PartialDate | None = None) -> When:
    """Build a When, checking that the end is not before the start."""
    return When(start, end)


# --- wall keys --------------------------------------------------------------------------------


def _key(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> int:
    return year * _KEY_YEAR + month * 10**8 + day * 10**6 + hour * 10**4 + minute * 100 + second


def wall_key(dt_value: dt.datetime) -> int:
    """Wall-clock fields as YYYYMMDDHHMMSS; any tzinfo is ignored (it is local time by design)."""
    d = dt_value
    return _key(d.year, d.month, d.day, d.hour, d.minute, d.second)


def key_to_datetime(key: int) -> dt.datetime:
    """Inverse of wall_key, as a naive datetime."""
    if isinstance(key, bool) or not isinstance(key, int):
        raise DateError(f"bad wall key {key!r}")
    rest, second = divmod(key, 100)
    rest, minute = divmod(rest, 100)
    rest, hour = divmod(rest, 100)
    rest, day = divmod(rest, 100)
    year, month = divmod(rest, 100)
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except (ValueError, OverflowError):
        raise DateError(f"bad wall key {key!r}: not a date and time in years 1..9999") from None


# --- parsing ----------------------------------------------------------------------------------


def _resolve_zone(
    label: str, naive: dt.datetime, offset: dt.timedelta | None, tz: str | None
) -> tuple[str, int]:
    """Combine the offset written in a value with the zone asked for; pick the DST reading."""
    if tz is None:
        if offset is None:
            raise _NeedsZone(
                f"time {_q(label)} needs a time zone: add an offset "
                f"({_wall_text(naive, bool(naive.second))}-05:00) or --tz ZONE"
            )
        return _offset_zone(offset), 0
    zone = check_timezone(tz)
    before, after = _offsets_at(naive, tzinfo_of(zone))
    wall = _wall_text(naive, bool(naive.second))
    if after > before:
        raise DateError(f"bad date {_q(label)}: {_gap_reason(naive, zone, before, after)}")
    if offset is None:
        if before != after:
            raise DateError(
                f"bad date {_q(label)}: {wall} happens twice in {zone}: add an offset "
                f"({offset_text(before)} or {offset_text(after)})"
            )
        return zone, 0
    if offset == before:
        return zone, 0
    if offset == after:
        return zone, 1
    expected = offset_text(before)
    if after != before:
        expected += f" or {offset_text(after)}"
    raise DateError(
        f"bad date {_q(label)}: offset {offset_text(offset)} does not match {zone} ({expected}) at {wall}"
    )


def _assemble(
    label: str,
    fields: tuple[int, int | None, int | None, int | None, int | None, int | None],
    offset: dt.timedelta | None,
    tz: str | None,
    *,
    approximate: bool = False,
    uncertain: bool = False,
) -> PartialDate:
    """Validate parsed fields under the caller's spelling and settle a timed value's zone."""
    try:
        y, mo, d, h, mi, s = _check_fields(*fields)
    except _Bad as exc:
        raise DateError(f"bad date {_q(label)}: {exc}") from None
    zone: str | None = None
    fold = 0
    if mi is not None:  # tz is ignored for date-only values, as documented
        assert mo is not None and d is not None and h is not None
        naive = dt.datetime(y, mo, d, h, mi, s or 0)
        zone, fold = _resolve_zone(label, naive, offset, tz)
        try:
            _check_zone(naive, zone, fold)
        except _Bad as exc:
            raise DateError(f"bad date {_q(label)}: {exc}") from None
    return PartialDate(y, mo, d, h, mi, s, zone, approximate, uncertain, fold)


def _opt_int(text: str | None) -> int | None:
    return None if text is None else int(text)


def _parse_written(
    text: str,
) -> tuple[tuple[int, int | None, int | None, int | None, int | None, int | None], str | None] | None:
    """Read English forms; the regex decides the precision, pendulum reads the month name."""
    for pattern in _written_patterns():
        m = pattern.fullmatch(text)
        if m is not None:
            break
    else:
        return None
    import pendulum

    groups = m.groupdict()
    month_name = groups["mon"].capitalize()
    month_fmt = "MMM" if len(month_name) == 3 else "MMMM"
    day, hour, minute, second = (_opt_int(groups.get(k)) for k in ("day", "hour", "minute", "second"))
    normal, fmt = f"{month_name} {groups['year']}", f"{month_fmt} YYYY"
    if day is not None:
        normal, fmt = f"{day} {normal}", f"D {fmt}"
    if minute is not None:
        normal, fmt = f"{normal} {hour}:{minute:02d}", f"{fmt} H:mm"
    if second is not None:
        normal, fmt = f"{normal}:{second:02d}", f"{fmt}:ss"
    try:
        parsed = pendulum.from_format(normal, fmt)
    except ValueError:
        # Invalid as a whole: if the month name is real, let field checks say what is wrong.
        try:
            month = pendulum.from_format(month_name, month_fmt).month
        except ValueError:
            return None
        return (int(groups["year"]), month, day, hour, minute, second), groups.get("offset")
    fields = (
        parsed.year,
        parsed.month,
        None if day is None else parsed.day,
        None if minute is None else parsed.hour,
        None if minute is None else parsed.minute,
        None if second is None else parsed.second,
    )
    return fields, groups.get("offset")


def _parse_text(text: str, tz: str | None) -> PartialDate:
    label = text
    core, approximate, uncertain = text, False, False
    if core.startswith("~"):
        core, approximate = core[1:].lstrip(), True
    if core and core[-1] in "~?%":
        mark = core[-1]
        core = core[:-1].rstrip()
        approximate = approximate or mark in "~%"
        uncertain = mark in "?%"
    if not core:
        raise DateError(f"bad date {_q(label)}: no date given ({_HINT})")
    offset_text: str | None
    m = _ISO.fullmatch(core)
    if m is not None:
        fields = (
            int(m["year"]),
            _opt_int(m["month"]),
            _opt_int(m["day"]),
            _opt_int(m["hour"]),
            _opt_int(m["minute"]),
            _opt_int(m["second"]),
        )
        offset_text = m["offset"]
    else:
        written = _parse_written(" ".join(core.split()))
        if written is None:
            if _BAD_YEAR.fullmatch(core):
                raise DateError(f"bad date {_q(label)}: year must be 1..9999, written with four digits")
            raise DateError(f"bad date {_q(label)}: not a date chrono understands ({_HINT})")
        fields, offset_text = written
    try:
        offset = None if offset_text is None else _parse_offset(offset_text)
    except _Bad as exc:
        raise DateError(f"bad date {_q(label)}: {exc}") from None
    return _assemble(label, fields, offset, tz, approximate=approximate, uncertain=uncertain)


def _parse_datetime(value: dt.datetime, tz: str | None) -> PartialDate:
    label = value.isoformat()
    offset = value.utcoffset()
    zone_hint: str | None = None
    if offset is not None:
        if offset % dt.timedelta(seconds=1):
            raise DateError(f"bad date {_q(label)}: UTC offset has a fraction of a second")
        key = getattr(value.tzinfo, "key", None)  # zoneinfo (and pendulum) zones keep their name
        if isinstance(key, str):
            zone_hint = _canonical_zone(key)
    fields = (value.year, value.month, value.day, value.hour, value.minute, value.second)
    return _assemble(label, fields, offset, tz if tz is not None else zone_hint)


def _parse_interval(text: str, tz: str | None) -> When:
    parts = [part.strip() for part in text.split("/")]
    if len(parts) != 2:
        raise DateError(f"bad date {_q(text)}: not a date chrono understands ({_HINT})")
    if any(part in ("", "..") for part in parts):
        raise DateError(f"bad date {_q(text)}: open-ended intervals are not supported")
    sides: list[PartialDate | None] = []
    missing: list[_NeedsZone] = []
    for part in parts:
        try:
            sides.append(_parse_text(part, tz))
        except _NeedsZone as exc:  # may borrow the zone written on the other end
            sides.append(None)
            missing.append(exc)
    if missing:
        zones = {side.tz for side in sides if side is not None and side.tz is not None}
        if not zones:
            raise missing[0]
        zone = zones.pop()
        sides = [
            _parse_text(part, zone) if side is None else side for part, side in zip(parts, sides, strict=True)
        ]
    start, end = sides
    assert start is not None and end is not None
    return make_when(start, end)


def parse_date(value: str | int | dt.date | dt.datetime, *, tz: str | None = None) -> PartialDate:
    """Parse one date or time at exactly the precision written.

    `tz` (IANA name or offset) places times written without an offset, and must agree with one
    written with it; it is ignored for date-only values.
    """
    if isinstance(value, str):
        return _parse_date_text(value, tz)
    obj: object = value
    if isinstance(obj, bool):  # YAML's `yes` is not the year 1
        raise DateError(f"bad date {obj!r}: not a date chrono understands ({_HINT})")
    if isinstance(obj, int):
        return _assemble(str(obj), (obj, None, None, None, None, None), None, None)
    if isinstance(obj, dt.datetime):
        return _parse_datetime(obj, tz)
    if isinstance(obj, dt.date):
        return _assemble(obj.isoformat(), (obj.year, obj.month, obj.day, None, None, None), None, None)
    raise DateError(f"bad date {repr(obj)[:60]}: not a date chrono understands ({_HINT})")


def parse_when(value: str | int | dt.date | dt.datetime, *, tz: str | None = None) -> When:
    """Parse a single value or an "a/b" interval (each end any form parse_date accepts).

    An end written without a zone borrows the offset written on the other end.
    """
    if isinstance(value, str):
        return _parse_when_text(value, tz)
    return When(parse_date(value, tz=tz))


@lru_cache(maxsize=65536)
def _parse_date_text(value: str, tz: str | None) -> PartialDate:
    """Dates repeat across a large import; errors are not cached, so each one is reported."""
    text = value.strip()
    if "/" in text:
        _parse_interval(text, tz)
        raise DateError(f"{_q(text)} is an interval, not a single date")
    return _parse_text(text, tz)


@lru_cache(maxsize=65536)
def _parse_when_text(value: str, tz: str | None) -> When:
    if "/" in value:
        return _parse_interval(value.strip(), tz)
    return When(_parse_date_text(value, tz))
