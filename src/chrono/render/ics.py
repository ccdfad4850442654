"""iCalendar (RFC 5545) export and import: a feed any calendar app can subscribe to, and back.

Export (`render_ics`, `iter_ics`) writes each event straight to its content lines instead of
building an `icalendar.Event` tree per event, which is an order of magnitude faster and smaller
(bench/bench_export_ics.py compares the two). TEXT values are escaped by icalendar's own escaper
(what `vText.to_ical()` runs, minus a `vText` and its parameters per value). Dates and UTC times
are written here in the exact forms of icalendar's `vDate` and `vDatetime` (the tests check they
agree), and lines are folded here at 75 octets on UTF-8 character boundaries: icalendar's value
objects and its character-by-character folding would cost more than all the rest of an event.
`render_ics` returns the whole calendar as one string; `iter_ics` yields it an event at a time,
for writing to a file or a response without holding it all.

How dates come out, by precision:

- minute/second: `DTSTART`/`DTEND` in UTC; with no end, `DTEND` is `DEFAULT_DURATION` (1 hour)
  later. A timed end is an instant (12:00–14:00 ends at 14:00); a dated end of a timed start ends
  where that day (month, year) ends in the event's zone. A zero-length event has no `DTEND`.
- day: all-day, `DTEND;VALUE=DATE` exclusive (the day after the last day).
- month/year (either end of an interval): `imprecise="marker"` (default) gives a one-day
  all-day marker on the first day, its SUMMARY saying the precision ("… (Dec 2024)",
  "… (c. Dec 2024)"); `"span"` covers the whole span; `"omit"` leaves the event out.

chrono's own properties make an export import back exactly:

- `UID:<id>@chrono`, `SEQUENCE` = revision, `CREATED`, `LAST-MODIFIED` = `DTSTAMP` = updated,
  `URL` = the first source that has one, `CATEGORIES` = tags.
- `X-CHRONO-PRECISION`, `X-CHRONO-EDTF` (`When.edtf()`, with the approximate/uncertain flags) and,
  for timed events, `X-CHRONO-TZID` (the event's zone): the date exactly as stored.
- `X-CHRONO-ACTOR` (one per actor, in order) and `X-CHRONO-SOURCE` (one per source): a TEXT value
  holding a JSON object, `{"name": …, "role": …}` and the source's non-empty fields. DESCRIPTION
  shows the same actors and sources to people, after the event's own text; import strips that
  appendix again when it is unchanged, and a marker's date words from SUMMARY. Line breaks in
  text come back as "\n" (TEXT has no carriage return).
- STATUS: confirmed → CONFIRMED, disputed → TENTATIVE, retracted → CANCELLED.

Import (`read_ics`) reads any RFC 5545 calendar with icalendar, one VEVENT at a time, and reports
errors as "FILE:LINE: …". Choices made for foreign calendars:

- UID → id: chrono's `<id>@chrono` gives `<id>`; a UID that is a valid chrono id is kept;
  any other becomes `ics-` + 16 hex digits of its SHA-1, so importing again updates instead
  of duplicating. A VEVENT without UID gets the same kind of id from its SUMMARY and DTSTART.
- All-day events keep day precision (several days: an interval ending DTEND − 1 day). Timed
  events keep minute or second precision and their TZID zone: an IANA name, a Windows name
  (Outlook's "W. Europe Standard Time" is Europe/Berlin) or "/vendor/Area/City"; a custom
  VTIMEZONE chrono cannot name becomes its UTC offset. UTC times stay in UTC; floating times
  take the calendar's X-WR-TIMEZONE, or are an error.
- Recurring events: only the first occurrence (DTSTART) is imported; overridden instances
  (VEVENTs with RECURRENCE-ID) are skipped, as chrono has no recurrence.
- SUMMARY → title ("(no title)" when missing), DESCRIPTION, LOCATION, CATEGORIES → tags,
  URL → a source, STATUS CANCELLED → retracted, TENTATIVE → disputed. CREATED, LAST-MODIFIED
  and SEQUENCE are left to the store.

icalendar is imported inside functions only, so `chrono --help` does not pay for it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import chrono
from chrono.dates import PartialDate, Precision, When, check_timezone, key_to_datetime, parse_when
from chrono.errors import ChronoError, DateError, InvalidInput
from chrono.models import EventInput, EventRecord, SourceRef, check_id

__all__ = [
    "DEFAULT_DURATION",
    "IMPRECISE_MODES",
    "REFRESH_INTERVAL",
    "iter_ics",
    "read_ics",
    "render_ics",
]

IMPRECISE_MODES = ("marker", "span", "omit")
DEFAULT_DURATION = dt.timedelta(hours=1)  # a timed event without an end still needs a DTEND
REFRESH_INTERVAL = dt.timedelta(hours=12)  # how often subscribers should fetch the feed again

_CRLF = "\r\n"
_FOLD = 75  # octets per line, excluding CRLF (RFC 5545 §3.1)
_STATUS_LINE = {
    "confirmed": "STATUS:CONFIRMED",
    "disputed": "STATUS:TENTATIVE",
    "retracted": "STATUS:CANCELLED",
}
_STATUS_IN = {"CANCELLED": "retracted", "TENTATIVE": "disputed"}
_READ = {  # the VEVENT properties import reads, besides X-CHRONO-*
    "UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "SUMMARY", "DESCRIPTION", "LOCATION",
    "CATEGORIES", "URL", "STATUS",
}  # fmt: skip
_SOURCE_KEYS = ("url", "title", "publisher", "published", "archive_url", "quote")
_NO_TITLE = "(no title)"
_VAGUE = frozenset((Precision.YEAR, Precision.MONTH))  # shown as markers, spans or not at all
_DAY_KEY = 10**6  # a wall key is YYYYMMDD * _DAY_KEY + HHMMSS
_LAST_DAY = 99991231 + 1  # day keys from here on are past 9999 and cannot be written
_NEEDS_ESCAPE = re.compile(r"[\\;,\r\n]")  # TEXT characters that RFC 5545 escapes


# --- export -----------------------------------------------------------------------------------


def render_ics(
    records: Sequence[EventRecord],
    *,
    title: str,
    description: str,
    imprecise: str = "marker",
    version: str = chrono.__version__,
) -> str:
    """The events (already in order) as one VCALENDAR; the same records give the same bytes."""
    return "".join(
        iter_ics(records, title=title, description=description, imprecise=imprecise, version=version)
    )


def iter_ics(
    records: Iterable[EventRecord],
    *,
    title: str,
    description: str,
    imprecise: str = "marker",
    version: str = chrono.__version__,
) -> Iterator[str]:
    """`render_ics` in pieces (the header, one per event, the footer), for writing as it goes.

    With records streamed from the database, memory stays flat however many events there are.
    """
    if imprecise not in IMPRECISE_MODES:
        raise InvalidInput(f"bad imprecise mode {imprecise!r}: use one of {', '.join(IMPRECISE_MODES)}")
    return _pieces(_Writer(imprecise), records, title, description, version)


def _pieces(
    writer: _Writer,
    records: Iterable[EventRecord],
    title: str,
    description: str,
    version: str,
) -> Iterator[str]:
    yield writer.header(title, description, version)
    for record in records:
        event = writer.event(record)
        if event:
            yield event
    yield "END:VCALENDAR\r\n"


def fold(line: str) -> str:
    """Fold one content line at 75 octets, never inside a UTF-8 sequence or a backslash escape.

    Continuation lines start with a space, which counts towards their 75 octets.
    """
    if len(line) <= _FOLD and line.isascii():
        return line
    data = line.encode("utf-8")
    if len(data) <= _FOLD:
        return line
    pieces: list[bytes] = []
    start, room = 0, _FOLD
    while len(data) - start > room:
        cut = start + room
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: back up to the character's start
            cut -= 1
        slashes = 0
        while cut - slashes - 1 > start and data[cut - slashes - 1] == 0x5C:
            slashes += 1
        if slashes % 2:  # the line would end on the backslash of an escape: keep the pair together
            cut -= 1
        pieces.append(data[start:cut])
        start, room = cut, _FOLD - 1
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode("utf-8")


@dataclass(frozen=True, slots=True)
class _Dated:
    """The lines of a VEVENT that follow from its date alone."""

    head: str  # DTSTART and DTEND
    words: str | None  # what a marker's SUMMARY says of the date
    tail: str  # X-CHRONO-PRECISION, X-CHRONO-EDTF and X-CHRONO-TZID


class _Writer:
    """Content lines for one export.

    Values that repeat across events (dates, timestamps, tags, actors, sources, places) are written
    once and kept, in caches cleared when they grow large, so memory stays bounded.
    """

    _CACHE_LIMIT = 4_096

    def __init__(self, imprecise: str) -> None:
        self.imprecise = imprecise
        self._escape = _text_escaper()
        # one cache per kind of line, so that keys of different kinds never meet
        self._stamps: dict[str, str] = {}
        self._locations: dict[str, str] = {}
        self._categories: dict[tuple[str, ...], str] = {}
        self._actors: dict[tuple[str, str | None], str] = {}
        self._sources: dict[SourceRef, str] = {}
        self._dated: dict[tuple[object, ...], _Dated | None] = {}

    # values

    def text(self, value: str) -> str:
        """TEXT escaping by icalendar, except that a literal backslash-N must stay one.

        icalendar reads "\\N" in its input as a line break; escaping backslashes between the
        pieces ourselves keeps such text (Windows paths, regexes) intact.
        """
        if _NEEDS_ESCAPE.search(value) is None:
            return value
        if "\\N" in value:
            return "\\\\".join(self.text(piece) for piece in value.split("\\"))
        escaped: str = self._escape(value)
        return escaped

    def remember(self, cache: dict[Any, str], key: Any, make: Callable[..., str], *args: Any) -> str:
        """`make(*args)`, kept in `cache` under `key` (callers look there first)."""
        if len(cache) >= self._CACHE_LIMIT:
            cache.clear()
        line = cache[key] = make(*args)
        return line

    def stamp(self, value: str) -> str:
        """A stored UTC timestamp ("2025-01-20T17:00:00Z") as an iCalendar UTC DATE-TIME."""
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return utc_text(moment)

    # the calendar

    def header(self, title: str, description: str, version: str) -> str:
        from icalendar.prop import vDuration

        refresh_type: Any = vDuration
        refresh = refresh_type(REFRESH_INTERVAL).to_ical().decode("ascii")
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:-//chrono//chrono {self.text(version)}//EN",
            "CALSCALE:GREGORIAN",
        ]
        if title:
            name = self.text(title)
            lines += [f"NAME:{name}", f"X-WR-CALNAME:{name}"]
        if description:
            desc = self.text(description)
            lines += [f"DESCRIPTION:{desc}", f"X-WR-CALDESC:{desc}"]
        lines += [f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}", f"X-PUBLISHED-TTL:{refresh}"]
        return _CRLF.join(map(fold, lines)) + _CRLF

    def event(self, record: EventRecord) -> str | None:
        """One VEVENT, or None when the event is left out (imprecise="omit").

        Only lines whose length depends on the event go through `fold`; the others are short.
        Ids, EDTF and zone names never hold a character that TEXT escapes.
        """
        dated = self.dated(record)
        if dated is None:
            return None
        words = dated.words
        text = self.text
        stamps, remember = self._stamps, self.remember
        updated = stamps.get(record.updated) or remember(stamps, record.updated, self.stamp, record.updated)
        created = stamps.get(record.created) or remember(stamps, record.created, self.stamp, record.created)
        summary = record.title if words is None else f"{record.title} ({words})"
        roles = record.roles
        actors = [(name, roles.get(name)) for name in record.actors]
        sources = record.sources
        lines = [
            "BEGIN:VEVENT",
            f"UID:{record.id}@chrono",  # at most 75 octets: ids have at most 64 ASCII characters
            f"DTSTAMP:{updated}",
            f"CREATED:{created}",
            f"LAST-MODIFIED:{updated}",
            f"SEQUENCE:{int(record.revision)}",
            dated.head,
            fold(f"SUMMARY:{text(summary)}"),
        ]
        full = record.description
        if actors or sources:
            more = _appendix(actors, sources)
            full = f"{full}\n\n{more}" if full else more
        if full:
            lines.append(fold(f"DESCRIPTION:{text(full)}"))
        location = record.location
        if location:
            lines.append(
                self._locations.get(location)
                or remember(self._locations, location, self.location_line, location)
            )
        for source in sources:
            if source.url:
                lines.append(fold("URL:" + "".join(source.url.split())))  # URIs are not escaped
                break
        if record.tags:
            tags = tuple(record.tags)
            cats = self._categories
            lines.append(cats.get(tags) or remember(cats, tags, self.categories_line, tags))
        lines += [_STATUS_LINE.get(record.status, "STATUS:CONFIRMED"), "TRANSP:TRANSPARENT", dated.tail]
        known_actors, known_sources = self._actors, self._sources
        for actor in actors:
            lines.append(known_actors.get(actor) or remember(known_actors, actor, self.actor_line, *actor))
        for source in sources:
            lines.append(
                known_sources.get(source) or remember(known_sources, source, self.source_line, source)
            )
        lines.append("END:VEVENT\r\n")
        return _CRLF.join(lines)

    # folded lines of values that repeat, for `remember`

    def location_line(self, location: str) -> str:
        return fold(f"LOCATION:{self.text(location)}")

    def categories_line(self, tags: tuple[str, ...]) -> str:
        return fold("CATEGORIES:" + ",".join(map(self.text, tags)))

    def actor_line(self, name: str, role: str | None) -> str:
        data = _json_object((("name", name), ("role", role)))
        return fold(f"X-CHRONO-ACTOR:{self.text(data)}")

    def source_line(self, source: SourceRef) -> str:
        s = source
        data = _json_object(
            (
                ("url", s.url), ("title", s.title), ("publisher", s.publisher),
                ("published", s.published), ("archive_url", s.archive_url), ("quote", s.quote),
            )
        )  # fmt: skip
        return fold(f"X-CHRONO-SOURCE:{self.text(data)}")

    def dated(self, record: EventRecord) -> _Dated | None:
        """The date lines of an event; None when it is left out (imprecise="omit").

        They depend on the stored date alone, and many events share a date, so each distinct one
        is parsed (`EventRecord.when()`) and written once.
        """
        key = (
            record.start, record.end, record.timezone, record.precision,
            record.approximate, record.uncertain, record.span_start, record.span_end,
        )  # fmt: skip
        cache = self._dated
        try:
            return cache[key]
        except KeyError:
            pass
        when = record.when()
        dates = self.dates(record, when)
        dated = None
        if dates is not None:
            tail = [f"X-CHRONO-PRECISION:{record.precision}", fold(f"X-CHRONO-EDTF:{when.edtf()}")]
            if when.timezone is not None:
                tail.append(fold(f"X-CHRONO-TZID:{when.timezone}"))
            dated = _Dated(_CRLF.join(dates[0]), dates[1], _CRLF.join(tail))
        if len(cache) >= self._CACHE_LIMIT:
            cache.clear()
        cache[key] = dated
        return dated

    def dates(self, record: EventRecord, when: When) -> tuple[list[str], str | None] | None:
        """DTSTART/DTEND lines and the precision words for SUMMARY (markers only).

        All-day values come from the stored span (`When.span()`): a wall key YYYYMMDDHHMMSS at
        midnight is the DATE YYYYMMDD followed by six zeros.
        """
        start, end = when.start, when.end
        vague = start.precision in _VAGUE or (end is not None and end.precision in _VAGUE)
        if vague and self.imprecise == "omit":
            return None
        if vague and self.imprecise == "marker":
            first = f"DTSTART;VALUE=DATE:{record.span_start // _DAY_KEY:08d}"
            after = _next_day(key_to_datetime(record.span_start).date())
            return _with_end(first, after), _marker_words(when)
        if start.precision.timed:
            begin = start.to_utc()
            if end is None:
                finish: dt.datetime | None = _plus(begin, DEFAULT_DURATION)
            elif end.precision.timed:
                finish = end.to_utc()
            else:
                finish = _local_end(end.span()[1], start)
            lines = [f"DTSTART:{utc_text(begin)}"]
            if finish is not None and finish > begin:
                lines.append(f"DTEND:{utc_text(finish)}")
            return lines, None
        first = f"DTSTART;VALUE=DATE:{record.span_start // _DAY_KEY:08d}"
        day, rest = divmod(record.span_end, _DAY_KEY)
        if not rest and day < _LAST_DAY:
            return [first, f"DTEND;VALUE=DATE:{day:08d}"], None
        return _with_end(first, _day_after_span(record.span_end)), None


def _text_escaper() -> Callable[[str], str]:
    """icalendar's TEXT escaping: what `vText.to_ical()` runs, without a vText (and its
    parameters) per value, which would double the cost of an event; vText itself as a fallback.
    """
    try:
        from icalendar.parser import _escape_char
    except ImportError:  # a future icalendar without it
        from icalendar.prop import vText

        text_type: Any = vText
        return lambda value: str(text_type(value).to_ical().decode("utf-8"))
    escape: Callable[[str], str] = _escape_char
    return escape


def date_text(day: dt.date) -> str:
    """An iCalendar DATE (RFC 5545 §3.3.4), as icalendar's vDate writes it (checked in tests)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def utc_text(moment: dt.datetime) -> str:
    """A UTC DATE-TIME (§3.3.5) as vDatetime writes it, at a tenth of the cost of a vDatetime."""
    m = moment.astimezone(dt.UTC)
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}Z"


