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
from typing import Any

from chrono.models import EventRecord

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
    for record in records:
        yield separator + "  " + json.dumps(record.to_dict(), ensure_ascii=False, separators=(", ", ": "))
        separator = ",\n"
    tail = "}\n"
    if removed:
        gone = [{"id": r.id, "removed": r.removed, "revision": r.revision} for r in removed]
        tail = ', "removed": [\n' + ",\n".join("  " + json.dumps(g) for g in gone) + "\n]}\n"
    yield ("\n]" if separator == ",\n" else "]") + tail


def load_schema() -> dict[str, Any]:
    """The JSON Schema of the export, read from the installed package (a fresh dict each call)."""
    from importlib.resources import files

    text = files("chrono").joinpath("render", SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
