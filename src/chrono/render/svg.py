"""A static SVG chart of the timeline, for print, slides, social posts and GitHub (`--chart`).

Layout: the title and the filter in words, a time axis on calendar ticks that fit the range (from
millennia to minutes), then one lane per first actor or first tag (`group_by`), or a single lane.
Each event is one `<g class="event">`: a box over exactly the span its date covers at its
precision (a year event is as wide as its year on the axis; a span narrower than MIN_WIDTH is
drawn MIN_WIDTH wide so it shows), a dot for a moment (a time without an end), and its title
under it. Approximate events have soft edges, uncertain ones a dashed outline and a "?",
disputed and retracted ones say so. Titles are packed into rows so that no two labels overlap;
a long title is cut with "…" and given whole in the element's <title> tooltip.

Text widths are estimated (no font is measured), generously, so the chart is the same bytes on
every machine. Every user string is escaped for XML; characters XML 1.0 cannot hold are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from chrono.models import EventRecord
from chrono.render.chart import Tick, drawn_span, is_instant, lane_names, pack_rows, ticks
from chrono.render.timelinejs import display_date

__all__ = ["MIN_WIDTH", "WIDTH", "render_svg"]

WIDTH = 1200
MIN_WIDTH = 2.0
MARGIN = 24
FONT = 13
CHAR = 0.62 * FONT  # a generous average advance for a sans-serif face
LABEL_CHARS = 48
ROW = 34  # box, then its label underneath
BOX = 10
LANE_HEAD = 26
AXIS = 30
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f6d00", "#555555")

_REVERSED = ' x1="1" x2="0"'  # a gradient that runs right to left
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_svg(
    records: Sequence[EventRecord], *, title: str, description: str, group_by: str = "none"
) -> str:
    """The chart as an SVG document ending in a newline; the same records give the same bytes."""
    head_h = 64
    lanes = lane_names(records, group_by)
    if not records:
        height = head_h + 40
        empty = [f'<text x="{MARGIN}" y="{head_h + 16}" class="empty">No events.</text>']
        return _document(title, description, height, empty, [])

    spans = [drawn_span(r) for r in records]
    lo = min(s for s, _, _ in spans)
    hi = max(e for _, e, _ in spans)
    pad = max((hi - lo) // 40, 60)
    lo, hi = lo - pad, hi + pad
    inner = WIDTH - 2 * MARGIN
    scale = inner / (hi - lo)

    def x(seconds: int) -> float:
        return MARGIN + (seconds - lo) * scale

    axis_ticks = ticks(lo, hi, inner)
    span_of = {id(r): span for r, span in zip(records, spans, strict=True)}
    body: list[str] = []
    y = head_h + AXIS
    lanes_top = y
    used_colours: set[int] = set()
    for index, lane in enumerate(lanes):
        colour = index % len(COLOURS)
        used_colours.add(colour)
        body.append(f'<g class="lane" data-lane={quoteattr(_xml(lane.name))}>')
        if group_by != "none":
            body.append(f'<text x="{MARGIN}" y="{y + 17}" class="lane-name">{_text(lane.name)}</text>')
            y += LANE_HEAD
        placed = [_place(r, span_of[id(r)], x) for r in lane.records]
        rows = pack_rows([(p.left, p.right) for p in placed], gap=10)
        for record, place, row in zip(lane.records, placed, rows, strict=True):
            body.append(_event(record, place, y + row * ROW + 6, colour, span_of[id(record)][2]))
        y += (max(rows) + 1) * ROW + 8
        body.append("</g>")
    axis = _axis(axis_ticks, x, lanes_top, y)
    return _document(title, description, y + MARGIN, axis + body, sorted(used_colours))


@dataclass(frozen=True, slots=True)
class _Place:
    box_x: float
    box_w: float
    point: bool
    label: str
    label_x: float  # where the label's estimated box starts
    anchor_end: float | None = None  # a label drawn to end here (text-anchor: end), at its event's end

    @property
    def left(self) -> float:
        return min(self.box_x, self.label_x) - (5 if self.point else 0)

    @property
    def right(self) -> float:
        return max(self.box_x + self.box_w, self.label_x + len(self.label) * CHAR) + (5 if self.point else 0)


def _place(record: EventRecord, span: tuple[int, int, str | None], x: Callable[[int], float]) -> _Place:
    start, end = x(span[0]), x(span[1])
    if span[2] == "start":  # until …: from as far back as the chart goes
        start = MARGIN
    elif span[2] == "end":  # since …: on to the chart's end
        end = WIDTH - MARGIN
    point = span[2] is None and is_instant(record)
    width = 0.0 if point else max(end - start, MIN_WIDTH)
    label = _label(record)
    label_w = len(label) * CHAR
    if start + label_w <= WIDTH - MARGIN:
        return _Place(start, width, point, label, start)
    # It would run off the edge: it ends where the event ends instead (or at the margin).
    end_at = min(start + (5 if point else width), WIDTH - MARGIN)
    if end_at - label_w < MARGIN:
        return _Place(start, width, point, label, MARGIN)
    return _Place(start, width, point, label, end_at - label_w, end_at)


def _label(record: EventRecord) -> str:
    text = " ".join(_xml(record.title).split())
    if len(text) > LABEL_CHARS:
        text = text[: LABEL_CHARS - 1].rstrip() + "…"
    if record.uncertain:
        text += " ?"
    if record.status != "confirmed":
        text += f" ({record.status})"
    return text


def _event(record: EventRecord, place: _Place, top: int, colour: int, open_side: str | None) -> str:
    classes = ["event", record.precision]
    if open_side:
        classes.append(f"open-{open_side}")
    for flag, name in ((record.approximate, "approximate"), (record.uncertain, "uncertain")):
        if flag:
            classes.append(name)
    if record.status != "confirmed":
        classes.append(record.status)
    where = f'x="{_n(place.label_x)}"'
    if place.anchor_end is not None:
        where = f'x="{_n(place.anchor_end)}" text-anchor="end"'
    tooltip = f"{display_date(record.when())} — {' '.join(_xml(record.title).split())}"
    fill = f"url(#soft-{colour})" if record.approximate else COLOURS[colour]
    if open_side:  # fades out towards the side that runs on
        fill = f"url(#open-{open_side}-{colour})"
    if place.point:
        shape = f'<circle cx="{_n(place.box_x)}" cy="{top + BOX / 2:.2f}" r="5" fill="{COLOURS[colour]}"/>'
    else:
        dash = ' stroke-dasharray="3 2"' if record.uncertain else ""
        shape = (
            f'<rect x="{_n(place.box_x)}" y="{top}" width="{_n(place.box_w)}" height="{BOX}" rx="2" '
            f'fill="{fill}" stroke="{COLOURS[colour]}" stroke-width="{1 if record.uncertain else 0}"{dash}/>'
        )
    return (
        f'<g class="{" ".join(classes)}" data-id={quoteattr(record.id)}>'
        f"<title>{_text(tooltip)}</title>{shape}"
        f'<text {where} y="{top + BOX + FONT + 3}">{_text(place.label)}</text></g>'
    )


def _axis(axis_ticks: Sequence[Tick], x: Callable[[int], float], top: int, bottom: int) -> list[str]:
    out = ['<g class="axis">']
    for tick in axis_ticks:
        at = _n(x(tick.seconds))
        out.append(
            f'<g class="tick" data-date="{tick.date}">'
            f'<line x1="{at}" x2="{at}" y1="{top - 8}" y2="{bottom}"/>'
            f'<text x="{at}" y="{top - 12}">{_text(tick.label)}</text></g>'
        )
    out.append("</g>")
    return out


def _document(title: str, description: str, height: int, body: list[str], colours: list[int]) -> str:
    gradients = "".join(
        f'<linearGradient id="soft-{i}"><stop offset="0" stop-color="{COLOURS[i]}" stop-opacity="0.1"/>'
        f'<stop offset="0.2" stop-color="{COLOURS[i]}"/><stop offset="0.8" stop-color="{COLOURS[i]}"/>'
        f'<stop offset="1" stop-color="{COLOURS[i]}" stop-opacity="0.1"/></linearGradient>'
        for i in colours
    ) + "".join(
        f'<linearGradient id="open-{side}-{i}"{_REVERSED if side == "start" else ""}>'
        f'<stop offset="0.6" stop-color="{COLOURS[i]}"/>'
        f'<stop offset="1" stop-color="{COLOURS[i]}" stop-opacity="0.05"/></linearGradient>'
        for i in colours
        for side in ("start", "end")
    )
    style = (
        "text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:13px;fill:#222}"
        ".title{font-size:20px;font-weight:600}.description{fill:#555}"
        ".lane-name{font-weight:600;fill:#333}.axis line{stroke:#e3e3e3}"
        ".axis text{font-size:11px;fill:#666;text-anchor:middle}"
        ".retracted text{text-decoration:line-through;fill:#888}.retracted rect{opacity:.4}"
        ".disputed text{fill:#8a4b00}.empty{fill:#666}"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label={quoteattr(_xml(title))}>\n'
        f"<title>{_text(title)}</title>\n<desc>{_text(description)}</desc>\n"
        f"<defs><style>{style}</style>{gradients}</defs>\n"
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>\n'
        f'<text x="{MARGIN}" y="34" class="title">{_text(title)}</text>\n'
        f'<text x="{MARGIN}" y="54" class="description">{_text(description)}</text>\n'
        + "\n".join(body)
        + "\n</svg>\n"
    )


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _text(text: str) -> str:
    return escape(_xml(text))


def _n(value: float) -> str:
    return f"{value:.2f}"
