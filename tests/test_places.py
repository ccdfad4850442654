"""places: an event's point, checked like every event field; its words; great-circle distances."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from chrono.errors import InvalidInput
from chrono.fields import event_from_mapping, event_to_mapping
from chrono.places import GEO_PRECISIONS, Geo, Near, distance_km, number_text, parse_words

EVENT = {"title": "Talks", "start": "2024-02-24"}


@pytest.mark.parametrize(
    ("fields", "geo"),
    [
        ({}, None),
        ({"latitude": 48.8566, "longitude": 2.3522}, Geo(48.8566, 2.3522)),
        ({"latitude": "-33.45", "longitude": " -70.6667 "}, Geo(-33.45, -70.6667)),  # CSV cells are text
        ({"latitude": 90, "longitude": -180, "geo_precision": "Country"}, Geo(90.0, -180.0, "country")),
        ({"latitude": -0.0, "longitude": 0, "geo_precision": ""}, Geo(0.0, 0.0)),
        ({"latitude": None, "longitude": "", "geo_precision": None}, None),
    ],
)
def test_points_that_are_kept(fields: dict[str, Any], geo: Geo | None) -> None:
    event, _ = event_from_mapping({**EVENT, **fields})
    assert event.geo == geo


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"latitude": 90.5, "longitude": 0},
            "latitude",
            "latitude must be a number of degrees from -90 to 90, not 90.5",
        ),
        ({"latitude": 0, "longitude": -180.01}, "longitude", "from -180 to 180, not -180.01"),
        ({"latitude": "north", "longitude": 0}, "latitude", "not 'north'"),
        ({"latitude": True, "longitude": 0}, "latitude", "not True"),
        ({"latitude": float("nan"), "longitude": 0}, "latitude", "not nan"),
        ({"latitude": "inf", "longitude": 0}, "latitude", "not 'inf'"),
        ({"latitude": [1], "longitude": 0}, "latitude", "not [1]"),
        ({"latitude": 10}, "longitude", "give both latitude and longitude (longitude is missing)"),
        ({"longitude": 10, "latitude": " "}, "latitude", "(latitude is missing)"),
        ({"geo_precision": "town"}, "geo_precision", "geo_precision needs a latitude and a longitude"),
        (
            {"latitude": 1, "longitude": 2, "geo_precision": "street"},
            "geo_precision",
            "use one of exact, town",
        ),
    ],
)
def test_bad_points_name_their_field(fields: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        event_from_mapping({**EVENT, **fields})
    assert caught.value.field == field
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_bad_points_in_a_file_are_one_line_with_file_and_line(chrono: Any, tmp_path: Any) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        "- title: A\n  date: 2024\n  latitude: 12\n  longitude: 10\n- title: B\n  date: 2024\n  latitude: 95\n  longitude: 10\n"
    )
    chrono("add", "Before", "--date", "2020", "--id", "before")
    _, err = chrono("import", str(path), code=4)
    assert err == f"chrono: error: {path}:7: latitude must be a number of degrees from -90 to 90, not 95\n"
    assert chrono("list", "--format", "ids")[0] == "before\n"  # nothing half-written


COORDINATES = st.tuples(st.floats(-90, 90), st.floats(-180, 180))


@given(COORDINATES, st.sampled_from([None, *GEO_PRECISIONS]))
def test_words_read_back_as_the_same_point(point: tuple[float, float], precision: str | None) -> None:
    geo = Geo(point[0] + 0.0, point[1] + 0.0, precision)
    assert parse_words(geo.words()) == geo
    assert float(number_text(geo.latitude)) == geo.latitude and "e" not in number_text(geo.latitude)


@given(COORDINATES, st.sampled_from([None, *GEO_PRECISIONS]))
def test_event_mapping_round_trip_keeps_the_point(point: tuple[float, float], precision: str | None) -> None:
    given_fields = {"latitude": point[0], "longitude": point[1], "geo_precision": precision}
    event, _ = event_from_mapping({**EVENT, **given_fields})
    again, _ = event_from_mapping(event_to_mapping(event))
    assert again.geo == event.geo and again.content() == event.content()


@pytest.mark.parametrize(
    ("text", "geo"),
    [
        ("48.8566° N, 2.3522° E", Geo(48.8566, 2.3522)),
        ("33.45° S, 70.6667° W (town)", Geo(-33.45, -70.6667, "town")),
        ("95° N, 2° E", None),
        ("48.8566° N, 2.3522° E (street)", None),
        ("Paris", None),
    ],
)
def test_parse_words(text: str, geo: Geo | None) -> None:
    assert parse_words(text) == geo


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        (Geo(48.8566, 2.3522), Geo(51.5072, -0.1276), 343.53),  # Paris – London, on the sphere
        (Geo(0, 179.5), Geo(0, -179.5), 111.2),  # across the antimeridian
        (Geo(90, 0), Geo(-90, 0), math.pi * 6371.0088),  # pole to pole
        (Geo(10, 10), Geo(10, 10), 0.0),
    ],
)
def test_distance_km(a: Geo, b: Geo, km: float) -> None:
    assert distance_km(a, b) == pytest.approx(km, abs=0.05)


@pytest.mark.parametrize(
    ("near", "km", "parameter", "message"),
    [
        ("48.85", "10", "near", "give a point as LAT,LON in decimal degrees (48.85,2.35), not '48.85'"),
        ("91,2", "10", "near", "latitude must be a number of degrees from -90 to 90, not '91'"),
        ("48,x", "10", "near", "longitude must be a number of degrees from -180 to 180, not 'x'"),
        ("48,2", None, "km", "give the distance from near, in km"),
        (None, "10", "near", "give the point (LAT,LON) that km is measured from"),
        ("48,2", "0", "km", "must be a distance in km above 0, not '0'"),
        ("48,2", "-3", "km", "above 0, not '-3'"),
        ("48,2", "ten", "km", "not 'ten'"),
        ("48,2", "inf", "km", "not 'inf'"),
    ],
)
def test_near_errors_name_their_parameter(
    near: str | None, km: str | None, parameter: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        Near.parse(near, km)
    assert caught.value.parameter == parameter
    assert str(caught.value).endswith(message) and "\n" not in str(caught.value)


def test_near_of_nothing_is_no_filter() -> None:
    assert Near.parse(None, None) is None
    near = Near.parse(" 48.85 , 2.35 ", "12.5")
    assert near == Near(Geo(48.85, 2.35), 12.5)
    assert near is not None and near.describe() == "within 12.5 km of 48.85° N, 2.35° E"


@given(COORDINATES, st.floats(0.001, 25_000))
@example((90.0, 0.0), 0.001)  # a circle of a metre around the pole
@example((0.0, 179.99999), 5.0)  # across the antimeridian
def test_the_box_holds_every_point_within_reach(center: tuple[float, float], km: float) -> None:
    """The box's bounds (the SQL prefilter) never exclude a point on the circle of radius km."""
    near = Near(Geo(*center), km)
    sql, params = near.condition()
    south, north = params[0], params[1]
    angle = min(km / 6371.0088, math.pi)
    lat0, lon0 = math.radians(center[0]), math.radians(center[1])
    for bearing in range(0, 360, 15):
        theta = math.radians(bearing)
        lat = math.asin(math.sin(lat0) * math.cos(angle) + math.cos(lat0) * math.sin(angle) * math.cos(theta))
        lon = lon0 + math.atan2(
            math.sin(theta) * math.sin(angle) * math.cos(lat0),
            math.cos(angle) - math.sin(lat0) * math.sin(lat),
        )
        # asin near ±1 (a circle around a pole) is good to some 1e-8 degrees here, a millimetre; the
        # box's margin is ten times that
        lat_deg, slack = math.degrees(lat), 1e-8
        lon_deg = (math.degrees(lon) + 540) % 360 - 180
        assert south - slack <= lat_deg <= north + slack
        if "longitude BETWEEN" in sql:
            assert params[2] <= lon_deg <= params[3] or abs(abs(lat_deg) - 90) < 1e-6
        elif "longitude >=" in sql:
            assert lon_deg >= params[2] or lon_deg <= params[3] or abs(abs(lat_deg) - 90) < 1e-6


