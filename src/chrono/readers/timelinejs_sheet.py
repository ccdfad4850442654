"""TimelineJS's Google Sheets template, downloaded as CSV (or written by `chrono export
timelinejs-csv`): one row a slide.

What becomes what (https://timeline.knightlab.com/docs/using-spreadsheets.html):

* `Year`…`End Time` keep their precision (`9:30 AM` too); an end equal to the start is no end. Times
  take `--tz`: the sheet has no zones.
* `Headline` becomes the title; `Text` the description (HTML sanitised into Markdown), except that
  paragraphs labelled as chrono's TimelineJS text writes them (`Location: …`, `Actors: A (role), B`,
  `Sources: …`, `Status: …`) become those fields. `Group` becomes a tag, `Type: era` rows are tagged
  `era`, the `title` row is counted as not kept.
* `Display Date` brings back what the columns cannot say when it names exactly the same dates: `c.`
  (approximate), `(uncertain)`, a decade, season, quarter, week or third, an open end ("since
  2014"). Other display dates are the sheet's own words and change nothing.
* A cell written with a leading `'` against formulas (`'=x`) reads back without it, as chrono's CSV.
* `Media`, `Media Credit`, `Media Caption`, `Media Thumbnail` (and an `Alt Text` column) become the
  event's media; media that is not an http(s) URL (an embed code) is counted.
* Not kept, and counted: the title row, backgrounds, unknown columns. The sheet has no id
  column: each event gets an id derived from its headline and dates, the same on every import.
"""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

from chrono.csv_cells import unprotect
from chrono.readers.htmltext import html_to_markdown, html_to_text
from chrono.readers.media import take_media
from chrono.readers.reading import Reading, bad
from chrono.readers.timelinejs import _TIME, _ZONE, _date_text, _own_text, _Refused

_SHEET = {
    "year", "month", "day", "time", "end year", "end month", "end day", "end time", "display date",
    "headline", "text", "media", "media credit", "media caption", "media thumbnail", "type", "group",
    "background", "alt text", "media alt",
}  # fmt: skip
_LABELS = (
    "<p>Location: ",
    "<p>Actors: ",
    "<p>Sources: ",
    "<p><strong>Status: ",
    "<p><em>Known to the ",
    "<p>Coordinates: ",
)


def read_sheet(text: str, name: str, *, tz: str | None = None) -> Reading:
    """Rows of the TimelineJS Google Sheets template, downloaded as CSV."""
    reading = Reading()
    rows = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(rows, [])]
    if "year" not in header or "headline" not in header:
        raise bad(name, 1, "not the TimelineJS sheet: it needs 'Year' and 'Headline' columns")
    end = rows.line_num
    for row in rows:
        line, end = end + 1, rows.line_num
        cells = {header[i]: unprotect(c.strip()) for i, c in enumerate(row) if i < len(header) and header[i]}
        if not any(cells.values()):
            continue
        kind = cells.get("type", "").lower()
        if kind == "title":
            reading.dropped["title slide"] += 1
            continue
        try:
            fields = _sheet_row(cells, tz, name, line, reading)
        except _Refused as exc:
            reading.skip(line, str(exc))
            continue
        if kind == "era":
            fields["tags"] = [*fields.get("tags", []), "era"]
        reading.add(fields, line)
    return reading


def _sheet_row(
    cells: dict[str, str], tz: str | None, name: str, line: int, reading: Reading
) -> dict[str, Any]:
    start = _sheet_date(cells, "", name, line)
    if start is None:
        raise bad(name, line, "a row needs a Year")
    end = _sheet_date(cells, "end ", name, line)
    headline = html_to_text(cells.get("headline", ""))
    fields: dict[str, Any] = {"title": headline or "(untitled)", "start": start}
    if end is not None and end != start:
        fields["end"] = end
    body = cells.get("text", "")
    if body and any(label in body for label in _LABELS) and body.startswith("<p>"):
        fields.update(_own_text(body))
    elif body:
        fields["description"] = html_to_markdown(body)
    if cells.get("group"):
        fields["tags"] = [html_to_text(cells["group"])]
    if tz is not None:
        fields["timezone"] = tz
    fields["id"] = reading.derive("tl", fields["title"], start, fields.get("end"))
    display = html.unescape(html.unescape(cells.get("display date", ""))).strip()
    zones = set(re.findall(r"\d{2}:\d{2}(?::\d{2})? ([A-Za-z][^\s(]*)", display))
    zone = _ZONE.search(display)
    if zone and len(zones) == 1 and "T" in start + fields.get("end", ""):
        fields["timezone"] = zone.group(1)  # chrono's own display of a UTC or offset time
    if display:
        _display(fields, display, fields.get("timezone"))
    if cells.get("media"):
        media = {"url": cells["media"], "thumbnail": cells.get("media thumbnail")}
        for key, column in (("credit", "media credit"), ("caption", "media caption")):
            media[key] = html_to_text(cells.get(column, ""))
        media["alt"] = cells.get("alt text") or cells.get("media alt")
        take_media(fields, {k: v for k, v in media.items() if v}, reading)
    if cells.get("background"):
        reading.dropped["backgrounds"] += 1
    for column, value in cells.items():
        if value and column not in _SHEET:
            reading.dropped[f"column {column!r}"] += 1
    return fields


