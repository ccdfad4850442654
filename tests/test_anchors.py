"""Anchored dates: "3 days before trump-second-inauguration", worked out, stored, kept right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chrono.anchors import Anchored, Offset, compute, from_text, parse_anchored, shift
from chrono.dates import PartialDate, Precision, day_from_number, day_number, parse_when
from chrono.errors import InvalidInput
from tests.helpers import Chrono

# anchor's date, expression → the date worked out (EDTF), as shown
COMPUTED = [
    ("2025-01-20", "3 days before x", "2025-01-17", "17 Jan 2025"),
    ("2025-01-20T12:00:00-05:00", "three days before x", "2025-01-17", "17 Jan 2025"),
    ("2025-01-20T23:30:00-05:00", "1 day after x", "2025-01-21", "21 Jan 2025"),
    ("2022-02-24", "5 months after x", "2022-07", "Jul 2022"),
    ("2022-02-24", "2 weeks after x", "2022-03-10", "10 Mar 2022"),
    ("2024-01-31", "1 month after x", "2024-02", "Feb 2024"),
    ("2024-02-29", "1 year after x", "2025", "2025"),
    ("2022", "5 months after x", "2022~/2023~", "~2022 – ~2023"),
    ("2022", "2 years after x", "2024", "2024"),
    ("2022-11", "3 days before x", "2022-10~/2022-11~", "~Oct 2022 – ~Nov 2022"),
    ("2022-11", "2 months after x", "2023-01", "Jan 2023"),
    ("2022-11~", "1 month before x", "2022-10~", "~Oct 2022"),
    ("2022-11?", "a year after x", "2023?", "2023?"),
    ("1990s", "10 years after x", "2000/2009", "2000 – 2009"),
    ("2024-W05", "1 week after x", "2024-02-05/2024-02-11", "5 Feb 2024 – 11 Feb 2024"),
    ("Spring 2022", "3 months after x", "2022-06/2022-08", "Jun 2022 – Aug 2022"),
    ("-0043-03-15", "3 days after x", "-0043-03-18", "18 Mar 44 BC"),
    ("0001-01-02", "3 days before x", "0000-12-30", "30 Dec 1 BC"),
    ("2022-03-29/2022-04-02", "2 days after x", "2022-04-04", "4 Apr 2022"),
    ("2022-03-29/2022-04-02", "2 days before x", "2022-03-27", "27 Mar 2022"),
    ("../2014", "1 year after x", "2015", "2015"),
    ("2014/..", "1 year before x", "2013", "2013"),
    ("Y-12000", "3 days after x", "Y-12000~/Y-11999~", "~12001 BC – ~12000 BC"),
]


@pytest.mark.parametrize(("anchor", "expression", "edtf", "shown"), COMPUTED)
def test_the_date_is_worked_out_at_honest_precision(
    anchor: str, expression: str, edtf: str, shown: str
) -> None:
    anchored = parse_anchored(expression)
    assert anchored is not None
    result = compute(parse_when(anchor), anchored, "x")
    assert (result.edtf(), result.display()) == (edtf, shown)


def test_an_anchored_interval_counts_both_ends_from_one_event() -> None:
    anchored = parse_anchored("1 day after x", "3 days after x")
    assert anchored == Anchored("x", Offset(1, "day", 1), Offset(3, "day", 1))
    assert compute(parse_when("2024-01-01"), anchored).edtf() == "2024-01-02/2024-01-04"
    assert from_text(anchored.text()) == anchored


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("3 dayz before x", None, "bad anchored date '3 dayz before x': write N days"),
        ("many days before x", None, "bad anchored date"),
        ("3 days before x", "2024", "an anchored start takes an end anchored to the same event"),
        ("2024", "3 days after x", "an anchored end needs an anchored start"),
        ("1 day after x", "3 days after y", "both ends must count from one event"),
        ("200000 days before x", None, "at most 100,000 days"),
        ({"after": "x", "offset": "soon"}, None, "bad offset 'soon'"),
        ({"after": "x", "before": "y"}, None, "an anchored date is {after: EVENT"),
    ],
)
def test_bad_anchored_dates_are_refused(start: object, end: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("{", r"\{").replace("(", r"\(")):
        parse_anchored(start, end)


@pytest.mark.parametrize(
    ("anchor", "expression", "message"),
    [
        ("2014/..", "1 year after x", "anchor 'x' has no known end to count on from"),
        ("2014/", "1 year after x", "no known end"),
        ("../2014", "1 day before x", "anchor 'x' has no known start to count back from"),
    ],
)
def test_open_ends_cannot_be_counted_from(anchor: str, expression: str, message: str) -> None:
    anchored = parse_anchored(expression)
    assert anchored is not None
    with pytest.raises(InvalidInput, match=message):
        compute(parse_when(anchor), anchored, "x")


@st.composite
def dates(draw: st.DrawFn) -> PartialDate:
    number = draw(st.integers(day_number(-2000, 1, 1), day_number(3000, 12, 31)))
    y, m, d = day_from_number(number)
    kind = draw(st.sampled_from(["year", "month", "day", "decade", "quarter", "week"]))
    if kind == "year":
        return PartialDate(y)
    if kind == "month":
        return PartialDate(y, m)
    if kind == "decade" and 0 <= y <= 9990:
        return parse_when(f"{y // 10:03d}X").start
    if kind == "quarter":
        return PartialDate(y, unit="quarter", part=(m - 1) // 3 + 1)  # type: ignore[arg-type]
    if kind == "week" and 1 <= y <= 9999:
        return parse_when(f"{y:04d}-W{draw(st.integers(1, 52)):02d}").start
    return PartialDate(y, m, d)


offsets = st.builds(
    Offset, st.integers(0, 400), st.sampled_from(["day", "week", "month", "year"]), st.sampled_from([-1, 1])
)


@given(dates(), offsets)
def test_the_result_covers_every_moved_day_and_reads_back(source: PartialDate, offset: Offset) -> None:
    """Whatever the anchor and offset: every day the anchor could mean, moved, lies in the result;
    the result is never finer than the offset's unit or the anchor; its EDTF and the expression
    (as stored, and as `chrono show` says it) read back as they were."""
    from chrono.anchors import _days, _move

    result = shift(source, offset)
    first, last = (_move(n, offset) for n in _days(source))
    lo, hi = result.span()
    assert lo <= parse_when(_iso(first)).span()[0] and parse_when(_iso(last)).span()[1] <= hi
    finest = {"day": "day", "week": "day", "month": "month", "year": "year"}[offset.unit]
    assert result.precision.value in ("year", "month", "day")
    assert result.precision.rank <= Precision(finest).rank  # never finer than the offset's unit
    if source.unit is None:  # ... nor than a plain year, month or day (a decade's years are its own)
        assert result.precision.rank <= source.precision.rank
    assert parse_when(result.edtf()) == result
    anchored = Anchored("some-event", offset)
    assert from_text(anchored.text()) == anchored
    assert parse_anchored(anchored.words("Some event")) == Anchored("Some event", offset)


def _iso(number: int) -> str:
    y, m, d = day_from_number(number)
    return PartialDate(y, m, d).edtf()


# --- stored ------------------------------------------------------------------------------------------


def _json(chrono: Chrono, event_id: str) -> dict[str, object]:
    out, _ = chrono("show", event_id, "--format", "json")
    data: dict[str, object] = json.loads(out)
    return data


def test_anchored_events_follow_their_anchor(chrono: Chrono) -> None:
    chrono(
        "add", "Trump sworn in", "--date", "2025-01-20T12:00", "--tz", "America/New_York", "--id", "trump-in"
    )
    _, note = chrono("add", "Dinner", "--date", "3 days before trump-in", "--id", "dinner")
    assert "17 Jan 2025 (day)" in note
    chrono("add", "Party", "--date", "a week after Dinner", "--id", "party")  # by title
    party = _json(chrono, "party")
    assert (party["start"], party["anchored"]) == ("2025-01-24", "1 week after dinner")
    shown, _ = chrono("show", "party")
    assert "date:      1 week after Dinner (24 Jan 2025)" in shown
    chrono("edit", "trump-in", "--date", "2025-02")  # corrected: the chain follows
    dinner, party = _json(chrono, "dinner"), _json(chrono, "party")
    assert (dinner["start"], dinner["end"], dinner["approximate"]) == ("2025-01", "2025-02~", True)
    assert (party["start"], party["end"], party["revision"]) == ("2025-02", "2025-03~", 2)
    assert dinner["revision"] == 2
    chrono("edit", "dinner", "--title", "Supper")  # the anchor's title is what is shown
    shown, _ = chrono("show", "party")
    assert "1 week after Supper (~Feb 2025 – ~Mar 2025)" in shown
    assert _json(chrono, "party")["revision"] == 2  # a new title moves no date
    out, _ = chrono("list", "--format", "ids", "--from", "2025-02-01", "--to", "2025-02-28")
    assert out.split() == ["dinner", "party", "trump-in"]


def test_cycles_missing_anchors_and_removals_are_refused(chrono: Chrono) -> None:
    chrono("add", "Base", "--date", "2024-05-01", "--id", "base")
    chrono("add", "Next", "--date", "2 days after base", "--id", "next")
    _, err = chrono("edit", "base", "--date", "1 day after next", code=4)
    assert err == "chrono: error: anchored dates would go round in a circle: base → next → base\n"
    _, err = chrono("edit", "base", "--date", "1 day after base", code=4)
    assert "round in a circle: base → base" in err
    _, err = chrono("add", "X", "--date", "3 days before base", "--approximate", code=4)
    assert "an anchored date takes its qualifiers from its anchor" in err
    _, err = chrono("add", "X", "--date", "3 days before nowhere", code=4)
    assert err == "chrono: error: anchored date: no event with id or title 'nowhere' to count from\n"
    chrono("add", "Base", "--date", "2020", "--id", "base2")
    chrono("add", "X", "--date", "3 days before base", "--id", "x1")  # an id wins over titles
    _, err = chrono("add", "X", "--date", "3 days before BASE", code=4)
    assert "2 events are titled 'BASE' (base, base2): give an id" in err
    _, err = chrono("rm", "base", "--yes", code=5)
    assert "event 'base' is the anchor of 2 event(s) (next, x1)" in err
    _, err = chrono("edit", "next", "--end", "2024-06-01", code=4)
    assert "the date is anchored (2 days after base): give a whole new date" in err
    chrono("edit", "next", "--clear-end")  # a single date already: nothing to clear, nothing changes
    chrono("edit", "next", "--date", "2024-05-09")  # a date of its own: no longer anchored
    assert "anchored" not in _json(chrono, "next")
    chrono("rm", "x1", "--yes")
    chrono("rm", "base", "--yes")
    _, err = chrono("restore", "x1", code=5)  # it would count from a removed event
    assert err == "chrono: error: event 'x1' counts from 'base', which is removed: restore base first\n"
    chrono("restore", "base")
    chrono("restore", "x1")
    assert _json(chrono, "x1")["anchored"] == "3 days before base"


def test_import_reads_anchors_anywhere_in_the_files(chrono: Chrono, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "events:\n"
        "  - id: later\n    title: Later\n    start: {after: invasion, offset: 5 months}\n"
        "  - id: span\n    title: Span\n    start: 1 day after invasion\n    end: 3 days after invasion\n"
    )
    (tmp_path / "b.yaml").write_text(
        "events:\n  - id: invasion\n    title: Invasion\n    start: 2022-02-24\n"
    )
    chrono("import", str(tmp_path))
    assert _json(chrono, "later")["start"] == "2022-07"
    span = _json(chrono, "span")
    assert (span["start"], span["end"], span["anchored"]) == (
        "2022-02-25",
        "2022-02-27",
        "1 day after invasion/3 days after invasion",
    )
    _, err = chrono("edit", "span", "--clear-end", code=4)
    assert "the date is anchored (1 day after invasion/3 days after invasion)" in err
    (tmp_path / "b.yaml").write_text(
        "events:\n  - id: invasion\n    title: Invasion\n    start: 2022-03-01\n"
    )
    _, err = chrono("import", str(tmp_path / "b.yaml"))
    assert "1 updated" in err  # the anchored events follow, each with a new revision
    assert (_json(chrono, "later")["start"], _json(chrono, "later")["revision"]) == ("2022-08", 2)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "events:\n  - id: ok\n    title: Ok\n    start: 2020\n  - id: x\n    title: X\n    start: 3 days after y\n"
    )
    _, err = chrono("import", str(bad), code=4)
    assert err == f"chrono: error: {bad}:5: anchored date: no event with id or title 'y' to count from\n"
    chrono("show", "ok", code=3)  # nothing half-written


def test_exports_keep_the_expression_and_round_trip(chrono: Chrono, tmp_path: Path) -> None:
    chrono("add", "Inauguration", "--date", "2025-01-20", "--id", "inaug")
    chrono("add", "Before", "--date", "3 days before inaug", "--id", "before")
    first = tmp_path / "first.json"
    chrono("export", "json", "-o", str(first))
    from tests.test_native import assert_valid

    events = {e["id"]: e for e in assert_valid(first.read_text())["events"]}  # the published schema
    assert events["before"]["anchored"] == "3 days before inaug" and events["before"]["start"] == "2025-01-17"
    assert "anchored" not in events["inaug"]
    other = Chrono(str(tmp_path / "other.db"))
    other("import", str(first))
    second = tmp_path / "second.json"
    other("export", "json", "-o", str(second))
    assert second.read_bytes() == first.read_bytes()
    csv_text, _ = chrono("list", "--format", "csv")
    (tmp_path / "x.csv").write_text(csv_text)
    third = Chrono(str(tmp_path / "third.db"))
    third("import", str(tmp_path / "x.csv"))
    assert third("list", "--format", "csv")[0] == csv_text
    md = tmp_path / "t.md"
    chrono("export", "markdown", "-o", str(md))
    assert "**3 days before Inauguration (17 Jan 2025)** — **Before**" in md.read_text()
    page = tmp_path / "t.html"
    chrono("export", "html", "-o", str(page))
    assert '"date":"3 days before Inauguration (17 January 2025)"' in page.read_text()
    ics = tmp_path / "t.ics"
    chrono("export", "ics", "-o", str(ics))
    assert "DTSTART;VALUE=DATE:20250117" in ics.read_text()


def test_http_patch_of_an_anchor_moves_its_dependents(chrono: Chrono) -> None:
    import warnings

    from chrono.server import create_app

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    chrono("add", "Base", "--date", "2024-05-01", "--id", "base")
    auth = {"Authorization": "Bearer t0ken"}
    with TestClient(create_app(chrono.db, token="t0ken")) as client:
        made = client.post(
            "/events", json={"title": "After", "start": "2 weeks after base", "id": "after"}, headers=auth
        )
        assert made.status_code == 201, made.text
        assert made.json()["start"] == "2024-05-15"
        assert client.patch("/events/base", json={"start": "2024-06-01"}, headers=auth).status_code == 200
        after = client.get("/events/after").json()
        assert (after["start"], after["anchored"], after["revision"]) == (
            "2024-06-15",
            "2 weeks after base",
            2,
        )
        refused = client.patch("/events/base", json={"start": "1 day after after"}, headers=auth)
        assert refused.status_code == 422 and "round in a circle" in refused.text
        assert client.delete("/events/base", headers=auth).status_code == 409


def test_db_copy_keeps_anchors_whatever_their_order(chrono: Chrono, tmp_path: Path) -> None:
    chrono("add", "Old", "--date", "2020-01-01", "--id", "old")
    chrono("add", "New", "--date", "2021-01-01", "--id", "new")
    chrono("edit", "old", "--date", "1 year before new")  # the older row now counts from a newer one
    chrono("add", "Gone", "--date", "1 day after new", "--id", "gone")
    chrono("rm", "gone", "--yes")
    target = str(tmp_path / "copy.db")
    chrono("db", "copy", chrono.db, target, db=False)
    copy = Chrono(target)
    assert copy("list", "--format", "json")[0] == chrono("list", "--format", "json")[0]
    copy("edit", "new", "--date", "2022-06-01")
    assert _json(copy, "old")["start"] == "2021"  # a year before a day: a year
