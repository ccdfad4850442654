"""The iCalendar writer, checked with real parsers: icalendar, vobject and Mozilla's ical.js.

RFC 5545 shape (CRLF, 75-octet folding, header), every precision in each `imprecise` mode, the same
UIDs, starts and ends in all three parsers, and byte-identical output for the same events.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chrono.errors import InvalidInput
from chrono.render.ics import date_text, fold, iter_ics, render_ics, utc_text
from tests.ics_cases import (
    CASES,
    LONG_TITLE,
    RECORDS,
    TRICKY_TEXT,
    VAGUE,
    WIKI,
    expected,
    make_record,
    render,
    uids_starts_ends,
)

# --- export: shape ----------------------------------------------------------------------------


def test_header_and_lines_follow_rfc_5545() -> None:
    data = render().encode("utf-8")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b""), "bare LF or CR"
    physical = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    for line in physical:
        line.decode("utf-8")  # folding never splits a UTF-8 sequence
    head = [line.decode() for line in physical[:10]]
    assert head == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//chrono//chrono 0.1.0//EN",
        "CALSCALE:GREGORIAN",
        "NAME:Ukraine war",
        "X-WR-CALNAME:Ukraine war",
        "DESCRIPTION:Events tagged war\\, 2022 – 2025.",
        "X-WR-CALDESC:Events tagged war\\, 2022 – 2025.",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ]
    calendar_part = data.split(b"BEGIN:VEVENT")[0]
    assert b"\r\nUID" not in calendar_part
    assert b"METHOD" not in data


def test_version_goes_into_prodid() -> None:
    assert "PRODID:-//chrono//chrono 9.9.9//EN\r\n" in render(version="9.9.9")


def test_same_events_give_the_same_bytes() -> None:
    import copy

    first = render()
    assert render(copy.deepcopy(RECORDS)) == first
    assert render_ics(RECORDS, title="Ukraine war", description="Events tagged war, 2022 – 2025.") == first


def test_empty_calendar_is_valid() -> None:
    from icalendar import Calendar

    text = render_ics([], title="", description="")
    cal = Calendar.from_ical(text)
    assert cal.walk("VEVENT") == []
    assert "NAME" not in cal


def test_bad_imprecise_mode() -> None:
    with pytest.raises(InvalidInput, match="imprecise"):
        render(imprecise="fuzzy")
    with pytest.raises(InvalidInput, match="imprecise"):  # at the call, not at the first piece
        iter_ics(RECORDS, title="", description="", imprecise="fuzzy")


def test_iter_ics_streams_one_piece_per_event() -> None:
    pieces = list(iter_ics(iter(RECORDS), title="t", description="d"))
    assert len(pieces) == len(RECORDS) + 2
    assert pieces[0].startswith("BEGIN:VCALENDAR\r\n") and pieces[-1] == "END:VCALENDAR\r\n"
    assert all(p.startswith("BEGIN:VEVENT\r\n") for p in pieces[1:-1])
    assert "".join(pieces) == render_ics(RECORDS, title="t", description="d")


def test_longest_id_fits_one_line() -> None:
    record = make_record("a" * 64, "Long id", "2024-01-01")
    assert f"\r\nUID:{'a' * 64}@chrono\r\n" in render([record])
    assert max(len(line) for line in render([record]).encode().split(b"\r\n")) <= 75


def test_repeated_values_are_not_mixed_up() -> None:
    """Tags ("Russia", "Ukraine") and the actor Russia in the role Ukraine are different lines."""
    tagged = make_record("tagged", "Tagged", "2024-01-01", tags=("Russia", "Ukraine"))
    acting = make_record("acting", "Acting", "2024-01-01", actors=("Russia",), roles={"Russia": "Ukraine"})
    again = make_record("again", "Again", "2024-01-01", tags=("Russia", "Ukraine"), location="Russia")
    events = _events(render([tagged, acting, again, tagged]))
    assert [str(c) for c in events["tagged"].categories] == ["Russia", "Ukraine"]
    assert "CATEGORIES" not in events["acting"]
    # icalendar 7.0 unescapes unknown properties, later versions keep them as written
    actor = str(events["acting"]["X-CHRONO-ACTOR"])
    assert actor in ('{"name":"Russia"\\,"role":"Ukraine"}', '{"name":"Russia","role":"Ukraine"}')
    assert str(events["again"]["LOCATION"]) == "Russia"


@pytest.mark.parametrize("parser", ["icalendar", "vobject", "ical.js"])
@pytest.mark.parametrize("mode", ["marker", "span", "omit"])
def test_parsers_read_the_same_uids_starts_and_ends(tmp_path: Path, mode: str, parser: str) -> None:
    assert uids_starts_ends(parser, render(imprecise=mode), tmp_path) == expected(mode)


def test_events_keep_their_order() -> None:
    from icalendar import Calendar

    uids = [str(ev["UID"]) for ev in Calendar.from_ical(render()).walk("VEVENT")]
    assert uids == [f"{r.id}@chrono" for r in RECORDS]


def _events(text: str) -> dict[str, Any]:
    from icalendar import Calendar

    return {str(ev["UID"]).removesuffix("@chrono"): ev for ev in Calendar.from_ical(text).walk("VEVENT")}


def test_markers_say_their_precision_in_the_summary() -> None:
    marker, span = _events(render()), _events(render(imprecise="span"))
    for record, _marker, _span, words in CASES:
        if words is None:
            assert str(marker[record.id]["SUMMARY"]) == record.title
        else:
            assert str(marker[record.id]["SUMMARY"]) == f"{record.title} ({words})"
        assert str(span[record.id]["SUMMARY"]) == record.title


def test_omit_leaves_out_month_and_year_events() -> None:
    kept = set(_events(render(imprecise="omit")))
    assert kept == {r.id for r in RECORDS} - VAGUE


def test_event_properties() -> None:
    event = _events(render())["day"]
    assert event.decoded("DTSTAMP") == dt.datetime(2025, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    assert event.decoded("LAST-MODIFIED") == event.decoded("DTSTAMP")
    assert event.decoded("CREATED") == dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert event.decoded("SEQUENCE") == 1
    assert _events(render())["multibyte"].decoded("SEQUENCE") == 3
    assert str(event["LOCATION"]) == "Ukraine"
    assert str(event["URL"]) == WIKI.url  # the first source that has a URL
    assert [str(c) for c in event.categories] == ["war", "invasion"]
    assert [str(c) for c in _events(render())["year"].categories] == ["drones", "war, 2022"]
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["X-CHRONO-PRECISION"]) == "day"
    assert str(event["X-CHRONO-EDTF"]) == "2022-02-24"
    assert "X-CHRONO-TZID" not in event
    description = str(event["DESCRIPTION"])
    assert description == (
        TRICKY_TEXT.replace("\r\n", "\n")
        + "\n\nActors: Russia, Ukraine, Vladimir Putin (ordered it, in person)"
        + "\n\nSources:\n[1] Interview, part 2: “we stand; we stay”\n"  # the quote backs the claim
        + "[2] Russian invasion of Ukraine — Wikipedia <https://en.wikipedia.org/wiki/Russian_invasion_of_Ukraine>"
    )
    timed = _events(render())["minute"]
    assert str(timed["X-CHRONO-TZID"]) == "America/New_York"
    assert str(timed["X-CHRONO-EDTF"]) == "2025-01-20T12:00-05:00"


def test_status_maps_to_ical() -> None:
    events = _events(render())
    assert str(events["months"]["STATUS"]) == "TENTATIVE"
    assert str(events["retracted"]["STATUS"]) == "CANCELLED"
    assert str(events["minute"]["STATUS"]) == "CONFIRMED"


def test_multibyte_title_is_folded_on_character_boundaries() -> None:
    text = render()
    start = text.index("SUMMARY:Київ")
    folded = text[start : text.index("\r\n", start + 1) + 200].split("\r\nDESCRIPTION")[0]
    physical = folded.encode("utf-8").split(b"\r\n")
    assert len(physical) > 2
    assert all(len(line) <= 75 for line in physical)
    assert all(line.startswith(b" ") for line in physical[1:])
    assert str(_events(text)["multibyte"]["SUMMARY"]) == LONG_TITLE


def test_backslash_escapes_are_never_split() -> None:
    line = "DESCRIPTION:" + "x" * 62 + "\\n" + "y" * 100
    assert "\\\r\n n" not in fold(line)
    assert fold(line).replace("\r\n ", "") == line


@given(st.text(min_size=0, max_size=400).filter(lambda s: "\r" not in s and "\n" not in s))
def test_fold_limits_octets_and_unfolds_back(value: str) -> None:
    line = "SUMMARY:" + value
    folded = fold(line)
    physical = folded.encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in physical)
    for part in physical:
        part.decode("utf-8")
    assert folded.replace("\r\n ", "") == line


def test_value_formats_match_icalendar() -> None:
    from icalendar.prop import vDate, vDatetime

    for day in (dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(2024, 2, 29)):
        assert date_text(day) == vDate(day).to_ical().decode()
    for moment in (
        dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 1, 20, 17, 0, 5, tzinfo=dt.UTC),
        dt.datetime(2025, 1, 20, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    ):
        assert utc_text(moment) == vDatetime(moment.astimezone(dt.UTC)).to_ical().decode()


def test_dates_at_the_edge_of_time() -> None:
    from icalendar import Calendar

    last = make_record("last-day", "The end", "9999-12-31")
    late = make_record("late", "Late", "9999-12-31T23:30", tz="UTC")
    year = make_record("last-year", "Last year", "9999")
    text = render([year, last, late], imprecise="span")
    events = {str(e["UID"]): e for e in Calendar.from_ical(text).walk("VEVENT")}
    assert events["last-day@chrono"].decoded("DTSTART") == dt.date(9999, 12, 31)
    assert "DTEND" not in events["last-day@chrono"]  # one day is implied
    assert "DTEND" not in events["last-year@chrono"]
    assert "DTEND" not in events["late@chrono"]


def test_render_ics_does_not_import_icalendar_at_module_level() -> None:
    import sys

    code = "import chrono.render.ics, sys; print('icalendar' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
