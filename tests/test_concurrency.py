"""Many writers at once: every event lands, nobody sees "database is locked"."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import Chrono


def _spawn(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "chrono", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_eight_adds_at_the_same_moment_on_a_new_database(tmp_path: Path) -> None:
    db = str(tmp_path / "new.db")
    procs = [_spawn(["add", f"Event {i}", "--date", "2024", "--db", db]) for i in range(8)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, [err for _, err in results]
    new_ids = {out.strip() for out, _ in results}
    out, _ = Chrono(db)("list", "--format", "json")
    assert {e["id"] for e in json.loads(out)} == new_ids and len(new_ids) == 8


WRITER = """
import sys
from chrono.db import Database
from chrono.dates import parse_when
from chrono.models import ActorRef, EventInput
from chrono.store import add_event

db = Database.open(sys.argv[1])
worker = int(sys.argv[2])
for i in range(int(sys.argv[3])):
    add_event(db, EventInput(title=f"w{worker} e{i}", when=parse_when("2024-05"), id=f"w{worker}-{i}",
                             actors=[ActorRef("Shared Actor"), ActorRef(f"Actor {i % 7}")], tags=["load"]))
"""


@pytest.mark.slow
def test_eight_writers_many_adds_each(db_url: str) -> None:
    """8 processes x 250 adds through the library: all 2,000 events stored, on both backends."""
    per_writer = 250
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_url, str(w), str(per_writer)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(8)
    ]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, [err[-2000:] for _, err in results]
    out, _ = Chrono(db_url)("list", "--format", "ids", "--actor", "Shared Actor")
    assert len(out.split()) == 8 * per_writer
    out, _ = Chrono(db_url)("actors", "--format", "json")
    names = [a["name"] for a in json.loads(out)]
    assert len(names) == len(set(names)) == 8  # no actor created twice by racing writers
