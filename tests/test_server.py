"""`chrono serve`: every endpoint and error through FastAPI's TestClient, one real server process
subscribed to the way a calendar app does, and a schemathesis fuzz of the OpenAPI surface."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from chrono.render import FORMATS
from chrono.server import create_app
from tests.helpers import Chrono

with warnings.catch_warnings():
    # Starlette 1.x prefers the httpx2 package for its TestClient; httpx works the same here.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FORMAT_PATHS = {
    "ics": ("/calendar.ics", "text/calendar; charset=utf-8"),
    "json": ("/timeline.json", "application/json"),
    "timelinejs": ("/timeline.timelinejs.json", "application/json"),
    "markdown": ("/timeline.md", "text/markdown; charset=utf-8"),
}


@pytest.fixture
def client(seeded: Chrono) -> Iterator[TestClient]:
    with TestClient(create_app(seeded.db)) as test_client:
        yield test_client


@pytest.fixture
def sqlite_client(seeded_sqlite: Chrono) -> Iterator[TestClient]:
    with TestClient(create_app(seeded_sqlite.db)) as test_client:
        yield test_client


@pytest.fixture
def writer(seeded: Chrono) -> Iterator[TestClient]:
    with TestClient(create_app(seeded.db, token=TOKEN)) as test_client:
        yield test_client


def cli_ids(chrono: Chrono, *args: str) -> list[str]:
    out, _ = chrono("list", "--format", "ids", *args)
    return out.split()


def export_ids(chrono: Chrono, *args: str) -> list[str]:
    out, _ = chrono("export", "json", "-o", "-", *args)
    return [e["id"] for e in json.loads(out)["events"]]


def server_ids(client: TestClient, query: str) -> list[str]:
    response = client.get(f"/timeline.json?{query}")
    assert response.status_code == 200, response.text
    return [e["id"] for e in response.json()["events"]]


def paged_ids(client: TestClient, query: str, per_page: int = 4) -> list[str]:
    ids: list[str] = []
    url: str | None = f"/events?{query}&per_page={per_page}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.text
        data = response.json()
        ids += [e["id"] for e in data["events"]]
        assert data["total"] >= len(ids)
        url = data["next"]
    return ids


# --- one filter, three doors ----------------------------------------------------------------------

FILTERS = [
    ([], ""),
    (["--actor", "Putin"], "actor=Putin"),
    (["--actor", "Putin", "--actor", "Iran"], "actor=Putin&actor=Iran"),
    (["--from", "2022", "--to", "2024"], "from=2022&to=2024"),
    (["--from", "2022", "--to", "2024", "--within"], "from=2022&to=2024&within=true"),
    (["--tag", "drones"], "tag=drones"),
    (["--search", "drone", "--reverse"], "search=drone&reverse=true"),
    (["--status", "confirmed", "--limit", "3"], "status=confirmed&limit=3"),
    (["--actor", "russia", "--limit", "2", "--reverse"], "actor=russia&limit=2&reverse=1"),
    (["--from", "2025-01-20T09:00", "--tz", "America/New_York"], "from=2025-01-20T09:00&tz=America/New_York"),
]


@pytest.mark.parametrize(("args", "query"), FILTERS)
def test_cli_export_and_server_agree_on_ids(
    seeded: Chrono, client: TestClient, args: list[str], query: str
) -> None:
    expected = cli_ids(seeded, *args)
    assert export_ids(seeded, *args) == expected
    assert server_ids(client, query) == expected
    assert paged_ids(client, query) == expected


@pytest.mark.parametrize(
    ("fmt", "args", "query"),
    [
        ("ics", ["--actor", "Putin"], "actor=Putin"),
        ("ics", ["--imprecise", "span", "--title", "Drones"], "imprecise=span&title=Drones"),
        ("json", ["--tag", "drones"], "tag=drones"),
        ("timelinejs", ["--group-by", "actor", "--from", "2024"], "group_by=actor&from=2024"),
        ("markdown", ["--actor", "Iran", "--title", "Iran <& co>"], "actor=Iran&title=Iran+%3C%26+co%3E"),
    ],
)
def test_server_bytes_are_export_bytes(
    seeded_sqlite: Chrono, sqlite_client: TestClient, tmp_path: Path, fmt: str, args: list[str], query: str
) -> None:
    exported = tmp_path / "export.out"
    seeded_sqlite("export", fmt, "-o", str(exported), *args)
    response = sqlite_client.get(f"{FORMAT_PATHS[fmt][0]}?{query}")
    assert response.status_code == 200
    assert response.content == exported.read_bytes()


# --- published formats and HTTP caching -----------------------------------------------------------


def newest_updated(client: TestClient, query: str) -> str:
    events = client.get(f"/timeline.json?{query}").json()["events"]
    return max(e["updated"] for e in events)


def http_date(stamp: str) -> str:
    from datetime import datetime

    return format_datetime(datetime.fromisoformat(stamp.replace("Z", "+00:00")), usegmt=True)


@pytest.mark.parametrize("fmt", FORMAT_PATHS)
def test_formats_headers(client: TestClient, fmt: str) -> None:
    path, media_type = FORMAT_PATHS[fmt]
    response = client.get(f"{path}?actor=Putin")
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    # A strong ETag from the database's change mark and the request: the same for the same bytes,
    # another for another view.
    etag = response.headers["etag"]
    assert etag.startswith('"') and len(etag) == 66
    again = client.get(f"{path}?actor=Putin")
    assert again.headers["etag"] == etag and again.content == response.content
    assert client.get(f"{path}?actor=Putin&reverse=true").headers["etag"] != etag
    assert client.get(f"{path}?actor=Putin&title=Other").headers["etag"] != etag
    assert response.headers["cache-control"] == "public, max-age=300"
    assert response.headers["last-modified"] == http_date(newest_updated(client, "actor=Putin"))
    if FORMATS[fmt].stream:  # streamed: no length known in advance
        assert "content-length" not in response.headers
    else:
        assert response.headers["content-length"] == str(len(response.content))


def test_no_events_means_no_last_modified(client: TestClient) -> None:
    response = client.get("/calendar.ics?search=no-such-text-anywhere")
    assert response.status_code == 200
    assert "last-modified" not in response.headers
    assert "BEGIN:VCALENDAR" in response.text and "BEGIN:VEVENT" not in response.text


def test_conditional_get(seeded: Chrono, client: TestClient) -> None:
    first = client.get("/calendar.ics?actor=Putin")
    etag = first.headers["etag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = client.get("/calendar.ics?actor=Putin", headers={"If-None-Match": header})
        assert again.status_code == 304, header
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert again.headers["cache-control"] == "public, max-age=300"
    stale = client.get("/calendar.ics?actor=Putin", headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200 and stale.content == first.content
    # If-None-Match wins over If-Modified-Since, whatever the date says.
    future = "Fri, 01 Jan 2100 00:00:00 GMT"
    both = client.get(
        "/calendar.ics?actor=Putin", headers={"If-None-Match": '"old"', "If-Modified-Since": future}
    )
    assert both.status_code == 200
    # A date alone never earns a 304. Removing an event leaves a tombstone whose `updated` is the
    # removal, so Last-Modified moves forward (never back), and the body changes.
    seeded("rm", "putin-visits-tehran", "--yes")
    after = client.get("/calendar.ics?actor=Putin", headers={"If-Modified-Since": future})
    assert after.status_code == 200
    assert parsedate_to_datetime(after.headers["last-modified"]) >= parsedate_to_datetime(
        first.headers["last-modified"]
    )
    assert after.headers["etag"] != etag
    assert client.get("/calendar.ics?actor=Putin", headers={"If-None-Match": etag}).status_code == 200


def test_changed_database_changes_etag(seeded: Chrono, client: TestClient) -> None:
    before = client.get("/timeline.md?tag=drones")
    seeded("edit", "first-shahed-downed-in-ukraine", "--title", "A new title")
    after = client.get("/timeline.md?tag=drones", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert "A new title" in after.text
    assert after.headers["etag"] != before.headers["etag"]
    assert parsedate_to_datetime(after.headers["last-modified"]) >= parsedate_to_datetime(
        before.headers["last-modified"]
    )


WRITES = {  # every kind of write, each of which must give every published view a new ETag
    "edit": ("edit", "first-shahed-downed-in-ukraine", "--title", "Edited"),
    "rm": ("rm", "putin-visits-tehran", "--yes"),
    "add": ("add", "A new event", "--date", "2031-02-03", "--tag", "drones"),
    "tag rename": ("tag", "rename", "drones", "uav"),
    "actor rename": ("actor", "rename", "Putin", "Vladimir Putin"),
    "actor alias": ("actor", "alias", "Putin", "VVP"),
    "feed add": ("feed", "add", "later", "--tag", "war"),
}


@pytest.mark.parametrize("write", WRITES)
def test_every_write_changes_every_etag(seeded: Chrono, client: TestClient, write: str) -> None:
    """ETags come from the database's change mark, not the body: every write, even one that leaves
    a view's events alone, gives a new mark; nothing else does."""
    paths = [f"{path}?actor=Putin" for path, _ in FORMAT_PATHS.values()] + ["/timeline.md?tag=war"]
    before = {path: client.get(path).headers["etag"] for path in paths}
    assert {path: client.get(path).headers["etag"] for path in paths} == before  # reads change nothing
    seeded(*WRITES[write])
    for path in paths:
        after = client.get(path, headers={"If-None-Match": before[path]})
        assert after.status_code == 200, (write, path)
        assert after.headers["etag"] != before[path], (write, path)


