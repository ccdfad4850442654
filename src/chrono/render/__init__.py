"""Renderers: pure functions from events to text, one module per output format.

A renderer reads no clock, opens no file and prints nothing, so the same events always render to the
same bytes. `FORMATS` names each publishing format once: `chrono export` takes its choices from it,
`chrono serve` its routes, media types and query parameters, the page and the banner their links.
A new format is one module here and one entry below. `IMAGES` are pictures of a text format
(PNG of the SVG chart): `chrono export` writes them, as bytes; the server does not draw them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Choice:
    """An option of one format: its name (as a keyword of the renderer), its values (the first is the
    default) and what it does, for `--help` and the API documentation."""

    name: str
    values: tuple[str, ...]
    help: str

    @property
    def default(self) -> str:
        return self.values[0]


IMPRECISE = Choice(
    "imprecise",
    ("marker", "span", "omit"),
    "Events known to less than a day (month, year, season, week...) as a one-day marker, the whole "
    "span, or left out.",
)
GROUP_BY = Choice("group_by", ("none", "tag", "actor"), "Group events by their first tag or first actor.")


@dataclass(frozen=True, slots=True)
class Format:
    """A publishing format: where its renderer lives, its file ending, where it is served, its media type."""

    name: str
    label: str  # in words, for summaries and links
    module: str
    function: str
    extension: str  # of an exported file
    path: str  # where `chrono serve` serves the whole timeline
    suffix: str  # of a saved feed's URL, /feeds/NAME + suffix
    media_type: str
    options: tuple[Choice, ...] = ()
    stream: str | None = None  # a renderer that yields pieces, for exports too large to hold
    # What it cannot hold and leaves out, counted beforehand and passed to its renderer as `left_out`:
    # "undatable" (dates outside 1-9999) or "unplaced" (events without coordinates).
    leaves_out: str | None = None
    keywords: tuple[str, ...] = ()  # free-form renderer keywords a caller may pass (not HTTP options)
    tombstones: bool = False  # a feed to sync from: it also lists removed events (`removed=`)
    drafts: bool = False  # an event file: `chrono export` keeps drafts in, as `chrono list` does


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "ics",
            "iCalendar",
            "chrono.render.ics",
            "render_ics",
            ".ics",
            "/calendar.ics",
            ".ics",
            "text/calendar; charset=utf-8",
            (IMPRECISE,),
            stream="iter_ics",
            leaves_out="undatable",
            tombstones=True,
        ),
        Format(
            "json",
            "chrono JSON",
            "chrono.render.native",
            "render_native",
            ".json",
            "/timeline.json",
            ".json",
            "application/json",
            stream="iter_native",
            tombstones=True,
        ),
        Format(
            "timelinejs",
            "TimelineJS JSON",
            "chrono.render.timelinejs",
            "render_timelinejs",
            ".timeline.json",
            "/timeline.timelinejs.json",
            ".timelinejs.json",
            "application/json",
            (GROUP_BY,),
            stream="iter_timelinejs",
        ),
        Format(
            "markdown",
            "Markdown",
            "chrono.render.markdown",
            "render_markdown",
            ".md",
            "/timeline.md",
            ".md",
            "text/markdown; charset=utf-8",
            keywords=("chart",),
        ),
        Format(
            "svg",
            "SVG chart",
            "chrono.render.svg",
            "render_svg",
            ".svg",
            "/timeline.svg",
            ".svg",
            "image/svg+xml",
            (GROUP_BY,),
        ),
        Format(
            "html",
            "HTML page",
            "chrono.render.html",
            "render_html",
            ".html",
            "/timeline.html",
            ".html",
            "text/html; charset=utf-8",
            (GROUP_BY,),
        ),
        Format(
            "geojson",
            "GeoJSON",
            "chrono.render.geojson",
            "render_geojson",
            ".geojson",
            "/timeline.geojson",
            ".geojson",
            "application/geo+json",
            stream="iter_geojson",
            leaves_out="unplaced",
        ),
        Format(
            "timelinejs-csv",
            "TimelineJS Google Sheets CSV",
            "chrono.render.timelinejs_csv",
            "render_timelinejs_csv",
            ".timeline.csv",
            "/timeline.timelinejs.csv",
            ".timelinejs.csv",
            "text/csv; charset=utf-8",
            (GROUP_BY,),
        ),
        Format(
            "markwhen",
            "Markwhen",
            "chrono.render.markwhen",
            "render_markwhen",
            ".mw",
            "/timeline.mw",
            ".mw",
            "text/plain; charset=utf-8",
            (GROUP_BY,),
        ),
        Format(
            "yaml",
            "YAML event file",
            "chrono.render.eventfile",
            "render_yaml",
            ".yaml",
            "/timeline.yaml",
            ".yaml",
            "application/yaml; charset=utf-8",
            stream="iter_yaml",
            drafts=True,
        ),
        Format(
            "csv",
            "CSV event file",
            "chrono.render.eventfile",
            "render_csv",
            ".csv",
            "/timeline.csv",
            ".csv",
            "text/csv; charset=utf-8",
            drafts=True,
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Image:
    """A picture of a text format: `chrono export` renders `source`, then `module.function` turns
    that text into the picture's bytes."""

    name: str
    label: str
    module: str
    function: str
    extension: str
    source: str  # the text format drawn (a key of FORMATS)


IMAGES: dict[str, Image] = {
    "png": Image("png", "PNG picture of the SVG chart", "chrono.render.png", "svg_to_png", ".png", "svg"),
}