def test_add_and_edit_at_a_point(chrono: Any) -> None:
    chrono(
        "add",
        "Talks",
        "--date",
        "2025-02-11",
        "--location",
        "Paris",
        "--at",
        "48.8566,2.3522",
        "--geo-precision",
        "town",
        "--id",
        "t",
    )
    shown, _ = chrono("show", "t")
    assert "point:     48.8566° N, 2.3522° E (town)" in shown.splitlines()
    chrono("edit", "t", "--at", "48.86,2.35")  # a new point replaces the old precision
    assert _point(chrono, "t") == (48.86, 2.35, None)
    chrono("edit", "t", "--geo-precision", "exact")
    assert _point(chrono, "t") == (48.86, 2.35, "exact")
    chrono("edit", "t", "--at", "")
    assert _point(chrono, "t") == (None, None, None)
    for args, message in (
        (["edit", "t", "--at", "91,2"], "latitude must be a number of degrees from -90 to 90, not '91'"),
        (["add", "X", "--date", "2024", "--at", "48"], "give a point as LAT,LON in decimal degrees"),
        (
            ["add", "X", "--date", "2024", "--geo-precision", "town"],
            "geo_precision needs a latitude and a longitude",
        ),
    ):
        _, err = chrono(*args, code=4)
        assert err.startswith("chrono: error: ") and message in err and err.count("\n") == 1, err


