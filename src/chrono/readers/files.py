"""Read event files (YAML, JSON, JSON Lines, CSV, iCalendar) into validated event inputs.

Every format uses the field names of `chrono list --format json`. Every error names the file and the
entry (its line where the format has lines), so a user can go straight to it.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chrono.canonical import event_from_mapping_fast
from chrono.dates import When
from chrono.errors import ChronoError, InvalidInput
from chrono.fields import (
    EVENT_FIELDS,
    Defaults,
    Stamp,
    as_list,
    check_fields,
    parse_actors,
    parse_tags,
    split_role,
)
from chrono.models import ActorRef, EventInput
from chrono.readers.formats import detect, read_foreign
from chrono.readers.reading import Reading, json_item_lines

SUFFIXES = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".ics": "ics",
    ".mw": "markwhen",
}

FILE_FIELDS = {
    "events",
    "tags",
    "actors",
    "actor_details",
    "format",
    "version",
    "title",
    "description",
    "timezone",
    "removed",
}


@dataclass(slots=True)
class Entry:
    """One event read from a file, with where it came from."""

    event: EventInput
    where: str
    path: Path
    line: int | None = None
    stamp: Stamp | None = None
    had_id: bool = True
    slot: int | None = None  # where `write_ids` puts a new id: a line (YAML, JSONL), a number (JSON, CSV)
    input: str | None = None  # the hash of its line, for a JSON Lines entry (see `Line`)


@dataclass(slots=True)
class Line:
    """One line of a JSON Lines file, not yet parsed, with a hash of its text.

    The hash is keyed with chrono's version and the import's `tz`: the same text read the same way is
    the same event (validation is a pure function of them), which lets a re-import skip lines it
    saved before without parsing them: `event_id` finds the id for looking the stored hash up, and
    only a hash that matches counts, so a wrong guess can only mean the line is read in full.
    """

    text: str
    path: Path
    number: int
    digest: str
    tz: str | None = None

    @property
    def where(self) -> str:
        return f"{self.path}:{self.number}"

    def event_id(self) -> str | None:
        found = _PLAIN_ID.search(self.text)
        return found.group(1) if found else None

    def entry(self) -> Entry:
        try:
            item = json.loads(self.text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{self.where}: not valid JSON: {exc.msg}") from exc
        except RecursionError:
            raise InvalidInput(f"{self.where}: nested too deeply to read") from None
        if not isinstance(item, Mapping):
            raise InvalidInput(f"{self.where}: each line must be a JSON object")
        entry = _entry(
            item, self.where, self.path, self.number, None, self.number, tz=self.tz, zone_hint=_LINE_ZONE
        )
        entry.input = self.digest if entry.had_id else None  # a new id each time is not the same event
        return entry


_PLAIN_ID = re.compile(r'"id"\s*:\s*"([A-Za-z0-9][A-Za-z0-9._-]{0,63})"')


def midnight_day(entry: Entry) -> Entry:
    """`--midnight-is-day`: a time at midnight UTC (`2022-11-01T00:00:00Z`, as some sources write a
    plain day) read as that day, at either end. Its line's hash is then not kept, so an import
    without the option reads the line again."""
    from chrono.dates import PartialDate, When

    def day(value: PartialDate | None) -> PartialDate | None:
        if value is None or not value.precision.timed or value.to_datetime().utcoffset():
            return value
        if (value.hour, value.minute, value.second or 0) != (0, 0, 0):
            return value
        return PartialDate(
            value.year, value.month, value.day, approximate=value.approximate, uncertain=value.uncertain
        )

    when = entry.event.when
    start = day(when.start)
    assert start is not None
    moved = When(start, day(when.end), when.open)
    if moved != when:
        entry.event.when = moved
        entry.input = None
    return entry


class EntryError(InvalidInput):
    """An error in one entry of a file; the message starts with `file:line:`."""


def find_files(paths: Iterable[str | Path], *, any_suffix: bool = False) -> list[Path]:
    """Files to import: the paths given, and every event file below the folders given, sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not inside:
                raise InvalidInput(
                    f"{path}: a folder with no event files in it (.yaml, .yml, .json, .jsonl, .ndjson, "
                    ".csv or .ics)"
                )
            found += inside
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES and not any_suffix:
                raise InvalidInput(
                    f"{path}: unknown file type {path.suffix or '(none)'!r}: "
                    "use .yaml, .yml, .json, .jsonl, .ndjson, .csv, .ics or .mw, or --from-format"
                )
            found.append(path)
        else:
            raise InvalidInput(f"{path}: no such file or folder")
    return found


