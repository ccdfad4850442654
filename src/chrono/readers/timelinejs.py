"""TimelineJS: Knight Lab's JSON (v3, the older v2 `timeline`/`date` shape, chrono's own export) and
its Google Sheets template as CSV.

What becomes what (https://timeline.knightlab.com/docs/json-format.html):

* Date parts (`year`, `month`, `day`, `hour`, `minute`, `second`) keep their precision; an end that
  equals the start is no end. TimelineJS has no zones, so times take `--tz` (chrono's own export names
  its zone in `display_date` when it is UTC or an offset, and that is used).
* `headline` becomes the title and `text` the description, HTML sanitised into Markdown; `group`
  becomes a tag, `unique_id` the id (a slide without one gets an id derived from its headline and date,
  so a re-import finds it again). Eras are imported as events tagged `era`.
* chrono's own export is recognised by its title slide (`_title`): the status, location, coordinates,
  actors with roles, sources, quantities and external ids it writes into `text` come back as fields,
  and `c.`/`(uncertain)` in its display date as the qualifiers; its display text also brings back
  what date parts cannot say (a decade, a season, an open end: "1990s", "Spring 2022", "since 2014").
* Years are astronomical, as in TimelineJS and chrono (-43 is 44 BC).
* A slide's `media` (url, caption, credit, thumbnail, alt; the sheet's `Media`, `Media Credit`, `Media
  Caption`, `Media Thumbnail`, `Alt Text` columns) becomes the event's media; one that is not an http(s)
  URL (an embed code) is counted. chrono's own export also gives back quantities and external ids from
  its text.
* Not kept, and counted: the title slide, backgrounds, media that is not a URL; years beyond 99,999,999
  are refused with their line.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from chrono.models import check_id
from chrono.places import parse_words
from chrono.readers.htmltext import html_to_markdown, html_to_text
from chrono.readers.media import own_data, take_media
from chrono.readers.reading import Reading, bad, json_item_lines

TITLE_ID = "_title"  # chrono.render.timelinejs.TITLE_ID; render is not imported by readers
_PARTS = ("year", "month", "day", "hour", "minute", "second")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_LINK = re.compile(r'<a href="(?P<url>[^"]*)">(?P<label>.*?)</a>')
_ZONE = re.compile(r"\b(UTC(?:[+-]\d{2}:\d{2}(?::\d{2})?)?)\s*(?:\(uncertain\))?$")
_TIME = re.compile(r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ap>[ap]\.?m\.?)?", re.I)


class _Refused(Exception):
    pass


def read_timelinejs(text: str, name: str, *, tz: str | None = None) -> Reading:
    """Slides of a TimelineJS JSON file (v3 or v2) as events."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise bad(name, exc.lineno, f"not valid JSON: {exc.msg}") from exc
    reading = Reading()
    if isinstance(data, dict) and isinstance(data.get("timeline"), dict):
        _read_v2(data["timeline"], name, tz, reading, json_item_lines(text, "date"))
        return reading
    lines = json_item_lines(text, "events")
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise bad(name, 1, "not a TimelineJS file: expected an object with an 'events' list")
    title = data.get("title")
    own = isinstance(title, dict) and title.get("unique_id") == TITLE_ID
    if isinstance(title, dict):
        reading.dropped["title slide"] += 1
    for index, slide in enumerate(data["events"]):
        line = lines[index] if index < len(lines) else None
        if not isinstance(slide, dict):
            raise bad(name, line, f"slide {index + 1} is not an object")
        try:
            fields = _slide(slide, own, tz, name, line, reading)
        except _Refused as exc:
            reading.skip(line, str(exc))
            continue
        reading.add(fields, line)
    for era in data.get("eras") or []:
        if not isinstance(era, dict):
            raise bad(name, None, "an era is not an object")
        try:
            fields = _slide(era, False, tz, name, None, reading)
        except _Refused as exc:
            reading.skip(None, f"era: {exc}")
            continue
        fields["tags"] = [*fields.get("tags", []), "era"]
        fields["id"] = reading.derive("tl-era", fields["title"], fields["start"], fields.get("end"))
        reading.add(fields, None)
    return reading


