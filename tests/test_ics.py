"""iCalendar export and import, checked with real parsers: icalendar, vobject and Mozilla's ical.js.

Export: RFC 5545 shape (CRLF, 75-octet folding, header), every precision in each `imprecise` mode,
the same UIDs, starts and ends in all three parsers, and byte-identical output for the same events.
Import: chrono's own export reads back exactly; Google-, Outlook- and Thunderbird-style exports
(tests/data/ics/) read as their apps show them; malformed files fail with "FILE:LINE: …".
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chrono.dates import parse_when
from chrono.errors import InvalidInput
from chrono.models import EventInput, EventRecord, SourceRef
from chrono.readers.ics import read_ics
from chrono.render.ics import date_text, fold, iter_ics, render_ics, utc_text

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "ics"
JS = HERE / "js"


def make_record(
    event_id: str,
    title: str,
    when: str,
    *,
    tz: str | None = None,
    status: str = "confirmed",
    description: str = "",
    location: str | None = None,
    actors: tuple[str, ...] = (),
    roles: dict[str, str] | None = None,
    tags: tuple[str, ...] = (),
    sources: tuple[SourceRef, ...] = (),
    created: str = "2025-01-02T03:04:05Z",
    updated: str = "2025-02-03T04:05:06Z",
    revision: int = 1,
) -> EventRecord:
    """An EventRecord as the store would return it for this date."""
    parsed = parse_when(when, tz=tz)
    span_start, span_end = parsed.span()
    return EventRecord(
        id=event_id,
        title=title,
        start=parsed.start.iso(),
        end=parsed.end.iso() if parsed.end else None,
        precision=parsed.precision.value,
        timezone=parsed.timezone,
        approximate=parsed.approximate,
        uncertain=parsed.uncertain,
        status=status,
        description=description,
        location=location,
        created=created,
        updated=updated,
        revision=revision,
        span_start=span_start,
        span_end=span_end,
        actors=list(actors),
        roles=dict(roles or {}),
        tags=list(tags),
        sources=list(sources),
    )


LONG_TITLE = (
    "Київ: Зеленський звертається до нації 🇺🇦 — «Ми тут» — after the invasion began, "
    "in Ukrainian, Russian and English, ﬁnally with ligatures and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 outside the BMP"
)
TRICKY_TEXT = (
    "Line one, with commas; semicolons: and colons\n"
    "Line two has a backslash \\ and a Windows path C:\\New folder\\n.txt\r\n"
    "Line three after CRLF"
)
WIKI = SourceRef(
    url="https://en.wikipedia.org/wiki/Russian_invasion_of_Ukraine",
    title="Russian invasion of Ukraine",
    publisher="Wikipedia",
)
QUOTE = SourceRef(title="Interview, part 2", published="2025-01", quote="we stand; we stay")

# id, record, marker (start, end), span (start, end), marker words in SUMMARY
CASES: list[tuple[EventRecord, tuple[str, str], tuple[str, str], str | None]] = [
    (make_record("year", "Drone launches", "2023", tags=("drones", "war, 2022")),
     ("2023-01-01", "2023-01-02"), ("2023-01-01", "2024-01-01"), "2023"),
    (make_record("month", "Factory investigation", "2024-12", location="Alabuga, Tatarstan"),
     ("2024-12-01", "2024-12-02"), ("2024-12-01", "2025-01-01"), "Dec 2024"),
    (make_record("approx-month", "Production deal", "2022-11~"),
     ("2022-11-01", "2022-11-02"), ("2022-11-01", "2022-12-01"), "c. Nov 2022"),
    (make_record("months", "Troops in Kursk", "2024-10/2024-11", status="disputed"),
     ("2024-10-01", "2024-10-02"), ("2024-10-01", "2024-12-01"), "Oct 2024 – Nov 2024"),
    (make_record("uncertain-year", "Founding", "1999?"),
     ("1999-01-01", "1999-01-02"), ("1999-01-01", "2000-01-01"), "1999?"),
    (make_record("day", "Invasion", "2022-02-24", description=TRICKY_TEXT, location="Ukraine",
                 actors=("Russia", "Ukraine", "Vladimir Putin"),
                 roles={"Vladimir Putin": "ordered it, in person"},
                 tags=("war", "invasion"), sources=(QUOTE, WIKI)),
     ("2022-02-24", "2022-02-25"), ("2022-02-24", "2022-02-25"), None),
    (make_record("days", "Withdrawal from Kyiv", "2022-03-29~/2022-04-02"),
     ("2022-03-29", "2022-04-03"), ("2022-03-29", "2022-04-03"), None),
    (make_record("retracted", "A claim later withdrawn", "2022-05-01?", status="retracted"),
     ("2022-05-01", "2022-05-02"), ("2022-05-01", "2022-05-02"), None),
    (make_record("multibyte", LONG_TITLE, "2022-02-25", actors=("Володимир Зеленський",),
                 revision=3),
     ("2022-02-25", "2022-02-26"), ("2022-02-25", "2022-02-26"), None),
    (make_record("minute", "Inauguration", "2025-01-20T12:00-05:00", tz="America/New_York"),
     ("2025-01-20T17:00:00Z", "2025-01-20T18:00:00Z"),
     ("2025-01-20T17:00:00Z", "2025-01-20T18:00:00Z"), None),
    (make_record("minutes", "Talks", "2025-03-11T12:00/2025-03-11T14:30", tz="Europe/Kyiv"),
     ("2025-03-11T10:00:00Z", "2025-03-11T12:30:00Z"),
     ("2025-03-11T10:00:00Z", "2025-03-11T12:30:00Z"), None),
    (make_record("second", "Launch", "2024-02-24T05:00:30", tz="Europe/Kyiv"),
     ("2024-02-24T03:00:30Z", "2024-02-24T04:00:30Z"),
     ("2024-02-24T03:00:30Z", "2024-02-24T04:00:30Z"), None),
    (make_record("timed-to-day", "Summit", "2024-06-01T22:00/2024-06-03",
                 tz="America/Los_Angeles"),
     ("2024-06-02T05:00:00Z", "2024-06-04T07:00:00Z"),
     ("2024-06-02T05:00:00Z", "2024-06-04T07:00:00Z"), None),
    (make_record("offset-zone", "Vote count", "2024-06-04T09:30", tz="+05:30"),
     ("2024-06-04T04:00:00Z", "2024-06-04T05:00:00Z"),
     ("2024-06-04T04:00:00Z", "2024-06-04T05:00:00Z"), None),
]  # fmt: skip
RECORDS = sorted((case[0] for case in CASES), key=lambda r: (r.span_start, r.id))
BY_ID = {case[0].id: case for case in CASES}
VAGUE = {"year", "month", "approx-month", "months", "uncertain-year"}


def render(records: list[EventRecord] = RECORDS, **options: Any) -> str:
    return render_ics(records, title="Ukraine war", description="Events tagged war, 2022 – 2025.", **options)


def write(tmp_path: Path, text: str, name: str = "cal.ics") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def expected(mode: str) -> dict[str, tuple[str, str]]:
    """UID → (start, end) as every parser should read them, dates or UTC times."""
    return {
        f"{record.id}@chrono": span if mode == "span" else marker
        for record, marker, span, _words in CASES
        if not (mode == "omit" and record.id in VAGUE)
    }


def _show(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


# --- the three parsers ------------------------------------------------------------------------


def icalendar_view(text: str) -> dict[str, tuple[str, str]]:
    from icalendar import Calendar

    cal = Calendar.from_ical(text)
    return {
        str(ev["UID"]): (_show(ev.decoded("DTSTART")), _show(ev.decoded("DTEND")))
        for ev in cal.walk("VEVENT")
    }


def vobject_view(text: str) -> dict[str, tuple[str, str]]:
    vobject = pytest.importorskip("vobject", reason="vobject is not installed (test extra)")
    cal = vobject.readOne(text)
    return {
        ev.uid.value: (_show(ev.dtstart.value), _show(ev.dtend.value))
        for ev in cal.contents.get("vevent", [])
    }


@functools.cache
def _node_ready() -> str | None:
    """None when tests/js can run, else why not; installs ical.js once if it is missing."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return "node and npm are needed for the ical.js checks"
    if not (JS / "node_modules" / "ical.js").is_dir():
        result = subprocess.run(
            [npm, "install", "--prefix", str(JS), "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            return f"npm install in tests/js failed: {result.stderr.strip()[-300:]}"
    return None


def icaljs_view(path: Path) -> dict[str, Any]:
    problem = _node_ready()
    if problem:
        pytest.skip(problem)
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(
        [node, str(JS / "parse-ical.mjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    data: dict[str, Any] = json.loads(result.stdout)
    return data


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


def uids_starts_ends(parser: str, text: str, tmp_path: Path) -> dict[str, tuple[str, str]]:
    if parser == "icalendar":
        return icalendar_view(text)
    if parser == "vobject":
        return vobject_view(text)
    js = icaljs_view(write(tmp_path, text))
    assert js["calendar"]["method"] is None and js["calendar"]["uid"] is None
    assert js["calendar"]["version"] == "2.0"
    return {e["uid"]: (e["start"], e["end"]) for e in js["events"]}


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
    assert str(timed["X-CHRONO-EDTF"]) == "2025-01-20T12:00:00-05:00"


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
    import subprocess
    import sys

    code = "import chrono.render.ics, sys; print('icalendar' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- import: round trips ----------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["marker", "span", "omit"])
def test_round_trip_gives_back_the_events(tmp_path: Path, mode: str) -> None:
    path = write(tmp_path, render(imprecise=mode))
    got = {event.id: event for event, _line in read_ics(path)}
    want = {r.id: r.to_input() for r in RECORDS if not (mode == "omit" and r.id in VAGUE)}
    for event in want.values():
        event.description = event.description.replace("\r\n", "\n")  # TEXT has only \n
    assert set(got) == set(want)
    for event_id, event in got.items():
        assert event == want[event_id], event_id


def test_round_trip_lines_point_at_begin_vevent(tmp_path: Path) -> None:
    path = write(tmp_path, render())
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    for event, line in read_ics(path):
        assert lines[line - 1] == "BEGIN:VEVENT"
        assert lines[line] == f"UID:{event.id}@chrono"


def test_title_that_only_looks_like_a_marker_is_kept(tmp_path: Path) -> None:
    record = make_record("census", "Census (2020)", "2020")
    path = write(tmp_path, render([record], imprecise="span"))
    [(event, _line)] = list(read_ics(path))
    assert event.title == "Census (2020)"


def test_edited_description_keeps_actors_from_x_properties(tmp_path: Path) -> None:
    record = BY_ID["day"][0]
    text = render([record])
    edited = text.replace("DESCRIPTION:Line one", "DESCRIPTION:Edited. Line one")
    [(event, _line)] = list(read_ics(write(tmp_path, edited)))
    assert event.description == "Edited. " + TRICKY_TEXT.replace("\r\n", "\n")
    edited = text.replace("Actors: Russia", "Actors: Russland")  # the appendix itself edited
    [(event, _line)] = list(read_ics(write(tmp_path, edited)))
    assert "Actors: Russland, Ukraine" in event.description  # not ours any more: kept as written
    assert [a.name for a in event.actors] == ["Russia", "Ukraine", "Vladimir Putin"]


# --- import: calendars from other apps ----------------------------------------------------------


def _read(name: str) -> dict[str, tuple[EventInput, int]]:
    return {event.title: (event, line) for event, line in read_ics(DATA / name)}


def test_google_export() -> None:
    events = _read("google.ics")
    assert list(events) == [
        "Quartalsplanung Q2",
        "Pfingstmontag",
        "Sommerurlaub 🏖️",
        "Call with the New York office",
        "Weekly sync",  # its moved instance (RECURRENCE-ID) is skipped
        "Offsite (abgesagt)",
    ]
    planning, line = events["Quartalsplanung Q2"]
    assert line == 26
    assert planning.when.edtf() == "2024-03-12T09:30:00+01:00/2024-03-12T10:30:00+01:00"
    assert planning.when.timezone == "Europe/Berlin"
    assert planning.when.precision.value == "minute"
    assert planning.location == "Konferenzraum 3, Alexanderplatz 1, 10178 Berlin, Germany"
    assert planning.description == (
        "Quarterly planning, with the whole team.\nAgenda: https://example.com/agenda"
    )
    assert planning.id is not None and planning.id.startswith("ics-") and len(planning.id) == 20
    assert events["Pfingstmontag"][0].when.edtf() == "2024-05-20"
    assert events["Sommerurlaub 🏖️"][0].when.edtf() == "2024-07-15/2024-07-26"  # DTEND exclusive
    call = events["Call with the New York office"][0]
    assert call.when.edtf() == "2024-06-01T16:00:00Z/2024-06-01T17:30:00Z".replace("Z", "+00:00")
    assert call.when.timezone == "UTC"
    assert call.status == "disputed"
    assert events["Weekly sync"][0].when.edtf().startswith("2024-01-08T10:00:00+01:00")
    assert events["Offsite (abgesagt)"][0].status == "retracted"


def test_outlook_export_maps_windows_zones() -> None:
    events = _read("outlook.ics")
    meeting = events["Projektbesprechung"][0]
    assert meeting.when.timezone == "Europe/Berlin"
    assert meeting.when.edtf() == "2024-09-18T14:30:00+02:00/2024-09-18T16:00:00+02:00"
    assert meeting.description.startswith("Bitte die Unterlagen vorher lesen.\n\n____")
    assert meeting.description.endswith("Microsoft Teams Besprechung")
    assert events["Call with Boston"][0].when.timezone == "America/New_York"
    assert events["Tag der Deutschen Einheit"][0].when.edtf() == "2024-10-03"
    conference = events["Fachkonferenz"][0]
    assert conference.when.edtf() == "2024-11-04/2024-11-08"
    assert conference.tags == ["Red Category", "Konferenz"]
    assert conference.location == "Wien, Österreich"
    assert all(e.id and e.id.startswith("ics-") for e, _ in events.values())  # long UIDs


def test_thunderbird_export() -> None:
    events = _read("thunderbird.ics")
    dentist = events["Dentist"][0]
    assert dentist.id == "5d6c3b2a-8f1e-4c7d-9a0b-1c2d3e4f5a6b"  # a UUID is a valid id
    assert dentist.when.edtf() == "2024-11-05T08:30:00-05:00/2024-11-05T09:15:00-05:00"
    assert dentist.when.timezone == "America/New_York"
    assert dentist.tags == ["Personal"]
    assert dentist.description == "Bring the insurance card; arrive 10 minutes early."
    concert = events["Concert (maybe)"][0]
    assert concert.status == "disputed"
    assert concert.when.edtf() == "2024-12-01T19:00:00-05:00/2024-12-01T21:30:00-05:00"  # DURATION
    assert events["Thanksgiving"][0].when.edtf() == "2024-11-28"
    trip = events["Visit family in Lisbon"][0]
    assert trip.when.edtf() == "2024-12-21/2025-01-02"
    assert trip.tags == ["Travel", "Family"]
    assert trip.sources == [SourceRef(url="https://www.visitlisboa.com/")]


def test_icalendar_test_calendars() -> None:
    holidays = _read("icalendar_example.ics")
    assert holidays["New Year's Day"][0].when.edtf() == "2022-01-01"  # DTEND = DTSTART: one day
    assert holidays["Orthodox Christmas"][0].location == "Russia"
    custom = _read("icalendar_america_new_york.ics")["an event with a custom tz name"][0]
    assert custom.id == "noend123"
    # a VTIMEZONE chrono cannot name keeps the instant, as a fixed offset
    assert custom.when.edtf() == "2014-08-29T08:00:00-04:00/2014-08-29T10:00:00-04:00"
    assert custom.when.timezone == "-04:00"


def test_foreign_ids_are_stable(tmp_path: Path) -> None:
    first = [e.id for e, _ in read_ics(DATA / "google.ics")]
    copy = write(tmp_path, (DATA / "google.ics").read_text(encoding="utf-8"), "again.ics")
    assert [e.id for e, _ in read_ics(copy)] == first
    assert len(set(first)) == len(first)


CALENDAR = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{}END:VCALENDAR\r\n"


def _calendar(*events: str, head: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in events)
    return CALENDAR.format(head + body)


def test_floating_time_takes_x_wr_timezone(tmp_path: Path) -> None:
    text = _calendar(
        "UID:a\r\nDTSTART:20240312T093000\r\nDTEND:20240312T100000\r\nSUMMARY:Local\r\n",
        head="X-WR-TIMEZONE:Asia/Tokyo\r\n",
    )
    [(event, line)] = list(read_ics(write(tmp_path, text)))
    assert line == 5
    assert event.when.edtf() == "2024-03-12T09:30:00+09:00/2024-03-12T10:00:00+09:00"
    assert event.when.timezone == "Asia/Tokyo"


def test_custom_zone_with_seconds_in_its_offset_keeps_them(tmp_path: Path) -> None:
    """Local mean time (ordinary before 1900) has seconds in its offset: 12:00 stays 12:00."""
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:Local Mean Time\r\nBEGIN:STANDARD\r\nDTSTART:18000101T000000\r\n"
        "TZOFFSETFROM:+001932\r\nTZOFFSETTO:+001932\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    text = _calendar("UID:lmt\r\nDTSTART;TZID=Local Mean Time:18900501T120000\r\nSUMMARY:Noon\r\n", head=zone)
    [(event, _line)] = list(read_ics(write(tmp_path, text)))
    assert event.when.start.edtf() == "1890-05-01T12:00:00+00:19:32"
    assert event.when.timezone == "+00:19:32"


def test_lf_only_file_and_bom_are_accepted(tmp_path: Path) -> None:
    text = "\ufeff" + _calendar("UID:a\r\nDTSTART;VALUE=DATE:20240101\r\nSUMMARY:x\r\n")
    [(event, line)] = list(read_ics(write(tmp_path, text.replace("\r\n", "\n"))))
    assert (event.id, event.title, event.when.edtf(), line) == ("a", "x", "2024-01-01", 4)


def test_event_without_uid_or_summary(tmp_path: Path) -> None:
    text = _calendar("DTSTART;VALUE=DATE:20240101\r\n")
    [(event, _line)] = list(read_ics(write(tmp_path, text)))
    assert event.title == "(no title)"
    assert event.id is not None and event.id.startswith("ics-")


MALFORMED = [
    # (file text, line, message part)
    ("", 1, "no BEGIN:VCALENDAR"),
    ("hello world\r\n", 1, "not an iCalendar content line"),
    ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\n", 3, "never closed"),
    ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", 3, "closes BEGIN:VEVENT"),
    ("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nEND:VCALENDAR\r\n", 3, "without BEGIN"),
    ("BEGIN:VEVENT\r\nEND:VEVENT\r\n", 1, "needs a DTSTART"),  # a bare VEVENT is a calendar of one
    ("BEGIN:VTODO\r\nEND:VTODO\r\n", 1, "expected BEGIN:VCALENDAR"),
    (_calendar("UID:a\r\nSUMMARY:x\r\n"), 4, "needs a DTSTART"),
    (_calendar("UID:a\r\nSUMMARY:x\r\nDTSTART:2024-13-45\r\n"), 7, "DTSTART"),
    (_calendar("UID:a\r\nSUMMARY:x\r\nDTSTART:20240312T093000\r\n"), 7, "floating time"),
    (
        _calendar("UID:a\r\nSUMMARY:x\r\nDTSTART;TZID=Mars/Olympus:20240312T093000\r\n"),
        7,
        "unknown time zone 'Mars/Olympus'",
    ),
    (
        _calendar("UID:a\r\nDTSTART:20240312T100000Z\r\nDTEND:20240312T090000Z\r\n"),
        7,
        "ends before it starts",
    ),
    (
        _calendar("UID:a\r\nDTSTART;VALUE=DATE:20240312\r\nX-CHRONO-EDTF:2024-02-30\r\n"),
        7,
        "2024-02-30",
    ),
    (
        _calendar("UID:a\r\nDTSTART;VALUE=DATE:20240312\r\nX-CHRONO-EDTF:2024\r\n"
                  "X-CHRONO-ACTOR:not json\r\n"),
        8,
        "X-CHRONO-ACTOR is not a JSON object",
    ),
    (
        _calendar("UID:a\r\nSUMMARY:x\r\nDTSTART:20240312T093000\r\n",
                  head="X-WR-TIMEZONE:Nowhere/Land\r\n"),
        4,
        "unknown time zone",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "message"), MALFORMED)
def test_malformed_files_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InvalidInput) as info:
        list(read_ics(path))
    error = str(info.value)
    assert error.startswith(f"{path}:{line}: "), error
    assert message in error
    assert "\n" not in error


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ics"
    path.write_bytes(_calendar("UID:a\r\nSUMMARY:Café\r\n").encode("latin-1"))
    with pytest.raises(InvalidInput, match=r"latin1\.ics:6: not UTF-8"):
        list(read_ics(path))


# --- end to end through the CLI -----------------------------------------------------------------


def test_cli_imports_calendars_and_lists_them(chrono_sqlite: Any) -> None:
    _out, err = chrono_sqlite("import", str(DATA / "thunderbird.ics"), str(DATA / "google.ics"))
    assert "10 added" in err
    out, _err = chrono_sqlite("list", "--format", "json")
    listed = {e["title"]: e for e in json.loads(out)}
    assert listed["Dentist"]["start"] == "2024-11-05T08:30-05:00"
    assert listed["Dentist"]["end"] == "2024-11-05T09:15-05:00"
    assert listed["Dentist"]["timezone"] == "America/New_York"
    assert listed["Sommerurlaub 🏖️"]["end"] == "2024-07-26"
    assert listed["Offsite (abgesagt)"]["status"] == "retracted"
    _out, err = chrono_sqlite("import", str(DATA / "google.ics"))
    assert "6 unchanged" in err  # stable ids: the same calendar updates, never duplicates


def test_cli_export_then_import_is_lossless(tmp_path: Path, chrono_sqlite: Any) -> None:
    from tests.helpers import Chrono

    chrono_sqlite("import", str(HERE.parent / "events"))
    feed = tmp_path / "timeline.ics"
    chrono_sqlite("export", "ics", "--output", str(feed))
    other = Chrono(str(tmp_path / "other.db"))
    other("import", str(feed))
    strip = ("created", "updated", "revision")

    def listing(runner: Any) -> list[dict[str, Any]]:
        out, _err = runner("list", "--format", "json")
        return [{k: v for k, v in e.items() if k not in strip} for e in json.loads(out)]

    assert listing(other) == listing(chrono_sqlite)


def test_cli_export_of_the_seed_events_reads_the_same_everywhere(tmp_path: Path, chrono_sqlite: Any) -> None:
    chrono_sqlite("import", str(HERE.parent / "events"))
    feed = tmp_path / "timeline.ics"
    for mode in ("marker", "span"):
        chrono_sqlite("export", "ics", "--imprecise", mode, "--output", str(feed))
        text = feed.read_bytes().decode("utf-8")
        want = icalendar_view(text)
        assert len(want) == 25
        for parser in ("ical.js", "vobject"):
            assert uids_starts_ends(parser, text, tmp_path) == want, parser


# --- vdirsyncer + khal --------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The rendered calendar on a local HTTP server; yields its URL."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "timeline.ics").write_bytes(render().encode("utf-8"))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/timeline.ics"
    finally:
        server.shutdown()
        server.server_close()


def test_vdirsyncer_and_khal_show_every_event_on_its_day(tmp_path: Path, served: str) -> None:
    vdirsyncer, khal = shutil.which("vdirsyncer"), shutil.which("khal")
    if not vdirsyncer or not khal:
        if os.environ.get("CHRONO_REQUIRE_KHAL"):
            pytest.fail("CHRONO_REQUIRE_KHAL is set but vdirsyncer or khal is not on PATH")
        pytest.skip("vdirsyncer and khal are not installed")
    local = tmp_path / "local"
    local.mkdir()
    (tmp_path / "vdirsyncer.conf").write_text(
        f'[general]\nstatus_path = "{tmp_path / "status"}/"\n\n'
        '[pair timeline]\na = "timeline_local"\nb = "timeline_feed"\ncollections = null\n'
        'conflict_resolution = "b wins"\n\n'
        f'[storage timeline_local]\ntype = "filesystem"\npath = "{local}/"\nfileext = ".ics"\n\n'
        f'[storage timeline_feed]\ntype = "http"\nurl = "{served}"\n',
        encoding="utf-8",
    )
    (tmp_path / "khal.conf").write_text(
        f"[calendars]\n[[timeline]]\npath = {local}/\ntype = calendar\n\n"
        "[locale]\nlocal_timezone = UTC\ndefault_timezone = UTC\n"
        "dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ntimeformat = %H:%M\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    base = [vdirsyncer, "-c", str(tmp_path / "vdirsyncer.conf")]
    for step in (["discover"], ["sync"]):
        subprocess.run([*base, *step], env=env, check=True, capture_output=True, timeout=120)
    assert len(list(local.glob("*.ics"))) == len(RECORDS)
    result = subprocess.run(
        [khal, "-c", str(tmp_path / "khal.conf"), "list", "--once", "--day-format", "",
         "--format", "{start-date}\t{end-date}\t{title}", "1999-01-01", "2026-01-01"],
        env=env, check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    shown = sorted(line.split("\t") for line in result.stdout.splitlines() if line.strip())
    want = []
    for record, (start, end), _span, words in CASES:
        title = record.title if words is None else f"{record.title} ({words})"
        # khal shows times in its local_timezone (UTC here) and the last day of all-day events,
        # where DTEND is the day after
        last = end[:10] if "T" in end else str(dt.date.fromisoformat(end) - dt.timedelta(days=1))
        want.append([start[:10], last, title])
    assert shown == sorted(want)
