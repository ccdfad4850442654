"""Where the database is and how to talk to it.

Two doors into the same database. Writes go through SQLAlchemy (the SQLModel tables in
`chrono.schema`), which gives transactions, upserts and schema creation on SQLite and PostgreSQL.
Reads go through a plain DB-API connection (`sqlite3` or psycopg) because importing SQLAlchemy and
SQLModel costs more than the whole `chrono list` is allowed to take.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from chrono.errors import DatabaseError, NotFound, ReadTimeout
from chrono.schema import CHANGE_KEY, SCHEMA_VERSION

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

BUSY_TIMEOUT_MS = 60_000
# SQLite reads pages through a memory map rather than read() calls: a read of many events with their
# links (one index search a link) takes about a third less CPU (measured on 100,000 events).
MMAP_BYTES = 256 * 2**20
ENV_VAR = "CHRONO_DB"


def default_path() -> Path:
    """`chrono.db` in the user data directory, so chrono works with no set-up."""
    from platformdirs import user_data_path

    return user_data_path("chrono", appauthor=False) / "chrono.db"


def resolve_url(db: str | None = None) -> str:
    """Turn `--db`, `CHRONO_DB` or the default into an SQLAlchemy URL."""
    value = db or os.environ.get(ENV_VAR) or str(default_path())
    if "://" in value:
        if value.startswith(("postgresql://", "postgres://")):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        if value.startswith("sqlite://") and not value.startswith("sqlite:///") and value != "sqlite://":
            raise DatabaseError(
                f"bad SQLite URL {value!r}: write sqlite:///relative.db, sqlite:////absolute/path.db "
                "or just the file's path"
            )
        if value.startswith(("sqlite://", "postgresql+psycopg://")):
            return value
        raise DatabaseError(
            f"unsupported database URL {value!r}: use a file path, sqlite:/// or postgresql://"
        )
    path = Path(value).expanduser()
    return f"sqlite:///{path.resolve()}"


class Database:
    """One chrono database, by URL; opens connections lazily so that `--help` costs nothing."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._checked = False
        self.read_timeout: float | None = None  # seconds a read may take; None: no limit

    @classmethod
    def open(cls, db: str | None = None) -> Database:
        return cls(resolve_url(db))

    @property
    def dialect(self) -> str:
        return "postgresql" if self.url.startswith("postgresql") else "sqlite"

    @property
    def sqlite_path(self) -> str:
        path = self.url.split("sqlite:///", 1)[1] if self.url.startswith("sqlite:///") else ""
        return path or ":memory:"

    # --- writes -------------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.url)
            self._ensure_schema()
        return self._engine

    @contextmanager
    def writer(self) -> Iterator[Connection]:
        """One write transaction: on SQLite it takes the write lock at once (BEGIN IMMEDIATE).

        Only a write creates a database, and only a write that succeeds: when the first write into a
        new SQLite file fails, the file (and any folder made for it) is removed again, so a failed
        `chrono import --db new.db bad.yaml` leaves nothing behind.
        """
        from sqlalchemy.exc import OperationalError

        made = self._missing_paths()
        try:
            with self.engine.begin() as conn:
                if self.dialect == "postgresql":
                    # Writers take turns, as on SQLite: actors, tags and sources are created on
                    # first use, and two writers creating the same one must not collide.
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7142612)")
                yield conn
                mark_changed(conn)  # in the same transaction: no feed's ETag outlives a write
        except OperationalError as exc:
            self._discard(made)
            raise DatabaseError(self._cannot("write to", str(exc.orig))) from exc
        except sqlite3.OperationalError as exc:  # from the raw connection the store writes with
            self._discard(made)
            raise DatabaseError(self._cannot("write to", str(exc))) from exc
        except BaseException:
            self._discard(made)
            raise

    @contextmanager
    def quick_writer(self) -> Iterator[Reader]:
        """A write transaction on a plain DB-API connection, for one-event writes (`add`, `edit`,
        `rm`, `undo`): SQLAlchemy and SQLModel, which cost more than the whole write, are not loaded.

        Only a database that exists with the current schema is written this way; creating or
        upgrading one goes through `writer()` as every other write does. Writers take turns as
        there: BEGIN IMMEDIATE on SQLite, the writers' advisory lock on PostgreSQL.
        """
        if not self._checked:
            try:
                current = self._schema_is_current()
            except NotFound:
                current = False
            if not current:
                with self.writer() as made:
                    yield raw(made)
                return
            self._checked = True
        if self.dialect == "sqlite":
            conn: Any = connect_sqlite(self.sqlite_path)
            errors: tuple[type[BaseException], ...] = (sqlite3.OperationalError,)
        else:
            conn = connect_postgres(self.url)
            errors = (_psycopg().OperationalError,)
        try:
            try:
                if self.dialect == "sqlite":
                    conn.execute("PRAGMA synchronous = NORMAL")
                    conn.execute("BEGIN IMMEDIATE")
                else:
                    conn.execute("BEGIN")
                    conn.execute("SELECT pg_advisory_xact_lock(7142612)")
                reader = Reader(conn, self.dialect)
                yield reader
                mark_changed(reader)  # as writer() does: no feed's ETag outlives a write
            except BaseException:
                with suppress(Exception):
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except errors as exc:
            raise DatabaseError(self._cannot("write to", str(exc).strip().splitlines()[0])) from exc
        finally:
            conn.close()

    def _missing_paths(self) -> list[Path]:
        """The SQLite file and the folders above it that do not exist yet, deepest first."""
        if self.dialect != "sqlite" or self.sqlite_path == ":memory:":
            return []
        path = Path(self.sqlite_path)
        if path.exists():
            return []
        return [path, *(p for p in path.parents if not p.exists())]

    def _discard(self, made: Sequence[Path]) -> None:
        """Remove a database this very write created, if it still holds nothing (no other writer
        committed into it meanwhile)."""
        if not made:
            return
        self.dispose()
        self._checked = False
        path = made[0]
        try:
            conn = sqlite3.connect("file:" + quote(str(path)) + "?mode=ro", uri=True)
            try:
                rows = conn.execute(
                    "SELECT (SELECT COUNT(*) FROM event) + (SELECT COUNT(*) FROM feed)"
                ).fetchone()
            finally:
                conn.close()
            if rows and rows[0]:
                return
        except sqlite3.Error:
            pass  # no tables at all: nothing was made worth keeping
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        for folder in made[1:]:
            try:
                folder.rmdir()
            except OSError:
                break

    def _ensure_schema(self) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from chrono.schema import ensure_schema

        assert self._engine is not None
        try:
            with self._engine.begin() as conn:
                if ensure_schema(conn):
                    mark_changed(conn)  # a new or upgraded schema may change what feeds show
        except SQLAlchemyError as exc:
            self._engine = None
            reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            raise DatabaseError(self._cannot("open", reason)) from exc
        self._checked = True

    # --- reads --------------------------------------------------------------------------------

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        """A plain DB-API connection for queries, with the schema known to be current.

        A read never creates a database: one that does not exist (or holds no chrono tables) is
        NotFound. An older schema is upgraded in place, once.

        Everything read through it is one read transaction, one snapshot of the database: a read
        that spans queries (events, then their actors, tags and sources) never sees a write that
        lands in between. With `read_timeout` set (the server sets it), a statement that runs longer
        is stopped and raises `ReadTimeout` (per statement, so that a feed streamed to a slow client
        in pages is not cut off by the time the client takes).
        """
        if not self._checked and not self._schema_is_current():
            _ = self.engine  # upgrades the schema once
        self._checked = True
        if self.dialect == "sqlite":
            conn: Any = connect_sqlite(self.sqlite_path)
        else:
            conn = connect_postgres(self.url)
        try:
            _begin_read(conn, self.dialect, self.read_timeout)
            yield Reader(conn, self.dialect, self.read_timeout)
        finally:
            with suppress(Exception):
                conn.rollback() if self.dialect == "postgresql" else conn.execute("ROLLBACK")
            conn.close()

    def _cannot(self, what: str, reason: str) -> str:
        if "database is locked" in reason:
            return (
                f"cannot {what} database {self.display_url}: another writer (an import?) held its lock "
                f"for more than {BUSY_TIMEOUT_MS / 1000:g} s; try again when it is done"
            )
        if self.dialect == "sqlite" and read_only_folder(self.sqlite_path):
            folder = Path(self.sqlite_path).resolve().parent
            return (
                f"cannot {what} database {self.display_url}: its folder {folder} is read-only "
                "(reads work; a write needs a folder chrono may write in)"
            )
        return f"cannot {what} database {self.display_url}: {reason}"

    def _schema_is_current(self) -> bool:
        """Whether the schema is this chrono's; False when it is older. A missing database is NotFound."""
        missing = NotFound(f"no database at {self.display_url}: `chrono add` or `chrono import` creates one")
        on_disk = self.dialect == "sqlite" and self.sqlite_path != ":memory:"
        if on_disk and not Path(self.sqlite_path).is_file():
            raise missing
        try:
            conn: Any = (
                connect_sqlite(self.sqlite_path) if self.dialect == "sqlite" else connect_postgres(self.url)
            )
        except DatabaseError:
            raise
        except Exception as exc:
            raise DatabaseError(f"cannot open database {self.display_url}: {exc}") from exc
        try:
            cur = conn.cursor()
            cur.execute("SELECT value FROM meta WHERE key = 'schema_version'")
            row = cur.fetchone()
        except Exception:
            row = None
        finally:
            conn.close()
        if row is None:
            if self.dialect == "sqlite" and self.sqlite_path == ":memory:":
                return False
            raise missing
        version = int(row[0])
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"database {self.display_url} has schema version {version}, newer than this chrono "
                f"understands ({SCHEMA_VERSION}): upgrade chrono"
            )
        return version == SCHEMA_VERSION

    @property
    def display_url(self) -> str:
        """The URL without a password, for messages."""
        if self.dialect == "sqlite":
            return self.sqlite_path
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.url)
        netloc = parts.netloc
        if "@" in netloc and ":" in netloc.split("@", 1)[0]:
            netloc = netloc.split(":", 1)[0] + ":***@" + netloc.split("@", 1)[1]
        return urlunsplit(parts._replace(netloc=netloc))

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