def read_file(
    path: Path,
    actor_details: list[ActorRef],
    *,
    from_format: str | None = None,
    tz: str | None = None,
    readings: dict[Path, Reading] | None = None,
    skip_invalid: bool = False,
    attendees: bool = False,
    expand: When | None = None,
    mapping: dict[str, list[str]] | None = None,
    midnight_is_day: bool = False,
    removed: list[str] | None = None,
) -> Iterator[Entry]:
    """Entries of one file; actor definitions found on the way are appended to `actor_details`, and
    the ids of removed events that chrono's own feeds list (tombstones, not events) to `removed`.

    Calendars and files of other tools' formats (chrono.readers) leave what they skipped or did not
    keep in `readings`; `skip_invalid` skips a calendar's bad VEVENTs instead of stopping,
    `attendees` makes attendees actors and `expand` imports each occurrence of recurring events in
    that range (chrono.readers.ics).
    """
    try:
        foreign = from_format or detect(path)
        if foreign is not None:
            for reading in read_foreign(
                path, foreign, tz=tz, mapping=mapping, midnight_is_day=midnight_is_day
            ):
                for item in reading.entries():
                    where = f"{path}:{item.line}" if item.line else str(path)
                    yield _entry(item.fields, where, path, item.line, None, None)
                if readings is not None:
                    reading.items, reading.stream = [], None
                    readings[path] = reading
            return
        kind = SUFFIXES[path.suffix.lower()]
        own: Iterator[Entry] | None = None
        if kind == "yaml":
            own = _read_yaml(path, actor_details, tz)
        elif kind == "json":
            own = _read_json(path, actor_details, tz, removed)
        elif kind == "jsonl":
            own = _read_jsonl(path, tz)
        elif kind == "csv":
            own = _read_csv(path, tz)
        if own is not None:
            yield from (midnight_day(e) for e in own) if midnight_is_day else own
        else:
            from chrono.readers.ics import read_ics

            calendar = Reading()
            stamps: dict[int, Stamp] = {}
            events = read_ics(
                path,
                skip_invalid=skip_invalid,
                reading=calendar,
                attendees=attendees,
                expand=expand,
                tz=tz,
                midnight_is_day=midnight_is_day,
                removed=removed,
                stamps=stamps,
            )
            for event, line in events:
                yield Entry(event, f"{path}:{line}", path, line, stamps.get(line))
            if readings is not None:
                readings[path] = calendar
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except RecursionError:
        raise InvalidInput(f"{path}: nested too deeply to read") from None
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
            mapping["__keys__"] = {
                key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key.value, str)
            }  # the line of each field, so that an error points at the bad field, not its event
            for key_node, value_node in node.value:
                if key_node.value in _DATE_FIELDS and _plain_scalar(value_node):
                    if value_node.tag == _TIMESTAMP:
                        self.construct_yaml_timestamp(value_node)  # an impossible date, with its line
                    # A date is read as written: YAML would make 0476 octal (318) and 12:30 a number.
                    mapping[key_node.value] = value_node.value
            mapping["__line__"] = node.start_mark.line + 1
            mapping["__col__"] = node.start_mark.column
            mapping["__flow__"] = bool(node.flow_style)
            return mapping

        def construct_yaml_timestamp(self, node: Any) -> Any:
            """YAML's own dates keep their precision; an impossible one is named with its line."""
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError as exc:
                raise _YamlValueError(f"bad date {node.value!r}: {exc}", node.start_mark.line + 1) from exc

        def construct_document(self, node: Any) -> Any:
            check_aliases(node)
            return super().construct_document(node)

    LineLoader.add_constructor("tag:yaml.org,2002:timestamp", LineLoader.construct_yaml_timestamp)
    return LineLoader


