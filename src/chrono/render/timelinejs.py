"""Knight Lab TimelineJS3 JSON: the embeddable timeline newsrooms use.

Format: https://timeline.knightlab.com/docs/json-format.html. Choices, and why:

* Dates are integer parts at the event's precision ({"year": 2024}, {"year": 2022, "month": 9},
  timed events add hour and minute, and second when known), so TimelineJS neither invents a day nor
  shifts a time. Times are wall-clock parts in the event's own zone: TimelineJS has no zones.
* `end_date` holds the end's own parts, inclusive at its precision as chrono stores it, and is left
  out when it would equal the start (TimelineJS would drop it anyway).
* Every slide gets a `display_date` written by chrono ("20 January 2025, 12:00 EST", "c. December
  2024", "2023 (uncertain)"): TimelineJS cannot show zones or qualifiers, treats an hour of 0 as "no
  time", and would otherwise mix its own US-style dates with ours.
* `headline` and `text` are HTML, so every user string is escaped with `html.escape`; descriptions
  are plain text made into <p> paragraphs. Only http(s) source URLs become links. `group` and
  `display_date` are plain text to TimelineJS (3.9 strips markup from them, decoding entities, and
  then inserts them as HTML), so they are escaped twice to show literally.
* An event's media is the slide's `media` (url, caption, credit, thumbnail, alt); its quantities and
  external ids are paragraphs of the text ("Quantities: drones: more than 11,000 drones"), which the
  reader takes back from chrono's own export.
* `unique_id` is the event id (slide anchors survive re-exports); the title slide gets "_title",
  which no event id can be (ids start with a letter or digit).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from chrono.dates import PartialDate, Precision, When
from chrono.errors import InvalidInput
from chrono.media import Media
from chrono.models import EventRecord, SourceRef
from chrono.render import GROUP_BY as _GROUP_BY

__all__ = [
    "GROUP_BY",
    "MONTHS",
    "TITLE_ID",
    "date_parts",
    "display_date",
    "is_web_url",
    "iter_timelinejs",
    "precision_note",
    "render_timelinejs",
]

GROUP_BY = _GROUP_BY.values
TITLE_ID = "_title"

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def render_timelinejs(
    records: Sequence[EventRecord], *, title: str, description: str, group_by: str = "none"
) -> str:
    """The TimelineJS document: a title slide and one slide per event, in the order given."""
    return "".join(iter_timelinejs(records, title=title, description=description, group_by=group_by))


def iter_timelinejs(
    records: Iterable[EventRecord], *, title: str, description: str, group_by: str = "none"
) -> Iterator[str]:
    """`render_timelinejs` in pieces (the title slide, one per event, the end): the same bytes as
    `json.dumps(document, indent=2)`, without holding every slide at once."""
    if group_by not in GROUP_BY:
        raise InvalidInput(f"bad group {group_by!r}: use one of {', '.join(GROUP_BY)}")
    head = {
        "title": {
            "unique_id": TITLE_ID,
            "text": {"headline": html.escape(title), "text": _paragraphs(description)},
        }
    }
    yield json.dumps(head, ensure_ascii=False, indent=2)[: -len("\n}")] + ',\n  "events": ['
    separator = "\n"
    for record in records:
        slide = json.dumps(_slide(record, group_by), ensure_ascii=False, indent=2)
        yield separator + "    " + slide.replace("\n", "\n    ")
        separator = ",\n"
    yield ("\n  ]" if separator == ",\n" else "]") + "\n}\n"


def _slide(record: EventRecord, group_by: str) -> dict[str, Any]:
    when = record.when()
    slide: dict[str, Any] = {"unique_id": record.id, "start_date": date_parts(when.start)}
    end = when.end
    if end is not None and date_parts(end) != slide["start_date"]:
        slide["end_date"] = date_parts(end)
    slide["display_date"] = _plain(display_date(when))
    slide["text"] = {"headline": html.escape(record.title), "text": _event_text(record, when)}
    if record.media is not None:
        slide["media"] = media_object(record.media)
    group = _group(record, group_by)
    if group is not None:
        slide["group"] = _plain(group)
    return slide


def _group(record: EventRecord, group_by: str) -> str | None:
    """First tag or first actor; an event without one goes to TimelineJS's unlabelled row."""
    if group_by == "tag":
        return record.tags[0] if record.tags else None
    if group_by == "actor":
        return record.actors[0] if record.actors else None
    return None


