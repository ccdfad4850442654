"""Wikidata: SPARQL query results (JSON) and entity JSON (Special:EntityData/Q….json).

A date on Wikidata is a timestamp and a precision (9 = year, 10 = month, 11 = day, 13 = minute,
14 = second); the timestamp of a year is written `+1916-00-00T00:00:00Z` in entity JSON and
`1916-01-01T00:00:00Z` in SPARQL results. So a SPARQL result is read only with the precision beside
each date: select it with `wikibase:timePrecision`, in a variable named after the date's
(`?date` → `?datePrecision`) or `?precision`. Without it the import stops: a midnight on the first of
January is no year, and chrono does not guess.

What becomes what, for SPARQL: one event per item (the first variable holding Wikidata entities, rows of
the same item merged); its QID is the id and its `wikidata` external id, `?itemLabel` the title,
`?itemDescription` the description, a date variable (`date`, `start`, `time`, `pointInTime`, …) the
start and one named `end…` the end, `?placeLabel`/`?locationLabel` the location, a coordinate location
(P625, a variable of `geo:wktLiteral` values, `Point(LON LAT)`) the point, and the labels of
`participant`, `actor`, `country`, `belligerent` or `combatant` variables the actors (each with its QID
as the actor's `wikidata` external id when `?participant` itself is selected too), `?image` (P18) the
media. Other variables are counted as not kept. For entity JSON: the QID (id and external id), P585
(point in time) or P580/P582 (start and end time), P625 (coordinate location), the English label and
description. Coordinates on another globe than the Earth (the Moon, Mars) are counted as not kept;
Wikidata's coordinate precision (in degrees) is not a kind of place, so the point has no
`geo_precision`. BCE years come through (SPARQL numbers them as chrono does, 0000 = 1 BC; entity JSON
historically, -0044 = 44 BC, and is converted); decades (8) become `175X`, centuries (7) the century
Wikidata shows (`19XX` for the 20th). Millennia and coarser, hours (12), decades and centuries before
the year 1, and Julian-calendar days of entity JSON are refused with their line and counted."""

from __future__ import annotations

import json
import re
from typing import Any

from chrono.readers.media import take_media
from chrono.readers.reading import Reading, bad, json_item_lines

_ENTITY = re.compile(r"https?://www\.wikidata\.org/entity/(Q\d+)")
_TIME = re.compile(
    r"(?P<sign>[+-]?)(?P<y>\d{1,16})-(?P<m>\d{2})-(?P<d>\d{2})T(?P<h>\d{2}):(?P<mi>\d{2}):(?P<s>\d{2})Z"
)
_START_NAMES = ("date", "start", "starttime", "start_time", "time", "pointintime", "point_in_time", "when")
_ACTOR = re.compile(r"(participant|actor|country|belligerent|combatant|side|party)", re.I)
_PLACE = re.compile(r"^(place|location|locality)", re.I)
_JULIAN = "http://www.wikidata.org/entity/Q1985786"
_EARTH = "http://www.wikidata.org/entity/Q2"
_WKT = re.compile(r"(?:<(?P<globe>[^>]*)>\s*)?Point\(\s*(?P<lon>\S+)\s+(?P<lat>\S+)\s*\)", re.I)
_PRECISIONS = {9: 1, 10: 2, 11: 3, 13: 5, 14: 6}  # how many date parts each precision keeps
_NAMES = {0: "billion years", 1: "hundred million years", 3: "million years", 6: "millennium",
          7: "century", 8: "decade", 12: "hour"}  # fmt: skip


class _Refused(Exception):
    pass