# Fields holding dates, wherever they occur (an event's, a source's `published`).
_DATE_FIELDS = frozenset(("start", "date", "end", "published"))
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _plain_scalar(node: Any) -> bool:
    """An unquoted scalar other than null: the ones YAML would turn into numbers, dates or booleans."""
    import yaml

    plain = isinstance(node, yaml.ScalarNode) and not node.style  # None in Python, "" from libyaml
    return plain and node.tag != "tag:yaml.org,2002:null"


MAX_LINE = 8 << 20  # characters of one JSON Lines event: far more than the longest fields allow
ALIAS_LIMIT = 1_000_000  # nodes and characters that YAML aliases may repeat, in all, per file


def check_aliases(root: Any, limit: int = ALIAS_LIMIT) -> None:
    """Refuse a YAML document whose aliases repeat more than `limit` nodes and characters in all
    ("billion laughs": 0.5 KB that expands to gigabytes), or that refers to itself, before anything
    is built from it. PyYAML composes an alias as the anchored node itself, so the graph is small;
    its expanded size is counted here once per node, without expanding it."""
    size: dict[int, int] = {}
    repeated = 0
    stack: list[tuple[Any, Any, bool]] = [(root, None, False)]
    open_nodes: set[int] = set()
    while stack:
        node, parent, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            size[key] = 1 + sum(size[id(child)] for child in _children(node))
            continue
        if key in open_nodes:
            line = (parent or node).start_mark.line + 1
            raise _YamlValueError("a YAML alias refers to the collection it is in", line)
        if key in size:
            repeated += size[key]
            if repeated > limit:
                line = (parent or node).start_mark.line + 1
                raise _YamlValueError(f"YAML aliases repeat more than {limit:,} values in all", line)
            continue
        children = _children(node)
        if not children:
            size[key] = 1 + len(node.value) if isinstance(node.value, str) else 1
            continue
        open_nodes.add(key)
        stack.append((node, parent, True))
        stack.extend((child, node, False) for child in reversed(children))


def _children(node: Any) -> list[Any]:
    value = node.value
    if isinstance(value, str):
        return []
    return [part for pair in value for part in pair] if value and isinstance(value[0], tuple) else list(value)


class _YamlValueError(Exception):
    """A value the YAML parser read but could not build, with its line."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _read_yaml(path: Path, actor_details: list[ActorRef], tz: str | None = None) -> Iterator[Entry]:
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
    except _YamlValueError as exc:
        raise InvalidInput(f"{path}:{exc.line}: {exc}") from exc
    yield from _read_document(data, path, actor_details, by_line=True, tz=tz)


def _read_json(
    path: Path, actor_details: list[ActorRef], tz: str | None = None, removed: list[str] | None = None
) -> Iterator[Entry]:
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from exc
    if isinstance(data, Mapping) and isinstance(data.get("removed"), list) and removed is not None:
        removed += [str(g.get("id")) for g in data["removed"] if isinstance(g, Mapping)]
    try:
        yield from _read_document(data, path, actor_details, by_line=False, tz=tz)
    except EntryError as exc:  # "FILE: event N: …" — JSON gives no lines: find the event's, now
        found = re.match(rf"{re.escape(str(path))}: event (\d+): ", str(exc))
        lines = json_item_lines(text, "events" if isinstance(data, Mapping) else "") if found else []
        if found is None or int(found[1]) > len(lines):
            raise
        raise EntryError(f"{path}:{lines[int(found[1]) - 1]}: {str(exc)[found.end() :]}") from exc


def _read_document(
    data: Any, path: Path, actor_details: list[ActorRef], *, by_line: bool, tz: str | None = None
) -> Iterator[Entry]:
    """A list of events, or a mapping with `events` and file-level defaults (a file's `timezone`
    places its times written without one, before `--tz` does)."""
    defaults = Defaults()
    if data is None:
        return
    if isinstance(data, Mapping):
        where = f"{path}:{data.get('__line__', 1)}"
        check_fields(data, FILE_FIELDS, where, "file")
        if "events" not in data:
            raise InvalidInput(f"{where}: a mapping at the top needs an 'events' list")
        if data.get("format") not in (None, "chrono"):
            raise InvalidInput(f"{where}: unknown format {data.get('format')!r}")
        found = data.get("__keys__")
        keys: Mapping[str, int] = found if isinstance(found, Mapping) else {}
        with _at(f"{path}:{keys['tags']}" if "tags" in keys else where):
            defaults.tags = parse_tags(data.get("tags"), where)
        with _at(f"{path}:{keys['actors']}" if "actors" in keys else where):
            defaults.actors = parse_actors(data.get("actors"), None, where)
        if data.get("timezone") is not None:
            tz = _file_zone(data["timezone"], where)
        for number, detail in enumerate(as_list(data.get("actor_details"), where, "actor_details")):
            with _at(_where(path, detail, f"{path}: actor_details[{number}]")):
                actor_details.extend(parse_actors([detail], None, None))
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
        yield _entry(
            item, where, path, line, defaults, line if by_line else index, tz=tz, zone_hint=_FILE_ZONE
        )


@contextmanager
def _at(where: str) -> Iterator[None]:
    """Errors in a file's own fields (its tags, actors, actor_details) say where: FILE:LINE: …"""
    try:
        yield
    except InvalidInput as exc:
        if str(exc).startswith(where):
            raise
        raise InvalidInput(f"{where}: {exc}") from exc


