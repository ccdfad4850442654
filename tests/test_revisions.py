"""History (issue 12, item 19): every revision kept, `chrono log`, `undo`, `restore --revision`, and the
timeline as it stood (`--as-of`), through the CLI, the HTTP API and the library, on both backends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chrono.query import Filter
from tests.helpers import ROOT, Chrono
from tests.test_cli import events_json, ids

# Moments the writes are made at (SOURCE_DATE_EPOCH): 2023-11-14, 2024-03-09, 2024-07-03 (UTC).
NOVEMBER, MARCH, JULY = 1_700_000_000, 1_710_000_000, 1_720_000_000


def at(monkeypatch: pytest.MonkeyPatch, epoch: int) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))


def log(chrono: Chrono, event_id: str) -> list[dict[str, Any]]:
    out, _ = chrono("log", event_id, "--format", "json")
    data = json.loads(out)
    assert isinstance(data, list)
    return data


@pytest.fixture
def story(chrono: Chrono, monkeypatch: pytest.MonkeyPatch) -> Chrono:
    """tehran: added in November, changed in March; talks: added in November, removed in July;
    late: added in July."""
    at(monkeypatch, NOVEMBER)
    chrono("add", "Putin visits Tehran", "--date", "2022-07-19", "--actor", "Putin", "--id", "tehran",
           "--source", "https://example.org/a", "--quote", "He landed.")  # fmt: skip
    chrono("add", "Talks in Vienna", "--date", "2022-08-01", "--tag", "talks", "--id", "talks")
    at(monkeypatch, MARCH)
    chrono("edit", "tehran", "--title", "Putin meets Raisi in Tehran", "--actor", "Raisi", "--tag", "summit")
    at(monkeypatch, JULY)
    chrono("rm", "talks", "--yes")
    chrono("add", "Late news", "--date", "2022-07-01", "--id", "late")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    return chrono


def test_log_shows_each_revision_field_by_field(story: Chrono) -> None:
    entries = log(story, "tehran")
    assert [(e["revision"], e["kind"], e["updated"]) for e in entries] == [
        (1, "added", "2023-11-14T22:13:20Z"),
        (2, "changed", "2024-03-09T16:00:00Z"),
    ]
    assert entries[0]["event"]["title"] == "Putin visits Tehran"
    assert {c["field"]: c for c in entries[1]["changes"]} == {
        "title": {"field": "title", "before": "Putin visits Tehran", "after": "Putin meets Raisi in Tehran"},
        "actors": {"field": "actors", "added": ["Raisi"], "removed": []},
        "tags": {"field": "tags", "added": ["summit"], "removed": []},
    }
    out, _ = story("log", "tehran")
    assert out.splitlines() == [
        "revision 1 · 2023-11-14T22:13:20Z · added",
        "  title       Putin visits Tehran",
        "  date        19 Jul 2022",
        "  status      confirmed",
        "  actors      Putin",
        "  sources     https://example.org/a “He landed.”",
        "revision 2 · 2024-03-09T16:00:00Z · changed",
        "  title       Putin visits Tehran → Putin meets Raisi in Tehran",
        "  actors      + Raisi",
        "  tags        + summit",
    ]


def test_a_removed_event_keeps_its_history_and_comes_back_with_it(story: Chrono) -> None:
    assert [(e["revision"], e["kind"], e["removed"]) for e in log(story, "talks")] == [
        (1, "added", False),
        (2, "removed", True),
    ]
    assert "talks" not in ids(story)
    _, err = story("undo", "talks")
    assert err == "talks: back to revision 1, as revision 3\n"
    assert events_json(story, "--tag", "talks")[0]["revision"] == 3
    assert [e["kind"] for e in log(story, "talks")] == ["added", "removed", "restored"]


def test_undo_is_a_new_revision_and_twice_is_a_redo(story: Chrono) -> None:
    _, err = story("undo", "tehran")
    assert err == "tehran: back to revision 1, as revision 3\n"
    event = events_json(story, "--search", "tehran")[0]
    assert (event["id"], event["title"], event["actors"], event["tags"], event["revision"]) == (
        "tehran", "Putin visits Tehran", ["Putin"], [], 3,
    )  # fmt: skip
    story("undo", "tehran")
    event = events_json(story, "--search", "tehran")[0]
    assert (event["title"], event["revision"]) == ("Putin meets Raisi in Tehran", 4)
    assert [e["revision"] for e in log(story, "tehran")] == [1, 2, 3, 4]


def test_restore_a_revision(story: Chrono) -> None:
    _, err = story("restore", "tehran", "--revision", "1")
    assert err == "tehran: restored revision 1, as revision 3\n"
    assert events_json(story, "--search", "tehran")[0]["sources"][0]["quote"] == "He landed."
    _, err = story("restore", "tehran", "--revision", "9", code=3)
    assert err == "chrono: error: tehran has no revision 9 (kept: 1, 2, 3)\n"
    _, err = story("restore", "tehran", "--revision", "3", code=5)
    assert "at revision 3 already" in err
    _, err = story("undo", "late", code=5)
    assert err == "chrono: error: late has no earlier revision to go back to\n"
    _, err = story("log", "nosuch", code=3)
    assert err == "chrono: error: no event with id 'nosuch'\n"


def test_points_are_kept_and_found_as_of(chrono: Chrono, monkeypatch: pytest.MonkeyPatch) -> None:
    """A revision keeps the event's point: --near finds it as it stood, and going back brings it back."""
    at(monkeypatch, NOVEMBER)
    chrono("add", "Talks in Paris", "--date", "2025-02-11", "--at", "48.8566,2.3522", "--id", "paris")
    at(monkeypatch, MARCH)
    chrono("edit", "paris", "--at", "50.4501,30.5234")  # Kyiv
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    near_paris = ["--near", "48.85,2.35", "--km", "50"]
    assert ids(chrono, *near_paris) == []
    assert ids(chrono, *near_paris, "--as-of", "2024-01-01") == ["paris"]
    assert [c["field"] for c in log(chrono, "paris")[1]["changes"]] == ["point"]
    chrono("undo", "paris")
    assert ids(chrono, *near_paris) == ["paris"]


