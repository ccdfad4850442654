"""GeoJSON (RFC 7946): the events that have a point, as a FeatureCollection for any map.

Each event with coordinates is a Feature with a Point geometry (`[longitude, latitude]`, as RFC 7946
orders them, every stored digit kept), the event's id as the Feature's `id`, and as properties: id,
title, the date in words and in EDTF, location, geo_precision, status, actors, tags and the URL of
its first source that has one. The collection's `title` and `description` are foreign members
(RFC 7946 section 6.1), which GeoJSON readers keep and ignore.

An event without coordinates cannot be placed on a map, so it is left out — never silently: the
caller counts them beforehand (`left_out`, as for iCalendar's undatable events), the description
says how many, and `chrono export` says so on stderr.

Features keep the order of the records given, one a line; the same records give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from chrono.models import EventRecord

__all__ = ["feature", "iter_geojson", "render_geojson"]


def render_geojson(records: Sequence[EventRecord], *, title: str, description: str, left_out: int = 0) -> str:
    """The FeatureCollection as UTF-8 JSON text, ending with a newline."""
    return "".join(iter_geojson(records, title=title, description=description, left_out=left_out))


def iter_geojson(
    records: Iterable[EventRecord], *, title: str, description: str, left_out: int = 0
) -> Iterator[str]:
    """`render_geojson` in pieces (the head, one per placed event, the tail), for writing as it goes.
    `left_out` is how many of the records have no point (counted by the caller, as the head comes
    first); those records are skipped here."""
    if left_out:
        note = f"{left_out} event(s) without coordinates are left out: a map cannot place them."
        description = f"{description}\n{note}" if description else note
    head = {"type": "FeatureCollection", "title": title, "description": description}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "features": ['
    separator = "\n"
    for record in records:
        shape = feature(record)
        if shape is None:
            continue
        yield separator + "  " + json.dumps(shape, ensure_ascii=False, separators=(", ", ": "))
        separator = ",\n"
    yield ("\n]" if separator == ",\n" else "]") + "}\n"


def feature(record: EventRecord) -> dict[str, Any] | None:
    """One event as a GeoJSON Feature, or None when it has no point."""
    geo = record.geo
    if geo is None:
        return None
    when = record.when()
    url = next((s.url for s in record.sources if s.url), None)
    return {
        "type": "Feature",
        "id": record.id,
        "geometry": {"type": "Point", "coordinates": [geo.longitude, geo.latitude]},
        "properties": {
            "id": record.id,
            "title": record.title,
            "date": when.display(),
            "edtf": when.edtf(),
            "location": record.location,
            "geo_precision": geo.precision,
            "status": record.status,
            "actors": list(record.actors),
            "tags": list(record.tags),
            "url": url,
        },
    }
