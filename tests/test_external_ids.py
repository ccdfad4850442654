"""External ids of events and actors: written, kept by every round trip, found by search."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chrono.errors import InvalidInput
from chrono.external_ids import parse_external_ids
from tests.helpers import Chrono

EVENTS = """\
actor_details:
  - name: Vladimir Putin
    aliases: [Putin]
    external_ids: {wikidata: Q7747}
events:
  - id: visit
    title: Putin visits Tehran
    start: 2022-07-19
    external_ids: {wikidata: Q112000001, ACLED: IRN1234}
    actors: [Putin, {name: Ebrahim Raisi, external_ids: {wikidata: Q5350862}}]
  - id: other
    title: Something else
    start: 2022-08-01
"""


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"wikidata": "Q1"}, {"wikidata": "Q1"}),
        ({"GDELT": 1234567}, {"gdelt": "1234567"}),
        ({"acled": "  UKR  1 "}, {"acled": "UKR 1"}),
        (None, {}),
    ],
)
def test_written_forms(given: Any, expected: dict[str, str]) -> None:
    assert parse_external_ids(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (["Q1"], "external_ids must be a mapping of scheme to id"),
        ({"wiki data": "Q1"}, "bad external id scheme 'wiki data'"),
        ({"wikidata": ""}, "empty external id for 'wikidata'"),
        ({"wikidata": ["Q1"]}, "bad external id wikidata: ['Q1']"),
        ({"Wikidata": "Q1", "wikidata": "Q2"}, "two external ids for 'wikidata'"),
    ],
)
def test_bad_input_is_one_clear_error(given: Any, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_external_ids(given)
    assert message in str(caught.value)


@pytest.fixture
def loaded(chrono: Chrono, tmp_path: Path) -> Chrono:
    path = tmp_path / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    chrono("import", str(path))
    return chrono


def test_a_bad_id_in_a_file_names_the_file_line_and_field(chrono: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- title: A\n  start: 2024\n  external_ids: {wikidata: [Q1]}\n", encoding="utf-8")
    _, err = chrono("import", str(path), code=4)
    assert err == f"chrono: error: {path}:3: bad external id wikidata: ['Q1']: text or a whole number\n"
    assert chrono.stores_nothing()


def test_search_finds_an_event_by_its_external_id(loaded: Chrono) -> None:
    for words in ("Q112000001", "irn1234", "acled IRN1234"):
        out, _ = loaded("list", "--format", "ids", "--search", words)
        assert out.split() == ["visit"], words
    out, _ = loaded("list", "--format", "ids", "--search", "Q7747")
    assert out.split() == []  # an actor's id is the actor's, not the event's


def test_actor_ids_are_shown_and_survive_a_merge(loaded: Chrono) -> None:
    shown = json.loads(loaded("actor", "show", "Putin", "--format", "json")[0])
    assert shown["external_ids"] == {"wikidata": "Q7747"}
    listed = {a["name"]: a.get("external_ids") for a in json.loads(loaded("actors", "--format", "json")[0])}
    assert listed == {"Vladimir Putin": {"wikidata": "Q7747"}, "Ebrahim Raisi": {"wikidata": "Q5350862"}}
    loaded("actor", "merge", "Ebrahim Raisi", "Vladimir Putin")
    merged = json.loads(loaded("actor", "show", "Vladimir Putin", "--format", "json")[0])
    assert merged["name"] == "Ebrahim Raisi"
    assert merged["external_ids"] == {"wikidata": "Q5350862"}  # the kept actor's own id wins


def test_a_later_id_of_an_actor_replaces_its_scheme_only(loaded: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "more.yaml"
    path.write_text(
        "actor_details: [{name: Putin, external_ids: {wikidata: Q7747, viaf: '12345'}}]\nevents: []\n",
        encoding="utf-8",
    )
    loaded("import", str(path))
    shown = json.loads(loaded("actor", "show", "Putin", "--format", "json")[0])
    assert shown["external_ids"] == {"viaf": "12345", "wikidata": "Q7747"}


@pytest.mark.parametrize("fmt", ["json", "csv", "ics", "timelinejs"])
def test_round_trips_keep_event_ids(loaded: Chrono, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    if fmt in ("json", "csv"):
        path.write_text(loaded("list", "--format", fmt)[0], encoding="utf-8")
    else:
        loaded("export", fmt, "-o", str(path))
    again = Chrono(str(tmp_path / "again.db"))
    again("import", str(path), *(["--from-format", "timelinejs"] if fmt == "timelinejs" else []))
    ids = {e["id"]: e.get("external_ids") for e in json.loads(again("list", "--format", "json")[0])}
    assert ids == {"visit": {"wikidata": "Q112000001", "acled": "IRN1234"}, "other": None}
    _, err = again("import", str(path), *(["--from-format", "timelinejs"] if fmt == "timelinejs" else []))
    assert "0 added, 0 updated, 2 unchanged" in err


def test_hand_written_csv_pairs(chrono: Chrono, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "title,start,external_ids,quantities\n"
        'Strike,2024-03-01,wikidata=Q1; acled=UKR2,"fatalities=12; drones=>100 drones"\n',
        encoding="utf-8",
    )
    chrono("import", str(path))
    (event,) = json.loads(chrono("list", "--format", "json")[0])
    assert event["external_ids"] == {"wikidata": "Q1", "acled": "UKR2"}
    assert [(q["name"], q["qualifier"], q["value"], q["unit"]) for q in event["quantities"]] == [
        ("fatalities", "=", 12, None), ("drones", ">", 100, "drones"),
    ]  # fmt: skip
    bad = tmp_path / "bad.csv"
    bad.write_text("title,start,external_ids\nStrike,2024-03-01,Q1\n", encoding="utf-8")
    _, err = chrono("import", str(bad), code=4)
    assert err == f"chrono: error: {bad}:2: external_ids are written SCHEME=ID, not 'Q1'\n"


def test_db_copy_keeps_quantities_ids_and_media(chrono: Chrono, tmp_path: Path) -> None:
    source = Chrono(str(tmp_path / "source.db"))
    path = tmp_path / "events.yaml"
    path.write_text(
        EVENTS.replace("    start: 2022-08-01\n", "    start: 2022-08-01\n    quantities: {dead: '~3'}\n"
                       "    media: {url: 'https://e.org/a.jpg', credit: AP}\n"),
        encoding="utf-8",
    )  # fmt: skip
    source("import", str(path))
    chrono("db", "copy", source.db, chrono.db, db=False)
    assert chrono("list", "--format", "json")[0] == source("list", "--format", "json")[0]
    assert chrono("actors", "--format", "json")[0] == source("actors", "--format", "json")[0]
    out, _ = chrono("list", "--format", "ids", "--min", "dead=3")
    assert out.split() == ["other"]
