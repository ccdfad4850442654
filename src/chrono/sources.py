"""Read event files (YAML, JSON, JSON Lines, CSV, iCalendar) into validated event inputs.

Every format uses the field names of `chrono list --format json`. Every error names the file and the
entry (its line where the format has lines), so a user can go straight to it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chrono.dates import When, check_timezone, make_when, parse_date, parse_when
from chrono.errors import ChronoError, InvalidInput
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

SUFFIXES = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".ics": "ics",
}

EVENT_FIELDS = {
    "id", "title", "start", "date", "end", "timezone", "tz", "approximate", "uncertain", "status",
    "description", "location", "actors", "roles", "tags", "sources", "precision",
    "created", "updated", "revision",
}  # fmt: skip
FILE_FIELDS = {
    "events",
    "tags",
    "actors",
    "actor_details",
    "format",
    "version",
    "title",
    "description",
}
SOURCE_FIELDS = {"url", "title", "publisher", "published", "archive_url", "quote"}
ACTOR_FIELDS = {"name", "role", "kind", "aliases"}


@dataclass(frozen=True, slots=True)
class Stamp:
    """Timestamps and revision carried by a chrono export, kept when the import creates the event."""

    created: str | None = None
    updated: str | None = None
    revision: int | None = None


@dataclass(slots=True)
class Entry:
    """One event read from a file, with where it came from."""

    event: EventInput
    where: str
    path: Path
    line: int | None = None
    stamp: Stamp | None = None
    had_id: bool = True


@dataclass(slots=True)
class Defaults:
    tags: list[str] = field(default_factory=list)
    actors: list[ActorRef] = field(default_factory=list)


class EntryError(InvalidInput):
    """An error in one entry of a file; the message starts with `file:line:`."""


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files to import: the paths given, and every event file below the folders given, sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise InvalidInput(
                    f"{path}: unknown file type {path.suffix or '(none)'!r}: "
                    "use .yaml, .yml, .json, .jsonl, .ndjson, .csv or .ics"
                )
            found.append(path)
        else:
            raise InvalidInput(f"{path}: no such file or folder")
    return found


def read_file(path: Path, actor_details: list[ActorRef]) -> Iterator[Entry]:
    """Entries of one file; actor definitions found on the way are appended to `actor_details`."""
    kind = SUFFIXES[path.suffix.lower()]
    try:
        if kind == "yaml":
            yield from _read_yaml(path, actor_details)
        elif kind == "json":
            yield from _read_json(path, actor_details)
        elif kind == "jsonl":
            yield from _read_jsonl(path)
        elif kind == "csv":
            yield from _read_csv(path)
        else:
            from chrono.render.ics import read_ics

            for event, line in read_ics(path):
                yield Entry(event, f"{path}:{line}", path, line)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc.strerror}") from exc


# --- formats ----------------------------------------------------------------------------------


def _yaml_loader() -> Any:
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineLoader(base):  # type: ignore[misc]
        """Remembers the line (1-based) of every mapping, for error messages and --write-ids."""

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            mapping = super().construct_mapping(node, deep=deep)
            mapping["__line__"] = node.start_mark.line + 1
            mapping["__col__"] = node.start_mark.column
            mapping["__flow__"] = bool(node.flow_style)
            return mapping

    return LineLoader


def _read_yaml(path: Path, actor_details: list[ActorRef]) -> Iterator[Entry]:
    import yaml

    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_yaml_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise InvalidInput(f"{path}{line}: not valid YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{path}: not valid YAML: {exc}") from exc
    yield from _read_document(data, path, actor_details)


def _read_json(path: Path, actor_details: list[ActorRef]) -> Iterator[Entry]:
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from exc
    yield from _read_document(data, path, actor_details)


def _read_document(data: Any, path: Path, actor_details: list[ActorRef]) -> Iterator[Entry]:
    """A list of events, or a mapping with `events` and file-level defaults."""
    defaults = Defaults()
    if data is None:
        return
    if isinstance(data, Mapping):
        where = f"{path}:{data.get('__line__', 1)}"
        _check_fields(data, FILE_FIELDS, where, "file")
        if "events" not in data:
            raise InvalidInput(f"{where}: a mapping at the top needs an 'events' list")
        if data.get("format") not in (None, "chrono"):
            raise InvalidInput(f"{where}: unknown format {data.get('format')!r}")
        defaults.tags = _tags(data.get("tags"), where)
        defaults.actors = _actors(data.get("actors"), None, where)
        for detail in _list(data.get("actor_details"), where, "actor_details"):
            actor_details.extend(_actors([detail], None, _where(path, detail, where)))
        events = data["events"]
    else:
        events = data
    if not isinstance(events, list):
        raise InvalidInput(f"{path}: expected a list of events")
    for index, item in enumerate(events, start=1):
        where = _where(path, item, f"{path}: event {index}")
        if not isinstance(item, Mapping):
            raise InvalidInput(f"{where}: an event must be a mapping of fields")
        line = item.get("__line__")
        yield _entry(item, where, path, line, defaults)


def _read_jsonl(path: Path) -> Iterator[Entry]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidInput(f"{where}: not valid JSON: {exc.msg}") from exc
            if not isinstance(item, Mapping):
                raise InvalidInput(f"{where}: each line must be a JSON object")
            yield _entry(item, where, path, number, None)


def _read_csv(path: Path) -> Iterator[Entry]:
    """CSV with a header row; list fields (actors, tags, sources) are separated by ';'."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames:
            return
        unknown = [f for f in reader.fieldnames if f and f.strip() not in EVENT_FIELDS]
        if unknown:
            raise InvalidInput(f"{path}:1: unknown column {unknown[0]!r}")
        line = 1
        for row in reader:
            where = f"{path}:{line + 1}"
            line = reader.line_num
            item: dict[str, Any] = {}
            for key, value in row.items():
                if key is None or value is None or value.strip() == "":
                    continue
                key = key.strip()
                if key in ("actors", "tags", "sources"):
                    item[key] = [v.strip() for v in value.split(";") if v.strip()]
                elif key == "roles":
                    item[key] = dict(_role_pair(p, where) for p in value.split(";") if p.strip())
                else:
                    item[key] = value
            yield _entry(item, where, path, line, None)


