"""`chrono import`: read files, save them in one transaction, write generated ids back.

One import is one transaction: a bad entry anywhere means nothing is written. Entries stream through
in batches, so memory stays flat however large the files are (a million ids are remembered, to catch
one given twice, but nothing else of the events already saved).

A JSON Lines line that the database says it saved before, word for word (`Line.digest`, stored with
the event and cleared by any other change to it), is counted unchanged without being validated and
compared again: the same text gives the same event, so a re-import of a large file costs little more
than reading it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chrono.bulk import fewer_collections
from chrono.db import Database
from chrono.errors import ChronoError, InvalidInput
from chrono.fields import event_from_mapping
from chrono.models import ActorRef
from chrono.readers.files import Entry, EntryError, find_files, read_file, read_lines, write_ids
from chrono.readers.reading import Reading
from chrono.readers.reading import where as where_of
from chrono.store import (
    add_citations,
    defer_indexes,
    input_digests,
    is_empty,
    resolve_actors,
    restore_indexes,
    save_events,
)

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
    skipped: list[str] = field(default_factory=list)  # "file:line: why", entries not imported
    dropped: list[str] = field(default_factory=list)  # "file: 3 media, 1 title slide", not kept
    removed: int = 0  # tombstones of removed events in chrono's own feeds: left out, not events

    @property
    def events(self) -> int:
        return self.added + self.updated + self.unchanged

    def summary(self) -> str:
        text = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"
        return text + (f", {len(self.skipped)} skipped" if self.skipped else "")


def import_paths(
    db: Database,
    paths: Iterable[str | Path],
    *,
    write_back: bool = False,
    progress: Callable[[int], None] | None = None,
    from_format: str | None = None,
    tz: str | None = None,
    skip_invalid: bool = False,
    attendees: bool = False,
    expand: str | None = None,
    mapping: dict[str, list[str]] | None = None,
    midnight_is_day: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import event files and folders as one transaction; `write_back` puts new ids into the files.

    With `dry_run` everything is read, checked and saved as usual, then rolled back: the report says
    what the import would do, and nothing changes (not even a new database file is left).

    `from_format` names another tool's format (chrono.readers.formats.FOREIGN) for every file, and
    `tz` places the times such formats write without a zone. `skip_invalid` imports the rest of a
    calendar whose VEVENTs are not all valid, and reports each one skipped; `attendees` makes a
    calendar's organizer and attendees actors; `expand` ("2024-01/2024-06", any chrono interval or
    date) imports each occurrence of a recurring event in that range. `mapping` (column → fields,
    chrono.readers.mapped) reads every file as a CSV whose columns it names. `midnight_is_day` reads
    midnight UTC as a day: in calendars, in Wikidata results without a precision, and in chrono's own
    JSON, JSON Lines, YAML and CSV files.
    """
    from chrono.readers.formats import check_format

    check_format(from_format)
    if mapping is not None:
        from_format = "mapped"
    if tz is not None:
        from chrono.dates import check_timezone

        tz = check_timezone(tz)
    span = None
    if expand is not None:
        from chrono.dates import parse_when
        from chrono.errors import DateError

        try:
            span = parse_when(expand)
        except DateError as exc:
            raise InvalidInput(f"--expand: {exc}") from exc
    files = find_files(paths, any_suffix=from_format is not None)
    readings: dict[Path, Reading] = {}
    report = ImportReport(files=len(files))
    assigned: dict[Path, dict[int, str]] = {}
    seen = _Seen(files)
    removed: list[str] = []
    pending: list[Entry] = []  # anchored events
    try:
        with fewer_collections(), db.writer() as conn:
            fresh = is_empty(conn)
            deferred = defer_indexes(conn) if fresh else []
            for number, path in enumerate(files):
                details: list[ActorRef] = []
                batch: list[Entry] = []
                tombstones, unchanged_before = len(removed), report.unchanged
                # Lines saved word for word are skipped unread, unless --midnight-is-day may read
                # them otherwise than before.
                if (
                    from_format is None
                    and path.suffix.lower() in (".jsonl", ".ndjson")
                    and not midnight_is_day
                ):
                    entries: Iterable[Entry] = _new_lines(
                        conn, path, fresh, report, seen, number, tz, progress
                    )
                else:
                    entries = read_file(
                        path,
                        details,
                        from_format=from_format,
                        tz=tz,
                        readings=readings,
                        removed=removed,
                        skip_invalid=skip_invalid,
                        attendees=attendees,
                        expand=span,
                        mapping=mapping,
                        midnight_is_day=midnight_is_day,
                    )
                count = 0
                for entry in entries:
                    count += 1
                    seen.note(entry.event.id, entry.where, number, entry.line)
                    if entry.event.anchored is not None:  # saved last: its anchor may come later
                        pending.append(entry)
                        continue
                    batch.append(entry)
                    if len(batch) >= BATCH:
                        _save(conn, batch, details, report, assigned, fresh)
                        details = []
                        if progress:
                            progress(report.events)
                skipped = len(readings[path].skipped) if path in readings else 0
                nothing = not count and not details and len(removed) == tombstones and not skipped
                if nothing and report.unchanged == unchanged_before:  # unchanged lines were skipped unread
                    raise InvalidInput(f"{path}: no events in this file (is it empty?)")
                _save(conn, batch, details, report, assigned, fresh)
            _save(conn, pending, [], report, assigned, fresh)
            restore_indexes(conn, deferred)
            if dry_run:
                raise _RolledBack
    except _RolledBack:
        pass
    report.removed = len(removed)
    for path, reading in readings.items():
        report.skipped += [f"{where_of(str(path), s.line)}: {s.reason}" for s in reading.skipped]
        if reading.dropped:
            counts = ", ".join(
                f"{n} {what}"
                for what, n in sorted(reading.dropped.items(), key=lambda pair: pair[0].casefold())
            )
            report.dropped.append(f"{path}: {counts}")
    if write_back and not dry_run:
        for path, slots in assigned.items():
            write_ids(path, slots)
    return report


