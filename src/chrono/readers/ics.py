"""iCalendar (RFC 5545) import: any calendar file into chrono events.

`read_ics` reads any RFC 5545 calendar with icalendar, one VEVENT at a time, and reports
errors as "FILE:LINE: …". Choices made for foreign calendars:

- UID → id: chrono's `<id>@chrono` gives `<id>`; a UID that is a valid chrono id is kept;
  any other becomes `ics-` + 16 hex digits of its SHA-1, so importing again updates instead
  of duplicating. A VEVENT without UID gets the same kind of id from its SUMMARY and DTSTART.
- All-day events keep day precision (several days: an interval ending DTEND − 1 day). Timed
  events keep minute or second precision and their TZID zone: an IANA name, a Windows name
  (Outlook's "W. Europe Standard Time" is Europe/Berlin) or "/vendor/Area/City"; a custom
  VTIMEZONE chrono cannot name becomes its UTC offset. UTC times stay in UTC; floating times
  take the calendar's X-WR-TIMEZONE, or are an error.
- Recurring events: only the first occurrence (DTSTART) is imported, and counted in the Reading;
  overridden instances (VEVENTs with RECURRENCE-ID) of a series in the file are counted, and those
  whose series is absent are imported as events, with ids from their UID and RECURRENCE-ID.
- A bare VEVENT (no VCALENDAR around it) is a calendar of one; VALUE=DATE with a midnight date-time
  is that date; a once-only property given twice is an error at its second line. With
  `skip_invalid`, a bad VEVENT is skipped and noted with its line instead of stopping the import.
- `expand` (a range) imports each occurrence of a recurring event in it, worked out by
  python-recurring-ical-events; `attendees` makes ORGANIZER and ATTENDEEs actors (else counted).
- SUMMARY → title ("(no title)" when missing), DESCRIPTION, LOCATION, GEO → latitude and
  longitude, CATEGORIES → tags,
  URL → a source, STATUS CANCELLED → retracted, TENTATIVE → disputed. CREATED, LAST-MODIFIED
  and SEQUENCE are left to the store.

icalendar is imported inside functions only, so `chrono --help` does not pay for it.

An export of chrono's own (`chrono.render.ics`) imports back exactly through its X-CHRONO-* properties.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chrono.dates import When, check_timezone, offset_text, parse_when, tzinfo_of
from chrono.errors import ChronoError, DateError, InvalidInput
from chrono.event_data import DATA_FIELDS, shown_data
from chrono.fields import MAX_ITEMS, Stamp
from chrono.models import SOURCE_KEYS, EventInput, SourceRef, is_id
from chrono.places import geo_from_mapping
from chrono.readers.media import calendar_media, take_media
from chrono.readers.reading import Reading
from chrono.render.ics import NO_TITLE, VAGUE, appendix, marker_words, text_as_read

__all__ = ["read_ics"]

_CRLF = "\r\n"
_STATUS_IN = {"CANCELLED": "retracted", "TENTATIVE": "disputed"}
_ONCE = ("UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")  # RFC 5545: at most once a VEVENT
_READ = {  # the VEVENT properties import reads, besides X-CHRONO-*
    "UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "SUMMARY", "DESCRIPTION", "LOCATION",
    "CATEGORIES", "URL", "STATUS", "GEO",
}  # fmt: skip


@dataclass(slots=True)
class _Block:
    """One VEVENT's unfolded content lines and the line each property first starts on."""

    begin: int
    lines: list[str] = field(default_factory=list)
    where: dict[str, int] = field(default_factory=dict)
    uid: str = ""
    problem: tuple[int, str] | None = None  # found while scanning; raised when the VEVENT is read


