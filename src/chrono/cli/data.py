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
    db: DbOpt = None,
) -> None:
    """Import events from YAML, JSON, JSON Lines, CSV or iCalendar files, all or nothing.

    Events are matched by id: importing the same files again changes nothing, and an edited file
    updates its events.
    """
    from chrono.importer import import_paths

    counter = progress()
    report = import_paths(open_db(db), paths, write_back=write_ids, progress=counter)
    if counter:
        counter.done()
    note(f"imported {report.files} file(s): {report.summary()}")
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
