"""`chrono export`: publish events in any format of the renderers' registry."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from chrono.cli.app import app, atomic_file, note, open_db
from chrono.cli.options import DbOpt, filter_options
from chrono.errors import InvalidInput
from chrono.render import FORMATS, GROUP_BY, IMAGES, IMPRECISE

if TYPE_CHECKING:
    from chrono.filters import Filter

EXPORTS = [*FORMATS, *IMAGES]
ExportFormat = StrEnum("ExportFormat", {name: name for name in EXPORTS})  # type: ignore[misc]
Imprecise = StrEnum("Imprecise", {value: value for value in IMPRECISE.values})  # type: ignore[misc]
GroupBy = StrEnum("GroupBy", {value: value for value in GROUP_BY.values})  # type: ignore[misc]
DEFAULT_IMPRECISE = Imprecise(IMPRECISE.default)
DEFAULT_GROUP_BY = GroupBy(GROUP_BY.default)


@app.command("export")
@filter_options
def export_cmd(
    fmt: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help=", ".join(EXPORTS) + ".")],
    *,
    flt: Filter,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Where to write; '-' for stdout (png: only when it is not a terminal) "
            "[default: exports/timeline.EXT].",
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
        typer.Option(
            "--group-by",
            help="timelinejs, timelinejs-csv, markwhen (groups), svg, png, html (lanes): "
            + GROUP_BY.help[0].lower()
            + GROUP_BY.help[1:],
        ),
    ] = DEFAULT_GROUP_BY,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart", help="markdown: also write the SVG chart beside it (same name, .svg) and show it."
        ),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Publish events as an iCalendar feed, chrono JSON, TimelineJS JSON or its Sheets CSV,
    Markwhen, a Markdown timeline, an SVG chart (or its PNG), a self-contained HTML page, GeoJSON
    for a map, or the YAML and CSV event files.

    Takes the same filters as `chrono list`. The same database always gives the same bytes (a PNG:
    on one machine, since its text is drawn with the system's fonts). yaml and csv are event files
    that `chrono import` reads back exactly (drafts included), to keep a database in git.
    """
    from chrono.publish import left_out, publish_to

    options: dict[str, Any] = {"imprecise": str(imprecise), "group_by": str(group_by)}
    name = str(fmt)
    if name in IMAGES:
        _export_image(name, flt, output, title, options, db)
        return
    if chart and name != "markdown":
        raise InvalidInput("--chart is for markdown exports (export svg writes the chart alone)")
    if chart and output == "-":
        raise InvalidInput("--chart writes the chart beside the Markdown file: give --output PATH, not '-'")
    with open_db(db).reader() as reader:
        dropped = left_out(reader, name, flt)
        if output == "-":
            publish_to(reader, name, flt, sys.stdout.write, title=title, drafts=True, **options)
            sys.stdout.flush()
            _note_left_out(dropped, name)
            return
        path = Path(output) if output else Path("exports") / f"timeline{FORMATS[name].extension}"
        if chart:
            chart_path = path.with_suffix(".svg")
            with atomic_file(chart_path) as handle:
                publish_to(reader, "svg", flt, handle.write, title=title, group_by=str(group_by))
            options["chart"] = chart_path.name
            note(f"wrote the chart to {chart_path}")
        with atomic_file(path) as handle:
            count = publish_to(reader, name, flt, handle.write, title=title, drafts=True, **options)
    note(f"wrote {count - dropped} event(s) to {path}")
    _note_left_out(dropped, name)


def _note_left_out(dropped: int, name: str) -> None:
    from chrono.publish import LEFT_OUT_WORDS

    kind = FORMATS[name].leaves_out
    if dropped and kind:
        note(f"left out {dropped} event(s) {LEFT_OUT_WORDS[kind]}")


def _export_image(
    name: str, flt: Filter, output: str | None, title: str | None, options: dict[str, Any], db: str | None
) -> None:
    """A picture of a text format (PNG of the SVG chart): bytes, so never onto a terminal."""
    import importlib

    from chrono.publish import publish

    image = IMAGES[name]
    if output == "-" and sys.stdout.isatty():
        raise InvalidInput(
            f"a {name.upper()} is binary: give --output FILE{image.extension}, or redirect stdout to a file"
        )
    with open_db(db).reader() as reader:
        result = publish(reader, image.source, flt, title=title, **options)
    data: bytes = getattr(importlib.import_module(image.module), image.function)(result.text)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(output) if output else Path("exports") / f"timeline{image.extension}"
    with atomic_file(path, binary=True) as handle:
        handle.write(data)
    note(f"wrote {result.count} event(s) to {path}")