class _LineError(Exception):
    """A problem found at a line while scanning one VEVENT."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


class _PropError(Exception):
    """A problem with one property, to be reported at its line."""

    def __init__(self, prop: str, message: str) -> None:
        super().__init__(message)
        self.prop = prop


def read_ics(
    path: Path,
    *,
    skip_invalid: bool = False,
    reading: Reading | None = None,
    attendees: bool = False,
    expand: When | None = None,
    tz: str | None = None,
    midnight_is_day: bool = False,
    removed: list[str] | None = None,
    stamps: dict[int, Stamp] | None = None,
) -> Iterator[tuple[EventInput, int]]:
    """Events of an iCalendar file, each with the line of its BEGIN:VEVENT.

    Each event's CREATED and LAST-MODIFIED (and, in chrono's own calendars, its SEQUENCE as the
    revision) go into `stamps` by that line, for an import to keep when it creates the event.
    Tombstones of removed events in chrono's own feeds (VEVENTs with X-CHRONO-REMOVED) are not
    events: they are left out, their UIDs appended to `removed` for the import to report.

    Any problem raises InvalidInput as "FILE:LINE: message", or with `skip_invalid` skips that
    VEVENT and notes it in `reading` (with what else was read but not kept). `attendees` makes the
    ORGANIZER and ATTENDEEs actors; `expand` imports each occurrence of a recurring event within
    that range instead of the first one; `tz` places floating times of a calendar without an
    X-WR-TIMEZONE; `midnight_is_day` reads a DTSTART/DTEND at midnight UTC as that day. See the
    module docstring for how foreign calendars are
    mapped.
    """
    reading = reading if reading is not None else Reading()
    options = _Options(attendees, expand, midnight_is_day)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidInput(f"{path}:{line}: not UTF-8 text ({exc.reason})") from exc
    blocks, timezones, calendar_props = _scan(text, path)
    _load_timezones(timezones, path)
    floating = calendar_props.get("X-WR-TIMEZONE") or ((tz, 1) if tz is not None else None)
    series = {block.uid for block in blocks if "RECURRENCE-ID" not in block.where}
    if expand is not None:
        blocks = _expanded(blocks, timezones, expand, path)
    for block in blocks:
        if any(line[:17].upper() == "X-CHRONO-REMOVED:" for line in block.lines):
            if removed is not None:
                uid = next((line[4:] for line in block.lines if line[:4].upper() == "UID:"), "")
                removed.append(uid.strip())
            continue
        try:
            if block.problem is not None:
                raise _LineError(*block.problem)
            read = _read_event(block, floating, series, reading, options)
        except (_PropError, _LineError, ChronoError) as exc:
            if isinstance(exc, _PropError):
                line = _line_of(block, exc.prop, floating)
            else:
                line = exc.line if isinstance(exc, _LineError) else block.begin
            if not skip_invalid:
                raise InvalidInput(f"{path}:{line}: {exc}") from exc
            reading.skip(line, f"VEVENT of line {block.begin}: {exc}")
            continue
        if read is not None:
            if stamps is not None and read[1] is not None:
                stamps[block.begin] = read[1]
            yield read[0], block.begin


def _line_of(block: _Block, prop: str, floating: tuple[str, int] | None) -> int:
    if prop == "X-WR-TIMEZONE" and floating is not None:
        return floating[1]
    return block.where.get(prop, block.begin)


MAX_LINE = 4 << 20  # characters of one unfolded content line: far more than the longest fields allow


def _scan(
    text: str, path: Path
) -> tuple[list[_Block], list[tuple[int, list[str]]], dict[str, tuple[str, int]]]:
    """Check the file's structure line by line; split out VEVENTs, VTIMEZONEs, calendar props."""
    from icalendar.parser import Contentline

    content_line: Any = Contentline  # untyped in icalendar
    blocks: list[_Block] = []
    timezones: list[tuple[int, list[str]]] = []
    calendar_props: dict[str, tuple[str, int]] = {}
    stack: list[tuple[str, int]] = []
    block: _Block | None = None
    zone: list[str] | None = None
    seen_calendar = False
    for number, line in _unfold(text):
        if len(line) > MAX_LINE:
            raise InvalidInput(f"{path}:{number}: a content line longer than {MAX_LINE:,} characters")
        try:
            name, _params, value = content_line(line).parts()
        except (ValueError, AssertionError) as exc:
            raise InvalidInput(f"{path}:{number}: not an iCalendar content line: {_cut(line)}") from exc
        name = name.upper()
        if name == "CATEGORIES" and value.count(",") - value.count("\\,") >= MAX_ITEMS:
            raise InvalidInput(f"{path}:{number}: CATEGORIES: at most {MAX_ITEMS} tags, not more")
        if name == "BEGIN":
            kind = value.strip().upper()
            if not stack and kind == "VEVENT":  # a bare VEVENT (an e-mail's ticket): a calendar of one
                stack.append(("VCALENDAR", 0))
                seen_calendar = True
            if not stack and kind != "VCALENDAR":
                raise InvalidInput(f"{path}:{number}: expected BEGIN:VCALENDAR, found {_cut(line)}")
            if kind == "VCALENDAR":
                if stack:
                    raise InvalidInput(f"{path}:{number}: BEGIN:VCALENDAR inside {stack[-1][0]}")
                seen_calendar = True
            if len(stack) == 1 and kind == "VEVENT":
                block = _Block(number)
            if len(stack) == 1 and kind == "VTIMEZONE":
                zone = []
                timezones.append((number, zone))
            stack.append((kind, number))
        elif name == "END":
            kind = value.strip().upper()
            if not stack:
                raise InvalidInput(f"{path}:{number}: END:{kind} without BEGIN:{kind}")
            if stack[-1][0] != kind:
                open_kind, open_line = stack[-1]
                raise InvalidInput(
                    f"{path}:{number}: END:{kind} closes BEGIN:{open_kind} of line {open_line}"
                )
            stack.pop()
        elif not stack:
            raise InvalidInput(f"{path}:{number}: {name} outside BEGIN:VCALENDAR … END:VCALENDAR")
        elif len(stack) == 1:
            calendar_props.setdefault(name, (value, number))
        if block is not None:
            block.lines.append(line)
            if len(stack) == 2 and name not in ("BEGIN", "END"):
                if name in _ONCE and name in block.where and block.problem is None:
                    block.problem = (
                        number,
                        f"{name} is given twice in one VEVENT (first at line {block.where[name]})",
                    )
                block.where.setdefault(name, number)
                if name == "UID":
                    block.uid = value.strip()
            if len(stack) == 1:
                blocks.append(block)
                block = None
        if zone is not None:
            zone.append(line)
            if len(stack) == 1:
                zone = None
    if stack == [("VCALENDAR", 0)]:
        stack.pop()  # the calendar around bare VEVENTs
    if stack:
        kind, number = stack[-1]
        raise InvalidInput(f"{path}:{number}: BEGIN:{kind} is never closed with END:{kind}")
    if not seen_calendar:
        raise InvalidInput(f"{path}:1: not an iCalendar file (no BEGIN:VCALENDAR)")
    return blocks, timezones, calendar_props


