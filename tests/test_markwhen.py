"""Markwhen export (`chrono.render.markwhen`): dates at their precision, the document's shape, and
round trips through chrono's own Markwhen reader, generated and through the CLI on both backends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chrono.dates import parse_when
from chrono.fields import event_from_mapping
from chrono.models import EventInput, EventRecord
from chrono.readers.markwhen import read_markwhen
from chrono.render.markwhen import markwhen_date, render_markwhen
from tests.helpers import ROOT, Chrono, make_record
from tests.test_native import event_mappings


@pytest.mark.parametrize(
    ("value", "written", "exact"),
    [
        ("2024", "2024", True),
        ("2024-12", "2024-12", True),
        ("2024-12-05", "2024-12-05", True),
        ("0476", "0476", True),
        ("-0043", "44 BCE", True),
        ("-0043-03-15", "44 BCE", False),  # Markwhen has BCE years only: the day is in `edtf:`
        ("2024-12~", "2024-12", False),
        ("2024?", "2024", False),
        ("199X", "1990/1999", False),
        ("19XX", "1900/1999", False),
        ("2022-21", "2022-03/2022-05", False),
        ("2022-24", "2022-12/2023-02", False),
        ("2024-33", "2024-01/2024-03", False),
        ("2024-W05", "2024-01-29/2024-02-04", False),
        ("early 2022-11", "2022-11-01/2022-11-10", False),
        ("late 2022", "2022-09/2022-12", False),
        ("1964/2008", "1964/2008", True),
        ("2024-10-22/2024-10-24", "2024-10-22/2024-10-24", True),
        ("-0043/0476", "44 BCE - 0476", True),
        ("2014/..", "2014/now", True),
        ("2014~/..", "2014/now", False),
        ("../2014", "2014", False),  # Markwhen has no open start: the known end, and `edtf:`
        ("2014/", "2014", False),
        ("Y12000", None, False),
    ],
)
def test_dates(value: str, written: str | None, exact: bool) -> None:
    result = markwhen_date(parse_when(value))
    assert (result if result is None else result[0]) == written
    if result is not None:
        assert result[1] is exact


def test_times_are_wall_clock_with_their_zone() -> None:
    rec = make_record("t", "2025-01-20T12:00/2025-01-20T14:30", tz="America/New_York", title="Sworn in")
    text = render_markwhen([rec], title="T", description="D.")
    assert '2025-01-20T12:00/2025-01-20T14:30: Sworn in\nid: t\ntimezone: "America/New_York"\n' in text


def test_document_shape() -> None:
    recs = [
        make_record("a", "2024", title="Plain", tags=["war"], actors=["Russia"], description="Two\nlines."),
        make_record("b", "Y12000", title="Far"),
    ]
    text = render_markwhen(recs, title="A: title", description="All events.")
    assert text.startswith('---\ntitle: "A: title"\ndescription: "All events."\n---\n\n')
    assert "2024: Plain #war @Russia\nid: a\n\nTwo\nlines.\n" in text
    assert text.endswith(
        "// 1 event(s) left out: Markwhen writes years 9999 BCE to 9999 only\n//   b (Y12000)\n"
    )
    reading = read_markwhen(text, "t.mw")
    assert [item.fields["id"] for item in reading.items] == ["a"]  # the comment is not an event


def test_groups() -> None:
    recs = [
        make_record("a", "2024", tags=["war", "drones"], actors=["Russia", "Iran"]),
        make_record("b", "2025", tags=["diplomacy"], actors=["Iran"]),
        make_record("c", "2026"),
    ]
    by_tag = render_markwhen(recs, title="T", description="D.", group_by="tag")
    assert "group war\n\n2024: An event #war #drones @Russia @Iran" in by_tag
    assert "endGroup" in by_tag and by_tag.index("2026: An event") < by_tag.index("group war")
    for group_by in ("tag", "actor"):
        text = render_markwhen(recs, title="T", description="D.", group_by=group_by)
        back = {item.fields["id"]: item.fields for item in read_markwhen(text, "t.mw").items}
        assert back["a"].get("tags") == ["war", "drones"] and back["a"]["actors"] == ["Russia", "Iran"]
        assert back["c"].get("tags") is None


def record_of(event: EventInput, event_id: str) -> EventRecord:
    start, end, approximate, uncertain = event.when.fields()
    return make_record(
        event_id,
        start if end is None else f"{start}/{end}",
        tz=event.when.timezone,
        start=start,
        end=end,
        approximate=approximate,
        uncertain=uncertain,
        title=event.title,
        status=event.status,
        description=event.description,
        location=event.location,
        actors=[a.name for a in event.actors],
        roles={a.name: a.role for a in event.actors if a.role},
        tags=list(event.tags),
        sources=list(event.sources),
    )


def _content(fields: dict[str, Any]) -> dict[str, Any]:
    event, _ = event_from_mapping(fields)
    return event.content()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(event_mappings("e"), min_size=1, max_size=4), st.sampled_from(["none", "tag", "actor"]))
def test_round_trip_through_the_reader(mappings: list[dict[str, Any]], group_by: str) -> None:
    """Every field of every event comes back from the Markwhen document, dates at their precision."""
    events = [event_from_mapping(m)[0] for m in mappings]
    records = [record_of(event, f"e{i}") for i, event in enumerate(events)]
    text = render_markwhen(records, title="T", description="D.", group_by=group_by)
    reading = read_markwhen(text, "t.mw")
    kept = [r for r in records if markwhen_date(r.when()) is not None]
    assert not reading.skipped
    assert [item.fields["id"] for item in reading.items] == [r.id for r in kept] or group_by != "none"
    back = {item.fields["id"]: _content(item.fields) for item in reading.items}
    sent = {r.id: event.content() for r, event in zip(records, events, strict=True) if r in kept}
    assert back.keys() == sent.keys()
    for key, content in sent.items():
        assert {k: v for k, v in back[key].items() if v != content[k]} == {}, (content, text)


def test_cli_round_trip(db_url: str, tmp_path: Path) -> None:
    """The bundled events and every kind of date, exported and imported into a fresh database."""
    chrono = Chrono(db_url)
    chrono("import", str(ROOT / "events"), str(ROOT / "tests" / "data" / "markwhen" / "dates.yaml"))
    out = tmp_path / "t.mw"
    _, err = chrono("export", "markwhen", "--group-by", "tag", "-o", str(out))
    assert "wrote" in err
    again = Chrono(str(tmp_path / "again.db"))
    _, err = again("import", str(out))
    assert "not kept: " in err and "the timeline's title" in err

    def listed(c: Chrono) -> dict[str, Any]:
        rows = json.loads(c("list", "--format", "json")[0])
        skip = ("created", "updated", "revision")
        return {e["id"]: {k: v for k, v in e.items() if k not in skip} for e in rows}

    before, after = listed(chrono), listed(again)
    assert before.pop("far-future")["start"] == "Y12000"  # Markwhen has no five-digit years
    assert "//   far-future (Y12000)" in out.read_text(encoding="utf-8")
    assert after == before
