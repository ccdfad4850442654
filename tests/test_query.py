"""The Filter: built from strings, it names the parameter at fault and describes itself in words."""

from __future__ import annotations

import math
from typing import Any

import pytest

from chrono.errors import InvalidInput
from chrono.filters import Filter
from chrono.places import Geo, distance_km


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"from": ["2024-13"]}, "from", "bad date '2024-13'"),
        ({"to": ["someday"]}, "to", "bad date 'someday'"),
        ({"from": ["2024"], "to": ["2023"]}, "to", "'2023' ends before the range starts ('2024')"),
        ({"tz": ["Nowhere/Land"]}, "tz", "unknown time zone"),
        ({"status": ["maybe"]}, "status", "bad status 'maybe'"),
        ({"limit": ["ten"]}, "limit", "must be a whole number"),
        ({"limit": ["99999999999"]}, "limit", "must be from 0 to"),
        ({"search": ["?!"]}, "search", "has no word to look for"),
        ({"within": ["perhaps"]}, "within", "true or false"),
        ({"reverse": ["perhaps"]}, "reverse", "true or false"),
        ({"near": ["48.85"], "km": ["5"]}, "near", "give a point as LAT,LON"),
        (
            {"near": ["48.85,200"], "km": ["5"]},
            "near",
            "longitude must be a number of degrees from -180 to 180",
        ),
        ({"near": ["48.85,2.35"]}, "km", "give the distance from near, in km"),
        ({"km": ["5"]}, "near", "give the point (LAT,LON) that km is measured from"),
        ({"near": ["48.85,2.35"], "km": ["-1"]}, "km", "must be a distance in km above 0"),
        ({"min": ["fatalities"]}, "min", "write NAME=N, as in fatalities=10"),
        ({"min": ["fatalities=many"]}, "min", "bad quantity value 'many'"),
        ({"min": ["=3"]}, "min", "write NAME=N"),
    ],
)
def test_errors_name_their_parameter(params: dict[str, list[str]], parameter: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Filter.from_params(params)
    assert caught.value.parameter == parameter
    assert message in str(caught.value)
    assert "--" not in str(caught.value)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({}, "all events"),
        ({"actors": ["Vladimir Putin"]}, "events with Vladimir Putin"),
        ({"actors": ["Putin", "Raisi"], "tags": ["iran"]}, "events with Putin and Raisi tagged iran"),
        ({"start": "2022", "end": "2022"}, "events, in 2022"),
        ({"start": "2022", "end": "2024", "within": True}, "events, entirely 2022 – 2024"),
        ({"start": "2022-07"}, "events, from Jul 2022 on"),
        ({"status": "disputed", "limit": 3}, "disputed events (first 3)"),
        ({"search": "drones", "limit": 3, "reverse": True}, "events mentioning “drones” (last 3)"),
        ({"near": "48.85,2.35", "km": "50"}, "events within 50 km of 48.85° N, 2.35° E"),
        ({"tags": ["war"], "near": "-33.45,-70.6667", "km": 2.5, "start": "2024"},
         "events tagged war within 2.5 km of 33.45° S, 70.6667° W, from 2024 on"),
        ({"minimums": ["fatalities=10"]}, "events with at least 10 fatalities"),
        (
            {"tags": ["war"], "minimums": ["Drones=1000", "dead=2.5"]},
            "events tagged war with at least 1,000 drones and at least 2.5 dead",
        ),
        ({"sources": ["reuters", "apnews.com"]}, "events citing reuters and apnews.com"),
    ],
)  # fmt: skip
def test_describe(kwargs: dict[str, Any], words: str) -> None:
    assert Filter.build(**kwargs).describe() == words


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start": "2022-07", "end": "2024", "within": True},
        {"actors": ["Putin"], "tags": ["iran", "drones"], "search": "deal", "status": "confirmed"},
        {"limit": 5, "reverse": True},
        {"near": "48.85,2.35", "km": "50", "tags": ["war"]},
        {"near": "-89.999,-179.9", "km": "0.25"},
        {"minimums": ["fatalities=10", "drones=0.5"]},
        {"sources": ["Reuters", "bbc.co.uk"], "tags": ["war"]},
    ],
)
def test_params_round_trip(kwargs: dict[str, Any]) -> None:
    flt = Filter.build(**kwargs)
    assert Filter.from_params(flt.to_params()) == flt


def test_every_criterion_reaches_every_door() -> None:
    """A criterion is one row: the CLI's options, the API's parameters and the saved feeds follow."""
    from typer.main import get_command

    from chrono.cli import app
    from chrono.cli.options import FILTER_OPTIONS
    from chrono.filters import CRITERIA
    from chrono.server.params import EventsQuery

    api = {field.alias or name for name, field in EventsQuery.model_fields.items()}
    assert {row.param for row in CRITERIA} <= api
    assert {name for name, _, _ in FILTER_OPTIONS} == {row.field for row in CRITERIA}
    listing = get_command(app).get_command(None, "list")  # type: ignore[attr-defined]
    options = {param.name for param in listing.params}
    assert {row.field for row in CRITERIA} <= options


# --- --near on a database ---------------------------------------------------------------------


def _points() -> list[tuple[float, float]]:
    """Points all over the Earth, and crowded where boxes are hard: the poles, the antimeridian."""
    import random

    rng = random.Random(7142611)
    points = [(math.degrees(math.asin(rng.uniform(-1, 1))), rng.uniform(-180, 180)) for _ in range(300)]
    points += [(rng.uniform(85, 90), rng.uniform(-180, 180)) for _ in range(60)]
    points += [(rng.uniform(-90, -86), rng.uniform(-180, 180)) for _ in range(40)]
    points += [(rng.uniform(-20, 20), rng.choice([-1, 1]) * rng.uniform(175, 180)) for _ in range(60)]
    points += [(48.8566 + rng.uniform(-0.05, 0.05), 2.3522 + rng.uniform(-0.05, 0.05)) for _ in range(40)]
    points += [(90.0, 0.0), (-90.0, 0.0), (0.0, 180.0), (0.0, -180.0), (48.8566, 2.3522)]
    return points


