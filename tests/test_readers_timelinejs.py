"""TimelineJS reader: v3 JSON, the v2 shape, the Sheets CSV template, and chrono's own export read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chrono.errors import InvalidInput
from chrono.fields import event_from_mapping
from chrono.models import EventRecord
from chrono.readers.timelinejs import read_timelinejs
from chrono.readers.timelinejs_sheet import read_sheet
from tests.helpers import ROOT, Chrono

DATA = ROOT / "tests" / "data" / "timelinejs"
EXPORT = ROOT / "exports" / "timeline.timeline.json"


def slide(**fields: Any) -> str:
    return json.dumps({"events": [{"text": {"headline": "E"}, **fields}]})


@pytest.mark.parametrize(
    ("slide_fields", "start", "end"),
    [
        ({"start_date": {"year": 2024}}, "2024", None),
        ({"start_date": {"year": "2022", "month": "9"}}, "2022-09", None),
        ({"start_date": {"year": 2022, "month": 9, "day": 6, "month_": ""}}, "2022-09-06", None),
        ({"start_date": {"year": 2022, "month": "", "day": ""}}, "2022", None),
        ({"start_date": {"year": 2022, "month": 9}, "end_date": {"year": 2022, "month": 9}}, "2022-09", None),
        ({"start_date": {"year": 2022, "month": 9}, "end_date": {"year": 2023}}, "2022-09", "2023"),
        (
            {"start_date": {"year": 2025, "month": 1, "day": 20, "hour": 12, "minute": 0, "second": 30}},
            "2025-01-20T12:00:30Z",
            None,
        ),
    ],
)
def test_date_parts_keep_their_precision(slide_fields: dict[str, Any], start: str, end: str | None) -> None:
    reading = read_timelinejs(slide(**slide_fields), "t.json", tz="UTC")
    event, _ = event_from_mapping(reading.items[0].fields)
    assert event.when.start.edtf().replace("+00:00", "Z") == start
    assert (event.when.end.edtf() if event.when.end else None) == end


@pytest.mark.parametrize(
    ("slide_fields", "message"),
    [
        ({}, r"^t\.json:3: start_date must be an object with at least a year$"),
        ({"start_date": {"year": "MMXX"}}, r"^t\.json:3: start_date\.year is not a whole number: 'MMXX'$"),
        (
            {"start_date": {"year": 2020, "month": 1, "day": 1, "hour": 5}},
            r"^t\.json:3: start_date has an hour but no minute$",
        ),
    ],
)
def test_bad_slides_are_one_line_with_their_line(slide_fields: dict[str, Any], message: str) -> None:
    text = json.dumps({"events": [{"text": {"headline": "E"}, **slide_fields}]}, indent=1)
    with pytest.raises(InvalidInput, match=message):
        read_timelinejs(text, "t.json")


def test_v3_fixture_keeps_what_it_can_and_counts_the_rest() -> None:
    reading = read_timelinejs((DATA / "newsroom.json").read_text(), "newsroom.json", tz="Europe/Lisbon")
    events = {item.fields["title"]: item for item in reading.items}
    assert list(events) == [
        "Concession & lease signed", "Dredging", "Audit opens", "Minister's statement", "Battle of Marathon",
        "First phase",
    ]  # fmt: skip
    deal = events["Concession & lease signed"]
    assert deal.line == 7 and deal.fields["id"] == "deal-signed" and deal.fields["tags"] == ["Contracts"]
    assert deal.fields["description"] == (
        "The council signed a **30-year** lease.\n\nSee [the lease](https://example.org/lease) and this."
    )
    assert events["Dredging"].fields["start"] == "2022-03" and events["Dredging"].fields["end"] == "2022-05"
    assert events["Dredging"].fields["id"].startswith("tl-")
    assert events["First phase"].fields["tags"] == ["era"]
    assert events["Battle of Marathon"].fields["start"] == "-0489-09"  # astronomical: September 490 BC
    assert [(s.line, s.reason) for s in reading.skipped] == [
        (38, "start_date year -13800000000 is beyond the 99,999,999 years chrono holds")
    ]
    assert deal.fields["media"] == {
        "url": "https://www.youtube.com/watch?v=abc", "credit": "Council TV", "caption": None, "alt": None,
        "thumbnail": None,
    }  # fmt: skip
    assert reading.dropped == {"title slide": 1, "backgrounds": 1}


def test_v2_shape() -> None:
    reading = read_timelinejs((DATA / "verite-v2.json").read_text(), "v2.json")
    fields = [item.fields for item in reading.items]
    assert [(f["title"], f["start"], f.get("end")) for f in fields] == [
        ("Port authority founded", "1998-04-02", None),
        ("First expansion", "2001-10", "2002"),
        ("Early years", "1998", "2005"),
    ]
    assert fields[0]["tags"] == ["Institutions"] and fields[0]["description"] == "By decree."
    assert fields[2]["tags"] == ["era"]
    assert reading.items[0].line == 8
    assert fields[0]["media"] == {
        "url": "https://example.org/decree.pdf", "credit": "Archive", "caption": "The decree", "alt": None,
        "thumbnail": None,
    }  # fmt: skip
    assert reading.dropped == {"title slide": 1}
    with pytest.raises(InvalidInput, match=r"^v2\.json:2: startDate '2001,X' is not 'year,month,day"):
        read_timelinejs('{"timeline": {"date": [\n{"headline": "a",\n "startDate": "2001,X"}]}}', "v2.json")


def test_sheet_template_rows_lines_and_times() -> None:
    reading = read_sheet((DATA / "sheet.csv").read_text(), "sheet.csv", tz="Europe/Lisbon")
    rows = {item.fields["title"]: item for item in reading.items}
    assert list(rows) == ["Lease signed", "Dredging", "Hearing", "First phase", "Battle of Marathon"]
    assert [item.line for item in reading.items] == [3, 5, 6, 7, 8]
    assert rows["Lease signed"].fields["description"] == "A **30-year** lease, signed at night."
    assert rows["Dredging"].fields["tags"] == ["Works"]
    assert (rows["Hearing"].fields["start"], rows["Hearing"].fields["end"]) == (
        "2023-11-02T09:30",
        "2023-11-02T11:00",
    )
    assert rows["First phase"].fields["tags"] == ["era"]
    assert [(s.line, s.reason) for s in reading.skipped] == [
        (9, "'Year' year -13800000000 is beyond the 99,999,999 years chrono holds")
    ]
    assert rows["Lease signed"].fields["media"] == {
        "url": "https://example.org/lease.jpg", "credit": "Council", "caption": "The signing", "alt": None,
        "thumbnail": None,
    }  # fmt: skip
    assert reading.dropped == {"title slide": 1, "backgrounds": 1}
    with pytest.raises(InvalidInput, match=r"^s\.csv:2: 'Time' '25 past': write HH:MM on a row with a Day$"):
        read_sheet("Year,Month,Day,Time,Headline\n2024,1,2,25 past,E\n", "s.csv")


def _comparable(event: dict[str, Any]) -> dict[str, Any]:
    keep = ("id", "title", "start", "end", "precision", "timezone", "approximate", "uncertain", "status",
            "location", "actors", "roles")  # fmt: skip
    out = {k: event[k] for k in keep}
    out["description"] = " ".join(event["description"].split())
    out["sources"] = [(s["url"], s["title"], s["publisher"], s["published"]) for s in event["sources"]]
    return out


def test_chronos_own_export_reads_back_with_ids_and_fields(
    chrono: Chrono, seed_records: list[EventRecord]
) -> None:
    """The export of the bundled events, imported into an empty database, gives the same events back.

    TimelineJS has no zones: the export's named zones (EST/EDT) need --tz; UTC and offsets are read
    from its display dates. It carries one tag (the group) at most, so tags are not compared.
    """
    _, err = chrono("import", str(EXPORT), code=4)
    assert "needs a time zone" in err and "--tz ZONE" in err
    _, err = chrono("import", str(EXPORT), "--tz", "America/New_York")
    assert err.splitlines() == [
        f"imported 1 file(s): {len(seed_records)} added, 0 updated, 0 unchanged",
        f"not kept: {EXPORT}: 1 title slide",
    ]
    back = {e["id"]: _comparable(e) for e in json.loads(chrono("list", "--format", "json")[0])}
    seed = {r.id: _comparable(r.to_dict()) for r in seed_records}
    assert back == seed


def test_cli_round_trip_of_the_sheet_and_a_grouped_export(chrono: Chrono, tmp_path: Path) -> None:
    _, err = chrono("import", str(DATA / "sheet.csv"), "--tz", "Europe/Lisbon")
    assert err.splitlines()[0] == "imported 1 file(s): 5 added, 0 updated, 0 unchanged, 1 skipped"
    assert f"skipped {DATA / 'sheet.csv'}:9: 'Year' year -13800000000" in err
    before = json.loads(chrono("list", "--format", "json")[0])
    out = tmp_path / "t.timeline.json"
    chrono("export", "timelinejs", "--group-by", "tag", "-o", str(out))
    _, err = chrono("import", str(out), "--tz", "Europe/Lisbon")
    assert err.splitlines()[0] == "imported 1 file(s): 0 added, 0 updated, 5 unchanged"
    assert json.loads(chrono("list", "--format", "json")[0]) == before


def test_cli_bad_timelinejs_is_one_line(chrono: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"events": [\n  {"text": {"headline": "a"}, "start_date": {"year": 2024}},\n'
                    '  {"text": {"headline": "b"}, "start_date": {"year": 2024, "month": 13}}\n]}\n')  # fmt: skip
    _, err = chrono("import", str(path), code=4)
    assert err == f"chrono: error: {path}:3: bad date '2024-13': month must be 1..12\n"


def test_cli_round_trip_keeps_decades_seasons_open_ends_and_bce(chrono: Chrono, tmp_path: Path) -> None:
    """Date parts cannot say "1990s" or "since 2014"; chrono's display text does, and is read back."""
    events = tmp_path / "e.yaml"
    events.write_text(
        "events:\n"
        "  - {id: dotcom, title: Dot-com boom, start: 1990s}\n"
        "  - {id: spring, title: Spring offensive, start: Spring 2023}\n"
        "  - {id: crimea, title: Crimea occupied, start: 2014/..}\n"
        "  - {id: caesar, title: Caesar killed, start: 15 March 44 BC}\n"
        "  - {id: talks, title: Talks, start: early November 2022, approximate: true}\n"
    )
    chrono("import", str(events))
    before = {
        e["id"]: (e["start"], e["end"], e["precision"], e["approximate"])
        for e in json.loads(chrono("list", "--format", "json")[0])
    }
    out = tmp_path / "t.timeline.json"
    chrono("export", "timelinejs", "-o", str(out))
    _, err = chrono("import", str(out))
    assert err.splitlines()[0] == "imported 1 file(s): 0 added, 0 updated, 5 unchanged"
    after = {
        e["id"]: (e["start"], e["end"], e["precision"], e["approximate"])
        for e in json.loads(chrono("list", "--format", "json")[0])
    }
    assert after == before


