"""GDELT 2.0 event files: tab-separated rows of 61 columns, read by position; and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chrono.errors import InvalidInput
from chrono.readers.gdelt import read_gdelt
from tests.helpers import ROOT, Chrono

SAMPLE = ROOT / "tests" / "data" / "gdelt" / "20240301.export.CSV"


def row(**cells: str) -> str:
    values = [""] * 61
    for key, value in cells.items():
        values[int(key[1:])] = value
    return "\t".join(values) + "\n"


@pytest.mark.parametrize(
    ("cells", "title", "tags"),
    [
        ({"c6": "RUSSIA", "c16": "UKRAINE", "c26": "190", "c28": "19"}, "Fight: RUSSIA – UKRAINE", ["CAMEO 190", "Fight"]),
        ({"c6": "IRAN", "c26": "036", "c28": "03"}, "Express intent to cooperate: IRAN", ["CAMEO 036", "Express intent to cooperate"]),
        ({"c26": "0871", "c28": "8"}, "Yield", ["CAMEO 0871", "Yield"]),
        ({"c6": "A", "c26": "999", "c28": "99"}, "CAMEO 999: A", ["CAMEO 999"]),
    ],
)  # fmt: skip
def test_titles_and_tags_from_cameo_codes(cells: dict[str, str], title: str, tags: list[str]) -> None:
    reading = read_gdelt(row(c0="7", c1="20240301", **cells), "g.csv")
    [item] = list(reading.entries())
    assert (item.fields["id"], item.fields["start"]) == ("gdelt-7", "2024-03-01")
    assert (item.fields["title"], item.fields["tags"]) == (title, tags)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1\t20240301\n", r"^g\.csv:1: 2 tab-separated columns: a GDELT 2\.0 event row has 61$"),
        (row(c0="x", c1="20240301"), r"^g\.csv:1: GLOBALEVENTID 'x' is not a number$"),
        (row(c0="1", c1="2024-03-01"), r"^g\.csv:1: SQLDATE '2024-03-01' is not YYYYMMDD$"),
    ],
)
def test_bad_rows_are_one_line(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        list(read_gdelt(text, "g.csv").entries())


def test_sample_fields_and_counts() -> None:
    reading = read_gdelt(SAMPLE.read_text(), "s.csv")
    fight, talks = (item.fields for item in reading.entries())
    assert fight["actors"] == [{"name": "RUSSIA", "role": "actor 1"}, {"name": "UKRAINE", "role": "actor 2"}]
    assert fight["location"] == "Avdiivka, Donets'ka Oblast', Ukraine"
    assert fight["sources"] == ["https://example.org/news/avdiivka-shelling"]
    assert (fight["latitude"], fight["longitude"], fight["geo_precision"]) == ("48.1394", "37.7497", "town")
    assert "location" not in talks and "latitude" not in talks
    assert reading.dropped == {"Goldstein scales, tones and mention counts": 2}


def test_cli_import_by_content_and_from_format(chrono: Chrono, tmp_path: Path) -> None:
    _, err = chrono("import", str(SAMPLE))
    assert err.splitlines() == [
        "imported 1 file(s): 2 added, 0 updated, 0 unchanged",
        f"not kept: {SAMPLE}: 2 Goldstein scales, tones and mention counts",
    ]
    shown = json.loads(chrono("show", "gdelt-1150000001", "--format", "json")[0])
    assert shown["roles"] == {"RUSSIA": "actor 1", "UKRAINE": "actor 2"} and shown["start"] == "2024-03-01"
    assert shown["external_ids"] == {"gdelt": "1150000001"}
    assert chrono("list", "--format", "ids", "--search", "1150000001")[0].split() == ["gdelt-1150000001"]
    tsv = tmp_path / "events.tsv"
    tsv.write_text(SAMPLE.read_text())
    _, err = chrono("import", "--from-format", "gdelt", str(tsv))
    assert err.splitlines()[0] == "imported 1 file(s): 0 added, 0 updated, 2 unchanged"
    bad = tmp_path / "bad.tsv"
    bad.write_text(SAMPLE.read_text() + row(c0="3", c1="20240231"))
    _, err = chrono("import", "--from-format", "gdelt", str(bad), code=4)
    assert err == f"chrono: error: {bad}:3: bad date '2024-02-31': day is out of range for month\n"


@pytest.mark.parametrize(
    ("kind", "precision"),
    [("1", "country"), ("2", "region"), ("3", "town"), ("4", "town"), ("5", "region"), ("", None)],
)
def test_action_geo_type_is_the_precision(kind: str, precision: str | None) -> None:
    reading = read_gdelt(
        row(c0="7", c1="20240301", c51=kind, c52="Somewhere", c56="-12.5", c57="130.25"), "g.csv"
    )
    [item] = list(reading.entries())
    assert (item.fields["latitude"], item.fields["longitude"]) == ("-12.5", "130.25")
    assert item.fields.get("geo_precision") == precision


def test_gdelt_points_are_found_near_and_bad_ones_refused(chrono: Chrono, tmp_path: Path) -> None:
    chrono("import", str(SAMPLE))
    out, _ = chrono("list", "--near", "48.14,37.75", "--km", "1", "--format", "ids")
    assert out.split() == ["gdelt-1150000001"]
    bad = tmp_path / "bad.tsv"
    bad.write_text(row(c0="3", c1="20240301", c56="48.1", c57="237.7"))
    _, err = chrono("import", "--from-format", "gdelt", str(bad), code=4)
    assert (
        err
        == f"chrono: error: {bad}:1: longitude must be a number of degrees from -180 to 180, not '237.7'\n"
    )