CENTERS = [
    (48.8566, 2.3522),
    (89.9, 30.0),
    (-88.5, -120.0),
    (0.0, 179.9),
    (10.0, -179.95),
    (0.0, 0.0),
    (-33.45, -70.6667),
]
RADII = [0.5, 5, 120, 1500, 9000, 20015.08]


@pytest.fixture
def placed(db_url: str) -> tuple[Any, list[tuple[str, Geo]]]:
    from chrono.db import Database
    from chrono.fields import event_from_mapping
    from chrono.store import save_events

    db = Database.open(db_url)
    events, geos = [], []
    for number, (lat, lon) in enumerate(_points()):
        event, _ = event_from_mapping(
            {
                "id": f"p{number}",
                "title": f"Point {number}",
                "start": "2024",
                "latitude": lat,
                "longitude": lon,
            }
        )
        events.append(event)
        geos.append((f"p{number}", Geo(lat, lon)))
    unplaced, _ = event_from_mapping(
        {"id": "nowhere", "title": "Nowhere", "start": "2024", "location": "Paris"}
    )
    with db.writer() as conn:
        save_events(conn, [*events, unplaced])
    return db, geos


def test_near_finds_exactly_the_points_within_the_distance(placed: tuple[Any, list[tuple[str, Geo]]]) -> None:
    """The box in SQL and the exact test give what the haversine distance says, on either engine,
    near the poles and across the antimeridian too (points within a metre of the circle aside)."""
    from chrono.query import select_ids

    db, geos = placed
    with db.reader() as reader:
        for center in CENTERS:
            for km in RADII:
                flt = Filter.build(near=f"{center[0]},{center[1]}", km=str(km))
                found = set(select_ids(reader, flt))
                point = Geo(*center)
                distances = {pid: distance_km(point, geo) for pid, geo in geos}
                clear = {pid for pid, d in distances.items() if abs(d - km) > 0.001}
                assert found & clear == {pid for pid in clear if distances[pid] <= km}, (center, km)
                assert "nowhere" not in found


def test_near_works_with_the_other_filters_and_counts(placed: tuple[Any, list[tuple[str, Geo]]]) -> None:
    from chrono.query import count_events, select_events, select_page

    db, _ = placed
    flt = Filter.build(near="48.8566,2.3522", km="10", limit=5, reverse=True)
    with db.reader() as reader:
        records = select_events(reader, flt)
        assert len(records) == 5 and count_events(reader, flt) == 5
        assert all(r.geo is not None and distance_km(r.geo, Geo(48.8566, 2.3522)) <= 10 for r in records)
        everything = Filter.build(near="48.8566,2.3522", km="10")
        pages = [select_page(reader, everything, page, 20) for page in (1, 2, 3, 4)]
        assert sum(map(len, pages)) == count_events(reader, everything) == 41  # the 40 around Paris and Paris
        assert [len(p) for p in pages] == [20, 20, 1, 0]


# --- --source: events citing a publisher or a web domain ------------------------------------------

SOURCED = [  # (id, sources)
    ("reuters", [{"url": "https://www.reuters.com/world/a", "publisher": "Reuters"}]),
    ("reuters-url-only", [{"url": "https://reuters.com/b"}]),
    ("thomson", [{"title": "Wire", "publisher": "Thomson Reuters"}]),
    ("lookalike", [{"url": "https://notreuters.com/c", "publisher": "Other"}]),
    ("in-path", [{"url": "https://example.org/reuters.com/d"}]),
    ("bbc", [{"url": "https://www.bbc.co.uk/news/e", "publisher": "BBC"}]),
    ("both", [{"url": "https://www.bbc.co.uk/f"}, {"url": "https://uk.reuters.com/g"}]),
    ("wild", [{"title": "T", "publisher": "100% News_Desk"}]),
    ("none", []),
]


@pytest.fixture
def sourced(db_url: str) -> Any:
    from chrono.db import Database
    from chrono.fields import event_from_mapping
    from chrono.store import add_event

    db = Database.open(db_url)
    for number, (event_id, sources) in enumerate(SOURCED):
        event, _ = event_from_mapping(
            {"id": event_id, "title": event_id, "start": f"2024-01-{number + 1:02d}", "sources": sources}
        )
        add_event(db, event)
    yield db
    db.dispose()


@pytest.mark.parametrize(
    ("sources", "ids"),
    [
        (["reuters"], ["reuters", "reuters-url-only", "thomson", "both"]),
        (["REUTERS.com"], ["reuters", "reuters-url-only", "both"]),
        (["www.reuters.com"], ["reuters"]),
        (["co.uk"], ["bbc", "both"]),
        (["reuters", "bbc"], ["both"]),
        (["100%"], ["wild"]),
        (["_"], ["wild"]),
        (["%"], ["wild"]),
        (["nobody"], []),
    ],
)
def test_source_finds_events_citing_a_publisher_or_domain(
    sourced: Any, sources: list[str], ids: list[str]
) -> None:
    from chrono.query import select_events

    with sourced.reader() as reader:
        found = [e.id for e in select_events(reader, Filter.build(sources=sources))]
    assert found == [event_id for event_id, _ in SOURCED if event_id in ids]