def _with_end(first: str, after: dt.date | None) -> list[str]:
    """The DTSTART line, and DTEND unless the end is past 9999 (then one day is implied)."""
    return [first] if after is None else [first, f"DTEND;VALUE=DATE:{date_text(after)}"]


def _appendix(actors: Sequence[tuple[str, str | None]], sources: Sequence[SourceRef]) -> str:
    """Actors and sources in words, as DESCRIPTION shows them after the event's own text."""
    parts = []
    if actors:
        parts.append("Actors: " + ", ".join(f"{name} ({role})" if role else name for name, role in actors))
    if sources:
        lines = [f"[{n}] {_source_words(s)}" for n, s in enumerate(sources, start=1)]
        parts.append("Sources:\n" + "\n".join(lines))
    return "\n\n".join(parts)


def _json_object(pairs: Iterable[tuple[str, str | None]]) -> str:
    """A JSON object of the pairs whose value is not empty, in order (json's own string escaping)."""
    quote = encode_basestring
    return "{" + ",".join(f'"{key}":{quote(value)}' for key, value in pairs if value) + "}"


def _source_words(source: SourceRef) -> str:
    text = " — ".join(b for b in (source.title, source.publisher) if b)
    if source.url:
        return f"{text} <{source.url}>" if text else source.url
    return text


