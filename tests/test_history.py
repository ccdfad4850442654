"""Dates for all of history (issue 10) through the CLI, on SQLite and PostgreSQL, and in every export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import Chrono
from tests.test_cli import events_json, ids

# id, --date as a user writes it, stored start, stored end, precision, as `chrono list` shows it
FORMS = [
    ("ice-age", "Y-12000", "Y-12000", None, "year", "12001 BC"),
    ("caesar", "Friday 15 March 44 BC", "-0043-03-15", None, "day", "15 Mar 44 BC"),
    ("augustus", "-0026", "-0026", None, "year", "27 BC"),
    ("one-bc", "1 BC", "0000", None, "year", "1 BC"),
    ("rome-falls", "AD 476", "0476", None, "year", "476"),
    ("century", "the 20th century", "19XX", None, "century", "20th century"),
    ("tenure", "1984-06-02?/2004-08-08~", "1984-06-02", "2004-08-08~", "day", "2 Jun 1984? – ~8 Aug 2004"),
    ("nineties", "1990s", "199X", None, "decade", "1990s"),
    ("circa", "c. 2014", "2014", None, "year", "~2014"),
    ("ongoing", "2014/..", "2014/..", None, "year", "since 2014"),
    ("spring", "Spring 2022", "2022-21", None, "season", "Spring 2022"),
    ("talks", "early November 2022", "early 2022-11", None, "third", "early Nov 2022"),
    ("tuesday", "Tuesday 1st November 2022", "2022-11-01", None, "day", "1 Nov 2022"),
    ("results", "Q1 2024", "2024-33", None, "quarter", "Q1 2024"),
    ("week", "2024-W05", "2024-W05", None, "week", "week 5 of 2024"),
    ("far-future", "Y12000", "Y12000", None, "year", "12000"),
]


@pytest.fixture
def history(chrono: Chrono) -> Chrono:
    for event_id, date, *_ in FORMS:
        chrono("add", f"Event {event_id}", "--date", date, "--id", event_id)
    return chrono


def test_every_form_is_stored_and_ordered(history: Chrono) -> None:
    """Wall keys order BCE and large years on both backends: the list is in history's order."""
    events = events_json(history)
    assert [e["id"] for e in events] == [f[0] for f in FORMS]
    for event, (_, _, start, end, precision, _) in zip(events, FORMS, strict=True):
        assert (event["start"], event["end"], event["precision"]) == (start, end, precision)
    out, _ = history("list")
    shown = [line.split("  ")[0].strip() for line in out.splitlines()[1:]]
    assert shown == [f[5] for f in FORMS]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "-0100", "--to", "0100"], ["caesar", "augustus", "one-bc"]),
        (["--to", "-0001"], ["ice-age", "caesar", "augustus"]),
        (["--from", "1990s", "--to", "1990s"], ["century", "tenure", "nineties"]),
        (["--from", "1990s", "--to", "1990s", "--within"], ["nineties"]),
        (["--from", "2022-21", "--to", "2022-21", "--within"], ["spring"]),
        (["--from", "Nov 2022", "--to", "Nov 2022"], ["ongoing", "talks", "tuesday"]),
        (["--from", "Y10000"], ["ongoing", "far-future"]),  # an ongoing event overlaps every later range
    ],
)
def test_queries_across_history(history: Chrono, args: list[str], expected: list[str]) -> None:
    assert ids(history, *args) == expected


def test_show_keeps_each_end_and_the_words(history: Chrono) -> None:
    out, _ = history("show", "tenure")
    assert "edtf:      1984-06-02?/2004-08-08~" in out.splitlines()
    out, _ = history("show", "ongoing")
    assert "date:      since 2014" in out.splitlines()
    assert "edtf:      2014/.." in out.splitlines()


def test_weekday_that_contradicts_the_date_is_refused(chrono: Chrono) -> None:
    _, err = chrono("add", "Wrong day", "--date", "Monday 1 November 2022", code=4)
    assert err == (
        "chrono: error: bad date 'Monday 1 November 2022': 1 November 2022 is a Tuesday, not a Monday\n"
    )
    _, err = chrono("add", "A set", "--date", "[2014,2015]", code=4)
    assert "sets of dates" in err and err.count("\n") == 1
    assert chrono.stores_nothing()


def test_json_export_round_trips_every_form(history: Chrono, tmp_path: Path) -> None:
    import jsonschema

    from chrono.render.native import load_schema

    first = tmp_path / "first.json"
    history("export", "json", "-o", str(first))
    jsonschema.validate(json.loads(first.read_text()), load_schema())
    again = Chrono(str(tmp_path / "again.db"))
    again("import", str(first))
    second = tmp_path / "second.json"
    again("export", "json", "-o", str(second))
    assert second.read_bytes() == first.read_bytes()
    _, err = again("import", str(first))
    assert "16 unchanged" in err


