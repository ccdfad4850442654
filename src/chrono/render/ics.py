"""iCalendar (RFC 5545) export and import: a feed any calendar app can subscribe to, and back.

Export (`render_ics`, `iter_ics`) writes each event straight to its content lines instead of
building an `icalendar.Event` tree per event, which is an order of magnitude faster and smaller
(bench/bench_export_ics.py compares the two). TEXT values are escaped here (`escape_text`, RFC 5545
§3.3.11: every CR, LF and CRLF becomes "\n", control characters are dropped), the same bytes as
icalendar 7's `vText` for ordinary text, and safe on every icalendar version. Dates and UTC times
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
- coarser than a day (either end of an interval: month, year, week, third of a month, season,
  quarter, decade, century): `imprecise="marker"` (default) gives a one-day all-day marker on the
  first day, its SUMMARY saying the date in words ("… (Dec 2024)", "… (c. Dec 2024)",
  "… (Spring 2022)"); `"span"` covers the whole span; `"omit"` leaves the event out.
- an open interval ("since 2014", "until 2014") is a marker on the first day of its known end
  (no calendar holds an endless event), or left out with `"omit"`.
- a date outside the years 1-9999 (44 BC) cannot be an iCalendar DATE: such events are left out,
  never written as a wrong date; the caller counts them (`left_out`) and the calendar's
  DESCRIPTION says how many.

chrono's own properties make an export import back exactly:

- `UID:<id>@chrono`, `SEQUENCE` = revision, `CREATED`, `LAST-MODIFIED` = `DTSTAMP` = updated,
  `URL` = the first source that has one, `CATEGORIES` = tags.
- `X-CHRONO-PRECISION`, `X-CHRONO-EDTF` (`When.edtf()`, with the approximate/uncertain flags) and,
  for timed events, `X-CHRONO-TZID` (the event's zone): the date exactly as stored.
- `X-CHRONO-ACTOR` (one per actor, in order) and `X-CHRONO-SOURCE` (one per source): a TEXT value
  holding a JSON object, `{"name": …, "role": …}` and the source's non-empty fields. DESCRIPTION
  shows the same actors and sources to people, after the event's own text; import strips that
  appendix again when it is unchanged, and a marker's date words from SUMMARY. `X-CHRONO-DATA`
  holds the event's quantities, external ids and media as a JSON object (DESCRIPTION shows the
  quantities and ids in words); media is also an RFC 7986 `IMAGE` (a picture) or an `ATTACH`. Line breaks in
  text come back as "\n" (TEXT has no carriage return).
- STATUS: confirmed → CONFIRMED, disputed → TENTATIVE, retracted → CANCELLED.
- `LOCATION` the location text and `GEO:latitude;longitude` the point (decimal degrees, every digit
  stored, never in exponent form), with `X-CHRONO-GEO-PRECISION` for what the point stands for.

The reader of this format, which relies on the properties above, is `chrono.readers.ics`.

icalendar is imported inside functions only, so `chrono --help` does not pay for it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

import chrono
from chrono.dates import PartialDate, Precision, When, key_to_datetime
from chrono.errors import DateError, InvalidInput
from chrono.models import EventRecord, SourceRef
from chrono.places import Geo, number_text

if TYPE_CHECKING:
    from chrono.quantities import Quantity
from chrono.render import IMPRECISE

__all__ = [
    "DEFAULT_DURATION",
    "IMPRECISE_MODES",
    "REFRESH_INTERVAL",
    "iter_ics",
    "render_ics",
]

IMPRECISE_MODES = IMPRECISE.values
DEFAULT_DURATION = dt.timedelta(hours=1)  # a timed event without an end still needs a DTEND
REFRESH_INTERVAL = dt.timedelta(hours=12)  # how often subscribers should fetch the feed again

_CRLF = "\r\n"
_FOLD = 75  # octets per line, excluding CRLF (RFC 5545 §3.1)
_STATUS_LINE = {
    "confirmed": "STATUS:CONFIRMED",
    "disputed": "STATUS:TENTATIVE",
    "retracted": "STATUS:CANCELLED",
}
NO_TITLE = "(no title)"
# coarser than a day: shown as markers, spans or not at all
VAGUE = frozenset(p for p in Precision if p.rank < Precision.DAY.rank)
_DAY_KEY = 10**6  # a wall key is YYYYMMDD * _DAY_KEY + HHMMSS
_LAST_DAY = 99991231 + 1  # day keys from here on are past 9999 and cannot be written
# Control characters RFC 5545 allows in no value (TAB is allowed; CR and LF are escaped as line breaks)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEEDS_ESCAPE = re.compile(r"[\\;,\r\n\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what escape_text changes


# --- export -----------------------------------------------------------------------------------


def render_ics(
    records: Sequence[EventRecord],
    *,
    title: str,
    description: str,
    imprecise: str = "marker",
    version: str = chrono.__version__,
    left_out: int = 0,
    removed: Sequence[EventRecord] = (),
) -> str:
    """The events (already in order) as one VCALENDAR; the same records give the same bytes.

    Removed events (tombstones) follow as cancelled VEVENTs with the revision their removal gave
    them as SEQUENCE and `X-CHRONO-REMOVED`, so a subscribed calendar drops them."""
    return "".join(
        iter_ics(
            records,
            title=title,
            description=description,
            imprecise=imprecise,
            version=version,
            left_out=left_out,
            removed=removed,
        )
    )


def iter_ics(
    records: Iterable[EventRecord],
    *,
    title: str,
    description: str,
    imprecise: str = "marker",
    version: str = chrono.__version__,
    left_out: int = 0,
    removed: Sequence[EventRecord] = (),
) -> Iterator[str]:
    """`render_ics` in pieces (the header, one per event, the footer), for writing as it goes.

    With records streamed from the database, memory stays flat however many events there are.
    `left_out` is how many of the records are dated outside the years 1-9999 (counted by the caller
    beforehand, as the header comes first): the description says so.
    """
    if imprecise not in IMPRECISE_MODES:
        raise InvalidInput(f"bad imprecise mode {imprecise!r}: use one of {', '.join(IMPRECISE_MODES)}")
    if left_out:
        note = f"{left_out} event(s) dated outside the years 1-9999 are left out: iCalendar cannot hold them."
        description = f"{description}\n{note}" if description else note
    return _pieces(_Writer(imprecise), records, title, description, version, removed)


def _pieces(
    writer: _Writer,
    records: Iterable[EventRecord],
    title: str,
    description: str,
    version: str,
    removed: Sequence[EventRecord] = (),
) -> Iterator[str]:
    yield writer.header(title, description, version)
    for record in records:
        event = writer.event(record)
        if event:
            yield event
    for record in removed:
        event = writer.tombstone(record)
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
        # one cache per kind of line, so that keys of different kinds never meet
        self._stamps: dict[str, str] = {}
        self._locations: dict[str, str] = {}
        self._categories: dict[tuple[str, ...], str] = {}
        self._actors: dict[tuple[str, str | None], str] = {}
        self._sources: dict[SourceRef, str] = {}
        self._dated: dict[tuple[object, ...], _Dated | None] = {}

    # values

    def text(self, value: str) -> str:
        return escape_text(value)

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
        if actors or sources or record.quantities or record.external_ids:
            more = appendix(actors, sources, record.quantities, record.external_ids)
            full = f"{full}\n\n{more}" if full else more
        if full:
            lines.append(fold(f"DESCRIPTION:{text(full)}"))
        location = record.location
        if location:
            lines.append(
                self._locations.get(location)
                or remember(self._locations, location, self.location_line, location)
            )
        if record.geo is not None:
            lines += geo_lines(record.geo)
        for source in sources:
            if source.url:
                lines.append(fold("URL:" + uri_text(source.url)))
                break
        if record.tags:
            tags = tuple(record.tags)
            cats = self._categories
            lines.append(cats.get(tags) or remember(cats, tags, self.categories_line, tags))
        lines += [_STATUS_LINE.get(record.status, "STATUS:CONFIRMED"), "TRANSP:TRANSPARENT", dated.tail]
        if record.quantities or record.external_ids or record.media is not None:
            lines += data_lines(record, text)
        known_actors, known_sources = self._actors, self._sources
        for actor in actors:
            lines.append(known_actors.get(actor) or remember(known_actors, actor, self.actor_line, *actor))
        for source in sources:
            lines.append(
                known_sources.get(source) or remember(known_sources, source, self.source_line, source)
            )
        lines.append("END:VEVENT\r\n")
        return _CRLF.join(lines)

    def tombstone(self, record: EventRecord) -> str | None:
        """A removed event: its last VEVENT, cancelled, marked X-CHRONO-REMOVED (SEQUENCE and
        LAST-MODIFIED are already the removal's)."""
        event = self.event(record)
        if event is None or record.removed is None:
            return None
        status = _STATUS_LINE.get(record.status, "STATUS:CONFIRMED")
        event = event.replace(f"{_CRLF}{status}{_CRLF}", f"{_CRLF}STATUS:CANCELLED{_CRLF}", 1)
        end = f"END:VEVENT{_CRLF}"
        return event.removesuffix(end) + f"X-CHRONO-REMOVED:{self.stamp(record.removed)}{_CRLF}{end}"

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
        if not when.in_calendar():
            return None  # counted by the caller, and said in the calendar's description
        vague = start.precision in VAGUE or (end is not None and end.precision in VAGUE)
        vague = vague or when.open is not None
        if vague and self.imprecise == "omit":
            return None
        if when.open is not None or (vague and self.imprecise == "marker"):
            if when.open is not None:
                first = f"DTSTART;VALUE=DATE:{start.span()[0] // _DAY_KEY:08d}"
                return _with_end(first, _next_day(start.first_day())), marker_words(when)
            first = f"DTSTART;VALUE=DATE:{record.span_start // _DAY_KEY:08d}"
            after = _next_day(key_to_datetime(record.span_start).date())
            return _with_end(first, after), marker_words(when)
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


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped; every line break
    (CRLF, a lone CR, a lone LF) written as "\\n", so that no text can end its content line and
    start another; control characters, which no value may hold, dropped. A backslash is always
    text: "\\N" stays a backslash and an N.
    """
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    return (
        _CONTROL.sub("", value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def text_as_read(value: str) -> str:
    """What a parser reads back from `escape_text(value)`: every line break one "\\n", no control
    characters (for comparing text written with text read, as the reader's appendix check does)."""
    return _CONTROL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")


def uri_text(url: str) -> str:
    """A URI value, which is not escaped: without whitespace or control characters."""
    return "".join(_CONTROL.sub("", url).split())


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


def appendix(
    actors: Sequence[tuple[str, str | None]],
    sources: Sequence[SourceRef],
    quantities: Sequence[Quantity] = (),
    external_ids: Mapping[str, str] | None = None,
) -> str:
    """Actors, sources, quantities and external ids in words, as DESCRIPTION shows them after the
    event's own text."""
    parts = []
    if actors:
        parts.append("Actors: " + ", ".join(f"{name} ({role})" if role else name for name, role in actors))
    if sources:
        lines = [f"[{n}] {_source_words(s)}" for n, s in enumerate(sources, start=1)]
        parts.append("Sources:\n" + "\n".join(lines))
    if quantities:
        parts.append("Quantities: " + "; ".join(q.display() for q in quantities))
    if external_ids:
        from chrono.external_ids import display

        parts.append("External ids: " + display(external_ids))
    return "\n\n".join(parts)


def data_lines(record: EventRecord, text: Callable[[str], str]) -> list[str]:
    """`X-CHRONO-DATA` (the event's quantities, external ids and media as JSON, for the reader) and,
    for people's calendar apps, the media as RFC 7986 `IMAGE` when it is a picture (or has a
    thumbnail) and as `ATTACH` when it is not."""
    import json

    from chrono.models import extra_fields

    data = json.dumps(extra_fields(record), ensure_ascii=False, separators=(",", ":"))
    lines = [fold(f"X-CHRONO-DATA:{text(data)}")]
    media = record.media
    if media is not None:
        if not media.is_image():
            lines.append(fold("ATTACH:" + uri_text(media.url)))
        picture = media.url if media.is_image() else media.thumbnail
        if picture:
            lines.append(fold("IMAGE;VALUE=URI;DISPLAY=FULLSIZE:" + uri_text(picture)))
    return lines


def _json_object(pairs: Iterable[tuple[str, str | None]]) -> str:
    """A JSON object of the pairs whose value is not empty, in order (json's own string escaping)."""
    quote = encode_basestring
    return "{" + ",".join(f'"{key}":{quote(value)}' for key, value in pairs if value) + "}"


def _source_words(source: SourceRef) -> str:
    """A source in words: title — publisher <url>, then the quote that backs the claim."""
    text = " — ".join(b for b in (source.title, source.publisher) if b)
    if source.url:
        text = f"{text} <{source.url}>" if text else source.url
    if source.quote:
        text = f"{text}: “{source.quote}”" if text else f"“{source.quote}”"
    return text


def marker_words(when: When) -> str:
    """The date at its precision, as a marker's SUMMARY says it: "Dec 2024", "c. 2024"."""

    def words(date: PartialDate) -> str:
        text = date.display()
        return "c. " + text[1:] if text.startswith("~") else text

    if when.open is not None:
        return when.display().replace("~", "c. ", 1)
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


def geo_lines(geo: Geo) -> list[str]:
    """GEO (RFC 5545: latitude;longitude as FLOATs) and, for chrono's own import, the precision."""
    lines = [f"GEO:{number_text(geo.latitude)};{number_text(geo.longitude)}"]
    if geo.precision:
        lines.append(f"X-CHRONO-GEO-PRECISION:{geo.precision}")
    return lines
