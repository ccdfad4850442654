"""Calendars, forgiving where a user would want it and still never wrong: instances whose series is
absent, --skip-invalid, VALUE=DATE written with a time, a property given twice, bare VEVENTs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chrono.errors import InvalidInput
from chrono.readers.ics import read_ics
from chrono.readers.reading import Reading
from tests.helpers import ROOT, Chrono

GOOGLE = ROOT / "tests" / "data" / "ics" / "google.ics"


def calendar(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"


def write(tmp_path: Path, text: str, name: str = "c.ics") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


MOVED = calendar(
    "UID:series-1@example.com\r\nRECURRENCE-ID:20240115T100000Z\r\nDTSTART:20240116T100000Z\r\nSUMMARY:Moved sync\r\n",
    "UID:series-1@example.com\r\nRECURRENCE-ID:20240122T100000Z\r\nDTSTART:20240122T110000Z\r\nSUMMARY:Later sync\r\n",
)


def test_instances_whose_series_is_absent_are_events(tmp_path: Path) -> None:
    events = list(read_ics(write(tmp_path, MOVED)))
    assert [(e.title, e.when.start.edtf(), line) for e, line in events] == [
        ("Moved sync", "2024-01-16T10:00+00:00", 4),
        ("Later sync", "2024-01-22T11:00+00:00", 10),
    ]
    ids = [e.id for e, _ in events]
    assert len(set(ids)) == 2 and all(i is not None and i.startswith("ics-") for i in ids)
    assert [e.id for e, _ in read_ics(write(tmp_path, MOVED, "again.ics"))] == ids


def test_instances_of_a_series_in_the_file_are_counted_not_dropped_silently() -> None:
    reading = Reading()
    titles = [e.title for e, _ in read_ics(GOOGLE, reading=reading)]
    assert "Weekly sync" in titles
    assert reading.dropped == {
        "moved or edited instances of a series (its first occurrence is imported)": 1,
        "repeats of recurring events (each is imported as its first occurrence)": 1,
    }


@pytest.mark.parametrize(
    ("dtstart", "expected"),
    [
        ("DTSTART;VALUE=DATE:20240101T000000Z", "2024-01-01"),
        ("DTSTART;VALUE=DATE:20240101T000000", "2024-01-01"),
        ("DTSTART;VALUE=DATE:20240101", "2024-01-01"),
    ],
)
def test_value_date_written_with_midnight_is_that_date(tmp_path: Path, dtstart: str, expected: str) -> None:
    [(event, _)] = list(read_ics(write(tmp_path, calendar(f"UID:a\r\n{dtstart}\r\nSUMMARY:Day\r\n"))))
    assert event.when.edtf() == expected and event.when.precision.value == "day"


@pytest.mark.parametrize(
    ("props", "line", "message"),
    [
        ("UID:a\r\nDTSTART;VALUE=DATE:20240101T153000Z\r\n", 6,
         "DTSTART is declared VALUE=DATE but 20240101T153000Z has a time of day"),
        ("UID:a\r\nDTSTART;VALUE=DATE:20240101\r\nDTSTART;VALUE=DATE:20240102\r\n", 7,
         "DTSTART is given twice in one VEVENT (first at line 6)"),
        ("UID:a\r\nUID:b\r\nDTSTART;VALUE=DATE:20240101\r\n", 6, "UID is given twice in one VEVENT (first at line 5)"),
    ],
)  # fmt: skip
def test_contradictions_are_one_clean_line(tmp_path: Path, props: str, line: int, message: str) -> None:
    path = write(tmp_path, calendar(props))
    with pytest.raises(InvalidInput) as info:
        list(read_ics(path))
    assert str(info.value) == f"{path}:{line}: {message}"


def test_bare_vevents_are_a_calendar(tmp_path: Path) -> None:
    text = (
        "BEGIN:VEVENT\r\nUID:ticket-1\r\nDTSTART:20240301T081500Z\r\nSUMMARY:Train to Utrecht\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:ticket-2\r\nDTSTART:20240302T170000Z\r\nSUMMARY:Train back\r\nEND:VEVENT\r\n"
    )
    events = list(read_ics(write(tmp_path, text)))
    assert [(e.id, e.title, line) for e, line in events] == [
        ("ticket-1", "Train to Utrecht", 1),
        ("ticket-2", "Train back", 6),
    ]


BROKEN = calendar(
    "UID:good-1\r\nDTSTART;VALUE=DATE:20240501\r\nSUMMARY:Fine\r\n",
    "UID:ticket\r\nDTSTART:20240502T100000Z\r\nDURATION:PT-2H\r\nSUMMARY:Bad duration\r\n",
    "UID:nodate\r\nSUMMARY:No start\r\n",
    "UID:good-2\r\nDTSTART;VALUE=DATE:20240503\r\nSUMMARY:Also fine\r\n",
)


def test_cli_one_bad_vevent_stops_the_import_unless_skip_invalid(chrono: Chrono, tmp_path: Path) -> None:
    path = write(tmp_path, BROKEN)
    _, err = chrono("import", str(path), code=4)
    assert err.startswith(f"chrono: error: {path}:12: ") and err.count("\n") == 1
    assert chrono.stores_nothing()  # one transaction: nothing written
    _, err = chrono("import", "--skip-invalid", str(path))
    lines = err.splitlines()
    assert lines[0] == "imported 1 file(s): 2 added, 0 updated, 0 unchanged, 2 skipped"
    assert lines[1].startswith(f"skipped {path}:12: VEVENT of line 9: ")
    assert lines[2] == f"skipped {path}:15: VEVENT of line 15: a VEVENT needs a DTSTART"
    listed = json.loads(chrono("list", "--format", "json")[0])
    assert [e["id"] for e in listed] == ["good-1", "good-2"]


def test_cli_orphan_instances_and_fragments_import(chrono: Chrono, tmp_path: Path) -> None:
    _, err = chrono("import", str(write(tmp_path, MOVED)))
    assert err.splitlines() == ["imported 1 file(s): 2 added, 0 updated, 0 unchanged"]
    _, err = chrono("import", str(GOOGLE))
    assert err.splitlines()[1] == (
        f"not kept: {GOOGLE}: 1 moved or edited instances of a series (its first occurrence is imported), "
        "1 repeats of recurring events (each is imported as its first occurrence)"
    )
    fragment = write(
        tmp_path,
        "BEGIN:VEVENT\r\nUID:frag\r\nDTSTART;VALUE=DATE:20240101T000000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\n",
        "f.ics",
    )
    chrono("import", str(fragment))
    shown = json.loads(chrono("show", "frag", "--format", "json")[0])
    assert (shown["start"], shown["precision"]) == ("2024-01-01", "day")


MEETING = calendar(
    "UID:m1\r\nDTSTART:20240305T090000Z\r\nSUMMARY:Briefing\r\n"
    "ORGANIZER;CN=Ana Costa:mailto:ana@example.org\r\n"
    "ATTENDEE;CN=Rui Lopes;ROLE=REQ-PARTICIPANT:mailto:rui@example.org\r\n"
    "ATTENDEE:mailto:press@example.org\r\n"
    "ATTENDEE;CN=Ana Costa:mailto:ana@example.org\r\n"
)


def test_attendees_become_actors_only_when_asked(tmp_path: Path) -> None:
    path = write(tmp_path, MEETING)
    reading = Reading()
    [(event, _)] = list(read_ics(path, reading=reading))
    assert event.actors == []
    assert reading.dropped == {"attendees and organizers (--attendees-as-actors keeps them)": 3}
    [(event, _)] = list(read_ics(path, attendees=True))
    assert [(a.name, a.role) for a in event.actors] == [
        ("Ana Costa", "organizer; attendee"),
        ("Rui Lopes", "attendee"),
        ("press@example.org", "attendee"),
    ]


def test_cli_expand_imports_each_occurrence_in_the_range(chrono: Chrono) -> None:
    _, err = chrono("import", "--expand", "2024-01-01/2024-01-31", str(GOOGLE))
    assert err.splitlines() == ["imported 1 file(s): 9 added, 0 updated, 0 unchanged"]
    weekly = [e for e in json.loads(chrono("list", "--format", "json")[0]) if "Weekly" in e["title"]]
    assert [(e["title"], e["start"]) for e in weekly] == [
        ("Weekly sync", "2024-01-08T10:00+01:00"),
        ("Weekly sync (moved)", "2024-01-15T11:00+01:00"),
        ("Weekly sync", "2024-01-22T10:00+01:00"),
        ("Weekly sync", "2024-01-29T10:00+01:00"),
    ]
    _, err = chrono("import", "--expand", "2024-01-01/2024-01-31", str(GOOGLE))
    assert err.splitlines() == ["imported 1 file(s): 0 added, 0 updated, 9 unchanged"]
    _, err = chrono("import", "--expand", "soon", str(GOOGLE), code=4)
    assert err.startswith("chrono: error: --expand: bad date 'soon'") and err.count("\n") == 1


def test_cli_attendees_as_actors(chrono: Chrono, tmp_path: Path) -> None:
    path = write(tmp_path, MEETING)
    _, err = chrono("import", str(path))
    assert (
        err.splitlines()[1]
        == f"not kept: {path}: 3 attendees and organizers (--attendees-as-actors keeps them)"
    )
    chrono("import", "--attendees-as-actors", str(path))
    shown = json.loads(chrono("show", "m1", "--format", "json")[0])
    assert shown["roles"] == {
        "Ana Costa": "organizer; attendee",
        "Rui Lopes": "attendee",
        "press@example.org": "attendee",
    }


def test_geo_is_the_point_and_location_the_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        calendar(
            "UID:a@example.com\r\nDTSTART:20240301T100000Z\r\nSUMMARY:Talks\r\nLOCATION:Paris\r\nGEO:48.8566;2.3522\r\n",
            "UID:b@example.com\r\nDTSTART:20240302T100000Z\r\nSUMMARY:No point\r\nLOCATION:Somewhere\r\n",
        ),
    )
    first, second = (event for event, _ in read_ics(path))
    assert (first.location, first.geo is not None and (first.geo.latitude, first.geo.longitude)) == (
        "Paris",
        (48.8566, 2.3522),
    )
    assert second.geo is None and second.location == "Somewhere"


@pytest.mark.parametrize(
    ("geo", "message"),
    [
        ("GEO:north;east", "bad GEO: Expected 'float;float'"),
        ("GEO:95.5;2", "latitude must be a number of degrees from -90 to 90, not 95.5"),
        ("GEO:45;-190", "longitude must be a number of degrees from -180 to 180, not -190.0"),
    ],
)
def test_a_bad_geo_is_one_line_at_its_line(tmp_path: Path, chrono: Chrono, geo: str, message: str) -> None:
    path = write(
        tmp_path, calendar(f"UID:a@example.com\r\nDTSTART:20240301T100000Z\r\nSUMMARY:Talks\r\n{geo}\r\n")
    )
    _, err = chrono("import", str(path), code=4)
    assert err.startswith(f"chrono: error: {path}:8: ") and message in err and err.count("\n") == 1, err


def test_chrono_s_calendar_brings_the_point_and_its_precision_back(chrono: Chrono, tmp_path: Path) -> None:
    events = tmp_path / "e.json"
    events.write_text(json.dumps([
        {"id": "a", "title": "A", "start": "2024-03-01", "location": "Kyiv", "latitude": 50.4501, "longitude": 30.5234, "geo_precision": "town"},
        {"id": "b", "title": "B", "start": "2024-03-02", "latitude": -0.00001, "longitude": -179.999999},
    ]))  # fmt: skip
    chrono("import", str(events))
    exported = tmp_path / "out.ics"
    chrono("export", "ics", "-o", str(exported))
    text = exported.read_bytes().decode("utf-8")
    assert "GEO:50.4501;30.5234\r\nX-CHRONO-GEO-PRECISION:town\r\n" in text
    assert "GEO:-0.00001;-179.999999\r\n" in text  # never in exponent form
    import icalendar

    parsed = [c for c in icalendar.Calendar.from_ical(text).walk("VEVENT")]
    assert [(c["GEO"].latitude, c["GEO"].longitude) for c in parsed] == [
        (50.4501, 30.5234),
        (-0.00001, -179.999999),
    ]
    again = Chrono(str(tmp_path / "again.db"))
    again("import", str(exported))
    before = json.loads(chrono("list", "--format", "json")[0])
    after = json.loads(again("list", "--format", "json")[0])
    keys = ("id", "location", "latitude", "longitude", "geo_precision")
    assert [{k: e.get(k) for k in keys} for e in after] == [{k: e.get(k) for k in keys} for e in before]


def test_another_programs_attach_and_image_become_media(chrono: Chrono, tmp_path: Path) -> None:
    """RFC 7986 IMAGE and an ATTACH URI are the event's media (the image its thumbnail beside an
    attachment); an inline attachment is no URL, and a `javascript:` image is counted, not kept."""
    path = write(
        tmp_path,
        calendar(
            "UID:a1\r\nDTSTART;VALUE=DATE:20240105\r\nSUMMARY:Concert\r\n"
            "ATTACH;FMTTYPE=application/pdf:https://e.org/programme.pdf\r\n"
            "IMAGE;VALUE=URI;DISPLAY=BADGE:https://e.org/poster.png\r\n",
            "UID:a2\r\nDTSTART;VALUE=DATE:20240106\r\nSUMMARY:Poster only\r\nIMAGE;VALUE=URI:https://e.org/p.jpg\r\n"
            "IMAGE;VALUE=URI:https://e.org/q.jpg\r\n",
            "UID:a3\r\nDTSTART;VALUE=DATE:20240107\r\nSUMMARY:Other\r\n"
            "ATTACH;ENCODING=BASE64;VALUE=BINARY:AAAA\r\nIMAGE;VALUE=URI:javascript:alert(1)\r\n",
        ),
    )
    _, err = chrono("import", str(path))
    assert err.splitlines()[1] == (
        f"not kept: {path}: 1 attachments and images beyond the first, 1 inline attachments and images, "
        "1 media that is not an http(s) URL"
    )
    media = {e["title"]: e.get("media") for e in json.loads(chrono("list", "--format", "json")[0])}
    assert media == {
        "Concert": {"url": "https://e.org/programme.pdf", "credit": None, "caption": None, "alt": None,
                    "thumbnail": "https://e.org/poster.png"},
        "Poster only": {"url": "https://e.org/p.jpg", "credit": None, "caption": None, "alt": None,
                        "thumbnail": None},
        "Other": None,
    }  # fmt: skip
