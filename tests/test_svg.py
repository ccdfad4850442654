"""The SVG chart: read back with an XML parser, measured against its own axis."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chrono.dates import day_number
from chrono.models import EventRecord
from chrono.render.chart import key_seconds, pack_rows, ticks
from chrono.render.svg import CHAR, MIN_WIDTH, WIDTH, render_svg
from tests.helpers import make_record
from tests.test_timelinejs import HOSTILE

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    return ET.fromstring(text.encode("utf-8"))


def events(root: ET.Element) -> dict[str, ET.Element]:
    found = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if "event" in g.get("class", "").split()]
    by_id = {g.get("data-id", ""): g for g in found}
    assert len(by_id) == len(found)
    return by_id


def axis(root: ET.Element) -> dict[str, float]:
    """Tick date -> x, from the chart's own axis."""
    return {
        tick.get("data-date", ""): float(tick.find("s:line", NS).get("x1", ""))  # type: ignore[union-attr]
        for tick in root.iter("{http://www.w3.org/2000/svg}g")
        if tick.get("class") == "tick"
    }


def seconds(date: str) -> int:
    """Seconds of an ISO date at midnight, BCE years too (-0043-03-15)."""
    year, month, day = (int(part) for part in re.match(r"(-?\d{4,})-(\d\d)-(\d\d)", date).groups())  # type: ignore[union-attr]
    return day_number(year, month, day) * 86400


def px_per_second(root: ET.Element) -> tuple[float, float, int]:
    """The axis scale, measured from two of its ticks: (x of a tick, px per second, its seconds)."""
    ticks_at = sorted(axis(root).items())
    (d0, x0), (d1, x1) = ticks_at[0], ticks_at[-1]
    return x0, (x1 - x0) / (seconds(d1) - seconds(d0)), seconds(d0)


def test_seed_chart_has_one_element_per_event(seed_records: list[EventRecord]) -> None:
    root = parse(render_svg(seed_records, title="Russia & Iran", description="All events.", group_by="actor"))
    assert set(events(root)) == {r.id for r in seed_records}
    assert root.find("s:title", NS).text == "Russia & Iran"  # type: ignore[union-attr]
    lanes = [
        g.get("data-lane") for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "lane"
    ]
    assert lanes[0] == "Russia" and len(lanes) == len(set(lanes))


def test_a_year_is_as_wide_as_its_year_on_the_axis(seed_records: list[EventRecord]) -> None:
    root = parse(render_svg(seed_records, title="t", description="d"))
    x0, scale, t0 = px_per_second(root)
    drawn = events(root)
    year_events = [r for r in seed_records if r.precision == "year"]
    assert year_events
    for record in year_events:
        rect = drawn[record.id].find("s:rect", NS)
        assert rect is not None
        year = int(record.start)
        start, end = seconds(f"{year}-01-01"), seconds(f"{year + 1}-01-01")
        assert float(rect.get("x", "")) == pytest.approx(x0 + (start - t0) * scale, abs=0.02)
        assert float(rect.get("width", "")) == pytest.approx((end - start) * scale, abs=0.02)
    # A month span covers its months, a moment is a point, a day no less than MIN_WIDTH.
    month = drawn["north-korean-troops-in-kursk"].find("s:rect", NS)
    assert month is not None
    assert float(month.get("width", "")) == pytest.approx(
        (seconds("2024-12-01") - seconds("2024-10-01")) * scale, abs=0.02
    )
    moments = [r for r in seed_records if r.precision == "minute" and r.end is None]
    assert moments and all(drawn[r.id].find("s:circle", NS) is not None for r in moments)
    day = drawn["russia-invades-ukraine"].find("s:rect", NS)
    assert day is not None and float(day.get("width", "")) == MIN_WIDTH


