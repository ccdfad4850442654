"""Actors and tags: `chrono actors`, `chrono tags` and the `chrono actor` group."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from chrono.cli.app import app, group, note, open_db, out
from chrono.cli.options import DbOpt, FormatOpt, TableFormat

actor_app = group("Rename, alias and merge actors.")
app.add_typer(actor_app, name="actor")


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
