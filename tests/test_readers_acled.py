"""ACLED reader: ids, dates at ACLED's time precision, actors with positions, tags, sources by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chrono.errors import InvalidInput
from chrono.readers.acled import read_acled
from tests.helpers import ROOT, Chrono

SAMPLE = ROOT / "tests" / "data" / "acled" / "sample.csv"
HEADER = "event_id_cnty,event_date,time_precision,event_type,actor1,location,notes,fatalities\n"


@pytest.mark.parametrize(
    ("date", "precision", "start", "approximate"),
    [
        ("2024-02-10", "1", "2024-02-10", False),
        ("2024-02-14", "2", "2024-02-14", True),
        ("2024-01-15", "3", "2024-01", False),
        ("15 January 2024", "1", "2024-01-15", False),
        ("15-01-2024", "1", "2024-01-15", False),
        ("2024-02-10", "", "2024-02-10", False),
    ],
)
def test_dates_at_acleds_time_precision(date: str, precision: str, start: str, approximate: bool) -> None:
    reading = read_acled(HEADER + f"X1,{date},{precision},Battles,A,Town,,0\n", "a.csv")
    (item,) = reading.entries()
    fields = item.fields
    assert (fields["start"], fields.get("approximate", False)) == (start, approximate)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X1,2024-02-10,4,Battles,A,Town,,0", r"^a\.csv:2: time_precision '4': ACLED codes 1"),
        ("X1,last week,1,Battles,A,Town,,0", r"^a\.csv:2: event_date: bad date 'last week'"),
        ("X1,2024-02-10,1,Battles,A,Town,,many", r"^a\.csv:2: fatalities 'many' is not a whole number$"),
        (",2024-02-10,1,Battles,A,Town,,0", r"^a\.csv:2: no event_id_cnty$"),
    ],
)
def test_bad_rows_are_one_line(row: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        list(read_acled(HEADER + row + "\n", "a.csv").entries())


def test_sample_fields() -> None:
    reading = read_acled(SAMPLE.read_text(), "sample.csv")
    battle, strike, protest = (item.fields for item in list(reading.entries()))
    assert battle["id"] == "UKR90001"
    assert battle["title"] == (
        "Battles: Military Forces of Russia (2000-) vs Military Forces of Ukraine (2019-) in Avdiivka"
    )
    assert battle["actors"] == [
        {"name": "Military Forces of Russia (2000-)", "role": "actor 1"},
        {"name": "Military Forces of Ukraine (2019-)", "role": "actor 2"},
    ]
    assert battle["tags"] == ["Political violence", "Battles", "Armed clash"]
    assert battle["location"] == "Avdiivka, Avdiivska, Pokrovskyi, Donetsk, Ukraine"
    assert battle["sources"] == [{"title": "Ukrainska Pravda"}, {"title": "Ministry of Defence of Ukraine"}]
    assert battle["description"].endswith("near Avdiivka.")
    assert battle["quantities"] == [{"name": "fatalities", "value": 3, "source": "ACLED"}]
    assert battle["external_ids"] == {"acled": "UKR90001"}
    assert strike["actors"][0] == {
        "name": "Military Forces of Russia (2000-)",
        "role": "actor 1; associated with actor 2",
    }
    assert "Civilian targeting" in strike["tags"] and strike["approximate"] is True
    assert protest["start"] == "2024-01" and protest["tags"][-1] == "crowd size=no report"
    assert [a["name"] for a in protest["actors"]] == [
        "Protesters (Argentina)", "Labour Group (Argentina)", "Teachers (Argentina)",
    ]  # fmt: skip
    assert (battle["latitude"], battle["longitude"], battle["geo_precision"]) == (
        "48.1394",
        "37.7497",
        "town",
    )
    assert reading.dropped == {
        "actor type codes": 5, "source scales": 3, "regions": 3, "ACLED upload timestamps": 3,
    }  # fmt: skip


def test_cli_import_show_and_reimport(chrono: Chrono, tmp_path: Path) -> None:
    _, err = chrono("import", str(SAMPLE))
    assert err.splitlines() == [
        "imported 1 file(s): 3 added, 0 updated, 0 unchanged",
        f"not kept: {SAMPLE}: 3 ACLED upload timestamps, 5 actor type codes, 3 regions, 3 source scales",
    ]
    shown = json.loads(chrono("show", "UKR90002", "--format", "json")[0])
    assert shown["roles"] == {
        "Military Forces of Russia (2000-)": "actor 1; associated with actor 2",
        "Civilians (Ukraine)": "actor 2",
    }
    assert shown["start"] == "2024-02-14" and shown["approximate"] is True
    assert [s["title"] for s in shown["sources"]] == ["Suspilne"] and shown["sources"][0]["url"] is None
    assert [e["id"] for e in json.loads(chrono("list", "--format", "json", "--tag", "Protests")[0])] == [
        "ARG10001"
    ]
    edited = tmp_path / "acled.csv"
    edited.write_text(SAMPLE.read_text().replace(",3,,1707955200", ",4,,1707955200"))
    _, err = chrono("import", str(edited))
    assert err.splitlines()[0] == "imported 1 file(s): 0 added, 1 updated, 2 unchanged"
    assert json.loads(chrono("show", "UKR90001", "--format", "json")[0])["quantities"] == [
        {"name": "fatalities", "value": 4, "qualifier": "=", "unit": None, "source": "ACLED"}
    ]
    out, _ = chrono("list", "--format", "ids", "--min", "fatalities=4")
    assert out.split() == ["UKR90001"]
    out, _ = chrono("list", "--format", "ids", "--search", "UKR90002")
    assert out.split() == ["UKR90002"]
    broken = tmp_path / "broken.csv"
    broken.write_text(HEADER + "X1,2024-02-10,1,Battles,A,Town,,0\nX2,2024-02-30,1,Battles,A,Town,,0\n")
    _, err = chrono("import", str(broken), code=4)
    assert err == f"chrono: error: {broken}:3: bad date '2024-02-30': day is out of range for month\n"


@pytest.mark.parametrize(("code", "word"), [("1", "town"), ("2", "near"), ("3", "region"), ("", None)])
def test_coordinates_with_acleds_geo_precision(code: str, word: str | None) -> None:
    header = "event_id_cnty,event_date,event_type,location,latitude,longitude,geo_precision\n"
    (item,) = read_acled(header + f"X1,2024-02-10,Battles,Town,-33.45,-70.6667,{code}\n", "a.csv").entries()
    assert (item.fields["latitude"], item.fields["longitude"]) == ("-33.45", "-70.6667")
    assert item.fields.get("geo_precision") == word


def test_near_finds_acled_events_and_bad_points_are_one_line(chrono: Chrono, tmp_path: Path) -> None:
    chrono("import", str(SAMPLE))
    out, _ = chrono("list", "--near", "48.0,37.8", "--km", "50", "--format", "ids")
    assert out.split() == ["UKR90001"]  # Avdiivka, not Kharkiv (230 km away) nor Argentina
    shown = json.loads(chrono("show", "UKR90002", "--format", "json")[0])
    assert (shown["latitude"], shown["longitude"], shown["geo_precision"]) == (49.9935, 36.2304, "town")
    header = "event_id_cnty,event_date,event_type,location,latitude,longitude,geo_precision\n"
    for row, message in (
        (
            "X1,2024-02-10,Battles,Town,48.1,37.7,9",
            "a.csv:2: geo_precision '9': ACLED codes 1 (town), 2 (near it)",
        ),
        (
            "X1,2024-02-10,Battles,Town,148.1,37.7,1",
            "a.csv:2: latitude must be a number of degrees from -90 to 90",
        ),
    ):
        bad = tmp_path / "a.csv"
        bad.write_text(header + row + "\n")
        _, err = chrono("import", str(bad), code=4)
        assert err.startswith(f"chrono: error: {tmp_path}/{message}") and err.count("\n") == 1, err
