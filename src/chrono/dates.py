"""Fuzzy historical dates: parsing, validation and formatting, with precision kept as data.

This is the only module in chrono that parses or formats dates. History is rarely known to the
second, so a value records exactly the units it was given and nothing finer: "2012" stays a year
(libraries such as pendulum would happily turn it into midnight on 1 January, so precision is
detected here with strict regular expressions, never by a general-purpose parser).

Years run without the limits of 1–9999: astronomical numbering (0 is 1 BC, -43 is 44 BC) on the
proleptic Gregorian calendar, with chrono's own day arithmetic, since `datetime` cannot hold a year
before 1. Besides year, month, day, minute and second, a value may be a decade (1990s, 199X), a
century (19XX, the 20th century: 1900–1999), a season (Spring 2022, EDTF 2022-21; northern
meteorological seasons, winter running from December into the next year), a quarter (Q1 2024,
EDTF 2024-33), an ISO week (2024-W05) or a third of a month or year (early/mid/late November 2022:
days 1–10, 11–20, 21 to the end; early/mid/late 2022: January–April, May–August,
September–December). Intervals may be open (2014/.., ../2014) or have an unknown end (2014/, /2014).

Timed values always carry a zone (an IANA name or a fixed offset) because an event belongs to the
day on which it happened where it happened. Ordering and overlap use "wall keys": integers
YYYYMMDDHHMMSS of local wall-clock time, cheap to store and index in any database.

Imports are kept light on purpose: everything here needs only the standard library. Written month
names are read from an English table (not pendulum, which cannot hold a year before 1, nor the
process locale).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from functools import lru_cache

from chrono.errors import DateError

__all__ = [
    "OpenEnd",
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
    """How finely a value is known, coarse to fine; stored as its string value."""

    CENTURY = "century"
    DECADE = "decade"
    YEAR = "year"
    SEASON = "season"
    QUARTER = "quarter"
    MONTH = "month"
    THIRD = "third"  # early/mid/late: a third of a month (or of a year, when no month is given)
    WEEK = "week"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"

    @property
    def timed(self) -> bool:
        """Timed values need a zone; date-only values must not have one."""
        return self in (Precision.MINUTE, Precision.SECOND)

    @property
    def rank(self) -> int:
        """Coarse-to-fine order (CENTURY=0 … SECOND=10), since string order would be alphabetical."""
        return _RANKS[self]


_RANKS = {p: i for i, p in enumerate(Precision)}
# Precisions that are not a run of year/month/day fields: PartialDate.unit names them.
_UNITS = frozenset(
    (
        Precision.CENTURY,
        Precision.DECADE,
        Precision.SEASON,
        Precision.QUARTER,
        Precision.THIRD,
        Precision.WEEK,
    )
)
_SEASONS = ("Spring", "Summer", "Autumn", "Winter")
_THIRDS = ("early", "mid", "late")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# English on purpose and hard-coded: `calendar.month_abbr` follows the process locale, and display
# runs on the `list` path where pendulum must not be imported.
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_LOOKUP = {
    **{name.lower(): i for i, name in enumerate(_MONTH_NAMES, start=1)},
    **{name.lower(): i for i, name in enumerate(_MONTH_ABBR, start=1)},
    "sept": 9,
}
_WEEKDAY_LOOKUP = {
    **{name.lower(): i for i, name in enumerate(_WEEKDAYS)},
    **{name[:3].lower(): i for i, name in enumerate(_WEEKDAYS)},
    "tues": 1, "wednes": 2, "thur": 3, "thurs": 3,
}  # fmt: skip
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_KEY_YEAR = 10**10
# Years as far as a 64-bit wall key holds them (keys are BIGINT in the database), with room for
# the open ends of intervals beyond them.
MAX_YEAR = 99_999_999
KEY_OPEN_START = -(10**18) * 2
KEY_OPEN_END = 10**18 * 2
# What `datetime`, and so an iCalendar DATE, can hold: 0001-01-01 up to (not including) 10000.
CALENDAR_KEYS = (10**10 + 101000000, 10000 * 10**10 + 101000000)

_HINT = "try 2024, 2024-12, 2024-12-08, 8 December 2024, 44 BC, 1990s, Q1 2024 or 2025-01-20T12:00-05:00"

_OFFSET = r"[+-][0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2})?)?"
_OFFSET_PARTS = re.compile(
    r"(?P<sign>[+-])(?P<hh>[0-9]{2})(?::?(?P<mm>[0-9]{2})(?::?(?P<ss>[0-9]{2}))?)?", re.ASCII
)
_TZ_OFFSET = re.compile(r"(?:UTC)?(" + _OFFSET + ")", re.ASCII | re.IGNORECASE)

_ISO = re.compile(
    r"""
    (?P<year>-?[0-9]{4})
    (?:-(?P<month>[0-9]{2})
      (?:-(?P<day>[0-9]{2})
        (?:[Tt\ ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})
          (?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?
          \ ?(?P<offset>[Zz]|"""
    + _OFFSET
    + r""")?
        )?
      )?
    )?
    """,
    re.ASCII | re.VERBOSE,
)

_FRACTION = "a fraction of a second is finer than chrono keeps: give whole seconds (12:00:05)"
_LONG_YEAR = re.compile(r"Y(?P<year>-?[1-9][0-9]{4,})", re.ASCII)
_SUB_YEAR = re.compile(r"(?P<year>-?[0-9]{4})-(?P<code>2[1-9]|3[0-9]|4[01])", re.ASCII)
_ISO_WEEK = re.compile(r"(?P<year>-?[0-9]{4})-?W(?P<week>[0-9]{2})(?:-?(?P<wd>[1-7]))?", re.ASCII)
_PART_QUALIFIED = re.compile(r"[~?%]?-?[0-9]{4}[~?%]?(?:-[0-9]{2}[~?%]?){1,2}", re.ASCII)
_DIGITS_X = re.compile(r"(?P<digits>[0-9]{1,3})(?P<x>[Xx]{1,3})", re.ASCII)
# Years written wrongly but clearly meant as years: a better message than "not a date".
_BAD_YEAR = re.compile(r"(?:-?[0-9]{1,3}|-?[0-9]{5,6}|Y-?[0-9]{1,4})(?:-[0-9]{2}){0,2}", re.ASCII)
_YEAR_FORMS = (
    "write years with four digits (0476), a minus before 1 (-0043 is 44 BC) or Y and five or more (Y12000)"
)

_WRITTEN_TIME = (
    r"(?:,?\s+(?:at\s+)?(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    r"(?:\s*(?P<offset>Z|UTC(?:" + _OFFSET + r")?|" + _OFFSET + r"))?)?"
)
_MON = r"(?P<mon>[a-z]{3,9})\.?"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[0-9]{1,9})"
_WRITTEN = (
    # 19 July 2022, 1st November 2022, the 1st of November 2022, 17 Jan 2025 14:00:30
    r"(?:the\s+)?" + _DAY + r"(?:\s+of)?\s+" + _MON + r",?\s+" + _YEAR + _WRITTEN_TIME,
    # Jan 17, 2025; January 17th 2025 14:00
    _MON + r"\s+" + _DAY + r",?\s+" + _YEAR + _WRITTEN_TIME,
    # July 2022
    _MON + r",?\s+" + _YEAR,
    # 44 (with an era: 44 BC)
    _YEAR,
)
_WRITTEN_FORMS = {
    "weekday": r"(?P<wd>[a-z]{3,9})\.?,?\s+(?P<rest>.+)",
    "circa": r"(?:(?:circa|approximately|about|around|approx\.|ca\.|c\.)\s*|(?:approx|ca|c)\s+)"
    r"(?P<rest>[0-9a-z].*)",
    "bce": r"(?P<rest>.+?)\s*(?:b\.?c\.?e?\.?)",
    "ce": r"(?:a\.?d\.?\s*(?P<rest1>.+))|(?:(?P<rest2>.+?)\s*(?:a\.?d\.?|c\.?e\.?))",
    "century": r"(?:the\s+)?(?P<n>[0-9]{1,3})(?:st|nd|rd|th)\s+century",
    "decade": r"(?:the\s+)?(?P<year>[0-9]{2,3}0)'?s(?P<said>\s+\(decade\))?",
    "season": r"(?P<season>spring|summer|autumn|fall|winter)(?:\s+of)?,?\s+(?P<year>[0-9]{1,9})",
    "quarter": r"(?:q(?P<q1>[1-4])\s*(?P<y1>[0-9]{1,9}))|(?:(?P<y2>[0-9]{4})[\s-]?q(?P<q2>[1-4]))",
    "week": r"week\s+(?P<week>[0-9]{1,2})(?:\s+of)?,?\s+(?P<year>[0-9]{1,9})",
    "third": r"(?P<third>early|mid|late)(?:-|\s+)(?P<rest>.+)",
    "month_range": r"(?P<m1>[a-z]{3,9})\.?\s*[–—-]\s*(?P<m2>[a-z]{3,9})\.?,?\s+(?P<year>[0-9]{4})",
    "day_range": r"(?P<d1>[0-9]{1,2})\s*[–—-]\s*(?P<d2>[0-9]{1,2})\s+"
    r"(?P<mon>[a-z]{3,9})\.?,?\s+(?P<year>[0-9]{4})",
}


@lru_cache(maxsize=1)
def _written_patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled on first use: written forms never occur on the `list` path."""
    return tuple(re.compile(p, re.ASCII | re.IGNORECASE) for p in _WRITTEN)


