"""Markwhen (`.mw`): the plain-text timeline of markwhen.com, written in its documented syntax.

Syntax: https://docs.markwhen.com/syntax/. Choices, and why:

* A YAML header between `---` lines holds the title and the filter in words (as `description`).
* One event a block: `DATE: title #tag @person`, then properties (`id:`, `timezone:`, `location:`,
  `latitude:`, `longitude:`, `geo_precision:`, and chrono's own `status:`, `actors:`, `roles:`,
  `tags:`, `sources:` where `#`/`@` cannot say them), a blank line and the description. chrono's
  reader (`chrono.readers.markwhen`) reads every one of them back.
* Dates at their precision, never a day nobody gave: `2024`, `2024-12`, `2024-12-05`, times as wall
  clock in the event's zone with a `timezone:` property; ranges as EDTF `start/end`; a year before
  the common era as `44 BCE`; an open end as `2014/now`. What Markwhen cannot write (a decade, a
  season, a quarter, a week, a third, a qualifier `~ ? %`, a day before the common era, an open or
  unknown start) is written as the span it covers (`1990/1999`, `2022-03/2022-05`) or the known end,
  with the exact chrono date in an `edtf:` property, which the reader prefers.
* `group_by` puts events in `group NAME … endGroup` blocks by first tag or first actor.
* Years Markwhen cannot write at all (beyond 9999, or before 9999 BCE) are listed in a closing
  comment, not as events: `render_markwhen` never drops an event without saying so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from chrono.dates import OpenEnd, PartialDate, Precision, When, day_from_number, day_number
from chrono.errors import InvalidInput
from chrono.models import EventRecord
from chrono.render import GROUP_BY

__all__ = ["markwhen_date", "render_markwhen"]

# Words the reader reads as tags, people or ids, or as a link, comment or location.
_MARKUP = re.compile(r"[#@!\[\]]|(?:^|\s)//|\s\s|^\s|\s$")
_TOKEN = re.compile(r"[^\s#@!,;:()\[\]]+")  # what a `#tag` may hold
_PERSON = re.compile(r"[\w.\-/]+")  # what an `@person` may hold
_EVENT_LIKE = re.compile(r"^([^:]*):(?:\s|$)")
_BLOCK_WORD = re.compile(r"^\s*(?:group|section|end\s*(?:group|section))\b", re.I)
_BODY_MARKUP = re.compile(r"(?<!\S)[#@]\S|(?:^|\s)//|\]\((?:location|map)\)|_-_-_break_-_-_", re.I)


def render_markwhen(
    records: Sequence[EventRecord], *, title: str, description: str, group_by: str = "none"
) -> str:
    """The Markwhen document: the header, then the events in the order given (grouped if asked)."""
    if group_by not in GROUP_BY.values:
        raise InvalidInput(f"bad group {group_by!r}: use one of {', '.join(GROUP_BY.values)}")
    head = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    head += [f"description: {json.dumps(description, ensure_ascii=False)}", "---", ""]
    loose: list[str] = []
    groups: dict[str, list[str]] = {}
    left_out: list[str] = []
    for record in records:
        block = _event(record)
        if block is None:
            left_out.append(f"//   {record.id} ({record.when().edtf()})")
            continue
        key = _group(record, group_by)
        (loose if key is None else groups.setdefault(key, [])).extend(block)
    lines = head + loose
    for name, block in groups.items():
        lines += [f"group {name}", "", *block, "endGroup", ""]
    if left_out:
        lines.append(f"// {len(left_out)} event(s) left out: Markwhen writes years 9999 BCE to 9999 only")
        lines += left_out
    return "\n".join(lines).rstrip("\n") + "\n"


def _group(record: EventRecord, group_by: str) -> str | None:
    """First tag or first actor, when the reader can take its name back from a `group` line."""
    names = record.tags if group_by == "tag" else record.actors if group_by == "actor" else []
    if not names or _words(names[0]) != names[0]:
        return None
    return names[0]


def _event(record: EventRecord) -> list[str] | None:
    when = record.when()
    written = markwhen_date(when)
    if written is None:
        return None
    date, exact = written
    props: list[tuple[str, str]] = [("id", record.id)]
    if not exact:
        props.append(("edtf", when.edtf()))
    if record.timezone and any(v.precision.timed for v in (when.start, when.end) if v is not None):
        props.append(("timezone", _json(record.timezone)))
    if record.status != "confirmed":
        props.append(("status", record.status))
    if record.location:
        props.append(("location", _json(record.location)))
    if record.geo is not None:
        from chrono.places import number_text

        props += [
            ("latitude", number_text(record.geo.latitude)),
            ("longitude", number_text(record.geo.longitude)),
        ]
        if record.geo.precision:
            props.append(("geo_precision", record.geo.precision))
    words = _words(record.title)
    if words != record.title:
        props.append(("title", _json(record.title)))
    marks: list[str] = []
    if record.tags and all(_TOKEN.fullmatch(t) for t in record.tags):
        marks += ["#" + t for t in record.tags]
    elif record.tags:
        props.append(("tags", _json(record.tags)))
    unique = len(set(record.actors)) == len(record.actors)
    if record.actors and unique and all(_PERSON.fullmatch(a) for a in record.actors):
        marks += ["@" + a for a in record.actors]
    elif record.actors:
        props.append(("actors", _json(record.actors)))
    if record.roles:
        props.append(("roles", _json(record.roles)))
    if record.sources:
        sources = [{k: v for k, v in s.to_dict().items() if v is not None} for s in record.sources]
        props.append(("sources", _json(sources)))
    body = record.description
    if body and not _plain_body(body):
        props.append(("description", _json(body)))
        body = ""
    lines = [f"{date}: {' '.join([words, *marks])}", *(f"{k}: {v}" for k, v in props)]
    if body:
        lines += ["", *body.split("\n")]
    return [*lines, ""]


# Characters a line-based or YAML reader would not take as they are: JSON escapes them too.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _words(title: str) -> str:
    """The title as the first line can hold it: Markwhen's markup characters made plain."""
    if not _MARKUP.search(title) and title.splitlines() == [title] and not _UNSAFE.search(title):
        return title
    plain = _UNSAFE.sub(" ", re.sub(r"[#@!\[\]]", " ", title.replace("//", "/")))
    return " ".join(plain.split()) or "event"


