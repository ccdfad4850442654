"""Events one by one: `chrono add`, `list`, `show`, `edit`, `rm` (their history: `chrono.cli.revisions`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from chrono.cli.app import app, note, open_db, out
from chrono.cli.options import (
    AtOpt,
    DbOpt,
    ExternalIdOpt,
    GeoPrecisionOpt,
    MediaOpt,
    QuantityOpt,
    TzOpt,
    filter_options,
)
from chrono.errors import ExitCode, InvalidInput, shorten

if TYPE_CHECKING:
    from chrono.filters import Filter
    from chrono.models import EventInput


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    ids = "ids"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


QuoteOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--quote",
        metavar="TEXT",
        help="A quote from the source backing the claim: the first --quote goes with the first "
        "--source, the second with the second, and so on.",
    ),
]
SourceTitleOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--source-title", metavar="TEXT", help="The source's title (paired with --source like --quote)."
    ),
]
PublisherOpt = Annotated[
    list[str] | None,
    typer.Option("--publisher", metavar="NAME", help="The source's publisher (paired like --quote)."),
]
PublishedOpt = Annotated[
    list[str] | None,
    typer.Option("--published", metavar="WHEN", help="When the source was published (paired like --quote)."),
]
ArchiveOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--archive-url", metavar="URL", help="An archived copy of the source (paired like --quote)."
    ),
]


def sources_of(
    urls: list[str] | None,
    quotes: list[str] | None = None,
    titles: list[str] | None = None,
    publishers: list[str] | None = None,
    published: list[str] | None = None,
    archives: list[str] | None = None,
) -> list[dict[str, Any]]:
    """--source URLs with the details that pair with them by position, as source mappings."""
    urls = urls or []
    sources: list[dict[str, Any]] = [{"url": url} for url in urls]
    for option, key, values in (
        ("--quote", "quote", quotes),
        ("--source-title", "title", titles),
        ("--publisher", "publisher", publishers),
        ("--published", "published", published),
        ("--archive-url", "archive_url", archives),
    ):
        values = values or []
        if len(values) > len(urls):
            raise InvalidInput(
                f"{option} describes a --source: give one --source for each {option} "
                f"({len(values)} {option}, {len(urls)} --source)"
            )
        for source, value in zip(sources, values, strict=False):
            source[key] = value
    return sources


_OPTION_OF = {
    "url": "--source", "quote": "--quote", "title": "--source-title", "publisher": "--publisher",
    "published": "--published", "archive_url": "--archive-url",
}  # fmt: skip


def as_option(exc: InvalidInput) -> InvalidInput:
    """An error in a source's field (`sources[0].published: …`) in the words of its option."""
    head, _, key = (exc.field or "").partition(".")
    if not head.startswith("sources[") or not isinstance(exc.__cause__, InvalidInput):
        return exc
    return InvalidInput(f"{_OPTION_OF.get(key or 'url', '--source')}: {exc.__cause__}", field=exc.field)


RoleOpt = Annotated[
    list[str] | None,
    typer.Option("--role", metavar="ACTOR=ROLE", help="An actor's role (host, visitor, …); repeatable."),
]
LocationOpt = Annotated[str | None, typer.Option("--location", metavar="TEXT", help="Where it happened.")]
StatusChoice = Annotated[
    str, typer.Option("--status", metavar="STATUS", help="confirmed, disputed, retracted or draft.")
]