def _unfold(text: str) -> Iterator[tuple[int, str]]:
    """Content lines with the physical line each starts on; CRLF or bare LF, blank lines skipped."""
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if line[:1] in (" ", "\t") and current:
            current.append(line[1:])
            continue
        if current:
            yield start, "".join(current)
        current, start = ([line], number) if line.strip() else ([], number)
    if current:
        yield start, "".join(current)


def _cut(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _load_timezones(timezones: list[tuple[int, list[str]]], path: Path) -> None:
    """Let icalendar learn the file's VTIMEZONEs before any event refers to them."""
    if not timezones:
        return
    from icalendar import Calendar

    for number, lines in timezones:
        try:
            Calendar.from_ical(_CRLF.join(["BEGIN:VCALENDAR", *lines, "END:VCALENDAR", ""]))
        except (ValueError, TypeError, KeyError) as exc:
            raise InvalidInput(f"{path}:{number}: bad VTIMEZONE: {exc}") from exc


@dataclass(frozen=True, slots=True)
class _Options:
    attendees: bool = False
    expand: When | None = None
    midnight_is_day: bool = False


def _expanded(
    blocks: list[_Block], timezones: list[tuple[int, list[str]]], expand: When, path: Path
) -> list[_Block]:
    """Each recurring series replaced by its occurrences in the range (python-recurring-ical-events),
    every one reported at the line of its series; the series' moved instances are among them."""
    import recurring_ical_events  # type: ignore[import-untyped]
    from icalendar import Calendar

    from chrono.dates import key_to_datetime

    first, after = expand.span()
    start, end = key_to_datetime(first), key_to_datetime(after)
    zones = [line for _number, lines in timezones for line in lines]
    recurring = {b.uid for b in blocks if "RRULE" in b.where or "RDATE" in b.where}
    result: list[_Block] = []
    done: set[str] = set()
    for block in blocks:
        if block.uid not in recurring:
            result.append(block)
            continue
        if block.uid in done:
            continue
        done.add(block.uid)
        family = [b for b in blocks if b.uid == block.uid]
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", *zones, *(line for b in family for line in b.lines)]
        try:
            calendar = Calendar.from_ical(_CRLF.join([*lines, "END:VCALENDAR", ""]))
            occurrences = recurring_ical_events.of(calendar).between(start, end)
        except Exception as exc:  # the library raises its own kinds for bad rules
            raise InvalidInput(f"{path}:{block.begin}: cannot expand this recurring event: {exc}") from exc
        for occurrence in occurrences:
            text = occurrence.to_ical().decode("utf-8")
            occ = _Block(block.begin, [line for _n, line in _unfold(text)], uid=block.uid)
            occ.where = {"RECURRENCE-ID": block.begin, "DTSTART": block.where.get("DTSTART", block.begin)}
            result.append(occ)
    return result


def _read_event(
    block: _Block, floating: tuple[str, int] | None, series: set[str], reading: Reading, options: _Options
) -> tuple[EventInput, Stamp | None] | None:
    """One VEVENT as an event input, in the field names `event_from_mapping` validates."""
    from chrono.fields import event_from_mapping

    event = _parse_block(block)
    instance = "RECURRENCE-ID" in event
    if instance and block.uid in series and options.expand is None:
        reading.dropped["moved or edited instances of a series (its first occurrence is imported)"] += 1
        return None
    if not instance and ("RRULE" in event or "RDATE" in event):
        reading.dropped["repeats of recurring events (each is imported as its first occurrence)"] += 1
    item: dict[str, Any] = {"id": _event_id(event, _raw(event, "RECURRENCE-ID") if instance else "")}
    ours = "X-CHRONO-EDTF" in event
    title = " ".join(_plain(event.get("SUMMARY")).split())
    description = _plain(event.get("DESCRIPTION"))
    if ours:
        when = _chrono_fields(event, item)
        if _is_marker(event, when):
            title = title.removesuffix(f" ({marker_words(when)})")
        description = _strip_appendix(description, item)
    else:
        item.update(_foreign_dates(event, floating, options.midnight_is_day))
        url = _plain(event.get("URL"))
        if url:
            item["sources"] = [{"url": url}]
        media = calendar_media(event, reading)
        if media:
            take_media(item, media, reading)
        people = _people(event)
        if people and options.attendees:
            item["actors"] = [{"name": name, "role": role} for name, role in people.items()]
        elif people:
            reading.dropped["attendees and organizers (--attendees-as-actors keeps them)"] += len(people)
    item["title"] = title or NO_TITLE
    item["description"] = description
    location = _plain(event.get("LOCATION"))
    if location.strip():
        item["location"] = location
    item.update(_geo(event))
    item["tags"] = [tag for tag in _categories(event) if tag.strip()]
    item["status"] = _STATUS_IN.get(_plain(event.get("STATUS")).strip().upper(), "confirmed")
    item.update(_stamps(event, ours))
    try:
        result, stamp = event_from_mapping(item)
    except DateError as exc:
        raise _PropError("X-CHRONO-EDTF" if ours else "DTSTART", str(exc)) from exc
    return result, stamp


def _geo(event: Any) -> dict[str, Any]:
    """GEO's latitude and longitude (and chrono's X-CHRONO-GEO-PRECISION), checked as event fields are."""
    geo = event.get("GEO")
    if geo is None:
        return {}
    given = {
        "latitude": getattr(geo, "latitude", None),
        "longitude": getattr(geo, "longitude", None),
        "geo_precision": _x_text(event, "X-CHRONO-GEO-PRECISION") or None,
    }
    try:
        point = geo_from_mapping(given)
    except InvalidInput as exc:
        raise _PropError(
            "GEO" if exc.field != "geo_precision" else "X-CHRONO-GEO-PRECISION", str(exc)
        ) from exc
    return point.to_dict() if point is not None else {}


def _parse_block(block: _Block) -> Any:
    """The icalendar Event; a broken property that import reads is an error at its line."""
    from icalendar import Event

    try:
        event = Event.from_ical(_CRLF.join([*block.lines, ""]))
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidInput(f"not a valid VEVENT: {exc}") from exc
    for prop, message in event.errors:  # a broken property chrono does not read is no matter
        if prop is not None and (prop in _READ or prop.startswith("X-CHRONO-")):
            raise _PropError(prop, f"bad {prop}: {message}")
    return event


def _chrono_fields(event: Any, item: dict[str, Any]) -> When:
    """Date, actors and sources from chrono's X-CHRONO-* properties, exactly as exported."""
    item["start"] = _x_text(event, "X-CHRONO-EDTF")
    zone = _x_text(event, "X-CHRONO-TZID")
    if zone:
        item["timezone"] = zone
    precision = _x_text(event, "X-CHRONO-PRECISION")
    if precision:
        item["precision"] = precision
    actors = [_x_json(event, "X-CHRONO-ACTOR", value) for value in _all(event, "X-CHRONO-ACTOR")]
    sources = [_x_json(event, "X-CHRONO-SOURCE", value) for value in _all(event, "X-CHRONO-SOURCE")]
    item["actors"] = [{k: v for k, v in a.items() if k in ("name", "role")} for a in actors]
    item["sources"] = [{k: v for k, v in s.items() if k in SOURCE_KEYS} for s in sources]
    for value in _all(event, "X-CHRONO-DATA")[:1]:
        data = _x_json(event, "X-CHRONO-DATA", value)
        item.update({k: v for k, v in data.items() if k in DATA_FIELDS})
    return _parse_ours(item)


def _parse_ours(item: Mapping[str, Any]) -> When:
    try:
        return parse_when(str(item["start"]), tz=item.get("timezone"))
    except DateError as exc:
        raise _PropError("X-CHRONO-EDTF", str(exc)) from exc


def _is_marker(event: Any, when: When) -> bool:
    """A one-day stand-in for a month or year: only then did export add words to SUMMARY."""
    ends = [d for d in (when.start, when.end) if d is not None]
    if when.open is None and not any(d.precision in VAGUE for d in ends):
        return False
    start = event.decoded("DTSTART", None)
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        return False
    end = event.decoded("DTEND", None)
    return end is None or end == start + dt.timedelta(days=1)


def _strip_appendix(description: str, item: dict[str, Any]) -> str:
    actors, sources = item["actors"], item["sources"]
    try:
        refs = [SourceRef(**s) for s in sources]
        quantities, external_ids = shown_data(item)
    except (TypeError, ValueError):
        return description
    # as DESCRIPTION carried it: a CR in a source's title came back as a line break
    named = [(str(a.get("name")), a.get("role")) for a in actors]
    shown = text_as_read(appendix(named, refs, quantities, external_ids))
    if not shown:
        return description
    if description == shown:
        return ""
    if description.endswith("\n\n" + shown):
        return description[: -len(shown) - 2]
    return description


def _event_id(event: Any, recurrence: str = "") -> str:
    """A stable chrono id for the event, so importing the same calendar twice updates it.

    An instance of a series that is not in the file (`recurrence`, its RECURRENCE-ID) gets an id of
    its own from the UID and that date, as every instance shares the UID.
    """
    uid = _plain(event.get("UID")).strip()
    if not recurrence:
        for candidate in (uid.removesuffix("@chrono"), uid):
            if candidate and is_id(candidate):
                return candidate
    if not uid:
        uid = "\x1f".join((_plain(event.get("SUMMARY")), _raw(event, "DTSTART")))
    if recurrence:
        uid += "\x1f" + recurrence
    return "ics-" + hashlib.sha1(uid.encode("utf-8")).hexdigest()[:16]


def _foreign_dates(
    event: Any, floating: tuple[str, int] | None, midnight_is_day: bool = False
) -> dict[str, Any]:
    """start, end and timezone fields from DTSTART with DTEND or DURATION."""
    if "DTSTART" not in event:
        raise _PropError("BEGIN", "a VEVENT needs a DTSTART")
    start = _as_declared(event, "DTSTART", midnight_is_day)
    end = _as_declared(event, "DTEND", midnight_is_day) if "DTEND" in event else None
    duration = event.decoded("DURATION") if "DURATION" in event else None
    if not isinstance(start, dt.datetime):
        if isinstance(end, dt.datetime):
            raise _PropError("DTEND", "DTEND is a date-time but DTSTART is a date")
        if end is None and isinstance(duration, dt.timedelta):
            end = _after(start, dt.timedelta(days=duration.days))
        if end is not None and end < start:
            raise _PropError("DTEND", "DTEND is before DTSTART")
        last = end - dt.timedelta(days=1) if end is not None else start
        return {"start": start, "end": last if last > start else None}
    start, zone = _placed(event, "DTSTART", start, None, floating)
    if end is not None and not isinstance(end, dt.datetime):
        raise _PropError("DTEND", "DTEND is a date but DTSTART is a date-time")
    if end is not None:
        end = _placed(event, "DTEND", end, zone, floating)[0]
    elif isinstance(duration, dt.timedelta):
        end = _after(start, duration)
    if end is not None:
        if end < start:
            raise _PropError("DTEND" if "DTEND" in event else "DURATION", "the event ends before it starts")
        end = end.astimezone(start.tzinfo)
        if end == start:
            end = None
    return {"start": start, "end": end, "timezone": zone}


def _as_declared(event: Any, prop: str, midnight_is_day: bool = False) -> Any:
    """A DATE-TIME written where VALUE=DATE is declared (Markwhen writes 20240101T000000Z) is that
    date when it is midnight, and an error otherwise: a date is what the property says it is.
    With `midnight_is_day`, any midnight in UTC is read as that day."""
    value = event.decoded(prop)
    utc = isinstance(value, dt.datetime) and value.utcoffset() == dt.timedelta(0)
    if midnight_is_day and utc and value.time() == dt.time(0, 0):
        return value.date()
    if str(event[prop].params.get("VALUE", "")).upper() == "DATE" and isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise _PropError(prop, f"{prop} is declared VALUE=DATE but {_raw(event, prop)} has a time of day")
        return value.date()
    return value


def _after(start: Any, duration: dt.timedelta) -> Any:
    try:
        return start + duration
    except OverflowError:
        raise _PropError("DURATION", "the event would end after the year 9999") from None


def _placed(
    event: Any, prop: str, value: dt.datetime, zone: str | None, floating: tuple[str, int] | None
) -> tuple[dt.datetime, str]:
    """The date-time in a zone chrono knows, with that zone's name (or its UTC offset)."""
    from icalendar.timezone import tzid_from_tzinfo

    if value.tzinfo is None:
        tzid = event[prop].params.get("TZID")
        if tzid:
            raise _PropError(prop, f"unknown time zone {tzid!r} (no VTIMEZONE defines it)")
        if zone is None:
            if floating is None:
                raise _PropError(
                    prop,
                    f"floating time {_raw(event, prop)} needs a time zone: give it a TZID, "
                    "write it in UTC (…Z), give the calendar an X-WR-TIMEZONE or import with --tz ZONE",
                )
            try:
                zone = check_timezone(floating[0])
            except DateError as exc:
                raise _PropError("X-WR-TIMEZONE", str(exc)) from exc
        return value.replace(tzinfo=tzinfo_of(zone)), zone
    offset = value.utcoffset()
    assert offset is not None
    names = [tzid_from_tzinfo(value.tzinfo), event[prop].params.get("TZID")]
    for name in _zone_candidates([n for n in names if isinstance(n, str) and n]):
        try:
            known = check_timezone(name)
        except DateError:
            continue
        local = value.astimezone(tzinfo_of(known))
        if local.utcoffset() == offset:  # a custom VTIMEZONE may differ from the tz database
            return local, known
    fixed = check_timezone(offset_text(offset))
    return value.astimezone(tzinfo_of(fixed)), fixed


def _zone_candidates(names: list[str]) -> Iterator[str]:
    """IANA names a TZID may stand for: itself, a Windows name's zone, the end of "/vendor/Zone"."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    for name in names:
        cleaned = name.strip().strip("/")
        yield cleaned
        if cleaned in WINDOWS_TO_OLSON:
            yield WINDOWS_TO_OLSON[cleaned]
        parts = cleaned.split("/")
        for start in range(1, len(parts) - 1):
            yield "/".join(parts[start:])


def _all(event: Any, name: str) -> list[Any]:
    value = event.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _plain(value: Any) -> str:
    """A TEXT property's value as a string; the first when a property is repeated."""
    if value is None:
        return ""
    if isinstance(value, list):
        return _plain(value[0]) if value else ""
    return str(value)


def _raw(event: Any, name: str) -> str:
    value = event.get(name)
    if value is None:
        return ""
    to_ical = getattr(value, "to_ical", None)
    if to_ical is None:
        return str(value)
    data = to_ical()
    return data.decode("utf-8") if isinstance(data, bytes) else str(data)


def _x_text(event: Any, name: str) -> str:
    values = _all(event, name)
    return _x_value(values[0]) if values else ""


def _x_value(value: Any) -> str:
    """An X- property's TEXT value: icalendar keeps X- values raw (RFC 7265), so unescape here."""
    from icalendar.parser import unescape_backslash
    from icalendar.prop import vText

    if isinstance(value, vText):  # given VALUE=TEXT, icalendar has unescaped it already
        return str(value)
    return str(unescape_backslash(str(value)))


def _x_json(event: Any, name: str, value: Any) -> dict[str, Any]:
    try:
        data = json.loads(_x_value(value))
    except json.JSONDecodeError as exc:
        raise _PropError(name, f"{name} is not a JSON object: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise _PropError(name, f"{name} is not a JSON object")
    return data


def _people(event: Any) -> dict[str, str]:
    """ORGANIZER and ATTENDEEs by name (CN, else the address), with "organizer"/"attendee" as role."""
    people: dict[str, list[str]] = {}
    for prop, role in (("ORGANIZER", "organizer"), ("ATTENDEE", "attendee")):
        for value in _all(event, prop):
            params = getattr(value, "params", {})
            name = str(params.get("CN") or "").strip() or str(value).removeprefix("mailto:").strip()
            if name and role not in people.setdefault(name, []):
                people[name].append(role)
    return {name: "; ".join(roles) for name, roles in people.items()}


def _categories(event: Any) -> list[str]:
    tags: list[str] = []
    for value in _all(event, "CATEGORIES"):
        cats = getattr(value, "cats", None)
        tags += [str(c) for c in cats] if cats is not None else [str(value)]
    return tags


def _stamps(event: Any, ours: bool) -> dict[str, Any]:
    """CREATED and LAST-MODIFIED as the event's stamps (UTC date-times only); SEQUENCE is the
    revision in chrono's own calendars (elsewhere it counts from 0 and means something else)."""
    stamps: dict[str, Any] = {}
    for prop, key in (("CREATED", "created"), ("LAST-MODIFIED", "updated")):
        try:
            value = event.decoded(prop, None)
        except (ValueError, TypeError):
            continue
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            stamps[key] = value
    if ours:
        sequence = event.get("SEQUENCE")
        if isinstance(sequence, int) and sequence >= 1:
            stamps["revision"] = sequence
    if "created" in stamps and "updated" in stamps and stamps["updated"] < stamps["created"]:
        del stamps["updated"]  # a calendar that says it changed before it was made: keep the birth
    return stamps
