"""The spreadsheet a newsroom keeps: a CSV whose columns are named by `--map "Date=start,Headline=title"`.

A mapping names, for each column of the sheet, the chrono field it holds (`id`, `title`, `start`,
`end`, `description`, `location`, `actors`, `tags`, `sources`, `status`, `timezone`, `approximate`,
`uncertain`); several columns may feed one list field (`Country=actors,People=actors`) and list cells
are split on `;`. A text column mapped to `description` twice is joined by blank lines. Columns left
out of the mapping are counted as not kept; a column the mapping names but the sheet lacks is an
error. `--map-file` holds the same pairs, one a line (`#` starts a comment).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from chrono.errors import InvalidInput
from chrono.readers.reading import Item, Reading, bad

FIELDS = (
    "id", "title", "start", "end", "description", "location", "actors", "tags", "sources", "status",
    "timezone", "approximate", "uncertain",
)  # fmt: skip
_LISTS = {"actors", "tags", "sources"}


def parse_mapping(text: str, where: str = "--map", *, by_line: bool = False) -> dict[str, list[str]]:
    """Column → fields from "Column=field,Other=field", or with `by_line` one pair a line (so a
    column's name may hold a comma); checked against FIELDS."""
    mapping: dict[str, list[str]] = {}
    lines = [line.split("#", 1)[0] for line in text.splitlines()]
    pieces = lines if by_line else [p for line in lines for p in line.split(",")]
    for piece in pieces:
        if not piece.strip():
            continue
        column, sep, target = piece.rpartition("=")
        column, target = column.strip(), target.strip().lower()
        if not sep or not column:
            raise InvalidInput(f"{where}: write COLUMN=FIELD, not {piece.strip()!r}")
        if target not in FIELDS:
            raise InvalidInput(
                f"{where}: unknown field {target!r} for column {column!r}: use {', '.join(FIELDS)}"
            )
        if target not in _LISTS and target != "description" and any(target in t for t in mapping.values()):
            raise InvalidInput(f"{where}: two columns give {target!r}")
        mapping.setdefault(column, []).append(target)
    if not any("title" in t for t in mapping.values()) or not any("start" in t for t in mapping.values()):
        raise InvalidInput(f"{where}: the mapping needs a column for title and one for start")
    return mapping


def read_mapped(
    text: str | Iterable[str],
    name: str,
    *,
    mapping: Mapping[str, list[str]],
    tz: str | None = None,
    separators: str = ";",
    prefix: str = "csv",
) -> Reading:
    """Rows of a CSV file read through `mapping`, streamed row by row; list cells are split on any of
    `separators`, and rows without an id get one derived under `prefix`."""
    reading = Reading()
    rows = csv.reader(io.StringIO(text) if isinstance(text, str) else text)
    header = [h.strip() for h in next(rows, [])]
    missing = [c for c in mapping if c not in header]
    if missing:
        raise bad(name, 1, f"no column {missing[0]!r} (the columns are {', '.join(map(repr, header))})")
    split = re.compile("[" + re.escape(separators) + "]")
    reading.stream = _rows(rows, header, mapping, name, tz, reading, split, prefix)
    return reading


def _rows(
    rows: Any,
    header: list[str],
    mapping: Mapping[str, list[str]],
    name: str,
    tz: str | None,
    reading: Reading,
    split: re.Pattern[str],
    prefix: str,
) -> Iterator[Item]:
    end = rows.line_num
    for row in rows:
        line, end = end + 1, rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        fields: dict[str, Any] = {}
        for index, cell in enumerate(row):
            value = cell.strip()
            column = header[index] if index < len(header) else ""
            if not value:
                continue
            if column not in mapping:
                reading.dropped[f"column {column or index + 1!r}"] += 1
                continue
            for target in mapping[column]:
                if target in _LISTS:
                    parts = [p.strip() for p in split.split(value) if p.strip()]
                    if target == "sources":
                        fields.setdefault(target, []).extend(p if "://" in p else {"title": p} for p in parts)
                    else:
                        fields.setdefault(target, []).extend(parts)
                elif target == "description" and "description" in fields:
                    fields["description"] += "\n\n" + value
                else:
                    fields[target] = value
        if tz is not None and "timezone" not in fields:
            fields["timezone"] = tz
        if "id" not in fields and "title" in fields and "start" in fields:
            fields["id"] = reading.derive(prefix, fields["title"], fields["start"], fields.get("end"))
        yield Item(fields, line)