def _marker_words(when: When) -> str:
    """The date at its precision, as a marker's SUMMARY says it: "Dec 2024", "c. 2024"."""

    def words(date: PartialDate) -> str:
        text = date.display()
        return "c. " + text[1:] if text.startswith("~") else text

    if when.end is None:
        return words(when.start)
    return f"{words(when.start)} – {words(when.end)}"


def _next_day(day: dt.date) -> dt.date | None:
    """None past 9999-12-31, where DTEND cannot be written (one day is then implied)."""
    try:
        return day + dt.timedelta(days=1)
    except OverflowError:
        return None


def _day_after_span(span_end: int) -> dt.date | None:
    """The exclusive all-day end of a span: its end key, rounded up to a whole day."""
    try:
        end = key_to_datetime(span_end)
    except DateError:  # the span runs to the end of 9999
        return None
    return end.date() if end.time() == dt.time(0) else _next_day(end.date())


def _local_end(key: int, start: PartialDate) -> dt.datetime | None:
    """Where a dated end of a timed event ends: that wall time in the start's zone, in UTC."""
    try:
        naive = key_to_datetime(key)
    except DateError:
        return None
    zone = start.to_datetime().tzinfo
    return naive.replace(tzinfo=zone).astimezone(dt.UTC)


def _plus(moment: dt.datetime, delta: dt.timedelta) -> dt.datetime | None:
    try:
        return moment + delta
    except OverflowError:
        return None


