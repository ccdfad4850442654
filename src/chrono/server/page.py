"""The page at `/`: subscribe links for every feed, and the timeline."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence

from chrono.feeds import SavedFeed, feed_urls, saved_feed_urls
from chrono.publish import DEFAULT_TITLE
from chrono.render import FORMATS

TIMELINE_CSS = "https://cdn.knightlab.com/libs/timeline3/latest/css/timeline.css"
TIMELINE_JS = "https://cdn.knightlab.com/libs/timeline3/latest/js/timeline.js"


def render_index(root: str, feeds: Sequence[SavedFeed], count: int) -> str:
    """The front page: subscribe links for every feed, and the timeline through TimelineJS."""
    e = html.escape
    rows = [_feed_row("All events", DEFAULT_TITLE, feed_urls(root))]
    for saved in feeds:
        rows.append(
            _feed_row(saved.name, saved.title or saved.filter().describe(), saved_feed_urls(root, saved.name))
        )
    timeline_url = json.dumps(root + FORMATS["timelinejs"].path).replace("</", "<\\/")
    if count:
        timeline = (
            '<div id="timeline-embed" style="width: 100%; height: 600px"></div>\n'
            f"<script>new TL.Timeline('timeline-embed', {timeline_url});</script>"
        )
    else:
        timeline = (
            "<p>No events yet: add some with <code>chrono add</code> or <code>chrono import</code>.</p>"
        )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(DEFAULT_TITLE)}</title>
<link rel="stylesheet" href="{e(TIMELINE_CSS)}">
<script src="{e(TIMELINE_JS)}"></script>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }}
td a {{ margin-right: .8rem; }}
</style>
</head>
<body>
<h1>{e(DEFAULT_TITLE)}</h1>
<p>{count} event{"" if count == 1 else "s"}. Subscribe to a feed in your calendar app, or read it as JSON or
Markdown. <a href="{e(root)}/docs">API documentation</a>.</p>
<h2>Feeds</h2>
<table>
<thead><tr><th>Feed</th><th>What</th><th>Subscribe</th><th>Read</th></tr></thead>
<tbody>
{"".join(rows)}</tbody>
</table>
<h2>Timeline</h2>
{timeline}
</body>
</html>
"""


def _feed_row(name: str, what: str, urls: Mapping[str, str]) -> str:
    e = html.escape
    return (
        f"<tr><td>{e(name)}</td><td>{e(what)}</td>"
        f'<td><a href="{e(urls["webcal"])}">webcal://</a><a href="{e(urls["ics"])}">.ics</a></td>'
        f'<td><a href="{e(urls["json"])}">JSON</a><a href="{e(urls["timelinejs"])}">TimelineJS</a>'
        f'<a href="{e(urls["markdown"])}">Markdown</a></td></tr>\n'
    )
