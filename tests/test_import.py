"""`chrono import`: every file format, idempotent upserts, atomicity, errors that name the line."""

from __future__ import annotations

import json
import sqlite3
import textwrap
from pathlib import Path

import pytest

from tests.helpers import ROOT, Chrono
from tests.test_cli import events_json


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


YAML = """
    tags: [russia-iran]
    actor_details:
      - name: Vladimir Putin
        kind: person
        aliases: [Putin]
    events:
      - id: visit
        title: Putin visits Tehran
        start: 2022-07-19
        actors: [Putin, {name: Ebrahim Raisi, role: host}]
        sources:
          - url: https://example.org/visit
            title: Putin in Tehran
            published: 2022-07
            quote: "first trip"
      - id: drones-2024
        title: Russia launched over 11,000 drones
        start: 2024
        tags: [drones]
      - id: deal
        title: Drone deal
        start: 2022-11~
        uncertain: true
    """


def test_yaml_import_keeps_written_precision(chrono: Chrono, tmp_path: Path) -> None:
    chrono("import", str(write(tmp_path / "e.yaml", YAML)))
    events = {e["id"]: e for e in events_json(chrono)}
    assert events["visit"]["precision"] == "day" and events["visit"]["start"] == "2022-07-19"
    assert events["drones-2024"]["precision"] == "year" and events["drones-2024"]["start"] == "2024"
    assert events["deal"]["approximate"] is True and events["deal"]["uncertain"] is True
    assert events["deal"]["precision"] == "month"
    assert events["visit"]["actors"] == ["Vladimir Putin", "Ebrahim Raisi"]
    assert events["visit"]["roles"] == {"Ebrahim Raisi": "host"}
    assert events["visit"]["tags"] == ["russia-iran"]
    assert events["drones-2024"]["tags"] == ["drones", "russia-iran"]
    assert events["visit"]["sources"][0]["published"] == "2022-07"
    assert events["visit"]["sources"][0]["quote"] == "first trip"


def test_reimport_changes_nothing_and_edits_update(chrono: Chrono, tmp_path: Path) -> None:
    path = write(tmp_path / "e.yaml", YAML)
    _, err = chrono("import", str(path))
    assert "3 added, 0 updated, 0 unchanged" in err
    before = events_json(chrono)
    _, err = chrono("import", str(path))
    assert "0 added, 0 updated, 3 unchanged" in err
    assert events_json(chrono) == before
    path.write_text(path.read_text().replace("Drone deal", "Shahed drone deal"))
    _, err = chrono("import", str(path))
    assert "0 added, 1 updated, 2 unchanged" in err
    after = {e["id"]: e for e in events_json(chrono)}
    assert after["deal"]["title"] == "Shahed drone deal"
    assert after["deal"]["revision"] == 2
    assert after["visit"]["revision"] == 1


def test_seed_events_import_and_reimport(chrono: Chrono) -> None:
    _, err = chrono("import", str(ROOT / "events"))
    count = len(events_json(chrono))
    assert count >= 17 and f"{count} added" in err
    _, err = chrono("import", str(ROOT / "events"))
    assert f"0 added, 0 updated, {count} unchanged" in err