def test_labels_do_not_collide(seed_records: list[EventRecord]) -> None:
    root = parse(render_svg(seed_records, title="t", description="d", group_by="tag"))
    boxes: list[tuple[float, float, float]] = []
    for g in events(root).values():
        text = g.find("s:text", NS)
        assert text is not None and text.text
        left = float(text.get("x", ""))
        if text.get("text-anchor") == "end":  # drawn to end at its event
            left -= len(text.text) * CHAR
        boxes.append((float(text.get("y", "")), left, left + len(text.text) * CHAR))
        assert left >= 0 and left + len(text.text) * CHAR <= WIDTH
    for i, (y, a0, a1) in enumerate(boxes):
        for y2, b0, b1 in boxes[i + 1 :]:
            assert y != y2 or a1 <= b0 or b1 <= a0, (y, a0, a1, b0, b1)


def test_marks_for_fuzzy_and_contested_events() -> None:
    records = [
        make_record("a", "~2020", title="About then"),
        make_record("u", "2021?", title="Maybe"),
        make_record("r", "2022-05", title="Never was", status="retracted"),
    ]
    drawn = events(parse(render_svg(records, title="t", description="d")))
    assert "approximate" in drawn["a"].get("class", "")
    assert drawn["a"].find("s:rect", NS).get("fill") == "url(#soft-0)"  # type: ignore[union-attr]
    assert drawn["u"].find("s:rect", NS).get("stroke-dasharray")  # type: ignore[union-attr]
    assert drawn["u"].find("s:text", NS).text == "Maybe ?"  # type: ignore[union-attr]
    assert drawn["r"].find("s:text", NS).text == "Never was (retracted)"  # type: ignore[union-attr]
    assert "c. 2020" in drawn["a"].find("s:title", NS).text  # type: ignore[union-attr,operator]


def test_hostile_text_is_text() -> None:
    record = make_record("h", "2024", title=HOSTILE + "\x0b", actors=[HOSTILE], roles={})
    text = render_svg([record], title=HOSTILE, description=HOSTILE, group_by="actor")
    root = parse(text)
    assert "<script" not in text and "<img" not in text
    assert root.find("s:title", NS).text == HOSTILE  # type: ignore[union-attr]
    assert [
        g.get("data-lane") for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "lane"
    ] == [HOSTILE]


def test_deterministic_and_empty(seed_records: list[EventRecord]) -> None:
    assert render_svg(seed_records, title="t", description="d") == render_svg(
        list(seed_records), title="t", description="d"
    )
    root = parse(render_svg([], title="Nothing", description="No events."))
    assert events(root) == {} and "No events." in "".join(root.itertext())


@pytest.mark.parametrize(
    ("start", "end", "first", "step_label"),
    [
        ("-5000000-01-01", "5000000-01-01", "5000001 BC", "4000001 BC"),  # millions of years
        ("-0800-01-01", "0200-01-01", "801 BC", "701 BC"),  # BCE centuries, and 1 BC is year 0
        ("1000-01-01", "2000-01-01", "1100", "1200"),  # centuries
        ("2015-01-01", "2026-01-01", "2015", "2016"),
        ("2024-01-01", "2024-07-01", "Jan 2024", "Feb 2024"),
        ("2024-03-01", "2024-03-08", "1 Mar 2024", "2 Mar 2024"),
        ("2024-03-01T10:00", "2024-03-01T16:00", "1 Mar 10:00", "10:30"),
        ("2024-03-01T10:00", "2024-03-01T10:30", "1 Mar 10:00", "10:05"),
    ],
)
def test_axis_fits_the_range(start: str, end: str, first: str, step_label: str) -> None:
    def secs(text: str) -> int:
        clock = text.split("T")[1] if "T" in text else "00:00"
        return seconds(text) + int(clock[:2]) * 3600 + int(clock[3:]) * 60

    got = ticks(secs(start), secs(end), 1150)
    assert [t.label for t in got[:2]] == [first, step_label] or (
        got[0].label != first and got[1].label == first and got[2].label == step_label
    )
    assert 3 <= len(got) <= 1150 / 84 + 1