class _RolledBack(Exception):
    """Raised at the end of a dry run's transaction, so that it rolls back."""


def import_events(db: Database, items: Iterable[Mapping[str, Any]]) -> ImportReport:
    """Import events given as mappings (drafts from `chrono extract --add`) as one transaction."""
    report = ImportReport(files=0)
    entries = [
        Entry(
            event_from_mapping(item)[0], f"event {number}", Path("-"), None, had_id=item.get("id") is not None
        )
        for number, item in enumerate(items, start=1)
    ]
    with db.writer() as conn:
        _save(conn, entries, [], report, {}, False)
    return report


class _Seen:
    """The ids met so far, each with its file number and line, to name both places of a duplicate."""

    def __init__(self, files: list[Path]) -> None:
        self.files = files
        self.at: dict[str, tuple[int, int | None]] = {}

    def note(self, event_id: str | None, where: str, number: int, line: int | None) -> None:
        if event_id is None:
            return
        other = self.at.get(event_id)
        if other is not None:
            at = f"{self.files[other[0]]}" + (f":{other[1]}" if other[1] else "")
            raise InvalidInput(f"{where}: id {event_id!r} is also given at {at}")
        self.at[event_id] = (number, line)


def _new_lines(
    conn: Connection,
    path: Path,
    fresh: bool,
    report: ImportReport,
    seen: _Seen,
    number: int,
    tz: str | None,
    progress: Callable[[int], None] | None,
) -> Iterator[Entry]:
    """The entries of a JSON Lines file, without the lines already saved word for word."""
    lines = read_lines(path, tz)
    while batch := list(islice(lines, BATCH)):
        ids = [line.event_id() for line in batch]
        saved = {} if fresh else input_digests(conn, [i for i in ids if i is not None])
        for line, event_id in zip(batch, ids, strict=True):
            if event_id is not None and saved.get(event_id) == line.digest:
                if event_id in seen.at:
                    seen.note(event_id, line.where, number, line.number)  # says where both are
                seen.at[event_id] = (number, line.number)
                report.unchanged += 1
            else:
                yield line.entry()
        if progress:
            progress(report.events)


def _save(
    conn: Connection,
    batch: list[Entry],
    details: list[ActorRef],
    report: ImportReport,
    assigned: dict[Path, dict[int, str]],
    fresh: bool,
) -> None:
    if details:  # kinds and aliases given apart from any event (a file's `actor_details`)
        resolve_actors(conn, details)
    if not batch:
        return
    cited = [e for e in batch if e.event.same_as is not None]
    if cited:
        batch[:] = [e for e in batch if e.event.same_as is None]
        for entry in cited:
            try:
                result = add_citations(conn, [entry.event])
            except ChronoError as exc:
                raise type(exc)(f"{entry.where}: {exc}") from exc
            report.updated += len(result.updated)
            report.unchanged += len(result.unchanged)
        if not batch:
            return
    try:
        result = save_events(
            conn,
            [e.event for e in batch],
            mode="upsert",
            stamps=[e.stamp for e in batch],
            fresh=fresh,
            inputs=[e.input for e in batch],
        )
    except EntryError:
        raise
    except ChronoError as exc:
        culprit = getattr(exc, "event_id", None)
        where = next((e.where for e in batch if culprit and e.event.id == culprit), str(batch[0].path))
        raise type(exc)(f"{where}: {exc}") from exc
    report.added += len(result.created)
    report.updated += len(result.updated)
    report.unchanged += len(result.unchanged)
    for entry in batch:
        if not entry.had_id:
            report.without_ids += 1
            if entry.slot is not None and entry.event.id is not None:
                assigned.setdefault(entry.path, {})[entry.slot] = entry.event.id
    batch.clear()