def _read_jsonl(path: Path, tz: str | None = None) -> Iterator[Entry]:
    for line in read_lines(path, tz):
        yield line.entry()


def read_lines(path: Path, tz: str | None = None) -> Iterator[Line]:
    """The lines of a JSON Lines file, each hashed; `Line.entry` parses and validates one.

    The hash is keyed with chrono's version and `tz` (which places times written without a zone), the
    two things besides the text that decide what a line says.
    """
    from hashlib import blake2b

    from chrono import __version__
    from chrono.schema import SCHEMA_VERSION

    keyed = blake2b(f"chrono {__version__} schema {SCHEMA_VERSION} tz {tz}\n".encode(), digest_size=16)
    try:
        with path.open(encoding="utf-8") as handle:
            number = 0
            while text := handle.readline(MAX_LINE + 1):
                number += 1
                if len(text) > MAX_LINE:
                    raise InvalidInput(f"{path}:{number}: a line longer than {MAX_LINE:,} characters")
                text = text.strip()
                if not text:
                    continue
                hashed = keyed.copy()
                hashed.update(text.encode())
                yield Line(text, path, number, hashed.hexdigest(), tz)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc.strerror}") from exc


def _read_csv(path: Path, tz: str | None = None) -> Iterator[Entry]:
    """CSV with a header row, as `chrono list --format csv` writes it (see `chrono.csv_cells`): list
    fields as JSON cells, or (hand-written) values separated by ';' and roles as ACTOR=ROLE."""
    from chrono.csv_cells import FIELD_LIMIT, unprotect

    previous = csv.field_size_limit(FIELD_LIMIT)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            try:
                fieldnames = reader.fieldnames
            except csv.Error as exc:
                raise InvalidInput(f"{path}:1: not valid CSV: {exc}") from exc
            if not fieldnames:
                return
            unknown = [f for f in fieldnames if f and f.strip() not in EVENT_FIELDS]
            if unknown:
                raise InvalidInput(f"{path}:1: unknown column {unknown[0]!r}")
            line = 1
            number = 0
            rows = iter(reader)
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    break
                except csv.Error as exc:
                    raise InvalidInput(f"{path}:{reader.line_num}: not valid CSV: {exc}") from exc
                where = f"{path}:{line + 1}"
                line = reader.line_num
                item: dict[str, Any] = {}
                for key, raw in row.items():
                    if key is None or raw is None or raw.strip() == "":
                        continue
                    key = key.strip()
                    value = unprotect(raw)
                    if key in ("actors", "tags", "sources"):
                        item[key] = _csv_list(value, key, where)
                    elif key in ("roles", "quantities", "external_ids"):
                        item[key] = _csv_roles(value, where, key)
                    elif key == "media" and value.strip()[:1] == "{":
                        item[key] = _csv_list(value, key, where)
                    else:
                        item[key] = value
                number += 1
                yield _entry(item, where, path, line, None, number, tz=tz, zone_hint=_CSV_ZONE)
    finally:
        csv.field_size_limit(previous)


