"""Moving data in and between databases: `chrono import` and `chrono db copy`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chrono.cli.app import app, group, note, open_db, progress
from chrono.cli.options import DbOpt
from chrono.errors import InvalidInput

db_app = group("Move a database to another file or server.")
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
            help="Read times at midnight UTC as days (calendars, Wikidata results without a precision).",
        ),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Import events from YAML, JSON, JSON Lines, CSV or iCalendar files, all or nothing.

    Events are matched by id: importing the same files again changes nothing, and an edited file
    updates its events. Also reads Markwhen, TimelineJS (JSON and the Sheets CSV), jrnl, Day One,
    Wikidata and ACLED files: what they hold that chrono cannot keep is counted on stderr, and entries
    it cannot express yet are skipped and listed with their line.
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
    report = import_paths(
        open_db(db),
        paths,
        write_back=write_ids,
        progress=counter,
        from_format=from_format,
        tz=tz,
        skip_invalid=skip_invalid,
        attendees=attendees,
        expand=expand,
        mapping=mapping,
        midnight_is_day=midnight_is_day,
    )
    if counter:
        counter.done()
    note(f"imported {report.files} file(s): {report.summary()}")
    for line in report.skipped:
        note(f"skipped {line}")
    for line in report.dropped:
        note(f"not kept: {line}")
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