def test_chrono_s_export_brings_the_point_back(chrono: Chrono, tmp_path: Path) -> None:
    """TimelineJS has no map field (v3): the point is a "Coordinates:" paragraph of the slide text,
    which chrono's own reader turns back into latitude, longitude and precision."""
    events = tmp_path / "e.json"
    events.write_text(json.dumps([
        {"id": "a", "title": "A", "start": "2024-03-01", "location": "Kyiv", "latitude": 50.4501, "longitude": 30.5234, "geo_precision": "town"},
        {"id": "b", "title": "B", "start": "2024-03-02", "latitude": -33.45, "longitude": -70.6667},
        {"id": "c", "title": "C", "start": "2024-03-03", "description": "Coordinates: not a point"},
    ]))  # fmt: skip
    chrono("import", str(events))
    exported = tmp_path / "t.timeline.json"
    chrono("export", "timelinejs", "-o", str(exported))
    slides = {s["unique_id"]: s["text"]["text"] for s in json.loads(exported.read_text())["events"]}
    assert "<p>Location: Kyiv</p><p>Coordinates: 50.4501° N, 30.5234° E (town)</p>" in slides["a"]
    assert "<p>Coordinates: 33.45° S, 70.6667° W</p>" in slides["b"]
    again = Chrono(str(tmp_path / "again.db"))
    again("import", str(exported))
    keys = ("id", "location", "latitude", "longitude", "geo_precision", "description")
    before = [{k: e.get(k) for k in keys} for e in json.loads(chrono("list", "--format", "json")[0])]
    assert [{k: e.get(k) for k in keys} for e in json.loads(again("list", "--format", "json")[0])] == before