CHUNK = 500  # keeps IN (...) lists under every backend's parameter limit


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Reader:
    """A DB-API connection that takes `?` placeholders on every backend (in a read transaction from
    `Database.reader()`, or a write transaction from `Database.quick_writer()`)."""

    def __init__(self, conn: Any, dialect: str, timeout: float | None = None) -> None:
        self.conn = conn
        self.dialect = dialect
        self.timeout = timeout  # seconds one statement may run (SQLite here; PostgreSQL: its own)
        self._deadline = 0.0
        if timeout is not None and dialect == "sqlite":
            import time

            conn.set_progress_handler(lambda: time.monotonic() > self._deadline, 10_000)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if self.dialect == "postgresql":
            sql = sql.replace("?", "%s")
        elif self.timeout is not None:
            import time

            self._deadline = time.monotonic() + self.timeout  # per statement, as statement_timeout
        cur = self.conn.cursor()
        with _stopped_reads():
            cur.execute(sql, tuple(params))
        return cur

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.dialect == "postgresql":
            sql = sql.replace("?", "%s")
        cur = self.conn.cursor()
        cur.executemany(sql, rows)
        cur.close()

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        cur = self.execute(sql, params)
        with _stopped_reads():
            return list(cur.fetchall())


def mark_changed(conn: Connection | Reader) -> None:
    """Give the database's change mark a new random value, in the caller's write transaction.

    Both write doors (`Database.writer()`, `Database.quick_writer()`) and every schema change call
    this before they commit, so two states of a database never share a mark, while a copy of a
    database keeps it. `chrono serve` builds its ETags from it without reading a feed.
    """
    import secrets

    reader = raw(conn)
    mark = secrets.token_hex(16)
    cur = reader.execute("UPDATE meta SET value = ? WHERE key = ?", [mark, CHANGE_KEY])
    if cur.rowcount == 0:
        reader.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [CHANGE_KEY, mark])


