"""A timeline as a Markdown document, for reading on GitHub or pasting into notes.

Layout: `# title`, the description as a paragraph, then `## 2024` per year (the year the event
starts in, local to its zone; `## 44 BC` before year 1). Events known only to a decade or century
get a heading of their own (`## 1990s`, `## 20th century`) where they start, and events open at
the start come first under `## Until 2014`. A year with more than MONTH_HEADINGS_OVER events is split further
into `### December` month headings; its events known only to the year come first, directly under
the year. Years and months appear in the order of the records given (the caller sorts), each once.

Each event is a list item: the date at its precision (`When.display()`), the title in bold, a mark
for disputed or retracted events, then the description, location, coordinates (`Geo.words`), actors,
tags and sources.

Sources are reference links: `[title][1]` in the text and `[1]: <url>` at the end, numbered by first
appearance in the document, one number per URL. The raw text stays short and footnote-like, GitHub
shows linked titles, and the same records always get the same numbers. Only http(s) URLs are linked.

Every user string is escaped so that it shows literally: titles, descriptions and names can hold
`*`, `_`, `[`, `<`, `$` (GitHub math) or a leading `#` without changing the document's structure,
and a description cannot define a link reference that hijacks a source number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from chrono.dates import PartialDate, Precision, When
from chrono.media import Media
from chrono.models import EventRecord, SourceRef
from chrono.render.timelinejs import MONTHS, is_web_url

__all__ = ["MONTH_HEADINGS_OVER", "escape", "render_markdown"]

MONTH_HEADINGS_OVER = 5

_SPECIAL = re.compile(r"[\\`*_\[\]<>|~$]|&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"[#>+=-]|[0-9]+[.)]")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_STATUS_MARK = {"disputed": "*(disputed)*", "retracted": "*(retracted)*"}


def render_markdown(
    records: Sequence[EventRecord], *, title: str, description: str, chart: str | None = None
) -> str:
    """The document, ending with one newline; the same records always give the same bytes.

    `chart` is the relative address of the timeline's SVG chart, shown under the description.
    """
    blocks = ["# " + _inline(title).replace("#", "\\#")]  # a trailing " #" would be dropped
    blocks += _paragraphs(description)
    if chart:
        blocks.append(f"![{_inline('Timeline chart: ' + title)}](<{_destination(chart)}>)")
    refs = _References()
    if not records:
        blocks.append("*No events.*")
    events = [(record, record.when()) for record in records]  # parsed once: exports can be large
    for heading, in_year in _group(events, _heading):
        blocks.append(f"## {heading}")
        if len(in_year) <= MONTH_HEADINGS_OVER:
            blocks += [_entry(record, when, refs) for record, when in in_year]
            continue
        blocks += [_entry(r, when, refs) for r, when in in_year if when.start.month is None]
        dated = [(r, when) for r, when in in_year if when.start.month is not None]
        for month, in_month in _group(dated, lambda when: when.start.month or 0):
            blocks.append(f"### {MONTHS[month - 1]}")
            blocks += [_entry(record, when, refs) for record, when in in_month]
    if refs.urls:
        blocks.append("\n".join(f"[{n}]: <{_destination(url)}>" for n, url in refs.numbered()))
    return "\n\n".join(blocks) + "\n"


_Dated = tuple[EventRecord, When]
_K = TypeVar("_K")


def _heading(when: When) -> str:
    """The year heading an event goes under, in words: "2024", "44 BC", "1990s", "20th century"."""
    start = when.start
    if start.precision in (Precision.DECADE, Precision.CENTURY):
        text = start.words()
    else:
        text = PartialDate(start.year).words()
    return f"Until {text}" if when.open_start else text


def _group(events: Sequence[_Dated], key: Callable[[When], _K]) -> list[tuple[_K, list[_Dated]]]:
    """Events by key, keys in order of first appearance, so no heading is written twice."""
    groups: dict[_K, list[_Dated]] = {}
    for event in events:
        groups.setdefault(key(event[1]), []).append(event)
    return list(groups.items())


def _entry(record: EventRecord, when: When, refs: _References) -> str:
    shown = when.display() if record.anchored is None else record.date_words()  # never timed
    head = f"- **{escape(shown)}** — **{_inline(record.title)}**"
    mark = _STATUS_MARK.get(record.status)
    if mark:
        head += f" {mark}"
    lines: list[str] = []
    if record.location:
        lines.append(f"Location: {_inline(record.location)}")
    if record.geo:
        lines.append(f"Coordinates: {_inline(record.geo.words())}")
    if record.actors:
        names = (f"{a} ({record.roles[a]})" if a in record.roles else a for a in record.actors)
        lines.append("Actors: " + ", ".join(_inline(name) for name in names))
    if record.tags:
        lines.append("Tags: " + ", ".join(_inline(tag) for tag in record.tags))
    if record.sources:
        lines.append("Sources: " + "; ".join(_source(s, refs) for s in record.sources))
    lines += _data_lines(record)
    body = _paragraphs(record.description)
    if record.media is not None:
        body.insert(0, _media(record.media))
    if lines:
        body.append("\\\n".join(lines))  # a backslash before the newline is a hard line break
    return "\n\n".join([head, *(_indent(block) for block in body)])


def _data_lines(record: EventRecord) -> list[str]:
    from chrono.external_ids import display

    lines = []
    if record.quantities:
        lines.append("Quantities: " + "; ".join(_inline(q.display()) for q in record.quantities))
    if record.external_ids:
        lines.append("External ids: " + _inline(display(record.external_ids)))
    return lines


def _media(media: Media) -> str:
    """An image as an image (`![alt](<url> "caption")`), anything else as a link; then the credit."""
    url = _destination(media.url)
    if media.is_image():
        text = f"![{_inline(media.alt or media.caption or '')}](<{url}>"
        text += f' "{_title(media.caption)}")' if media.caption else ")"
    else:
        text = f"[{_inline(media.caption or media.alt or _host(media.url))}](<{url}>)"
    if media.credit:
        text += f" {_inline('(' + media.credit + ')')}"
    return text


def _title(text: str) -> str:
    """A link title inside double quotes: backslash-escape the quote and backslash."""
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def _indent(block: str) -> str:
    return "\n".join("  " + line for line in block.split("\n"))


def _source(source: SourceRef, refs: _References) -> str:
    """`[title][n] (publisher, published): “quote”`; without a web URL, the same in plain text."""
    label = source.title or source.publisher
    extra = [source.publisher] if source.title and source.publisher else []
    if source.published:
        extra.append(source.published)
    if source.url and is_web_url(source.url):
        text = f"[{_inline(label or _host(source.url))}][{refs.number(source.url)}]"
    else:
        text = _inline(label or source.url or "")
        if source.url and label:
            extra.append(source.url)
    if extra:
        text += " (" + _inline(", ".join(extra)) + ")"
    if source.archive_url:
        if is_web_url(source.archive_url):
            text += f" \\[[archived][{refs.number(source.archive_url)}]\\]"
        else:
            text += f" \\[archived: {_inline(source.archive_url)}\\]"
    if source.quote:
        text += f": “{_inline(source.quote)}”"  # the words that back the claim
    return text


class _References:
    """Source URLs numbered by first use; the numbering is the document's, so it is stable."""

    def __init__(self) -> None:
        self.urls: dict[str, int] = {}

    def number(self, url: str) -> int:
        return self.urls.setdefault(url, len(self.urls) + 1)

    def numbered(self) -> list[tuple[int, str]]:
        return [(n, url) for url, n in self.urls.items()]


