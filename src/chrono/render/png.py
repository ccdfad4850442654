"""PNG: the SVG chart (`chrono.render.svg`) as a picture, drawn by resvg (the `resvg-py` package).

For slides, social posts and anything that shows no SVG. The picture is the chart's own size (one
pixel per SVG unit) on a white ground; `scale` draws it larger for sharper print. resvg renders
without a network and the same SVG always gives the same bytes on one machine, but it draws text
with the fonts installed there (the chart asks for a sans-serif: on Debian, `fonts-liberation` or
`fonts-dejavu-core`), so the bytes follow the fonts, and a machine without any font gets a
picture without words. This is the one renderer that reads files: the system's fonts.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BACKGROUND", "svg_to_png"]

BACKGROUND = "#ffffff"


def svg_to_png(svg: str, *, scale: float = 1.0) -> bytes:
    """The PNG of an SVG document; a clear error when resvg is not installed."""
    from chrono.errors import ChronoError

    try:
        import resvg_py
    except ImportError:
        raise ChronoError(
            "PNG export needs the resvg-py package: pip install 'chrono-timeline[png]'"
        ) from None
    options: dict[str, Any] = {"svg_string": svg, "background": BACKGROUND}
    if scale != 1.0:
        options["zoom"] = scale
    return bytes(resvg_py.svg_to_bytes(**options))
