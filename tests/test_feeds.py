"""Saved feeds: the library API, the `chrono feed` commands, and /feeds/NAME.* on the server."""

from __future__ import annotations

import json
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from chrono.db import Database
from chrono.errors import Conflict, DatabaseError, InvalidInput, NotFound
from chrono.feeds import check_name, get_feed, list_feeds, remove_feed, save_feed
from chrono.filters import Filter
from chrono.query import select_ids
from chrono.server import create_app
from tests.helpers import Chrono

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient


@pytest.fixture
def client(seeded: Chrono) -> Iterator[TestClient]:
    with TestClient(create_app(seeded.db)) as test_client:
        yield test_client


# --- library ----------------------------------------------------------------------------------


def test_save_get_list_remove(db_url: str) -> None:
    db = Database.open(db_url)
    flt = Filter.build(actors=["Putin"], start="2022")
    saved = save_feed(db, "putin", flt, title="  Putin  since 2022 ")
    assert saved.title == "Putin since 2022"
    assert saved.params == {"actor": ["Putin"], "from": ["2022"]}
    save_feed(db, "all", Filter())
    with db.reader() as reader:
        assert [f.name for f in list_feeds(reader)] == ["all", "putin"]
        got = get_feed(reader, "putin")
    assert got.filter() == flt
    assert got.created == got.updated
    assert got.to_dict()["description"] == "events with Putin, from 2022 on"
    remove_feed(db, "all")
    with db.reader() as reader:
        assert [f.name for f in list_feeds(reader)] == ["putin"]
        with pytest.raises(NotFound, match="no feed named 'all'"):
            get_feed(reader, "all")
    with pytest.raises(NotFound):
        remove_feed(db, "all")


def test_taken_name_is_a_conflict_unless_replaced(db_url: str) -> None:
    db = Database.open(db_url)
    first = save_feed(db, "drones", Filter.build(tags=["drones"]))
    with pytest.raises(Conflict, match="already exists"):
        save_feed(db, "drones", Filter())
    replaced = save_feed(db, "drones", Filter.build(tags=["war"]), title="War", replace=True)
    assert replaced.created == first.created
    with db.reader() as reader:
        stored = get_feed(reader, "drones")
    assert stored.params == {"tag": ["war"]} and stored.title == "War"


@pytest.mark.parametrize("name", ["", "Putin", "a_b", "-x", "a.b", "a/b", "ä", "a" * 65, "a b"])
def test_bad_names(name: str) -> None:
    with pytest.raises(InvalidInput, match="bad feed name"):
        check_name(name)


@pytest.mark.parametrize("name", ["a", "putin", "drones-2024", "0", "a" * 64])
def test_good_names(name: str) -> None:
    assert check_name(name) == name


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"actors": ["Putin", "Iran"]},
        {"start": "2022", "end": "2024", "within": True},
        {"start": "~2022-03", "end": "2024-10-22/2024-10-24"},
        {"start": "2025-01-20T09:00", "tz": "America/New_York"},
        {"tags": ["drones"], "search": "shahed", "status": "confirmed", "limit": 2, "reverse": True},
    ],
)
def test_a_feed_selects_what_its_filter_selects(seeded: Chrono, kwargs: dict[str, object]) -> None:
    db = Database.open(seeded.db)
    flt = Filter.build(**kwargs)  # type: ignore[arg-type]
    save_feed(db, "f", flt)
    with db.reader() as reader:
        saved = get_feed(reader, "f")
        assert list(select_ids(reader, saved.filter())) == list(select_ids(reader, flt))
    assert json.loads(json.dumps(saved.params)) == saved.params


def test_damaged_feed_is_a_database_error(sqlite_db: str) -> None:
    db = Database.open(sqlite_db)
    save_feed(db, "x", Filter())
    conn = sqlite3.connect(sqlite_db)
    conn.execute('UPDATE feed SET params = \'{"actor": "not a list"}\'')
    conn.commit()
    conn.close()
    with db.reader() as reader, pytest.raises(DatabaseError, match="damaged"):
        get_feed(reader, "x")