# --- escaping ---------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Backslash-escape what CommonMark (and GitHub) would read as markup inside a line.

    Only characters that can start or end inline markup are escaped, so ordinary text stays
    readable in the raw file: `&` only where it would start an entity, `$` for GitHub's math.
    """
    return _SPECIAL.sub(lambda m: "\\" + m.group(), text)


def _inline(text: str) -> str:
    """Plain text within a line: whitespace (line breaks too) collapsed, markup escaped."""
    return escape(" ".join(text.split()))


def _line(text: str) -> str:
    """Plain text as a line of its own: also escape what would start a block (heading, quote,
    list item, setext underline)."""
    text = _inline(text)
    m = _LINE_START.match(text)
    if m:
        cut = m.end() - 1
        text = text[:cut] + "\\" + text[cut:]
    return text


def _paragraphs(text: str) -> list[str]:
    """Plain text to Markdown paragraphs: blank lines separate them, other line breaks are spaces."""
    return [_line(part) for part in _BLANK_LINE.split(text) if part.strip()]


def _destination(url: str) -> str:
    """A URL inside <…>: characters that would end it or be read as escapes are percent-encoded."""
    return "".join(
        "".join(f"%{b:02X}" for b in ch.encode()) if ch in " <>\\" or ord(ch) < 0x20 or ch == "\x7f" else ch
        for ch in url.strip()
    )


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url.strip()).hostname or url