def test_a_refused_write_keeps_the_etag(seeded: Chrono, client: TestClient) -> None:
    before = client.get("/calendar.ics").headers["etag"]
    seeded("edit", "no-such-event", "--title", "x", code=3)
    seeded("tag", "rm", "drones", code=5)  # refused inside its write transaction: events carry it
    assert client.get("/calendar.ics", headers={"If-None-Match": before}).status_code == 304


def test_formats_rendered_whole_are_capped_without_the_token(seeded: Chrono) -> None:
    with TestClient(create_app(seeded.db, token=TOKEN, render_limit=5)) as capped:
        count = len(capped.get("/timeline.json").json()["events"])
        for path in ("/timeline.md", "/timeline.svg", "/timeline.html"):
            refused = capped.get(path)
            assert refused.status_code == 400, path
            assert refused.json()["parameter"] == "limit"
            assert f"this view holds {count:,} events" in refused.json()["error"]
            assert "/calendar.ics" in refused.json()["error"]
            assert capped.get(path, params={"limit": 5}).status_code == 200
            assert capped.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
            assert capped.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 400
        assert capped.get("/calendar.ics").status_code == 200  # feeds stream: no cap


def test_head_on_every_get_route(seeded_sqlite: Chrono) -> None:
    from fastapi.routing import APIRoute

    seeded_sqlite("feed", "add", "putin", "--actor", "Putin")
    app = create_app(seeded_sqlite.db)
    paths = [r.path for r in app.routes if isinstance(r, APIRoute) and "GET" in r.methods]
    paths += ["/openapi.json", "/docs"]
    with TestClient(app) as client:
        for path in paths:
            url = path.replace("{name}", "putin").replace("{event_id}", "fall-of-assad")
            got = client.get(url)
            head = client.head(url)
            assert got.status_code == 200, url
            assert head.status_code == 200, url
            assert head.content == b"", url
            for header in ("content-type", "content-length", "etag", "last-modified"):
                assert head.headers.get(header) == got.headers.get(header), (url, header)
        etag = client.get("/calendar.ics").headers["etag"]
        assert client.head("/calendar.ics", headers={"If-None-Match": etag}).status_code == 304


