"""The import's fast path accepts and rejects exactly what the full validator does, as the same event."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chrono.canonical import event_from_mapping_fast, fast_event
from chrono.errors import ChronoError
from chrono.fields import Defaults, event_from_mapping
from chrono.models import ActorRef, EventInput, name_key
from chrono.store import digest

# Values of every kind a file may hold: chrono's own spellings, near misses and plain nonsense.
DATES = st.one_of(
    st.sampled_from(
        [
            "2024", "2024-02", "2024-02-29", "2023-02-29", "2024-13", "2024-00-10", "2021~", "2021?",
            "2021-05%", "2022-02-24T04:00", "2022-02-24T04:00+03:00", "2022-02-24T25:00", "2024/2025",
            "2024-03-01/2024-03-05", "2024-03-05/2024-03-01", "1999-12", "0001", "  2024 ", "", "soon",
            "2022-03-27T02:30", "2024-02-24T04:00:30Z", "2024-W05", "-0044",
            "3 days before ev1", "five months after Talks", "3 dayz before ev1", "1 day after ev1/2 days after ev1",
            "2022-11-01T14:00:00Z", "2022-11-01T14:00:00.5Z", "2022-11-01 14:00 Europe/Kyiv",
            "2022-11-01 14:00 Europe/Kiyv",
        ]
    ),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%Y-%m")),
    st.integers(-5, 3000),
    st.none(),
    st.booleans(),
)  # fmt: skip
TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "Talks",
            "  Talks   in  Vienna ",
            "a\x00b",
            "a\x1b[31mb",
            "\x85",
            "\ud800",
            "Київ",
            "x" * 2001,
        ]
    ),
    st.text(max_size=12),
)
NAMES = st.one_of(TEXT, st.integers(0, 9), st.none(), st.booleans())
SOURCE = st.one_of(
    st.sampled_from(["https://example.org/a", " ", "", "https://example.org/a\nb", "not a url"]),
    st.dictionaries(
        st.sampled_from(
            ["url", "title", "publisher", "published", "archive_url", "quote", "page", "__line__"]
        ),
        st.one_of(TEXT, DATES, st.none(), st.sampled_from(["https://a.example/x", "https://a.example/\r"])),
        max_size=4,
    ),
    st.integers(),
)
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "id": st.one_of(st.sampled_from(["ev1", "a.b_c-d", "-bad", "has space", "x" * 65, ""]), st.integers(0, 9)),
    "title": st.one_of(TEXT, st.integers(), st.none()),
    "start": DATES,
    "anchored": st.sampled_from(["3 days before ev1", "2 weeks after a.b_c-d", "soon", "", None, 5]),
    "date": DATES,
    "end": DATES,
    "precision": st.sampled_from(["year", "month", "day", "minute", "second", "week", None, 3]),
    "timezone": st.sampled_from(["Europe/Kyiv", "utc", "+05:30", "Mars/Olympus", "", None, 5]),
    "tz": st.sampled_from(["Asia/Tehran", "nowhere", None]),
    "approximate": st.sampled_from([True, False, None, "yes", "maybe", 1]),
    "uncertain": st.sampled_from([True, False, None, "no", 0]),
    "status": st.sampled_from(["confirmed", "disputed", "Retracted", "rumour", "", None, 7]),
    "description": st.one_of(TEXT, st.none(), st.integers()),
    "location": st.one_of(TEXT, st.none(), st.integers()),
    "actors": st.one_of(st.lists(NAMES, max_size=4), TEXT, st.none(), st.lists(st.fixed_dictionaries({"name": TEXT}), max_size=2)),
    "roles": st.one_of(st.just({}), st.none(), st.dictionaries(TEXT, TEXT, max_size=2), st.just([])),
    "tags": st.one_of(st.lists(NAMES, max_size=4), TEXT, st.none(), st.integers(), st.just(["war"] * 501)),
    "sources": st.one_of(st.lists(SOURCE, max_size=3), st.none(), TEXT),
    "created": st.sampled_from(["2024-01-02T03:04:05Z", "2024-01-02T03:04:05+02:00", "2024-01-02", "x", None, 5]),
    "updated": st.sampled_from(["2024-05-06T07:08:09Z", "yesterday", None]),
    "revision": st.sampled_from([1, 3, 0, -1, "2", "two", True, None, 2.0]),
    "__line__": st.integers(1, 99),
    "colour": TEXT,
    "latitude": st.one_of(st.floats(-95, 95), st.sampled_from(["48.85", " -33.4 ", "", "north", None, True, float("nan")]), st.integers(-91, 91)),
    "longitude": st.one_of(st.floats(-185, 185), st.sampled_from(["2.35", "-180", "181", "", None, False]), st.integers(-181, 181)),
    "geo_precision": st.sampled_from(["town", "Region", " exact ", "street", "", None, 2]),
    "quantities": st.one_of(
        st.none(), st.just({"fatalities": 3, "drones": ">11,000 drones"}), st.just([{"name": "x"}]),
        st.lists(st.fixed_dictionaries({"name": TEXT, "value": st.one_of(st.integers(), st.floats(), TEXT)}), max_size=2),
    ),
    "external_ids": st.one_of(st.none(), st.dictionaries(TEXT, st.one_of(TEXT, st.integers()), max_size=2), TEXT),
    "media": st.one_of(st.none(), st.sampled_from(["https://e.org/a.jpg", "javascript:x", ""]), st.dictionaries(
        st.sampled_from(["url", "caption", "credit", "alt", "thumbnail", "link"]), TEXT, max_size=3)),
}  # fmt: skip
PLAIN = {
    "title": st.sampled_from(["Talks", "  Talks   in  Vienna ", "Київ"]),
    "start": st.one_of(st.dates().map(lambda d: d.isoformat()), st.sampled_from(["2024", "2021-05"])),
    "actors": st.lists(st.sampled_from(["Vladimir Putin", " Emmanuel  Macron ", "NATO"]), max_size=3),
    "tags": st.lists(st.sampled_from(["war", "War", "diplomacy", " sanctions "]), max_size=3),
    "sources": st.lists(
        st.fixed_dictionaries(
            {"url": st.sampled_from(["https://a.example/1", "https://b.example/2"])},
            optional={"publisher": st.sampled_from(["AP", " Reuters "]), "published": st.sampled_from(["2024-02", ""])},
        ),
        max_size=2,
    ),
}  # fmt: skip


POINT = st.fixed_dictionaries(
    {"latitude": st.floats(-90, 90), "longitude": st.floats(-180, 180)},
    optional={"geo_precision": st.sampled_from(["exact", "town", "near", "region", "country"])},
)


def plain_events() -> st.SearchStrategy[dict[str, Any]]:
    """Events as chrono writes them (some with a point), with any few fields then set to any value."""
    return st.tuples(
        st.fixed_dictionaries(PLAIN),
        st.one_of(st.just({}), POINT),
        st.dictionaries(st.sampled_from(sorted(VALUES)), st.none(), max_size=3).flatmap(
            lambda keys: st.fixed_dictionaries({k: VALUES[k] for k in keys})
        ),
    ).map(lambda parts: {**parts[0], **parts[1], **parts[2]})


def any_events() -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(sorted(VALUES)), st.none(), max_size=8).flatmap(
        lambda keys: st.fixed_dictionaries({k: VALUES[k] for k in keys})
    )


def outcome(validate: Any, item: dict[str, Any], defaults: Defaults | None = None) -> tuple[Any, ...]:
    try:
        return ("accepted", validate(item, defaults))
    except ChronoError as exc:
        return ("refused", type(exc), str(exc), getattr(exc, "field", None))


DEFAULTS = st.one_of(
    st.none(),
    st.builds(
        Defaults,
        tags=st.lists(st.sampled_from(["war", "WAR", "trade"]), max_size=2),
        actors=st.lists(st.sampled_from([ActorRef("NATO"), ActorRef("Kaja Kallas")]), max_size=2),
    ),
)
SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(plain_events(), any_events()), DEFAULTS)
def test_the_fast_path_accepts_and_refuses_exactly_what_the_full_validator_does(
    item: dict[str, Any], defaults: Defaults | None
) -> None:
    full = outcome(event_from_mapping, item, defaults)
    assert outcome(event_from_mapping_fast, item, defaults) == full
    try:
        fast = fast_event(item, defaults)
    except ChronoError:
        return  # a bad value: the full validator words the error (checked above)
    if fast is not None:
        assert full == ("accepted", fast)


_PLAIN = {"title": "Talks", "start": "2024-02-24"}


@pytest.mark.parametrize(
    "change",
    [
        {"title": "x" * 2000},
        {"title": "x" * 2001},
        {"description": "x" * 1_000_000},
        {"description": "x" * 1_000_001},
        {"location": "x" * 2001},
        {"actors": ["x" * 2000]},
        {"actors": ["x" * 2001]},
        {"actors": [f"a{i}" for i in range(500)]},
        {"actors": [f"a{i}" for i in range(501)]},
        {"tags": ["x" * 2001]},
        {"sources": [{"title": "t", "quote": "x" * 1_000_000}]},
        {"sources": [{"title": "t", "quote": "x" * 1_000_001}]},
        {"sources": [{"title": "x" * 2001}]},
        {"sources": [{"url": "https://example.org/" + "x" * 2001}]},
        {"roles": {"x" * 2001: "host"}, "actors": ["x" * 2001]},
        {"__note__": "x" * 2001},
        {"__note__": ("x" * 2001,)},
    ],
    ids=lambda change: ",".join(f"{k}:{len(str(v))}" for k, v in change.items()),
)
def test_lengths_at_and_past_each_limit_are_judged_as_the_full_validator_does(change: dict[str, Any]) -> None:
    item = {**_PLAIN, **change}
    assert outcome(event_from_mapping_fast, item) == outcome(event_from_mapping, item)


@pytest.mark.parametrize(
    "item",
    [
        {"title": "Talks", "start": "2024-02-24", "actors": ["NATO"], "tags": ["war"]},
        {"title": "Talks", "start": "2024-02-24T04:00", "timezone": "Europe/Kyiv", "end": "2024-02-24T06:00"},
        {"title": "Talks", "start": "2021", "approximate": True, "sources": [{"url": "https://a.example"}]},
        {"id": "ev1", "title": "Talks", "start": "2024-02", "precision": "month", "roles": {}, "revision": 2,
         "created": "2024-01-02T03:04:05Z", "updated": "2024-01-03T03:04:05Z", "status": "disputed"},
        {"title": "Talks", "start": "2024-02-24", "location": "Kyiv", "latitude": 50.45, "longitude": 30.5236,
         "geo_precision": "town"},
    ],
)  # fmt: skip
def test_chrono_s_own_spelling_is_read_by_the_fast_path(item: dict[str, Any]) -> None:
    assert fast_event(item) == event_from_mapping(item)


def reference_digest(event: EventInput, canonical: dict[str, str]) -> str:
    """The digest as first defined: sorted JSON of `EventInput.content()`, actors by canonical name."""
    content = event.content()
    content["actors"] = [[canonical.get(name_key(n), n), role] for n, role in content["actors"]]
    content["tags"] = [name_key(t) for t in content["tags"]]
    return hashlib.sha1(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@SETTINGS
@given(plain_events(), st.sampled_from([{}, {"nato": "North Atlantic Treaty Organization"}]))
def test_the_digest_is_the_sorted_json_of_the_content(
    item: dict[str, Any], canonical: dict[str, str]
) -> None:
    try:
        event, _ = event_from_mapping(item)
    except ChronoError:
        return
    assert digest(event, canonical) == reference_digest(event, canonical)
