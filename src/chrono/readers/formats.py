"""Which reader reads a file: by `--from-format`, by extension, or by what a JSON or CSV file holds.

chrono's own files (YAML, JSON, JSON Lines, CSV, iCalendar) are read by `chrono.sources`; the formats
of other tools are named here once, each with the reader module that reads it. A `.json` or `.csv`
file is looked into only as far as needed to tell another tool's file from chrono's own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from chrono.errors import InvalidInput
from chrono.readers.reading import Reading, bad

Reader = Callable[..., Reading]

FOREIGN = {
    "markwhen": "Markwhen (.mw)",
    "timelinejs": "TimelineJS JSON (v3, v2, chrono's own export)",
    "timelinejs-sheet": "TimelineJS Google Sheets template (CSV)",
    "jrnl": "jrnl JSON export",
    "dayone": "Day One JSON export",
    "wikidata": "Wikidata SPARQL results (JSON) or entity JSON",
    "acled": "ACLED CSV export",
    "gdelt": "GDELT 2.0 event file (tab-separated, 61 columns)",
    "aeon": "Aeon Timeline CSV export",
    "mapped": "a CSV read through --map or --map-file",
}
SUFFIXES = {".mw": "markwhen"}

# Keys that only another tool's JSON has at its top or in its entries: a cheap first look, so that a
# large chrono export is not parsed twice.
_JSON_HINT = re.compile(r'"(?:start_date|startDate|timeline|entries|bindings|entities)"\s*:')
_LOOK = 1 << 16


def reader(name: str) -> Reader:
    """The read function of a format named in FOREIGN."""
    if name == "markwhen":
        from chrono.readers.markwhen import read_markwhen

        return read_markwhen
    if name in ("timelinejs", "timelinejs-sheet"):
        from chrono.readers import timelinejs, timelinejs_sheet

        return timelinejs.read_timelinejs if name == "timelinejs" else timelinejs_sheet.read_sheet
    if name in ("jrnl", "dayone"):
        from chrono.readers import jrnl

        return jrnl.read_jrnl if name == "jrnl" else jrnl.read_dayone
    if name == "wikidata":
        from chrono.readers.wikidata import read_wikidata

        return read_wikidata
    if name == "acled":
        from chrono.readers.acled import read_acled

        return read_acled
    if name == "gdelt":
        from chrono.readers.gdelt import read_gdelt

        return read_gdelt
    if name == "aeon":
        from chrono.readers.aeon import read_aeon

        return read_aeon
    if name == "mapped":
        from chrono.readers.mapped import read_mapped

        return read_mapped
    raise InvalidInput(f"unknown format {name!r}: use one of {', '.join(FOREIGN)}")


def check_format(name: str | None) -> str | None:
    if name is not None and name not in FOREIGN:
        raise InvalidInput(f"unknown format {name!r}: use one of {', '.join(FOREIGN)}")
    return name


def detect(path: Path) -> str | None:
    """The foreign format of a file, or None when it is one of chrono's own."""
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if suffix == ".json":
        with path.open(encoding="utf-8") as handle:
            head = handle.read(_LOOK)
        if not _JSON_HINT.search(head):
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            return None  # chrono's own reader says where
        return _json_kind(data)
    if suffix == ".csv":
        import csv

        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
        cells = first.rstrip("\r\n").split("\t")
        if len(cells) == 61 and cells[0].isdigit():
            return "gdelt"
        header = next(csv.reader([first]), [])
        columns = {c.strip().lower() for c in header}
        if "event_id_cnty" in columns:
            return "acled"
        if {"year", "headline"} <= columns:
            return "timelinejs-sheet"
        if {"title", "start date"} <= columns:
            return "aeon"
    return None


def _json_kind(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("timeline"), dict):
        return "timelinejs"
    events = data.get("events")
    if isinstance(events, list) and any(isinstance(e, dict) and "start_date" in e for e in events):
        return "timelinejs"
    entries = data.get("entries")
    if isinstance(entries, list):
        if "metadata" in data or any(isinstance(e, dict) and "creationDate" in e for e in entries):
            return "dayone"
        return "jrnl"
    if isinstance(data.get("results"), dict) and "bindings" in data["results"]:
        return "wikidata"
    if isinstance(data.get("entities"), dict):
        return "wikidata"
    return None


STREAMED = {"acled", "aeon", "gdelt", "mapped"}  # readers that take an open file and read it row by row


def read_foreign(
    path: Path,
    name: str,
    *,
    tz: str | None = None,
    mapping: dict[str, list[str]] | None = None,
    midnight_is_day: bool = False,
) -> Iterator[Reading]:
    """Read a file of another tool's format: yields its Reading once, with the file open while the
    caller goes through `Reading.entries()` (a streamed reader reads as it is asked)."""
    extra: dict[str, Any] = {}
    if name == "wikidata" and midnight_is_day:
        extra["midnight_is_day"] = True
    if name == "mapped":
        if mapping is None:
            raise InvalidInput("--from-format mapped needs --map or --map-file")
        extra["mapping"] = mapping
    if name in STREAMED:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield reader(name)(handle, str(path), tz=tz, **extra)
        return
    text = path.read_text(encoding="utf-8-sig")
    if not text.strip():
        raise bad(str(path), None, f"empty file, not {FOREIGN[name]}")
    yield reader(name)(text, str(path), tz=tz, **extra)
