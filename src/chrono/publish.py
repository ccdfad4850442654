"""Publishing: filter → events → one of the formats in `chrono.render.FORMATS`.

`chrono export` and `chrono serve` both come through here, so the same filter gives the same events
and the same bytes on disk and over HTTP.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from chrono.db import Reader
from chrono.errors import InvalidInput
from chrono.query import Filter, select_events
from chrono.render import FORMATS, Format

DEFAULT_TITLE = "chrono timeline"


@dataclass(frozen=True, slots=True)
class Published:
    text: str
    format: Format
    count: int
    last_modified: str | None  # the newest `updated` among the events, never "now"
    ids: tuple[str, ...]


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise InvalidInput(f"unknown format {name!r}: use one of {', '.join(FORMATS)}") from None


def publish(
    reader: Reader, format_name: str, flt: Filter, *, title: str | None = None, **options: Any
) -> Published:
    fmt = get_format(format_name)
    records = select_events(reader, flt)
    renderer = getattr(importlib.import_module(fmt.module), fmt.function)
    kwargs = {k: v for k, v in options.items() if k in fmt.options and v is not None}
    text = renderer(records, title=title or DEFAULT_TITLE, description=_sentence(flt.describe()), **kwargs)
    newest = max((r.updated for r in records), default=None)
    return Published(text, fmt, len(records), newest, tuple(r.id for r in records))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."