# --- commands ---------------------------------------------------------------------------------


def test_feed_commands(seeded: Chrono) -> None:
    _, err = seeded("feed", "add", "putin", "--actor", "Putin", "--from", "2022", "--title", "Putin")
    assert err == "feed putin: events with Putin, from 2022 on, at /feeds/putin.ics\n"
    seeded("feed", "add", "drones", "--tag", "drones", "--reverse", "--limit", "2")
    out, _ = seeded("feed", "list")
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "TITLE", "FILTER"]
    assert lines[1].startswith("drones") and "events tagged drones (last 2)" in lines[1]
    assert lines[2].startswith("putin") and "Putin" in lines[2]
    out, _ = seeded("feed", "list", "--format", "json")
    feeds = json.loads(out)
    assert [f["name"] for f in feeds] == ["drones", "putin"]
    assert feeds[1]["params"] == {"actor": ["Putin"], "from": ["2022"]}
    assert feeds[1]["title"] == "Putin"
    _, err = seeded("feed", "rm", "drones")
    assert err == "feed drones removed\n"
    out, _ = seeded("feed", "list", "--format", "json")
    assert [f["name"] for f in json.loads(out)] == ["putin"]


def test_feed_list_when_there_are_none(chrono: Chrono) -> None:
    chrono.create()
    assert chrono("feed", "list") == ("", "")
    assert json.loads(chrono("feed", "list", "--format", "json")[0]) == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["feed", "add", "Bad_Name"], 4, "bad feed name 'Bad_Name'"),
        (["feed", "add", "x", "--from", "someday"], 4, "--from: bad date 'someday'"),
        (["feed", "add", "x", "--status", "rumoured"], 4, "bad status 'rumoured'"),
        (
            ["feed", "add", "x", "--from", "2024", "--to", "2022"],
            4,
            "--to: '2022' ends before the range starts",
        ),
        (["feed", "add", "taken"], 5, "a feed named 'taken' already exists"),
        (["feed", "add", "x", "--search", "!!!"], 4, "has no word"),
        (["feed", "rm", "nope"], 3, "no feed named 'nope'"),
    ],
)
def test_feed_command_errors(chrono_sqlite: Chrono, args: list[str], code: int, message: str) -> None:
    chrono_sqlite("feed", "add", "taken")
    out, err = chrono_sqlite(*args, code=code)
    assert out == ""
    assert err.startswith("chrono: error: ") and message in err and err.count("\n") == 1


def test_feed_add_replace(chrono_sqlite: Chrono) -> None:
    chrono_sqlite("feed", "add", "x", "--tag", "a")
    chrono_sqlite("feed", "add", "x", "--tag", "b", "--replace")
    [feed] = json.loads(chrono_sqlite("feed", "list", "--format", "json")[0])
    assert feed["params"] == {"tag": ["b"]}


# --- served -----------------------------------------------------------------------------------

SUFFIXES = {"ics": ".ics", "json": ".json", "timelinejs": ".timelinejs.json", "markdown": ".md"}
TOP = {"ics": "/calendar.ics", "json": "/timeline.json", "timelinejs": "/timeline.timelinejs.json",
       "markdown": "/timeline.md"}  # fmt: skip


@pytest.mark.parametrize("fmt", SUFFIXES)
def test_feed_serves_what_the_same_query_serves(seeded: Chrono, client: TestClient, fmt: str) -> None:
    seeded(
        "feed", "add", "putin-2022", "--actor", "Putin", "--from", "2022", "--to", "2022", "--title", "Putin"
    )
    feed = client.get(f"/feeds/putin-2022{SUFFIXES[fmt]}")
    same = client.get(f"{TOP[fmt]}?actor=Putin&from=2022&to=2022&title=Putin")
    assert feed.status_code == 200, feed.text
    assert feed.content == same.content
    assert feed.headers["etag"] == same.headers["etag"]
    assert feed.headers["content-type"] == same.headers["content-type"]
    assert feed.headers["last-modified"] == same.headers["last-modified"]
    assert (
        client.get(
            f"/feeds/putin-2022{SUFFIXES[fmt]}", headers={"If-None-Match": feed.headers["etag"]}
        ).status_code
        == 304
    )