def _plain_body(text: str) -> bool:
    """Whether the description can be the event's text, read back exactly as written."""
    if text != text.strip() or text.split("\n") != text.splitlines() or _UNSAFE.search(text):
        return False
    for line in text.split("\n"):
        if line[:1].isspace() or _BLOCK_WORD.match(line) or _BODY_MARKUP.search(line):
            return False
        event = _EVENT_LIKE.match(line)
        if event and (re.search(r"\d", event.group(1)) or event.group(1).strip().lower() == "now"):
            return False
    return True


# --- dates ------------------------------------------------------------------------------------


def markwhen_date(when: When) -> tuple[str, bool] | None:
    """The event's date as Markwhen writes it, and whether that says it exactly (else the `edtf:`
    property does); None when Markwhen has no year for it."""
    start, end = when.start, when.end
    if any(not -9998 <= v.year <= 9999 for v in (start, end) if v is not None):
        return None
    first, last = _bounds(start)
    if when.open is OpenEnd.SINCE:
        return f"{first}/now", _plain(start)
    if when.open is not None:  # the known end only: Markwhen has no open or unknown start
        return _range(first, last), False
    if end is None:
        return (first, True) if _plain(start) else (_range(first, last), False)
    return _range(first, _bounds(end)[1]), _plain(start) and _plain(end)


def _range(first: str, last: str) -> str:
    if last == first:
        return first
    return f"{first} - {last}" if "BCE" in first + last else f"{first}/{last}"


def _plain(value: PartialDate) -> bool:
    """Written exactly: no unit, no qualifier, and before the common era only as a year."""
    if value.unit is not None or value.approximate or value.uncertain:
        return False
    return value.year >= 1 or value.precision is Precision.YEAR


def _bounds(value: PartialDate) -> tuple[str, str]:
    """The first and last unit of the value's span, at the value's own precision where Markwhen can
    say it (a decade from its first to its last year); before the common era, years."""
    if value.unit is None:
        text = _fields(value) if value.year >= 1 else f"{1 - value.year} BCE"
        return text, text
    precision = _bounds_precision(value)
    first, after = value.span()
    year, month, day = _ymd(first)
    end_year, end_month, end_day = _ymd(after)
    if precision is Precision.YEAR:
        end_year -= 1
    elif precision is Precision.MONTH:
        end_year, end_month = (end_year, end_month - 1) if end_month > 1 else (end_year - 1, 12)
    else:
        end_year, end_month, end_day = day_from_number(day_number(end_year, end_month, end_day) - 1)
    return _bound(year, month, day, precision), _bound(end_year, end_month, end_day, precision)


def _ymd(key: int) -> tuple[int, int, int]:
    """The day of a span key (YYYYMMDDHHMMSS as one integer, years of any sign)."""
    rest, _ = divmod(key, 10**6)
    rest, day = divmod(rest, 100)
    year, month = divmod(rest, 100)
    return year, month, day


def _bounds_precision(value: PartialDate) -> Precision:
    """The unit a decade, season, quarter, week or third starts and ends on."""
    if value.unit in (Precision.DECADE, Precision.CENTURY):
        return Precision.YEAR
    if value.unit in (Precision.SEASON, Precision.QUARTER) or (
        value.unit is Precision.THIRD and value.month is None
    ):
        return Precision.MONTH
    return Precision.DAY


def _bound(year: int, month: int, day: int, precision: Precision) -> str:
    if year < 1:
        return f"{1 - year} BCE"
    text = f"{year:04d}"
    if precision.rank >= Precision.MONTH.rank:
        text += f"-{month:02d}"
    if precision.rank >= Precision.DAY.rank:
        text += f"-{day:02d}"
    return text


def _fields(value: PartialDate) -> str:
    """A plain value in the years 1-9999: its fields, a time as wall clock in its own zone."""
    text = f"{value.year:04d}"
    if value.month is not None:
        text += f"-{value.month:02d}"
    if value.day is not None:
        text += f"-{value.day:02d}"
    if value.minute is not None:
        text += f"T{value.hour:02d}:{value.minute:02d}"
        if value.second is not None:
            text += f":{value.second:02d}"
    return text
