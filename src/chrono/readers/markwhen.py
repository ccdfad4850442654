"""Markwhen (`.mw`): the plain-text timeline language of markwhen.com, read from its documented syntax.

Markwhen's own parser is a JavaScript package, so this is a reader of the syntax its documentation
describes (https://docs.markwhen.com/syntax/): a YAML header (optionally between `---` lines) with
`title`, `description`, `timezone` and `dateFormat: d/M/y`; then events, one per `DATE: description`
line, with properties on the lines right after it and free text up to the next event.

What becomes what:

* Dates keep the precision written: `2024` is a year, `04/1776` a month, `2024-01-05 10am` a minute.
  EDTF ranges (`1964/2008`) and written ranges (`11/11/2024 - 12/12/2024`, `1 Jan 1998 to 2011`) keep
  an inclusive end, as chrono does.
* Relative dates (`2 weeks`, `after !launch 3 days`, `before !xmas 1 week - 1 month`, `5 week days`) are
  worked out from the event they refer to, exactly as Markwhen does; the result is written at the
  precision of that event, or finer where the arithmetic needs it (a year plus two weeks is a day).
  `after !id N days` (or weeks) from an event known to the day becomes an anchored date
  (chrono.anchors) — `1 day after id` to `N days after id`, `before !id N days` likewise — which
  follows that event when its date is corrected. Months and years stay worked out: an anchored
  month is counted to the month, and Markwhen means the days.
* A range up to `now` (`2005/now`) has an open end (chrono's `2005/..`); `100 BCE` is a year before
  the common era. `now` anywhere else, dates without a year (`March 16`) and times without a date
  (`3:30pm`) depend on when the timeline is viewed, and relative dates after a BCE or open-ended
  event cannot be counted: those events are refused, with their line, and counted.
* `#tags` and enclosing `group`/`section` names become tags, `@name` an actor, `!id` or an `id:`
  property the event's id, `location:`/`[place](location)` the location, and a `[text](url)` link on
  the first line a source. Other properties stay at the top of the description, as written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from chrono.dates import PartialDate, Precision, parse_date
from chrono.errors import DateError
from chrono.readers.markwhen_fields import OWN, apply_own, own_property, text_value
from chrono.readers.reading import Reading, bad

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_MONTH_NAME = rf"(?:{_MONTHS})[a-z]*\.?"
_TIME = r"(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<ap>[ap]\.?m\.?)?"
_TIME_RE = re.compile(_TIME, re.I)
_ISO_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?", re.I
)
_EDTF = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?:[\sT,]+(?P<time>.+))?", re.I)
_SLASHED = re.compile(r"(?:(?P<a>\d{1,2})/)?(?P<b>\d{1,2})/(?P<y>\d{4})(?:[\s,]+(?P<time>.+))?", re.I)
_DAY_MONTH = re.compile(
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH_NAME}),?\s+(?P<y>\d{{4}})(?:[\s,]+(?P<time>.+))?",
    re.I,
)
_MONTH_DAY = re.compile(
    rf"(?P<mon>{_MONTH_NAME})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?:[\s,]+(?P<time>.+))?",
    re.I,
)
_ERA = re.compile(r"(?P<y>\d{1,4})\s*(?P<era>BCE|BC|CE|AD)", re.I)
_MONTH_YEAR = re.compile(rf"(?P<mon>{_MONTH_NAME}),?\s+(?P<y>\d{{4}})", re.I)
_NO_YEAR = re.compile(
    rf"(?:\d{{1,2}}\s+{_MONTH_NAME}|{_MONTH_NAME}\s+\d{{1,2}})(?:st|nd|rd|th)?(?:[\s,]+.+)?", re.I
)
_UNITS = {
    "millisecond": "ms", "ms": "ms", "second": "seconds", "sec": "seconds", "minute": "minutes",
    "min": "minutes", "hour": "hours", "day": "days", "week": "weeks", "month": "months", "year": "years",
}  # fmt: skip
_AMOUNT = re.compile(
    r"(?P<n>\d+)\s*(?P<wd>(?:week|work|business)\s*)?(?P<unit>milliseconds?|ms|seconds?|secs?|minutes?|mins?"
    r"|hours?|days?|weeks?|months?|years?)\b",
    re.I,
)
_RELATIVE = re.compile(r"(?:(?P<dir>after|before|by)\s+)?(?:!(?P<ref>[\w.-]+)\s*)?(?P<amounts>\d.*)?", re.I)
_DATE_WORDS = re.compile(
    rf"^(?:\d+(?:st|nd|rd|th)?|{_MONTH_NAME}|[ap]\.?m\.?|t|z|to|now|after|before|by|![\w.-]+|and|bce?|ce|ad"
    r"|week|work|business|weekdays?|milliseconds?|ms|seconds?|secs?|minutes?|mins?|hours?|days?|weeks?"
    r"|months?|years?)$",
    re.I,
)
_GROUP = re.compile(r"^\s*(?P<kind>group|section)\b(?P<rest>.*)$", re.I)
_END_GROUP = re.compile(r"^\s*end\s*(?:group|section)\b", re.I)
_PROPERTY = re.compile(r"^\s*(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
_COMMENT = re.compile(r"(?:^|\s)//.*$")
_TAG = re.compile(r"(?<!\S)#(?P<tag>[^\s#@!,;:()\[\]]+)")
_PERSON = re.compile(r"(?<!\S)@(?P<name>[\w.\-/]+)")
_REF_ID = re.compile(r"(?<!\S)!(?P<id>[\w.-]+)")
_LOCATION = re.compile(r"\[(?P<name>[^\]]+)\]\((?:location|map)\)", re.I)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)")
_PAGE_BREAK = "_-_-_break_-_-_"


class _Refused(Exception):
    """An entry chrono cannot express yet; the reason is counted and reported with its line."""


@dataclass(frozen=True, slots=True)
class _Fixed:
    text: str  # a chrono date ("2024-03", "2024-03-05T10:30", "2024-03-05T10:30:00Z")
    offset: bool  # written with its own UTC offset


@dataclass(frozen=True, slots=True)
class _Relative:
    direction: str  # "after" or "before"
    ref: str | None
    amounts: tuple[tuple[int, str], ...]


@dataclass(slots=True)
class _Span:
    """An event's range as Markwhen reads it: half-open wall-clock bounds and the precision written."""

    start: dt.datetime
    end: dt.datetime
    precision: Precision
    exact: bool = True  # False when chrono keeps the dates but cannot count from them (BCE, an open end)