# --- import -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """One VEVENT's unfolded content lines and the line each property first starts on."""

    begin: int
    lines: list[str] = field(default_factory=list)
    where: dict[str, int] = field(default_factory=dict)


class _PropError(Exception):
    """A problem with one property, to be reported at its line."""

    def __init__(self, prop: str, message: str) -> None:
        super().__init__(message)
        self.prop = prop


def read_ics(path: Path) -> Iterator[tuple[EventInput, int]]:
    """Events of an iCalendar file, each with the line of its BEGIN:VEVENT.

    Any problem raises InvalidInput as "FILE:LINE: message". See the module docstring for how
    foreign calendars are mapped.
    """
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
    floating = calendar_props.get("X-WR-TIMEZONE")
    for block in blocks:
        try:
            event = _read_event(block, floating)
        except _PropError as exc:
            raise InvalidInput(f"{path}:{_line_of(block, exc.prop, floating)}: {exc}") from exc
        except ChronoError as exc:
            raise InvalidInput(f"{path}:{block.begin}: {exc}") from exc
        if event is not None:
            yield event, block.begin


def _line_of(block: _Block, prop: str, floating: tuple[str, int] | None) -> int:
    if prop == "X-WR-TIMEZONE" and floating is not None:
        return floating[1]
    return block.where.get(prop, block.begin)


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
        try:
            name, _params, value = content_line(line).parts()
        except (ValueError, AssertionError) as exc:
            raise InvalidInput(f"{path}:{number}: not an iCalendar content line: {_cut(line)}") from exc
        name = name.upper()
        if name == "BEGIN":
            kind = value.strip().upper()
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
                block.where.setdefault(name, number)
            if len(stack) == 1:
                blocks.append(block)
                block = None
        if zone is not None:
            zone.append(line)
            if len(stack) == 1:
                zone = None
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


