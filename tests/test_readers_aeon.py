"""Aeon Timeline CSV exports: known columns by name, multi-value cells, floating times; and the CLI."""

from __future__ import annotations

import json

import pytest

from chrono.errors import InvalidInput
from chrono.readers.aeon import read_aeon
from tests.helpers import ROOT, Chrono

EXPORT = ROOT / "tests" / "data" / "aeon" / "export.csv"


@pytest.mark.parametrize(
    ("header", "row", "fields"),
    [
        ("Title,Start Date", "A,2021", {"title": "A", "start": "2021"}),
        ("name,start,END", "A,2021-03,2021-05", {"title": "A", "start": "2021-03", "end": "2021-05"}),
        ("Title,Start Date,Tags", 'A,2021,"x | y, z"', {"title": "A", "start": "2021", "tags": ["x", "y", "z"]}),
        ("Title,Start Date,Start,Notes,Summary", "A,2021,1999,n,s",
         {"title": "A", "start": "2021", "description": "n\n\ns"}),
    ],
)  # fmt: skip
def test_known_columns(header: str, row: str, fields: dict[str, object]) -> None:
    [item] = list(read_aeon(f"{header}\n{row}\n", "a.csv").entries())
    assert {k: v for k, v in item.fields.items() if k != "id"} == fields
    assert str(item.fields["id"]).startswith("aeon-")


def test_not_an_aeon_export_is_one_line() -> None:
    with pytest.raises(
        InvalidInput, match=r"^a\.csv:1: not an Aeon Timeline export: it needs 'Title' and 'Start Date'"
    ):
        read_aeon("Headline,When\nA,2021\n", "a.csv")


def test_export_fixture() -> None:
    reading = read_aeon(EXPORT.read_text(), "export.csv", tz="Europe/Lisbon")
    first, second, third = (item.fields for item in reading.entries())
    assert first["actors"] == ["Ana Costa", "Rui Lopes"] and first["tags"] == ["Governance", "Port"]
    assert second["tags"] == ["Port", "Contracts"] and (second["start"], second["end"]) == (
        "2021-03",
        "2021-06",
    )
    assert third["description"] == "Signed at night,\nwith press present."
    assert third["timezone"] == "Europe/Lisbon"
    assert reading.dropped == {"column 'Arc'": 3, "column 'Duration'": 2}


def test_cli_import(chrono: Chrono) -> None:
    _, err = chrono("import", str(EXPORT), code=4)
    assert err.startswith(f"chrono: error: {EXPORT}:4: time '2021-06-14 18:30' needs a time zone")
    _, err = chrono("import", "--tz", "Europe/Lisbon", str(EXPORT))
    assert err.splitlines() == [
        "imported 1 file(s): 3 added, 0 updated, 0 unchanged",
        f"not kept: {EXPORT}: 3 column 'Arc', 2 column 'Duration'",
    ]
    events = json.loads(chrono("list", "--format", "json", "--tag", "Contracts")[0])
    assert [(e["title"], e["start"], e["end"]) for e in events] == [
        ("Lease negotiations", "2021-03", "2021-06"),
        ("Signing ceremony", "2021-06-14T18:30+01:00", "2021-06-14T20:00+01:00"),
    ]
    _, err = chrono("import", "--tz", "Europe/Lisbon", str(EXPORT))
    assert err.splitlines()[0] == "imported 1 file(s): 0 added, 0 updated, 3 unchanged"
