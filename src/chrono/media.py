"""An event's media: one picture, video or page to show with it, as TimelineJS slides have one.

`media: https://…/photo.jpg` or `media: {url, credit, caption, alt, thumbnail}`. The URL (and the
thumbnail's) must be http(s): pages and exports link to it or show it as an image, and no other
scheme (`javascript:`, `data:`) is safe there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chrono.errors import InvalidInput

MEDIA_FIELDS = ("url", "credit", "caption", "alt", "thumbnail")
_IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Media:
    url: str
    credit: str | None = None
    caption: str | None = None
    alt: str | None = None
    thumbnail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in MEDIA_FIELDS}

    def is_image(self) -> bool:
        """Whether the URL names a picture by its file ending (the query and fragment aside)."""
        return is_image_url(self.url)

    def label(self) -> str:
        """What to call the media in text: its alt text, caption or URL."""
        return self.alt or self.caption or self.url


def is_image_url(url: str) -> bool:
    path = url.split("#", 1)[0].split("?", 1)[0]
    return _IMAGE.search(path) is not None


def check_media_url(url: str, what: str = "media url") -> str:
    from urllib.parse import urlsplit

    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(c.isspace() or c in '"<>`' for c in text)
    ):
        shown = repr(text) if len(text) <= 60 else repr(text[:59]) + "…"
        raise InvalidInput(f"bad {what} {shown}: give an http(s) URL")
    return text


def parse_media(value: Any) -> Media | None:
    """The media of an event field: a URL, or a mapping of `url`, `credit`, `caption`, `alt`,
    `thumbnail`; None or an empty value for none."""
    if value is None or value == "" or value == {}:
        return None
    if isinstance(value, str):
        return Media(check_media_url(value))
    if not isinstance(value, Mapping):
        raise InvalidInput(f"bad media {value!r}: a URL or a mapping with 'url'")
    unknown = [k for k in value if k not in MEDIA_FIELDS and not str(k).startswith("__")]
    if unknown:
        raise InvalidInput(f"unknown media field {str(unknown[0])!r}: use {', '.join(MEDIA_FIELDS)}")
    texts = {
        k: (" ".join(str(value[k]).split()) or None) if value.get(k) is not None else None
        for k in MEDIA_FIELDS
    }
    if not texts["url"]:
        raise InvalidInput("media needs a url")
    url = check_media_url(texts["url"])
    thumbnail = check_media_url(texts["thumbnail"], "media thumbnail") if texts["thumbnail"] else None
    return Media(url, texts["credit"], texts["caption"], texts["alt"], thumbnail)
