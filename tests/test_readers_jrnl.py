"""jrnl and Day One readers: entries, times in their zone, tags, stars, places; and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chrono.errors import InvalidInput
from chrono.fields import event_from_mapping
from chrono.readers.jrnl import read_dayone, read_jrnl
from tests.helpers import ROOT, Chrono

JRNL = ROOT / "tests" / "data" / "jrnl" / "journal.json"
DAYONE = ROOT / "tests" / "data" / "dayone" / "Journal.json"


def test_jrnl_entries_need_a_zone_for_their_times() -> None:
    reading = read_jrnl(JRNL.read_text(), "journal.json", tz="Europe/Lisbon")
    first, second = (item.fields for item in reading.items)
    assert [item.line for item in reading.items] == [4, 12]
    assert first["title"] == "Called the port authority."
    assert first["description"] == "They would not comment on the lease.\nAsked again for the annex."
    assert (first["start"], first["timezone"], first["tags"]) == (
        "2024-03-05T09:00",
        "Europe/Lisbon",
        ["port"],
    )
    assert second["tags"] == ["council", "port", "starred"] and "description" not in second
    event, _ = event_from_mapping(second)
    assert event.when.start.edtf() == "2024-03-06T21:45+00:00"
    without = read_jrnl(JRNL.read_text(), "journal.json")
    with pytest.raises(InvalidInput, match=r"needs a time zone.*--tz ZONE"):
        event_from_mapping(without.items[0].fields)
    again = read_jrnl(JRNL.read_text(), "other.json", tz="UTC")
    assert [i.fields["id"] for i in again.items] == [i.fields["id"] for i in reading.items]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"entries": [\n {"title": "x"}\n]}', r"^j\.json:2: an entry needs a date$"),
        ('{"tags": {}}', r"^j\.json:1: expected an object with an 'entries' list$"),
        ('{"entries": [\n 1,\n', r"^j\.json:3: not valid JSON"),
    ],
)
def test_jrnl_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_jrnl(text, "j.json")


def test_dayone_times_are_kept_in_the_entrys_zone() -> None:
    reading = read_dayone(DAYONE.read_text(), "Journal.json")
    visit, call = (item.fields for item in reading.items)
    assert visit["id"] == "6D8A1A2F0C6B4E8D9A5B3C2D1E0F9A8B"
    assert visit["title"] == "Site visit at the north quay"
    assert visit["description"] == "Cranes idle, two guards.\n\nSpoke to a docker."
    assert visit["start"] == "2024-07-01T09:15:00+01:00" and visit["timezone"] == "Europe/Lisbon"
    assert visit["tags"] == ["port", "fieldwork", "starred"]
    assert visit["location"] == "North Quay, Setúbal, Portugal"
    assert call["start"] == "2024-12-20T18:30:00-05:00" and call["title"] == "Call with the source"
    assert reading.dropped == {"coordinates": 1, "photos": 2, "weather": 1}
    for fields in (visit, call):
        event_from_mapping(fields)


def test_dayone_bad_date_is_one_line() -> None:
    with pytest.raises(InvalidInput, match=r"^d\.json:3: bad creationDate 'yesterday'$"):
        read_dayone('{"metadata": {},\n "entries": [\n {"creationDate": "yesterday"}]}', "d.json")


def test_cli_jrnl_and_dayone(chrono: Chrono, tmp_path: Path) -> None:
    _, err = chrono("import", str(JRNL), code=4)
    assert err.startswith(f"chrono: error: {JRNL}:4: time '2024-03-05T09:00' needs a time zone")
    assert len(err.splitlines()) == 1
    _, err = chrono("import", str(JRNL), str(DAYONE), "--tz", "Europe/Lisbon")
    assert err.splitlines() == [
        "imported 2 file(s): 4 added, 0 updated, 0 unchanged",
        f"not kept: {DAYONE}: 1 coordinates, 2 photos, 1 weather",
    ]
    out, _ = chrono("show", "6D8A1A2F0C6B4E8D9A5B3C2D1E0F9A8B", "--format", "json")
    shown = json.loads(out)
    assert (shown["start"], shown["timezone"]) == ("2024-07-01T09:15:00+01:00", "Europe/Lisbon")
    starred = json.loads(chrono("list", "--format", "json", "--tag", "starred")[0])
    assert [e["title"] for e in starred] == ["Council meeting ran late.", "Site visit at the north quay"]
    _, err = chrono("import", str(JRNL), str(DAYONE), "--tz", "Europe/Lisbon")
    assert err.splitlines()[0] == "imported 2 file(s): 0 added, 0 updated, 4 unchanged"
    copy = tmp_path / "export.txt"
    copy.write_text(JRNL.read_text())
    _, err = chrono("import", "--from-format", "jrnl", "--tz", "UTC", str(copy))
    assert "2 updated" in err.splitlines()[0]