@app.command("add")
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
        list[str] | None, typer.Option("--actor", metavar="NAME", help="An actor involved; repeatable.")
    ] = None,
    role: RoleOpt = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", metavar="TAG", help="A tag; repeatable.")] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", metavar="URL", help="A source URL; repeatable.")
    ] = None,
    quote: QuoteOpt = None,
    source_title: SourceTitleOpt = None,
    publisher: PublisherOpt = None,
    published: PublishedOpt = None,
    archive_url: ArchiveOpt = None,
    description: Annotated[
        str, typer.Option("--description", metavar="TEXT", help="Details, in Markdown.")
    ] = "",
    location: LocationOpt = None,
    at: AtOpt = None,
    geo_precision: GeoPrecisionOpt = None,
    status: StatusChoice = "confirmed",
    event_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="Your own id (letters, digits, . _ -); generated if absent."),
    ] = None,
    approximate: Annotated[
        bool, typer.Option("--approximate", help="The date is approximate (circa).")
    ] = False,
    uncertain: Annotated[bool, typer.Option("--uncertain", help="The date is uncertain.")] = False,
    quantity: QuantityOpt = None,
    external_id: ExternalIdOpt = None,
    media: MediaOpt = None,
    db: DbOpt = None,
) -> None:
    """Add an event and print its id."""
    from chrono.cli.event_data import data_of
    from chrono.fields import event_from_mapping
    from chrono.places import point_patch
    from chrono.store import add_event

    roles = roles_of(role)
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
        "sources": sources_of(source, quote, source_title, publisher, published, archive_url),
        **point_patch(at, geo_precision),
        **data_of(quantity, external_id, media),
    }
    try:
        event, _ = event_from_mapping({k: v for k, v in item.items() if v is not None})
    except InvalidInput as exc:
        raise as_option(exc) from exc
    new_id = add_event(open_db(db), event)
    out(new_id + "\n")
    note(f"added {new_id}: {event.when.display()} ({event.when.precision.value})")


def roles_of(options: list[str] | None) -> dict[str, str]:
    """--role ACTOR=ROLE options as a mapping."""
    from chrono.fields import split_role

    roles: dict[str, str] = {}
    for text in options or []:
        pair = split_role(text)
        if pair is None:
            raise InvalidInput(f"--role takes ACTOR=ROLE, not {text!r}")
        roles[pair[0]] = pair[1]
    return roles


@app.command("list")
@filter_options
def list_cmd(
    *,
    flt: Filter,
    fmt: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
    db: DbOpt = None,
) -> None:
    """List events in chronological order.

    --from and --to take any date form and are inclusive at their precision: --from 2022 --to 2022
    is the whole year. An event matches when its span overlaps the range. --tz ZONE reads times
    without an offset in that zone and shows the table's times on its clocks.
    """
    from chrono.query import select_events, select_ids
    from chrono.render import listing

    with open_db(db).reader() as reader:
        if fmt is ListFormat.ids:
            for chunk in _batched(select_ids(reader, flt), 10_000):
                out(listing.render_ids(chunk))
            return
        records = select_events(reader, flt)
        if not records:
            explain_actors(reader, flt.actors)
    if fmt is ListFormat.table:
        if not records:
            note("no events match")
        width = os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else None
        out(listing.render_table(records, width=width, tz=flt.tz))
    elif fmt is ListFormat.json:
        out(listing.render_json(records))
    elif fmt is ListFormat.jsonl:
        out(listing.render_jsonl(records))
    else:
        out(listing.render_csv(records))


def explain_actors(reader: Any, names: Iterable[str]) -> None:
    """A note on stderr for each name that is no actor at all, with the names it may have meant."""
    from chrono.query import unknown_actor

    for name in names:
        near = unknown_actor(reader, name)
        if near is not None:
            hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            note(shorten(f"note: no actor is named {name!r}{hint}"))


