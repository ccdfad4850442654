"""`chrono import`: read files, save them in one transaction, write generated ids back.

One import is one transaction: a bad entry anywhere means nothing is written. Entries stream through
in batches, so memory stays flat however large the files are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from chrono.db import Database
from chrono.errors import ChronoError, InvalidInput
from chrono.models import ActorRef
from chrono.sources import Entry, EntryError, find_files, read_file, write_ids
from chrono.store import SaveResult, defer_indexes, define_actors, restore_indexes, save_events

BATCH = 2000


@dataclass
class ImportReport:
    files: int = 0
    result: SaveResult = field(default_factory=SaveResult)
    without_ids: int = 0


def import_paths(
    db: Database,
    paths: Iterable[str | Path],
    *,
    write_back: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    files = find_files(paths)
    report = ImportReport(files=len(files))
    assigned: dict[Path, dict[int, str]] = {}
    seen: dict[str, str] = {}
    with db.writer() as conn:
        deferred = defer_indexes(conn)
        for path in files:
            details: list[ActorRef] = []
            batch: list[Entry] = []
            for entry in read_file(path, details):
                if entry.event.id is not None:
                    other = seen.get(entry.event.id)
                    if other is not None:
                        raise InvalidInput(f"{entry.where}: id {entry.event.id!r} is also given at {other}")
                    seen[entry.event.id] = entry.where
                batch.append(entry)
                if len(batch) >= BATCH:
                    _save(conn, batch, details, report, assigned)
                    details = []
                    if progress:
                        progress(
                            len(report.result.created)
                            + len(report.result.updated)
                            + len(report.result.unchanged)
                        )
            _save(conn, batch, details, report, assigned)
        restore_indexes(conn, deferred)
    if write_back:
        for path, lines in assigned.items():
            if path.suffix.lower() in (".yaml", ".yml"):
                write_ids(path, lines)
    return report


def _save(
    conn: object,
    batch: list[Entry],
    details: list[ActorRef],
    report: ImportReport,
    assigned: dict[Path, dict[int, str]],
) -> None:
    if details:
        define_actors(conn, details)  # type: ignore[arg-type]
    if not batch:
        return
    stamps = [e.stamp for e in batch]
    try:
        result = save_events(conn, [e.event for e in batch], mode="upsert", stamps=stamps)  # type: ignore[arg-type]
    except EntryError:
        raise
    except ChronoError as exc:
        raise type(exc)(f"{batch[0].path}: {exc}") from exc
    report.result.merge(result)
    for entry in batch:
        if not entry.had_id:
            report.without_ids += 1
            if entry.line is not None and entry.event.id is not None:
                assigned.setdefault(entry.path, {})[entry.line] = entry.event.id
    batch.clear()