def test_a_removed_revision_restored_brings_the_event_back(story: Chrono) -> None:
    story("restore", "talks", "--revision", "1")
    assert "talks" in ids(story)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2023-01-01", []),
        ("2023-11-14", [("tehran", "Putin visits Tehran"), ("talks", "Talks in Vienna")]),
        ("2024-03", [("tehran", "Putin meets Raisi in Tehran"), ("talks", "Talks in Vienna")]),
        ("2024-03-09T15:59:59Z", [("tehran", "Putin visits Tehran"), ("talks", "Talks in Vienna")]),
        ("2024-03-09T16:00:00Z", [("tehran", "Putin meets Raisi in Tehran"), ("talks", "Talks in Vienna")]),
        ("2024-07-03", [("late", "Late news"), ("tehran", "Putin meets Raisi in Tehran")]),
    ],
)
def test_list_as_of(story: Chrono, as_of: str, expected: list[tuple[str, str]]) -> None:
    """Events added later are left out, removed ones are there as they were, changed ones as then."""
    events = events_json(story, "--as-of", as_of)
    assert [(e["id"], e["title"]) for e in events] == expected


def test_as_of_takes_every_filter(story: Chrono) -> None:
    story("actor", "alias", "Raisi", "Ebrahim Raisi")
    story("edit", "tehran", "--title", "Raisi hosts Putin")  # the revisions of then are history now
    assert ids(story, "--as-of", "2024-01-01", "--actor", "Raisi") == []
    assert ids(story, "--as-of", "2024-04-01", "--actor", "Ebrahim Raisi") == ["tehran"]
    assert ids(story, "--as-of", "2024-01-01", "--search", "meets") == []
    assert ids(story, "--as-of", "2024-04-01", "--search", "meet raisi") == ["tehran"]
    assert ids(story, "--as-of", "2024-04-01", "--tag", "talks") == ["talks"]
    assert ids(story, "--as-of", "2024-04-01", "--from", "2022-08") == ["talks"]
    assert ids(story, "--as-of", "2024-04-01", "--limit", "1", "--reverse") == ["talks"]
    out, _ = story("stats", "--as-of", "2024-04-01", "--format", "json")
    stats = json.loads(out)
    assert (stats["events"], stats["unsourced"], stats["tags"]) == (2, 1, [["summit", 1], ["talks", 1]])
    _, err = story("list", "--as-of", "soon", code=4)
    assert err.startswith("chrono: error: --as-of: ")


