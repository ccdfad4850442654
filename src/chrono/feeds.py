"""Saved feeds: named filters that `chrono serve` publishes at /feeds/NAME.ics and its siblings.

A feed stores its filter as `Filter.to_params()` JSON, the very strings a query string carries, so a
saved feed and a URL with the same parameters always serve the same events. Writes go through
`Database.writer()`, reads through `Database.reader()` like every other part of chrono, and a
database of schema version 1 gains the feed table the first time it is opened.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from chrono.dates import now_utc
from chrono.db import Database, Reader
from chrono.errors import Conflict, DatabaseError, InvalidInput, NotFound
from chrono.filters import CRITERIA, Filter
from chrono.models import refuse_controls

# Names end up in URLs (/feeds/NAME.ics) and file names, so they are kept plain.
NAME_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


@dataclass(frozen=True, slots=True)
class SavedFeed:
    """A feed as stored: its filter is kept as query parameters, parsed again on every use."""

    name: str
    title: str | None
    params: dict[str, list[str]]
    created: str
    updated: str

    def filter(self) -> Filter:
        return Filter.from_params(self.params)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "params": self.params,
            "description": self.filter().describe(),
            "created": self.created,
            "updated": self.updated,
        }


def check_name(name: str) -> str:
    if not NAME_RE.fullmatch(name):
        raise InvalidInput(
            f"bad feed name {name!r}: use 1-64 lowercase letters, digits and '-', "
            "starting with a letter or digit"
        )
    return name


def save_feed(
    db: Database, name: str, flt: Filter, *, title: str | None = None, replace: bool = False
) -> SavedFeed:
    """Store `flt` under `name`; a taken name is a Conflict unless `replace` is set."""
    from sqlalchemy import insert, select, update
    from sqlalchemy.exc import IntegrityError

    from chrono.schema import tables

    check_name(name)
    table = tables()["feed"]
    params = flt.to_params()
    blob = json.dumps(params, sort_keys=True, ensure_ascii=False)
    clean_title = " ".join(title.split()) or None if title else None
    if clean_title:
        refuse_controls(clean_title, "title")
    now = now_utc()
    try:
        with db.writer() as conn:
            created = conn.execute(select(table.c.created).where(table.c.name == name)).scalar()
            if created is None:
                conn.execute(
                    insert(table).values(name=name, title=clean_title, params=blob, created=now, updated=now)
                )
                created = now
            elif replace:
                conn.execute(
                    update(table)
                    .where(table.c.name == name)
                    .values(title=clean_title, params=blob, updated=now)
                )
            else:
                raise Conflict(f"a feed named {name!r} already exists: remove it first or use --replace")
    except IntegrityError as exc:  # another writer took the name between our check and insert
        raise Conflict(f"a feed named {name!r} already exists") from exc
    return SavedFeed(name, clean_title, params, created, now)


_COLUMNS = "name, title, params, created, updated"


def get_feed(reader: Reader, name: str) -> SavedFeed:
    rows = reader.all(f"SELECT {_COLUMNS} FROM feed WHERE name = ?", [name])
    if not rows:
        raise NotFound(f"no feed named {name!r}")
    return _feed(rows[0])


def list_feeds(reader: Reader) -> list[SavedFeed]:
    return [_feed(row) for row in reader.all(f"SELECT {_COLUMNS} FROM feed ORDER BY name")]


def copy_feeds(feeds: list[SavedFeed], raw: Reader) -> int:
    """Store `feeds` (from another database) in the caller's write transaction, names, filters and
    timestamps intact; a feed of the same name is replaced. Returns how many were new or changed."""
    changed = 0
    for feed in feeds:
        blob = json.dumps(feed.params, sort_keys=True, ensure_ascii=False)
        row = (feed.title, blob, feed.created, feed.updated)
        found = raw.all("SELECT title, params, created, updated FROM feed WHERE name = ?", [feed.name])
        if not found:
            next_id = raw.all("SELECT COALESCE(MAX(id), 0) FROM feed")[0][0] + 1
            raw.execute(
                "INSERT INTO feed (id, name, title, params, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
                [next_id, feed.name, *row],
            )
            if raw.dialect == "postgresql":
                raw.execute("SELECT setval(pg_get_serial_sequence('feed', 'id'), ?)", [next_id])
        elif tuple(found[0]) != row:
            raw.execute(
                "UPDATE feed SET title = ?, params = ?, created = ?, updated = ? WHERE name = ?",
                [*row, feed.name],
            )
        else:
            continue
        changed += 1
    return changed


# What a saved feed keeps of its filter (`Filter.to_params`), and so what `feed edit --clear` can drop.
FILTER_PARAMS = tuple(row.param for row in CRITERIA if row.kept)


def edit_feed(
    db: Database,
    name: str,
    *,
    params: Mapping[str, list[str]],
    clear: Iterable[str] = (),
    title: str | None = None,
) -> tuple[SavedFeed, bool]:
    """Change a saved feed in one transaction: `clear` drops criteria of its filter, `params` sets
    others (each replaces the criterion of that name), `title` replaces the title. Returns the feed
    and whether anything changed; its URL stays."""
    from sqlalchemy import select, update

    from chrono.schema import tables

    unknown = sorted(set(clear) - set(FILTER_PARAMS))
    if unknown:
        raise InvalidInput(f"cannot clear {unknown[0]!r}: clear one of {', '.join(FILTER_PARAMS)}")
    clean_title = " ".join(title.split()) or None if title else None
    if clean_title:
        refuse_controls(clean_title, "title")
    table = tables()["feed"]
    with db.writer() as conn:
        row = conn.execute(
            select(table.c.name, table.c.title, table.c.params, table.c.created, table.c.updated).where(
                table.c.name == name
            )
        ).first()
        if row is None:
            raise NotFound(f"no feed named {name!r}")
        feed = _feed(tuple(row))
        merged = {k: v for k, v in feed.params.items() if k not in set(clear)}
        merged.update(params)
        new_params = Filter.from_params(merged).to_params()  # checked as any filter is
        new_title = clean_title if title is not None else feed.title
        if new_params == feed.params and new_title == feed.title:
            return feed, False
        now = now_utc()
        blob = json.dumps(new_params, sort_keys=True, ensure_ascii=False)
        values = {"title": new_title, "params": blob, "updated": now}
        conn.execute(update(table).where(table.c.name == name).values(**values))
    return SavedFeed(name, new_title, new_params, feed.created, now), True


def remove_feed(db: Database, name: str) -> None:
    from sqlalchemy import delete

    from chrono.schema import tables

    table = tables()["feed"]
    with db.writer() as conn:
        if conn.execute(delete(table).where(table.c.name == name)).rowcount == 0:
            raise NotFound(f"no feed named {name!r}")


def _feed(row: Any) -> SavedFeed:
    name, title, blob, created, updated = row
    try:
        params = json.loads(blob)
        if not isinstance(params, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
            for k, v in params.items()
        ):
            raise ValueError("not a mapping of names to lists of strings")
    except ValueError as exc:
        raise DatabaseError(f"feed {name!r} has a damaged filter in the database: {exc}") from exc
    return SavedFeed(name, title, params, created, updated)


# --- where they are served --------------------------------------------------------------------


def feed_urls(root: str) -> dict[str, str]:
    """Every URL of the whole timeline, by format, plus the webcal:// one for calendar apps."""
    from chrono.render import FORMATS

    urls = {name: root + fmt.path for name, fmt in FORMATS.items()}
    urls["webcal"] = webcal(urls["ics"])
    return urls


def saved_feed_urls(root: str, name: str) -> dict[str, str]:
    """Every URL of one saved feed, by format, plus its webcal:// one."""
    from chrono.render import FORMATS

    urls = {fmt_name: f"{root}/feeds/{name}{fmt.suffix}" for fmt_name, fmt in FORMATS.items()}
    urls["webcal"] = webcal(urls["ics"])
    return urls


def webcal(url: str) -> str:
    """The webcal:// form of an http(s) URL, which calendar apps open as a subscription."""
    return re.sub(r"^https?://", "webcal://", url)
