"""Aeon Timeline CSV exports: the columns Aeon names by default, read by name.

Aeon lets its user choose the exported columns, so this reader maps the ones it knows by their
usual names (case does not matter) and counts the rest as not kept: `Title`/`Name` → title,
`Start Date`/`Start` → start, `End Date`/`End` → end, `Summary`, `Notes`, `Description` →
description, `Location`/`Place` → location, `Participants`/`Participant`/`People`/`Characters` →
actors, `Tags`/`Tag`/`Labels` → tags, `ID`/`Event ID` → id. Multi-value cells are split on `|`,
`,` or `;` (Aeon's choices of internal delimiter). Aeon writes times without a zone: give `--tz`.
For other columns, use `--map`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from itertools import chain

from chrono.readers.mapped import read_mapped
from chrono.readers.reading import Reading, bad

KNOWN = {
    "title": "title", "name": "title", "start date": "start", "start": "start", "end date": "end",
    "end": "end", "summary": "description", "notes": "description", "description": "description",
    "location": "location", "place": "location", "participants": "actors", "participant": "actors",
    "people": "actors", "characters": "actors", "tags": "tags", "tag": "tags", "labels": "tags",
    "id": "id", "event id": "id",
}  # fmt: skip


def read_aeon(text: str | Iterable[str], name: str, *, tz: str | None = None) -> Reading:
    """Rows of an Aeon Timeline CSV export, streamed."""
    lines = iter(io.StringIO(text) if isinstance(text, str) else text)
    first = next(lines, "")
    header = [h.strip() for h in next(csv.reader([first]), [])]
    mapping: dict[str, list[str]] = {}
    for column in header:
        target = KNOWN.get(column.lower())
        if target is None:
            continue
        if target not in ("description", "actors", "tags") and any(target in t for t in mapping.values()):
            continue  # the first of "Start Date" and "Start" wins; the other is counted as not kept
        mapping[column] = [target]
    targets = {t for ts in mapping.values() for t in ts}
    if "title" not in targets or "start" not in targets:
        raise bad(name, 1, "not an Aeon Timeline export: it needs 'Title' and 'Start Date' columns")
    return read_mapped(chain([first], lines), name, mapping=mapping, tz=tz, separators="|,;", prefix="aeon")