def _plain(text: str) -> str:
    """Escape for a field TimelineJS strips of markup and then inserts as HTML: twice."""
    return html.escape(html.escape(text))


# --- dates ------------------------------------------------------------------------------------


def date_parts(value: PartialDate) -> dict[str, int]:
    """TimelineJS date parts at the value's precision, wall-clock in its own zone.

    Years before 1 are negative, as TimelineJS counts them (-43 is 44 BC). A decade or century is
    its first year; a season, quarter, week or third is the year and month it starts in (the
    words in `display_date` say the rest): never a day nobody knows.
    """
    if value.unit is not None:
        year, month, _ = value.first_ymd()
        return {"year": year} if value.unit in _YEAR_UNITS else {"year": year, "month": month}
    parts = {"year": value.year}
    for name in ("month", "day", "hour", "minute", "second"):
        part = getattr(value, name)
        if part is None:
            break
        parts[name] = part
    return parts


def display_date(when: When) -> str:
    """The date as the slide shows it: "c." before if approximate, "(uncertain)" after if uncertain.

    Qualifiers belong to each end; when both ends carry the same ones they are said once. A range
    is shortened where both ends share a year ("6 September – 2 October 2022", "29–31 March 2022")
    or, for times, a day and zone ("20 January 2025, 12:00 – 14:00 EST").
    """
    start, end = when.start, when.end
    if when.open is not None:
        return when.open.say(_qualify(start, _one_date(start)))
    if end is not None and date_parts(end) == date_parts(start) and _flags(end) == _flags(start):
        end = None  # "2024/2024" is just 2024, as its slide has no end date
    both = f"{_qualify(start, _one_date(start))} – {_qualify(end, _one_date(end))}" if end is not None else ""
    if end is not None and _flags(end) != _flags(start):
        return both
    if (
        end is not None
        and any(_flags(start))
        and _range(start, end) == f"{_one_date(start)} – {_one_date(end)}"
    ):
        return both  # not shortened: each end says its own, as when they differ (read back alike)
    return _qualify(start, _one_date(start) if end is None else _range(start, end))


def _flags(value: PartialDate) -> tuple[bool, bool]:
    return value.approximate, value.uncertain


def _qualify(value: PartialDate, text: str) -> str:
    """ "c." before if approximate, "(uncertain)" after if uncertain."""
    if value.approximate:
        text = "c. " + text
    if value.uncertain:
        text += " (uncertain)"
    return text


def _one_date(value: PartialDate, *, year: bool = True, time: bool = True) -> str:
    if value.unit is not None and value.unit is not Precision.THIRD:
        return value.words()  # "1990s", "20th century", "Spring 2022", "Q1 2024", "week 5 of 2024"
    words = [str(value.day)] if value.day is not None else []
    if value.unit is Precision.THIRD:
        words = [value.words().split()[0]]  # early, mid or late
    if value.month is not None:
        words.append(MONTHS[value.month - 1])
    if year:
        words.append(PartialDate(value.year).words())  # 44 BC
    text = " ".join(words)
    if time and value.precision.timed:
        text += f", {value.clock()} {value.zone_abbr()}"
    return text


_YEAR_UNITS = (Precision.DECADE, Precision.CENTURY)