def _slide(
    slide: dict[str, Any], own: bool, tz: str | None, name: str, line: int | None, reading: Reading
) -> dict[str, Any]:
    text = slide.get("text") if isinstance(slide.get("text"), dict) else {}
    assert isinstance(text, dict)
    headline = html_to_text(str(text.get("headline") or ""))
    body = str(text.get("text") or "")
    start = _parts(slide.get("start_date"), "start_date", name, line)
    end = _parts(slide.get("end_date"), "end_date", name, line) if slide.get("end_date") else None
    display = html.unescape(html.unescape(str(slide.get("display_date") or "")))
    fields: dict[str, Any] = {"title": headline or html_to_text(body)[:80] or "(untitled)"}
    end_mark = ""
    if own:
        fields.update(_own_text(body))
        zone = _ZONE.search(display)
        if zone and (start[2] or (end and end[2])):
            fields["timezone"] = zone.group(1)
        first, last = _own_flags(display, end is not None and end[0] != start[0])
        fields.update({k: True for k, on in zip(("approximate", "uncertain"), first, strict=True) if on})
        end_mark = {(True, False): "~", (False, True): "?", (True, True): "%"}.get(last, "")
    elif body:
        fields["description"] = html_to_markdown(body)
    if "timezone" not in fields and tz is not None:
        fields["timezone"] = tz
    fields["start"] = start[0]
    if end is not None and end[0] != start[0]:
        fields["end"] = end[0] + end_mark
    words = _own_when(display, start[0]) if own and display else None
    if words is not None and words != fields["start"]:
        said = "/" in words and words[-1] not in "~?%." and not words.endswith("/")
        fields["start"] = words + (end_mark if said else "")  # an end's qualifier said once for both
        fields.pop("end", None)
    group = slide.get("group")
    if isinstance(group, str) and html_to_text(html.unescape(group)):
        fields.setdefault("tags", []).insert(0, html_to_text(html.unescape(group)))
    unique = slide.get("unique_id")
    if isinstance(unique, str) and unique.strip():
        try:
            fields["id"] = check_id(unique.strip())
        except ValueError:
            fields["id"] = reading.derive("tl", unique.strip())
    else:
        fields["id"] = reading.derive("tl", fields["title"], fields["start"], fields.get("end"))
    if slide.get("media"):
        _take_media(fields, slide["media"], reading)
    if slide.get("background"):
        reading.dropped["backgrounds"] += 1
    if start[1] or (end and end[1]):
        reading.dropped["milliseconds"] += 1
    return fields


def _parts(value: Any, what: str, name: str, line: int | None) -> tuple[str, bool, bool]:
    """(chrono date, had milliseconds, timed) of a TimelineJS date object."""
    if not isinstance(value, dict):
        raise bad(name, line, f"{what} must be an object with at least a year")
    numbers: list[int] = []
    for part in _PARTS:
        raw = value.get(part)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            break
        try:
            numbers.append(int(str(raw).strip()))
        except ValueError:
            raise bad(name, line, f"{what}.{part} is not a whole number: {raw!r}") from None
    return _date_text(numbers, what, name, line), bool(value.get("millisecond")), len(numbers) > 3


def _date_text(numbers: list[int], what: str, name: str, line: int | None) -> str:
    if not numbers:
        raise bad(name, line, f"{what} has no year")
    year = numbers[0]
    if abs(year) > 99_999_999:
        raise _Refused(f"{what} year {year} is beyond the 99,999,999 years chrono holds")
    text = _year(year) + "".join(f"-{number:02d}" for number in numbers[1:3])
    if len(numbers) == 4:
        raise bad(name, line, f"{what} has an hour but no minute")
    if len(numbers) >= 5:
        text += f"T{numbers[3]:02d}:{numbers[4]:02d}"
    if len(numbers) == 6:
        text += f":{numbers[5]:02d}"
    return text