def test_feed_title_defaults_to_name_and_can_be_overridden(seeded: Chrono, client: TestClient) -> None:
    seeded("feed", "add", "drones", "--tag", "drones")
    assert "X-WR-CALNAME:drones" in client.get("/feeds/drones.ics").text
    assert "X-WR-CALNAME:Shahed" in client.get("/feeds/drones.ics?title=Shahed").text
    timeline = client.get("/feeds/drones.timelinejs.json?group_by=actor").json()
    assert timeline["title"]["text"]["headline"] == "drones"
    spans = client.get("/feeds/drones.ics?imprecise=span")
    assert spans.status_code == 200 and spans.content != client.get("/feeds/drones.ics").content


def test_feed_errors(seeded: Chrono, client: TestClient) -> None:
    seeded("feed", "add", "drones", "--tag", "drones")
    assert client.get("/feeds/nope.ics").status_code == 404
    assert client.get("/feeds/nope.ics").json() == {"error": "no feed named 'nope'"}
    assert client.get("/feeds/drones.timelinejs").status_code == 404
    bad = client.get("/feeds/drones.ics?actor=Putin")  # a feed's filter is fixed
    assert bad.status_code == 400 and bad.json()["parameter"] == "actor"
    wrong = client.get("/feeds/drones.md?imprecise=span")
    assert wrong.status_code == 400 and wrong.json()["parameter"] == "imprecise"


def test_changed_feed_gets_a_new_etag(seeded: Chrono, client: TestClient) -> None:
    seeded("feed", "add", "f", "--tag", "drones")
    before = client.get("/feeds/f.ics")
    seeded("feed", "add", "f", "--tag", "war", "--replace")
    after = client.get("/feeds/f.ics", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.content != before.content
    seeded("feed", "rm", "f")
    assert client.get("/feeds/f.ics").status_code == 404


def test_feeds_index(seeded: Chrono, client: TestClient) -> None:
    seeded("feed", "add", "putin", "--actor", "Putin", "--title", "Putin")
    [feed] = client.get("/feeds").json()
    assert feed["name"] == "putin" and feed["title"] == "Putin"
    assert feed["params"] == {"actor": ["Putin"]}
    assert feed["urls"]["ics"] == "http://testserver/feeds/putin.ics"
    assert feed["urls"]["webcal"] == "webcal://testserver/feeds/putin.ics"
    assert feed["urls"]["timelinejs"] == "http://testserver/feeds/putin.timelinejs.json"


def test_saved_feeds_on_the_server_need_no_restart(seeded: Chrono, client: TestClient) -> None:
    assert client.get("/feeds/later.md").status_code == 404
    seeded("feed", "add", "later", "--tag", "war")
    assert client.get("/feeds/later.md").status_code == 200


def test_feed_store_via_library_is_served(tmp_path: Path) -> None:
    db_path = str(tmp_path / "lib.db")
    save_feed(Database.open(db_path), "empty", Filter.build(search="nothing matches this"))
    with TestClient(create_app(db_path)) as client:
        response = client.get("/feeds/empty.json")
    assert response.status_code == 200 and response.json()["events"] == []
    assert "last-modified" not in response.headers


def test_saved_feeds_keep_source_date_epoch(chrono: Chrono, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reproducible databases: a feed's timestamps follow SOURCE_DATE_EPOCH as events' do."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1737374400")
    chrono("feed", "add", "putin", "--actor", "Putin")
    out, _ = chrono("feed", "list", "--format", "json")
    [feed] = json.loads(out)
    assert (feed["created"], feed["updated"]) == ("2025-01-20T12:00:00Z", "2025-01-20T12:00:00Z")
