"""Fixtures: a fresh database per test, on SQLite and (where a server answers) PostgreSQL.

Tests that take the `db_url` fixture run once per backend. PostgreSQL tests get a database of their
own, created for the test and dropped after it. They are skipped when no server answers, except when
CHRONO_REQUIRE_POSTGRES is set (as CI does), where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chrono.cli import app
from chrono.models import EventRecord
from tests.helpers import ROOT, Chrono

PG_ADMIN = os.environ.get("CHRONO_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_available() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"no PostgreSQL at {PG_ADMIN}: {str(exc).strip().splitlines()[0]}"


_PG_PROBLEM = _pg_available()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test."""
    if _PG_PROBLEM:
        if os.environ.get("CHRONO_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here: {_PG_PROBLEM}")
        pytest.skip(_PG_PROBLEM)
    import psycopg

    name = f"chrono_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database, once per backend."""
    if request.param == "sqlite":
        return str(tmp_path / "chrono.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    return str(tmp_path / "chrono.db")


@pytest.fixture
def chrono(db_url: str) -> Chrono:
    return Chrono(db_url)


@pytest.fixture
def chrono_sqlite(sqlite_db: str) -> Chrono:
    return Chrono(sqlite_db)


@pytest.fixture
def seeded(chrono: Chrono) -> Chrono:
    """A database with the bundled events, once per backend."""
    chrono("import", str(ROOT / "events"))
    return chrono


@pytest.fixture
def seeded_sqlite(chrono_sqlite: Chrono) -> Chrono:
    chrono_sqlite("import", str(ROOT / "events"))
    return chrono_sqlite


@pytest.fixture(scope="session")
def seed_records(tmp_path_factory: pytest.TempPathFactory) -> list[EventRecord]:
    """The bundled events as the store returns them, for renderer tests."""
    from chrono.db import Database
    from chrono.filters import Filter
    from chrono.query import select_events

    db = str(tmp_path_factory.mktemp("seed") / "seed.db")
    result = CliRunner().invoke(app, ["import", str(ROOT / "events"), "--db", db])
    assert result.exit_code == 0, result.stderr
    database = Database.open(db)
    with database.reader() as reader:
        records = select_events(reader, Filter())
    database.dispose()
    return records
