"""Renderers: pure functions from events to text, one module per output format.

A renderer reads no clock, opens no file and prints nothing, so the same events always render to the
same bytes. `FORMATS` names each publishing format once, for `chrono export` and `chrono serve` alike.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Format:
    """A publishing format: where its renderer lives, its file ending and its media type."""

    name: str
    module: str
    function: str
    extension: str
    media_type: str
    options: tuple[str, ...] = ()
    stream: str | None = None  # a renderer that yields pieces, for exports too large to hold


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "ics",
            "chrono.render.ics",
            "render_ics",
            ".ics",
            "text/calendar; charset=utf-8",
            ("imprecise",),
            stream="iter_ics",
        ),
        Format(
            "json", "chrono.render.native", "render_native", ".json", "application/json", stream="iter_native"
        ),
        Format(
            "timelinejs",
            "chrono.render.timelinejs",
            "render_timelinejs",
            ".timeline.json",
            "application/json",
            ("group_by",),
        ),
        Format(
            "markdown", "chrono.render.markdown", "render_markdown", ".md", "text/markdown; charset=utf-8"
        ),
    )
}
