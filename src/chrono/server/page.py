"""The page at `/`: the timeline drawn by chrono's own script, filtered as the feeds are, with their
subscribe links. The template, script and style live in `chrono.render.html`; nothing is fetched from
anywhere but this server, and the Content-Security-Policy lets no inline script run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from chrono.errors import InvalidInput
from chrono.feeds import SavedFeed, feed_urls, saved_feed_urls
from chrono.filters import PARAMS, Filter
from chrono.models import EventRecord
from chrono.publish import DEFAULT_TITLE

# Scripts and styles from this server only, nothing inline, nothing from elsewhere.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def page_csp(records: Sequence[EventRecord]) -> str:
    """`PAGE_CSP`, with images also from the hosts of these events' own media URLs."""
    from chrono.render.page_media import image_origins

    origins = image_origins(records)
    if not origins:
        return PAGE_CSP
    return PAGE_CSP.replace("img-src 'self' data:", "img-src 'self' data: " + " ".join(origins))


def page_filter(request: Request) -> tuple[Filter, list[tuple[str, str]]]:
    """The page's filter and the query items it came from. The page's form sends empty fields for
    "any", which the feeds would refuse, so they are left out first."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k in PARAMS and v != ""]
    params: dict[str, list[str]] = {}
    for name, value in items:
        if "\x00" in value:
            raise InvalidInput("NUL characters are not allowed", parameter=name)
        params.setdefault(name, []).append(value)
    return Filter.from_params(params), items


def render_index(
    root: str,
    records: Sequence[EventRecord],
    flt: Filter,
    items: Sequence[tuple[str, str]],
    saved: Sequence[SavedFeed],
    *,
    lanes: str,
    actors: Sequence[str],
    tags: Sequence[str],
) -> str:
    """The front page: the events of this view, the feeds of this view, the whole timeline and
    every saved feed."""
    from chrono.render.html import render_page

    feeds: list[dict[str, Any]] = [{"name": "All events", "what": DEFAULT_TITLE, "urls": feed_urls(root)}]
    if items:
        query = urlencode(list(items))
        view = {name: f"{url}?{query}" for name, url in feed_urls(root).items()}
        feeds.insert(0, {"name": "This view", "what": flt.describe(), "urls": view})
    feeds += [
        {"name": f.name, "what": f.title or f.filter().describe(), "urls": saved_feed_urls(root, f.name)}
        for f in saved
    ]
    description = flt.describe()
    return render_page(
        records,
        title=DEFAULT_TITLE,
        description=description[:1].upper() + description[1:] + ".",
        root=root,
        params={name: value for name, value in reversed(items)},  # the first of each, for the form
        feeds=feeds,
        lanes=lanes,
        actors=actors,
        tags=tags,
    )
