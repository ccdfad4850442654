"""An event's history: `chrono log`, `undo` and `restore` (see `chrono.revisions`)."""

from __future__ import annotations

from typing import Annotated

import typer

from chrono.cli.app import app, note, open_db, out
from chrono.cli.events import ShowFormat
from chrono.cli.options import DbOpt

IdArg = Annotated[str, typer.Argument(metavar="ID", help="The event's id (a removed one's too).")]


@app.command("log")
def log_cmd(
    event_id: IdArg,
    fmt: Annotated[ShowFormat, typer.Option("--format", help="Output format.")] = ShowFormat.text,
    db: DbOpt = None,
) -> None:
    """Show every revision of an event: when it was made and what it changed, field by field.

    Revisions are listed oldest first; the first shows everything the event said. Revisions made
    before chrono kept history (schema version 9) are listed as not kept.
    """
    from chrono.render.revisions import render_log_json, render_log_text
    from chrono.revisions import event_revisions

    with open_db(db).reader() as reader:
        revisions = event_revisions(reader, event_id)
    out(render_log_json(revisions) if fmt is ShowFormat.json else render_log_text(revisions))


@app.command("undo")
def undo_cmd(event_id: IdArg, db: DbOpt = None) -> None:
    """Take an event back to its previous revision, as a new revision (a removal is undone, an undo redone).

    Nothing is rewritten: the undone revision stays in `chrono log`, and the event keeps its id.
    """
    from chrono.revisions import go_back

    back, revision = go_back(open_db(db), event_id)
    note(f"{event_id}: back to revision {back}, as revision {revision}")


@app.command("restore")
def restore_cmd(
    event_id: IdArg,
    revision: Annotated[
        int | None,
        typer.Option("--revision", metavar="N", min=1, help="The revision to go back to (see `chrono log`)."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Bring back a removed event as it was when removed, or any event as it was at --revision N (as a
    new revision)."""
    if revision is None:
        from chrono.store import restore_event

        restore_event(open_db(db), event_id)
        note(f"{event_id} restored")
        return
    from chrono.revisions import go_back

    back, new = go_back(open_db(db), event_id, revision)
    note(f"{event_id}: restored revision {back}, as revision {new}")