@app.command("stats")
@filter_options
def stats_cmd(
    *,
    flt: Filter,
    fmt: Annotated[ShowFormat, typer.Option("--format", help="Output format.")] = ShowFormat.text,
    db: DbOpt = None,
) -> None:
    """Sum the timeline up: events per year, the busiest actors and tags, the span covered, and the
    events that cite no source or are known only to a month or year. Takes the filters of `list`."""
    import json

    from chrono.query import timeline_stats
    from chrono.render.stats import render_stats

    with open_db(db).reader() as reader:
        stats = timeline_stats(reader, flt)
    if fmt is ShowFormat.json:
        out(json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
    else:
        out(render_stats(stats))


def _batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@app.command("show")
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
def edit_cmd(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id (it never changes).")],
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="New title.")] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="WHEN", help="New date or span (its qualifiers replace the old ones)."
        ),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", metavar="WHEN", help="New last date of the span.")
    ] = None,
    clear_end: Annotated[bool, typer.Option("--clear-end", help="Make it a single date again.")] = False,
    tz: TzOpt = None,
    actor: Annotated[
        list[str] | None, typer.Option("--actor", metavar="NAME", help="Add an actor; repeatable.")
    ] = None,
    remove_actor: Annotated[
        list[str] | None, typer.Option("--remove-actor", metavar="NAME", help="Remove an actor; repeatable.")
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option("--role", metavar="ACTOR=ROLE", help="Set an actor's role; repeatable."),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", help="Add a tag; repeatable.")
    ] = None,
    remove_tag: Annotated[
        list[str] | None, typer.Option("--remove-tag", metavar="TAG", help="Remove a tag; repeatable.")
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", metavar="URL", help="Add a source; repeatable.")
    ] = None,
    quote: QuoteOpt = None,
    source_title: SourceTitleOpt = None,
    publisher: PublisherOpt = None,
    published: PublishedOpt = None,
    archive_url: ArchiveOpt = None,
    remove_source: Annotated[
        list[str] | None, typer.Option("--remove-source", metavar="URL", help="Remove a source; repeatable.")
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", metavar="TEXT", help="New description.")
    ] = None,
    location: Annotated[
        str | None, typer.Option("--location", metavar="TEXT", help="New location ('' to clear).")
    ] = None,
    at: AtOpt = None,
    geo_precision: GeoPrecisionOpt = None,
    status: Annotated[
        str | None,
        typer.Option("--status", metavar="STATUS", help="confirmed, disputed, retracted or draft."),
    ] = None,
    approximate: Annotated[
        bool | None,
        typer.Option(
            "--approximate/--not-approximate", help="Mark the date approximate, or not.", show_default=False
        ),
    ] = None,
    uncertain: Annotated[
        bool | None,
        typer.Option(
            "--uncertain/--not-uncertain", help="Mark the date uncertain, or not.", show_default=False
        ),
    ] = None,
    quantity: QuantityOpt = None,
    external_id: ExternalIdOpt = None,
    media: MediaOpt = None,
    db: DbOpt = None,
) -> None:
    """Change an event; its id stays, its revision goes up.

    The change is laid over the event as `PATCH /events/ID` lays its body: a new --date replaces the
    old date and its qualifiers (approximate, uncertain) unless you give them again.
    """
    from chrono.cli.event_data import data_of, edited_data
    from chrono.fields import apply_patch, edit_lists
    from chrono.places import point_patch
    from chrono.store import edit_event

    if tz and not (date or end):
        raise InvalidInput("--tz goes with --date or --end")
    if clear_end and end:
        raise InvalidInput("give --end or --clear-end, not both")
    patch: dict[str, Any] = {
        key: value
        for key, value in {
            "title": title,
            "start": date,
            "end": end,
            "timezone": tz,
            "description": description,
            "location": location,
            "status": status,
            "approximate": approximate,
            "uncertain": uncertain,
        }.items()
        if value is not None
    }
    if clear_end:
        patch["end"] = None
    patch.update(point_patch(at, geo_precision))
    roles = roles_of(role)
    data = data_of(quantity, external_id, media)

    def change(event: EventInput) -> EventInput:
        lists = edit_lists(
            event,
            add_actors=actor or [],
            remove_actors=remove_actor or [],
            roles=roles,
            add_tags=tag or [],
            remove_tags=remove_tag or [],
            add_sources=sources_of(source, quote, source_title, publisher, published, archive_url),
            remove_sources=remove_source or [],
        )
        try:
            return apply_patch(event, {**patch, **lists, **edited_data(event, data)})
        except InvalidInput as exc:
            raise as_option(exc) from exc

    outcome = edit_event(open_db(db), event_id, change)
    note(f"{event_id} {outcome}")


@app.command("rm")
def rm_cmd(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event's id.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOpt = None,
) -> None:
    """Remove an event: it leaves every list and document; feeds keep a tombstone (cancelled in
    .ics, under "removed" in .json) so that subscribers see it go."""
    from chrono.query import get_event
    from chrono.store import remove_event

    database = open_db(db)
    if not yes:
        with database.reader() as reader:
            record = get_event(reader, event_id)
        if not sys.stdin.isatty():
            raise InvalidInput(f"not removing {event_id!r} without confirmation: add --yes")
        if not typer.confirm(f"Remove {record.id} ({record.title})?"):
            note(f"{event_id} not removed")
            raise typer.Exit(int(ExitCode.ERROR))
    remove_event(database, event_id)
    note(f"{event_id} removed")
