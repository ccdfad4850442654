"""Build EventRecords directly, as the store would hold them, for renderer tests."""

from __future__ import annotations

from typing import Any

from chrono.dates import parse_when
from chrono.models import EventRecord


def make_record(
    event_id: str = "e1", when: str = "2024-12-08", tz: str | None = None, **changes: Any
) -> EventRecord:
    """A record dated from any form parse_when accepts; `changes` override any other field."""
    value = parse_when(when, tz=tz)
    span_start, span_end = value.span()
    fields: dict[str, Any] = {
        "id": event_id,
        "title": "An event",
        "start": value.start.iso(),
        "end": value.end.iso() if value.end else None,
        "precision": value.precision.value,
        "timezone": value.timezone,
        "approximate": value.approximate,
        "uncertain": value.uncertain,
        "status": "confirmed",
        "description": "",
        "location": None,
        "created": "2025-01-01T00:00:00Z",
        "updated": "2025-01-01T00:00:00Z",
        "revision": 1,
        "span_start": span_start,
        "span_end": span_end,
    }
    fields.update(changes)
    return EventRecord(**fields)