# --- CORS -----------------------------------------------------------------------------------------


def test_cors_default_allows_any_origin(client: TestClient) -> None:
    response = client.get("/timeline.json", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "etag" in response.headers["access-control-expose-headers"].lower()
    preflight = client.options(
        "/events",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "GET" in preflight.headers["access-control-allow-methods"]


def test_cors_configured_origins(seeded_sqlite: Chrono) -> None:
    app = create_app(seeded_sqlite.db, cors_origins=["https://allowed.example"])
    with TestClient(app) as client:
        ok = client.get("/timeline.timelinejs.json", headers={"Origin": "https://allowed.example"})
        assert ok.headers["access-control-allow-origin"] == "https://allowed.example"
        other = client.get("/timeline.timelinejs.json", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = client.options(
            "/timeline.json",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
        )
        assert preflight.status_code == 400


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "parameter", "text"),
    [
        ("/calendar.ics?from=yesterday-ish", "from", "bad date"),
        ("/calendar.ics?to=2024-13", "to", ""),
        ("/calendar.ics?from=2024&to=2022", "to", "before"),
        ("/calendar.ics?from=2024-01-01T10:00&tz=Mars/Olympus", "tz", "time zone"),
        ("/timeline.json?status=rumoured", "status", "bad status"),
        ("/timeline.json?within=perhaps", "within", ""),
        ("/timeline.json?reverse=t", "reverse", "true or false"),
        ("/timeline.json?limit=-1", "limit", ""),
        ("/timeline.json?limit=lots", "limit", ""),
        ("/timeline.json?limit=99999999999999999999999", "limit", ""),
        ("/calendar.ics?imprecise=fuzzy", "imprecise", "marker"),
        ("/timeline.timelinejs.json?group_by=colour", "group_by", "tag"),
        ("/timeline.json?actor=Putin&colour=red", "colour", "unknown query parameter"),
        ("/calendar.ics?group_by=tag", "group_by", "unknown query parameter"),
        ("/events?page=0", "page", ""),
        ("/events?per_page=100000", "per_page", ""),
        ("/actors?from=2022", "from", "unknown query parameter"),
        ("/timeline.json?search=a%00b", "search", "NUL"),
        ("/timeline.json?search=%21%21%21", "search", "no word"),
    ],
)
def test_bad_query_parameters_are_400_with_the_parameter(
    client: TestClient, url: str, parameter: str, text: str
) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["parameter"] == parameter
    assert text in body["error"]
    assert "Traceback" not in response.text


def test_unknown_things_are_404(client: TestClient) -> None:
    for url in (
        "/events/no-such-event",
        "/events/bad%20id",
        "/feeds/nope.ics",
        "/feeds/Bad_Name.md",
        "/nowhere",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "error" in response.json()


def test_wrong_method_is_405(client: TestClient) -> None:
    response = client.post("/calendar.ics")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


# --- events, actors, tags -------------------------------------------------------------------------


def test_events_pagination(seeded: Chrono, client: TestClient) -> None:
    everything = cli_ids(seeded)
    first = client.get("/events?per_page=10").json()
    assert first["total"] == len(everything) == 25
    assert [e["id"] for e in first["events"]] == everything[:10]
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/events?")
    second = client.get(first["next"]).json()
    assert [e["id"] for e in second["events"]] == everything[10:20]
    assert second["previous"] is not None
    last = client.get("/events?per_page=10&page=3").json()
    assert len(last["events"]) == 5 and last["next"] is None
    beyond = client.get("/events?per_page=10&page=9").json()
    assert beyond["events"] == [] and beyond["next"] is None and beyond["total"] == 25
    assert client.get("/events").json()["per_page"] == 100


def test_events_next_link_uses_base_url(seeded_sqlite: Chrono) -> None:
    app = create_app(seeded_sqlite.db, base_url="https://chrono.example/tl/")
    with TestClient(app) as client:
        data = client.get("/events?per_page=5&actor=Iran").json()
        assert data["next"] == "https://chrono.example/tl/events?per_page=5&actor=Iran&page=2"


def test_event_actors_tags_match_the_cli(seeded: Chrono, client: TestClient) -> None:
    shown, _ = seeded("show", "putin-visits-tehran", "--format", "json")
    response = client.get("/events/putin-visits-tehran")
    assert response.json() == json.loads(shown)
    assert response.headers["etag"] and response.headers["last-modified"]
    actors, _ = seeded("actors", "--format", "json")
    assert client.get("/actors").json() == json.loads(actors)
    tags, _ = seeded("tags", "--format", "json")
    assert client.get("/tags").json() == json.loads(tags)


# --- writes ---------------------------------------------------------------------------------------

NEW_EVENT = {
    "id": "putin-meets-trump",
    "title": "Putin and Trump meet in Alaska",
    "start": "2025-08-15",
    "actors": ["Vladimir Putin", "Donald Trump"],
    "tags": ["diplomacy"],
    "location": "Anchorage, Alaska",
    "sources": ["https://example.org/alaska"],
}


def test_read_only_server_never_writes(seeded: Chrono, client: TestClient) -> None:
    before = cli_ids(seeded)
    responses = [
        client.post("/events", json=NEW_EVENT),
        client.post("/events", json=NEW_EVENT, headers=AUTH),
        client.patch("/events/fall-of-assad", json={"title": "x"}, headers=AUTH),
        client.delete("/events/fall-of-assad", headers=AUTH),
    ]
    for response in responses:
        assert response.status_code == 401
        assert "read-only" in response.json()["error"]
    assert cli_ids(seeded) == before
    shown, _ = seeded("show", "fall-of-assad", "--format", "json")
    assert json.loads(shown)["revision"] == 1


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}],
)
def test_writes_need_the_token(seeded: Chrono, writer: TestClient, headers: dict[str, str]) -> None:
    before = cli_ids(seeded)
    for response in (
        writer.post("/events", json=NEW_EVENT, headers=headers),
        writer.post("/events", content=b"not json", headers=headers),
        writer.patch("/events/fall-of-assad", json={"title": "x"}, headers=headers),
        writer.delete("/events/fall-of-assad", headers=headers),
    ):
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert cli_ids(seeded) == before