@dataclass(slots=True)
class _State:
    dmy: bool = False
    zone: str | None = None
    last: _Span | None = None
    ids: dict[str, _Span] = field(default_factory=dict)


def read_markwhen(text: str, name: str, *, tz: str | None = None) -> Reading:
    """Events of a Markwhen document; refused entries and unread header settings are counted."""
    reading = Reading()
    lines = text.splitlines()
    state = _State(zone=tz)
    body_from = _read_header(lines, name, state, reading)
    groups: list[tuple[str | None, list[str]]] = []
    number = body_from
    while number < len(lines):
        raw = lines[number]
        number += 1
        line = _COMMENT.sub("", raw).rstrip()
        if not line.strip() or line.strip() == _PAGE_BREAK:
            continue
        if _END_GROUP.match(line):
            if groups:
                groups.pop()
            continue
        group = _GROUP.match(line)
        if group and not _event_parts(line):
            groups.append(_group(group["rest"]))
            number = _skip_properties(lines, number, reading, "group property")
            continue
        parts = _event_parts(line)
        if parts is None:
            reading.dropped["text outside any event"] += 1
            continue
        date_text, rest = parts
        first = number
        number, props, body = _collect(lines, number)
        try:
            fields = _event(date_text, rest, props, body, groups, state, name, first)
        except _Refused as exc:
            reading.skip(first, str(exc))
            continue
        if re.search(r"T[\d:]+[.,]\d", date_text):
            reading.dropped["milliseconds"] += 1
        if "id" not in fields:
            fields["id"] = reading.derive("mw", fields["title"], fields["start"], fields.get("end"))
        reading.add(fields, first)
    return reading