def test_bad_entry_means_nothing_is_written(chrono: Chrono, tmp_path: Path) -> None:
    good = write(tmp_path / "a.yaml", YAML)
    bad = write(
        tmp_path / "b.yaml",
        """
        - id: fine
          title: Fine
          start: 2024
        - id: broken
          title: Broken
          start: 2024-13
        """,
    )
    _, err = chrono("import", str(good), str(bad), code=4)
    assert err == f"chrono: error: {bad}:6: bad date '2024-13': month must be 1..12\n"  # the field's line
    assert chrono.stores_nothing()


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("e.yaml", "- title: x\n  start: 2024\n  colour: red\n", "e.yaml:3: unknown event field 'colour'"),
        ("e.yaml", "- title: x\n  start: [2024\n", "e.yaml:3: not valid YAML"),
        ("e.yaml", "- start: 2024\n", "e.yaml:1: an event needs a title"),
        ("e.yaml", "- title: x\n", "e.yaml:1: an event needs a start"),
        ("e.yaml", "- {title: a, start: 2024, id: x}\n- {title: b, start: 2024, id: x}\n", "e.yaml:2: id 'x' is also given at"),
        ("e.yaml", "- title: x\n  start: 2025-01-20T12:00\n  timezone: Mars/Base\n", "unknown time zone 'Mars/Base'"),
        ("e.yaml", "events: 3\n", "expected a list of events"),
        ("e.yaml", "- title: x\n  start: 2024-02-30\n", "e.yaml:2: bad date '2024-02-30': day is out of range for month"),
        ("e.json", '[{"title": "x", "start": "2024"},]', "e.json:1: not valid JSON"),
        ("e.json", '{"title": "x"}', "needs an 'events' list"),
        ("e.jsonl", '{"title": "a", "start": "2024"}\n\n{"title": "b", "start": "2024-02-30"}\n', "e.jsonl:3: bad date"),
        ("e.jsonl", '{"title": "a", "start": "2024"}\n[1]\n', "e.jsonl:2: each line must be a JSON object"),
        ("e.csv", "title,start,colour\nx,2024,red\n", "e.csv:1: unknown column 'colour'"),
        ("e.csv", "title,start\nok,2024\nbad,20x4\n", "e.csv:3: bad date '20x4'"),
        ("e.txt", "hello", "unknown file type '.txt'"),
        ("e.jsonl", '{"title": "a\\u0000b", "start": "2024"}\n', "e.jsonl:1: title: NUL characters are not allowed"),
        ("e.jsonl", '{"title": "a\\ud800", "start": "2024"}\n', "e.jsonl:1: title: not valid Unicode text"),
    ],
)  # fmt: skip
def test_file_errors_name_file_and_line(
    chrono_sqlite: Chrono, tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, err = chrono_sqlite("import", str(path), code=4)
    assert err.startswith("chrono: error: ") and err.count("\n") == 1
    assert message in err
    assert not Path(chrono_sqlite.db).exists()  # a failed first import leaves no database behind


def test_missing_path(chrono_sqlite: Chrono, tmp_path: Path) -> None:
    _, err = chrono_sqlite("import", str(tmp_path / "nope.yaml"), code=4)
    assert "no such file or folder" in err


def test_json_jsonl_csv_use_list_field_names(chrono: Chrono, tmp_path: Path) -> None:
    """What `list` prints in each format, `import` reads back into an empty database."""
    chrono("import", str(write(tmp_path / "e.yaml", YAML)))
    for fmt, ext in (("json", "json"), ("jsonl", "jsonl"), ("csv", "csv")):
        out, _ = chrono("list", "--format", fmt)
        target = Chrono(str(tmp_path / f"copy-{fmt}.db"))
        path = tmp_path / f"out.{ext}"
        path.write_text(out, encoding="utf-8")
        target("import", str(path))
        original = events_json(chrono)
        copied = events_json(target)
        keys = ["id", "title", "start", "end", "precision", "approximate", "uncertain", "actors", "tags"]
        if fmt != "csv":
            keys += ["roles", "sources", "created", "updated", "revision"]
        assert [{k: e[k] for k in keys} for e in copied] == [{k: e[k] for k in keys} for e in original], fmt


def test_date_field_and_interval(chrono_sqlite: Chrono, tmp_path: Path) -> None:
    path = write(
        tmp_path / "e.json",
        json.dumps(
            {
                "events": [
                    {"title": "a", "date": "2024-10-22/2024-10-24"},
                    {"title": "b", "start": 2023, "end": 2024},
                ]
            }
        ),
    )
    _, err = chrono_sqlite("import", str(path))
    assert "2 event(s) had no id" in err
    events = events_json(chrono_sqlite)
    assert [(e["start"], e["end"]) for e in events] == [("2023", "2024"), ("2024-10-22", "2024-10-24")]


def test_write_ids_makes_reimport_update(chrono_sqlite: Chrono, tmp_path: Path) -> None:
    path = write(
        tmp_path / "e.yaml",
        """
        # my notes stay
        events:
          - title: No id yet   # a comment
            start: 2024-05
          - {title: Flow style, start: 2023}
          - id: given
            title: Has one
            start: 2022
        """,
    )
    chrono_sqlite("import", str(path), "--write-ids")
    text = path.read_text()
    assert "# my notes stay" in text and "# a comment" in text
    stored = {e["title"]: e["id"] for e in events_json(chrono_sqlite)}
    assert f"id: {stored['No id yet']}" in text
    assert f"{{id: {stored['Flow style']}, title: Flow style" in text
    _, err = chrono_sqlite("import", str(path))
    assert "0 added, 0 updated, 3 unchanged" in err


def test_import_is_one_transaction_even_when_killed(tmp_path: Path) -> None:
    """A killed import leaves the database as it was: SQLite rolls back the open transaction."""
    import os
    import signal
    import subprocess
    import sys
    import time

    db = tmp_path / "chrono.db"
    Chrono(str(db))("add", "Before", "--date", "2020", "--id", "before")
    big = tmp_path / "big.jsonl"
    with big.open("w") as handle:
        for i in range(60_000):
            handle.write(json.dumps({"id": f"e{i}", "title": f"Event {i}", "start": "2024-01-01"}) + "\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "chrono", "import", str(big), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    wal = Path(str(db) + "-wal")
    while time.monotonic() < deadline and not (wal.exists() and wal.stat().st_size > 2_000_000):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT id FROM event").fetchall() == [("before",)]
    conn.close()
    _, err = Chrono(str(db))("import", str(big))
    assert "60000 added" in err


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("start: 0476", "0476", None),
        ("start: 0622\n  end: 0800", "0622", "0800"),
        ("start: 0099-03", "0099-03", None),
        ("start: 2024", "2024", None),
        ("start: 2024-12-08", "2024-12-08", None),
        ("date: 0476", "0476", None),
        ("start: 2025-01-20 12:30:00 -05:00", "2025-01-20T12:30:00-05:00", None),  # a second stated
    ],
)  # fmt: skip
def test_yaml_dates_mean_what_they_say(
    chrono_sqlite: Chrono, tmp_path: Path, text: str, start: str, end: str | None
) -> None:
    """YAML 1.1 reads 0476 as octal (318); chrono reads every date field as it is written."""
    path = tmp_path / "e.yaml"
    path.write_text(f"- title: x\n  {text}\n", encoding="utf-8")
    chrono_sqlite("import", str(path))
    [event] = events_json(chrono_sqlite)
    assert (event["start"], event["end"]) == (start, end)


