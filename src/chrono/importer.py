"""`chrono import`: read files, save them in one transaction, write generated ids back.

One import is one transaction: a bad entry anywhere means nothing is written. Entries stream through
in batches, so memory stays flat however large the files are (a million ids are remembered, to catch
one given twice, but nothing else of the events already saved).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chrono.db import Database
from chrono.errors import ChronoError, InvalidInput
from chrono.models import ActorRef
from chrono.readers.files import Entry, EntryError, find_files, read_file, write_ids
from chrono.store import defer_indexes, define_actors, is_empty, restore_indexes, save_events

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

BATCH = 2000


@dataclass
class ImportReport:
    files: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    without_ids: int = 0

    @property
    def events(self) -> int:
        return self.added + self.updated + self.unchanged

    def summary(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def import_paths(
    db: Database,
    paths: Iterable[str | Path],
    *,
    write_back: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import event files and folders as one transaction; `write_back` puts new ids into the files."""
    files = find_files(paths)
    report = ImportReport(files=len(files))
    assigned: dict[Path, dict[int, str]] = {}
    seen: dict[str, tuple[int, int | None]] = {}  # id -> (file number, line), to name a duplicate
    with db.writer() as conn:
        fresh = is_empty(conn)
        deferred = defer_indexes(conn) if fresh else []
        for number, path in enumerate(files):
            details: list[ActorRef] = []
            batch: list[Entry] = []
            for entry in read_file(path, details):
                event_id = entry.event.id
                if event_id is not None:
                    other = seen.get(event_id)
                    if other is not None:
                        where = f"{files[other[0]]}" + (f":{other[1]}" if other[1] else "")
                        raise InvalidInput(f"{entry.where}: id {event_id!r} is also given at {where}")
                    seen[event_id] = (number, entry.line)
                batch.append(entry)
                if len(batch) >= BATCH:
                    _save(conn, batch, details, report, assigned, fresh)
                    details = []
                    if progress:
                        progress(report.events)
            _save(conn, batch, details, report, assigned, fresh)
        restore_indexes(conn, deferred)
    if write_back:
        for path, slots in assigned.items():
            write_ids(path, slots)
    return report


def _save(
    conn: Connection,
    batch: list[Entry],
    details: list[ActorRef],
    report: ImportReport,
    assigned: dict[Path, dict[int, str]],
    fresh: bool,
) -> None:
    if details:
        define_actors(conn, details)
    if not batch:
        return
    try:
        result = save_events(
            conn, [e.event for e in batch], mode="upsert", stamps=[e.stamp for e in batch], fresh=fresh
        )
    except EntryError:
        raise
    except ChronoError as exc:
        raise type(exc)(f"{batch[0].path}: {exc}") from exc
    report.added += len(result.created)
    report.updated += len(result.updated)
    report.unchanged += len(result.unchanged)
    for entry in batch:
        if not entry.had_id:
            report.without_ids += 1
            if entry.slot is not None and entry.event.id is not None:
                assigned.setdefault(entry.path, {})[entry.slot] = entry.event.id
    batch.clear()
