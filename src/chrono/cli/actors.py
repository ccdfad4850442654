"""Actors and tags: `chrono actors`, `chrono tags` and the `chrono actor` group."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from chrono.cli.app import app, group, note, open_db, out
from chrono.cli.options import DbOpt, FormatOpt, TableFormat

actor_app = group("Show, rename, alias, merge and remove actors, and say what kind they are.")
app.add_typer(actor_app, name="actor")
tag_app = group("Rename, merge and remove tags across every event.")
app.add_typer(tag_app, name="tag")


@app.command("actors")
def actors_cmd(fmt: FormatOpt = TableFormat.table, db: DbOpt = None) -> None:
    """List actors with their aliases and event counts."""
    from chrono.query import list_actors
    from chrono.render.listing import render_actors_table

    with open_db(db).reader() as reader:
        print_summaries(fmt, list_actors(reader), render_actors_table)


@app.command("tags")
def tags_cmd(fmt: FormatOpt = TableFormat.table, db: DbOpt = None) -> None:
    """List tags with their event counts."""
    from chrono.query import list_tags
    from chrono.render.listing import render_tags_table

    with open_db(db).reader() as reader:
        print_summaries(fmt, list_tags(reader), render_tags_table)


def print_summaries(fmt: TableFormat, items: Sequence[Any], table: Callable[[Any], str]) -> None:
    """Items with `to_dict()` as JSON, or as the table the renderer draws."""
    if fmt is TableFormat.json:
        out(json.dumps([item.to_dict() for item in items], ensure_ascii=False, indent=2) + "\n")
    else:
        out(table(items))


@actor_app.command("alias")
def actor_alias_cmd(
    name: Annotated[str, typer.Argument(help="The actor, by any of its names.")],
    alias: Annotated[str, typer.Argument(help="Another name it answers to.")],
    db: DbOpt = None,
) -> None:
    """Give an actor another name: --actor ALIAS then finds its events."""
    from chrono.actors import add_alias

    canonical = add_alias(open_db(db), name, alias)
    note(f"{alias!r} now names {canonical}")


@actor_app.command("rename")
def actor_rename_cmd(
    old: Annotated[str, typer.Argument(help="The actor, by any of its names.")],
    new: Annotated[str, typer.Argument(help="Its new name; the old one stays as an alias.")],
    db: DbOpt = None,
) -> None:
    """Rename an actor; the old name stays as an alias."""
    from chrono.actors import rename_actor

    rename_actor(open_db(db), old, new)
    note(f"renamed to {new}")


@actor_app.command("merge")
def actor_merge_cmd(
    keep: Annotated[str, typer.Argument(help="The actor to keep.")],
    absorb: Annotated[str, typer.Argument(help="The actor to fold into it; its names become aliases.")],
    db: DbOpt = None,
) -> None:
    """Merge two actors that are really one."""
    from chrono.actors import merge_actors

    name = merge_actors(open_db(db), keep, absorb)
    note(f"merged {absorb} into {name}")


@actor_app.command("show")
def actor_show_cmd(
    name: Annotated[str, typer.Argument(help="The actor, by any of its names.")],
    fmt: FormatOpt = TableFormat.table,
    db: DbOpt = None,
) -> None:
    """Show an actor: its kind, its other names and its events."""
    from chrono.errors import NotFound
    from chrono.external_ids import display
    from chrono.filters import Filter
    from chrono.query import list_actors, select_events, unknown_actor
    from chrono.render.listing import render_table

    with open_db(db).reader() as reader:
        near = unknown_actor(reader, name)
        if near is not None:
            hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            raise NotFound(f"no actor named {name!r}{hint}")
        records = select_events(reader, Filter(actors=(name,)))
        names = {n.casefold() for n in [name]}
        actor = next(
            a for a in list_actors(reader) if {a.name.casefold(), *(x.casefold() for x in a.aliases)} & names
        )
    if fmt is TableFormat.json:
        data = {**actor.to_dict(), "event_ids": [r.id for r in records]}
        out(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    lines = [
        actor.name,
        "=" * len(actor.name),
        f"kind:      {actor.kind or '-'}",
        f"aliases:   {', '.join(actor.aliases) or '-'}",
        *([f"ids:       {display(actor.external_ids)}"] if actor.external_ids else []),
        f"events:    {actor.events}",
    ]
    out("\n".join(lines) + "\n" + ("\n" + render_table(records) if records else ""))


@actor_app.command("kind")
def actor_kind_cmd(
    name: Annotated[str, typer.Argument(help="The actor, by any of its names.")],
    kind: Annotated[str, typer.Argument(help="person, country, organisation or group.")],
    db: DbOpt = None,
) -> None:
    """Say what kind of actor it is: person, country, organisation or group."""
    from chrono.actors import set_kind

    canonical = set_kind(open_db(db), name, kind)
    note(f"{canonical}: kind {kind.strip().lower()}")


@actor_app.command("rm")
def actor_rm_cmd(
    name: Annotated[str, typer.Argument(help="The actor, by any of its names.")],
    force: Annotated[
        bool, typer.Option("--force", help="Also take it out of the events that name it.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Remove an actor and its names; refused while events name it, unless --force."""
    from chrono.actors import remove_actor

    canonical, changed = remove_actor(open_db(db), name, force=force)
    note(f"removed {canonical}" + (f" (taken out of {changed} event(s))" if changed else ""))


@tag_app.command("rename")
def tag_rename_cmd(
    old: Annotated[str, typer.Argument(help="The tag.")],
    new: Annotated[str, typer.Argument(help="Its new name.")],
    db: DbOpt = None,
) -> None:
    """Rename a tag on every event that carries it."""
    from chrono.tags import rename_tag

    name = rename_tag(open_db(db), old, new)
    note(f"tag {name} renamed to {new}")


@tag_app.command("merge")
def tag_merge_cmd(
    keep: Annotated[str, typer.Argument(help="The tag to keep.")],
    absorb: Annotated[str, typer.Argument(help="The tag to fold into it.")],
    db: DbOpt = None,
) -> None:
    """Merge two tags that mean the same: ABSORB's events get KEEP instead."""
    from chrono.tags import merge_tags

    kept, gone = merge_tags(open_db(db), keep, absorb)
    note(f"merged tag {gone} into {kept}")


@tag_app.command("rm")
def tag_rm_cmd(
    name: Annotated[str, typer.Argument(help="The tag.")],
    force: Annotated[
        bool, typer.Option("--force", help="Also take it off the events that carry it.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Remove a tag; refused while events carry it, unless --force."""
    from chrono.tags import remove_tag

    canonical, changed = remove_tag(open_db(db), name, force=force)
    note(f"removed tag {canonical}" + (f" (taken off {changed} event(s))" if changed else ""))
