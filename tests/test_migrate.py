"""Schema upgrades: a real version-1 database gains saved feeds and loses nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from chrono.schema import SCHEMA_VERSION, STEPS
from tests.helpers import ROOT, Chrono

V1_DUMP = ROOT / "tests" / "data" / "chrono-v1.sql"


def load_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.executescript(V1_DUMP.read_text(encoding="utf-8"))
    finally:
        conn.close()


def schema_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
    finally:
        conn.close()


def stored_events(path: Path) -> list[tuple[str, str, int, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, title, revision, updated, digest FROM event ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture
def v1_db(tmp_path: Path) -> Path:
    path = tmp_path / "v1.db"
    load_v1(path)
    assert schema_version(path) == 1
    return path


def test_fixture_is_a_v1_database_with_the_seed_events(v1_db: Path) -> None:
    assert SCHEMA_VERSION >= 2
    assert len(stored_events(v1_db)) == 25
    conn = sqlite3.connect(v1_db)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert "feed" not in tables


def test_any_command_upgrades_v1_and_keeps_every_event(v1_db: Path) -> None:
    before = stored_events(v1_db)
    chrono = Chrono(str(v1_db))
    out, err = chrono("list", "--format", "json")
    assert err == ""
    listed = json.loads(out)
    assert schema_version(v1_db) == SCHEMA_VERSION
    assert stored_events(v1_db) == before  # ids, titles, revisions, timestamps and digests untouched
    assert sorted(e["id"] for e in listed) == [row[0] for row in before]
    assert {e["id"]: (e["title"], e["revision"]) for e in listed} == {r[0]: (r[1], r[2]) for r in before}


def test_upgraded_database_has_working_feeds(v1_db: Path) -> None:
    chrono = Chrono(str(v1_db))
    chrono("feed", "add", "putin", "--actor", "Putin", "--title", "Putin")
    out, _ = chrono("feed", "list", "--format", "json")
    [feed] = json.loads(out)
    assert feed["name"] == "putin" and feed["params"] == {"actor": ["Putin"]}
    assert schema_version(v1_db) == SCHEMA_VERSION

    from chrono.db import Database
    from chrono.feeds import get_feed
    from chrono.query import select_ids

    with Database.open(str(v1_db)).reader() as reader:
        feed_ids = list(select_ids(reader, get_feed(reader, "putin").filter()))
    listed, _ = chrono("list", "--actor", "Putin", "--format", "ids")
    assert feed_ids == listed.split() and len(feed_ids) >= 3


def test_upgrade_is_idempotent_and_survives_a_second_opening(v1_db: Path) -> None:
    chrono = Chrono(str(v1_db))
    chrono("list", "--format", "ids")
    chrono("feed", "add", "all")
    first = stored_events(v1_db)
    out, _ = chrono("list", "--format", "ids")  # opening an upgraded database changes nothing
    assert len(out.split()) == 25
    assert stored_events(v1_db) == first
    assert schema_version(v1_db) == SCHEMA_VERSION


def test_writes_upgrade_too(v1_db: Path) -> None:
    """The write path (SQLAlchemy) upgrades as well as the read path."""
    chrono = Chrono(str(v1_db))
    out, _ = chrono("add", "A new event", "--date", "2026-01", "--actor", "Putin")
    assert schema_version(v1_db) == SCHEMA_VERSION
    assert len(stored_events(v1_db)) == 26
    assert out.strip() in {row[0] for row in stored_events(v1_db)}


def test_newer_schema_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    load_v1(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()
    chrono = Chrono(str(path))
    for args in (["list"], ["add", "x", "--date", "2024"], ["feed", "list"]):
        out, err = chrono(*args, code=1)
        assert out == ""
        assert err.startswith("chrono: error: ") and err.count("\n") == 1, err
        assert "newer than this chrono understands" in err
        assert "Traceback" not in err
    assert schema_version(path) == SCHEMA_VERSION + 1  # left alone


def test_newer_schema_fails_the_server_at_start(tmp_path: Path) -> None:
    from chrono.errors import DatabaseError
    from chrono.server import create_app

    path = tmp_path / "future.db"
    load_v1(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="newer than this chrono"):
        create_app(str(path))


@pytest.mark.postgres
def test_v1_upgrade_on_postgres(pg_url: str) -> None:
    """A v1 PostgreSQL database (made by dropping what versions 2 to 4 added) upgrades in place."""
    import psycopg

    chrono = Chrono(pg_url)
    chrono("import", str(ROOT / "events"))
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP TABLE feed")
        conn.execute(
            "ALTER TABLE event DROP COLUMN search, DROP COLUMN search_text, DROP COLUMN input_digest, "
            "DROP COLUMN removed, DROP COLUMN latitude, DROP COLUMN longitude, DROP COLUMN geo_precision, "
            "DROP COLUMN geo_x, DROP COLUMN geo_y, DROP COLUMN geo_z"
        )
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    out, _ = chrono("list", "--format", "ids")
    assert len(out.split()) == 25
    chrono("feed", "add", "drones", "--tag", "drones")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert row is not None and row[0] == str(SCHEMA_VERSION)
        assert conn.execute("SELECT name FROM feed").fetchall() == [("drones",)]


def test_upgrade_builds_the_search_index(v1_db: Path) -> None:
    """Version 3 fills the search text of events that were stored before it existed."""
    chrono = Chrono(str(v1_db))
    out, _ = chrono("list", "--format", "ids", "--search", "tehran")
    assert "putin-visits-tehran" in out.split()
    out, _ = chrono("list", "--format", "ids", "--search", "erdogan")
    assert "putin-visits-tehran" in out.split()


def _drop_places(db_url: str) -> None:
    """Make a database of the version before places: no point columns, no index on them."""
    columns = ("latitude", "longitude", "geo_precision", "geo_x", "geo_y", "geo_z")
    statements = [
        "DROP INDEX IF EXISTS ix_event_place",
        *(f"ALTER TABLE event DROP COLUMN {c}" for c in columns),
    ]
    before = next(version for version, step in STEPS.items() if step.__name__ == "_add_places")
    statements.append(f"UPDATE meta SET value = '{before}' WHERE key = 'schema_version'")
    if db_url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)
    else:
        conn = sqlite3.connect(db_url)
        with conn:
            for sql in statements:
                conn.execute(sql)
        conn.close()


def test_upgrade_adds_places_and_keeps_every_event(db_url: str, tmp_path: Path) -> None:
    """The step to places adds the point columns and their index; stored events keep their digests
    and revisions, and --near works at once."""
    chrono = Chrono(db_url)
    chrono("import", str(ROOT / "events"))
    before = json.loads(chrono("list", "--format", "json")[0])
    _drop_places(db_url)
    out, err = chrono("list", "--near", "48.85,2.35", "--km", "100", "--format", "ids")
    assert (out, err) == ("", "")
    assert json.loads(chrono("list", "--format", "json")[0]) == before  # no point appears, nothing moves
    placed = tmp_path / "placed.yaml"
    placed.write_text(
        "- id: paris\n  title: Talks in Paris\n  date: 2025-02-11\n  latitude: 48.8566\n  longitude: 2.3522\n"
    )
    chrono("import", str(placed))
    assert chrono("list", "--near", "48.85,2.35", "--km", "100", "--format", "ids")[0] == "paris\n"
    _, err = chrono("import", str(ROOT / "events"))
    assert err.startswith("imported 4 file(s): 0 added, 0 updated, 25 unchanged"), err  # digests as before


def test_upgrade_keeps_history_from_then_on(v1_db: Path) -> None:
    """The step to history keeps each event's earlier revisions from then on: an upgraded database
    starts with none kept, and every change keeps the one it replaces."""
    chrono = Chrono(str(v1_db))
    event_id = stored_events(v1_db)[0][0]
    out, _ = chrono("log", event_id, "--format", "json")
    assert [e["kind"] for e in json.loads(out)] in (["added"], ["earliest kept"])
    chrono("edit", event_id, "--title", "Changed after the upgrade")
    out, _ = chrono("log", event_id, "--format", "json")
    entries = json.loads(out)
    assert [e["event"]["title"] for e in entries][-1] == "Changed after the upgrade"
    assert entries[-1]["revision"] == entries[-2]["revision"] + 1
    chrono("undo", event_id)
    listed, _ = chrono("show", event_id, "--format", "json")
    assert json.loads(listed)["title"] == entries[-2]["event"]["title"]
    assert schema_version(v1_db) == SCHEMA_VERSION


def test_a_database_before_anchored_dates_upgrades(db_url: str) -> None:
    """The anchored-dates step adds the anchor columns and their index to a database without them;
    its events keep their dates of their own, and anchored dates work at once."""
    from sqlalchemy import create_engine, text

    from chrono.db import resolve_url

    chrono = Chrono(db_url)
    chrono("import", str(ROOT / "events"))
    engine = create_engine(resolve_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_event_anchor"))
        conn.execute(text("ALTER TABLE event DROP COLUMN anchor"))
        conn.execute(text("ALTER TABLE event DROP COLUMN anchored"))
        before = next(version for version, step in STEPS.items() if step.__name__ == "_add_anchors")
        conn.execute(text(f"UPDATE meta SET value = '{before}' WHERE key = 'schema_version'"))
    engine.dispose()
    out, _ = chrono("list", "--format", "ids")
    assert len(out.split()) == 25
    chrono("add", "Five months on", "--date", "5 months after russia-invades-ukraine", "--id", "later")
    shown, _ = chrono("show", "later")
    assert "5 months after Russia launches its full-scale invasion of Ukraine (Jul 2022)" in shown
    engine = create_engine(resolve_url(db_url))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar() == str(
            SCHEMA_VERSION
        )
        assert conn.execute(text("SELECT anchor FROM event WHERE id = 'later'")).scalar() == (
            "russia-invades-ukraine"
        )
    engine.dispose()


def change_mark(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'changed'").fetchone()
        return str(row[0]) if row else None
    finally:
        conn.close()


def test_upgrade_adds_the_change_mark_that_every_write_renews(v1_db: Path) -> None:
    """Its version: the change mark `chrono serve` builds ETags from; a read keeps it, a write renews it."""
    assert change_mark(v1_db) is None
    chrono = Chrono(str(v1_db))
    chrono("list", "--format", "ids")
    upgraded = change_mark(v1_db)
    assert schema_version(v1_db) == SCHEMA_VERSION and upgraded and len(upgraded) == 32
    chrono("list", "--format", "ids")
    assert change_mark(v1_db) == upgraded
    chrono("tag", "rename", "drones", "uav")
    assert change_mark(v1_db) not in (None, upgraded)


def test_the_event_data_step_adds_its_tables_and_keeps_every_event(db_url: str, tmp_path: Path) -> None:
    """The step after `_search_everything` (quantities, external ids, media) on a database made
    before it: the events stay, and the new fields work at once."""
    from sqlalchemy import create_engine, text

    from chrono.db import Database

    chrono = Chrono(db_url)
    chrono("import", str(ROOT / "events"))
    url = Database.open(db_url).engine.url
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in ("event_extra", "event_quantity", "actor_external_id"):
            conn.execute(text(f"DROP TABLE {table}"))
        before = next(version for version, step in STEPS.items() if step.__name__ == "_add_event_data")
        conn.execute(text("UPDATE meta SET value = :v WHERE key = 'schema_version'"), {"v": str(before)})
    engine.dispose()
    before, _ = chrono("list", "--format", "ids")
    assert len(before.split()) == 25
    path = tmp_path / "more.yaml"
    path.write_text("- {id: n, title: N, start: 2024, quantities: {dead: 3}, external_ids: {x: '1'}}\n")
    chrono("import", str(path))
    out, _ = chrono("list", "--format", "ids", "--min", "dead=3")
    assert out.split() == ["n"]
    engine = create_engine(url)
    with engine.connect() as conn:
        version = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    engine.dispose()
    assert version == str(SCHEMA_VERSION)
