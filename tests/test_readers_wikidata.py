"""Wikidata reader: SPARQL results with their precision, entity JSON, refusals; and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chrono.errors import InvalidInput
from chrono.readers.wikidata import read_wikidata
from tests.helpers import ROOT, Chrono

DATA = ROOT / "tests" / "data" / "wikidata"


def sparql(value: str, precision: str | None, *, name: str = "date") -> str:
    row = {
        "item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1"},
        "itemLabel": {"type": "literal", "value": "Thing"},
        name: {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal", "value": value},
    }
    names = ["item", "itemLabel", name]
    if precision is not None:
        row[f"{name}Precision"] = {"type": "literal", "value": precision}
        names.append(f"{name}Precision")
    return json.dumps({"head": {"vars": names}, "results": {"bindings": [row]}}, indent=1)


@pytest.mark.parametrize(
    ("value", "precision", "start"),
    [
        ("1916-02-21T00:00:00Z", "11", "1916-02-21"),
        ("1942-08-01T00:00:00Z", "10", "1942-08"),
        ("1066-01-01T00:00:00Z", "9", "1066"),
        ("1969-07-20T20:17:40Z", "14", "1969-07-20T20:17:40Z"),
        ("1969-07-20T20:17:00Z", "13", "1969-07-20T20:17Z"),
        ("-0489-09-12T00:00:00Z", "11", "-0489-09-12"),  # XSD 1.1 numbering, as chrono's: 490 BC
        ("1750-01-01T00:00:00Z", "8", "175X"),
        ("1950-01-01T00:00:00Z", "7", "19XX"),  # the 20th century
    ],
)
def test_sparql_dates_take_wikidatas_precision(value: str, precision: str, start: str) -> None:
    reading = read_wikidata(sparql(value, precision), "q.json")
    assert [(i.fields["id"], i.fields["start"]) for i in reading.items] == [("Q1", start)]


@pytest.mark.parametrize(
    ("value", "precision", "reason"),
    [
        ("1000-01-01T00:00:00Z", "6", "known to the millennium"),
        ("-0500-01-01T00:00:00Z", "8", "decades and centuries from the year 1 on"),
        ("1916-02-21T14:00:00Z", "12", "known to the hour"),
        ("-0100-03-01T10:00:00Z", "14", "times of day in the years 1-9999 only"),
    ],
)
def test_what_chrono_cannot_hold_is_refused_with_its_line(value: str, precision: str, reason: str) -> None:
    reading = read_wikidata(sparql(value, precision), "q.json")
    assert reading.items == [] and reading.skipped[0].line == 12 and reason in reading.skipped[0].reason


def test_without_a_precision_the_file_is_refused() -> None:
    with pytest.raises(
        InvalidInput, match=r"^q\.json:1: no precision for \?date: select it with wikibase:timePrecision"
    ):
        read_wikidata(sparql("1916-01-01T00:00:00Z", None), "q.json")
    reading = read_wikidata(sparql("2001-09-11T00:00:00Z", "11", name="start"), "q.json")
    assert reading.items[0].fields["start"] == "2001-09-11"


def test_battles_fixture_merges_rows_of_one_item() -> None:
    reading = read_wikidata((DATA / "battles.json").read_text(), "battles.json")
    verdun = reading.items[0]
    assert verdun.line == 5
    assert verdun.fields == {
        "id": "Q154697",
        "title": "Battle of Verdun",
        "start": "1916-02-21",
        "description": "battle of the First World War",
        "location": "Verdun",
        "external_ids": {"wikidata": "Q154697"},
        "actors": [
            {"name": "France", "external_ids": {"wikidata": "Q142"}},
            {"name": "German Empire", "external_ids": {"wikidata": "Q43287"}},
        ],
    }
    assert [(i.fields["id"], i.fields["start"]) for i in reading.items] == [
        ("Q154697", "1916-02-21"), ("Q2566", "1066"), ("Q48314", "-0489-09-12"), ("Q1000001", "175X"),
        ("Q1000002", "1942-08"),
    ]  # fmt: skip
    assert [s.line for s in reading.skipped] == [44]
    hastings = next(i.fields for i in reading.items if i.fields["id"] == "Q2566")
    assert hastings["media"]["url"] == "https://commons.wikimedia.org/wiki/Special:FilePath/Hastings.jpg"
    assert reading.dropped == {}


def test_entity_json() -> None:
    reading = read_wikidata((DATA / "entity.json").read_text(), "entity.json")
    assert [i.fields for i in reading.items] == [
        {"id": "Q178561", "title": "Battle of Stalingrad", "external_ids": {"wikidata": "Q178561"},
         "start": "1942-08-23", "end": "1943-02-02", "description": "major battle of World War II"},
        {"id": "Q1000003", "title": "Treaty of somewhere", "external_ids": {"wikidata": "Q1000003"},
         "start": "1648"},
    ]  # fmt: skip
    assert [(s.line, s.reason) for s in reading.skipped] == [
        (
            15,
            "Q31090 (Battle of Agincourt): P585 +1415-10-25T00:00:00Z is a Julian-calendar day: "
            "chrono does not convert it yet",
        )
    ]
    assert [i.line for i in reading.items] == [3, 23]
    assert reading.dropped == {"participants (QIDs)": 1, "locations (QIDs)": 1}


def test_entity_json_refusals_name_the_entity_and_its_line(chrono: Chrono, tmp_path: Path) -> None:
    """A skipped entity is reported by QID, label and line; a bad date stops the import at its line."""
    _, err = chrono("import", str(DATA / "entity.json"))
    assert (
        f"skipped {DATA / 'entity.json'}:15: Q31090 (Battle of Agincourt): P585 +1415-10-25T00:00:00Z" in err
    )
    value = {"time": "+1916-13-00T00:00:00Z", "precision": 10}
    claim = {"mainsnak": {"datavalue": {"type": "time", "value": value}}}
    entities = {"Q1": {"id": "Q1"}, "Q9": {"id": "Q9", "claims": {"P585": [claim]}}}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"entities": entities}, indent=1))
    _, err = chrono("import", str(bad), code=4)
    assert err.startswith(f"chrono: error: {bad}:") and err.count("\n") == 1
    line = int(err.removeprefix(f"chrono: error: {bad}:").split(":")[0])
    assert bad.read_text().splitlines()[line - 1].strip() == '"Q9": {'
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"entities": {"Q5": {"id": "Q5", "labels": {"en": {"value": "X"}}}}}))
    _, err = chrono("import", str(empty))
    assert f"skipped {empty}:1: Q5 (X): no point in time (P585) or start time (P580)" in err


def test_cli_import_both_shapes(chrono: Chrono, tmp_path: Path) -> None:
    _, err = chrono("import", str(DATA))
    assert err.splitlines()[0] == "imported 2 file(s): 7 added, 0 updated, 0 unchanged, 2 skipped"
    assert (
        f"skipped {DATA / 'battles.json'}:44: Q1000004: 1000-01-01T00:00:00Z is known to the millennium"
        in err
    )
    out, _ = chrono("show", "Q178561", "--format", "json")
    assert (json.loads(out)["start"], json.loads(out)["end"]) == ("1942-08-23", "1943-02-02")
    listed = json.loads(chrono("list", "--format", "json", "--actor", "France")[0])
    assert [e["id"] for e in listed] == ["Q154697"]
    assert listed[0]["external_ids"] == {"wikidata": "Q154697"}
    actor = json.loads(chrono("actor", "show", "France", "--format", "json")[0])
    assert actor["external_ids"] == {"wikidata": "Q142"}
    assert "ids:       wikidata Q142" in chrono("actor", "show", "France")[0]
    out, _ = chrono("list", "--format", "ids", "--search", "Q154697")
    assert out.split() == ["Q154697"]
    _, err = chrono("import", str(DATA))
    assert err.splitlines()[0] == "imported 2 file(s): 0 added, 0 updated, 7 unchanged, 2 skipped"
    bad = tmp_path / "bad.json"
    bad.write_text(sparql("1916-13-01T00:00:00Z", "10"))
    _, err = chrono("import", str(bad), code=4)
    assert err == f"chrono: error: {bad}:12: bad date '1916-13': month must be 1..12\n"


@pytest.mark.parametrize(
    ("time", "precision", "start"),
    [
        ("-0044-03-15T00:00:00Z", 11, "-0043-03-15"),  # historical numbering: 44 BC is chrono's -0043
        ("-0001-00-00T00:00:00Z", 9, "0000"),  # 1 BC
        ("+1950-00-00T00:00:00Z", 7, "19XX"),
        ("+1900-00-00T00:00:00Z", 7, "18XX"),  # Wikidata shows 1900 at century precision as the 19th
    ],
)
def test_entity_json_years_are_numbered_historically(time: str, precision: int, start: str) -> None:
    value = {"time": time, "precision": precision, "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}
    claim = {"mainsnak": {"datavalue": {"type": "time", "value": value}}}
    entity = {"id": "Q9", "labels": {"en": {"value": "E"}}, "claims": {"P585": [claim]}}
    reading = read_wikidata(json.dumps({"entities": {"Q9": entity}}), "e.json")
    assert [i.fields["start"] for i in reading.items] == [start]


WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"


def sparql_with_points(*points: str) -> str:
    """SPARQL results of one battle, a row per coordinate location (P625) given."""
    document = json.loads(sparql("1916-02-21T00:00:00Z", "11"))
    first = document["results"]["bindings"][0]
    document["head"]["vars"].append("coord")
    document["results"]["bindings"] = [
        {**first, "coord": {"datatype": WKT, "type": "literal", "value": point}} for point in points
    ]
    return json.dumps(document, indent=1)


@pytest.mark.parametrize(
    ("points", "fields", "dropped"),
    [
        (["Point(5.388 49.208)"], {"latitude": "49.208", "longitude": "5.388"}, {}),
        (["Point(-70.6667 -33.45)", "Point(-70 -33)"], {"latitude": "-33.45", "longitude": "-70.6667"},
         {"other coordinates of the same item": 1}),
        (["<http://www.wikidata.org/entity/Q405> Point(23.47 0.67)"], {},
         {"coordinates on another globe than the Earth": 1}),
        (["<http://www.wikidata.org/entity/Q2> Point(1.5 2.5)"], {"latitude": "2.5", "longitude": "1.5"}, {}),
    ],
)  # fmt: skip
def test_sparql_coordinate_location(
    points: list[str], fields: dict[str, str], dropped: dict[str, int]
) -> None:
    reading = read_wikidata(sparql_with_points(*points), "q.json")
    [item] = reading.items
    assert {k: v for k, v in item.fields.items() if k in ("latitude", "longitude")} == fields
    assert dict(reading.dropped) == dropped


def test_a_coordinate_that_is_no_point_is_refused_with_its_line() -> None:
    with pytest.raises(InvalidInput, match=r"^q\.json:\d+: \?coord 'LINESTRING\(1 2, 3 4\)' is not a point"):
        read_wikidata(sparql_with_points("LINESTRING(1 2, 3 4)"), "q.json")


def test_entity_json_coordinate_location(chrono: Chrono, tmp_path: Path) -> None:
    entity = {
        "id": "Q1",
        "labels": {"en": {"language": "en", "value": "Battle of Verdun"}},
        "claims": {
            "P585": [{"mainsnak": {"datavalue": {"value": {"time": "+1916-02-21T00:00:00Z", "precision": 11}}}}],
            "P625": [{"mainsnak": {"datavalue": {"value": {
                "latitude": 49.208, "longitude": 5.388, "precision": 0.001,
                "globe": "http://www.wikidata.org/entity/Q2",
            }, "type": "globecoordinate"}}}],
        },
    }  # fmt: skip
    path = tmp_path / "verdun.json"
    path.write_text(json.dumps({"entities": {"Q1": entity}}))
    chrono("import", "--from-format", "wikidata", str(path))
    shown = json.loads(chrono("show", "Q1", "--format", "json")[0])
    assert (shown["latitude"], shown["longitude"]) == (49.208, 5.388) and "geo_precision" not in shown
    out, _ = chrono("list", "--near", "49.16,5.38", "--km", "10", "--format", "ids")
    assert out.split() == ["Q1"]
