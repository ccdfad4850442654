"""What the iCalendar tests share: the cases (one event of every precision, tricky text, every
zone kind), how each parser reads a calendar (icalendar, vobject, Mozilla's ical.js through Node),
and what every parser should read."""

from __future__ import annotations

import datetime as dt
import functools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from chrono.models import EventRecord, SourceRef
from chrono.render.ics import render_ics
from tests import helpers

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "ics"
JS = HERE / "js"


def make_record(
    event_id: str,
    title: str,
    when: str,
    *,
    tz: str | None = None,
    actors: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    sources: tuple[SourceRef, ...] = (),
    roles: dict[str, str] | None = None,
    created: str = "2025-01-02T03:04:05Z",
    updated: str = "2025-02-03T04:05:06Z",
    **changes: Any,
) -> EventRecord:
    """The shared record builder, with this suite's timestamps and tuples for the lists."""
    return helpers.make_record(
        event_id,
        when,
        tz=tz,
        title=title,
        actors=list(actors),
        roles=dict(roles or {}),
        tags=list(tags),
        sources=list(sources),
        created=created,
        updated=updated,
        **changes,
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


def uids_starts_ends(parser: str, text: str, tmp_path: Path) -> dict[str, tuple[str, str]]:
    if parser == "icalendar":
        return icalendar_view(text)
    if parser == "vobject":
        return vobject_view(text)
    js = icaljs_view(write(tmp_path, text))
    assert js["calendar"]["method"] is None and js["calendar"]["uid"] is None
    assert js["calendar"]["version"] == "2.0"
    return {e["uid"]: (e["start"], e["end"]) for e in js["events"]}
