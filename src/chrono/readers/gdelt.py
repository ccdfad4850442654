"""GDELT 2.0 event files (`*.export.CSV`: tab-separated, no header, 61 columns per the codebook).

GDELT codes news reports by machine, one row per event: `GLOBALEVENTID` becomes the id
(`gdelt-…`) and the `gdelt` external id, `SQLDATE` (YYYYMMDD) the day, `Actor1Name`/`Actor2Name`
the actors ("actor 1", "actor 2"), the CAMEO `EventCode` a tag ("CAMEO 190") and, by its root
code, the words of the title ("Fight: RUSSIA – UKRAINE"), `ActionGeo_FullName` the location,
`ActionGeo_Lat`/`ActionGeo_Long` the point, with `ActionGeo_Type` as its precision (1 country →
"country", 2 US state and 5 world state → "region", 3 US city and 4 world city → "town"), and
`SOURCEURL` the source. Counted as not kept: actor codes, the Goldstein scale, mentions, sources and
articles counts, tone. Rows stream, as GDELT files are large.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from chrono.readers.reading import Item, Reading, bad

COLUMNS = 61
_ID, _DATE, _ACTOR1, _ACTOR2, _CODE, _ROOT = 0, 1, 6, 16, 26, 28
_GOLDSTEIN, _TONE, _GEO_TYPE, _PLACE, _LAT, _LON, _URL = 30, 34, 51, 52, 56, 57, 60
_GEO_PRECISION = {"1": "country", "2": "region", "3": "town", "4": "town", "5": "region"}  # ActionGeo_Type
# The twenty CAMEO root codes (GDELT's CAMEO codebook), for a title in words.
_ROOTS = {
    "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate", "04": "Consult",
    "05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation", "07": "Provide aid",
    "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject",
    "13": "Threaten", "14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations",
    "17": "Coerce", "18": "Assault", "19": "Fight", "20": "Use unconventional mass violence",
}  # fmt: skip


def read_gdelt(text: str | Iterable[str], name: str, *, tz: str | None = None) -> Reading:
    """Events of a GDELT 2.0 event file, read row by row (`tz` is not needed: GDELT dates are days)."""
    reading = Reading()
    lines = io.StringIO(text) if isinstance(text, str) else text
    reading.stream = _rows(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), name, reading)
    return reading


def _rows(rows: Any, name: str, reading: Reading) -> Iterator[Item]:
    end = rows.line_num
    for row in rows:
        line, end = end + 1, rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != COLUMNS:
            raise bad(name, line, f"{len(row)} tab-separated columns: a GDELT 2.0 event row has {COLUMNS}")
        yield Item(_event(row, name, line, reading), line)


def _event(row: list[str], name: str, line: int, reading: Reading) -> dict[str, Any]:
    event_id, day = row[_ID].strip(), row[_DATE].strip()
    if not event_id.isdigit():
        raise bad(name, line, f"GLOBALEVENTID {event_id!r} is not a number")
    if len(day) != 8 or not day.isdigit():
        raise bad(name, line, f"SQLDATE {day!r} is not YYYYMMDD")
    actors = [
        (row[i].strip(), role) for i, role in ((_ACTOR1, "actor 1"), (_ACTOR2, "actor 2")) if row[i].strip()
    ]
    code, root = row[_CODE].strip(), row[_ROOT].strip().zfill(2)
    verb = _ROOTS.get(root, f"CAMEO {code}")
    fields: dict[str, Any] = {
        "id": f"gdelt-{event_id}",
        "external_ids": {"gdelt": event_id},
        "start": f"{day[:4]}-{day[4:6]}-{day[6:]}",
        "title": f"{verb}: {' – '.join(a for a, _ in actors)}" if actors else verb,
        "tags": list(dict.fromkeys(t for t in (f"CAMEO {code}" if code else "", verb) if t)),
    }
    if actors:
        roles: dict[str, list[str]] = {}
        for actor, role in actors:
            roles.setdefault(actor, []).append(role)
        fields["actors"] = [{"name": a, "role": "; ".join(r)} for a, r in roles.items()]
    if row[_PLACE].strip():
        fields["location"] = row[_PLACE].strip()
    if row[_URL].strip():
        fields["sources"] = [row[_URL].strip() if "://" in row[_URL] else {"title": row[_URL].strip()}]
    if row[_LAT].strip() or row[_LON].strip():
        fields["latitude"], fields["longitude"] = row[_LAT].strip(), row[_LON].strip()
        precision = _GEO_PRECISION.get(row[_GEO_TYPE].strip())
        if precision:
            fields["geo_precision"] = precision
    if row[_GOLDSTEIN].strip() or row[_TONE].strip():
        reading.dropped["Goldstein scales, tones and mention counts"] += 1
    return fields
