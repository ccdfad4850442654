"""ACLED (Armed Conflict Location & Event Data) CSV exports, as its codebook describes the columns.

What becomes what:

* `event_id_cnty` is the id and the `acled` external id (ACLED keeps it when it revises an event, so
  a re-import updates it).
* `event_date` with `time_precision`: 1 is the day, 2 a day within a week the source names (kept as that
  day, approximate), 3 a month the source names (kept as the month: ACLED's mid-month day is not
  known to have happened).
* `actor1`, `actor2` and the `assoc_actor_1`/`assoc_actor_2` lists (`; `-separated) are actors with
  their position as role ("actor 1", "associated with actor 2"); an actor in two positions keeps both
  ("actor 1; associated with actor 2").
* `disorder_type`, `event_type`, `sub_event_type`, `civilian_targeting` and ACLED's own `tags` become
  tags; `notes` the description; `fatalities` the quantity `fatalities` (its source: ACLED), which
  `--min fatalities=N` filters on; `source` sources by name; `location`, `admin3`, `admin2`,
  `admin1` and `country` the location text; `latitude` and `longitude` the point, with
  `geo_precision` 1 (the town itself) as "town", 2 (near the town, or a part of the region) as
  "near" and 3 (the region, at its capital) as "region".
* The title is made from the event: "Battles: Military Forces of Russia vs Military Forces of Ukraine
  in Avdiivka".
* Not kept, and counted: `inter1`/`inter2`, `source_scale`, `region`, `timestamp`. Columns that only
  repeat others (`year`, `iso`, `interaction`, …) are left silently.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from chrono.readers.reading import Item, Reading, bad

_NOT_KEPT = {
    "inter1": "actor type codes",
    "inter2": "actor type codes",
    "source_scale": "source scales",
    "region": "regions",
    "timestamp": "ACLED upload timestamps",
}
_REPEATS = {"year", "iso", "iso3", "interaction", "event_id_no_cnty", "data_id"}
_USED = {
    "event_id_cnty", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "civilian_targeting", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities", "tags",
}  # fmt: skip
_GEO_PRECISION = {"1": "town", "2": "near", "3": "region"}  # ACLED's codebook
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_acled(text: str | Iterable[str], name: str, *, tz: str | None = None) -> Reading:
    """Events of an ACLED CSV export, read row by row as they are asked for (ACLED's full export is
    millions of rows); `text` is the file's text or its open handle. `tz` is not needed: ACLED
    dates are days."""
    reading = Reading()
    rows = csv.reader(io.StringIO(text) if isinstance(text, str) else text)
    header = [h.strip().lower() for h in next(rows, [])]
    if "event_id_cnty" not in header or "event_date" not in header:
        raise bad(name, 1, "not an ACLED export: it needs 'event_id_cnty' and 'event_date' columns")
    reading.stream = _rows(rows, header, name, reading)
    return reading


def _rows(rows: Any, header: list[str], name: str, reading: Reading) -> Iterator[Item]:
    unknown = [h for h in header if h and h not in _USED | _REPEATS | _NOT_KEPT.keys()]
    end = rows.line_num
    for row in rows:
        line, end = end + 1, rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise bad(name, line, f"{len(row)} cells, but the header names {len(header)} columns")
        cells = {header[i]: cell.strip() for i, cell in enumerate(row) if header[i]}
        yield Item(_event(cells, name, line, reading), line)
        for column in unknown:
            if cells.get(column):
                reading.dropped[f"column {column!r}"] += 1


def _event(cells: dict[str, str], name: str, line: int, reading: Reading) -> dict[str, Any]:
    event_id = cells.get("event_id_cnty", "")
    if not event_id:
        raise bad(name, line, "no event_id_cnty")
    fields: dict[str, Any] = {"id": event_id}
    fields["start"], approximate = _date(cells, name, line)
    if approximate:
        fields["approximate"] = True
    roles: dict[str, list[str]] = {}
    for column, role in (
        ("actor1", "actor 1"),
        ("assoc_actor_1", "associated with actor 1"),
        ("actor2", "actor 2"),
        ("assoc_actor_2", "associated with actor 2"),
    ):
        for actor in _split(cells.get(column, "")):
            roles.setdefault(actor, []).append(role)
    if roles:
        fields["actors"] = [{"name": actor, "role": "; ".join(r)} for actor, r in roles.items()]
    tags = [cells.get(c, "") for c in ("disorder_type", "event_type", "sub_event_type", "civilian_targeting")]
    tags += _split(cells.get("tags", ""))
    tags = [t for t in tags if t]
    if tags:
        fields["tags"] = list(dict.fromkeys(tags))
    places = [cells.get(c, "") for c in ("location", "admin3", "admin2", "admin1", "country")]
    places = list(dict.fromkeys(p for p in places if p))
    if places:
        fields["location"] = ", ".join(places)
    fields["title"] = _title(cells)
    notes = cells.get("notes", "")
    fatalities = cells.get("fatalities", "")
    if fatalities and not fatalities.isdigit():
        raise bad(name, line, f"fatalities {fatalities!r} is not a whole number")
    if notes:
        fields["description"] = notes
    if fatalities:  # ACLED's own count (its codebook: a conservative estimate, from its sources)
        fields["quantities"] = [{"name": "fatalities", "value": int(fatalities), "source": "ACLED"}]
    fields["external_ids"] = {"acled": event_id}
    sources = _split(cells.get("source", ""))
    if sources:
        fields["sources"] = [{"title": s} for s in dict.fromkeys(sources)]
    fields.update(_point(cells, name, line))
    for column, what in _NOT_KEPT.items():
        if cells.get(column):
            reading.dropped[what] += 1
    return fields


def _point(cells: dict[str, str], name: str, line: int) -> dict[str, str]:
    """latitude, longitude and the geo_precision code in words (the validator checks the numbers)."""
    point = {k: cells[k] for k in ("latitude", "longitude") if cells.get(k)}
    code = cells.get("geo_precision", "")
    if point and code:
        if code not in _GEO_PRECISION:
            raise bad(name, line, f"geo_precision {code!r}: ACLED codes 1 (town), 2 (near it) or 3 (region)")
        point["geo_precision"] = _GEO_PRECISION[code]
    return point


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _title(cells: dict[str, str]) -> str:
    """ "Battles: A vs B in Place" (or "Protests: A in Place"), from what the row has."""
    kind = cells.get("event_type") or cells.get("sub_event_type") or "Event"
    actors = [a for a in (cells.get("actor1", ""), cells.get("actor2", "")) if a]
    title = f"{kind}: {' vs '.join(actors)}" if actors else kind
    place = cells.get("location") or cells.get("admin1") or cells.get("country")
    return f"{title} in {place}" if place else title


def _date(cells: dict[str, str], name: str, line: int) -> tuple[str, bool]:
    """The day (or month) the row is dated by, at the precision ACLED codes, and whether approximate."""
    raw = cells.get("event_date", "")
    dmy = _DMY.fullmatch(raw)
    if dmy:
        day = f"{dmy[3]}-{int(dmy[2]):02d}-{int(dmy[1]):02d}"
    elif _ISO_DAY.fullmatch(raw):
        day = raw
    else:
        from chrono.dates import Precision, parse_date
        from chrono.errors import DateError

        try:
            value = parse_date(raw)
        except DateError as exc:
            raise bad(name, line, f"event_date: {exc}") from exc
        if value.precision is not Precision.DAY:
            raise bad(name, line, f"event_date {raw!r} is not a day")
        day = value.iso()
    precision = cells.get("time_precision", "1") or "1"
    if precision == "1":
        return day, False
    if precision == "2":
        return day, True
    if precision == "3":
        return day[:7], False
    raise bad(name, line, f"time_precision {precision!r}: ACLED codes 1 (day), 2 (week) or 3 (month)")