def _role_pair(text: str, where: str) -> tuple[str, str]:
    name, sep, role = text.partition("=")
    if not sep or not name.strip() or not role.strip():
        raise InvalidInput(f"{where}: roles are written ACTOR=ROLE, not {text.strip()!r}")
    return name.strip(), role.strip()


# --- one entry --------------------------------------------------------------------------------


def _where(path: Path, item: Any, fallback: str) -> str:
    if isinstance(item, Mapping) and "__line__" in item:
        return f"{path}:{item['__line__']}"
    return fallback


def _entry(
    item: Mapping[str, Any], where: str, path: Path, line: int | None, defaults: Defaults | None
) -> Entry:
    try:
        event, stamp = event_from_mapping(item, defaults)
    except ChronoError as exc:
        raise EntryError(f"{where}: {exc}") from exc
    return Entry(event, where, path, line, stamp, had_id=event.id is not None)


class TextError(InvalidInput):
    """Text no database can store: a NUL character or a lone surrogate. Names the field at fault."""

    def __init__(self, message: str, field: str | None) -> None:
        super().__init__(message)
        self.field = field


def check_text(value: Any, field: str | None = None) -> None:
    """Refuse text that SQLite or PostgreSQL would fail on, before it gets there."""
    if isinstance(value, str):
        if "\x00" in value:
            raise TextError(f"{field or 'a field'}: NUL characters are not allowed", field)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise TextError(f"{field or 'a field'}: not valid Unicode text", field) from None
    elif isinstance(value, Mapping):
        for key, item in value.items():
            check_text(key, field or str(key))
            check_text(item, field or str(key))
    elif isinstance(value, list):
        for item in value:
            check_text(item, field)


