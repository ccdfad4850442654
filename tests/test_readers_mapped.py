"""A newsroom's own spreadsheet through --map / --map-file: columns to fields, the rest counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chrono.errors import InvalidInput
from chrono.readers.mapped import parse_mapping, read_mapped
from tests.helpers import ROOT, Chrono

DATA = ROOT / "tests" / "data" / "mapped"
SHEET = DATA / "newsroom-sheet.csv"
MAP_FILE = DATA / "newsroom.map"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Date=start,Headline=title", {"Date": ["start"], "Headline": ["title"]}),
        ("Date=start,Headline=title,A=actors,B=actors", {"Date": ["start"], "Headline": ["title"],
                                                         "A": ["actors"], "B": ["actors"]}),
        ("When = START\nWhat=Title # comment", {"When": ["start"], "What": ["title"]}),
        ("Date=start,Headline=title,Headline=description", {"Date": ["start"], "Headline": ["title", "description"]}),
        ("A=B=start,T=title", {"A=B": ["start"], "T": ["title"]}),
    ],
)  # fmt: skip
def test_parse_mapping(text: str, expected: dict[str, list[str]]) -> None:
    assert parse_mapping(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Date", "--map: write COLUMN=FIELD, not 'Date'"),
        ("Date=begin,T=title", "--map: unknown field 'begin' for column 'Date'"),
        ("Date=start,Other=start,T=title", "--map: two columns give 'start'"),
        ("Date=start", "--map: the mapping needs a column for title and one for start"),
    ],
)
def test_bad_mappings_are_one_line(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match="^" + message.replace("(", r"\(")):
        parse_mapping(text)


def test_a_map_file_allows_commas_in_column_names() -> None:
    assert parse_mapping("Who, what=title\nWhen=start\n", "m.map", by_line=True) == {
        "Who, what": ["title"],
        "When": ["start"],
    }


def test_rows_become_events_and_unmapped_columns_are_counted() -> None:
    reading = read_mapped(
        SHEET.read_text(), "sheet.csv", mapping=parse_mapping(MAP_FILE.read_text(), by_line=True)
    )
    leak, vote = (item.fields for item in reading.entries())
    assert leak["title"] == "Port lease annex leaked" and leak["start"] == "2024-03-05"
    assert leak["actors"] == ["Ana Costa", "Rui Lopes", "Portugal"]
    assert leak["sources"] == ["https://example.org/annex", {"title": "Diário de Setúbal"}]
    assert leak["tags"] == ["Investigations"] and leak["description"] == "The annex shows a 30-year term."
    assert vote["start"] == "2024-03" and vote["id"].startswith("csv-")
    assert reading.dropped == {"column 'Reporter notes'": 1}
    with pytest.raises(InvalidInput, match=r"^s\.csv:1: no column 'Headline'"):
        read_mapped("Date,Title\n2024,x\n", "s.csv", mapping=parse_mapping("Date=start,Headline=title"))


def test_cli_map_and_map_file(chrono: Chrono, tmp_path: Path) -> None:
    _, err = chrono("import", "--map-file", str(MAP_FILE), str(SHEET))
    assert err.splitlines() == [
        "imported 1 file(s): 2 added, 0 updated, 0 unchanged",
        f"not kept: {SHEET}: 1 column 'Reporter notes'",
    ]
    events = json.loads(chrono("list", "--format", "json")[0])
    assert [(e["title"], e["start"], e["precision"]) for e in events] == [
        ("Council vote delayed", "2024-03", "month"),
        ("Port lease annex leaked", "2024-03-05", "day"),
    ]
    _, err = chrono("import", "--map", "Date=start,Headline=title,People=actors,Country=actors,What happened=description,"
                    "Links=sources,Desk=tags", str(SHEET))  # fmt: skip
    assert err.splitlines()[0] == "imported 1 file(s): 0 added, 0 updated, 2 unchanged"
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,Headline\n2024-01-02,Fine\n2024-13-01,Impossible\n")
    _, err = chrono("import", "--map", "Date=start,Headline=title", str(bad), code=4)
    assert err == f"chrono: error: {bad}:3: bad date '2024-13-01': month must be 1..12\n"
    _, err = chrono("import", "--map", "x=start", "--map-file", str(MAP_FILE), str(SHEET), code=4)
    assert err == "chrono: error: give --map or --map-file, not both\n"