def _csv_list(value: str, key: str, where: str) -> Any:
    from chrono.csv_cells import read_list

    try:
        values = read_list(value, key)
    except ChronoError as exc:
        raise EntryError(f"{where}: {exc}") from exc
    if key == "sources" and value.strip()[:1] not in ("[", "{"):  # hand-written: a name is a title
        return [v if "://" in v or v.startswith("www.") else {"title": v} for v in values]
    return values


def _csv_roles(value: str, where: str, key: str = "roles") -> Any:
    """A JSON cell, or NAME=VALUE pairs separated by `;`: roles (ACTOR=ROLE), quantities
    (fatalities=12; drones=>11000 drones) and external ids (wikidata=Q123)."""
    if value.strip()[:1] in ("{", "["):
        return _csv_list(value, key, where)
    return dict(_role_pair(p, where, key) for p in value.split(";") if p.strip())


_PAIRS = {"roles": "ACTOR=ROLE", "quantities": "NAME=VALUE", "external_ids": "SCHEME=ID"}


def _role_pair(text: str, where: str, key: str = "roles") -> tuple[str, str]:
    pair = split_role(text)
    if pair is None:
        raise InvalidInput(f"{where}: {key} are written {_PAIRS[key]}, not {text.strip()!r}")
    return pair


# --- one entry --------------------------------------------------------------------------------


def _where(path: Path, item: Any, fallback: str) -> str:
    if isinstance(item, Mapping) and "__line__" in item:
        return f"{path}:{item['__line__']}"
    return fallback


_ZONE_END = re.compile(r"\d[~?%]?\s+[A-Za-z][\w+-]*(?:/[\w+-]+)+\s*$", re.ASCII)
_OFFSET_END = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s?(?:[Zz]|[+-]\d{2}(?::?\d{2}){0,2})[~?%]?$")


def _floating(item: Mapping[str, Any]) -> bool:
    """No date of the event carries its own offset (a zone given then would have to agree with it)."""
    import datetime as dt

    for key in ("start", "date", "end"):
        value = item.get(key)
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return False
        if isinstance(value, str) and any(_OFFSET_END.search(part.strip()) for part in value.split("/")):
            return False
        if isinstance(value, str) and _ZONE_END.search(value):  # "2022-11-01 14:00 Europe/Kyiv"
            return False
    return True


def _file_zone(value: Any, where: str) -> str:
    from chrono.dates import check_timezone
    from chrono.errors import DateError

    try:
        return check_timezone(str(value))
    except DateError as exc:
        raise InvalidInput(f"{where}: timezone: {exc}") from exc


def _entry(
    item: Mapping[str, Any],
    where: str,
    path: Path,
    line: int | None,
    defaults: Defaults | None,
    slot: int | None,
    *,
    tz: str | None = None,
    zone_hint: str = "",
) -> Entry:
    """One event validated; `tz` places its times written without a zone (the event's own wins).
    `zone_hint`: how else this kind of file gives a zone, added to a missing zone's message."""
    if tz is not None and not item.get("timezone") and not item.get("tz") and _floating(item):
        item = {**item, "timezone": tz}
    try:
        event, stamp = event_from_mapping_fast(item, defaults)
    except ChronoError as exc:
        line_of_field = _field_line(item, getattr(exc, "field", None))
        if line_of_field is not None:
            where = f"{path}:{line_of_field}"  # the bad field's own line
        message = str(exc)
        if zone_hint and message.endswith(" or --tz ZONE"):
            message += zone_hint
        raise EntryError(f"{where}: {message}") from exc
    return Entry(event, where, path, line, stamp, had_id=event.id is not None, slot=slot)


# How chrono's own files give a zone, besides --tz: the end of a missing zone's message.
_FILE_ZONE = ", or timezone: ZONE in the event or at the top of the file"
_LINE_ZONE = ', or a "timezone" member in the line'
_CSV_ZONE = ", or a timezone column"
_FIELD_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _field_line(item: Any, field: str | None) -> int | None:
    """The YAML line of a field, also one inside a list (`sources[0].published`): the deepest line
    known on the way to it."""
    line = None
    for name, index in _FIELD_STEP.findall(field or ""):
        if index:
            items = item if isinstance(item, list) else []
            item = items[int(index)] if int(index) < len(items) else None
            if isinstance(item, Mapping) and isinstance(item.get("__line__"), int):
                line = item["__line__"]
        elif isinstance(item, Mapping):
            keys = item.get("__keys__")
            if isinstance(keys, Mapping) and name in keys:
                line = keys[name]
            item = item.get(name)
        else:
            break
    return line