@lru_cache(maxsize=1)
def _forms() -> dict[str, re.Pattern[str]]:
    return {name: re.compile(p, re.ASCII | re.IGNORECASE) for name, p in _WRITTEN_FORMS.items()}


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


# --- calendar arithmetic (proleptic Gregorian, any year) --------------------------------------------


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_days(year: int, month: int) -> int:
    return 29 if month == 2 and _leap(year) else _DAYS_IN_MONTH[month - 1]


def day_number(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date, for any year (H. Hinnant's algorithm)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def day_from_number(number: int) -> tuple[int, int, int]:
    """Inverse of day_number: (year, month, day)."""
    z = number + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (month <= 2), month, day


def _weekday(number: int) -> int:
    """Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday)."""
    return (number + 3) % 7


def _week_one(year: int) -> int:
    """Day number of the Monday of ISO week 1: the week holding 4 January."""
    fourth = day_number(year, 1, 4)
    return fourth - _weekday(fourth)


def _weeks_in(year: int) -> int:
    return (_week_one(year + 1) - _week_one(year)) // 7


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _year_text(year: int) -> str:
    """EDTF spelling: four digits, a minus before year 0, "Y" for more than four digits."""
    if abs(year) > 9999:
        return f"Y{year}"
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def _year_words(year: int) -> str:
    """As people write it: 2024, 44 BC (astronomical -43), 1 BC (0)."""
    return str(year) if year > 0 else f"{1 - year} BC"


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

    A second of 0 is a second stated ("12:00:00" is known to the second); only a `datetime`, which
    always has seconds, is read to the minute when they are 0 (see `_parse_datetime`).
    """
    y = _int_field("year", year)
    mo = _int_field("month", month)
    d = _int_field("day", day)
    h = _int_field("hour", hour)
    mi = _int_field("minute", minute)
    s = _int_field("second", second)
    if y is None:
        raise _Bad("a year is required")
    if not -MAX_YEAR <= y <= MAX_YEAR:
        raise _Bad(f"year must be within {MAX_YEAR} years of year 0")
    if mo is not None and not 1 <= mo <= 12:
        raise _Bad("month must be 1..12")
    if mo is not None and abs(y) > 9999:
        raise _Bad("a year beyond 9999 (either way) is known only to the year")
    if d is not None:
        if mo is None:
            raise _Bad("a day needs a month")
        if not 1 <= d <= _month_days(y, mo):
            raise _Bad("day is out of range for month")
    if (h is None) != (mi is None):
        raise _Bad("hour and minute go together")
    if h is not None and mi is not None:
        if d is None:
            raise _Bad("a time needs a day")
        if not 1 <= y <= 9999:
            raise _Bad("a time of day needs a year 1..9999")
        if not 0 <= h <= 23:
            raise _Bad("hour must be 0..23")
        if not 0 <= mi <= 59:
            raise _Bad("minute must be 0..59")
    if s is not None:
        if mi is None:
            raise _Bad("seconds need a time")
        if not 0 <= s <= 59:
            raise _Bad("second must be 0..59")
    return y, mo, d, h, mi, s


def _check_unit(
    unit: object, part: object, y: int, mo: int | None, d: int | None
) -> tuple[Precision | None, int | None]:
    """The coarse precisions that are not a run of fields: a decade, century, season, quarter, week
    or third, with `part` saying which (season 1-4 from spring, quarter 1-4, week 1-53, third 1-3)."""
    if unit is None:
        if part is not None:
            raise _Bad("part needs a unit")
        return None, None
    if not isinstance(unit, str) or unit not in _UNITS:
        raise _Bad(f"unit must be one of {', '.join(sorted(_UNITS))}")
    unit = Precision(unit)
    p = _int_field("part", part)
    if d is not None or (mo is not None and unit is not Precision.THIRD):
        raise _Bad(f"a {unit.value} has no {'day' if d is not None else 'month'}")
    if unit in (Precision.DECADE, Precision.CENTURY):
        size = 10 if unit is Precision.DECADE else 100
        if p is not None:
            raise _Bad(f"a {unit.value} has no part")
        if y < 0 or y > 9999 or y % size:
            raise _Bad(f"a {unit.value} starts at a year from 0 to 9999 that divides by {size}")
        return unit, None
    if abs(y) > 9999:
        raise _Bad("a year beyond 9999 (either way) is known only to the year")
    top = {Precision.SEASON: 4, Precision.QUARTER: 4, Precision.THIRD: 3}.get(unit) or _weeks_in(y)
    if p is None or not 1 <= p <= top:
        raise _Bad(f"{unit.value} must be 1..{top}" + (f" in {y}" if unit is Precision.WEEK else ""))
    return unit, p


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

    `unit` names a precision that is not a run of fields (see `_check_unit`): a decade or century
    (`year` is its first year), a season, quarter or ISO week of `year` (`part` says which), or a
    third of `month`, or of `year` when there is no month (`part` 1 early, 2 mid, 3 late).
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
    unit: Precision | None = None
    part: int | None = None

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
            unit, part = _check_unit(self.unit, self.part, y, mo, d)
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
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "part", part)

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
        if self.unit is not None:
            return self.unit
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
        y, mo, part = self.year, self.month, self.part or 1
        precision = self.precision
        if precision in (Precision.CENTURY, Precision.DECADE, Precision.YEAR):
            size = {Precision.CENTURY: 100, Precision.DECADE: 10}.get(precision, 1)
            return _key(y, 1, 1), _key(y + size, 1, 1)
        if precision in (Precision.SEASON, Precision.QUARTER, Precision.MONTH) or (
            precision is Precision.THIRD and mo is None
        ):
            first, months = {
                Precision.SEASON: (3 * part, 3),  # spring is March–May … winter December–February
                Precision.QUARTER: (3 * part - 2, 3),
                Precision.THIRD: (4 * part - 3, 4),
            }.get(precision, (mo or 1, 1))
            return _month_key(y, first), _month_key(y, first + months)
        if precision is Precision.THIRD:
            assert mo is not None
            first_key = _key(y, mo, (1, 11, 21)[part - 1])
            return first_key, _key(y, mo, (11, 21)[part - 1]) if part < 3 else _month_key(y, mo + 1)
        if precision is Precision.WEEK:
            monday = _week_one(y) + 7 * (part - 1)
            return _day_key(monday), _day_key(monday + 7)
        if precision is Precision.DAY:
            assert mo is not None and self.day is not None
            number = day_number(y, mo, self.day)
            return _day_key(number), _day_key(number + 1)
        start = self._naive()
        step = dt.timedelta(minutes=1) if precision is Precision.MINUTE else dt.timedelta(seconds=1)
        try:
            end_key = wall_key(start + step)
        except OverflowError:  # only the last unit of 9999 overflows, into 10000-01-01
            end_key = _key(10000, 1, 1)
        return wall_key(start), end_key

    def _offset_text(self) -> str:
        offset = self.to_datetime().utcoffset()
        assert offset is not None
        return offset_text(offset)

    def _iso(self) -> str:
        unit, part = self.unit, self.part or 0
        if unit is Precision.CENTURY:
            return f"{self.year // 100:02d}XX"
        if unit is Precision.DECADE:
            return f"{self.year // 10:03d}X"
        text = _year_text(self.year)
        if unit is Precision.SEASON:
            return f"{text}-{20 + part}"
        if unit is Precision.QUARTER:
            return f"{text}-{32 + part}"
        if unit is Precision.WEEK:
            return f"{text}-W{part:02d}"
        if unit is Precision.THIRD:  # EDTF has no thirds: chrono's own words before the ISO value
            return f"{_THIRDS[part - 1]} {text}" + ("" if self.month is None else f"-{self.month:02d}")
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.minute is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
            if self.second is not None:
                text += f":{self.second:02d}"
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
        return self._iso()

    def edtf(self) -> str:
        """EDTF (level 1, and level 2 for quarters). EDTF has no time known only to the minute: chrono
        writes one as ISO 8601 does (2025-01-20T12:00-05:00), since 12:00:00 is a second stated.
        Weeks are ISO 8601 (2024-W05); thirds have no EDTF form ("early 2022-11")."""
        return self._iso() + self._qualifier()

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

    def words(self) -> str:
        """Human-readable at this precision, without qualifiers: "44 BC", "1990s", "Q1 2024"."""
        unit, part = self.unit, self.part or 0
        text = _year_words(self.year)
        if unit is Precision.CENTURY:
            return f"{_ordinal(self.year // 100 + 1)} century"
        if unit is Precision.DECADE:  # "1900s" alone could be read as the century
            year = str(self.year) if self.year >= 100 else f"{self.year:04d}"
            return f"{year}s" + (" (decade)" if self.year % 100 == 0 else "")
        if unit is Precision.SEASON:
            return f"{_SEASONS[part - 1]} {text}"
        if unit is Precision.QUARTER:
            return f"Q{part} {text}"
        if unit is Precision.WEEK:
            return f"week {part} of {text}"
        if self.month is not None:
            text = f"{_MONTH_ABBR[self.month - 1]} {text}"
        if unit is Precision.THIRD:
            return f"{_THIRDS[part - 1]} {text}"
        if self.day is not None:
            text = f"{self.day} {text}"
        if self.precision.timed:
            text = f"{text} {self.clock()} {self.zone_abbr()}"
        return text

    def display(self) -> str:
        """Human-readable at this precision; "~" before if approximate, "?" after if uncertain."""
        return ("~" if self.approximate else "") + self.words() + ("?" if self.uncertain else "")

    def to_datetime(self) -> dt.datetime:
        """The aware datetime in the value's own zone; only a time has one."""
        if self.tz is None:
            raise DateError(f"{_q(self._label())} has no time of day")
        return self._naive().replace(tzinfo=tzinfo_of(self.tz), fold=self.fold)

    def to_utc(self) -> dt.datetime:
        return self.to_datetime().astimezone(dt.UTC)

    def in_zone(self, zone: str) -> PartialDate:
        """The same moment on the clocks of `zone` (at the same precision); a value without a time
        of day stays as it is: a day, month or year has no hour to move."""
        if self.tz is None:
            return self
        moment = self.to_datetime().astimezone(tzinfo_of(check_timezone(zone)))
        return PartialDate(
            moment.year,
            moment.month,
            moment.day,
            moment.hour,
            moment.minute,
            None if self.second is None else moment.second,
            tz=zone,
            approximate=self.approximate,
            uncertain=self.uncertain,
            fold=moment.fold,
        )

    def first_day(self) -> dt.date:
        """First calendar day covered; for a time, the local day on which it happened."""
        year, month, day = self.first_ymd()
        if not 1 <= year <= 9999:
            raise DateError(f"{_q(self._label())} is outside the years 1..9999 that a calendar date holds")
        return dt.date(year, month, day)

    def first_ymd(self) -> tuple[int, int, int]:
        """(year, month, day) of the first day covered, in any year."""
        year, rest = divmod(self.span()[0], _KEY_YEAR)
        return year, rest // 10**8, rest // 10**6 % 100


@lru_cache(maxsize=65536)
def _cached_span(value: PartialDate) -> tuple[int, int]:
    """Bulk imports ask for the same few thousand spans a million times."""
    return value._compute_span()


class OpenEnd(enum.StrEnum):
    """An interval with one end open ("..": it goes on) or unknown (empty), as EDTF writes them."""

    SINCE = "since"  # 2014/..
    UNTIL = "until"  # ../2014
    END_UNKNOWN = "end unknown"  # 2014/
    START_UNKNOWN = "start unknown"  # /2014

    @property
    def open_start(self) -> bool:
        return self in (OpenEnd.UNTIL, OpenEnd.START_UNKNOWN)

    def say(self, known: str) -> str:
        """The interval in words around its known end: "since 2014", "until 2014"."""
        return _OPEN_WORDS[self].format(known)


_OPEN_TEXT = {
    OpenEnd.SINCE: "{}/..",
    OpenEnd.UNTIL: "../{}",
    OpenEnd.END_UNKNOWN: "{}/",
    OpenEnd.START_UNKNOWN: "/{}",
}
_OPEN_WORDS = {
    OpenEnd.SINCE: "since {}",
    OpenEnd.UNTIL: "until {}",
    OpenEnd.END_UNKNOWN: "from {} (end unknown)",
    OpenEnd.START_UNKNOWN: "until {} (start unknown)",
}


@dataclass(frozen=True, slots=True)
class When:
    """A single value or an interval whose end is inclusive at its own precision.

    With `open` set the interval has one known end, held in `start` whichever end it is (`end` is
    then None): "2014/.." (since 2014) spans from 2014 on without end, "../2014" everything up to
    the end of 2014, and an unknown end spans what it could be, so it overlaps every later range.
    """

    start: PartialDate
    end: PartialDate | None = None
    open: OpenEnd | None = None

    def __post_init__(self) -> None:
        start, end = self.start, self.end
        if not isinstance(start, PartialDate) or not (end is None or isinstance(end, PartialDate)):
            raise DateError("an interval is made of PartialDate values")
        if self.open is not None:
            if not isinstance(self.open, OpenEnd) or end is not None:
                raise DateError("an open interval has one known end")
            return
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
    def open_start(self) -> bool:
        """The start is open or unknown: `start` holds the known end."""
        return self.open is not None and self.open.open_start

    def fields(self) -> tuple[str, str | None, bool, bool]:
        """How an event stores its date: start text, end text, and the start's flags.

        An end keeps its own qualifier in its text ("2004-06~"); an open interval is kept whole in
        the start text ("2014~/..") with the known end's flags.
        """
        start, end = self.start, self.end
        if self.open is not None:
            return _OPEN_TEXT[self.open].format(start.qualified()), None, start.approximate, start.uncertain
        return start.iso(), end.qualified() if end else None, start.approximate, start.uncertain

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
        if self.open is not None:
            first, after = self.start.span()
            return (KEY_OPEN_START, after) if self.open.open_start else (first, KEY_OPEN_END)
        return self.start.span()[0], (self.end or self.start).span()[1]

    def in_calendar(self) -> bool:
        """Whether every known day lies in the years 1-9999 that `datetime` and iCalendar hold."""
        first, after = self.start.span() if self.open is not None else self.span()
        return CALENDAR_KEYS[0] <= first and after <= CALENDAR_KEYS[1]

    def in_zone(self, zone: str) -> When:
        """The value shown on the clocks of `zone` (see `PartialDate.in_zone`)."""
        from dataclasses import replace as _replace

        moved = None if self.end is None else self.end.in_zone(zone)
        return _replace(self, start=self.start.in_zone(zone), end=moved)

    def iso(self) -> str:
        if self.open is not None:
            return _OPEN_TEXT[self.open].format(self.start.iso())
        return self.start.iso() + ("" if self.end is None else "/" + self.end.iso())

    def edtf(self) -> str:
        if self.open is not None:
            return _OPEN_TEXT[self.open].format(self.start.edtf())
        return self.start.edtf() + ("" if self.end is None else "/" + self.end.edtf())

    def display(self) -> str:
        """Both ends in full, except a same-day timed range, which says the day and zone once."""
        start, end = self.start, self.end
        if self.open is not None:
            return self.open.say(start.display())
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


def make_when(start: PartialDate, end: PartialDate | None = None, open: OpenEnd | None = None) -> When:
    """Build a When, checking that the end is not before the start."""
    return When(start, end, open)


# --- wall keys --------------------------------------------------------------------------------


def _key(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> int:
    """YYYYMMDDHHMMSS as one integer; linear in the year, so BCE years order too (-0043 < 0001)."""
    return year * _KEY_YEAR + month * 10**8 + day * 10**6 + hour * 10**4 + minute * 100 + second


def _month_key(year: int, month: int) -> int:
    """The first day of a month counted on past December (13 is January of the next year)."""
    extra, index = divmod(month - 1, 12)
    return _key(year + extra, index + 1, 1)


def _day_key(number: int) -> int:
    return _key(*day_from_number(number))


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


_Fields = tuple[int, int | None, int | None, int | None, int | None, int | None]
_NO_MONTH: tuple[None, None, None, None, None] = (None, None, None, None, None)


@dataclass(slots=True)
class _Parsed:
    """What a spelling says, before validation: fields, a written offset, a unit and its part."""

    fields: _Fields
    offset: str | None = None
    unit: Precision | None = None
    part: int | None = None
    weekday: int | None = None  # Monday = 0, to check against the date
    approximate: bool = False


def _assemble(
    label: str,
    fields: _Fields,
    offset: dt.timedelta | None,
    tz: str | None,
    *,
    approximate: bool = False,
    uncertain: bool = False,
    unit: Precision | None = None,
    part: int | None = None,
) -> PartialDate:
    """Validate parsed fields under the caller's spelling and settle a timed value's zone."""
    try:
        y, mo, d, h, mi, s = _check_fields(*fields)
        unit, part = _check_unit(unit, part, y, mo, d)
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
    return PartialDate(y, mo, d, h, mi, s, zone, approximate, uncertain, fold, unit, part)


def _opt_int(text: str | None) -> int | None:
    return None if text is None else int(text)


def _bad(label: str, reason: str) -> DateError:
    return DateError(f"bad date {_q(label)}: {reason}")


def _parse_core(label: str, core: str) -> _Parsed:
    """ISO 8601 and EDTF forms first (what the database holds), then written English."""
    m = _SUB_YEAR.fullmatch(core)
    if m is not None:
        code = int(m["code"])
        if 21 <= code <= 24:
            return _Parsed((int(m["year"]), *_NO_MONTH), unit=Precision.SEASON, part=code - 20)
        if 33 <= code <= 36:
            return _Parsed((int(m["year"]), *_NO_MONTH), unit=Precision.QUARTER, part=code - 32)
        raise _bad(label, f"EDTF code {code} is not supported (21-24 are seasons, 33-36 quarters)")
    m = _ISO.fullmatch(core)
    if m is not None:
        if m["fraction"] and m["fraction"].strip("0"):
            raise _bad(label, _FRACTION)
        month, day, hour, minute, second = (
            _opt_int(m[k]) for k in ("month", "day", "hour", "minute", "second")
        )
        return _Parsed((int(m["year"]), month, day, hour, minute, second), m["offset"])
    m = _LONG_YEAR.fullmatch(core)
    if m is not None:
        return _Parsed((int(m["year"]), *_NO_MONTH))
    m = _ISO_WEEK.fullmatch(core)
    if m is not None:
        return _week(label, int(m["year"]), int(m["week"]), _opt_int(m["wd"]))
    m = _DIGITS_X.fullmatch(core)
    if m is not None and len(core) == 4:
        size = 10 ** len(m["x"])
        if size > 100:
            raise _bad(label, "millennia (1XXX) are not supported: give a century (19XX) or an interval")
        unit = Precision.DECADE if size == 10 else Precision.CENTURY
        return _Parsed((int(m["digits"]) * size, *_NO_MONTH), unit=unit)
    if core[:1] in "[{":
        raise _bad(
            label,
            "sets of dates ([a,b] one of, {a,b} all of) are not supported: give one date or an interval a/b",
        )
    words = _parse_words(label, " ".join(core.split()))
    if words is not None:
        return words
    if _PART_QUALIFIED.fullmatch(core):
        raise _bad(
            label,
            "a qualifier on one part of a date (EDTF level 2) is not supported: "
            "qualify the whole date (2004-06-11~)",
        )
    if _BAD_YEAR.fullmatch(core):
        raise _bad(label, _YEAR_FORMS)
    raise _bad(label, f"not a date chrono understands ({_HINT})")


def _week(label: str, year: int, week: int, weekday: int | None) -> _Parsed:
    """An ISO week, or one day of it (2024-W05-2 is the Tuesday)."""
    if weekday is None:
        return _Parsed((year, *_NO_MONTH), unit=Precision.WEEK, part=week)
    if abs(year) > 9999 or not 1 <= week <= _weeks_in(year):
        raise _bad(label, f"week must be 1..{_weeks_in(year) if abs(year) <= 9999 else 53} in {year}")
    y, mo, d = day_from_number(_week_one(year) + 7 * (week - 1) + weekday - 1)
    return _Parsed((y, mo, d, None, None, None))


def _parse_words(label: str, text: str) -> _Parsed | None:
    """English as people write it; None if it is not one of the forms."""
    forms = _forms()
    m = forms["circa"].fullmatch(text)
    if m is not None:
        inner = _parse_core(label, m["rest"])
        inner.approximate = True
        return inner
    weekday = None
    m = forms["weekday"].fullmatch(text)
    if m is not None and m["wd"].lower() in _WEEKDAY_LOOKUP:
        weekday, text = _WEEKDAY_LOOKUP[m["wd"].lower()], m["rest"]
    m = forms["third"].fullmatch(text)
    if m is not None:
        inner = _parse_core(label, m["rest"])
        if inner.unit is not None or inner.fields[2] is not None:
            raise _bad(label, "early, mid and late go with a month or a year")
        return _Parsed(inner.fields, unit=Precision.THIRD, part=_THIRDS.index(m["third"].lower()) + 1)
    era = 0
    m = forms["bce"].fullmatch(text)
    if m is not None:
        era, text = -1, m["rest"]
    else:
        m = forms["ce"].fullmatch(text)
        if m is not None:
            era, text = 1, m["rest1"] or m["rest2"]
    parsed = _parse_groups(label, text, era)
    if parsed is None:
        parsed = _parse_day_month(label, text, era)
    if parsed is not None and weekday is not None:
        if parsed.fields[2] is None or parsed.unit is not None:
            raise _bad(label, "a weekday needs a day")
        parsed.weekday = weekday
    return parsed


def _era_year(label: str, digits: str, era: int) -> int:
    if not era and len(digits) != 4:
        raise _bad(label, _YEAR_FORMS)
    year = int(digits)
    if era and year == 0:
        raise _bad(label, "there is no year 0 in BC/AD years (1 BC is followed by AD 1)")
    return 1 - year if era < 0 else year


def _parse_groups(label: str, text: str, era: int) -> _Parsed | None:
    """Centuries, decades, seasons, quarters and weeks in words."""
    forms = _forms()
    for name in ("century", "decade"):
        m = forms[name].fullmatch(text)
        if m is not None:
            if era < 0:
                raise _bad(
                    label, "decades and centuries before year 1 are not supported: give years (500 BC/401 BC)"
                )
            if name == "century":
                if int(m["n"]) < 1:
                    raise _bad(label, "centuries count from the 1st")
                return _Parsed(((int(m["n"]) - 1) * 100, *_NO_MONTH), unit=Precision.CENTURY)
            if m["year"].endswith("00") and not m["said"]:
                raise _bad(
                    label,
                    f"{m['year']}s could be a decade or a century: "
                    f"write {m['year']}s (decade), {m['year'][:3]}X or {m['year'][:2]}XX",
                )
            return _Parsed((int(m["year"]), *_NO_MONTH), unit=Precision.DECADE)
    m = forms["season"].fullmatch(text)
    if m is not None:
        season = {"fall": 3}.get(m["season"].lower()) or [s.lower() for s in _SEASONS].index(
            m["season"].lower()
        ) + 1
        return _Parsed((_era_year(label, m["year"], era), *_NO_MONTH), unit=Precision.SEASON, part=season)
    m = forms["quarter"].fullmatch(text)
    if m is not None:
        year, quarter = m["y1"] or m["y2"], int(m["q1"] or m["q2"])
        return _Parsed((_era_year(label, year, era), *_NO_MONTH), unit=Precision.QUARTER, part=quarter)
    m = forms["week"].fullmatch(text)
    if m is not None:
        return _week(label, _era_year(label, m["year"], era), int(m["week"]), None)
    return None


def _parse_day_month(label: str, text: str, era: int) -> _Parsed | None:
    """Day, month and year in words ("1st November 2022", "Jan 17, 2025 14:00"); a year with an era."""
    patterns = _written_patterns()
    for pattern in patterns if era else patterns[:-1]:
        m = pattern.fullmatch(text)
        if m is not None:
            break
    else:
        return None
    groups = m.groupdict()
    if not era and len(groups["year"]) != 4:
        return None
    month = None
    if groups.get("mon") is not None:
        month = _MONTH_LOOKUP.get(groups["mon"].lower())
        if month is None:
            return None
    day, hour, minute, second = (_opt_int(groups.get(k)) for k in ("day", "hour", "minute", "second"))
    year = _era_year(label, groups["year"], era)
    return _Parsed((year, month, day, hour, minute, second), groups.get("offset"))


def _check_weekday(label: str, value: PartialDate, weekday: int) -> None:
    assert value.month is not None and value.day is not None
    actual = _weekday(day_number(value.year, value.month, value.day))
    if actual != weekday:
        day = f"{value.day} {_MONTH_NAMES[value.month - 1]} {_year_words(value.year)}"
        raise _bad(label, f"{day} is a {_WEEKDAYS[actual]}, not a {_WEEKDAYS[weekday]}")


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
    parsed = _parse_core(label, core)
    try:
        offset = None if parsed.offset is None else _parse_offset(parsed.offset)
    except _Bad as exc:
        raise DateError(f"bad date {_q(label)}: {exc}") from None
    value = _assemble(
        label,
        parsed.fields,
        offset,
        tz,
        approximate=approximate or parsed.approximate,
        uncertain=uncertain,
        unit=parsed.unit,
        part=parsed.part,
    )
    if parsed.weekday is not None:
        _check_weekday(label, value, parsed.weekday)
    return value


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
    if value.microsecond:
        raise DateError(f"bad date {_q(label)}: {_FRACTION}")
    second = value.second or None  # a datetime always has seconds: 0 says nothing finer than minutes
    fields = (value.year, value.month, value.day, value.hour, value.minute, second)
    return _assemble(label, fields, offset, tz if tz is not None else zone_hint)


def _parse_interval(text: str, tz: str | None) -> When:
    parts = [part.strip() for part in text.split("/")]
    if len(parts) != 2:
        raise DateError(f"bad date {_q(text)}: not a date chrono understands ({_HINT})")
    first, last = parts
    if first in ("", "..") and last in ("", ".."):
        raise DateError(f"bad date {_q(text)}: an interval needs at least one date")
    if first in ("", ".."):
        return When(_parse_text(last, tz), None, OpenEnd.UNTIL if first else OpenEnd.START_UNKNOWN)
    if last in ("", ".."):
        return When(_parse_text(first, tz), None, OpenEnd.SINCE if last else OpenEnd.END_UNKNOWN)
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


_ZONE_NAME = r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)+"
_ZONE_AFTER = re.compile(r"(?P<value>.*[0-9.](?:\s*[~?%])?)\s+(?P<zone>" + _ZONE_NAME + r")\s*", re.ASCII)
_ZONE_INSIDE = re.compile(r"\s" + _ZONE_NAME, re.ASCII)


def _written_zone(text: str, tz: str | None) -> tuple[str, str | None]:
    """A value with an IANA zone name after it ("2022-11-01 14:00 Europe/Kyiv"): the value, and the
    zone it is in. `tz` (the zone asked for) must then be the same zone."""
    m = _ZONE_AFTER.fullmatch(text)
    if m is None:
        return text, tz
    value, name = m["value"].rstrip(), m["zone"]
    zone = _canonical_zone(name)
    if zone is None:
        raise DateError(f"bad date {_q(text)}: unknown time zone {_q(name)} (an IANA name, as Europe/Kyiv)")
    if _ZONE_INSIDE.search(value):
        raise DateError(f"bad date {_q(text)}: give the time zone once, after the whole value")
    if tz is not None and _canonical_zone(tz) not in (zone, None):
        raise DateError(f"bad date {_q(text)}: it says {zone}, and the zone asked for is {tz}")
    if ":" not in value:
        raise DateError(f"bad date {_q(text)}: only a time of day takes a time zone")
    return value, zone


@lru_cache(maxsize=65536)
def _parse_date_text(value: str, tz: str | None) -> PartialDate:
    """Dates repeat across a large import; errors are not cached, so each one is reported."""
    text, tz = _written_zone(value.strip(), tz)
    if "/" in text:
        _parse_interval(text, tz)
        raise DateError(f"{_q(text)} is an interval, not a single date")
    if not text[:1].isdigit() and _parse_range(" ".join(text.split()), tz) is not None:
        raise DateError(f"{_q(text)} is an interval, not a single date")
    return _parse_text(text, tz)


@lru_cache(maxsize=65536)
def _parse_when_text(value: str, tz: str | None) -> When:
    if "/" in value and _ZONE_AFTER.fullmatch(value.strip()):
        value, tz = _written_zone(value.strip(), tz)
    if "/" in value:
        return _parse_interval(value.strip(), tz)
    if not value[:1].isdigit() or " " in value.strip():  # ISO values are never ranges in words
        ranged = _parse_range(" ".join(value.split()), tz)
        if ranged is not None:
            return ranged
    return When(_parse_date_text(value, tz))


_RANGE_WORDS = re.compile(r"(?P<word>since|until|from)\s+(?P<rest>.+)", re.IGNORECASE)


def _parse_range(text: str, tz: str | None) -> When | None:
    """Ranges in words: "March–May 2022", "29–31 March 2022", "a – b", "since 2014", "until 2014"."""
    forms = _forms()
    m = forms["month_range"].fullmatch(text)
    if m is not None and m["m1"].lower() in _MONTH_LOOKUP and m["m2"].lower() in _MONTH_LOOKUP:
        return make_when(_parse_text(f"{m['m1']} {m['year']}", tz), _parse_text(f"{m['m2']} {m['year']}", tz))
    m = forms["day_range"].fullmatch(text)
    if m is not None:
        month = f"{m['mon']} {m['year']}"
        return make_when(_parse_text(f"{m['d1']} {month}", tz), _parse_text(f"{m['d2']} {month}", tz))
    if " – " in text:
        first, _, last = text.partition(" – ")
        return _parse_interval(f"{first}/{last}", tz)
    m = _RANGE_WORDS.fullmatch(text)
    if m is not None:
        word, rest = m["word"].lower(), m["rest"]
        if word == "from":
            if not rest.endswith(" (end unknown)"):
                return None
            return When(_parse_text(rest.removesuffix(" (end unknown)"), tz), None, OpenEnd.END_UNKNOWN)
        if word == "until" and rest.endswith(" (start unknown)"):
            return When(_parse_text(rest.removesuffix(" (start unknown)"), tz), None, OpenEnd.START_UNKNOWN)
        return When(_parse_text(rest, tz), None, OpenEnd.SINCE if word == "since" else OpenEnd.UNTIL)
    return None