# What chrono's export says of an event known to the year or month (render.timelinejs.precision_note).
_PRECISION_NOTE = re.compile(
    r"<em>Known to the \w+ only: no day is known, though the timeline has to place it on one\.</em>"
)


def _year(year: int) -> str:
    """A TimelineJS year (astronomical, as chrono's: -43 is 44 BC) in chrono's spelling."""
    if 0 <= year <= 9999:
        return f"{year:04d}"
    if -9999 <= year < 0:
        return f"-{-year:04d}"
    return f"Y{year}"


def _own_flags(display: str, ranged: bool) -> tuple[tuple[bool, bool], tuple[bool, bool]]:
    """The qualifiers of each end in chrono's display text: "c. A – B (uncertain)" says them once for
    both ends of a shortened range ("c. 29 March – 2 April 2022"), and each end says its own when the
    two dates are written in full ("c. 29 March 2022 – 2 April 2022")."""

    def marks(text: str) -> tuple[bool, bool]:
        return text.startswith("c. "), text.endswith(" (uncertain)")

    left, sep, right = display.partition(" – ")
    if not ranged:
        return marks(display), (False, False)
    if sep and _is_date(left.removeprefix("c. ").removesuffix(" (uncertain)")):
        return marks(left), marks(right)
    return marks(display), marks(display)


def _is_date(text: str) -> bool:
    from chrono.dates import parse_date
    from chrono.errors import DateError

    try:
        parse_date(text)
    except DateError:
        return False
    return True


def _own_when(display: str, start: str) -> str | None:
    """The dates of chrono's own display text ("1990s", "Spring 2022", "since 2014"), which hold the
    unit that date parts cannot, when they agree with the parts; None for times and other words."""
    from chrono.dates import parse_date, parse_when
    from chrono.errors import DateError

    core = display.removeprefix("c. ").removesuffix(" (uncertain)")
    try:
        when = parse_when(core)
        first = parse_date(start)
    except DateError:
        return None
    if when.start.precision.timed or when.start.first_ymd()[0] != first.first_ymd()[0]:
        return None
    return when.edtf()


def _own_text(body: str) -> dict[str, Any]:
    """The fields chrono's TimelineJS export writes into a slide's text, read back."""
    fields: dict[str, Any] = {}
    paragraphs: list[str] = []
    for raw in _PARAGRAPH.findall(body):
        status = re.fullmatch(r"<strong>Status: (\w+)</strong>", raw)
        if status:
            fields["status"] = status.group(1)
        elif _PRECISION_NOTE.fullmatch(raw):
            continue  # the export's word on precision; the date itself says it
        elif raw.startswith("Location: "):
            fields["location"] = html.unescape(raw[len("Location: ") :])
        elif raw.startswith("Coordinates: ") and (point := parse_words(html.unescape(raw[13:]))):
            fields.update(point.to_dict())  # what `Geo.words` wrote; other text stays description
        elif raw.startswith("Actors: "):
            actors: list[Any] = []
            for part in html.unescape(raw[len("Actors: ") :]).split(", "):
                role = re.fullmatch(r"(.+?) \((.+)\)", part)
                actors.append({"name": role.group(1), "role": role.group(2)} if role else part)
            fields["actors"] = actors
        elif raw.startswith("Sources: "):
            fields["sources"] = [_own_source(s) for s in raw[len("Sources: ") :].split("; ") if s]
        elif raw.startswith(("Quantities: ", "External ids: ")) and own_data(html.unescape(raw), fields):
            continue
        else:
            paragraphs.append(html.unescape(raw))
    if paragraphs:
        fields["description"] = "\n\n".join(paragraphs)
    return fields


def _take_media(fields: dict[str, Any], media: Any, reading: Reading) -> None:
    """A slide's media (caption and credit are HTML) as the event's; what chrono cannot hold (an
    embed code, a URL that is not http(s)) is counted."""
    if isinstance(media, dict):
        media = {
            key: html_to_text(str(media[key])) if key in ("caption", "credit") else media[key]
            for key in ("url", "caption", "credit", "thumbnail", "alt")
            if isinstance(media.get(key), str) and media[key].strip()
        }
    take_media(fields, media, reading)


