"""What keeps chrono fast and movable: the query plans it relies on, and copying between backends."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from chrono.db import Database
from chrono.filters import Filter
from tests.helpers import ROOT, Chrono


def _plan(db_path: str, flt: Filter) -> str:
    sql, params = flt.sql("e.pk, e.id, e.title")  # the read the CLI makes, by its plan
    conn = sqlite3.connect(db_path)
    rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    conn.close()
    return "\n".join(str(r[-1]) for r in rows)


def test_actor_query_starts_from_the_actor_index(chrono_sqlite: Chrono) -> None:
    """`list --actor X --from --to` must be answered from the event-actor index, not a date scan."""
    chrono_sqlite("import", str(ROOT / "events"))
    plan = _plan(
        chrono_sqlite.db, Filter.build(start="2022-01-01", end="2022-12-31", actors=["Vladimir Putin"])
    )
    assert "ix_event_actor_actor_span" in plan, plan
    assert "SCAN e" not in plan and "SCAN event" not in plan, plan


def test_date_query_uses_the_span_index(chrono_sqlite: Chrono) -> None:
    chrono_sqlite("import", str(ROOT / "events"))
    plan = _plan(chrono_sqlite.db, Filter.build(start="2022", end="2022"))
    assert "ix_event_span" in plan, plan


def test_import_keeps_every_index(chrono_sqlite: Chrono) -> None:
    """A bulk import into an empty database drops secondary indexes and must build them again."""

    def indexes() -> set[str]:
        conn = sqlite3.connect(chrono_sqlite.db)
        names = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")
        }
        conn.close()
        return names

    chrono_sqlite.create()  # the schema, as the first write makes it
    before = indexes()
    chrono_sqlite("import", str(ROOT / "events"))
    assert indexes() == before
    assert {"ix_event_span", "ix_event_actor_actor_span", "ix_event_tag_tag", "event_fts_insert"} <= before
    out, _ = chrono_sqlite("list", "--search", "tehran", "--format", "ids")
    assert "putin-visits-tehran" in out.split()  # the search index was rebuilt


def test_db_copy_sqlite_to_postgres_is_lossless(chrono_sqlite: Chrono, pg_url: str) -> None:
    chrono_sqlite("import", str(ROOT / "events"))
    chrono_sqlite("edit", "putin-visits-tehran", "--title", "Putin visits Tehran for a summit")
    chrono_sqlite("db", "copy", chrono_sqlite.db, pg_url, db=False)
    pg = Chrono(pg_url)
    for args in (["list", "--format", "json"], ["actors", "--format", "json"], ["tags", "--format", "json"]):
        assert json.loads(pg(*args)[0]) == json.loads(chrono_sqlite(*args)[0]), args
    [event] = json.loads(pg("list", "--format", "json", "--search", "for a summit")[0])
    assert event["revision"] == 2
    # And back again into a new SQLite file: still the same.
    back = Chrono(str(Path(chrono_sqlite.db).with_name("back.db")))
    back("db", "copy", pg_url, back.db, db=False)
    assert back("list", "--format", "json")[0] == chrono_sqlite("list", "--format", "json")[0]


def test_db_copy_refuses_itself(chrono_sqlite: Chrono) -> None:
    _, err = chrono_sqlite("db", "copy", chrono_sqlite.db, chrono_sqlite.db, code=4, db=False)
    assert "same database" in err


def test_library_reads_without_sqlalchemy(tmp_path: Path) -> None:
    """The read path stays on the standard library, which is what keeps `chrono list` fast."""
    import subprocess
    import sys

    db = str(tmp_path / "c.db")
    Chrono(db)("import", str(ROOT / "events"))
    code = (
        "import sys\n"
        "from chrono.cli import main\n"
        f"sys.argv = ['chrono', 'list', '--actor', 'Putin', '--format', 'json', '--db', {db!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'pendulum', 'icalendar', 'fastapi', 'pydantic') if m in sys.modules]\n"
        "print(heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[]"
    assert len(json.loads(proc.stdout)) == 3
    assert Database.open(db).dialect == "sqlite"


def test_large_results_carry_the_same_details(chrono: Chrono, tmp_path: Path) -> None:
    """Past a few thousand events the details come from one pass per link table: same answer."""
    path = tmp_path / "many.jsonl"
    with path.open("w") as handle:
        for i in range(2600):
            event = {
                "id": f"e{i:05d}",
                "title": f"Event {i}",
                "start": f"{2000 + i % 20}-{1 + i % 12:02d}",
                "actors": [f"Actor {i % 7}", f"Actor {i % 11}"] if i % 7 != i % 11 else [f"Actor {i % 7}"],
                "roles": {f"Actor {i % 7}": "host"},
                "tags": [f"t{i % 5}"],
                "sources": [{"url": f"https://example.org/{i % 300}", "quote": f"q{i}"}],
            }
            handle.write(json.dumps(event) + "\n")
    chrono("import", str(path))
    everything = json.loads(chrono("list", "--format", "json")[0])
    first = json.loads(chrono("list", "--format", "json", "--limit", "1000")[0])
    assert len(everything) == 2600
    assert everything[:1000] == first
    assert all(e["actors"] and e["tags"] and e["sources"] for e in everything)
    tagged = json.loads(chrono("list", "--format", "json", "--tag", "t3")[0])
    assert tagged == [e for e in everything if e["tags"] == ["t3"]]
