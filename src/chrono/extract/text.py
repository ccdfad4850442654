"""An article as read: its plain text (offsets count from here) and what is known of it.

Plain text and Markdown are read as they are, so offsets are offsets into the file. HTML goes through
trafilatura, the maintained article extractor: main text, title, author, site name, publication date
and canonical URL from the page's metadata. It is imported only here, and only for HTML.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from chrono.dates import PartialDate, parse_date
from chrono.errors import DateError, InvalidInput

__all__ = ["Article", "read_article"]

_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article)\b", re.I | re.S)
_MIN_WORDS = 5
_MD_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*\s*$")


@dataclass(frozen=True, slots=True)
class Article:
    """The text of an article and its metadata; `published` is the reference for relative dates."""

    text: str
    kind: str  # "text", "markdown" or "html"
    label: str  # the path as given, or "-" for standard input
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    published_from: str | None = None  # "--published", "the page's metadata"


def read_article(
    path: str,
    *,
    published: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
) -> Article:
    """Read PATH (or "-" for standard input); options given override what the page says."""
    given = _published_option(published)
    data = _read_bytes(path)
    label = "standard input" if path == "-" else path
    nul = data.find(b"\x00", 0, 65536)
    if nul >= 0:
        raise InvalidInput(f"{label}: binary data, not an article (a NUL byte at offset {nul})")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{label}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not raw.strip():
        raise InvalidInput(f"{label}: empty: there is no text to extract events from")
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix in _HTML_SUFFIXES or _HTML_START.match(raw):
        article = _from_html(raw, label)
    elif suffix in (".md", ".markdown"):
        article = Article(raw, "markdown", label, title=_markdown_title(raw))
    else:
        article = Article(raw, "text", label, title=_text_title(raw))
    return Article(
        article.text,
        article.kind,
        article.label,
        title=article.title,
        author=article.author,
        publisher=publisher or article.publisher,
        url=url or article.url,
        published=given or article.published,
        published_from="--published" if given else article.published_from,
    )


def _published_option(text: str | None) -> PartialDate | None:
    if text is None:
        return None
    try:
        return parse_date(text)
    except DateError as exc:
        raise InvalidInput(f"--published: {exc}") from None


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    target = Path(path)
    if target.is_dir():
        raise InvalidInput(f"{path}: is a folder, not an article")
    try:
        return target.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc.strerror}") from None


def _text_title(text: str) -> str | None:
    """A plain-text article's first line is its headline when it reads like one."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if 0 < len(first) <= 200 and first[-1] not in ".,;:":
        return first
    return None


def _markdown_title(text: str) -> str | None:
    for line in text.splitlines():
        m = _MD_HEADING.match(line.strip())
        if m:
            return m["title"]
        if line.strip():
            break
    return _text_title(text)


def _from_html(html: str, label: str) -> Article:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Only the page's own metadata: no guessing a date from the URL or the body text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    # trafilatura falls back to whatever text a page has ("Home", "Cookie settings"): an article has
    # at least one line that reads like a sentence.
    if not any(len(line.split()) >= _MIN_WORDS for line in text.splitlines()):
        raise InvalidInput(f"{label}: HTML with no article text that trafilatura could find")
    published: PartialDate | None = None
    found = getattr(doc, "date", None)
    if found:
        try:
            published = parse_date(str(found))
        except DateError:
            published = None
    return Article(
        text,
        "html",
        label,
        title=getattr(doc, "title", None) or None,
        author=getattr(doc, "author", None) or None,
        publisher=getattr(doc, "sitename", None) or None,
        url=getattr(doc, "url", None) or None,
        published=published,
        published_from="the page's metadata" if published else None,
    )