def test_the_ends_of_time() -> None:
    records = [make_record("first", "0001"), make_record("last", "9999-12-31T23:59", tz="UTC")]
    root = parse(render_svg(records, title="t", description="d"))
    assert set(events(root)) == {"first", "last"}
    assert key_seconds(records[1].span_end) == day_number(10000, 1, 1) * 86400


def test_before_christ_a_year_is_its_year_too() -> None:
    records = [
        make_record("ides", "-0043-03-15", title="Caesar killed"),
        make_record("y", "-0050", title="A year"),
    ]
    root = parse(render_svg(records, title="t", description="d"))
    x0, scale, t0 = px_per_second(root)
    rect = events(root)["y"].find("s:rect", NS)
    assert rect is not None
    start, end = seconds("-0050-01-01"), seconds("-0049-01-01")
    assert float(rect.get("x", "")) == pytest.approx(x0 + (start - t0) * scale, abs=0.02)
    assert float(rect.get("width", "")) == pytest.approx((end - start) * scale, abs=0.02)
    labels = [
        t.findtext("s:text", namespaces=NS)
        for t in root.iter("{http://www.w3.org/2000/svg}g")
        if t.get("class") == "tick"
    ]
    assert labels and all(label.endswith(" BC") for label in labels)  # type: ignore[union-attr]


def test_open_intervals_run_to_the_edge() -> None:
    records = [
        make_record("since", "2014/..", start="2014/..", title="Since 2014"),
        make_record("until", "../2010", start="../2010", title="Until 2010"),
        make_record("y", "2012", title="A year"),
    ]
    root = parse(render_svg(records, title="t", description="d"))
    x0, scale, t0 = px_per_second(root)
    drawn = events(root)
    since, until = drawn["since"].find("s:rect", NS), drawn["until"].find("s:rect", NS)
    assert since is not None and until is not None
    assert "open-end" in drawn["since"].get("class", "") and "open-start" in drawn["until"].get("class", "")
    assert float(since.get("x", "")) == pytest.approx(x0 + (seconds("2014-01-01") - t0) * scale, abs=0.02)
    assert float(since.get("x", "")) + float(since.get("width", "")) == pytest.approx(WIDTH - 24)
    assert float(until.get("x", "")) == pytest.approx(24)
    assert float(until.get("x", "")) + float(until.get("width", "")) == pytest.approx(
        x0 + (seconds("2011-01-01") - t0) * scale, abs=0.02
    )
    # The axis is the known years' (2010 to 2015), not chrono's whole range of years.
    assert sorted(axis(root))[0] == "2010-01-01" and sorted(axis(root))[-1] == "2015-01-01"


def test_pack_rows() -> None:
    assert pack_rows([(0, 10), (5, 20), (25, 30), (12, 14)], gap=1) == [0, 1, 0, 0]
    assert pack_rows([], gap=1) == []


WHENS = st.sampled_from(
    ["1999", "2024", "2024-02", "2024-02-29", "~2023-06", "2023?", "2020/2024", "2024-10/2024-11",
     "2024-03-10T01:30/2024-03-10T05:00", "2025-01-20T12:00", "1066-10-14", "2024-12-31T23:59"]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(WHENS, st.text(max_size=80)), min_size=1, max_size=12))
def test_any_events_make_a_chart(items: list[tuple[str, str]]) -> None:
    records = [
        make_record(f"e{i}", when, tz="America/New_York", title=title or "x", actors=[title[:5] or "a"])
        for i, (when, title) in enumerate(items)
    ]
    root = parse(render_svg(records, title="t", description="d", group_by="actor"))
    drawn = events(root)
    assert set(drawn) == {r.id for r in records}
    for g in drawn.values():
        shape: Any = g.find("s:rect", NS)
        if shape is not None:
            assert float(shape.get("x")) >= 0 and float(shape.get("x")) + float(shape.get("width")) <= WIDTH
