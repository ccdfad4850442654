"""chrono's own export format: every stored field of every event, read back by `chrono import`.

The document is `{"format": "chrono", "version": 1, "title", "description", "events"}` where each
event is exactly `EventRecord.to_dict()`, the shape of `chrono list --format json`. Importing it into
an empty database and exporting again gives the same bytes: `created`, `updated` and `revision` are
kept when an import creates an event, and every other field is already in the canonical form the
importer produces. What an export cannot carry is what belongs to the database rather than to events:
actor kinds, aliases and external ids.

Events are written in the order given. The caller sorts (by span start, then id, as `select_events`
does); sorting again here would undo `--reverse`.

The format is published as a JSON Schema (draft 2020-12), shipped inside the package; `load_schema()`
returns it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from json.encoder import encode_basestring
from typing import Any

from chrono.models import EventRecord, SourceRef

__all__ = ["FORMAT", "SCHEMA_FILE", "VERSION", "load_schema", "render_native"]

FORMAT = "chrono"
VERSION = 1
SCHEMA_FILE = "chrono-export.schema.json"


def render_native(
    records: Sequence[EventRecord],
    *,
    title: str,
    description: str,
    removed: Sequence[EventRecord] = (),
) -> str:
    """The export document: UTF-8 JSON with one event a line, ending with a newline.

    One line an event diffs cleanly in git, and lets the C encoder do the work: pretty-printing
    a large export with `indent` runs json's pure-Python encoder and costs several times as much.
    Removed events (tombstones) follow as `"removed": [{"id", "removed", "revision"}, …]`, only
    when there are any, so that a subscriber of the feed sees an event go.
    """
    return "".join(iter_native(records, title=title, description=description, removed=removed))


def iter_native(
    records: Iterable[EventRecord],
    *,
    title: str,
    description: str,
    removed: Sequence[EventRecord] = (),
) -> Iterator[str]:
    """`render_native` in pieces (the head, one per event, the tail), for writing as it goes."""
    head = json.dumps(
        {"format": FORMAT, "version": VERSION, "title": title, "description": description},
        ensure_ascii=False,
    )
    yield head[:-1] + ', "events": ['
    separator = "\n"
    line = event_json if _DIRECT else _event_json_of_dict
    for record in records:
        yield separator + "  " + line(record)
        separator = ",\n"
    tail = "}\n"
    if removed:
        gone = [{"id": r.id, "removed": r.removed, "revision": r.revision} for r in removed]
        tail = ', "removed": [\n' + ",\n".join("  " + json.dumps(g) for g in gone) + "\n]}\n"
    yield ("\n]" if separator == ",\n" else "]") + tail


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
_TEXT = encode_basestring  # a str as JSON, as the encoder above writes it
_FLAG = {True: "true", False: "false"}
# `event_json` writes these fields of `EventRecord.to_dict()`, in its order; when the record has
# other fields (a new one not written here yet), every line goes through `to_dict()` instead.
_WRITTEN = (
    "id", "title", "start", "end", "precision", "timezone", "approximate", "uncertain", "status",
    "description", "location", "created", "updated", "revision", "span_start", "span_end", "actors",
    "roles", "tags", "sources", "removed", "geo", "anchored", "anchor_title", "quantities", "external_ids",
    "media",
)  # fmt: skip
_DIRECT = tuple(f.name for f in fields(EventRecord)) == _WRITTEN and tuple(
    f.name for f in fields(SourceRef)
) == ("url", "title", "publisher", "published", "archive_url", "quote")


def _event_json_of_dict(record: EventRecord) -> str:
    return _ENCODE(record.to_dict())


def _text_or_null(value: str | None) -> str:
    return "null" if value is None else _TEXT(value)


def _source_json(s: SourceRef) -> str:
    n = _text_or_null
    return (
        f'{{"url": {n(s.url)}, "title": {n(s.title)}, "publisher": {n(s.publisher)}, '
        f'"published": {n(s.published)}, "archive_url": {n(s.archive_url)}, "quote": {n(s.quote)}}}'
    )


def event_json(r: EventRecord) -> str:
    """`json.dumps(r.to_dict(), ensure_ascii=False, separators=(", ", ": "))`, written directly from
    the record: half the CPU time of building the dict and encoding it (tests/test_native.py checks
    the two give the same text). An event with a point on the map, an anchored date, quantities,
    external ids or media goes through `to_dict()`."""
    if r.geo is not None or r.anchored is not None or r.quantities or r.external_ids or r.media is not None:
        return _ENCODE(r.to_dict())
    t, n = _TEXT, _text_or_null
    roles = ", ".join(f"{t(name)}: {t(role)}" for name, role in r.roles.items())
    return "".join(
        (
            f'{{"id": {t(r.id)}, "title": {t(r.title)}, "start": {t(r.start)}, "end": {n(r.end)}, ',
            f'"precision": {t(r.precision)}, "timezone": {n(r.timezone)}, ',
            f'"approximate": {_FLAG[r.approximate]}, "uncertain": {_FLAG[r.uncertain]}, ',
            f'"status": {t(r.status)}, "description": {t(r.description)}, "location": {n(r.location)}, ',
            f'"actors": [{", ".join(map(t, r.actors))}], "roles": {{{roles}}}, ',
            f'"tags": [{", ".join(map(t, r.tags))}], ',
            f'"sources": [{", ".join(map(_source_json, r.sources))}], ',
            f'"created": {t(r.created)}, "updated": {t(r.updated)}, "revision": {int(r.revision)}}}',
        )
    )


def load_schema() -> dict[str, Any]:
    """The JSON Schema of the export, read from the installed package (a fresh dict each call)."""
    from importlib.resources import files

    text = files("chrono").joinpath("render", SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
