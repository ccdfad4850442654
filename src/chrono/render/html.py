"""The timeline as a web page: one self-contained file (`chrono export html`) or the server's `/`.

Both come from one Jinja2 template (`templates/timeline.html.j2`) and chrono's own small script and
style sheet (`assets/`), shipped inside the package: nothing is fetched from anywhere. The events
travel as JSON in a `<script type="application/json">` block (Jinja's `tojson`, which escapes `<`,
`>`, `&` and `'`, so a title holding `</script>` stays data); the script draws them with
`textContent` only. Descriptions are Markdown, made HTML by markdown-it-py (raw HTML off) and then
cleaned by nh3 (the Ammonia sanitizer), the only HTML the script inserts.

The export inlines the script and style and carries a Content-Security-Policy naming their SHA-256
hashes, so no other script can run in it, and lets images load only from the hosts of the events'
own media URLs; the server links them from `/assets/` and sends a
policy that allows scripts from itself only. The same events always give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from chrono import __version__
from chrono.models import EventRecord, SourceRef
from chrono.render.chart import LANES, drawn_span, is_instant
from chrono.render.page_media import image_origins, page_data
from chrono.render.timelinejs import display_date, is_web_url

__all__ = ["ASSETS", "asset", "event_data", "markdown_html", "render_html", "render_page"]

ASSETS = {"timeline.js": "text/javascript; charset=utf-8", "timeline.css": "text/css; charset=utf-8"}


def render_html(
    records: Sequence[EventRecord], *, title: str, description: str, group_by: str = "none"
) -> str:
    """The whole timeline as one HTML file that needs nothing else; filters apply in the page."""
    css, js = asset("timeline.css"), asset("timeline.js")
    csp = (
        f"default-src 'none'; script-src '{_sha256(js)}'; style-src '{_sha256(css)}'; "
        f"img-src {' '.join(['data:', *image_origins(records)])}; base-uri 'none'"
    )
    return _render(
        records,
        title=title,
        description=description,
        lanes=group_by,
        filter_mode="client",
        inline=True,
        css=css,
        js=js,
        csp=csp,
        action="",
        params={},
        feeds=(),
    )


def render_page(
    records: Sequence[EventRecord],
    *,
    title: str,
    description: str,
    root: str,
    params: Mapping[str, str],
    feeds: Sequence[Mapping[str, Any]],
    lanes: str = "none",
    actors: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> str:
    """The server's front page: events already filtered by the server, assets from `/assets/`."""
    return _render(
        records,
        title=title,
        description=description,
        lanes=lanes,
        filter_mode="server",
        inline=False,
        assets=f"{root}/assets",
        root=root,
        action=f"{root}/",
        params=params,
        feeds=feeds,
        actors=actors,
        tags=tags,
    )


def _render(
    records: Sequence[EventRecord],
    *,
    title: str,
    description: str,
    lanes: str,
    filter_mode: str,
    params: Mapping[str, str],
    actors: Sequence[str] = (),
    tags: Sequence[str] = (),
    **context: Any,
) -> str:
    from chrono.errors import InvalidInput

    if lanes not in LANES:
        raise InvalidInput(f"bad group {lanes!r}: use one of {', '.join(LANES)}")
    events = [event_data(record) for record in records]
    if not actors:
        actors = sorted({a for r in records for a in r.actors}, key=str.casefold)
    if not tags:
        tags = sorted({t for r in records for t in r.tags}, key=str.casefold)
    data = {"lanes": lanes, "filter": filter_mode, "events": events}
    template = _environment().get_template("timeline.html.j2")
    text: str = template.render(
        title=title,
        description=description,
        lanes=lanes,
        data=data,
        events=events,
        actors=actors,
        tags=tags,
        params={k: params.get(k, "") for k in ("actor", "tag", "search", "from", "to")},
        version=__version__,
        **context,
    )
    return text


