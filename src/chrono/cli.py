"""The `chrono` command: options in, library call, renderer out.

Nothing here builds SQL or parses dates itself. Errors from the library become one line on stderr and
an exit code in one place (`_command`), so every command fails the same way.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from chrono import __version__
from chrono.errors import ChronoError, ExitCode, InvalidInput

if TYPE_CHECKING:
    from chrono.db import Database
    from chrono.models import EventInput
    from chrono.query import Filter

app = typer.Typer(
    name="chrono",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
actor_app = typer.Typer(help="Rename, alias and merge actors.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(actor_app, name="actor")
db_app = typer.Typer(
    help="Move a database to another file or server.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(db_app, name="db")

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: ExitCode = ExitCode.ERROR) -> NoReturn:
    typer.echo(f"chrono: error: {message}", err=True)
    raise typer.Exit(int(code))


def _command(fn: F) -> F:
    """Turn library errors into one line on stderr and the documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ChronoError as exc:
            fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # `chrono list | head`: the reader left; nothing more to say
            raise typer.Exit(int(ExitCode.OK)) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("CHRONO_DEBUG"):
                raise
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            fail(f"unexpected {type(exc).__name__}: {detail} (set CHRONO_DEBUG=1 for a traceback)")

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"chrono {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """A timeline event database: record dated events with actors, tags and sources; query them;
    publish them as calendars, JSON and Markdown.

    The database is chrono.db in your user data folder unless --db or CHRONO_DB says otherwise
    (a file path, or a URL such as postgresql://user@host/dbname).
    """


# --- shared options ---------------------------------------------------------------------------

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH_OR_URL",
        help="Database file or URL [env: CHRONO_DB].",
        show_default=False,
    ),
]
TzOpt = Annotated[
    str | None,
    typer.Option("--tz", metavar="ZONE", help="IANA time zone for times without an offset."),
]
FromOpt = Annotated[
    str | None,
    typer.Option("--from", metavar="WHEN", help="Events from this date on (any precision)."),
]
ToOpt = Annotated[
    str | None,
    typer.Option("--to", metavar="WHEN", help="Events up to this date, inclusive at its precision."),
]
WithinOpt = Annotated[
    bool,
    typer.Option("--within", help="Only events entirely inside the range, not merely overlapping it."),
]
ActorFilterOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--actor",
        metavar="NAME",
        help="Events with this actor (name or alias); repeat for all of several.",
    ),
]
TagFilterOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", metavar="TAG", help="Events with this tag; repeat for all of several."),
]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        "--search", metavar="TEXT", help="Events whose title, description or location contain TEXT."
    ),
]
StatusOpt = Annotated[
    str | None, typer.Option("--status", metavar="STATUS", help="confirmed, disputed or retracted.")
]
LimitOpt = Annotated[int | None, typer.Option("--limit", metavar="N", help="At most N events.")]
ReverseOpt = Annotated[bool, typer.Option("--reverse", help="Newest first.")]


def open_db(db: str | None) -> Database:
    from chrono.db import Database

    return Database.open(db)


def make_filter(
    start: str | None,
    end: str | None,
    tz: str | None,
    within: bool,
    actors: list[str] | None,
    tags: list[str] | None,
    search: str | None,
    status: str | None,
    limit: int | None,
    reverse: bool,
) -> Filter:
    from chrono.query import Filter

    return Filter.build(
        start=start,
        end=end,
        tz=tz,
        within=within,
        actors=actors or (),
        tags=tags or (),
        search=search,
        status=status,
        limit=limit,
        reverse=reverse,
    )


def out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


# --- events -----------------------------------------------------------------------------------


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    ids = "ids"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


class TableFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("add")
@_command
def add_cmd(
    title: Annotated[str, typer.Argument(help="What happened, in a few words.")],
    date: Annotated[
        str,
        typer.Option(
            "--date",
            metavar="WHEN",
            help="When: 2024, 2024-12, 2022-07-19, '17 January 2025 14:00', 2024-10-22/2024-10-24 …",
        ),
    ],
    end: Annotated[
        str | None, typer.Option("--end", metavar="WHEN", help="Last date of a span, inclusive.")
    ] = None,
    tz: TzOpt = None,
    actor: Annotated[
        list[str] | None,
        typer.Option("--actor", metavar="NAME", help="An actor involved; repeatable."),
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option("--role", metavar="ACTOR=ROLE", help="An actor's role (host, visitor, …); repeatable."),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", metavar="TAG", help="A tag; repeatable.")] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", metavar="URL", help="A source URL; repeatable.")
    ] = None,
    description: Annotated[
        str, typer.Option("--description", metavar="TEXT", help="Details, in Markdown.")
    ] = "",
    location: Annotated[
        str | None, typer.Option("--location", metavar="TEXT", help="Where it happened.")
    ] = None,
    status: Annotated[
        str, typer.Option("--status", metavar="STATUS", help="confirmed, disputed or retracted.")
    ] = "confirmed",
    event_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="Your own id (letters, digits, . _ -); generated if absent."),
    ] = None,
    approximate: Annotated[
        bool, typer.Option("--approximate", help="The date is approximate (circa).")
    ] = False,
    uncertain: Annotated[bool, typer.Option("--uncertain", help="The date is uncertain.")] = False,
    db: DbOpt = None,
) -> None:
    """Add an event and print its id."""
    from chrono.fields import event_from_mapping
    from chrono.store import add_event

    roles = dict(_role(r) for r in role or [])
    names = list(actor or [])
    names += [name for name in roles if name.casefold() not in {n.casefold() for n in names}]
    item: dict[str, Any] = {
        "id": event_id,
        "title": title,
        "start": date,
        "end": end,
        "timezone": tz,
        "approximate": approximate,
        "uncertain": uncertain,
        "status": status,
        "description": description,
        "location": location,
        "actors": names,
        "roles": roles,
        "tags": tag or [],
        "sources": source or [],
    }
    event, _ = event_from_mapping({k: v for k, v in item.items() if v is not None})
    out(add_event(open_db(db), event) + "\n")


def _role(text: str) -> tuple[str, str]:
    from chrono.fields import split_role

    pair = split_role(text)
    if pair is None:
        raise InvalidInput(f"--role takes ACTOR=ROLE, not {text!r}")
    return pair


@app.command("list")
@_command
def list_cmd(
    start: FromOpt = None,
    end: ToOpt = None,
    within: WithinOpt = False,
    actor: ActorFilterOpt = None,
    tag: TagFilterOpt = None,
    search: SearchOpt = None,
    status: StatusOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    tz: TzOpt = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
    db: DbOpt = None,
) -> None:
    """List events in chronological order.

    --from and --to take any date form and are inclusive at their precision: --from 2022 --to 2022
    is the whole year. An event matches when its span overlaps the range.
    """
    from chrono.query import select_events, select_ids
    from chrono.render import listing

    flt = make_filter(start, end, tz, within, actor, tag, search, status, limit, reverse)
    with open_db(db).reader() as reader:
        if fmt is ListFormat.ids:
            for chunk in _batched(select_ids(reader, flt), 10_000):
                out(listing.render_ids(chunk))
            return
        records = select_events(reader, flt, details=True)
    if fmt is ListFormat.table:
        if not records and sys.stderr.isatty():
            typer.echo("no events match", err=True)
        width = os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else None
        out(listing.render_table(records, width=width))
    elif fmt is ListFormat.json:
        out(listing.render_json(records))
    elif fmt is ListFormat.jsonl:
        out(listing.render_jsonl(records))
    else:
        out(listing.render_csv(records))


def _batched(items: Any, size: int) -> Any:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@app.command("show")
@_command
def show_cmd(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    fmt: Annotated[ShowFormat, typer.Option("--format", help="Output format.")] = ShowFormat.text,
    db: DbOpt = None,
) -> None:
    """Show one event in full."""
    import json

    from chrono.query import get_event
    from chrono.render.listing import render_event_text

    with open_db(db).reader() as reader:
        record = get_event(reader, event_id)
    if fmt is ShowFormat.json:
        out(json.dumps(record.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out(render_event_text(record))


@app.command("edit")
@_command
def edit_cmd(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id (it never changes).")],
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="New title.")] = None,
    date: Annotated[str | None, typer.Option("--date", metavar="WHEN", help="New date or span.")] = None,
    end: Annotated[
        str | None, typer.Option("--end", metavar="WHEN", help="New last date of the span.")
    ] = None,
    clear_end: Annotated[bool, typer.Option("--clear-end", help="Make it a single date again.")] = False,
    tz: TzOpt = None,
    actor: Annotated[
        list[str] | None, typer.Option("--actor", metavar="NAME", help="Add an actor; repeatable.")
    ] = None,
    remove_actor: Annotated[
        list[str] | None,
        typer.Option("--remove-actor", metavar="NAME", help="Remove an actor; repeatable."),
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option("--role", metavar="ACTOR=ROLE", help="Set an actor's role; repeatable."),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", help="Add a tag; repeatable.")
    ] = None,
    remove_tag: Annotated[
        list[str] | None,
        typer.Option("--remove-tag", metavar="TAG", help="Remove a tag; repeatable."),
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", metavar="URL", help="Add a source; repeatable.")
    ] = None,
    remove_source: Annotated[
        list[str] | None,
        typer.Option("--remove-source", metavar="URL", help="Remove a source; repeatable."),
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", metavar="TEXT", help="New description.")
    ] = None,
    location: Annotated[
        str | None, typer.Option("--location", metavar="TEXT", help="New location ('' to clear).")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", metavar="STATUS", help="confirmed, disputed or retracted."),
    ] = None,
    approximate: Annotated[
        bool | None,
        typer.Option(
            "--approximate/--not-approximate",
            help="Mark the date approximate, or not.",
            show_default=False,
        ),
    ] = None,
    uncertain: Annotated[
        bool | None,
        typer.Option(
            "--uncertain/--not-uncertain",
            help="Mark the date uncertain, or not.",
            show_default=False,
        ),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Change an event; its id stays, its revision goes up."""
    from dataclasses import replace

    from chrono.fields import when_from
    from chrono.models import ActorRef, SourceRef, check_status, clean_name, name_key
    from chrono.store import edit_event

    if tz and not (date or end):
        raise InvalidInput("--tz goes with --date or --end")
    if clear_end and end:
        raise InvalidInput("give --end or --clear-end, not both")
    roles = dict(_role(r) for r in role or [])

    def change(event: EventInput) -> EventInput:
        if title is not None:
            event.title = clean_name(title, "title")
        if date or end or clear_end:
            current = event.when
            start_value: Any = date if date else current.start.iso()
            end_value: Any = (
                end
                if end
                else (
                    None
                    if clear_end or (date and "/" in date)
                    else (current.end.iso() if current.end else None)
                )
            )
            zone = tz or current.timezone
            event.when = when_from(
                start_value,
                end_value,
                zone,
                current.approximate and not date,
                current.uncertain and not date,
            )
        if approximate is not None or uncertain is not None:
            start = event.when.start
            event.when = replace(
                event.when,
                start=replace(
                    start,
                    approximate=start.approximate if approximate is None else approximate,
                    uncertain=start.uncertain if uncertain is None else uncertain,
                ),
            )
            if event.when.end is not None and approximate is False:
                event.when = replace(event.when, end=replace(event.when.end, approximate=False))
            if event.when.end is not None and uncertain is False:
                event.when = replace(event.when, end=replace(event.when.end, uncertain=False))
        removed = {name_key(n) for n in remove_actor or []}
        missing = removed - {name_key(a.name) for a in event.actors}
        if missing:
            raise InvalidInput(f"event {event_id!r} has no actor {sorted(remove_actor or [])[0]!r}")
        kept = [a for a in event.actors if name_key(a.name) not in removed]
        for name in [*(actor or []), *roles]:
            if name_key(name) not in {name_key(a.name) for a in kept}:
                kept.append(ActorRef(clean_name(name, "actor name")))
        event.actors = [
            ActorRef(
                a.name,
                roles.get(
                    a.name,
                    next((v for k, v in roles.items() if name_key(k) == name_key(a.name)), a.role),
                ),
            )
            for a in kept
        ]
        drop_tags = {name_key(t) for t in remove_tag or []}
        event.tags = [t for t in event.tags if name_key(t) not in drop_tags]
        for new_tag in tag or []:
            if name_key(new_tag) not in {name_key(t) for t in event.tags}:
                event.tags.append(clean_name(new_tag, "tag"))
        drop_sources = set(remove_source or [])
        event.sources = [s for s in event.sources if s.url not in drop_sources]
        event.sources += [SourceRef(url=u) for u in source or [] if u not in {s.url for s in event.sources}]
        if description is not None:
            event.description = description.strip()
        if location is not None:
            event.location = location.strip() or None
        if status is not None:
            event.status = check_status(status)
        return event

    outcome = edit_event(open_db(db), event_id, change)
    typer.echo(f"{event_id} {outcome}", err=True)


@app.command("rm")
@_command
def rm_cmd(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOpt = None,
) -> None:
    """Remove an event for good."""
    from chrono.query import get_event
    from chrono.store import remove_event

    database = open_db(db)
    if not yes:
        with database.reader() as reader:
            record = get_event(reader, event_id)
        if not sys.stdin.isatty():
            raise InvalidInput(f"not removing {event_id!r} without confirmation: add --yes")
        if not typer.confirm(f"Remove {record.id} ({record.title})?"):
            raise typer.Exit(int(ExitCode.ERROR))
    remove_event(database, event_id)
    typer.echo(f"{event_id} removed", err=True)


class ExportFormat(StrEnum):
    ics = "ics"
    json = "json"
    timelinejs = "timelinejs"
    markdown = "markdown"


class Imprecise(StrEnum):
    marker = "marker"
    span = "span"
    omit = "omit"


class GroupBy(StrEnum):
    none = "none"
    tag = "tag"
    actor = "actor"


@app.command("export")
@_command
def export_cmd(
    fmt: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help="ics, json, timelinejs or markdown.")],
    start: FromOpt = None,
    end: ToOpt = None,
    within: WithinOpt = False,
    actor: ActorFilterOpt = None,
    tag: TagFilterOpt = None,
    search: SearchOpt = None,
    status: StatusOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    tz: TzOpt = None,
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
        Imprecise,
        typer.Option(
            "--imprecise", help="ics: month/year events as a one-day marker, the whole span, or omitted."
        ),
    ] = Imprecise.marker,
    group_by: Annotated[
        GroupBy, typer.Option("--group-by", help="timelinejs: group events by first tag or first actor.")
    ] = GroupBy.none,
    db: DbOpt = None,
) -> None:
    """Publish events as an iCalendar feed, chrono JSON, TimelineJS JSON or a Markdown timeline.

    Takes the same filters as `chrono list`. The same database always gives the same bytes.
    """
    from chrono.publish import get_format, publish_to

    flt = make_filter(start, end, tz, within, actor, tag, search, status, limit, reverse)
    options = {"imprecise": imprecise.value, "group_by": group_by.value}
    with open_db(db).reader() as reader:
        if output == "-":
            publish_to(reader, fmt.value, flt, sys.stdout.write, title=title, **options)
            sys.stdout.flush()
            return
        path = Path(output) if output else Path("exports") / f"timeline{get_format(fmt.value).extension}"
        with atomic_file(path) as handle:
            count = publish_to(reader, fmt.value, flt, handle.write, title=title, **options)
    typer.echo(f"wrote {count} event(s) to {path}", err=True)


