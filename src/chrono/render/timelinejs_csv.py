"""Knight Lab's TimelineJS Google Sheets template as CSV, to paste into a newsroom's Sheet.

The columns are the template's own, in its order (https://timeline.knightlab.com/docs/using-
spreadsheets.html): Year, Month, Day, Time, End Year, End Month, End Day, End Time, Display Date,
Headline, Text, Media, Media Credit, Media Caption, Media Thumbnail, Type, Group, Background.
Choices, and why:

* The first row after the header is the title slide (`Type: title`): the title and the filter in
  words. Every event is a row in the order given, with the same dates, display date, headline and
  text as the TimelineJS JSON export (`chrono.render.timelinejs`): date parts at the event's
  precision (no day nobody knows), `Time` as wall clock `HH:MM` or `HH:MM:SS` in its zone, the end's
  parts only when they differ from the start's.
* The text is HTML with chrono's labelled paragraphs (`Location: …`, `Actors: …`, `Sources: …`,
  `Status: …`), which `chrono import` reads back as fields; `Group` is the first tag or actor with
  `group_by`. The template has no id column: a re-import derives each id from headline and dates.
* Cells a spreadsheet would run as a formula are written with a leading `'`, exactly as `chrono list
  --format csv` writes them (`chrono.csv_cells`); date parts are plain integers, never formulas.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from chrono.csv_cells import protect, write_rows
from chrono.errors import InvalidInput
from chrono.models import EventRecord
from chrono.render import GROUP_BY
from chrono.render.timelinejs import _event_text, _paragraphs, date_parts, display_date

__all__ = ["COLUMNS", "render_timelinejs_csv"]

COLUMNS = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
    "Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group",
    "Background",
)  # fmt: skip


def render_timelinejs_csv(
    records: Sequence[EventRecord], *, title: str, description: str, group_by: str = "none"
) -> str:
    """The sheet: a header row, the title row, one row per event in the order given."""
    if group_by not in GROUP_BY.values:
        raise InvalidInput(f"bad group {group_by!r}: use one of {', '.join(GROUP_BY.values)}")
    import html

    rows: list[list[str]] = [list(COLUMNS)]
    title_row = dict.fromkeys(COLUMNS, "")
    title_row.update({"Headline": html.escape(title), "Text": _paragraphs(description), "Type": "title"})
    rows.append([protect(title_row[c]) for c in COLUMNS])
    rows += [_row(record, group_by) for record in records]
    buffer = io.StringIO()
    write_rows(buffer, rows)
    return buffer.getvalue()


def _row(record: EventRecord, group_by: str) -> list[str]:
    import html

    when = record.when()
    cells = dict.fromkeys(COLUMNS, "")
    start = date_parts(when.start)
    cells.update(_parts(start, ""))
    if when.end is not None and date_parts(when.end) != start:
        cells.update(_parts(date_parts(when.end), "End "))
    cells["Display Date"] = html.escape(html.escape(display_date(when)))
    cells["Headline"] = html.escape(record.title)
    cells["Text"] = _event_text(record, when)
    if record.media is not None:  # the sheet has no column for its alt text
        cells["Media"] = record.media.url
        cells["Media Credit"] = html.escape(record.media.credit or "")
        cells["Media Caption"] = html.escape(record.media.caption or "")
        cells["Media Thumbnail"] = record.media.thumbnail or ""
    group = record.tags[:1] if group_by == "tag" else record.actors[:1] if group_by == "actor" else []
    if group:
        cells["Group"] = html.escape(html.escape(group[0]))
    numbers = {c for c in COLUMNS if c.removeprefix("End ") in ("Year", "Month", "Day")}
    return [cells[c] if c in numbers else protect(cells[c]) for c in COLUMNS]


def _parts(parts: dict[str, int], prefix: str) -> dict[str, str]:
    cells = {prefix + name.title(): str(parts[name]) for name in ("year", "month", "day") if name in parts}
    if "minute" in parts:
        clock = f"{parts['hour']:02d}:{parts['minute']:02d}"
        cells[prefix + "Time"] = clock + (f":{parts['second']:02d}" if "second" in parts else "")
    return cells
