"""GeoJSON export: a FeatureCollection of the events with a point, checked with the `geojson` library
and RFC 7946's shape; events without a point counted, on stderr and in the description; served too."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geojson
import pytest

from chrono.server import create_app
from tests.helpers import Chrono

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

EVENTS = """\
- id: verdun
  title: Battle of Verdun begins
  date: 1916-02-21
  location: Verdun
  latitude: 49.16
  longitude: 5.38
  geo_precision: town
  actors: [France, Germany]
  tags: [war]
  sources: [https://example.org/verdun]
- id: santiago
  title: Protest in Santiago
  date: 2019-10~
  location: Santiago, Chile
  latitude: -33.45
  longitude: -70.6667
  sources: [{title: El Mercurio}]
- id: somewhere
  title: A treaty, place unknown
  date: 1648
"""


@pytest.fixture
def placed(chrono: Chrono, tmp_path: Path) -> Chrono:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS)
    chrono("import", str(path))
    return chrono


def test_export_is_valid_geojson_with_the_events_properties(placed: Chrono, tmp_path: Path) -> None:
    out = tmp_path / "map.geojson"
    _, err = placed("export", "geojson", "--title", "Places", "-o", str(out))
    assert err.splitlines() == [
        f"wrote 2 event(s) to {out}",
        "left out 1 event(s) without coordinates, which a map cannot place",
    ]
    collection = geojson.loads(out.read_text(encoding="utf-8"))
    assert isinstance(collection, geojson.FeatureCollection) and collection.is_valid, collection.errors()
    verdun, santiago = collection["features"]
    assert isinstance(verdun, geojson.Feature) and isinstance(verdun.geometry, geojson.Point)
    assert verdun["id"] == "verdun" and verdun.geometry["coordinates"] == [5.38, 49.16]  # lon, lat
    assert verdun["properties"] == {
        "id": "verdun", "title": "Battle of Verdun begins", "date": "21 Feb 1916", "edtf": "1916-02-21",
        "location": "Verdun", "geo_precision": "town", "status": "confirmed", "actors": ["France", "Germany"],
        "tags": ["war"], "url": "https://example.org/verdun",
    }  # fmt: skip
    assert santiago.geometry["coordinates"] == [-70.6667, -33.45]
    assert santiago["properties"]["edtf"] == "2019-10~" and santiago["properties"]["url"] is None
    assert collection["title"] == "Places"
    assert collection["description"] == (
        "All events.\n1 event(s) without coordinates are left out: a map cannot place them."
    )


def test_rfc_7946_shape(placed: Chrono) -> None:
    """What RFC 7946 asks, checked by hand too: members, types, positions in range, [lon, lat]."""
    document = json.loads(placed("export", "geojson", "-o", "-")[0])
    assert document["type"] == "FeatureCollection" and isinstance(document["features"], list)
    for feature in document["features"]:
        assert set(feature) == {"type", "id", "geometry", "properties"} and feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        assert isinstance(feature["properties"], dict) and isinstance(feature["id"], str)


def test_bytes_are_deterministic_and_follow_the_filter(placed: Chrono, tmp_path: Path) -> None:
    first = placed("export", "geojson", "-o", "-")[0]
    assert placed("export", "geojson", "-o", "-")[0] == first
    assert first.endswith("]}\n") and first.count("\n") == 4  # the head, one line a feature, the tail
    near, err = placed("export", "geojson", "-o", "-", "--near", "-33.4,-70.6", "--km", "20")
    assert [f["id"] for f in json.loads(near)["features"]] == ["santiago"] and err == ""
    none = json.loads(placed("export", "geojson", "-o", "-", "--tag", "nothing")[0])
    assert geojson.loads(json.dumps(none)).is_valid and none["features"] == []


def test_served_through_the_formats_registry(placed: Chrono) -> None:
    with TestClient(create_app(placed.db)) as client:
        response = client.get("/timeline.geojson", params={"near": "49,5.5", "km": "50"})
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/geo+json"
        collection = geojson.loads(response.text)
        assert collection.is_valid and [f["id"] for f in collection["features"]] == ["verdun"]
        assert collection["description"] == "Events within 50 km of 49° N, 5.5° E."
        bad = client.get("/timeline.geojson", params={"near": "49", "km": "50"})
        assert bad.status_code == 400 and bad.json()["parameter"] == "near"
        assert "LAT,LON" in bad.json()["error"]
        km = client.get("/events", params={"near": "49,5.5", "km": "far"})
        assert km.status_code == 400 and km.json()["parameter"] == "km"
        events = client.get("/events", params={"near": "49,5.5", "km": "50"}).json()
        assert [e["id"] for e in _events(events)] == ["verdun"] and _events(events)[0]["latitude"] == 49.16


def _events(body: Any) -> list[dict[str, Any]]:
    return body["events"] if isinstance(body, dict) else body


@pytest.fixture
def feed(placed: Chrono) -> Iterator[Chrono]:
    placed("feed", "add", "verdun-area", "--near", "49.2,5.4", "--km", "25", "--title", "Around Verdun")
    yield placed


def test_a_saved_feed_keeps_near(feed: Chrono) -> None:
    out, _ = feed("feed", "list", "--format", "json")
    [saved] = json.loads(out)
    assert saved["params"] == {"near": ["49.2,5.4"], "km": ["25"]}
    with TestClient(create_app(feed.db)) as client:
        response = client.get("/feeds/verdun-area.geojson")
        assert response.status_code == 200
        assert [f["id"] for f in geojson.loads(response.text)["features"]] == ["verdun"]
        calendar = client.get("/feeds/verdun-area.ics").text
        assert "GEO:49.16;5.38" in calendar and "Santiago" not in calendar
