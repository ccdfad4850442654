"""`chrono export`: publish events in any format of the renderers' registry."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chrono.cli.app import app, atomic_file, note, open_db
from chrono.cli.options import DbOpt, filter_options
from chrono.render import FORMATS, GROUP_BY, IMPRECISE

if TYPE_CHECKING:
    from chrono.query import Filter

ExportFormat = StrEnum("ExportFormat", {name: name for name in FORMATS})  # type: ignore[misc]
Imprecise = StrEnum("Imprecise", {value: value for value in IMPRECISE.values})  # type: ignore[misc]
GroupBy = StrEnum("GroupBy", {value: value for value in GROUP_BY.values})  # type: ignore[misc]
DEFAULT_IMPRECISE = Imprecise(IMPRECISE.default)
DEFAULT_GROUP_BY = GroupBy(GROUP_BY.default)


@app.command("export")
@filter_options
def export_cmd(
    fmt: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help=", ".join(FORMATS) + ".")],
    *,
    flt: Filter,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Where to write; '-' for stdout [default: exports/timeline.EXT].",
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="The timeline's title.")
    ] = None,
    imprecise: Annotated[
        Imprecise, typer.Option("--imprecise", help="ics: " + IMPRECISE.help[0].lower() + IMPRECISE.help[1:])
    ] = DEFAULT_IMPRECISE,
    group_by: Annotated[
        GroupBy,
        typer.Option("--group-by", help="timelinejs: " + GROUP_BY.help[0].lower() + GROUP_BY.help[1:]),
    ] = DEFAULT_GROUP_BY,
    db: DbOpt = None,
) -> None:
    """Publish events as an iCalendar feed, chrono JSON, TimelineJS JSON or a Markdown timeline.

    Takes the same filters as `chrono list`. The same database always gives the same bytes.
    """
    from chrono.publish import left_out, publish_to

    options = {"imprecise": str(imprecise), "group_by": str(group_by)}
    name = str(fmt)
    with open_db(db).reader() as reader:
        dropped = left_out(reader, name, flt)
        if output == "-":
            publish_to(reader, name, flt, sys.stdout.write, title=title, **options)
            sys.stdout.flush()
        else:
            path = Path(output) if output else Path("exports") / f"timeline{FORMATS[name].extension}"
            with atomic_file(path) as handle:
                count = publish_to(reader, name, flt, handle.write, title=title, **options)
            note(f"wrote {count - dropped} event(s) to {path}")
    if dropped:
        note(f"left out {dropped} event(s) dated outside the years 1-9999, which iCalendar cannot hold")