def _own_source(text: str) -> dict[str, Any]:
    text = re.sub(r" \[(?:<a [^>]*>)?archived(?:</a>)?\]$|\s\[[^\]]*\]$", "", text)
    link = _LINK.match(text)
    source: dict[str, Any] = {}
    rest = text
    if link:
        source["url"] = html.unescape(link["url"])
        label = html.unescape(link["label"])
        rest = text[link.end() :]
        if label != _host(source["url"]):
            source["title"] = label
    else:
        label, _, rest = text.partition(" (")
        source["title"] = html.unescape(label)
        rest = " (" + rest if rest else ""
    extra = re.fullmatch(r" \((.*)\)", rest)
    if extra:
        from chrono.dates import parse_when
        from chrono.errors import DateError

        for item in html.unescape(extra.group(1)).split(", "):
            try:
                parse_when(item)
                source["published"] = item
            except DateError:
                if "://" in item:
                    source["url"] = item
                else:
                    source["publisher"] = item
    return source


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url.strip()).hostname or url


# --- v2 -----------------------------------------------------------------------------------------


def _read_v2(timeline: dict[str, Any], name: str, tz: str | None, reading: Reading, lines: list[int]) -> None:
    """The TimelineJS 2 shape: {"timeline": {"headline", "date": [{"startDate": "2011,12,10", ...}]}}."""
    if timeline.get("headline") or timeline.get("text"):
        reading.dropped["title slide"] += 1
    dates = timeline.get("date")
    if not isinstance(dates, list):
        raise bad(name, 1, "not a TimelineJS 2 file: 'timeline' has no 'date' list")
    for index, item in enumerate(dates):
        line = lines[index] if index < len(lines) else None
        if not isinstance(item, dict):
            raise bad(name, line, f"date {index + 1} is not an object")
        try:
            fields = _v2_slide(item, tz, name, line, reading)
        except _Refused as exc:
            reading.skip(line, str(exc))
            continue
        reading.add(fields, line)
    for era in timeline.get("era") or []:
        if isinstance(era, dict):
            try:
                fields = _v2_slide(era, tz, name, None, reading)
            except _Refused as exc:
                reading.skip(None, f"era: {exc}")
                continue
            fields["tags"] = [*fields.get("tags", []), "era"]
            reading.add(fields, None)


def _v2_slide(
    item: dict[str, Any], tz: str | None, name: str, line: int | None, reading: Reading
) -> dict[str, Any]:
    start = _v2_date(item.get("startDate"), "startDate", name, line)
    end = _v2_date(item.get("endDate"), "endDate", name, line) if item.get("endDate") else None
    headline = html_to_text(str(item.get("headline") or ""))
    fields: dict[str, Any] = {"title": headline or "(untitled)", "start": start}
    if end is not None and end != start:
        fields["end"] = end
    if item.get("text"):
        fields["description"] = html_to_markdown(str(item["text"]))
    if isinstance(item.get("tag"), str) and item["tag"].strip():
        fields["tags"] = [item["tag"].strip()]
    if tz is not None:
        fields["timezone"] = tz
    fields["id"] = reading.derive("tl", fields["title"], start, fields.get("end"))
    asset = item.get("asset")
    if isinstance(asset, dict) and asset.get("media"):  # v2 names the URL `media`
        _take_media(fields, {**asset, "url": asset["media"]}, reading)
    if item.get("classname"):
        reading.dropped["class names"] += 1
    return fields


def _v2_date(value: Any, what: str, name: str, line: int | None) -> str:
    """ "2011,12,10" or "2011,12,10,08,30": comma-separated parts."""
    parts = [p.strip() for p in str(value).split(",")] if value is not None else []
    while parts and not parts[-1]:
        parts.pop()
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        raise bad(name, line, f"{what} {value!r} is not 'year,month,day[,hour,minute]'") from None
    return _date_text(numbers, what, name, line)
