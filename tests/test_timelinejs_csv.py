"""TimelineJS Google Sheets CSV export (`chrono.render.timelinejs_csv`): the template's columns,
dates at their precision, formula-safe cells, and round trips through chrono's sheet reader."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chrono.dates import parse_when
from chrono.fields import event_from_mapping
from chrono.readers.timelinejs_sheet import read_sheet
from chrono.render.timelinejs import date_parts
from chrono.render.timelinejs_csv import COLUMNS, render_timelinejs_csv
from tests.helpers import ROOT, Chrono, make_record
from tests.test_markwhen import record_of
from tests.test_native import event_mappings

TEMPLATE = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,"
    "Media Credit,Media Caption,Media Thumbnail,Type,Group,Background"
)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_columns_are_the_templates() -> None:
    text = render_timelinejs_csv([make_record()], title="Title & more", description="All events.")
    assert text.split("\n")[0] == TEMPLATE and ",".join(COLUMNS) == TEMPLATE
    title, event = rows(text)
    assert (title["Type"], title["Headline"], title["Text"]) == (
        "title",
        "Title &amp; more",
        "<p>All events.</p>",
    )
    assert (event["Year"], event["Month"], event["Day"], event["Headline"]) == ("2024", "12", "8", "An event")


@pytest.mark.parametrize(
    ("when", "tz", "cells"),
    [
        ("2024", None, {"Year": "2024", "Month": "", "Day": ""}),
        ("2022-11~", None, {"Year": "2022", "Month": "11", "Day": "", "Display Date": "c. November 2022"}),
        ("-0043-03-15", None, {"Year": "-43", "Month": "3", "Day": "15"}),
        ("199X", None, {"Year": "1990", "Month": "", "Display Date": "1990s"}),
        ("2024-W05", None, {"Year": "2024", "Month": "1", "Day": ""}),
        ("2014/..", None, {"Year": "2014", "End Year": "", "Display Date": "since 2014"}),
        (
            "2024-10-22/2024-10-24",
            None,
            {"Day": "22", "End Year": "2024", "End Month": "10", "End Day": "24"},
        ),
        (
            "2025-01-20T12:00/2025-01-20T14:30:15",
            "America/New_York",
            {"Time": "12:00", "End Time": "14:30:15"},
        ),
    ],
)
def test_dates(when: str, tz: str | None, cells: dict[str, str]) -> None:
    rec = make_record("e", when, tz=tz, **({"start": when} if ".." in when else {}))  # an open end whole
    row = rows(render_timelinejs_csv([rec], title="T", description="D."))[1]
    assert {k: row[k] for k in cells} == cells


def test_cells_are_safe_in_a_spreadsheet() -> None:
    rec = make_record("e", "-0043", title='=HYPERLINK("http://x")', tags=["+cmd"], location="@here")
    text = render_timelinejs_csv([rec], title="-1+1", description="D.", group_by="tag")
    title, row = rows(text)
    assert title["Headline"] == "'-1+1"
    assert row["Headline"] == "'=HYPERLINK(&quot;http://x&quot;)" and row["Group"] == "'+cmd"
    assert row["Year"] == "-43"  # a number, not a formula
    back = read_sheet(text, "t.csv").items[0].fields
    assert back["title"] == '=HYPERLINK("http://x")' and back["tags"] == ["+cmd"]
    assert back["location"] == "@here"


def test_unknown_group_by() -> None:
    from chrono.errors import InvalidInput

    with pytest.raises(InvalidInput, match="bad group"):
        render_timelinejs_csv([], title="T", description="D.", group_by="place")


def _content(fields: dict[str, Any]) -> dict[str, Any]:
    event, _ = event_from_mapping(fields)
    content = event.content()
    first = content["when"].partition("/")[0]
    if event.when.end is not None and event.when.end == event.when.start:
        content["when"] = first  # an end equal to its start is no end
    return {k: content[k] for k in ("title", "when", "approximate", "uncertain", "status", "location")}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(event_mappings("e"), min_size=1, max_size=4))
def test_dates_round_trip_through_the_reader(mappings: list[dict[str, Any]]) -> None:
    """Dates at their precision (and qualifiers, status, location, actors) come back from the sheet;
    named zones come back with --tz, as the sheet holds none."""
    events = [event_from_mapping(m)[0] for m in mappings]
    records = [record_of(event, f"e{i}") for i, event in enumerate(events)]
    text = render_timelinejs_csv(records, title="T", description="D.")
    for record, event in zip(records, events, strict=True):
        end = event.when.end
        if end is not None and end != event.when.start and date_parts(end) == date_parts(event.when.start):
            continue  # "00XX/000X": TimelineJS writes an end with its start's parts as no end (documented)
        one = render_timelinejs_csv([record], title="T", description="D.")
        reading = read_sheet(one, "t.csv", tz=event.when.timezone)
        assert not reading.skipped and reading.dropped == {"title slide": 1}
        back = reading.items[0].fields
        sent = _content({**event_from_mapping_fields(event), "title": event.title})
        got = _content(back)
        end = event.when.end
        if end is not None and (end.approximate, end.uncertain) != (
            event.when.start.approximate,
            event.when.start.uncertain,
        ):
            # "c. 1 – 2nd century" says the qualifier once: it comes back on both ends, never lost
            assert parse_when(got["when"]).span() == parse_when(sent["when"]).span()
            assert got["approximate"] >= sent["approximate"] and got["uncertain"] >= sent["uncertain"]
            got["when"], got["approximate"], got["uncertain"] = (
                sent["when"],
                sent["approximate"],
                sent["uncertain"],
            )
        assert got == sent, one
        if not any(c in name for name in record.actors for c in ",()"):  # "Actors: A (role), B"
            assert [a if isinstance(a, str) else a["name"] for a in back.get("actors", [])] == record.actors
    assert len(read_sheet(text, "t.csv", tz="UTC").items) == len(records)


def event_from_mapping_fields(event: Any) -> dict[str, Any]:
    start, end, approximate, uncertain = event.when.fields()
    return {
        "start": start,
        "end": end,
        "timezone": event.when.timezone,
        "approximate": approximate,
        "uncertain": uncertain,
        "status": event.status,
        "location": event.location,
    }


def test_cli_round_trip(db_url: str, tmp_path: Path) -> None:
    """Exported as the sheet and imported into a fresh database: every event, its dates at their
    precision, actors and roles, location, status; the sheet keeps one tag (the group) and no ids."""
    chrono = Chrono(db_url)
    chrono("import", str(ROOT / "events"), str(ROOT / "tests" / "data" / "markwhen" / "dates.yaml"))
    out = tmp_path / "t.csv"
    chrono("export", "timelinejs-csv", "--group-by", "tag", "-o", str(out))
    again = Chrono(str(tmp_path / "again.db"))
    _, err = again("import", "--tz", "America/New_York", str(out))
    assert "not kept: " in err and "1 title slide" in err
    keep = (
        "title",
        "start",
        "end",
        "precision",
        "approximate",
        "uncertain",
        "status",
        "location",
        "actors",
        "roles",
        "latitude",
        "longitude",
        "geo_precision",
    )

    def listed(c: Chrono) -> dict[str, Any]:
        rows = json.loads(c("list", "--format", "json")[0])
        return {e["title"]: {**{k: e.get(k) for k in keep}, "tags": e["tags"][:1]} for e in rows}

    before, after = listed(chrono), listed(again)
    assert after == before
