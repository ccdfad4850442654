"""What the page shows of an event's media, quantities and external ids, and where its images may
come from: the Content-Security-Policy of the page lets images load from the hosts of the events'
own media URLs and nowhere else."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from chrono.models import EventRecord

_HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
)


def page_data(record: EventRecord) -> dict[str, Any]:
    """The page script's fields for these (only when the event has them)."""
    data: dict[str, Any] = {}
    media = record.media
    if media is not None:
        data["media"] = {
            "url": media.url,
            "image": media.is_image(),
            "thumbnail": media.thumbnail,
            "caption": media.caption,
            "credit": media.credit,
            "alt": media.alt,
        }
    if record.quantities:
        data["quantities"] = [q.display() for q in record.quantities]
    if record.external_ids:
        data["ids"] = [[scheme, value] for scheme, value in record.external_ids.items()]
    return data


def image_origins(records: Iterable[EventRecord]) -> list[str]:
    """The origins (`https://host[:port]`) the page shows pictures from, sorted: each event's media
    URL when it is a picture, else its thumbnail. A host CSP cannot name is left out (its picture
    then does not load; the link stays)."""
    origins: set[str] = set()
    for record in records:
        media = record.media
        if media is None:
            continue
        picture = media.url if media.is_image() else media.thumbnail
        origin = _origin(picture) if picture else None
        if origin:
            origins.add(origin)
    return sorted(origins)


def _origin(url: str) -> str | None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not _HOST.fullmatch(host):
        return None
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")