def _range(start: PartialDate, end: PartialDate) -> str:
    precision = start.precision
    if precision.timed and end.precision.timed:
        zone = start.zone_abbr()
        if start.first_day() == end.first_day() and zone == end.zone_abbr():
            return f"{_one_date(start, time=False)}, {start.clock()} – {end.clock()} {zone}"
    elif (
        precision is end.precision
        and precision in (Precision.MONTH, Precision.DAY)
        and start.year == end.year
    ):
        if precision is Precision.DAY and start.month == end.month:
            return f"{start.day}–{_one_date(end)}"
        return f"{_one_date(start, year=False)} – {_one_date(end)}"
    return f"{_one_date(start)} – {_one_date(end)}"


def precision_note(when: When) -> str | None:
    """What the slide must say when TimelineJS would suggest a day that nobody knows.

    TimelineJS draws an event known to the year or month as a point on its first day; only the
    date in words (`display_date`) is right, so the slide says how precisely it is known.
    """
    coarse = [
        v.precision for v in (when.start, when.end) if v is not None and v.precision.rank < Precision.DAY.rank
    ]
    if not coarse:
        return None
    unit = min(coarse, key=lambda p: p.rank).value
    return f"Known to the {unit} only: no day is known, though the timeline has to place it on one."


# --- text -------------------------------------------------------------------------------------


def _paragraphs(text: str) -> str:
    """Plain text to HTML: blank lines separate paragraphs, other line breaks are spaces."""
    paragraphs = (" ".join(part.split()) for part in _BLANK_LINE.split(text))
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p)


def _event_text(record: EventRecord, when: When | None = None) -> str:
    parts: list[str] = []
    note = precision_note(when or record.when())
    if note:
        parts.append(f"<p><em>{html.escape(note)}</em></p>")
    if record.status != "confirmed":
        parts.append(f"<p><strong>Status: {html.escape(record.status)}</strong></p>")
    parts.append(_paragraphs(record.description))
    if record.location:
        parts.append(f"<p>Location: {html.escape(record.location)}</p>")
    if record.geo:  # TimelineJS (v3) has no map: the point is words in the slide
        parts.append(f"<p>Coordinates: {html.escape(record.geo.words())}</p>")
    if record.actors:
        actors = ", ".join(
            html.escape(f"{name} ({record.roles[name]})" if name in record.roles else name)
            for name in record.actors
        )
        parts.append(f"<p>Actors: {actors}</p>")
    if record.sources:
        sources = "; ".join(_source(source) for source in record.sources)
        parts.append(f"<p>Sources: {sources}</p>")
    if record.quantities:
        quantities = "; ".join(html.escape(q.display()) for q in record.quantities)
        parts.append(f"<p>Quantities: {quantities}</p>")
    if record.external_ids:
        from chrono.external_ids import display

        parts.append(f"<p>External ids: {html.escape(display(record.external_ids))}</p>")
    return "".join(parts)


def media_object(media: Media) -> dict[str, str]:
    """TimelineJS's `media`: its caption and credit are HTML (escaped here), its alt text plain."""
    found = {"url": media.url}
    if media.caption:
        found["caption"] = html.escape(media.caption)
    if media.credit:
        found["credit"] = html.escape(media.credit)
    if media.thumbnail:
        found["thumbnail"] = media.thumbnail
    if media.alt:
        found["alt"] = media.alt
    return found


def _source(source: SourceRef) -> str:
    """A link titled by the source's title (else publisher, else host), then what else is known."""
    label = source.title or source.publisher
    extra = [source.publisher] if source.title and source.publisher else []
    if source.published:
        extra.append(source.published)
    if source.url and is_web_url(source.url):
        text = _link(source.url, label or _host(source.url))
    else:
        text = html.escape(label or source.url or "")
        if source.url and label:
            extra.append(source.url)
    if extra:
        text += " (" + html.escape(", ".join(extra)) + ")"
    if source.archive_url:
        archived = source.archive_url
        link = _link(archived, "archived") if is_web_url(archived) else html.escape(archived)
        text += f" [{link}]"
    return text


def _link(url: str, label: str) -> str:
    return f'<a href="{html.escape(url)}">{html.escape(label)}</a>'


def is_web_url(url: str) -> bool:
    """Only http(s) URLs are linked: a `javascript:` source must not become a live link."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url.strip()).hostname or url