# --- header -----------------------------------------------------------------------------------


def _read_header(lines: list[str], name: str, state: _State, reading: Reading) -> int:
    """Read the header; returns the index of the first line after it."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and lines[start].strip() == "---":
        end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            raise bad(name, start + 1, "the header's '---' is never closed")
        header, after = lines[start + 1 : end], end + 1
        offset = start + 1
    else:
        after = next(
            (i for i, line in enumerate(lines) if _GROUP.match(line) or _event_parts(line)),
            len(lines),
        )
        header, offset = lines[:after], 0
    text = "\n".join("" if line.lstrip().startswith("//") else line for line in header)
    if not text.strip():
        return after
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = offset + mark.line + 1 if mark else offset + 1
        raise bad(name, line, f"the header is not valid YAML: {exc.problem}") from exc
    if not isinstance(data, dict):
        reading.dropped["header text"] += 1
        return after
    for key, value in data.items():
        key = str(key)
        if key == "dateFormat":
            if str(value).strip() not in ("d/M/y", "M/d/y"):
                raise bad(name, offset + 1, f"unknown dateFormat {value!r}: Markwhen knows d/M/y")
            state.dmy = str(value).strip() == "d/M/y"
        elif key in ("timezone", "tz"):
            state.zone = _zone(value, name, offset + 1)
        elif key == "title":
            reading.dropped["the timeline's title"] += 1
        elif key == "description":
            reading.dropped["the timeline's description"] += 1
        else:
            reading.dropped[f"header setting {key!r}"] += 1
    return after


def _zone(value: Any, name: str, line: int) -> str:
    """Markwhen zones are IANA names or a number of hours from UTC (`timezone: -3`)."""
    from chrono.dates import check_timezone

    if isinstance(value, str) and re.fullmatch(r"[+-]?\d{1,2}(?:\.\d+)?", value.strip()):
        value = float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        minutes = round(value * 60)
        sign = "-" if minutes < 0 else "+"
        value = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    try:
        return check_timezone(str(value))
    except DateError as exc:
        raise bad(name, line, str(exc)) from exc


# --- lines ------------------------------------------------------------------------------------


def _event_parts(line: str) -> tuple[str, str] | None:
    """(date, rest) when the line is an event: a date range, a colon, a description."""
    match = re.search(r":(?=\s|$)", line)
    if match is None:
        return None
    prefix = line[: match.start()].strip()
    if not prefix or len(prefix) > 80 or not (re.search(r"\d", prefix) or prefix.lower() == "now"):
        return None
    words = re.split(r"[\s/,–-]+|(?<=\d)(?=[a-z])", prefix, flags=re.I)
    if not all(
        _DATE_WORDS.match(w) or _ISO_TIME.fullmatch(w) or re.fullmatch(r"[Tt]?\d[\d:.TZtz+]*|[Zz]", w)
        for w in words
        if w
    ):
        return None
    return prefix, line[match.end() :].strip()


def _collect(lines: list[str], number: int) -> tuple[int, list[tuple[str, str, str]], list[str]]:
    """Properties right after an event's first line, then its text up to the next event or group."""
    props: list[tuple[str, str, str]] = []
    body: list[str] = []
    in_props = True
    while number < len(lines):
        raw = lines[number]
        stripped = raw.strip()
        if stripped == _PAGE_BREAK or _END_GROUP.match(raw):
            break
        if _GROUP.match(raw) or _event_parts(_COMMENT.sub("", raw)):
            break
        number += 1
        if stripped.startswith("//"):
            continue
        prop = _PROPERTY.match(raw) if in_props else None
        if prop and not _LINK.search(prop["key"]):
            props.append((prop["key"], prop["value"].strip(), raw.strip()))
            continue
        in_props = False
        body.append(raw)
    while body and not body[-1].strip():
        body.pop()
    while body and not body[0].strip():
        body.pop(0)
    return number, props, _dedent(body)