@pytest.mark.parametrize(
    "when",
    [
        "2022-03-29~/2022-04-02~",  # said once: "c. 29 March – 2 April 2022"
        "2022-03-29~/2022-04-02",
        "2022-03-29/2022-04-02?",
        "2021-12-29%/2022-01-02%",  # across years: each end says its own
        "2021-12~/2022-01",
        "1984/2004-06~",
    ],
)
def test_each_ends_qualifiers_read_back(chrono: Chrono, tmp_path: Path, when: str) -> None:
    chrono("add", "Span", "--date", when, "--id", "span")
    before = json.loads(chrono("show", "span", "--format", "json")[0])
    out = tmp_path / "t.timeline.json"
    chrono("export", "timelinejs", "-o", str(out))
    other = Chrono(str(tmp_path / "other.db"))
    other("import", str(out))
    after = json.loads(other("show", "span", "--format", "json")[0])
    keys = ("start", "end", "approximate", "uncertain", "precision")
    assert {k: after[k] for k in keys} == {k: before[k] for k in keys}


@pytest.mark.parametrize(
    ("display", "start", "end", "approximate"),
    [
        ("July 1969", "1969-07-20", None, False),  # the sheet's own words: the Day column stays
        ("c. 20 July 1969", "1969-07-20", None, True),
        ("Summer 1969", "1969-07-20", None, False),  # a season is not written with a Day
        ("", "1969-07-20", None, False),
    ],
)
def test_sheet_display_date_adds_only_what_names_the_columns(
    display: str, start: str, end: str | None, approximate: bool
) -> None:
    text = f"Year,Month,Day,Display Date,Headline\n1969,7,20,{display},Apollo 11\n"
    fields = read_sheet(text, "s.csv").items[0].fields
    assert (fields["start"], fields.get("end"), fields.get("approximate", False)) == (start, end, approximate)


def test_sheet_display_date_brings_back_units_and_open_ends() -> None:
    text = (
        "Year,Month,Day,Display Date,Headline\n"
        "1990,,,1990s,Boom\n2022,3,,Spring 2022,Offensive\n2014,,,since 2014,Occupation\n"
        "476,,,c. 476,Rome\n"
    )
    starts = [item.fields["start"] for item in read_sheet(text, "s.csv").items]
    assert starts == ["199X", "2022-21", "2014/..", "0476"]
    assert read_sheet(text, "s.csv").items[3].fields["approximate"] is True