def event_from_mapping(
    item: Mapping[str, Any], defaults: Defaults | None = None
) -> tuple[EventInput, Stamp | None]:
    """Validate one event given as a mapping of `chrono list --format json` fields."""
    check_text(item)
    _check_fields(item, EVENT_FIELDS, None, "event")
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
    actors = _actors(item.get("actors"), item.get("roles"), None)
    tags = _tags(item.get("tags"), None)
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
        sources=[_source(s) for s in _list(item.get("sources"), None, "sources")],
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
    from dataclasses import replace

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


def _check_fields(item: Mapping[str, Any], allowed: set[str], where: str | None, what: str) -> None:
    for key in item:
        if isinstance(key, str) and key.startswith("__"):
            continue
        if key not in allowed:
            prefix = f"{where}: " if where else ""
            raise InvalidInput(f"{prefix}unknown {what} field {str(key)!r}")


def _list(value: Any, where: str | None, name: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, Mapping)):
        return [value]
    if not isinstance(value, list):
        prefix = f"{where}: " if where else ""
        raise InvalidInput(f"{prefix}{name} must be a list")
    return value


def _tags(value: Any, where: str | None) -> list[str]:
    tags: list[str] = []
    keys: set[str] = set()
    for tag in _list(value, where, "tags"):
        if not isinstance(tag, (str, int)) or isinstance(tag, bool):
            raise InvalidInput(f"bad tag {tag!r}")
        cleaned = clean_name(str(tag), "tag")
        if name_key(cleaned) not in keys:
            keys.add(name_key(cleaned))
            tags.append(cleaned)
    return tags


def _actors(value: Any, roles: Any, where: str | None) -> list[ActorRef]:
    if roles is not None and not isinstance(roles, Mapping):
        raise InvalidInput("roles must be a mapping of actor name to role")
    role_of = {
        clean_name(str(k)).casefold(): str(v).strip()
        for k, v in (roles or {}).items()
        if not str(k).startswith("__")
    }
    actors: list[ActorRef] = []
    for item in _list(value, where, "actors"):
        if isinstance(item, str):
            name = clean_name(item, "actor name")
            actors.append(ActorRef(name, role_of.get(name.casefold())))
        elif isinstance(item, Mapping):
            _check_fields(item, ACTOR_FIELDS, None, "actor")
            name = clean_name(str(item.get("name") or ""), "actor name")
            aliases = tuple(clean_name(str(a), "alias") for a in _list(item.get("aliases"), None, "aliases"))
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
    _check_fields(item, SOURCE_FIELDS, None, "source")
    values = {k: (str(item[k]).strip() or None) if item.get(k) is not None else None for k in SOURCE_FIELDS}
    if not values["url"] and not values["title"]:
        raise InvalidInput("a source needs a url or a title")
    published = item.get("published")
    if published is not None and published != "":
        values["published"] = parse_when(published).edtf()
    return SourceRef(**values)


# --- writing ids back -------------------------------------------------------------------------


def write_ids(path: Path, assigned: Mapping[int, str]) -> None:
    """Put generated ids into a YAML file, at the lines of their events, keeping everything else.

    `assigned` maps an event's 1-based line to its new id.
    """
    import yaml

    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    data = yaml.load("".join(lines), Loader=_yaml_loader())
    events = data.get("events") if isinstance(data, Mapping) else data
    positions = {
        item["__line__"]: (item["__col__"], item["__flow__"])
        for item in events or []
        if isinstance(item, Mapping) and item.get("__line__") in assigned
    }
    for line in sorted(positions, reverse=True):
        col, flow = positions[line]
        text = lines[line - 1]
        prefix, rest = text[:col], text[col:]
        new_id = assigned[line]
        if flow:
            lines[line - 1] = prefix + "{id: " + new_id + ", " + rest[1:].lstrip()
        else:
            lines[line - 1] = prefix + f"id: {new_id}\n" + " " * col + rest
    tmp = path.with_name(path.name + ".chrono-tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    tmp.replace(path)
