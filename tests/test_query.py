"""The Filter: built from strings, it names the parameter at fault and describes itself in words."""

from __future__ import annotations

from typing import Any

import pytest

from chrono.errors import InvalidInput
from chrono.filters import Filter


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
    ],
)
def test_describe(kwargs: dict[str, Any], words: str) -> None:
    assert Filter.build(**kwargs).describe() == words


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start": "2022-07", "end": "2024", "within": True},
        {"actors": ["Putin"], "tags": ["iran", "drones"], "search": "deal", "status": "confirmed"},
        {"limit": 5, "reverse": True},
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
