"""chrono's fields as Markwhen event properties: what `chrono export markwhen` writes where `#tag`,
`@person` and the date line cannot say it, read back by `chrono.readers.markwhen`.

Properties are YAML values (JSON is YAML too): `edtf: 2024-12~` (the exact date, preferred to the
line's Markwhen date when both name the same year), `title:`, `description:`, `status:`,
`location:`, `latitude:`, `longitude:`, `geo_precision:`, `actors: [...]`, `roles: {...}`,
`tags: [...]`, `sources: [...]`. A value of the wrong shape is an error naming the event's line.
"""

from __future__ import annotations

from typing import Any

from chrono.readers.reading import bad

OWN = frozenset(
    {"edtf", "title", "description", "status", "actors", "roles", "tags", "sources", "latitude", "longitude"}
    | {"geo_precision"}
)
_TEXT = ("edtf", "title", "description", "status", "geo_precision")
_NUMBERS = ("latitude", "longitude")


def own_property(key: str, value: str, name: str, line: int) -> Any:
    """The value of one of chrono's properties (`key` in OWN), checked for its shape."""
    import yaml

    if key == "edtf":
        return value.strip().strip("'\"")
    try:
        data = yaml.safe_load(value) if value.strip() else ""
    except yaml.YAMLError:
        raise bad(name, line, f"property {key!r} is not a valid YAML value: {value!r}") from None
    if key in _NUMBERS:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise bad(name, line, f"property {key!r} must be a number, not {value!r}")
        return data
    if key in _TEXT:
        if data is None or isinstance(data, (dict, list)):
            raise bad(name, line, f"property {key!r} must be text, not {value!r}")
        return str(data)
    if key == "roles":
        if not isinstance(data, dict):
            raise bad(name, line, "property 'roles' must be a mapping of actor to role")
        return {str(k): str(v) for k, v in data.items()}
    if isinstance(data, str):
        data = [part.strip() for part in data.split(",") if part.strip()]
    if not isinstance(data, list):
        raise bad(name, line, f"property {key!r} must be a list")
    return data


def text_value(value: str) -> str:
    """A plain property value (`location:`), or the exact text of a JSON-quoted one."""
    import json

    stripped = value.strip()
    if stripped.startswith('"'):
        try:
            decoded = json.loads(stripped)
        except json.JSONDecodeError:
            decoded = None
        if isinstance(decoded, str):
            return decoded
    return stripped.strip("[]").replace("'", "").replace('"', "")


def apply_own(fields: dict[str, Any], own: dict[str, Any], name: str, line: int) -> None:
    """Put chrono's properties into the event's fields; `edtf` replaces the line's date when it
    names the same year (for an open start, its known end)."""
    for key in (
        "title",
        "description",
        "status",
        "roles",
        "sources",
        "latitude",
        "longitude",
        "geo_precision",
    ):
        if key in own:
            fields[key] = own[key]
    if "tags" in own:
        fields["tags"] = list(dict.fromkeys([*map(str, own["tags"]), *fields.get("tags", [])]))
    if "actors" in own:
        named = {str(a.get("name")) if isinstance(a, dict) else str(a) for a in own["actors"]}
        fields["actors"] = [*own["actors"], *(a for a in fields.get("actors", []) if a not in named)]
    if "edtf" in own:
        _apply_edtf(fields, own["edtf"], name, line)


def _apply_edtf(fields: dict[str, Any], text: str, name: str, line: int) -> None:
    from chrono.dates import parse_date, parse_when
    from chrono.errors import DateError

    zone = fields.get("timezone")
    try:
        when = parse_when(text, tz=zone)
        written = parse_date(str(fields["start"]).split("/")[0], tz=zone or "UTC")
    except DateError as exc:
        raise bad(name, line, f"edtf {text!r}: {exc}") from exc
    if when.start.first_ymd()[0] != written.first_ymd()[0]:
        raise bad(name, line, f"edtf {text!r} disagrees with the event's date {fields['start']!r}")
    start, end, approximate, uncertain = when.fields()
    fields["start"] = start
    fields.pop("end", None)
    if end is not None:
        fields["end"] = end
    fields["approximate"], fields["uncertain"] = approximate, uncertain