def test_post_creates_like_chrono_add(seeded: Chrono, writer: TestClient) -> None:
    response = writer.post("/events", json=NEW_EVENT, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == "http://testserver/events/putin-meets-trump"
    shown, _ = seeded("show", "putin-meets-trump", "--format", "json")
    assert response.json() == json.loads(shown)
    assert response.json()["revision"] == 1 and response.json()["precision"] == "day"
    assert "putin-meets-trump" in cli_ids(seeded, "--actor", "Putin")
    again = writer.post("/events", json=NEW_EVENT, headers=AUTH)
    assert again.status_code == 409
    assert "already exists" in again.json()["error"]


def test_post_generates_an_id_and_takes_a_listed_event_back(seeded: Chrono, writer: TestClient) -> None:
    response = writer.post("/events", json={"title": "Something", "date": "2024-05"}, headers=AUTH)
    assert response.status_code == 201
    new_id = response.json()["id"]
    assert len(new_id) == 12 and response.json()["precision"] == "month"
    listed = writer.get("/events/fall-of-assad").json()
    listed["id"] = "fall-of-assad-copy"
    copy = writer.post("/events", json=listed, headers=AUTH)
    assert copy.status_code == 201, copy.text
    assert copy.json()["revision"] == 1  # stamps of the copied event are not taken over
    assert {k: v for k, v in copy.json().items() if k not in ("id", "created", "updated")} == {
        k: v for k, v in listed.items() if k not in ("id", "created", "updated")
    }


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"start": "2024"}, "title", "needs a title"),
        ({"title": "x"}, "start", "needs a start"),
        ({"title": "x", "start": "someday"}, "start", "bad date"),
        ({"title": "x", "start": "2024", "end": "2023"}, "end", "before start"),
        ({"title": "x", "start": "2024-01-01T10:00", "timezone": "Mars/Olympus"}, "timezone", "time zone"),
        ({"title": "x", "start": "2024", "status": "rumoured"}, "status", "bad status"),
        ({"title": "x", "start": "2024", "colour": "red"}, "colour", "unknown event field"),
        ({"title": "x", "start": "2024", "id": "no spaces"}, "id", "bad id"),
        ({"title": "x", "start": "2024", "approximate": "maybe"}, "approximate", "true or false"),
        ({"title": "x", "start": "2024", "actors": [{"role": "host"}]}, "actors", "actor name"),
        ({"title": "x", "start": "2024", "sources": [{}]}, "sources", "url or a title"),
        ({"title": "x", "start": "2024", "precision": "day"}, "precision", "does not match"),
        ({"title": "x\u0000y", "start": "2024"}, "title", "NUL"),
    ],
)
def test_post_rejects_what_chrono_add_rejects(
    seeded: Chrono, writer: TestClient, body: dict[str, Any], field: str, text: str
) -> None:
    before = cli_ids(seeded)
    response = writer.post("/events", json=body, headers=AUTH)
    assert response.status_code == 422, response.text
    error = response.json()
    assert error["field"] == field
    assert text in error["error"]
    assert cli_ids(seeded) == before


