"""fields and models: one validator, one edit model, one true/false rule, errors that name their field."""

from __future__ import annotations

from typing import Any

import pytest

from chrono.errors import InvalidInput
from chrono.fields import apply_patch, event_from_mapping, event_to_mapping, merge_patch
from chrono.models import parse_flag


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True), ("True", True), ("yes", True), ("on", True), ("1", True), (" ON ", True),
        ("false", False), ("no", False), ("off", False), ("0", False), ("", False), (None, False),
        (True, True), (False, False),
    ],
)  # fmt: skip
def test_one_true_false_rule(text: Any, value: bool) -> None:
    assert parse_flag(text, "within") is value


@pytest.mark.parametrize("text", ["maybe", "2", 1, "tru"])
def test_anything_else_is_refused(text: Any) -> None:
    with pytest.raises(InvalidInput, match="within must be true or false"):
        parse_flag(text, "within")


@pytest.mark.parametrize("text", ["on", "off", "", "yes", "0"])
def test_files_and_query_strings_read_flags_alike(text: str) -> None:
    from chrono.filters import Filter

    event, _ = event_from_mapping({"title": "x", "start": "2024", "approximate": text})
    assert Filter.from_params({"within": [text]}).within is event.when.approximate


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"start": "2024"}, "title"),
        ({"title": ["a", "b"], "start": "2024"}, "title"),
        ({"title": "x"}, "start"),
        ({"title": "x", "date": ""}, "date"),
        ({"title": "x", "start": "2024-13"}, "start"),
        ({"title": "x", "start": "2024", "end": "2023"}, "end"),
        ({"title": "x", "start": "2024", "end": "2024-13"}, "end"),
        ({"title": "x", "start": "2024-01-01T10:00", "tz": "Mars/Olympus"}, "tz"),
        ({"title": "x", "start": "2024-01-01T10:00", "timezone": "Mars/Olympus"}, "timezone"),
        ({"title": "x", "start": "2024", "status": "rumoured"}, "status"),
        ({"title": "x", "start": "2024", "colour": "red"}, "colour"),
        ({"title": "x", "start": "2024", "id": "no spaces"}, "id"),
        ({"title": "x", "start": "2024", "uncertain": "maybe"}, "uncertain"),
        ({"title": "x", "start": "2024", "roles": ["host"]}, "roles"),
        ({"title": "x", "start": "2024", "actors": [{"role": "host"}]}, "actors"),
        ({"title": "x", "start": "2024", "tags": [["nested"]]}, "tags"),
        ({"title": "x", "start": "2024", "sources": [{}]}, "sources"),
        ({"title": "x", "start": "2024", "precision": "day"}, "precision"),
        ({"title": "x", "start": "2024", "revision": 0}, "revision"),
        ({"title": "x", "start": "2024", "created": "yesterday"}, "created"),
        ({"title": "x\u0000y", "start": "2024"}, "title"),
        ({"title": "x", "start": "2024", "quantities": [{"name": "dead"}]}, "quantities"),
        ({"title": "x", "start": "2024", "external_ids": ["Q1"]}, "external_ids"),
        ({"title": "x", "start": "2024", "media": "javascript:alert(1)"}, "media"),
        ({"title": "x", "start": "2024", "actors": [{"name": "A", "external_ids": {"": "1"}}]}, "actors"),
    ],
)
def test_errors_name_the_field_at_fault(item: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        event_from_mapping(item)
    assert caught.value.field == field
    assert not str(caught.value).startswith("--")  # the core speaks no CLI words


APPROXIMATE = {"id": "e", "title": "x", "start": "2014", "approximate": True, "uncertain": True}


@pytest.mark.parametrize(
    ("patch", "start", "approximate", "uncertain"),
    [
        ({"title": "y"}, "2014", True, True),  # a change elsewhere keeps the date as it is
        ({"start": "2021"}, "2021", False, False),  # a new date replaces the old one and its qualifiers
        ({"start": "2021~"}, "2021", True, False),
        ({"start": "2021", "approximate": True}, "2021", True, False),
        ({"date": "2021"}, "2021", False, False),
        ({"approximate": False}, "2014", False, True),
        ({"end": "2016"}, "2014", True, True),
    ],
)
def test_the_edit_model(patch: dict[str, Any], start: str, approximate: bool, uncertain: bool) -> None:
    event, _ = event_from_mapping(APPROXIMATE)
    changed = apply_patch(event, patch)
    assert (changed.when.start.iso(), changed.when.approximate, changed.when.uncertain) == (
        start,
        approximate,
        uncertain,
    )


def test_a_new_interval_replaces_the_old_end() -> None:
    current = {**APPROXIMATE, "end": "2016"}
    assert merge_patch(current, {"start": "2020/2022"})["end"] is None
    assert merge_patch(current, {"start": "2020"})["end"] == "2016"


def test_the_id_never_changes() -> None:
    with pytest.raises(InvalidInput, match="never changes") as caught:
        merge_patch(APPROXIMATE, {"id": "other"})
    assert caught.value.field == "id"


def test_stamps_are_the_stores() -> None:
    merged = merge_patch(APPROXIMATE, {"revision": 9, "created": "2020-01-01T00:00:00Z", "precision": "day"})
    assert merged == APPROXIMATE


def test_mapping_round_trip() -> None:
    item = {
        "id": "e",
        "title": "Talks",
        "start": "2024-10-22",
        "end": "2024-10-24",
        "timezone": None,
        "approximate": False,
        "uncertain": True,
        "status": "disputed",
        "description": "Long talks.",
        "location": "Kazan",
        "actors": ["Vladimir Putin", "Masoud Pezeshkian"],
        "roles": {"Vladimir Putin": "host"},
        "tags": ["brics"],
        "sources": [
            {
                "url": "https://example.org/a",
                "title": "A",
                "publisher": None,
                "published": "2024-10-24",
                "archive_url": None,
                "quote": "q",
            }
        ],
    }
    event, _ = event_from_mapping(item)
    assert event_to_mapping(event) == item


def test_mapping_round_trip_with_data_fields() -> None:
    item = {
        "title": "Strike",
        "start": "2024-05-01",
        "quantities": [
            {"name": "drones", "value": 11000, "qualifier": ">", "unit": "drones", "source": None}
        ],
        "external_ids": {"acled": "UKR1"},
        "media": {
            "url": "https://e.org/a.jpg",
            "credit": "AP",
            "caption": None,
            "alt": "A",
            "thumbnail": None,
        },
    }
    event, _ = event_from_mapping(item)
    mapping = event_to_mapping(event)
    assert {k: mapping[k] for k in ("quantities", "external_ids", "media")} == {
        k: item[k] for k in ("quantities", "external_ids", "media")
    }
    assert event_from_mapping(mapping)[0] == event


@pytest.mark.parametrize(
    ("actors", "expected"),
    [
        ([{"name": "A", "role": "actor 1"}, {"name": "a", "role": "associated with actor 2"}],
         [("A", "actor 1; associated with actor 2")]),
        ([{"name": "A", "role": "x"}, {"name": "A", "role": "x"}], [("A", "x")]),
        ([{"name": "A", "role": "x; y"}, {"name": "A", "role": "y; z"}, "B"], [("A", "x; y; z"), ("B", None)]),
        (["A", {"name": "A", "role": "host"}], [("A", "host")]),
        ([{"name": "A", "kind": "person"}, {"name": "A", "aliases": ["Al"]}], [("A", None)]),
    ],
)  # fmt: skip
def test_an_actor_named_twice_keeps_every_role(
    actors: list[Any], expected: list[tuple[str, str | None]]
) -> None:
    event, _ = event_from_mapping({"title": "x", "start": "2024", "actors": actors})
    assert [(a.name, a.role) for a in event.actors] == expected