def test_export_as_of(story: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "then.json"
    story("export", "json", "--as-of", "2024-01-01", "-o", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [(e["id"], e["title"]) for e in data["events"]] == [
        ("tehran", "Putin visits Tehran"),
        ("talks", "Talks in Vienna"),
    ]
    ics = tmp_path / "then.ics"
    story("export", "ics", "--as-of", "2024-08-01", "-o", str(ics))
    from icalendar import Calendar

    calendar = Calendar.from_ical(ics.read_bytes())
    statuses = {str(e["UID"]).split("@")[0]: str(e.get("STATUS")) for e in calendar.walk("VEVENT")}
    assert statuses["talks"] == "CANCELLED" and statuses["tehran"] == "CONFIRMED"


def test_http_revisions_and_as_of(story: Chrono) -> None:
    from fastapi.testclient import TestClient

    from chrono.server import create_app

    client = TestClient(create_app(story.db))
    response = client.get("/events/tehran/revisions")
    assert response.status_code == 200
    assert [r["kind"] for r in response.json()] == ["added", "changed"]
    assert client.get("/events/nosuch/revisions").status_code == 404
    events = client.get("/events", params={"as-of": "2024-01-01"}).json()["events"]
    assert [e["title"] for e in events] == ["Putin visits Tehran", "Talks in Vienna"]


def test_history_is_written_only_when_an_event_changes(chrono: Chrono, tmp_path: Path) -> None:
    events = ROOT / "events"
    chrono("import", str(events))
    chrono("import", str(events))
    every = ids(chrono)
    assert all(len(log(chrono, i)) == 1 for i in every)
    chrono("edit", every[0], "--title", "Changed")
    chrono("import", str(events))  # the file's content comes back: a third revision
    assert [e["revision"] for e in log(chrono, every[0])] == [1, 2, 3]
    assert all(len(log(chrono, i)) == 1 for i in every[1:])


def test_renames_and_merges_keep_the_revision_before(chrono: Chrono) -> None:
    chrono("add", "Meeting", "--date", "2024", "--actor", "Raisi", "--tag", "iran", "--id", "m")
    chrono("actor", "rename", "Raisi", "Ebrahim Raisi")
    chrono("tag", "rename", "iran", "Iran")
    entries = log(chrono, "m")
    assert [e["event"]["actors"] for e in entries] == [["Raisi"], ["Ebrahim Raisi"], ["Ebrahim Raisi"]]
    assert [e["event"]["tags"] for e in entries] == [["iran"], ["iran"], ["Iran"]]


def test_db_copy_keeps_history(story: Chrono, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    story("db", "copy", story.db, str(copy), db=False)
    assert log(Chrono(str(copy)), "tehran") == log(story, "tehran")
    assert ids(Chrono(str(copy)), "--as-of", "2024-01-01") == ["tehran", "talks"]


@pytest.mark.parametrize(
    ("given", "tz", "moment"),
    [
        ("2025-01-01", None, "2025-01-01T23:59:59Z"),
        ("2025", None, "2025-12-31T23:59:59Z"),
        ("2025-01-01", "Asia/Tokyo", "2025-01-01T14:59:59Z"),
        ("2025-01-01T10:00Z", None, "2025-01-01T10:00:59Z"),
        ("2025-01-01T10:00:05+02:00", None, "2025-01-01T08:00:05Z"),
    ],
)
def test_as_of_is_the_last_second_of_what_it_names(given: str, tz: str | None, moment: str) -> None:
    flt = Filter.build(as_of=given, tz=tz)
    assert flt.as_of == moment
    assert Filter.from_params(flt.to_params()) == Filter.build(as_of=moment)
    assert f"as they stood at {moment[:10]} {moment[11:19]} UTC" in flt.describe()


@pytest.mark.parametrize(
    "args",
    [
        ["add", "Quick", "--date", "2024", "--id", "q"],
        ["edit", "seed", "--title", "Edited"],
        ["rm", "seed", "--yes"],
        ["undo", "twice"],
    ],
)
def test_one_event_writes_do_not_load_sqlalchemy(tmp_path: Path, args: list[str]) -> None:
    """Issue 12, item 23: a one-event write on an existing database costs what a read does."""
    db = str(tmp_path / "c.db")
    seed = Chrono(db)
    seed("add", "Seed", "--date", "2024", "--id", "seed")
    seed("add", "Twice", "--date", "2024", "--id", "twice")
    seed("edit", "twice", "--title", "Twice again")
    code = (
        "import sys\n"
        "from chrono.cli import main\n"
        "sys.argv = ['chrono', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print([m for m in ('sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules], file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", code, *args, "--db", db], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[]"
