"""store: writes through the library, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

import pytest

from chrono.db import Database
from chrono.errors import Conflict, NotFound
from chrono.fields import apply_patch, event_from_mapping
from chrono.filters import Filter
from chrono.models import EventInput
from chrono.query import get_event, select_events
from chrono.store import add_event, edit_event, remove_event, save_events


def event(**fields: Any) -> EventInput:
    item = {"title": "Putin visits Tehran", "start": "2022-07-19", **fields}
    parsed, _ = event_from_mapping(item)
    return parsed


@pytest.fixture
def db(db_url: str) -> Database:
    return Database.open(db_url)


def test_add_then_read_back(db: Database) -> None:
    event_id = add_event(db, event(actors=["Vladimir Putin"], tags=["iran"], sources=["https://e.org/a"]))
    with db.reader() as reader:
        record = get_event(reader, event_id)
    assert (record.title, record.start, record.precision, record.revision) == (
        "Putin visits Tehran",
        "2022-07-19",
        "day",
        1,
    )
    assert (record.actors, record.tags, [s.url for s in record.sources]) == (
        ["Vladimir Putin"],
        ["iran"],
        ["https://e.org/a"],
    )


def test_a_taken_id_is_a_conflict(db: Database) -> None:
    add_event(db, event(id="visit"))
    with pytest.raises(Conflict):
        add_event(db, event(id="visit"))


def test_saving_the_same_event_again_changes_nothing(db: Database) -> None:
    add_event(db, event(id="visit"))
    with db.writer() as conn:
        result = save_events(conn, [event(id="visit")], mode="upsert")
    assert (result.created, result.updated, result.unchanged) == ([], [], ["visit"])
    with db.reader() as reader:
        assert get_event(reader, "visit").revision == 1


def test_an_edit_bumps_the_revision_and_keeps_the_id(db: Database) -> None:
    add_event(db, event(id="visit"))
    assert edit_event(db, "visit", lambda e: apply_patch(e, {"title": "Putin in Tehran"})) == "updated"
    assert edit_event(db, "visit", lambda e: apply_patch(e, {"title": "Putin in Tehran"})) == "unchanged"
    with db.reader() as reader:
        record = get_event(reader, "visit")
    assert (record.id, record.title, record.revision) == ("visit", "Putin in Tehran", 2)


def test_remove_leaves_a_tombstone_with_its_links(db: Database) -> None:
    from chrono.query import select_removed

    add_event(db, event(id="visit", actors=["Vladimir Putin"], tags=["iran"]))
    remove_event(db, "visit")
    with db.reader() as reader:
        assert select_events(reader, Filter()) == []
        # The tombstone keeps its actors and tags, so a feed filtered by them still tells its
        # subscribers that the event is gone.
        [gone] = select_removed(reader, Filter.build(actors=["Vladimir Putin"]))
        assert gone.id == "visit" and gone.revision == 2 and gone.removed is not None
    with pytest.raises(NotFound):
        remove_event(db, "visit")


def test_edit_of_a_missing_event(db: Database) -> None:
    with pytest.raises(NotFound):
        edit_event(db, "nope", lambda e: e)
