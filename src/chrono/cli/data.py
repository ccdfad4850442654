"""Moving data in and between databases: `chrono import` and `chrono db copy`."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from chrono.cli.app import app, group, note, open_db, out, progress
from chrono.cli.options import DbOpt
from chrono.errors import ChronoError, InvalidInput


class StdinFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    ics = "ics"


@contextmanager
def stdin_as_file(paths: list[Path], fmt: StdinFormat | None, write_ids: bool) -> Iterator[list[Path]]:
    """The paths, with '-' standing for stdin saved to a file of the --format's kind (and errors
    naming <stdin> rather than that file)."""
    if Path("-") not in paths:
        if fmt is not None:
            raise InvalidInput("--format is for stdin: give PATH '-'")
        yield paths
        return
    if fmt is None:
        raise InvalidInput("reading stdin ('-') needs --format yaml|json|jsonl|csv|ics")
    if write_ids:
        raise InvalidInput("--write-ids cannot write ids back into stdin")
    if paths.count(Path("-")) > 1:
        raise InvalidInput("stdin ('-') can be given once")
    with tempfile.TemporaryDirectory(prefix="chrono-stdin-") as folder:
        saved = Path(folder) / f"stdin.{fmt.value}"
        with saved.open("wb") as handle:
            shutil.copyfileobj(sys.stdin.buffer, handle)
        try:
            yield [saved if p == Path("-") else p for p in paths]
        except ChronoError as exc:
            raise type(exc)(str(exc).replace(str(saved), "<stdin>")) from exc


db_app = group("The database itself: what it holds, and moving it to another file or server.")
app.add_typer(db_app, name="db")


@app.command("import")
def import_cmd(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Event files or folders of them.")],
    write_ids: Annotated[
        bool,
        typer.Option(
            "--write-ids",
            help="Write generated ids back into the files (YAML, JSON, JSONL, CSV) so re-imports update.",
        ),
    ] = False,
    from_format: Annotated[
        str | None,
        typer.Option(
            "--from-format",
            metavar="FORMAT",
            help="Read every file as this format: markwhen, timelinejs, timelinejs-sheet, jrnl, dayone, "
            "wikidata, acled, gdelt or aeon (found by extension or content otherwise).",
        ),
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="Zone of times written without one, in any file (a file's own zone wins).",
        ),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Import a calendar's valid VEVENTs and list each one skipped."),
    ] = False,
    attendees: Annotated[
        bool,
        typer.Option("--attendees-as-actors", help="A calendar's organizer and attendees become actors."),
    ] = False,
    expand: Annotated[
        str | None,
        typer.Option(
            "--expand",
            metavar="FROM/TO",
            help="Import each occurrence of a calendar's recurring events in this range (2024-01/2024-06).",
        ),
    ] = None,
    column_map: Annotated[
        str | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD,…",
            help='Read CSV files through this mapping of columns to fields ("Date=start,Headline=title").',
        ),
    ] = None,
    map_file: Annotated[
        Path | None,
        typer.Option(
            "--map-file", metavar="PATH", help="The same mapping, from a file: one COLUMN=FIELD a line."
        ),
    ] = None,
    midnight_is_day: Annotated[
        bool,
        typer.Option(
            "--midnight-is-day",
            help="Read times at midnight UTC as days (calendars, Wikidata results without a precision, "
            "JSON, YAML and CSV files).",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check everything and say what would change, changing nothing."),
    ] = False,
    fmt: Annotated[
        StdinFormat | None,
        typer.Option("--format", help="The format of events read from stdin (PATH '-')."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Import events from YAML, JSON, JSON Lines, CSV or iCalendar files, all or nothing.

    Events are matched by id: importing the same files again changes nothing, and an edited file
    updates its events. Also reads Markwhen, TimelineJS (JSON and the Sheets CSV), jrnl, Day One,
    Wikidata and ACLED files: what they hold that chrono cannot keep is counted on stderr, and entries
    it cannot express yet are skipped and listed with their line. PATH '-' reads stdin, in the
    --format given.
    """
    from chrono.importer import import_paths
    from chrono.readers.mapped import parse_mapping

    if column_map is not None and map_file is not None:
        raise InvalidInput("give --map or --map-file, not both")
    mapping = parse_mapping(column_map) if column_map is not None else None
    if map_file is not None:
        try:
            mapping = parse_mapping(map_file.read_text(encoding="utf-8"), str(map_file), by_line=True)
        except OSError as exc:
            raise InvalidInput(f"{map_file}: cannot read: {exc.strerror}") from exc
    counter = progress()
    with stdin_as_file(paths, fmt, write_ids) as given:
        report = import_paths(
            open_db(db),
            given,
            write_back=write_ids,
            progress=counter,
            from_format=from_format,
            tz=tz,
            skip_invalid=skip_invalid,
            attendees=attendees,
            expand=expand,
            mapping=mapping,
            midnight_is_day=midnight_is_day,
            dry_run=dry_run,
        )
    if counter:
        counter.done()
    if dry_run:
        note(f"dry run: importing {report.files} file(s) would give {report.summary()}; nothing changed")
        return
    note(f"imported {report.files} file(s): {report.summary()}")
    for line in report.skipped:
        note(f"skipped {line}")
    for line in report.dropped:
        note(f"not kept: {line}")
    if report.removed:
        note(
            f"note: left out {report.removed} removed event(s) that the files list as removed "
            "(feed tombstones); import adds and updates events, it does not remove them"
        )
    if report.without_ids and not write_ids:
        note(
            f"note: {report.without_ids} event(s) had no id and got new ones; importing the same "
            "files again will add them again (use --write-ids)"
        )


@db_app.command("copy")
def db_copy_cmd(
    source: Annotated[str, typer.Argument(metavar="SRC", help="Database to copy from (path or URL).")],
    target: Annotated[str, typer.Argument(metavar="DST", help="Database to copy into (path or URL).")],
) -> None:
    """Copy every event, actor and saved feed from SRC to DST, ids, revisions and timestamps intact.

    The way from one SQLite file to PostgreSQL: chrono db copy chrono.db postgresql://host/dbname.
    Events already in DST are matched by id.
    """
    from chrono.store import copy_database

    src, dst = open_db(source), open_db(target)
    if src.url == dst.url:
        raise InvalidInput("SRC and DST are the same database")
    counter = progress()
    result, feeds = copy_database(src, dst, progress=counter)
    if counter:
        counter.done()
    note(f"copied to {dst.display_url}: {result.summary()}; {feeds} saved feed(s)")


@db_app.command("info")
def db_info_cmd(db: DbOpt = None) -> None:
    """Which database this is, its schema version and what it holds."""
    from chrono.query import database_counts
    from chrono.schema import SCHEMA_VERSION

    database = open_db(db)
    with database.reader() as reader:
        counts = database_counts(reader)
    lines = [
        f"database:  {database.display_url}",
        f"engine:    {'PostgreSQL' if database.dialect == 'postgresql' else 'SQLite'}",
        f"schema:    version {SCHEMA_VERSION}",
        *(f"{name + ':':<10} {count:,}" for name, count in counts.items()),
    ]
    out("\n".join(lines) + "\n")
