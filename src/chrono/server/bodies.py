"""Request bodies: their JSON Schema for the API document, and reading one into a valid event."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from fastapi import Request

from chrono.errors import InvalidInput
from chrono.fields import check_text, event_from_mapping
from chrono.models import ID_PATTERN, SOURCE_KEYS, STATUSES, EventInput
from chrono.places import GEO_PRECISIONS

_STRING_OR_NULL: dict[str, Any] = {"type": ["string", "null"]}
_SOURCE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "description": "A URL."},
        {
            "type": "object",
            "properties": {k: _STRING_OR_NULL for k in SOURCE_KEYS},
            "additionalProperties": False,
        },
    ]
}
EVENT_FIELDS_SCHEMA: dict[str, Any] = {
    "id": {
        "type": "string",
        "pattern": f"^{ID_PATTERN}$",
        "description": "Generated if absent.",
    },
    "title": {"type": "string", "minLength": 1},
    "start": {
        "type": "string",
        "description": "2024, 2024-12, 2024-12-08, 2025-01-20T12:00-05:00, or an interval start/end.",
        "examples": ["2024-12-08"],
    },
    "end": {**_STRING_OR_NULL, "description": "Last date of a span, inclusive."},
    "timezone": {**_STRING_OR_NULL, "description": "IANA time zone for times without an offset."},
    "approximate": {"type": "boolean"},
    "uncertain": {"type": "boolean"},
    "status": {"type": "string", "enum": list(STATUSES)},
    "description": {"type": "string"},
    "location": _STRING_OR_NULL,
    "latitude": {"type": ["number", "null"], "minimum": -90, "maximum": 90, "description": "In degrees."},
    "longitude": {"type": ["number", "null"], "minimum": -180, "maximum": 180, "description": "In degrees."},
    "geo_precision": {
        "enum": [*GEO_PRECISIONS, None],
        "description": "What the point stands for (with latitude and longitude).",
    },
    "actors": {"type": "array", "items": {"type": "string"}},
    "roles": {"type": "object", "additionalProperties": {"type": "string"}},
    "tags": {"type": "array", "items": {"type": "string"}},
    "sources": {"type": "array", "items": _SOURCE_SCHEMA},
    "quantities": {
        "description": "[{name, value, qualifier (= ~ > ≥ < ≤), unit, source}], or {name: value or text}.",
        "anyOf": [{"type": "array", "items": {"type": "object"}}, {"type": "object"}],
    },
    "external_ids": {"type": "object", "additionalProperties": {"type": ["string", "integer"]}},
    "media": {
        "description": "A URL, or {url, credit, caption, alt, thumbnail}; http(s) only.",
        "anyOf": [{"type": "string"}, {"type": "object"}, {"type": "null"}],
    },
}
EVENT_INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": EVENT_FIELDS_SCHEMA,
    "required": ["title", "start"],
    "description": "The fields of `chrono list --format json` (created, updated, revision are ignored).",
}
EVENT_PATCH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": EVENT_FIELDS_SCHEMA,
    "description": "Only the fields to change; null clears end, timezone and location, and latitude "
    "and longitude together clear the point.",
}


def body_schema(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


async def read_json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object of text chrono can store, or a 422 naming the problem."""
    raw = await request.body()
    try:
        data = json.loads(raw, parse_constant=_no_constant, parse_float=_finite)
    except InvalidInput:
        raise
    except (ValueError, RecursionError) as exc:
        raise InvalidInput(f"the body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidInput("the body must be a JSON object of event fields")
    check_text(data)
    return data


def _no_constant(name: str) -> float:
    raise InvalidInput(f"the body is not valid JSON: {name} is not a number JSON has")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InvalidInput(f"the body is not valid JSON: {text} is too large a number")
    return value


def validate_event(item: Mapping[str, Any]) -> EventInput:
    """Validate as `chrono add` and `chrono import` do; the error names the field at fault."""
    try:
        event, _stamp = event_from_mapping(item)
    except InvalidInput as exc:
        if exc.field is not None and exc.value is None:
            exc.value = item.get(exc.field)
        message = str(exc)
        if message.endswith(" or --tz ZONE"):  # the command line's words; a body has a field for it
            exc.args = (message.removesuffix("--tz ZONE") + 'a "timezone" field (Europe/Kyiv)',)
        raise
    return event
