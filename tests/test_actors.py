"""actors: aliases, renames and merges through the library; --actor then finds the same events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chrono.actors import add_alias, merge_actors, rename_actor
from chrono.db import Database
from chrono.errors import Conflict, NotFound
from chrono.filters import Filter
from chrono.query import list_actors, select_ids
from tests.helpers import Chrono


@pytest.fixture
def db(seeded: Chrono) -> Database:
    return Database.open(seeded.db)


def ids(db: Database, actor: str) -> list[str]:
    with db.reader() as reader:
        return list(select_ids(reader, Filter.build(actors=[actor])))


def test_an_alias_finds_the_actors_events(db: Database) -> None:
    assert add_alias(db, "Vladimir Putin", "V. V. Putin") == "Vladimir Putin"
    assert ids(db, "v. v. putin") == ids(db, "Vladimir Putin") != []


def test_a_rename_keeps_the_old_name_as_an_alias(db: Database) -> None:
    before = ids(db, "Vladimir Putin")
    rename_actor(db, "Vladimir Putin", "Vladimir Vladimirovich Putin")
    assert ids(db, "Vladimir Vladimirovich Putin") == ids(db, "Vladimir Putin") == before
    with db.reader() as reader:
        names = {a.name for a in list_actors(reader)}
    assert "Vladimir Vladimirovich Putin" in names and "Vladimir Putin" not in names


def test_a_merge_joins_the_events(db: Database) -> None:
    putin, russia = set(ids(db, "Vladimir Putin")), set(ids(db, "Russia"))
    assert merge_actors(db, "Russia", "Vladimir Putin") == "Russia"
    assert set(ids(db, "Russia")) == putin | russia
    assert ids(db, "Vladimir Putin") == ids(db, "Russia")


def test_unknown_and_taken_names(db: Database) -> None:
    with pytest.raises(NotFound):
        add_alias(db, "Nobody at all", "x")
    with pytest.raises(Conflict):
        add_alias(db, "Vladimir Putin", "Russia")


def test_an_actor_named_twice_in_one_event_keeps_both_roles(chrono: Chrono, tmp_path: Path) -> None:
    """ACLED names an actor as actor 1 and as associated with actor 2; by its name and by an alias
    alike, the event keeps both roles (they used to be one, the second lost)."""
    path = tmp_path / "events.yaml"
    path.write_text(
        "actor_details: [{name: Vladimir Putin, aliases: [Putin]}]\n"
        "events:\n"
        "  - id: same-name\n    title: A\n    start: 2024\n"
        "    actors: [{name: Russia, role: actor 1}, {name: Russia, role: associated with actor 2}]\n"
        "  - id: by-alias\n    title: B\n    start: 2024\n"
        "    actors: [{name: Vladimir Putin, role: host}, {name: Putin, role: speaker}]\n",
        encoding="utf-8",
    )
    chrono("import", str(path))
    roles = {e["id"]: e["roles"] for e in json.loads(chrono("list", "--format", "json")[0])}
    assert roles == {
        "same-name": {"Russia": "actor 1; associated with actor 2"},
        "by-alias": {"Vladimir Putin": "host; speaker"},
    }
    _, err = chrono("import", str(path))
    assert "0 added, 0 updated, 2 unchanged" in err
