"""The event file formats as exports: YAML and CSV that `chrono import` reads back exactly.

`chrono export yaml` writes what a person would write by hand — a mapping with the timeline's title
and an `events` list, each event with the fields of `chrono list --format json` (empty ones left
out), multi-line descriptions as literal blocks — so that a whole database can be kept in git as a
file, reviewed as a diff and imported again: an unchanged file imports as "0 added, 0 updated". `chrono
export csv` is `chrono list --format csv`. Neither carries what belongs to the database rather than
to its events (actor kinds and aliases) nor removed events.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from chrono.models import EventRecord

# Fields left out of a YAML event when they hold their default: what a hand-written file omits.
_DEFAULTS: dict[str, Any] = {
    "end": None, "timezone": None, "approximate": False, "uncertain": False, "status": "confirmed",
    "description": "", "location": None, "actors": [], "roles": {}, "tags": [], "sources": [],
}  # fmt: skip


def iter_yaml(records: Iterable[EventRecord], *, title: str, description: str) -> Iterator[str]:
    """The YAML event file, one piece an event."""
    dump = _dumper()
    yield "# chrono events: edit, then `chrono import` this file (ids match events; nothing is removed)\n"
    yield dump({"format": "chrono", "version": 1, "title": title, "description": description})
    yield "events:\n"
    empty = True
    for record in records:
        empty = False
        event = record.to_dict()
        event = {k: v for k, v in event.items() if k not in _DEFAULTS or v != _DEFAULTS[k]}
        event["sources"] = [{k: v for k, v in s.items() if v is not None} for s in event.get("sources", [])]
        if not event["sources"]:
            del event["sources"]
        text = dump([event])
        yield "".join(f"  {line}" if line.strip() else line for line in text.splitlines(keepends=True))
    if empty:
        yield "  []\n"


def render_yaml(records: Iterable[EventRecord], *, title: str, description: str) -> str:
    return "".join(iter_yaml(records, title=title, description=description))


def render_csv(records: Iterable[EventRecord], *, title: str, description: str) -> str:
    """`chrono list --format csv`: a CSV file has no place for the title."""
    from chrono.render.listing import render_csv as listing_csv

    return listing_csv(records)


def _dumper() -> Any:
    import yaml

    class Dumper(yaml.SafeDumper):
        """Text with line breaks as literal blocks (`|`), which read and diff as written."""

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = (
            "|" if "\n" in value and not any(line != line.rstrip() for line in value.split("\n")) else None
        )
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)

    def dump(data: Any) -> str:
        result: str = yaml.dump(
            data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
        )
        return result

    return dump
