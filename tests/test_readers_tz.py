"""--tz and a file's `timezone:` place times written without a zone, in chrono's own files and calendars
too; a time that carries its own offset, or an event's own zone, is never overridden."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.helpers import Chrono

YAML = """
    events:
      - {id: floating, title: Floating, start: "2024-03-05T09:30"}
      - {id: offset, title: With offset, start: "2024-03-05T09:30-05:00"}
      - {id: own-zone, title: Own zone, start: "2024-03-05T09:30", timezone: Asia/Tokyo}
      - {id: day, title: A day, start: 2024-03-05}
    """


def listed(chrono: Chrono) -> dict[str, tuple[str, str | None]]:
    events = json.loads(chrono("list", "--format", "json")[0])
    return {e["id"]: (e["start"], e["timezone"]) for e in events}


def test_tz_places_floating_times_of_chronos_own_files(chrono: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(textwrap.dedent(YAML))
    _, err = chrono("import", str(path), code=4)
    assert err.startswith(f"chrono: error: {path}:3: time '2024-03-05T09:30' needs a time zone")
    chrono("import", "--tz", "Europe/Lisbon", str(path))
    assert listed(chrono) == {
        "floating": ("2024-03-05T09:30+00:00", "Europe/Lisbon"),
        "offset": ("2024-03-05T09:30-05:00", "-05:00"),
        "own-zone": ("2024-03-05T09:30+09:00", "Asia/Tokyo"),
        "day": ("2024-03-05", None),
    }


def test_a_files_timezone_wins_over_tz(chrono: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text("timezone: America/New_York\nevents:\n  - {id: a, title: A, start: '2024-03-05T09:30'}\n")
    chrono("import", "--tz", "Europe/Lisbon", str(path))
    assert listed(chrono) == {"a": ("2024-03-05T09:30-05:00", "America/New_York")}
    bad = tmp_path / "bad.yaml"
    bad.write_text("timezone: Mars/Olympus\nevents: []\n")
    _, err = chrono("import", str(bad), code=4)
    assert err == f"chrono: error: {bad}:1: timezone: unknown time zone 'Mars/Olympus'\n"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("e.csv", "id,title,start\na,A,2024-03-05T09:30\n"),
        ("e.jsonl", '{"id": "a", "title": "A", "start": "2024-03-05T09:30"}\n'),
        ("e.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20240305T093000\r\n"
                  "SUMMARY:A\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    ],
)  # fmt: skip
def test_tz_in_every_format(chrono: Chrono, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, newline="")
    _, err = chrono("import", str(path), code=4)
    assert "needs a time zone" in err and "--tz" in err and err.count("\n") == 1
    chrono("import", "--tz", "Asia/Tokyo", str(path))
    assert listed(chrono) == {"a": ("2024-03-05T09:30+09:00", "Asia/Tokyo")}


def test_midnight_is_day_in_calendars_and_wikidata(chrono: Chrono, tmp_path: Path) -> None:
    ics = tmp_path / "m.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:m\r\nDTSTART:20240101T000000Z\r\n"
        "DTEND:20240103T000000Z\r\nSUMMARY:Two days\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        newline="",
    )
    chrono("import", str(ics))
    assert listed(chrono)["m"] == ("2024-01-01T00:00+00:00", "UTC")
    chrono("import", "--midnight-is-day", str(ics))
    shown = json.loads(chrono("show", "m", "--format", "json")[0])
    assert (shown["start"], shown["end"], shown["precision"]) == ("2024-01-01", "2024-01-02", "day")
    results = tmp_path / "q.json"
    results.write_text(json.dumps({
        "head": {"vars": ["item", "itemLabel", "date"]},
        "results": {"bindings": [{
            "item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q7"},
            "itemLabel": {"type": "literal", "value": "Day"},
            "date": {"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal",
                     "value": "1916-02-21T00:00:00Z"},
        }]},
    }))  # fmt: skip
    _, err = chrono("import", str(results), code=4)
    assert "no precision for ?date" in err and "--midnight-is-day" in err
    chrono("import", "--midnight-is-day", str(results))
    assert listed(chrono)["Q7"] == ("1916-02-21", None)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("m.json", '[{"id": "m", "title": "Day", "start": "2022-11-01T00:00:00Z",'
                   ' "end": "2022-11-03T00:00:00+00:00"}]'),
        ("m.jsonl", '{"id": "m", "title": "Day", "start": "2022-11-01T00:00:00Z/2022-11-03T00:00:00Z"}\n'),
        ("m.yaml", "- id: m\n  title: Day\n  start: 2022-11-01T00:00:00Z\n  end: 2022-11-03T00:00Z\n"),
        ("m.csv", "id,title,start,end\nm,Day,2022-11-01T00:00:00Z,2022-11-03T00:00:00Z\n"),
    ],
)  # fmt: skip
def test_midnight_is_day_in_chrono_files(chrono: Chrono, tmp_path: Path, name: str, text: str) -> None:
    """A source that writes its days as midnight UTC: kept as times (to the second, as written)
    unless the import is told they are days; a midnight elsewhere than UTC stays a time."""
    path = tmp_path / name
    path.write_text(text, newline="")
    chrono("import", str(path))
    shown = json.loads(chrono("show", "m", "--format", "json")[0])
    assert (shown["start"], shown["precision"]) == ("2022-11-01T00:00:00+00:00", "second")
    _, err = chrono("import", "--midnight-is-day", str(path))
    assert "1 updated" in err
    shown = json.loads(chrono("show", "m", "--format", "json")[0])
    assert (shown["start"], shown["end"], shown["precision"], shown["timezone"]) == (
        "2022-11-01",
        "2022-11-03",
        "day",
        None,
    )
    other = tmp_path / "other.json"
    other.write_text('[{"id": "k", "title": "Kyiv midnight", "start": "2022-11-01T00:00:00+02:00"}]')
    chrono("import", "--midnight-is-day", str(other))
    assert json.loads(chrono("show", "k", "--format", "json")[0])["precision"] == "second"