def _display(fields: dict[str, Any], display: str, tz: str | None) -> None:
    """What `Display Date` adds to the columns when it says the same dates: qualifiers ("c. …",
    "… (uncertain)"), an open end ("since 2014"), a unit ("1990s", "Spring 2022")."""
    from dataclasses import replace

    from chrono.dates import OpenEnd, make_when, parse_date
    from chrono.errors import DateError

    try:
        start = parse_date(fields["start"], tz=tz)
        end = parse_date(fields["end"], tz=tz) if "end" in fields else None
    except DateError:
        return
    open_end, inner = None, display
    for candidate in sorted(OpenEnd, key=lambda o: -len(o.say(""))):  # "until … (start unknown)" first
        prefix, _, suffix = candidate.say("\0").partition("\0")
        if end is None and display.startswith(prefix) and display.endswith(suffix) and prefix:
            open_end, inner = candidate, display[len(prefix) : len(display) - len(suffix)]
            break
    pieces = inner.split(" – ")
    each = len(pieces) == 2 and (pieces[0].endswith(" (uncertain)") or pieces[1].startswith("c. "))
    first_flags = {"approximate": inner.startswith("c. "), "uncertain": inner.endswith(" (uncertain)")}
    last_flags = dict(first_flags)
    if each:
        first_flags["uncertain"] = pieces[0].endswith(" (uncertain)")
        last_flags["approximate"] = pieces[1].startswith("c. ")
    if end is None and len(pieces) == 1:
        values = [_unit_of(pieces[0], start, tz)]
    elif len(pieces) == 2:  # an end with the start's columns is not in the sheet: the words say it
        values = [_unit_of(pieces[0], start, tz), _unit_of(pieces[1], end or start, tz)]
    else:
        values = [start] if end is None else [start, end]
    try:
        when = make_when(
            replace(values[0], **first_flags),
            replace(values[1], **last_flags) if len(values) > 1 else None,
            open_end,
        )
    except DateError:
        return
    text, end_text, approximate, uncertain = when.fields()
    fields["start"] = text
    fields.pop("end", None)
    if end_text is not None:
        fields["end"] = end_text
    fields["approximate"], fields["uncertain"] = approximate, uncertain


def _unit_of(words: str, value: Any, tz: str | None) -> Any:
    """The decade, season, quarter, week or third that `words` names, when the sheet writes it with
    exactly the columns of `value`; else `value`."""
    from chrono.dates import parse_date
    from chrono.errors import DateError

    core = words.removeprefix("c. ").removesuffix(" (uncertain)")
    # years 1-999 are said without the four digits chrono reads: "Spring 476", "week 1 of 8"
    core = re.sub(r"(?<![\w-])(\d{1,3})(?=s?(?: \(decade\))?$)", lambda m: m[1].zfill(4), core)
    try:
        said = parse_date(core, tz=tz)
    except DateError:
        return value
    return said if said.unit is not None and _parts(said) == _parts(value) else value


def _parts(value: Any) -> tuple[int | None, ...]:
    """The Year, Month, Day a value is written with in the sheet (chrono.render.timelinejs.date_parts)."""
    from chrono.dates import Precision

    if value.unit is not None:
        year, month, _ = value.first_ymd()
        return (year,) if value.unit in (Precision.DECADE, Precision.CENTURY) else (year, month)
    return tuple(p for p in (value.year, value.month, value.day) if p is not None)


def _sheet_date(cells: dict[str, str], prefix: str, name: str, line: int) -> str | None:
    year = cells.get(prefix + "year", "")
    if not year:
        if any(cells.get(prefix + p) for p in ("month", "day", "time")):
            raise bad(name, line, f"'{(prefix + 'month').title()}' without '{(prefix + 'year').title()}'")
        return None
    numbers: list[int] = []
    for part in ("year", "month", "day"):
        value = cells.get(prefix + part, "")
        if not value:
            break
        try:
            numbers.append(int(value))
        except ValueError:
            raise bad(name, line, f"'{(prefix + part).title()}' is not a whole number: {value!r}") from None
    time = cells.get(prefix + "time", "")
    if time:
        m = _TIME.fullmatch(time)
        if m is None or len(numbers) < 3:
            raise bad(name, line, f"'{(prefix + 'time').title()}' {time!r}: write HH:MM on a row with a Day")
        hour = int(m["h"])
        if m["ap"]:
            hour = hour % 12 + (12 if m["ap"][0].lower() == "p" else 0)
        numbers += [hour, int(m["mi"])] + ([int(m["s"])] if m["s"] else [])
    return _date_text(numbers, f"'{(prefix + 'year').title()}'", name, line)
