"""Publishing: filter → events → one of the formats in `chrono.render.FORMATS`.

`chrono export` and `chrono serve` both come through here, so the same filter gives the same events
and the same bytes on disk and over HTTP.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from chrono.db import Reader
from chrono.errors import InvalidInput
from chrono.filters import Filter
from chrono.models import EventRecord
from chrono.query import count_events, iter_events, select_events, select_removed
from chrono.render import FORMATS, Format

DEFAULT_TITLE = "chrono timeline"


@dataclass(frozen=True, slots=True)
class Published:
    text: str
    format: Format
    count: int
    last_modified: str | None  # the newest `updated` among the events, never "now"


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise InvalidInput(f"unknown format {name!r}: use one of {', '.join(FORMATS)}") from None


def publish(
    reader: Reader,
    format_name: str,
    flt: Filter,
    *,
    title: str | None = None,
    drafts: bool = False,
    **options: Any,
) -> Published:
    """The events of `flt` in one format; `drafts` as for `publish_to`."""
    fmt = get_format(format_name)
    flt = flt if drafts and fmt.drafts else flt.published()
    options = _with_left_out(reader, fmt, flt, options)
    records = select_events(reader, flt)
    removed = _tombstones(reader, fmt, flt)
    text: str = _render(fmt, fmt.function, records, flt, title, options, removed)
    # A removal bumps its tombstone's `updated`, so Last-Modified never goes back after a delete.
    newest = max((r.updated for r in [*records, *removed]), default=None)
    return Published(text, fmt, len(records), newest)


@dataclass(frozen=True, slots=True)
class Edition:
    """What a published document is, known before it is rendered: a strong ETag, its Last-Modified
    (the newest `updated` among its events and tombstones) and its number of events."""

    format: Format
    etag: str
    last_modified: str | None
    count: int


def edition(
    reader: Reader, format_name: str, flt: Filter, *, title: str | None = None, **options: Any
) -> Edition:
    """The ETag of `publish(reader, format_name, flt, ...)` without rendering it: a hash of the
    database's change mark (a new one with every write, see `db.mark_changed`), the schema and
    chrono versions, and everything else the bytes depend on (format, filter, title, options).
    Renderers are pure, so equal inputs mean equal bytes, and every write changes the mark."""
    import hashlib
    import json

    from chrono import __version__
    from chrono.schema import CHANGE_KEY, SCHEMA_VERSION

    fmt = get_format(format_name)
    flt = flt.published()
    rows = reader.all("SELECT value FROM meta WHERE key = ?", [CHANGE_KEY])
    names = {choice.name for choice in fmt.options} | set(fmt.keywords)
    chosen = sorted((k, repr(v)) for k, v in options.items() if k in names and v is not None)
    key = [rows[0][0] if rows else "", SCHEMA_VERSION, __version__, fmt.name, repr(flt), title, chosen]
    digest = hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()
    return Edition(fmt, f'"{digest}"', _newest(reader, fmt, flt), count_events(reader, flt))


def _newest(reader: Reader, fmt: Format, flt: Filter) -> str | None:
    """The newest `updated` among what `publish` would show: the events and (for feeds that carry
    them) the tombstones."""
    queries = [flt.sql("e.updated", dialect=reader.dialect)]
    if fmt.tombstones:
        queries.append(flt.sql("e.updated", dialect=reader.dialect, removed=True))
    stamps = [reader.all(f"SELECT MAX(c.updated) FROM ({sql}) AS c", params)[0][0] for sql, params in queries]
    return max((str(s) for s in stamps if s is not None), default=None)


def iter_published(
    reader: Reader, format_name: str, flt: Filter, *, title: str | None = None, **options: Any
) -> Iterator[str]:
    """The text of `publish` in pieces: event by event where the format can stream (reading events
    a batch at a time), else the whole text as one piece. Nothing is read until the first piece."""
    fmt = get_format(format_name)
    if fmt.stream is None:
        yield publish(reader, format_name, flt, title=title, **options).text
        return
    flt = flt.published()
    options = _with_left_out(reader, fmt, flt, options)
    removed = _tombstones(reader, fmt, flt)
    yield from _render(fmt, fmt.stream, iter_events(reader, flt), flt, title, options, removed)


def _tombstones(reader: Reader, fmt: Format, flt: Filter) -> list[EventRecord]:
    """The removed events a feed of this format tells its subscribers about (see `select_removed`)."""
    return select_removed(reader, flt) if fmt.tombstones else []


def publish_to(
    reader: Reader,
    format_name: str,
    flt: Filter,
    write: Callable[[str], object],
    *,
    title: str | None = None,
    drafts: bool = False,
    **options: Any,
) -> int:
    """Render into `write` piece by piece where the format can stream; returns the number of events.

    The same bytes as `publish`, without holding every event (or the whole text) in memory at once.
    `drafts` keeps drafts in, for a format that holds them (an event file written locally, never a
    publication: what `chrono serve` publishes leaves them out).
    """
    fmt = get_format(format_name)
    flt = flt if drafts and fmt.drafts else flt.published()
    options = _with_left_out(reader, fmt, flt, options)
    count = 0

    def counted(records: Iterable[EventRecord]) -> Iterator[EventRecord]:
        nonlocal count
        for record in records:
            count += 1
            yield record

    if fmt.stream is None:
        result = publish(reader, format_name, flt, title=title, drafts=drafts, **options)
        write(result.text)
        return result.count
    removed = _tombstones(reader, fmt, flt)
    for piece in _render(fmt, fmt.stream, counted(iter_events(reader, flt)), flt, title, options, removed):
        write(piece)
    return count


# Why a format leaves events out (`Format.leaves_out`), in words for `chrono export`'s note.
LEFT_OUT_WORDS = {
    "undatable": "dated outside the years 1-9999, which iCalendar cannot hold",
    "unplaced": "without coordinates, which a map cannot place",
}


def left_out(reader: Reader, format_name: str, flt: Filter) -> int:
    """How many events of `flt` the format cannot hold and leaves out (iCalendar: years before 1;
    GeoJSON: events without a point)."""
    kind = get_format(format_name).leaves_out
    if kind is None:
        return 0
    if kind == "unplaced":
        return _count_unplaced(reader, flt)
    return _count_outside_calendar(reader, flt)


def _count_unplaced(reader: Reader, flt: Filter) -> int:
    """How many events of `flt` have no coordinates."""
    sql, params = flt.sql("e.latitude", dialect=reader.dialect)
    rows = reader.all(f"SELECT COUNT(*) FROM ({sql}) AS c WHERE c.latitude IS NULL", params)
    return int(rows[0][0])


def _count_outside_calendar(reader: Reader, flt: Filter) -> int:
    """How many events of `flt` have a known day outside the years 1-9999 (which iCalendar cannot
    hold): BCE and large years. An open end is not a day; the known end of an open interval is."""
    from chrono.dates import CALENDAR_KEYS, KEY_OPEN_END, KEY_OPEN_START

    lo, hi = CALENDAR_KEYS
    if flt.as_of:
        from chrono.as_of import outside_calendar_as_of

        return outside_calendar_as_of(reader, flt, lo, hi, KEY_OPEN_START, KEY_OPEN_END)
    sql, params = flt.sql("e.span_start, e.span_end", dialect=reader.dialect)
    outside = (
        "(c.span_start < ? AND c.span_start <> ?) OR (c.span_end > ? AND c.span_end <> ?)"
        " OR (c.span_start = ? AND c.span_end <= ?) OR (c.span_end = ? AND c.span_start >= ?)"
    )
    rows = reader.all(
        f"SELECT COUNT(*) FROM ({sql}) AS c WHERE {outside}",
        [*params, lo, KEY_OPEN_START, hi, KEY_OPEN_END, KEY_OPEN_START, lo, KEY_OPEN_END, hi],
    )
    return int(rows[0][0])


def _with_left_out(reader: Reader, fmt: Format, flt: Filter, options: dict[str, Any]) -> dict[str, Any]:
    """A format that leaves events out says so in its header, so it needs the count first."""
    if not fmt.leaves_out:
        return options
    return {**options, "left_out": left_out(reader, fmt.name, flt)}


def _render(
    fmt: Format,
    function: str,
    records: Iterable[EventRecord],
    flt: Filter,
    title: str | None,
    options: dict[str, Any],
    removed: list[EventRecord],
) -> Any:
    """Call one of the format's renderers with the title, the filter in words, its own options and
    (for feeds that carry them) the tombstones of removed events."""
    renderer = getattr(importlib.import_module(fmt.module), function)
    names = {choice.name for choice in fmt.options} | set(fmt.keywords)
    kwargs = {k: v for k, v in options.items() if k in names and v is not None}
    if fmt.leaves_out:
        kwargs["left_out"] = options.get("left_out", 0)
    if fmt.tombstones:
        kwargs["removed"] = removed
    return renderer(records, title=title or DEFAULT_TITLE, description=_sentence(flt.describe()), **kwargs)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."
