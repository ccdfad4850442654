"""History: every revision of an event, kept, compared and gone back to.

The event row is always an event's newest revision. When a write changes an event (an edit, an
import that brings new content, a removal or a restore), `keep` first copies the revision it replaces
into `event_revision`, whole (as `chrono show --format json` gives it) with the time it was made. So a
first import writes no history at all, an unchanged re-import writes nothing, and each change writes
one row.

Going back (`undo`, `restore --revision N`) saves an old revision's content as a new revision: history
is never rewritten, and ids never change. The timeline as it stood at a moment is `chrono.as_of`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chrono.db import Database, Reader, chunks
from chrono.errors import Conflict, NotFound
from chrono.models import EventRecord, SourceRef
from chrono.places import geo_of_row


@dataclass(frozen=True, slots=True)
class Revision:
    """One revision of an event: its number, when it was made, and the event as it then was."""

    number: int
    updated: str
    record: EventRecord
    removed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "revision": self.number,
            "updated": self.updated,
            "removed": self.removed,
            "event": self.record.to_dict(),
        }


# --- keeping ----------------------------------------------------------------------------------


def keep(raw: Reader, pks: Sequence[int]) -> None:
    """Copy these events' current revisions into their history, in the caller's write transaction,
    before it replaces them."""
    from chrono.query import fetch_records

    rows: list[tuple[Any, ...]] = []
    for chunk in chunks(list(dict.fromkeys(pks))):
        for pk, record in zip(chunk, fetch_records(raw, chunk), strict=True):
            rows.append((pk, record.revision, record.updated, record.removed, _state(record)))
    raw.executemany(
        "INSERT INTO event_revision (event_pk, revision, updated, removed, state) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (event_pk, revision) DO NOTHING",
        rows,
    )


def _state(record: EventRecord) -> str:
    state = record.to_dict()
    state["span"] = [record.span_start, record.span_end]
    return json.dumps(state, ensure_ascii=False, separators=(",", ":"))


def from_state(text: str, removed: str | None) -> EventRecord:
    from chrono.event_store import load_data

    state = json.loads(text)
    span_start, span_end = state.pop("span")
    quantities, external_ids, media = load_data(state)
    return EventRecord(
        id=state["id"],
        title=state["title"],
        start=state["start"],
        end=state["end"],
        precision=state["precision"],
        timezone=state["timezone"],
        approximate=state["approximate"],
        uncertain=state["uncertain"],
        status=state["status"],
        description=state["description"],
        location=state["location"],
        created=state["created"],
        updated=state["updated"],
        revision=state["revision"],
        span_start=span_start,
        span_end=span_end,
        actors=list(state["actors"]),
        roles=dict(state["roles"]),
        tags=list(state["tags"]),
        sources=[SourceRef(**source) for source in state["sources"]],
        removed=removed,
        geo=geo_of_row(state.get("latitude"), state.get("longitude"), state.get("geo_precision")),
        anchored=state.get("anchored"),
        quantities=quantities,
        external_ids=external_ids,
        media=media,
    )


# --- reading ----------------------------------------------------------------------------------


def event_revisions(reader: Reader, event_id: str) -> list[Revision]:
    """Every kept revision of an event (a removed one too), oldest first, the current one last.

    Revisions made before chrono kept history (schema version 9) are not there: the first kept one
    may be above 1."""
    from chrono.query import fetch_records

    rows = reader.all("SELECT pk FROM event WHERE id = ?", [event_id])
    if not rows:
        raise NotFound(f"no event with id {event_id!r}")
    pk = rows[0][0]
    kept = [
        Revision(number, updated, from_state(state, removed), removed is not None)
        for number, updated, removed, state in reader.all(
            "SELECT revision, updated, removed, state FROM event_revision WHERE event_pk = ? "
            "ORDER BY revision",
            [pk],
        )
    ]
    current = fetch_records(reader, [pk])[0]
    kept = [r for r in kept if r.number < current.revision]  # a copy of the current one is not another
    return [*kept, Revision(current.revision, current.updated, current, current.removed is not None)]


# Each field as `chrono log` names it, and how to read it from a record.
def _fields(record: EventRecord) -> dict[str, Any]:
    return {
        "title": record.title,
        "date": record.when().display(),
        "anchored": record.anchored,
        "timezone": record.timezone,
        "status": record.status,
        "location": record.location,
        "point": record.geo.words() if record.geo else None,
        "description": record.description,
        "actors": list(record.actors),
        "roles": [f"{actor}: {role}" for actor, role in record.roles.items()],
        "tags": list(record.tags),
        "sources": [_source_words(s) for s in record.sources],
    }


def _source_words(source: SourceRef) -> str:
    """A citation in one line: its URL (or title, publisher and date), archive copy and quote."""
    said = " · ".join(p for p in (source.url, source.title, source.publisher, source.published) if p)
    archived = f" (archived: {source.archive_url})" if source.archive_url else ""
    return said + archived + (f" “{source.quote}”" if source.quote else "")


def changes(before: EventRecord | None, after: EventRecord) -> list[dict[str, Any]]:
    """What changed from one revision to the next, field by field: {field, before, after} for a
    single value, {field, added, removed} for a list (actors, tags, sources)."""
    new = _fields(after)
    old = (
        _fields(before)
        if before is not None
        else {k: [] if isinstance(v, list) else None for k, v in new.items()}
    )
    found: list[dict[str, Any]] = []
    for name, value in new.items():
        was = old[name]
        if was == value or (was in (None, "") and value in (None, "")):
            continue
        if isinstance(value, list):
            found.append(
                {
                    "field": name,
                    "added": [v for v in value if v not in was],
                    "removed": [v for v in was if v not in value],
                }
            )
        else:
            found.append({"field": name, "before": was, "after": value})
    return [c for c in found if "before" in c or c["added"] or c["removed"]]


# --- going back -------------------------------------------------------------------------------


def go_back(db: Database, event_id: str, number: int | None = None) -> tuple[int, int]:
    """Make revision `number` of an event (None: the one before the current) its content again, as a
    new revision. Returns (the revision gone back to, the new revision), or raises Conflict when the
    event already says what that revision said.

    Going back to a removal removes the event again; going back to any other revision of a removed
    event brings it back. `undo` twice is a redo.
    """
    from chrono.store import save_events, set_removed

    with db.quick_writer() as conn:
        revisions = event_revisions(conn, event_id)
        current = revisions[-1]
        if number is None:
            if len(revisions) < 2:
                gone = "revision 1 was" if current.number == 2 else f"revisions 1–{current.number - 1} were"
                lost = f" ({gone} not kept)" if current.number > 1 else ""
                raise Conflict(f"{event_id} has no earlier revision to go back to{lost}")
            target = revisions[-2]
        else:
            target = _pick(revisions, number)
            if target is current:
                raise Conflict(f"{event_id} is at revision {number} already: nothing to restore")
        pk = conn.all("SELECT pk FROM event WHERE id = ?", [event_id])[0][0]
        removed = target.removed if number is None else False
        result = save_events(conn, [target.record.to_input()], mode="upsert")
        changed = bool(result.updated or result.created)
        if removed:
            from chrono.dates import now_utc

            if changed:  # the content is back in this new revision; the removal goes with it
                conn.execute("UPDATE event SET removed = updated WHERE pk = ?", [pk])
            elif current.removed:
                changed = False
            else:
                set_removed(conn, pk, now_utc())
                changed = True
        if not changed:
            raise Conflict(f"{event_id} already says what revision {target.number} said: nothing to do")
        revision = conn.all("SELECT revision FROM event WHERE pk = ?", [pk])[0][0]
    return target.number, int(revision)


def _pick(revisions: Sequence[Revision], number: int) -> Revision:
    for revision in revisions:
        if revision.number == number:
            return revision
    known = ", ".join(str(r.number) for r in revisions)
    raise NotFound(f"{revisions[-1].record.id} has no revision {number} (kept: {known})")


def copy_revisions(source: Reader, target: Reader, ids: Sequence[str]) -> None:
    """Copy the kept revisions of these events from one database to another (`chrono db copy`),
    merged with what the target keeps: a revision it has already stays as it is."""
    for chunk in chunks(list(ids)):
        marks = ", ".join("?" * len(chunk))
        rows = source.all(
            "SELECT e.id, r.revision, r.updated, r.removed, r.state FROM event_revision r "
            f"JOIN event e ON e.pk = r.event_pk WHERE e.id IN ({marks})",
            list(chunk),
        )
        if not rows:
            continue
        pks = dict(target.all(f"SELECT id, pk FROM event WHERE id IN ({marks})", list(chunk)))
        target.executemany(
            "INSERT INTO event_revision (event_pk, revision, updated, removed, state) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (event_pk, revision) DO NOTHING",
            [(pks[event_id], *rest) for event_id, *rest in rows if event_id in pks],
        )