def event_data(record: EventRecord) -> dict[str, Any]:
    """What the script needs of one event: words for people, seconds for drawing."""
    t0, t1, open_side = drawn_span(record)
    return {
        "id": record.id,
        "title": record.title,
        "date": _said(record, display_date(record.when())),
        "t0": t0,  # seconds since 1970-01-01 (wall clock) of the known span, [t0, t1)
        "t1": t1,
        "open": open_side,  # "start" or "end": the side of an open interval that runs on
        "precision": record.precision,
        "known": _KNOWN.get(record.precision, f"known to the {record.precision}"),
        "instant": open_side is None and is_instant(record),
        "approximate": record.approximate,
        "uncertain": record.uncertain,
        "status": record.status,
        "location": record.location,
        "actors": [[name, record.roles.get(name)] for name in record.actors],
        "tags": list(record.tags),
        "text": record.description,
        "html": markdown_html(record.description),
        "sources": [_source(source) for source in record.sources],
        **({"coordinates": record.geo.words()} if record.geo else {}),  # the point in words, when known
        **page_data(record),
    }


_KNOWN = {"third": "known to a third of a month (early, mid or late)"}


def _source(source: SourceRef) -> dict[str, Any]:
    """A source as the detail panel lists it; only http(s) URLs become links."""
    label = source.title or source.publisher
    extra = [source.publisher] if source.title and source.publisher else []
    if source.published:
        extra.append(source.published)
    url = source.url if source.url and is_web_url(source.url) else None
    if source.url and not url:
        if label:
            extra.append(source.url)
        else:
            label = source.url
    archive = source.archive_url if source.archive_url and is_web_url(source.archive_url) else None
    if source.archive_url and not archive:
        extra.append(f"archived: {source.archive_url}")
    return {
        "label": label or (_host(url) if url else "source"),
        "url": url,
        "extra": ", ".join(extra) or None,
        "archive": archive,
        "quote": source.quote,
    }


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url.strip()).hostname or url


# --- Markdown, sanitized ----------------------------------------------------------------------

_TAGS = {"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "hr"}


# Text with none of these is plain paragraphs to a CommonMark parser: it can skip the parser, which
# costs a millisecond a description (ten seconds for 10,000 events). The tests hold the two equal.
_MARKUP = re.compile(
    r"[\\`*_\[\]<>&!~|\r\t\x00-\x08\x0b-\x1f\x7f]|^ *(?:[-+=#>]|[0-9]+[.)])|^ {4}| {2}$", re.M
)
_BLANK = re.compile(r"\n *(?:\n|$)")


def markdown_html(text: str) -> str:
    """A description's Markdown as HTML that is safe to insert: no raw HTML, only web links."""
    if not text.strip():
        return ""
    import nh3

    html = _plain_paragraphs(text) if _MARKUP.search(text) is None else _markdown().render(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def _plain_paragraphs(text: str) -> str:
    """What markdown-it makes of text without markup: paragraphs of lines, spaces around them gone."""
    out = []
    for block in _BLANK.split(text):
        lines = [line.strip(" ") for line in block.split("\n")]
        body = "\n".join(line for line in lines if line).replace('"', "&quot;")
        if body:
            out.append(f"<p>{body}</p>\n")
    return "".join(out)


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    # Headings inside a description would outrank the page's own: they start at h3.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
    md.core.ruler.push("shift_headings", _shift_headings)
    return md


def _shift_headings(state: Any) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 4)}"


# --- template and assets ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("chrono.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": False, "separators": (",", ":")}
    return env


@lru_cache(maxsize=4)
def asset(name: str) -> str:
    """One of the page's own files, as shipped in the package."""
    text = resources.files("chrono.render").joinpath("assets", name).read_text(encoding="utf-8")
    closing = "</script" if name.endswith(".js") else "</style"
    assert closing not in text.lower(), f"{name} cannot be inlined"
    return text


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _said(record: EventRecord, date: str) -> str:
    """The date, after its anchor in words when it is an anchored one."""
    words = record.anchor_words()
    return date if words is None else f"{words} ({date})"