def _read_event(block: _Block, floating: tuple[str, int] | None) -> EventInput | None:
    """One VEVENT as an event input, in the field names `event_from_mapping` validates."""
    from chrono.fields import event_from_mapping

    event = _parse_block(block)
    if "RECURRENCE-ID" in event:
        return None  # an overridden instance of a recurring event: only the first one is kept
    item: dict[str, Any] = {"id": _event_id(event)}
    ours = "X-CHRONO-EDTF" in event
    title = " ".join(_plain(event.get("SUMMARY")).split())
    description = _plain(event.get("DESCRIPTION"))
    if ours:
        when = _chrono_fields(event, item)
        if _is_marker(event, when):
            title = title.removesuffix(f" ({_marker_words(when)})")
        description = _strip_appendix(description, item["actors"], item["sources"])
    else:
        item.update(_foreign_dates(event, floating))
        url = _plain(event.get("URL"))
        if url:
            item["sources"] = [{"url": url}]
    item["title"] = title or _NO_TITLE
    item["description"] = description
    location = _plain(event.get("LOCATION"))
    if location.strip():
        item["location"] = location
    item["tags"] = [tag for tag in _categories(event) if tag.strip()]
    item["status"] = _STATUS_IN.get(_plain(event.get("STATUS")).strip().upper(), "confirmed")
    try:
        result, _stamp = event_from_mapping(item)
    except DateError as exc:
        raise _PropError("X-CHRONO-EDTF" if ours else "DTSTART", str(exc)) from exc
    return result


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
    item["sources"] = [{k: v for k, v in s.items() if k in _SOURCE_KEYS} for s in sources]
    return _parse_ours(item)


