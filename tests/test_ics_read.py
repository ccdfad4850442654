"""The iCalendar reader: chrono's own export reads back exactly; Google-, Outlook- and
Thunderbird-style exports (tests/data/ics/) read as their apps show them; malformed files fail with
"FILE:LINE: …". (tests/test_readers_ics.py: the forgiving side — absent series, --skip-invalid, …)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chrono.errors import InvalidInput
from chrono.models import EventInput, SourceRef
from chrono.readers.ics import read_ics
from tests.ics_cases import (
    BY_ID,
    DATA,
    RECORDS,
    TRICKY_TEXT,
    VAGUE,
    make_record,
    render,
    write,
)

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
    assert planning.when.edtf() == "2024-03-12T09:30+01:00/2024-03-12T10:30+01:00"
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
    assert call.when.edtf() == "2024-06-01T16:00Z/2024-06-01T17:30Z".replace("Z", "+00:00")
    assert call.when.timezone == "UTC"
    assert call.status == "disputed"
    assert events["Weekly sync"][0].when.edtf().startswith("2024-01-08T10:00+01:00")
    assert events["Offsite (abgesagt)"][0].status == "retracted"


def test_outlook_export_maps_windows_zones() -> None:
    events = _read("outlook.ics")
    meeting = events["Projektbesprechung"][0]
    assert meeting.when.timezone == "Europe/Berlin"
    assert meeting.when.edtf() == "2024-09-18T14:30+02:00/2024-09-18T16:00+02:00"
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
    assert dentist.when.edtf() == "2024-11-05T08:30-05:00/2024-11-05T09:15-05:00"
    assert dentist.when.timezone == "America/New_York"
    assert dentist.tags == ["Personal"]
    assert dentist.description == "Bring the insurance card; arrive 10 minutes early."
    concert = events["Concert (maybe)"][0]
    assert concert.status == "disputed"
    assert concert.when.edtf() == "2024-12-01T19:00-05:00/2024-12-01T21:30-05:00"  # DURATION
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
    assert custom.when.edtf() == "2014-08-29T08:00-04:00/2014-08-29T10:00-04:00"
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
    assert event.when.edtf() == "2024-03-12T09:30+09:00/2024-03-12T10:00+09:00"
    assert event.when.timezone == "Asia/Tokyo"


def test_custom_zone_with_seconds_in_its_offset_keeps_them(tmp_path: Path) -> None:
    """Local mean time (ordinary before 1900) has seconds in its offset: 12:00 stays 12:00."""
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:Local Mean Time\r\nBEGIN:STANDARD\r\nDTSTART:18000101T000000\r\n"
        "TZOFFSETFROM:+001932\r\nTZOFFSETTO:+001932\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    text = _calendar("UID:lmt\r\nDTSTART;TZID=Local Mean Time:18900501T120000\r\nSUMMARY:Noon\r\n", head=zone)
    [(event, _line)] = list(read_ics(write(tmp_path, text)))
    assert event.when.start.edtf() == "1890-05-01T12:00+00:19:32"
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