def _skip_properties(lines: list[str], number: int, reading: Reading, what: str) -> int:
    while number < len(lines) and _PROPERTY.match(lines[number]) and not _GROUP.match(lines[number]):
        reading.dropped[what] += 1
        number += 1
    return number


def _dedent(lines: list[str]) -> list[str]:
    import textwrap

    return textwrap.dedent("\n".join(lines)).splitlines() if lines else []


def _group(rest: str) -> tuple[str | None, list[str]]:
    rest = _COMMENT.sub("", rest)
    tags = [m["tag"] for m in _TAG.finditer(rest)]
    title = " ".join(_TAG.sub("", rest).split())
    return title or None, tags


# --- one event --------------------------------------------------------------------------------


def _event(
    date_text: str,
    rest: str,
    props: list[tuple[str, str, str]],
    body: list[str],
    groups: list[tuple[str | None, list[str]]],
    state: _State,
    name: str,
    line: int,
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    zone = state.zone
    kept: list[str] = []
    own: dict[str, Any] = {}
    for key, value, written in props:
        lowered = key.lower()
        if lowered == "id":
            fields["id"] = value
        elif lowered in ("timezone", "tz"):
            zone = _zone(value.strip("'\""), name, line)
        elif lowered in ("location", "locations"):
            fields["location"] = text_value(value)
        elif lowered in OWN:
            own[lowered] = own_property(lowered, value, name, line)
        else:
            kept.append(written)
    text = rest
    ids = [m["id"] for m in _REF_ID.finditer(_IMAGE.sub("", text))]
    if ids and "id" not in fields:
        fields["id"] = ids[0]
    everything = "\n".join([text, *body])
    actors = [m["name"] for m in _PERSON.finditer(everything)]
    people = {
        *actors,
        *(str(a.get("name")) if isinstance(a, dict) else str(a) for a in own.get("actors", [])),
    }
    # A group named after one of the event's people (`--group-by actor`) is theirs, not a tag.
    tags = [g for g, _ in groups if g and g not in people] + [t for _, ts in groups for t in ts]
    tags += [m["tag"] for m in _TAG.finditer(_IMAGE.sub("", everything))]
    location = _LOCATION.search(everything)
    if location and "location" not in fields:
        fields["location"] = location["name"]
    images = _IMAGE.findall(text)
    title = _IMAGE.sub("", _LOCATION.sub("", text))
    sources = [{"url": m["url"], "title": m["text"]} for m in _LINK.finditer(title)]
    title = _LINK.sub(lambda m: m["text"], title)
    title = _REF_ID.sub("", title)
    title = _trailing(title)
    title = _TAG.sub(lambda m: m["tag"], title)
    title = _PERSON.sub(lambda m: m["name"], title)
    fields["title"] = " ".join(title.split())
    description = "\n".join([*kept, *([""] if kept and body else []), *body, *images]).strip()
    if description:
        fields["description"] = description
    if tags:
        fields["tags"] = list(dict.fromkeys(tags))
    if actors:
        fields["actors"] = list(dict.fromkeys(actors))
    if sources:
        fields["sources"] = sources
    try:
        start, end, span = _dates(date_text, state, zone, name, line)
    except DateError as exc:
        raise bad(name, line, str(exc)) from exc
    fields["start"] = start
    if end is not None:
        fields["end"] = end
    if zone is not None and not (_has_offset(start) and (end is None or _has_offset(end))):
        fields["timezone"] = zone
    apply_own(fields, own, name, line)
    state.last = span
    if isinstance(fields.get("id"), str):
        state.ids[fields["id"]] = span
    return fields


def _trailing(title: str) -> str:
    """Drop the #tags, @people and !ids that end a line: they are not words of the title."""
    words = title.split()
    while words and words[-1][:1] in "#@!" and len(words[-1]) > 1:
        words.pop()
    return " ".join(words)


def _has_offset(text: str) -> bool:
    return bool(re.search(r"(?:Z|[+-]\d{2}(?::?\d{2})?)$", text)) and "T" in text


# --- dates ------------------------------------------------------------------------------------


def _dates(text: str, state: _State, zone: str | None, name: str, line: int) -> tuple[str, str | None, _Span]:
    """The event's start and inclusive end as chrono dates, and its Markwhen range for later events."""
    ongoing = re.fullmatch(r"(?P<start>.+?)\s*(?:/|-|–|\bto\b)\s*now", " ".join(text.split()), re.I)
    if ongoing:  # "2005/now": since 2005, an open end
        begun = _point(ongoing["start"], state)
        if not isinstance(begun, _Fixed):
            raise _Refused("a relative date up to 'now': chrono needs a fixed start")
        span = _fixed_span(begun, zone)
        return f"{begun.text}/..", None, _Span(span.start, span.end, span.precision, exact=False)
    first, second = _split_range(text, state)
    if first is None:
        raise bad(name, line, f"not a Markwhen date chrono can read: {text!r}")
    if isinstance(first, _Fixed) and (second is None or isinstance(second, _Fixed)):
        start = _fixed_span(first, zone)
        end = _fixed_span(second, zone) if second is not None else None
        span = _Span(start.start, (end or start).end, start.precision, start.exact and (end or start).exact)
        return first.text, second.text if second is not None else None, span
    return _relative(first, second, state, zone, name, line)


def _split_range(text: str, state: _State) -> tuple[_Fixed | _Relative | None, _Fixed | _Relative | None]:
    text = " ".join(text.split())
    if "/" in text:  # EDTF ranges first, as Markwhen does
        left, _, right = text.partition("/")
        if _EDTF.fullmatch(left.strip()) and not _SLASHED.fullmatch(text):
            return _point(left.strip(), state), _point(right.strip(), state)
    whole = _point(text, state, quiet=True)
    if whole is not None:
        return whole, None
    for sep in (" to ", " - ", " – ", "–", "-"):
        index = text.find(sep)
        while index != -1:
            left, right = text[:index].strip(), text[index + len(sep) :].strip()
            a, b = _point(left, state, quiet=True), _point(right, state, quiet=True)
            if a is not None and b is not None:
                return a, b
            index = text.find(sep, index + 1)
    for sep in (" to ", " - ", " – ", "–", "-"):
        if sep in text:
            _point(text.split(sep, 1)[0].strip(), state)  # says why, when it is a known refusal
    return _point(text, state), None


def _point(text: str, state: _State, *, quiet: bool = False) -> _Fixed | _Relative | None:
    lowered = text.lower()
    if lowered == "now":
        raise _Refused("'now' is whenever the timeline is viewed: chrono needs a fixed date")
    era = _ERA.fullmatch(text)
    if era:
        bce = era["era"].upper().startswith("B")
        return _Fixed(f"{int(era['y'])} BC" if bce else f"{int(era['y']):04d}", offset=False)
    if _ISO_TIME.fullmatch(text):
        if re.search(r":\d\d[.,]\d*[1-9]", text):
            raise _Refused("a fraction of a second is finer than chrono keeps")
        return _Fixed(
            text.upper() if text.endswith("z") else text,
            offset=bool(re.search(r"[Zz+]|-\d\d:?\d\d$", text[10:])),
        )
    m = _EDTF.fullmatch(text)
    if m:
        base = m["y"] + (f"-{m['m']}" if m["m"] else "") + (f"-{m['d']}" if m["d"] else "")
        return _with_time(base, m["time"], bool(m["d"]), quiet)
    m = _SLASHED.fullmatch(text)
    if m:
        if m["a"] is None:
            return _with_time(f"{m['y']}-{int(m['b']):02d}", m["time"], False, quiet)
        month, day = (m["b"], m["a"]) if state.dmy else (m["a"], m["b"])
        return _with_time(f"{m['y']}-{int(month):02d}-{int(day):02d}", m["time"], True, quiet)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        m = pattern.fullmatch(text)
        if m:
            return _with_time(f"{int(m['d'])} {m['mon'].rstrip('.')} {m['y']}", m["time"], True, quiet)
    m = _MONTH_YEAR.fullmatch(text)
    if m:
        return _Fixed(f"{m['mon'].rstrip('.')} {m['y']}", offset=False)
    m = _RELATIVE.fullmatch(text)
    if m and (m["amounts"] or m["ref"]):
        amounts = _amounts(m["amounts"] or "")
        if amounts is not None:
            direction = "before" if (m["dir"] or "").lower() in ("before", "by") else "after"
            return _Relative(direction, m["ref"], amounts)
    if quiet:
        return None
    if _NO_YEAR.fullmatch(text):
        raise _Refused(f"date {text!r} has no year (Markwhen would take the current one)")
    if _TIME_RE.fullmatch(text) and (":" in text or re.search(r"[ap]\.?m", text, re.I)):
        raise _Refused(f"time {text!r} has no date (Markwhen would take the last one seen)")
    return None


def _with_time(date: str, time: str | None, has_day: bool, quiet: bool) -> _Fixed | None:
    if time is None:
        return _Fixed(date, offset=False)
    m = _TIME_RE.fullmatch(time.strip())
    if m is None or not has_day or (m["mi"] is None and m["ap"] is None):
        return None
    hour = int(m["h"])
    if m["ap"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ap"][0].lower() == "p" else 0)
    clock = f"{hour:02d}:{m['mi'] or '00'}" + (f":{m['s']}" if m["s"] else "")
    if not date[:4].isdigit():  # a written date: "5 March 2024 10:30"
        return _Fixed(f"{date} {clock}", offset=False)
    return _Fixed(f"{date}T{clock}", offset=False)


def _amounts(text: str) -> tuple[tuple[int, str], ...] | None:
    found: list[tuple[int, str]] = []
    position = 0
    text = text.strip()
    for m in _AMOUNT.finditer(text):
        if text[position : m.start()].strip(" ,") not in ("", "and"):
            return None
        unit = m["unit"].lower().rstrip("s") or "s"
        unit = _UNITS.get(unit, _UNITS.get(m["unit"].lower(), "days"))
        if m["wd"] or m["unit"].lower().startswith("weekday"):
            unit = "weekdays"
        found.append((int(m["n"]), unit))
        position = m.end()
    if not found or text[position:].strip():
        return None
    if any(unit == "ms" for _, unit in found):
        raise _Refused("milliseconds are finer than chrono keeps")
    return tuple(found)


def _fixed_span(point: _Fixed, zone: str | None) -> _Span:
    """Wall-clock bounds; a time with no zone yet is placed in UTC here (the import then asks for one).

    A year before 1 is kept, but later relative dates cannot count from it."""
    value = parse_date(point.text, tz=None if point.offset else zone or "UTC")
    try:
        return _span_of(value)
    except DateError:
        return _Span(dt.datetime.min, dt.datetime.min, value.precision, exact=False)


def _span_of(value: PartialDate) -> _Span:
    from chrono.dates import key_to_datetime

    first, after = value.span()
    return _Span(key_to_datetime(first), key_to_datetime(after), value.precision)


def _relative(
    first: _Fixed | _Relative,
    second: _Fixed | _Relative | None,
    state: _State,
    zone: str | None,
    name: str,
    line: int,
) -> tuple[str, str | None, _Span]:
    """A range with a relative part: an anchored date where chrono's says exactly what Markwhen means
    (days or weeks from an event known to the day, named by its id), else worked out as Markwhen does."""
    start, end, span = _worked_out(first, second, state, zone, name, line)
    if not (isinstance(first, _Relative) and second is None and first.ref is not None):
        return start, end, span
    [(count, unit), *more] = first.amounts
    if more or unit not in ("days", "weeks") or state.ids[first.ref].precision is not Precision.DAY:
        return start, end, span
    amount = f"{count} {unit[:-1]}{'s' if count != 1 else ''}"
    ref = first.ref
    if first.direction == "after":  # from the day after the event, for the amount
        start, end = f"1 day after {ref}", f"{amount} after {ref}"
    else:
        start, end = f"{amount} before {ref}", f"1 day before {ref}"
    return start, None if end == start else end, span


def _worked_out(
    first: _Fixed | _Relative,
    second: _Fixed | _Relative | None,
    state: _State,
    zone: str | None,
    name: str,
    line: int,
) -> tuple[str, str | None, _Span]:
    """Work out a range with a relative part, as Markwhen does, and write it at honest precision."""

    def anchor(rel: _Relative) -> _Span:
        if rel.ref is not None and rel.ref in state.ids:
            found = state.ids[rel.ref]
        elif rel.ref is not None:
            raise bad(name, line, f"no event with id {rel.ref!r} before this line")
        elif state.last is None:
            raise _Refused("a relative date with no earlier event: Markwhen would count from now")
        else:
            found = state.last
        if not found.exact:
            raise _Refused(
                "a relative date after a date chrono cannot count from (before the year 1, or open)"
            )
        return found

    if isinstance(first, _Fixed):
        base = _fixed_span(first, zone)
        assert isinstance(second, _Relative)
        if not base.exact:
            raise _Refused("a relative end after a date chrono cannot count from (before the year 1)")
        start, floor = base.start, base.precision
        end = _add(start, second.amounts, 1)
    elif first.direction == "before":
        ref = anchor(first)
        floor = ref.precision
        if second is None:
            end = ref.start
            start = _add(end, first.amounts, -1)
        else:
            end = _add(ref.start, first.amounts, -1)
            start = (
                _add(end, second.amounts, -1)
                if isinstance(second, _Relative)
                else _fixed_span(second, zone).start
            )
    else:
        ref = anchor(first)
        floor = ref.precision
        if second is None:
            start = ref.end
            end = _add(start, first.amounts, 1)
        else:
            start = _add(ref.end, first.amounts, 1)
            if isinstance(second, _Relative):
                end = _add(start, second.amounts, 1)
            else:
                end = _fixed_span(second, zone).end
    if end < start:
        raise bad(name, line, "the range ends before it starts")
    precision = _finest(floor, _aligned(start), _aligned(end))
    start_text = _write(start, precision)
    end_text = _write(end if precision.timed else _last(end, precision), precision)
    if end_text == start_text:
        return start_text, None, _Span(start, end, precision)
    return start_text, end_text, _Span(start, end, precision)


def _add(value: dt.datetime, amounts: tuple[tuple[int, str], ...], sign: int) -> dt.datetime:
    import pendulum

    result = pendulum.naive(value.year, value.month, value.day, value.hour, value.minute, value.second)
    for count, unit in amounts:
        if unit == "weekdays":
            step = pendulum.duration(days=sign)
            left = count
            while left:
                if (result if sign > 0 else result + step).weekday() < 5:
                    left -= 1
                result = result + step
        else:
            result = result.add(**{unit: sign * count})
    return dt.datetime(result.year, result.month, result.day, result.hour, result.minute, result.second)


def _aligned(value: dt.datetime) -> Precision:
    if value.second:
        return Precision.SECOND
    if value.hour or value.minute:
        return Precision.MINUTE
    if value.day != 1:
        return Precision.DAY
    if value.month != 1:
        return Precision.MONTH
    return Precision.YEAR


def _finest(*precisions: Precision) -> Precision:
    return max(precisions, key=lambda p: p.rank)


def _last(end: dt.datetime, precision: Precision) -> dt.datetime:
    """The last unit at `precision` before the half-open bound `end`."""
    if precision is Precision.YEAR:
        return end.replace(year=end.year - 1)
    if precision is Precision.MONTH:
        return (
            end.replace(year=end.year - 1, month=12) if end.month == 1 else end.replace(month=end.month - 1)
        )
    return end - dt.timedelta(days=1)


def _write(value: dt.datetime, precision: Precision) -> str:
    text = f"{value.year:04d}"
    if precision.rank >= Precision.MONTH.rank:
        text += f"-{value.month:02d}"
    if precision.rank >= Precision.DAY.rank:
        text += f"-{value.day:02d}"
    if precision.timed:
        text += f"T{value.hour:02d}:{value.minute:02d}"
    if precision is Precision.SECOND:
        text += f":{value.second:02d}"
    return text