# --- writing ids back -------------------------------------------------------------------------


def write_ids(path: Path, assigned: Mapping[int, str]) -> None:
    """Put generated ids into an event file, keeping everything else as it was written.

    `assigned` maps an entry's slot (`Entry.slot`) to its new id. YAML keeps its comments and layout;
    JSON and JSON Lines get an `"id"` member in each event object and no other change; a CSV file
    gets its `id` cells filled (and an `id` column first if it had none).
    """
    kind = SUFFIXES[path.suffix.lower()]
    if kind == "yaml":
        text = _yaml_with_ids(path, assigned)
    elif kind == "json":
        text = _json_with_ids(path, assigned)
    elif kind == "jsonl":
        text = _jsonl_with_ids(path, assigned)
    elif kind == "csv":
        text = _csv_with_ids(path, assigned)
    else:
        return  # iCalendar events always carry their id (the UID)
    tmp = path.with_name(path.name + ".chrono-tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    tmp.replace(path)


def _yaml_with_ids(path: Path, assigned: Mapping[int, str]) -> str:
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
    return "".join(lines)


def _with_id(text: str, start: int, end: int, obj: Mapping[str, Any], new_id: str) -> str:
    """The JSON object text[start:end] (from `{` to after `}`) with `"id"` added: first, in the
    object's own layout, or last when the object already has an `"id"` (null), so that it wins."""
    member = json.dumps("id") + ": " + json.dumps(new_id)
    if "id" in obj:
        close = text.rindex("}", start, end)
        return text[:close] + ", " + member + text[close:]
    after = start + 1
    spaces = len(text[after:end]) - len(text[after:end].lstrip())
    gap = text[after : after + spaces]
    return text[:after] + (gap + member + "," if gap else member + ", ") + text[after:]


def _json_with_ids(path: Path, assigned: Mapping[int, str]) -> str:
    import json.decoder
    import json.scanner

    text = path.read_text(encoding="utf-8")
    spans: dict[int, tuple[int, int]] = {}
    decoder = json.JSONDecoder()
    plain: Any = getattr(json.decoder, "JSONObject")  # noqa: B009 (not in the type stubs)

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        obj, end = plain(s_and_end, *args)
        spans[id(obj)] = (s_and_end[1] - 1, end)
        return obj, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    data = decoder.decode(text)
    events: Any = data.get("events") if isinstance(data, Mapping) else data
    edits = sorted(
        ((*spans[id(events[slot - 1])], events[slot - 1], new_id) for slot, new_id in assigned.items()),
        key=lambda edit: -edit[0],
    )
    for start, end, obj, new_id in edits:
        text = _with_id(text, start, end, obj, new_id)
    return text


def _jsonl_with_ids(path: Path, assigned: Mapping[int, str]) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = handle.readlines()
    for number, new_id in assigned.items():
        line = lines[number - 1]
        start = len(line) - len(line.lstrip())
        end = len(line.rstrip()) if line.rstrip().endswith("}") else len(line)
        lines[number - 1] = _with_id(line, start, end, json.loads(line), new_id)
    return "".join(lines)


def _csv_with_ids(path: Path, assigned: Mapping[int, str]) -> str:
    import io

    from chrono.csv_cells import FIELD_LIMIT, write_rows

    previous = csv.field_size_limit(FIELD_LIMIT)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    finally:
        csv.field_size_limit(previous)
    header = [name.strip() for name in rows[0]]
    if "id" not in header:
        rows = [["id", *rows[0]], *(["", *row] for row in rows[1:])]
        header = ["id", *header]
    column = header.index("id")
    # Data rows by number, as the reader counted them (blank rows are not events).
    data = [row for row in rows[1:] if row]
    for number, new_id in assigned.items():
        row = data[number - 1]
        row.extend([""] * (column + 1 - len(row)))
        row[column] = new_id
    buffer = io.StringIO()
    write_rows(buffer, rows)
    return buffer.getvalue()