@contextmanager
def atomic_file(path: Path) -> Iterator[Any]:
    """A file written under a temporary name and renamed at the end: a reader never sees half a file,
    and a failed export leaves the old one in place."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            yield handle
        tmp.replace(path)
    except OSError as exc:
        raise ChronoError(f"cannot write {path}: {exc.strerror}") from exc
    finally:
        tmp.unlink(missing_ok=True)


# --- actors and tags --------------------------------------------------------------------------


@app.command("actors")
@_command
def actors_cmd(
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format.")] = TableFormat.table,
    db: DbOpt = None,
) -> None:
    """List actors with their aliases and event counts."""
    from chrono.query import list_actors
    from chrono.render.listing import render_actors_table

    with open_db(db).reader() as reader:
        _print_summaries(fmt, list_actors(reader), render_actors_table)


@app.command("tags")
@_command
def tags_cmd(
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format.")] = TableFormat.table,
    db: DbOpt = None,
) -> None:
    """List tags with their event counts."""
    from chrono.query import list_tags
    from chrono.render.listing import render_tags_table

    with open_db(db).reader() as reader:
        _print_summaries(fmt, list_tags(reader), render_tags_table)


def _print_summaries(fmt: TableFormat, items: Sequence[Any], table: Callable[[Any], str]) -> None:
    import json

    if fmt is TableFormat.json:
        out(json.dumps([item.to_dict() for item in items], ensure_ascii=False, indent=2) + "\n")
    else:
        out(table(items))


@actor_app.command("alias")
@_command
def actor_alias_cmd(
    name: Annotated[str, typer.Argument(help="The actor, by any of its names.")],
    alias: Annotated[str, typer.Argument(help="Another name it answers to.")],
    db: DbOpt = None,
) -> None:
    """Give an actor another name: --actor ALIAS then finds its events."""
    from chrono.actors import add_alias

    canonical = add_alias(open_db(db), name, alias)
    typer.echo(f"{alias!r} now names {canonical}", err=True)


@actor_app.command("rename")
@_command
def actor_rename_cmd(
    old: Annotated[str, typer.Argument(help="The actor, by any of its names.")],
    new: Annotated[str, typer.Argument(help="Its new name; the old one stays as an alias.")],
    db: DbOpt = None,
) -> None:
    """Rename an actor; the old name stays as an alias."""
    from chrono.actors import rename_actor

    rename_actor(open_db(db), old, new)
    typer.echo(f"renamed to {new}", err=True)


@actor_app.command("merge")
@_command
def actor_merge_cmd(
    keep: Annotated[str, typer.Argument(help="The actor to keep.")],
    absorb: Annotated[str, typer.Argument(help="The actor to fold into it; its names become aliases.")],
    db: DbOpt = None,
) -> None:
    """Merge two actors that are really one."""
    from chrono.actors import merge_actors

    name = merge_actors(open_db(db), keep, absorb)
    typer.echo(f"merged {absorb} into {name}", err=True)


# --- import -----------------------------------------------------------------------------------


@app.command("import")
@_command
def import_cmd(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Event files or folders of them.")],
    write_ids: Annotated[
        bool,
        typer.Option("--write-ids", help="Write generated ids back into YAML files so re-imports update."),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Import events from YAML, JSON, JSON Lines, CSV or iCalendar files, all or nothing.

    Events are matched by id: importing the same files again changes nothing, and an edited file
    updates its events.
    """
    from chrono.importer import import_paths

    progress = _Progress() if sys.stderr.isatty() else None
    report = import_paths(open_db(db), paths, write_back=write_ids, progress=progress)
    if progress:
        progress.done()
    typer.echo(f"imported {report.files} file(s): {report.summary()}", err=True)
    if report.without_ids and not write_ids:
        typer.echo(
            f"note: {report.without_ids} event(s) had no id and got new ones; importing the same "
            "files again will add them again (use --write-ids for YAML files)",
            err=True,
        )


@db_app.command("copy")
@_command
def db_copy_cmd(
    source: Annotated[str, typer.Argument(metavar="SRC", help="Database to copy from (path or URL).")],
    target: Annotated[str, typer.Argument(metavar="DST", help="Database to copy into (path or URL).")],
) -> None:
    """Copy every event and actor from SRC to DST, ids, revisions and timestamps intact.

    The way from one SQLite file to PostgreSQL: chrono db copy chrono.db postgresql://host/dbname.
    Events already in DST are matched by id.
    """
    from chrono.db import Database
    from chrono.store import copy_database

    src, dst = Database.open(source), Database.open(target)
    if src.url == dst.url:
        raise InvalidInput("SRC and DST are the same database")
    progress = _Progress() if sys.stderr.isatty() else None
    result = copy_database(src, dst, progress=progress)
    if progress:
        progress.done()
    typer.echo(f"copied to {dst.display_url}: {result.summary()}", err=True)


class _Progress:
    """A count on the terminal, for imports that take a while."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, count: int) -> None:
        sys.stderr.write(f"\rimporting… {count:,} events")
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


from chrono import serve_cli  # noqa: E402  (its commands join the app defined above)

serve_cli.register(app, _command)


def main() -> None:
    """Console-script entry point."""
    app()
