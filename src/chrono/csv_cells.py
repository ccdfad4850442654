"""One CSV cell of an event, written by `chrono list --format csv` and read back by `chrono import`.

chrono's CSV is a lossless, safe round trip:

- The list fields (`actors`, `tags`, `sources`) are JSON arrays and `roles` a JSON object, so names
  with `;` or `=` in them, URL-less sources, titles, publishers and quotes all come back exactly.
  Hand-written files may still separate values with `;` and write roles `ACTOR=ROLE`.
- A cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
  carriage return) is written with a leading `'`, as OWASP recommends; so is a cell that already
  starts with `'` followed by one of those characters (or another `'`). Import removes exactly that
  one quote, so `'Tis` stays `'Tis` and every value reads back as it was.
- A cell with a carriage return anywhere is quoted, so a lone CR never splits a row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from chrono.errors import InvalidInput

FORMULA_START = frozenset("=+-@\t\r")
_QUOTED = FORMULA_START | {"'"}

# The largest cell `chrono import` reads; Python's csv module stops at 131,072 characters by default.
FIELD_LIMIT = 2**31 - 1


def protect(text: str) -> str:
    """`text` made safe to open in a spreadsheet (see the module docstring); `unprotect` undoes it."""
    if text and (text[0] in FORMULA_START or (text[0] == "'" and text[1:2] and text[1] in _QUOTED)):
        return "'" + text
    return text


def unprotect(text: str) -> str:
    if text[:1] == "'" and text[1:2] and text[1] in _QUOTED:
        return text[1:]
    return text


def list_cell(values: Sequence[Any] | Mapping[str, Any]) -> str:
    """A list or mapping as a JSON cell; empty is an empty cell."""
    if not values:
        return ""
    return json.dumps(values, ensure_ascii=False, separators=(", ", ": "))


def source_cell(sources: Iterable[Any]) -> str:
    """Sources as a JSON array: a bare URL for a source that is only a URL, else its given fields."""
    items: list[Any] = []
    for source in sources:
        given = {k: v for k, v in source.to_dict().items() if v is not None}
        items.append(given["url"] if list(given) == ["url"] else given)
    return list_cell(items)


def read_list(text: str, column: str) -> Any:
    """A list cell: JSON when it starts with `[` or `{`, else values separated by `;`."""
    stripped = text.strip()
    if stripped[:1] in ("[", "{"):
        try:
            return json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                f"{column}: not valid JSON ({exc.msg} at character {exc.pos + 1}): write a JSON "
                "list or values separated by ';'",
                field=column,
            ) from exc
    return [v.strip() for v in text.split(";") if v.strip()]


def write_rows(buffer: io.StringIO | Any, rows: Iterable[Sequence[str]]) -> None:
    """Rows of protected cells, one `\\n` a row; a row with a carriage return in it is fully quoted."""
    plain = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        (quoted if any("\r" in cell for cell in row) else plain).writerow(row)