def test_yaml_and_csv_keep_every_form(chrono: Chrono, tmp_path: Path) -> None:
    yaml_file = tmp_path / "history.yaml"
    yaml_file.write_text(
        "".join(f"- {{id: {i}, title: Event {i}, start: '{d}'}}\n" for i, d, *_ in FORMS), encoding="utf-8"
    )
    chrono("import", str(yaml_file))
    csv_file = tmp_path / "history.csv"
    csv_file.write_text(
        "id,title,start\n" + "".join(f'{i},Event {i},"{d}"\n' for i, d, *_ in FORMS), encoding="utf-8"
    )
    _, err = chrono("import", str(csv_file))
    assert "16 unchanged" in err
    assert [(e["start"], e["end"]) for e in events_json(chrono)] == [(f[2], f[3]) for f in FORMS]


def test_ics_leaves_out_what_it_cannot_hold(history: Chrono, tmp_path: Path) -> None:
    from icalendar import Calendar

    path = tmp_path / "history.ics"
    _, err = history("export", "ics", "-o", str(path))
    assert err.splitlines() == [
        f"wrote 11 event(s) to {path}",
        "left out 5 event(s) dated outside the years 1-9999, which iCalendar cannot hold",
    ]
    cal = Calendar.from_ical(path.read_text(encoding="utf-8"))
    assert "5 event(s) dated outside the years 1-9999 are left out" in str(cal["X-WR-CALDESC"])
    events = {str(e["UID"]).removesuffix("@chrono"): e for e in cal.walk("VEVENT")}
    assert sorted(events) == sorted(f[0] for f in FORMS[4:-1])  # not before year 1, nor after 9999
    assert str(events["spring"]["SUMMARY"]) == "Event spring (Spring 2022)"
    assert events["spring"].decoded("DTSTART").isoformat() == "2022-03-01"
    assert str(events["ongoing"]["SUMMARY"]) == "Event ongoing (since 2014)"
    assert str(events["week"]["X-CHRONO-EDTF"]) == "2024-W05"
    again = Chrono(str(tmp_path / "again.db"))
    again("import", str(path))
    assert [(e["id"], e["start"], e["end"]) for e in events_json(again)] == [
        (f[0], f[2], f[3]) for f in FORMS[4:-1]
    ]


def test_ics_span_mode_covers_seasons_and_weeks(history: Chrono, tmp_path: Path) -> None:
    from icalendar import Calendar

    path = tmp_path / "span.ics"
    history("export", "ics", "-o", str(path), "--imprecise", "span")
    events = {
        str(e["UID"]).removesuffix("@chrono"): e for e in Calendar.from_ical(path.read_text()).walk("VEVENT")
    }
    days = {k: (e.decoded("DTSTART").isoformat(), e.decoded("DTEND").isoformat()) for k, e in events.items()}
    assert days["spring"] == ("2022-03-01", "2022-06-01")
    assert days["week"] == ("2024-01-29", "2024-02-05")
    assert days["talks"] == ("2022-11-01", "2022-11-11")
    assert days["century"] == ("1900-01-01", "2000-01-01")
    history("export", "ics", "-o", str(path), "--imprecise", "omit")
    kept = {str(e["UID"]) for e in Calendar.from_ical(path.read_text()).walk("VEVENT")}
    assert kept == {"tenure@chrono", "tuesday@chrono"}


def test_timelinejs_and_markdown_say_the_words(history: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "t.timeline.json"
    history("export", "timelinejs", "-o", str(path))
    import jsonschema

    from tests.test_timelinejs import SCHEMA

    document = json.loads(path.read_text())
    jsonschema.validate(document, SCHEMA)
    slides = {s["unique_id"]: s for s in document["events"]}
    assert slides["caesar"]["start_date"] == {"year": -43, "month": 3, "day": 15}
    assert slides["caesar"]["display_date"] == "15 March 44 BC"
    assert slides["century"]["start_date"] == {"year": 1900}
    assert slides["century"]["display_date"] == "20th century"
    assert slides["spring"]["start_date"] == {"year": 2022, "month": 3}
    assert slides["ongoing"]["display_date"] == "since 2014"
    assert slides["tenure"]["display_date"] == "2 June 1984 (uncertain) – c. 8 August 2004"
    out, _ = history("export", "markdown", "-o", "-")
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 12001 BC", "## 44 BC", "## 27 BC", "## 1 BC", "## 476", "## 20th century", "## 1984",
        "## 1990s", "## 2014", "## 2022", "## 2024", "## 12000",
    ]  # fmt: skip


def test_charts_draw_all_of_history(history: Chrono, tmp_path: Path) -> None:
    """SVG and the page place BCE years before year 1, with BC on the axis."""
    import re
    import xml.etree.ElementTree as ET

    path = tmp_path / "history.svg"
    history("export", "svg", "-o", str(path), "--from", "-0100", "--to", "2030")
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]
    assert any(label.endswith(" BC") for label in labels)  # year ticks before year 1 say BC
    page = tmp_path / "history.html"
    history("export", "html", "-o", str(page))
    data = re.search(r'<script type="application/json" id="chrono-data">(.*?)</script>', page.read_text())
    assert data is not None
    events = {e["id"]: e for e in json.loads(data.group(1))["events"]}
    assert events["ice-age"]["t0"] < events["caesar"]["t0"] < events["rome-falls"]["t0"]
    assert events["ongoing"]["date"] == "since 2014"