def _parse_ours(item: Mapping[str, Any]) -> When:
    try:
        return parse_when(str(item["start"]), tz=item.get("timezone"))
    except DateError as exc:
        raise _PropError("X-CHRONO-EDTF", str(exc)) from exc


def _is_marker(event: Any, when: When) -> bool:
    """A one-day stand-in for a month or year: only then did export add words to SUMMARY."""
    ends = [d for d in (when.start, when.end) if d is not None]
    if not any(d.precision in _VAGUE for d in ends):
        return False
    start = event.decoded("DTSTART", None)
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        return False
    end = event.decoded("DTEND", None)
    return end is None or end == start + dt.timedelta(days=1)


def _strip_appendix(description: str, actors: list[dict[str, Any]], sources: list[dict[str, Any]]) -> str:
    try:
        refs = [SourceRef(**s) for s in sources]
    except TypeError:
        return description
    shown = _appendix([(str(a.get("name")), a.get("role")) for a in actors], refs)
    if not shown:
        return description
    if description == shown:
        return ""
    if description.endswith("\n\n" + shown):
        return description[: -len(shown) - 2]
    return description


def _event_id(event: Any) -> str:
    """A stable chrono id for the event, so importing the same calendar twice updates it."""
    uid = _plain(event.get("UID")).strip()
    for candidate in (uid.removesuffix("@chrono"), uid):
        if candidate and _is_id(candidate):
            return candidate
    if not uid:
        uid = "\x1f".join((_plain(event.get("SUMMARY")), _raw(event, "DTSTART")))
    return "ics-" + hashlib.sha1(uid.encode("utf-8")).hexdigest()[:16]