def test_post_errors_match_the_cli_message(seeded: Chrono, writer: TestClient) -> None:
    _, err = seeded("add", "x", "--date", "someday", code=4)
    response = writer.post("/events", json={"title": "x", "start": "someday"}, headers=AUTH)
    assert err == f"chrono: error: {response.json()['error']}\n"


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_post_rejects_bodies_that_are_not_objects(writer: TestClient, content: bytes) -> None:
    response = writer.post("/events", content=content, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert "body" in response.json()["error"]


def test_patch_changes_only_what_it_names(seeded: Chrono, writer: TestClient) -> None:
    before = writer.get("/events/fall-of-assad").json()
    response = writer.patch(
        "/events/fall-of-assad", json={"title": "Assad falls", "location": None}, headers=AUTH
    )
    assert response.status_code == 200, response.text
    after = response.json()
    assert after["title"] == "Assad falls" and after["location"] is None
    assert after["revision"] == before["revision"] + 1
    unchanged = {k: v for k, v in before.items() if k not in ("title", "location", "revision", "updated")}
    assert {k: after[k] for k in unchanged} == unchanged
    shown, _ = seeded("show", "fall-of-assad", "--format", "json")
    assert json.loads(shown) == after
    same = writer.patch("/events/fall-of-assad", json={"title": "Assad falls"}, headers=AUTH)
    assert same.json()["revision"] == after["revision"]  # nothing changed, no new revision


def test_empty_patch_changes_no_event(writer: TestClient) -> None:
    """Every field survives the trip through a patch: actors, roles, sources, quotes, zones, flags."""
    for event in writer.get("/events").json()["events"]:
        response = writer.patch(f"/events/{event['id']}", json={}, headers=AUTH)
        assert response.status_code == 200, response.text
        assert response.json() == event, event["id"]


def test_patch_dates(writer: TestClient) -> None:
    span = writer.patch(
        "/events/kharkiv-counteroffensive", json={"start": "2022-09-06/2022-10-03"}, headers=AUTH
    )
    assert span.status_code == 200, span.text
    assert (span.json()["start"], span.json()["end"]) == ("2022-09-06", "2022-10-03")
    single = writer.patch("/events/kharkiv-counteroffensive", json={"end": None}, headers=AUTH)
    assert single.json()["end"] is None
    flags = writer.patch(
        "/events/russia-withdraws-from-kyiv-region", json={"approximate": False}, headers=AUTH
    )
    assert flags.json()["approximate"] is False


def test_patch_errors(seeded: Chrono, writer: TestClient) -> None:
    assert writer.patch("/events/nope", json={"title": "x"}, headers=AUTH).status_code == 404
    renamed = writer.patch("/events/fall-of-assad", json={"id": "other"}, headers=AUTH)
    assert renamed.status_code == 422 and renamed.json()["field"] == "id"
    bad = writer.patch("/events/fall-of-assad", json={"start": "2024-02-30"}, headers=AUTH)
    assert bad.status_code == 422 and bad.json()["field"] == "start"
    shown, _ = seeded("show", "fall-of-assad", "--format", "json")
    assert json.loads(shown)["revision"] == 1


def test_delete(seeded: Chrono, writer: TestClient) -> None:
    response = writer.delete("/events/fall-of-assad", headers=AUTH)
    assert response.status_code == 204 and response.content == b""
    assert "fall-of-assad" not in cli_ids(seeded)
    assert writer.delete("/events/fall-of-assad", headers=AUTH).status_code == 404
    assert writer.get("/events/fall-of-assad").status_code == 404


def test_empty_token_is_refused() -> None:
    from chrono.errors import InvalidInput

    with pytest.raises(InvalidInput):
        create_app(":memory:", token="  ")


# --- the page and the API description -------------------------------------------------------------


def test_index_page_lists_feeds_and_draws_the_timeline(seeded_sqlite: Chrono) -> None:
    seeded_sqlite("feed", "add", "putin", "--actor", "Putin", "--title", "<script>alert(1)</script> & co")
    app = create_app(seeded_sqlite.db, base_url="https://chrono.example")
    with TestClient(app) as client:
        page = client.get("/")
        script = client.get("/assets/timeline.js")
        style = client.get("/assets/timeline.css")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'none'" in policy
    html = page.text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert 'href="webcal://chrono.example/calendar.ics"' in html
    assert 'href="https://chrono.example/calendar.ics"' in html
    assert 'href="webcal://chrono.example/feeds/putin.ics"' in html
    assert 'href="https://chrono.example/feeds/putin.ics"' in html
    assert '<script src="https://chrono.example/assets/timeline.js" defer></script>' in html
    # Nothing comes from anywhere else, and no script is inline.
    assert not re.findall(
        r'(?:src|href)="(?!https://chrono\.example/|webcal://chrono\.example/|#|data:,")', html
    )
    assert re.findall(r"<script(?: [^>]*)?>", html) == [
        '<script src="https://chrono.example/assets/timeline.js" defer>',
        '<script type="application/json" id="chrono-data">',
    ]
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")
    assert "fetch(" not in script.text and "XMLHttpRequest" not in script.text


def test_index_page_filters_as_the_feeds_do(seeded_sqlite: Chrono) -> None:
    app = create_app(seeded_sqlite.db, base_url="https://chrono.example")
    with TestClient(app) as client:
        page = client.get("/", params={"actor": "Putin", "tag": "", "search": "", "from": "2022", "to": ""})
        feed = client.get("/timeline.json", params={"actor": "Putin", "from": "2022"})
        bad = client.get("/", params={"from": "2022-13"})
    data = json.loads(
        re.search(r'<script type="application/json" id="chrono-data">(.*?)</script>', page.text, re.S)[1]
    )  # type: ignore[index]
    assert [e["id"] for e in data["events"]] == [e["id"] for e in feed.json()["events"]]
    assert data["filter"] == "server"
    assert 'href="https://chrono.example/calendar.ics?actor=Putin&amp;from=2022"' in page.text  # this view
    assert bad.status_code == 400 and bad.json()["parameter"] == "from"


def test_index_page_without_events(sqlite_db: str) -> None:
    Chrono(sqlite_db).create()
    with TestClient(create_app(sqlite_db)) as client:
        page = client.get("/")
    assert page.status_code == 200 and "No events yet" in page.text


def test_openapi_and_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/calendar.ics", "/timeline.json", "/timeline.timelinejs.json", "/timeline.md", "/events",
                 "/events/{event_id}", "/actors", "/tags", "/feeds/{name}.ics", "/feeds"):  # fmt: skip
        assert path in schema["paths"], path
    names = {p["name"] for p in schema["paths"]["/calendar.ics"]["get"]["parameters"]}
    assert {"from", "to", "actor", "tag", "within", "search", "status", "limit", "reverse", "tz"} <= names
    assert {"title", "imprecise"} <= names
    assert "requestBody" in schema["paths"]["/events"]["post"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    # Served offline: Swagger UI's files come from this server, not a CDN.
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert assets and all(url.startswith("/") for url in assets), assets
    for url in assets:
        assert client.get(url).status_code == 200, url


# --- the command ----------------------------------------------------------------------------------


def test_cli_does_not_import_the_web_stack(sqlite_db: str) -> None:
    Chrono(sqlite_db).create()
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from chrono.cli import app\n"
        f"for args in (['--help'], ['list', '--db', {sqlite_db!r}], ['feed', 'list', '--db', {sqlite_db!r}]):\n"
        "    assert CliRunner().invoke(app, args).exit_code == 0, args\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fastapi', 'uvicorn', 'starlette')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_serve_refuses_bad_setups(sqlite_db: str, tmp_path: Path) -> None:
    chrono = Chrono(sqlite_db)
    empty = tmp_path / "empty-token"
    empty.write_text("  \n")
    _, err = chrono("serve", "--token-file", str(empty), code=4)
    assert err == f"chrono: error: token file {empty} is empty\n"
    _, err = chrono("serve", "--token-file", str(tmp_path / "missing"), code=4)
    assert err.startswith("chrono: error: cannot read token file") and err.count("\n") == 1
    _, err = chrono("serve", "--base-url", "chrono.example", code=4)
    assert "--base-url" in err and err.count("\n") == 1
    _, err = chrono("serve", code=3)
    assert err.startswith("chrono: error: no database at ")  # serving never creates one
    chrono.create()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        _, err = chrono("serve", "--port", str(port), code=1)
    assert err.startswith(f"chrono: error: cannot listen on 127.0.0.1 port {port}") and err.count("\n") == 1


# --- a real server, subscribed to like a calendar app ---------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def vevents(text: str) -> dict[str, int]:
    """UID -> SEQUENCE of every VEVENT, read with icalendar as a calendar app would."""
    import icalendar

    calendar = icalendar.Calendar.from_ical(text)
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in calendar.walk("VEVENT")}


