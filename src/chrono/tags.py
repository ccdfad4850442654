"""Tags as a whole: rename, merge and remove them across every event.

Each changes how events read (their CATEGORIES in a calendar), so the events concerned get a new
digest and a higher revision, as actor renames do.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from chrono.actors import keep_events_of, refresh_events
from chrono.db import Database
from chrono.errors import Conflict, InvalidInput, NotFound
from chrono.models import clean_name, name_key
from chrono.schema import tables

TAG, EVENT, EVENT_TAG = tables()["tag"], tables()["event"], tables()["event_tag"]


def _find_tag(conn: Connection, name: str) -> tuple[int, str]:
    row = conn.execute(select(TAG.c.id, TAG.c.name).where(TAG.c.key == name_key(name))).first()
    if row is None:
        raise NotFound(f"no tag {name!r}")
    return row[0], row[1]


def _events_of(conn: Connection, tag_id: int, *, live: bool = False) -> list[int]:
    query = select(EVENT_TAG.c.event_pk).where(EVENT_TAG.c.tag_id == tag_id)
    if live:
        query = query.join(EVENT, EVENT.c.pk == EVENT_TAG.c.event_pk).where(EVENT.c.removed.is_(None))
    return [row[0] for row in conn.execute(query)]


def rename_tag(db: Database, old: str, new: str) -> str:
    """Rename a tag on every event; returns its old name."""
    new = clean_name(new, "tag")
    with db.writer() as conn:
        tag_id, name = _find_tag(conn, old)
        owner = conn.execute(select(TAG.c.id).where(TAG.c.key == name_key(new))).scalar()
        if owner is not None and owner != tag_id:
            raise Conflict(f"tag {new!r} already exists (use `chrono tag merge`)")
        if name == new:
            raise InvalidInput(f"tag {name!r} is already called that: nothing to do")
        keep_events_of(conn, "event_tag", "tag_id", [tag_id])
        conn.execute(update(TAG).where(TAG.c.id == tag_id).values(key=name_key(new), name=new))
        refresh_events(conn, _events_of(conn, tag_id))
    return name


def merge_tags(db: Database, keep: str, absorb: str) -> tuple[str, str]:
    """Fold tag `absorb` into `keep` on every event; returns both names."""
    with db.writer() as conn:
        keep_id, keep_name = _find_tag(conn, keep)
        gone_id, gone_name = _find_tag(conn, absorb)
        if keep_id == gone_id:
            raise InvalidInput(f"{keep!r} and {absorb!r} are the same tag: nothing to merge")
        pks = _events_of(conn, gone_id)
        keep_events_of(conn, "event_tag", "tag_id", [gone_id])
        both = select(EVENT_TAG.c.event_pk).where(EVENT_TAG.c.tag_id == keep_id)
        conn.execute(delete(EVENT_TAG).where(EVENT_TAG.c.tag_id == gone_id, EVENT_TAG.c.event_pk.in_(both)))
        conn.execute(update(EVENT_TAG).where(EVENT_TAG.c.tag_id == gone_id).values(tag_id=keep_id))
        conn.execute(delete(TAG).where(TAG.c.id == gone_id))
        refresh_events(conn, pks)
    return keep_name, gone_name


def remove_tag(db: Database, name: str, *, force: bool = False) -> tuple[str, int]:
    """Remove a tag; refused while events carry it, unless `force` takes it off them first."""
    with db.writer() as conn:
        tag_id, canonical = _find_tag(conn, name)
        live = _events_of(conn, tag_id, live=True)
        if live and not force:
            raise Conflict(
                f"tag {canonical!r} is on {len(live)} event(s): use --force to take it off them too"
            )
        pks = _events_of(conn, tag_id)
        keep_events_of(conn, "event_tag", "tag_id", [tag_id])
        conn.execute(delete(EVENT_TAG).where(EVENT_TAG.c.tag_id == tag_id))
        conn.execute(delete(TAG).where(TAG.c.id == tag_id))
        refresh_events(conn, pks)
    return canonical, len(live)