def read_wikidata(text: str, name: str, *, tz: str | None = None, midnight_is_day: bool = False) -> Reading:
    """Events of Wikidata SPARQL results or entity JSON (`tz` is not needed: Wikidata writes UTC).

    `midnight_is_day` reads SPARQL dates without a precision variable as days when they are at
    midnight: the user's word that the source holds days (a year would become its 1 January)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise bad(name, exc.lineno, f"not valid JSON: {exc.msg}") from exc
    if isinstance(data, dict) and isinstance(data.get("entities"), dict):
        return _entities(data["entities"], name, text)
    if not (isinstance(data, dict) and isinstance(data.get("results"), dict)):
        raise bad(name, 1, "not Wikidata JSON: expected SPARQL results ('head', 'results') or 'entities'")
    return _sparql(data, name, json_item_lines(text, "bindings"), midnight_is_day)


# --- SPARQL results -------------------------------------------------------------------------------


def _sparql(data: dict[str, Any], name: str, lines: list[int], midnight_is_day: bool = False) -> Reading:
    head = data.get("head") if isinstance(data.get("head"), dict) else {}
    assert isinstance(head, dict)
    variables = [str(v) for v in head.get("vars") or []]
    bindings = data["results"].get("bindings")
    if not isinstance(bindings, list):
        raise bad(name, 1, "'results' has no 'bindings' list")
    reading = Reading()
    if not bindings:
        return reading
    item = _item_variable(variables, bindings)
    if item is None:
        raise bad(name, 1, "no variable holds Wikidata items (http://www.wikidata.org/entity/Q…)")
    dates = [v for v in variables if _is_date(v, bindings)]
    start = next((v for n in _START_NAMES for v in dates if v.lower() == n), None)
    start = start or next((v for v in dates if not v.lower().startswith("end")), None)
    end = next((v for v in dates if v.lower().startswith("end") and v != start), None)
    if start is None:
        raise bad(name, 1, "no variable holds dates (xsd:dateTime)")
    precision_of = {d: _precision_variable(d, variables, start) for d in (start, end) if d}
    if precision_of[start] is None and not midnight_is_day:
        raise bad(
            name,
            1,
            f"no precision for ?{start}: select it with wikibase:timePrecision as ?{start}Precision "
            "(a midnight on 1 January is not a year, and chrono does not guess), or --midnight-is-day",
        )
    label, description = f"{item}Label", f"{item}Description"
    place = next((v for v in variables if _PLACE.match(v) and v.endswith("Label")), None)
    actors = [v for v in variables if _ACTOR.search(v) and v.endswith("Label")]
    point = next((v for v in variables if _is_wkt(v, bindings)), None)
    image = "image" if "image" in variables else None  # P18, a Wikimedia Commons file
    used = {item, label, description, start, end, place, point, image, *actors, *precision_of.values()}
    used |= {v[: -len("Label")] for v in [place, *actors] if v}
    events: dict[str, tuple[int | None, list[dict[str, Any]]]] = {}
    for index, row in enumerate(bindings):
        if not isinstance(row, dict):
            raise bad(name, lines[index] if index < len(lines) else None, "a binding is not an object")
        match = _ENTITY.fullmatch(_value(row, item) or "")
        if match is None:
            continue
        line = lines[index] if index < len(lines) else None
        events.setdefault(match.group(1), (line, []))[1].append(row)
        for variable in row:
            if variable not in used:
                reading.dropped[f"variable ?{variable}"] += 1
    for qid, (line, rows) in events.items():
        first = rows[0]
        try:
            fields: dict[str, Any] = {"id": qid, "title": _value(first, label) or qid}
            fields["start"] = _sparql_date(first, start, precision_of[start], name, line)
            if end and _value(first, end):
                fields["end"] = _sparql_date(first, end, precision_of.get(end), name, line)
        except _Refused as exc:
            reading.skip(line, f"{qid}: {exc}")
            continue
        if _value(first, description):
            fields["description"] = _value(first, description)
        if place and _value(first, place):
            fields["location"] = _value(first, place)
        if point:
            fields.update(_sparql_point(rows, point, name, line, reading))
        fields["external_ids"] = {"wikidata": qid}
        named = _actors(rows, actors)
        if named:
            fields["actors"] = [
                {"name": n, "external_ids": {"wikidata": q}} if q else n for n, q in named.items()
            ]
        picture = _value(first, image)
        if picture:
            take_media(fields, {"url": picture.replace("http://", "https://", 1)}, reading)
        if len({(_value(r, start), _value(r, end) if end else None) for r in rows}) > 1:
            reading.dropped["other dates of the same item"] += 1
        reading.add(fields, line)
    return reading


def _actors(rows: list[dict[str, Any]], variables: list[str]) -> dict[str, str | None]:
    """The actors of an item's rows by label, each with its QID when the row selects the entity
    (`?participant` beside `?participantLabel`); a label that is only a QID is no name."""
    named: dict[str, str | None] = {}
    for row in rows:
        for variable in variables:
            label = _value(row, variable)
            if not label or _ENTITY.fullmatch(label):
                continue
            entity = _ENTITY.fullmatch(_value(row, variable[: -len("Label")]) or "")
            if entity or label not in named:
                named[label] = entity.group(1) if entity else named.get(label)
    return named


def _value(row: dict[str, Any], variable: str | None) -> str | None:
    if variable is None or not isinstance(row.get(variable), dict):
        return None
    value = row[variable].get("value")
    return str(value).strip() if value is not None and str(value).strip() else None


def _item_variable(variables: list[str], bindings: list[Any]) -> str | None:
    def holds_items(v: str) -> bool:
        return any(_ENTITY.fullmatch(_value(row, v) or "") for row in bindings[:50] if isinstance(row, dict))

    candidates = [v for v in variables if holds_items(v)]
    labelled = [v for v in candidates if f"{v}Label" in variables]
    chosen = labelled or candidates
    return chosen[0] if chosen else None


def _is_date(variable: str, bindings: list[Any]) -> bool:
    for row in bindings[:50]:
        if isinstance(row, dict) and isinstance(row.get(variable), dict):
            return str(row[variable].get("datatype", "")).endswith("#dateTime")
    return False


def _is_wkt(variable: str, bindings: list[Any]) -> bool:
    for row in bindings[:50]:
        if isinstance(row, dict) and isinstance(row.get(variable), dict):
            return str(row[variable].get("datatype", "")).endswith("#wktLiteral")
    return False


def _sparql_point(
    rows: list[dict[str, Any]], variable: str, name: str, line: int | None, reading: Reading
) -> dict[str, Any]:
    """The item's coordinate location, `Point(LON LAT)` (the first row's; others are counted)."""
    points = list(dict.fromkeys(p for r in rows if (p := _value(r, variable))))
    if not points:
        return {}
    if len(points) > 1:
        reading.dropped["other coordinates of the same item"] += len(points) - 1
    wkt = _WKT.fullmatch(points[0])
    if wkt is None:
        raise bad(name, line, f"?{variable} {points[0]!r} is not a point: Wikidata writes Point(LON LAT)")
    return _earth_point(wkt["lat"], wkt["lon"], wkt["globe"] or _EARTH, reading)


def _earth_point(lat: Any, lon: Any, globe: str, reading: Reading) -> dict[str, Any]:
    if globe != _EARTH:
        reading.dropped["coordinates on another globe than the Earth"] += 1
        return {}
    return {"latitude": lat, "longitude": lon}


def _claim_point(claims: dict[str, Any], reading: Reading) -> dict[str, Any]:
    """P625, the coordinate location of an entity (its first value; others are counted)."""
    values = [
        value
        for claim in claims.get("P625") or []
        if isinstance(claim, dict)
        and isinstance(snak := claim.get("mainsnak"), dict)
        and isinstance(value := snak.get("datavalue", {}).get("value"), dict)
        and "latitude" in value
    ]
    if not values:
        return {}
    if len(values) > 1:
        reading.dropped["other coordinates of the same item"] += len(values) - 1
    first = values[0]
    return _earth_point(
        first.get("latitude"), first.get("longitude"), str(first.get("globe") or _EARTH), reading
    )


def _precision_variable(date: str, variables: list[str], start: str) -> str | None:
    for candidate in (f"{date}Precision", f"{date}_precision", f"{date}precision"):
        if candidate in variables:
            return candidate
    return "precision" if date == start and "precision" in variables else None


def _sparql_date(
    row: dict[str, Any], variable: str, precision_var: str | None, name: str, line: int | None
) -> str:
    raw = _value(row, variable) or ""
    precision = _value(row, precision_var)
    if precision is None and precision_var is None:  # --midnight-is-day: a midnight is a day
        precision = "11" if raw.endswith("T00:00:00Z") else "14"
    if precision is None:
        raise bad(name, line, f"?{variable} {raw!r} has no precision")
    try:
        number = int(precision)
    except ValueError:
        raise bad(name, line, f"precision {precision!r} is not a number") from None
    return _date(raw, number, name, line)


# --- entity JSON ----------------------------------------------------------------------------------


def _entity_lines(text: str) -> dict[str, int]:
    """The line on which each entity (`"Q123": {`) starts, for messages: JSON parsers give none."""
    lines: dict[str, int] = {}
    for match in re.finditer(r'"([A-Z]\d+)"\s*:\s*\{', text):
        lines.setdefault(match.group(1), text.count("\n", 0, match.start()) + 1)
    return lines


def _entities(entities: dict[str, Any], name: str, text: str) -> Reading:
    reading = Reading()
    lines = _entity_lines(text)
    for qid, entity in entities.items():
        line = lines.get(qid)
        if not isinstance(entity, dict):
            raise bad(name, line, f"{qid}: not an entity object")
        label = _text(entity, "labels")
        who = f"{qid} ({label})" if label else qid
        claims = entity.get("claims") if isinstance(entity.get("claims"), dict) else {}
        assert isinstance(claims, dict)
        try:
            start = _claim_date(claims, "P585", name, line) or _claim_date(claims, "P580", name, line)
            end = _claim_date(claims, "P582", name, line) if "P585" not in claims else None
        except _Refused as exc:
            reading.skip(line, f"{who}: {exc}")
            continue
        if start is None:
            reading.skip(line, f"{who}: no point in time (P585) or start time (P580)")
            continue
        fields: dict[str, Any] = {"id": str(entity.get("id") or qid), "title": label or qid}
        fields["external_ids"] = {"wikidata": fields["id"]}
        fields["start"] = start
        if end is not None:
            fields["end"] = end
        description = _text(entity, "descriptions")
        if description:
            fields["description"] = description
        fields.update(_claim_point(claims, reading))
        for prop, what in (
            ("P710", "participants (QIDs)"),
            ("P276", "locations (QIDs)"),
            ("P17", "countries (QIDs)"),
        ):
            if claims.get(prop):
                reading.dropped[what] += len(claims[prop])
        reading.add(fields, line)
    return reading


def _text(entity: dict[str, Any], key: str) -> str | None:
    values = entity.get(key)
    if not isinstance(values, dict) or not values:
        return None
    chosen = values.get("en") or next(iter(values.values()))
    return str(chosen.get("value") or "").strip() or None if isinstance(chosen, dict) else None


def _claim_date(claims: dict[str, Any], prop: str, name: str, line: int | None) -> str | None:
    for claim in claims.get(prop) or []:
        snak = claim.get("mainsnak") if isinstance(claim, dict) else None
        value = snak.get("datavalue", {}).get("value") if isinstance(snak, dict) else None
        if not isinstance(value, dict) or "time" not in value:
            continue
        precision = int(value.get("precision", 11))
        if value.get("calendarmodel") == _JULIAN and precision >= 11:
            raise _Refused(f"{prop} {value['time']} is a Julian-calendar day: chrono does not convert it yet")
        return _date(str(value["time"]), precision, name, line, historical=True)
    return None


def _date(raw: str, precision: int, name: str, line: int | None, *, historical: bool = False) -> str:
    """A Wikidata timestamp at its precision in chrono's spelling.

    SPARQL results number years as XSD 1.1 does and chrono too (0000 is 1 BC); entity JSON numbers
    them historically (-0044 is 44 BC, there is no year 0): `historical` converts.
    """
    m = _TIME.fullmatch(raw)
    if m is None:
        raise bad(name, line, f"not a Wikidata timestamp: {raw!r}")
    year = int(m["y"]) * (-1 if m["sign"] == "-" else 1)
    if historical and year <= 0:
        if year == 0:
            raise bad(name, line, f"{raw}: there is no year 0 in Wikidata's numbering")
        year += 1
    if precision in (7, 8):
        return _decade_or_century(raw, year, precision)
    if precision not in _PRECISIONS:
        what = _NAMES.get(precision, f"precision {precision}")
        raise _Refused(f"{raw} is known to the {what}: chrono cannot keep that precision")
    if abs(year) > 99_999_999:
        raise _Refused(f"year {year} is beyond the 99,999,999 years chrono holds")
    parts = _PRECISIONS[precision]
    if (parts >= 2 and m["m"] == "00") or (parts >= 3 and m["d"] == "00"):
        raise bad(name, line, f"{raw} has no month or day for precision {precision}")
    if parts >= 5 and not 1 <= year <= 9999:
        raise _Refused(f"{raw}: chrono keeps times of day in the years 1-9999 only")
    text = _year(year) + (f"-{m['m']}" if parts >= 2 else "") + (f"-{m['d']}" if parts >= 3 else "")
    if parts >= 5:
        text += f"T{m['h']}:{m['mi']}" + (f":{m['s']}" if parts == 6 else "") + "Z"
    return text


def _decade_or_century(raw: str, year: int, precision: int) -> str:
    """Precision 8 is the decade of the year (1750 → 175X); 7 the century Wikidata shows for it
    (1950 → 20th century → 19XX, as chrono reads "20th century")."""
    if year < 1:
        raise _Refused(f"{raw}: chrono keeps decades and centuries from the year 1 on")
    if precision == 8:
        return f"{year // 10:03d}X"
    century = -(-year // 100)
    return f"{century - 1:02d}XX"


def _year(year: int) -> str:
    if 0 <= year <= 9999:
        return f"{year:04d}"
    if -9999 <= year < 0:
        return f"-{-year:04d}"
    return f"Y{year}"