@pytest.mark.slow
def test_real_server_serves_a_calendar_subscription(seeded_sqlite: Chrono, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("CHRONO_DB", None)
    command = [sys.executable, "-m", "chrono", "serve", "--db", seeded_sqlite.db, "--port", str(port)]
    proc = subprocess.Popen(
        [*command, "--token-file", str(token_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        with httpx.Client(base_url=base, timeout=10) as http:
            deadline = time.monotonic() + 30
            while True:
                assert proc.poll() is None, proc.communicate(timeout=5)
                try:
                    if http.get("/").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the server did not start in 30 s"
                time.sleep(0.1)

            first = http.get("/calendar.ics", params={"actor": "Putin"})
            assert first.status_code == 200
            assert first.headers["content-type"] == "text/calendar; charset=utf-8"
            etag = first.headers["etag"]
            assert etag.startswith('"') and len(etag) == 66
            events = vevents(first.text)
            assert "putin-visits-tehran@chrono" in events

            same = http.get("/calendar.ics", params={"actor": "Putin"}, headers={"If-None-Match": etag})
            assert same.status_code == 304 and same.content == b""

            seeded_sqlite("edit", "putin-visits-tehran", "--title", "Putin visits Tehran for a summit")
            edited = http.get("/calendar.ics", params={"actor": "Putin"}, headers={"If-None-Match": etag})
            assert edited.status_code == 200
            assert edited.headers["etag"] != etag
            assert "Putin visits Tehran for a summit" in edited.text
            after = vevents(edited.text)
            assert after["putin-visits-tehran@chrono"] == events["putin-visits-tehran@chrono"] + 1
            assert {k: v for k, v in after.items() if k != "putin-visits-tehran@chrono"} == {
                k: v for k, v in events.items() if k != "putin-visits-tehran@chrono"
            }

            out, _ = seeded_sqlite(
                "add", "Putin visits Pyongyang", "--date", "2024-06-19", "--actor", "Putin"
            )
            new_id = out.strip()
            added = http.get(
                "/calendar.ics", params={"actor": "Putin"}, headers={"If-None-Match": edited.headers["etag"]}
            )
            assert added.status_code == 200
            assert f"{new_id}@chrono" in vevents(added.text)

            # The token written to the file allows writes over HTTP, and nothing else does.
            assert http.delete(f"/events/{new_id}").status_code == 401
            assert http.delete(f"/events/{new_id}", headers=AUTH).status_code == 204
            # The subscriber's calendar sees it go: cancelled, with a higher SEQUENCE (a tombstone).
            gone = http.get("/calendar.ics?actor=Putin")
            assert vevents(gone.text)[f"{new_id}@chrono"] > vevents(added.text)[f"{new_id}@chrono"]
            assert "STATUS:CANCELLED" in gone.text and "X-CHRONO-REMOVED" in gone.text
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate(timeout=5)
            pytest.fail(f"the server did not stop on SIGTERM:\n{err}")
    assert proc.returncode in (0, -signal.SIGTERM), err
    assert f"{base}/calendar.ics" in err and f"webcal://127.0.0.1:{port}/calendar.ics" in err
    assert "Traceback" not in err
    assert "Shutting down" in err


@pytest.mark.slow
def test_real_server_stops_on_ctrl_c(seeded_sqlite: Chrono) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "chrono", "serve", "--db", seeded_sqlite.db, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/tags", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=5)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


# --- fuzzing the OpenAPI surface ------------------------------------------------------------------


FUZZ_EXAMPLES = int(os.environ.get("CHRONO_FUZZ_EXAMPLES", "40"))  # per operation and mode


@pytest.fixture
def api_schema(seeded: Chrono) -> Any:
    import schemathesis

    seeded("feed", "add", "putin", "--actor", "Putin")
    app = create_app(seeded.db, token=TOKEN)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_fuzz_no_server_errors(api_schema: Any, mode: str) -> None:
    """No generated request to any operation, valid or not, with the token or without, gets a 500.

    Each operation gets its own Hypothesis run (schemathesis's lazy pytest loader does not work with
    pytest 9, so its strategies are driven directly).
    """
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.result import Ok

    generation = GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE
    operations = [op.ok() for op in api_schema.get_all_operations() if isinstance(op, Ok)]
    assert len(operations) >= 15
    for operation in operations:

        @settings(
            max_examples=FUZZ_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(case=operation.as_strategy(generation_mode=generation))
        def check(case: Any) -> None:
            case.call_and_validate(headers=AUTH, checks=[not_a_server_error])
            case.call_and_validate(checks=[not_a_server_error])

        try:
            check()
        except Unsatisfiable:
            if generation is GenerationMode.POSITIVE:
                raise
            # Nothing to make invalid: an operation without parameters or body.


@pytest.mark.parametrize(
    ("options", "patch"),
    [
        (["--date", "2013"], {"start": "2013"}),
        (["--date", "2013~"], {"start": "2013~"}),
        (["--date", "2013", "--approximate"], {"start": "2013", "approximate": True}),
        (["--end", "2016"], {"end": "2016"}),
        (["--not-uncertain"], {"uncertain": False}),
        (["--date", "2020/2022"], {"start": "2020/2022"}),
        (["--clear-end"], {"end": None}),
        (["--title", "Talks resume", "--location", ""], {"title": "Talks resume", "location": ""}),
    ],
)
def test_edit_and_patch_give_the_same_record(
    seeded: Chrono, writer: TestClient, options: list[str], patch: dict[str, Any]
) -> None:
    """One edit model behind both doors: the same change gives the same event."""
    for event_id in ("by-cli", "by-http"):
        seeded(
            "add",
            "Talks",
            "--date",
            "2014",
            "--end",
            "2015",
            "--approximate",
            "--uncertain",
            "--id",
            event_id,
        )
    seeded("edit", "by-cli", *options)
    response = writer.patch("/events/by-http", json=patch, headers=AUTH)
    assert response.status_code == 200, response.text
    by_cli = json.loads(seeded("show", "by-cli", "--format", "json")[0])
    by_http = json.loads(seeded("show", "by-http", "--format", "json")[0])
    ignore = ("id", "created", "updated")
    assert {k: v for k, v in by_cli.items() if k not in ignore} == {
        k: v for k, v in by_http.items() if k not in ignore
    }