def _point(chrono: Any, event_id: str) -> tuple[Any, Any, Any]:
    import json

    shown = json.loads(chrono("show", event_id, "--format", "json")[0])
    return shown.get("latitude"), shown.get("longitude"), shown.get("geo_precision")


def test_http_bodies_carry_the_point(chrono: Any) -> None:
    import warnings

    from chrono.server import create_app

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    chrono("add", "Seed", "--date", "2020")
    auth = {"Authorization": "Bearer token-of-test"}
    with TestClient(create_app(chrono.db, token="token-of-test")) as client:
        made = client.post(
            "/events",
            json={"id": "k", "title": "Kyiv", "start": "2024", "latitude": 50.45, "longitude": 30.52},
            headers=auth,
        )
        assert made.status_code == 201, made.text
        assert client.get("/events/k").json()["latitude"] == 50.45
        bad = client.patch("/events/k", json={"latitude": 123}, headers=auth)
        assert bad.status_code == 422 and bad.json()["field"] == "latitude"
        cleared = client.patch("/events/k", json={"latitude": None, "longitude": None}, headers=auth)
        assert cleared.status_code == 200 and "latitude" not in client.get("/events/k").json()


def test_renames_and_re_imports_keep_the_point(chrono: Any, tmp_path: Any) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(
        "- id: k\n  title: Talks\n  date: 2024\n  actors: [Kyiv City]\n  tags: [war]\n  latitude: 50.45\n  longitude: 30.52\n"
    )
    chrono("import", str(path))
    chrono("actor", "rename", "Kyiv City", "Kyiv city council")
    chrono("tag", "rename", "war", "conflict")
    assert _point(chrono, "k") == (50.45, 30.52, None)
    _, err = chrono("import", str(path))
    assert err.startswith("imported 1 file(s): 0 added, 1 updated")  # the tag and actor came back
    path.write_text(path.read_text().replace("30.52", "30.5234"))
    _, err = chrono("import", str(path))
    assert err.startswith("imported 1 file(s): 0 added, 1 updated") and _point(chrono, "k")[1] == 30.5234
    _, err = chrono("import", str(path))
    assert err.startswith("imported 1 file(s): 0 added, 0 updated, 1 unchanged")


@pytest.mark.postgres
def test_db_copy_to_postgresql_keeps_every_point(pg_url: str, tmp_path: Any) -> None:
    from tests.helpers import ROOT, Chrono

    lite = Chrono(str(tmp_path / "lite.db"))
    lite("import", str(ROOT / "tests" / "data" / "places" / "ukraine.yaml"))
    Chrono(pg_url)("db", "copy", str(tmp_path / "lite.db"), pg_url, db=False)
    pg = Chrono(pg_url)
    assert pg("list", "--format", "json")[0] == lite("list", "--format", "json")[0]
    near = ("list", "--near", "50.45,30.52", "--km", "500", "--format", "ids")
    assert pg(*near)[0] == lite(*near)[0] == "kharkiv-strikes\nkyiv-drone-attack\n"
