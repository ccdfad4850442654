"""The fields of one event — from a file, the command line or an HTTP body — checked into an input.

Every way in uses the field names of `chrono list --format json` and goes through
`event_from_mapping`, so an event is valid or not the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from chrono.dates import When, check_timezone, make_when, parse_date, parse_when
from chrono.errors import InvalidInput
from chrono.models import (
    ActorRef,
    EventInput,
    SourceRef,
    check_id,
    check_kind,
    check_status,
    clean_name,
    name_key,
)

EVENT_FIELDS = {
    "id", "title", "start", "date", "end", "timezone", "tz", "approximate", "uncertain", "status",
    "description", "location", "actors", "roles", "tags", "sources", "precision",
    "created", "updated", "revision",
}  # fmt: skip
SOURCE_FIELDS = {"url", "title", "publisher", "published", "archive_url", "quote"}
ACTOR_FIELDS = {"name", "role", "kind", "aliases"}


@dataclass(frozen=True, slots=True)
class Stamp:
    """Timestamps and revision carried by a chrono export, kept when the import creates the event."""

    created: str | None = None
    updated: str | None = None
    revision: int | None = None


@dataclass(slots=True)
class Defaults:
    tags: list[str] = field(default_factory=list)
    actors: list[ActorRef] = field(default_factory=list)


class TextError(InvalidInput):
    """Text no database can store: a NUL character or a lone surrogate. Names the field at fault."""

    def __init__(self, message: str, field: str | None) -> None:
        super().__init__(message)
        self.field = field


_SUSPECT = re.compile(r"\\x00|\\ud[89a-f]")


def check_text(value: Any, field: str | None = None) -> None:
    """Refuse text that SQLite or PostgreSQL would fail on, before it gets there."""
    if field is None and not _SUSPECT.search(repr(value)):
        return  # repr shows both NUL and lone surrogates as escapes: one C-speed look covers all
    _walk_text(value, field)


def _walk_text(value: Any, field: str | None) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise TextError(f"{field or 'a field'}: NUL characters are not allowed", field)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise TextError(f"{field or 'a field'}: not valid Unicode text", field) from None
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _walk_text(key, field or str(key))
            _walk_text(item, field or str(key))
    elif isinstance(value, list):
        for item in value:
            _walk_text(item, field)


def event_from_mapping(
    item: Mapping[str, Any], defaults: Defaults | None = None
) -> tuple[EventInput, Stamp | None]:
    """Validate one event given as a mapping of `chrono list --format json` fields."""
    check_text(item)
    check_fields(item, EVENT_FIELDS, None, "event")
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        raise InvalidInput("an event needs a title")
    start = item.get("start", item.get("date"))
    if "start" in item and "date" in item:
        raise InvalidInput("give 'start' or 'date', not both")
    if start is None or start == "":
        raise InvalidInput("an event needs a start (or date)")
    tz = item.get("timezone") or item.get("tz")
    if tz is not None:
        if not isinstance(tz, str):
            raise InvalidInput(f"bad timezone {tz!r}")
        tz = check_timezone(tz)
    when = when_from(start, item.get("end"), tz, _flag(item, "approximate"), _flag(item, "uncertain"))
    precision = item.get("precision")
    if precision is not None and precision != when.precision.value:
        raise InvalidInput(
            f"precision {precision!r} does not match start {str(start)!r} ({when.precision.value})"
        )
    event_id = item.get("id")
    if event_id is not None:
        event_id = check_id(str(event_id))
    description = item.get("description") or ""
    location = item.get("location")
    actors = parse_actors(item.get("actors"), item.get("roles"), None)
    tags = parse_tags(item.get("tags"), None)
    if defaults:
        known = {name_key(a.name) for a in actors}
        actors += [a for a in defaults.actors if name_key(a.name) not in known]
        known_tags = {name_key(t) for t in tags}
        tags += [t for t in defaults.tags if name_key(t) not in known_tags]
    event = EventInput(
        id=event_id,
        title=" ".join(title.split()),
        when=when,
        description=str(description).strip(),
        location=str(location).strip() or None if location is not None else None,
        status=check_status(str(item.get("status") or "confirmed")),
        actors=actors,
        tags=tags,
        sources=[_source(s) for s in as_list(item.get("sources"), None, "sources")],
    )
    stamp = None
    if any(k in item for k in ("created", "updated", "revision")):
        revision = item.get("revision")
        if revision is not None and not _is_revision(revision):
            raise InvalidInput(f"bad revision {revision!r}: a whole number from 1")
        stamp = Stamp(
            created=_timestamp(item.get("created"), "created"),
            updated=_timestamp(item.get("updated"), "updated"),
            revision=int(revision) if revision is not None else None,
        )
    return event, stamp


def _is_revision(value: Any) -> bool:
    if isinstance(value, str):
        return value.isdigit() and int(value) >= 1
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def when_from(start: Any, end: Any, tz: str | None, approximate: bool, uncertain: bool) -> When:
    """A `When` from separate start and end values, or from one interval."""
    if end is None or end == "":
        when = parse_when(start, tz=tz)
    else:
        if isinstance(start, str) and "/" in start:
            raise InvalidInput("give an interval in 'start' or an 'end', not both")
        when = make_when(parse_date(start, tz=tz), parse_date(end, tz=tz))
    if approximate or uncertain:
        first = replace(
            when.start,
            approximate=when.start.approximate or approximate,
            uncertain=when.start.uncertain or uncertain,
        )
        when = make_when(first, when.end)
    return when


def _flag(item: Mapping[str, Any], key: str) -> bool:
    value = item.get(key, False)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in (
        "true",
        "false",
        "yes",
        "no",
        "1",
        "0",
        "",
    ):
        return value.strip().lower() in ("true", "yes", "1")
    raise InvalidInput(f"{key} must be true or false, not {value!r}")


def _timestamp(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = str(value)
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidInput(f"bad {name} timestamp {text!r}") from exc
    if parsed.tzinfo is None:
        raise InvalidInput(f"bad {name} timestamp {text!r}: needs a UTC offset or Z")
    return parsed.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def split_role(text: str) -> tuple[str, str] | None:
    """ "ACTOR=ROLE" as (actor, role), or None when it is not written that way."""
    name, sep, role = text.partition("=")
    if not sep or not name.strip() or not role.strip():
        return None
    return name.strip(), role.strip()


def check_fields(item: Mapping[str, Any], allowed: set[str], where: str | None, what: str) -> None:
    for key in item:
        if isinstance(key, str) and key.startswith("__"):
            continue
        if key not in allowed:
            prefix = f"{where}: " if where else ""
            raise InvalidInput(f"{prefix}unknown {what} field {str(key)!r}")


def as_list(value: Any, where: str | None, name: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, Mapping)):
        return [value]
    if not isinstance(value, list):
        prefix = f"{where}: " if where else ""
        raise InvalidInput(f"{prefix}{name} must be a list")
    return value


def parse_tags(value: Any, where: str | None) -> list[str]:
    tags: list[str] = []
    keys: set[str] = set()
    for tag in as_list(value, where, "tags"):
        if not isinstance(tag, (str, int)) or isinstance(tag, bool):
            raise InvalidInput(f"bad tag {tag!r}")
        cleaned = clean_name(str(tag), "tag")
        if name_key(cleaned) not in keys:
            keys.add(name_key(cleaned))
            tags.append(cleaned)
    return tags


def parse_actors(value: Any, roles: Any, where: str | None) -> list[ActorRef]:
    if roles is not None and not isinstance(roles, Mapping):
        raise InvalidInput("roles must be a mapping of actor name to role")
    role_of = {
        clean_name(str(k)).casefold(): str(v).strip()
        for k, v in (roles or {}).items()
        if not str(k).startswith("__")
    }
    actors: list[ActorRef] = []
    for item in as_list(value, where, "actors"):
        if isinstance(item, str):
            name = clean_name(item, "actor name")
            actors.append(ActorRef(name, role_of.get(name.casefold())))
        elif isinstance(item, Mapping):
            check_fields(item, ACTOR_FIELDS, None, "actor")
            name = clean_name(str(item.get("name") or ""), "actor name")
            aliases = tuple(
                clean_name(str(a), "alias") for a in as_list(item.get("aliases"), None, "aliases")
            )
            role = item.get("role") or role_of.get(name.casefold())
            actors.append(
                ActorRef(name, str(role).strip() if role else None, check_kind(item.get("kind")), aliases)
            )
        else:
            raise InvalidInput(f"bad actor {item!r}: a name or a mapping with 'name'")
    return actors


def _source(item: Any) -> SourceRef:
    if isinstance(item, str):
        url = item.strip()
        if not url:
            raise InvalidInput("empty source")
        return SourceRef(url=url)
    if not isinstance(item, Mapping):
        raise InvalidInput(f"bad source {item!r}: a URL or a mapping with 'url' or 'title'")
    check_fields(item, SOURCE_FIELDS, None, "source")
    values = {k: (str(item[k]).strip() or None) if item.get(k) is not None else None for k in SOURCE_FIELDS}
    if not values["url"] and not values["title"]:
        raise InvalidInput("a source needs a url or a title")
    published = item.get("published")
    if published is not None and published != "":
        values["published"] = parse_when(published).edtf()
    return SourceRef(**values)
