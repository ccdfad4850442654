"""Quantities as data: written input, the short form, what every output shows, and `--min`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from chrono.errors import InvalidInput
from chrono.quantities import Quantity, parse_display, parse_minimum, parse_quantities
from tests.helpers import Chrono

EVENTS = """\
events:
  - id: drones
    title: Russia launched drones at Ukraine
    start: 2024-05
    quantities: [{name: drones, value: 11000, qualifier: ">", unit: drones, source: https://example.org/r}]
  - id: strike
    title: A strike
    start: 2024-06-01
    quantities: {fatalities: 12, wounded: "~30 people"}
  - id: few
    title: Fewer than twenty
    start: 2024-07-01
    quantities: {fatalities: "<20"}
  - id: none
    title: No numbers
    start: 2024-08-01
"""


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([{"name": "drones", "value": 11000, "qualifier": ">", "unit": "drones"}],
         [Quantity("drones", 11000, ">", "drones")]),
        ({"fatalities": 12}, [Quantity("fatalities", 12)]),
        ({"drones": ">11,000 drones"}, [Quantity("drones", 11000, ">", "drones")]),
        ({"x": ">= 5"}, [Quantity("x", 5, "≥")]),
        ({"x": "<=5 km"}, [Quantity("x", 5, "≤", "km")]),
        ({"x": "≈ 2.5"}, [Quantity("x", 2.5, "~")]),
        ([{"name": " Dead  people ", "value": "3.0"}], [Quantity("Dead people", 3)]),
        ([{"name": "t", "value": 0.25, "source": " ACLED "}], [Quantity("t", 0.25, source="ACLED")]),
        (None, []),
    ],
)  # fmt: skip
def test_written_forms(given: Any, expected: list[Quantity]) -> None:
    assert parse_quantities(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("12 drones", "quantities must be a list"),
        ([{"name": "x"}], "quantity 'x' needs a value"),
        ([{"value": 3}], "empty quantity name"),
        ([{"name": "x", "value": True}], "bad quantity value True"),
        ([{"name": "x", "value": "lots"}], "bad quantity value 'lots'"),
        ([{"name": "x", "value": float("nan")}], "bad quantity value nan"),
        ([{"name": "x", "value": 1e300}], "at most"),
        ([{"name": "x", "value": 1, "qualifier": "about"}], "bad quantity qualifier 'about'"),
        ([{"name": "x", "value": 1, "units": "km"}], "unknown quantity field 'units'"),
        ({"x": "many"}, "bad quantity x: 'many'"),
        (["x"], "bad quantity 'x'"),
    ],
)
def test_bad_input_is_one_clear_error(given: Any, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_quantities(given)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("quantity", "shown"),
    [
        (Quantity("drones", 11000, ">", "drones", "https://x.org/a (b)"),
         "drones: more than 11,000 drones (source: https://x.org/a (b))"),
        (Quantity("fatalities", 12), "fatalities: 12"),
        (Quantity("wounded", 30, "~", "people"), "wounded: about 30 people"),
        (Quantity("a: b", -3.25, "≤", "km (approx)"), "a: b: at most -3.25 km (approx)"),
        (Quantity("t", 1e-7, "≥", None, "AP"), "t: at least 1e-07 (source: AP)"),
        (Quantity("dead", 5, "<"), "dead: fewer than 5"),
    ],
)  # fmt: skip
def test_display_reads_back(quantity: Quantity, shown: str) -> None:
    assert quantity.display() == shown
    assert parse_display(shown) == quantity


@pytest.mark.parametrize(
    ("text", "parsed"), [("fatalities=10", ("fatalities", 10)), ("Dead People = 2.5", ("dead people", 2.5))]
)
def test_minimum(text: str, parsed: tuple[str, float]) -> None:
    assert parse_minimum(text) == parsed


@pytest.fixture
def loaded(chrono: Chrono, tmp_path: Path) -> Chrono:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    chrono("import", str(path))
    return chrono


@pytest.mark.parametrize(
    ("minimums", "ids"),
    [
        (["fatalities=12"], ["strike"]),
        (["fatalities=13"], []),
        (["fatalities=1"], ["strike"]),  # "<20" is an upper bound: not known to reach 1
        (["drones=11000"], ["drones"]),
        (["Drones=10000", "drones=5"], ["drones"]),
        (["fatalities=1", "wounded=30"], ["strike"]),
        (["fatalities=1", "drones=1"], []),
        (["nothing=0"], []),
    ],
)
def test_min_filters_the_same_on_every_backend(loaded: Chrono, minimums: list[str], ids: list[str]) -> None:
    args = [a for m in minimums for a in ("--min", m)]
    out, _ = loaded("list", "--format", "ids", *args)
    assert out.split() == ids


def test_min_refuses_a_bad_value(loaded: Chrono) -> None:
    _, err = loaded("list", "--min", "fatalities", code=4)
    assert err.strip() == "chrono: error: --min: 'fatalities': write NAME=N, as in fatalities=10"


def test_every_output_shows_and_keeps_quantities(loaded: Chrono, tmp_path: Path) -> None:
    out, _ = loaded("list", "--format", "json")
    drones = next(e for e in json.loads(out) if e["id"] == "drones")
    assert drones["quantities"] == [
        {
            "name": "drones",
            "value": 11000,
            "qualifier": ">",
            "unit": "drones",
            "source": "https://example.org/r",
        }
    ]
    assert "quantities" not in next(e for e in json.loads(out) if e["id"] == "none")
    shown, _ = loaded("show", "drones")
    assert "quantity:  drones: more than 11,000 drones (source: https://example.org/r)" in shown
    rows = list(csv.DictReader(io.StringIO(loaded("list", "--format", "csv")[0])))
    assert json.loads(rows[1]["quantities"])[1] == {
        "name": "wounded", "value": 30, "qualifier": "~", "unit": "people", "source": None
    }  # fmt: skip
    markdown = tmp_path / "t.md"
    loaded("export", "markdown", "-o", str(markdown))
    assert "Quantities: fatalities: 12; wounded: about 30 people" in markdown.read_text(encoding="utf-8")
    calendar = tmp_path / "t.ics"
    loaded("export", "ics", "-o", str(calendar))
    from icalendar import Calendar

    events = {str(e["UID"]): e for e in Calendar.from_ical(calendar.read_bytes()).walk("VEVENT")}
    assert "Quantities: fatalities: fewer than 20" in str(events["few@chrono"]["DESCRIPTION"])


@pytest.mark.parametrize("fmt", ["json", "csv", "ics", "timelinejs"])
def test_round_trips_keep_quantities(loaded: Chrono, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    if fmt in ("json", "csv"):
        path.write_text(loaded("list", "--format", fmt)[0], encoding="utf-8")
    else:
        loaded("export", fmt, "-o", str(path))
    again = Chrono(str(tmp_path / "again.db"))
    again("import", str(path), *(["--from-format", "timelinejs"] if fmt == "timelinejs" else []))
    before = {e["id"]: e.get("quantities") for e in json.loads(loaded("list", "--format", "json")[0])}
    after = {e["id"]: e.get("quantities") for e in json.loads(again("list", "--format", "json")[0])}
    assert after == before
    out, _ = again("list", "--format", "ids", "--min", "fatalities=10")
    assert out.split() == ["strike"]


def test_a_changed_quantity_updates_the_event(loaded: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "again.yaml"
    path.write_text(EVENTS.replace("fatalities: 12", "fatalities: 14"), encoding="utf-8")
    _, err = loaded("import", str(path))
    assert "0 added, 1 updated, 3 unchanged" in err
    out, _ = loaded("list", "--format", "ids", "--min", "fatalities=13")
    assert out.split() == ["strike"]


def test_the_http_api_filters_by_min(loaded: Chrono) -> None:
    from fastapi.testclient import TestClient

    from chrono.server import create_app

    client = TestClient(create_app(loaded.db))
    response = client.get("/events", params={"min": "fatalities=10"})
    assert response.status_code == 200, response.text
    assert [e["id"] for e in response.json()["events"]] == ["strike"]
    bad = client.get("/events", params={"min": "fatalities=lots"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "min"


def test_add_and_edit_take_quantities_ids_and_media(chrono: Chrono) -> None:
    out, _ = chrono(
        "add", "Strike", "--date", "2024-05-01", "--id", "s", "--quantity", "fatalities=12",
        "--quantity", "drones=>11,000 drones", "--external-id", "Wikidata=Q1", "--media", "https://e.org/a.jpg",
    )  # fmt: skip
    assert out == "s\n"
    chrono(
        "edit", "s", "--quantity", "fatalities=14", "--quantity", "wounded=~3", "--external-id", "acled=UKR1"
    )
    event = json.loads(chrono("show", "s", "--format", "json")[0])
    assert [(q["name"], q["qualifier"], q["value"]) for q in event["quantities"]] == [
        ("fatalities", "=", 14), ("drones", ">", 11000), ("wounded", "~", 3),
    ]  # fmt: skip
    assert event["external_ids"] == {"wikidata": "Q1", "acled": "UKR1"}
    assert event["media"]["url"] == "https://e.org/a.jpg" and event["revision"] == 2
    chrono("edit", "s", "--media", "")
    assert "media" not in json.loads(chrono("show", "s", "--format", "json")[0])
    _, err = chrono("add", "Bad", "--date", "2024", "--quantity", "dead", code=4)
    assert err == "chrono: error: --quantity takes NAME=VALUE, not 'dead'\n"
    _, err = chrono("edit", "s", "--quantity", "dead=lots", code=4)
    assert (
        err
        == "chrono: error: bad quantity dead: 'lots': write a number, optionally after one of = ~ > ≥ < ≤ and before a unit (\">11,000 drones\")\n"
    )


def test_undo_brings_quantities_and_media_back(chrono: Chrono) -> None:
    chrono(
        "add", "S", "--date", "2024", "--id", "s", "--quantity", "dead=3", "--media", "https://e.org/a.jpg"
    )
    chrono("edit", "s", "--quantity", "dead=5", "--media", "")
    chrono("undo", "s")
    event = json.loads(chrono("show", "s", "--format", "json")[0])
    assert [q["value"] for q in event["quantities"]] == [3] and event["media"]["url"] == "https://e.org/a.jpg"