def test_yaml_source_published_keeps_leading_zero(chrono_sqlite: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(
        "- title: x\n  start: 2024\n  sources:\n    - url: https://example.org/a\n      published: 0999\n"
    )
    chrono_sqlite("import", str(path))
    [event] = events_json(chrono_sqlite)
    assert event["sources"][0]["published"] == "0999"  # type: ignore[index]


def test_csv_sources_that_are_names_are_sources_by_title(chrono: Chrono, tmp_path: Path) -> None:
    path = write(
        tmp_path / "e.csv", "id,title,start,sources\nx,X,2024,https://example.org/a; Diario El Chubut\n"
    )
    chrono("import", str(path))
    [event] = events_json(chrono)
    assert [(s["url"], s["title"]) for s in event["sources"]] == [
        ("https://example.org/a", None),
        (None, "Diario El Chubut"),
    ]


def test_jsonl_reimport_skips_saved_lines_and_compares_changed_events_again(
    chrono: Chrono, tmp_path: Path
) -> None:
    lines = [
        {"id": "one", "title": "Talks in Vienna", "start": "2024-03-01", "actors": ["Vladimir Putin"]},
        {"id": "two", "title": "Summit", "start": "2024-04", "tags": ["diplomacy"]},
    ]
    path = tmp_path / "e.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    _, err = chrono("import", str(path))
    assert "2 added, 0 updated, 0 unchanged" in err
    _, err = chrono("import", str(path))
    assert "0 added, 0 updated, 2 unchanged" in err
    chrono("edit", "one", "--title", "Talks somewhere else")
    _, err = chrono("import", str(path))  # the stored event no longer says what its line says
    assert "0 added, 1 updated, 1 unchanged" in err
    events = {e["id"]: e for e in events_json(chrono)}
    assert events["one"]["title"] == "Talks in Vienna" and events["one"]["revision"] == 3
    chrono("actor", "rename", "Vladimir Putin", "Vladimir V. Putin")
    _, err = chrono("import", str(path))  # the old name is an alias: the same event
    assert "0 added, 0 updated, 2 unchanged" in err
    assert {e["id"]: e for e in events_json(chrono)}["one"]["actors"] == ["Vladimir V. Putin"]
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({**lines[0], "title": "Again"}) + "\n")
    before = events_json(chrono)
    _, err = chrono("import", str(path), code=4)
    assert f"{path}:3: id 'one' is also given at {path}:1" in err
    assert events_json(chrono) == before


def test_jsonl_reimport_with_another_tz_reads_the_lines_again(chrono: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps({"id": "talks", "title": "Talks", "start": "2024-03-01T10:00"}) + "\n")
    _, err = chrono("import", str(path), "--tz", "Europe/Kyiv")
    assert "1 added" in err
    _, err = chrono("import", str(path), "--tz", "Europe/Kyiv")
    assert "0 added, 0 updated, 1 unchanged" in err
    _, err = chrono("import", str(path), "--tz", "Asia/Tehran")  # the same text says another time
    assert "0 added, 1 updated, 0 unchanged" in err
    assert events_json(chrono)[0]["timezone"] == "Asia/Tehran"
