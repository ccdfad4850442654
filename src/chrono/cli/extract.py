"""`chrono extract`: an article in, draft events out (a file to review, or the database)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chrono.cli.app import app, atomic_file, note, out
from chrono.cli.options import DbOpt
from chrono.errors import InvalidInput

if TYPE_CHECKING:
    from chrono.db import Database


class DraftFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    jsonl = "jsonl"


@app.command("extract")
def extract_cmd(
    path: Annotated[str, typer.Argument(metavar="PATH|-", help="The article: text, Markdown or HTML.")],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="WHEN",
            help="Publication date, the reference for 'last year' (overrides the page's own).",
        ),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", metavar="URL", help="The article's URL.")] = None,
    publisher: Annotated[
        str | None, typer.Option("--publisher", metavar="NAME", help="Who published it.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="PATH", help="Write the drafts here [default: stdout]."),
    ] = None,
    fmt: Annotated[DraftFormat, typer.Option("--format", help="Format of the drafts.")] = DraftFormat.yaml,
    add: Annotated[
        bool, typer.Option("--add", help="Store the drafts in the database (status draft).")
    ] = False,
    dates: Annotated[
        bool, typer.Option("--dates", help="List the date expressions found (JSON Lines) instead.")
    ] = False,
    text: Annotated[
        bool, typer.Option("--text", help="Print the text as read (offsets count here).")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Draft events from a news article: each dated statement with its date at the precision the
    text gives, its actors, and the article as its source with the sentence as the quote.

    Relative dates ("last year", "in December") are resolved against the publication date
    (--published, or the page's metadata), never against today; anchored ones ("three days before
    the inauguration") against events in the database. Review the file, then `chrono import` it.
    """
    from chrono.articles import add_drafts, draft_events
    from chrono.extract.output import render_dates, render_drafts
    from chrono.extract.text import read_article

    if sum((dates, text, add)) > 1:
        raise InvalidInput("give one of --dates, --text and --add")
    article = read_article(path, published=published, url=url, publisher=publisher)
    if text:
        _write(output, article.text)
        return
    database = _database(db, must=add)
    result = draft_events(article, database)
    if dates:
        _write(output, render_dates(result))
        return
    if add:
        assert database is not None
        report = add_drafts(database, result)
        note(
            f"added {report.added} draft(s); {report.updated} stored event(s) got this article as a source, "
            f"{report.unchanged} already had it"
        )
    if output is not None or not add:
        _write(output, render_drafts(result, fmt.value))
    same = sum(1 for d in result.drafts if "same_as" in d.fields)
    note(
        f"{len(result.drafts)} draft(s) from {article.label}"
        + (f", {same} of them same as stored events" if same else "")
        + (f"; {len(result.unresolved)} date expression(s) unresolved:" if result.unresolved else "")
    )
    for line, mention in result.unresolved:
        note(f"  line {line}: {mention.text!r}: {mention.reason}")


def _database(db: str | None, *, must: bool) -> Database | None:
    """The database to match actors and events in: none when there is none yet, unless the drafts
    go into it (`--add`), which creates it as every write does."""
    from chrono.db import Database
    from chrono.errors import NotFound

    database = Database.open(db)
    if must:
        _ = database.engine  # the first write creates the database
        return database
    try:
        with database.reader():
            return database
    except NotFound:
        return None  # extracting to a file reads what is there and creates nothing


def _write(output: Path | None, text: str) -> None:
    if output is None or str(output) == "-":
        out(text)
        return
    with atomic_file(output) as handle:
        handle.write(text)
