"""HTML from another tool (TimelineJS slides) as the Markdown of a chrono description, sanitised.

nh3 (the Ammonia sanitiser) keeps only text-level markup and http(s)/mailto links, dropping scripts,
styles and event handlers with their content; markdownify then writes what is left as Markdown.
"""

from __future__ import annotations

import re

_TAGS = {"p", "br", "a", "strong", "b", "em", "i", "ul", "ol", "li", "blockquote", "code", "pre"}
_TAGS |= {"h1", "h2", "h3", "h4", "h5", "h6"}
_MARKUP = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z0-9]+;")
_BLANKS = re.compile(r"\n{3,}")
_NEWLINES = re.compile(r"[^\S\n]*\n\s*")


def html_to_markdown(text: str) -> str:
    """Markdown for an HTML fragment; plain text (no tags, no entities) is returned as it is."""
    if not _MARKUP.search(text):
        return text.strip()
    if "<pre" not in text.lower():
        text = _NEWLINES.sub(" ", text)  # in HTML a line break is a space
    import markdownify
    import nh3

    clean = nh3.clean(
        text,
        tags=_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    markdown = markdownify.markdownify(clean, heading_style="ATX", bullets="-", escape_misc=False)
    lines = [line.rstrip() for line in markdown.strip().splitlines()]
    return _BLANKS.sub("\n\n", "\n".join(lines))


def html_to_text(text: str) -> str:
    """Plain text of an HTML fragment (a headline), on one line."""
    if not _MARKUP.search(text):
        return " ".join(text.split())
    import html

    import nh3

    return " ".join(html.unescape(nh3.clean(text, tags=set())).split())