def _is_id(text: str) -> bool:
    try:
        check_id(text)
    except InvalidInput:
        return False
    return True


def _foreign_dates(event: Any, floating: tuple[str, int] | None) -> dict[str, Any]:
    """start, end and timezone fields from DTSTART with DTEND or DURATION."""
    if "DTSTART" not in event:
        raise _PropError("BEGIN", "a VEVENT needs a DTSTART")
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND") if "DTEND" in event else None
    duration = event.decoded("DURATION") if "DURATION" in event else None
    if not isinstance(start, dt.datetime):
        if isinstance(end, dt.datetime):
            raise _PropError("DTEND", "DTEND is a date-time but DTSTART is a date")
        if end is None and isinstance(duration, dt.timedelta):
            end = start + dt.timedelta(days=duration.days)
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
        end = start + duration
    if end is not None:
        if end < start:
            raise _PropError("DTEND" if "DTEND" in event else "DURATION", "the event ends before it starts")
        end = end.astimezone(start.tzinfo)
        if end == start:
            end = None
    return {"start": start, "end": end, "timezone": zone}


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
                    "write it in UTC (…Z) or give the calendar an X-WR-TIMEZONE",
                )
            try:
                zone = check_timezone(floating[0])
            except DateError as exc:
                raise _PropError("X-WR-TIMEZONE", str(exc)) from exc
        return value.replace(tzinfo=_tzinfo(zone)), zone
    offset = value.utcoffset()
    assert offset is not None
    names = [tzid_from_tzinfo(value.tzinfo), event[prop].params.get("TZID")]
    for name in _zone_candidates([n for n in names if isinstance(n, str) and n]):
        try:
            known = check_timezone(name)
        except DateError:
            continue
        local = value.astimezone(_tzinfo(known))
        if local.utcoffset() == offset:  # a custom VTIMEZONE may differ from the tz database
            return local, known
    fixed = check_timezone(_offset_text(offset))
    return value.astimezone(_tzinfo(fixed)), fixed


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


def _tzinfo(zone: str) -> dt.tzinfo:
    """The tzinfo of a zone as `check_timezone` spells it: an IANA name, "UTC" or "+05:30"."""
    if zone == "UTC":
        return dt.UTC
    if zone[0] in "+-":
        sign = -1 if zone[0] == "-" else 1
        hours, minutes = zone[1:].split(":")[:2]
        return dt.timezone(sign * dt.timedelta(hours=int(hours), minutes=int(minutes)))
    from zoneinfo import ZoneInfo

    return ZoneInfo(zone)


def _offset_text(offset: dt.timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    return f"{sign}{hours:02d}:{rest // 60:02d}"


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


def _categories(event: Any) -> list[str]:
    tags: list[str] = []
    for value in _all(event, "CATEGORIES"):
        cats = getattr(value, "cats", None)
        tags += [str(c) for c in cats] if cats is not None else [str(value)]
    return tags