def raw(conn: Connection | Reader) -> Reader:
    """The plain DB-API side of a write transaction, from either door (`writer` or `quick_writer`)."""
    if isinstance(conn, Reader):
        return conn
    return Reader(conn.connection.dbapi_connection, conn.dialect.name)


def _begin_read(conn: Any, dialect: str, timeout: float | None) -> None:
    """Start the one read transaction of a `Database.reader()`; on PostgreSQL each statement is
    stopped after `timeout` seconds (SQLite: see `Reader`)."""
    if dialect == "sqlite":
        conn.execute("BEGIN")  # deferred: the snapshot is taken at the first read
        return
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    if timeout is not None:
        conn.execute(f"SET LOCAL statement_timeout = {max(1, round(timeout * 1000))}")


@contextmanager
def _stopped_reads() -> Iterator[None]:
    """A read stopped by its timeout as a `ReadTimeout` (SQLite: interrupted; PostgreSQL: canceled)."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if str(exc) == "interrupted":
            raise ReadTimeout("the read took too long and was stopped") from exc
        raise
    except Exception as exc:
        if type(exc).__name__ == "QueryCanceled":  # psycopg.errors.QueryCanceled, statement_timeout
            raise ReadTimeout("the read took too long and was stopped") from exc
        raise


def connect_sqlite(path: str) -> sqlite3.Connection:
    """A connection with the settings every chrono connection uses, to a file that exists (a read
    never creates one). It may move between threads (never be used by two at once): a feed the
    server streams is read by whichever worker thread renders its next piece."""
    timeout = BUSY_TIMEOUT_MS / 1000
    try:
        if path == ":memory:":
            conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
        else:
            resolved = Path(path).resolve()
            target = "file:" + quote(str(resolved)) + "?" + _sqlite_mode(resolved)
            conn = sqlite3.connect(
                target, timeout=timeout, isolation_level=None, check_same_thread=False, uri=True
            )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot open database {path}: {exc}") from exc
    return conn


def _sqlite_mode(path: Path) -> str:
    """How to open an existing SQLite file: read-write, or read-only where chrono may not write.

    A WAL database is read through its `-shm` index, which a read-only folder (a read-only mount, a
    folder without write permission) cannot hold. There, a database whose `-wal` and `-shm` are
    present is read as they are (`mode=ro`); one without them has nothing outside its file and no
    writer can be at work on it (a writer would need the `-shm`), so it is read as `immutable`.
    """
    folder = path.parent
    if os.access(folder, os.W_OK):
        return "mode=rw" if not path.exists() or os.access(path, os.W_OK) else "mode=ro"
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if wal.exists() and shm.exists():
        return "mode=ro"
    if wal.exists() and wal.stat().st_size > 0:
        raise DatabaseError(
            f"cannot read database {path}: its folder is read-only and its write-ahead log ({wal.name}) "
            f"has no {shm.name} beside it; copy the files to a writable folder"
        )
    return "mode=ro&immutable=1"


def read_only_folder(path: str) -> bool:
    """Whether chrono may not write in the folder of this SQLite file."""
    return path != ":memory:" and not os.access(Path(path).resolve().parent, os.W_OK)


def _psycopg() -> Any:
    """The PostgreSQL driver, or a clear word on how to install it."""
    try:
        import psycopg
    except ImportError as exc:
        raise DatabaseError(
            "PostgreSQL needs the psycopg driver: pip install 'chrono-timeline[postgres]'"
        ) from exc
    return psycopg


def connect_postgres(url: str) -> Any:
    psycopg = _psycopg()
    plain = "postgresql://" + url.split("://", 1)[1]
    try:
        return psycopg.connect(plain, autocommit=True)
    except psycopg.Error as exc:
        raise DatabaseError(
            f"cannot connect to {url.split('@')[-1]}: {str(exc).strip().splitlines()[0]}"
        ) from exc


def make_engine(url: str) -> Engine:
    """An engine with SQLite set up for many writers: WAL, a busy timeout and BEGIN IMMEDIATE."""
    from sqlalchemy import create_engine, event

    if url.startswith("sqlite"):
        path = url.split("sqlite:///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    _psycopg()
    return create_engine(url, pool_pre_ping=True)
