"""The fields of one event — from a file, the command line or an HTTP body — checked into an input.

Every way in uses the field names of `chrono list --format json` and goes through
`event_from_mapping`, so an event is valid or not the same way everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from chrono.anchors import Anchored, from_text, parse_anchored
from chrono.dates import (
    PartialDate,
    When,
    check_timezone,
    make_when,
    parse_date,
    parse_timestamp,
    parse_when,
)
from chrono.errors import InvalidInput
from chrono.models import (
    SOURCE_KEYS,
    ActorRef,
    EventInput,
    SourceRef,
    check_id,
    check_kind,
    check_status,
    clean_name,
    extra_fields,
    name_key,
    parse_flag,
    refuse_controls,
)
from chrono.places import GEO_FIELDS, geo_from_mapping

EVENT_FIELDS = {
    "id", "title", "start", "date", "end", "timezone", "tz", "approximate", "uncertain", "status",
    "description", "location", "actors", "roles", "tags", "sources", "precision",
    "created", "updated", "revision", "same_as", "anchored", *GEO_FIELDS, "quantities", "external_ids",
    "media",
}  # fmt: skip
SOURCE_FIELDS = set(SOURCE_KEYS)
ACTOR_FIELDS = {"name", "role", "kind", "aliases", "external_ids"}


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


MAX_DESCRIPTION = 1_000_000  # characters of a description or a source's quote
MAX_TEXT = 2_000  # characters of any other text: a title, a place, a name, a URL
MAX_ITEMS = 500  # actors, tags or sources of one event
LONG_FIELDS = frozenset({"description", "quote"})


def check_lengths(item: Mapping[str, Any], where: str | None = None) -> None:
    """Refuse text longer than chrono keeps, naming the field, before anything is built from it."""
    for key, value in item.items():
        field = where or str(key)
        limit = MAX_DESCRIPTION if key in LONG_FIELDS else MAX_TEXT
        if isinstance(value, str):
            if len(value) > limit:
                raise InvalidInput(f"{field}: at most {limit:,} characters, not {len(value):,}", field=field)
        elif isinstance(value, Mapping):
            check_lengths(value, field)
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                raise InvalidInput(f"{field}: at most {MAX_ITEMS} values, not {len(value):,}", field=field)
            for part in value:
                if isinstance(part, Mapping):
                    check_lengths(part, field)
                elif isinstance(part, str) and len(part) > MAX_TEXT:
                    raise InvalidInput(
                        f"{field}: at most {MAX_TEXT:,} characters each, not {len(part):,}", field=field
                    )


class TextError(InvalidInput):
    """Text chrono does not store: a NUL or other control character (a terminal escape, a bell) or a
    lone surrogate. Names the field at fault."""


# repr() writes NUL, every other C0 and C1 control, DEL and lone surrogates as \x.. or \ud... escapes
# (tab, line feed and carriage return as \t \n \r): one C-speed look finds whether any is there.
_SUSPECT = re.compile(r"\\x[0-189][0-9a-f]|\\x7f|\\ud[89a-f]")


def check_text(value: Any, field: str | None = None) -> None:
    """Refuse text that SQLite or PostgreSQL would fail on, or that would drive a terminal or a
    reader's screen (escape sequences, bells, backspaces), before it gets anywhere."""
    if field is None and not _SUSPECT.search(repr(value)):
        return  # repr shows every such character as an escape: one C-speed look covers all
    _walk_text(value, field)


def _walk_text(value: Any, field: str | None) -> None:
    """Check every text inside `value`; the error names where: `title`, `tags`, `sources[0].quote`."""
    if isinstance(value, str):
        if "\x00" in value:
            raise TextError(f"{field or 'a field'}: NUL characters are not allowed", field=field)
        try:
            refuse_controls(value, field or "a field")
        except InvalidInput as exc:
            raise TextError(str(exc), field=field) from None
    elif isinstance(value, Mapping):
        for key, item in value.items():
            inner = f"{field}.{key}" if field else str(key)
            _walk_text(key, inner)
            _walk_text(item, inner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk_text(item, f"{field}[{index}]" if field and isinstance(item, Mapping) else field)


def event_from_mapping(
    item: Mapping[str, Any], defaults: Defaults | None = None
) -> tuple[EventInput, Stamp | None]:
    """Validate one event given as a mapping of `chrono list --format json` fields.

    Every error names the field at fault (`InvalidInput.field`)."""
    check_lengths(item)
    check_text(item)
    check_fields(item, EVENT_FIELDS, None, "event")
    title = item.get("title")
    if title is not None and not isinstance(title, (str, int, float)):
        raise InvalidInput(f"title must be text, not {type(title).__name__} {_short(title)}", field="title")
    title = str(title) if isinstance(title, (int, float)) and not isinstance(title, bool) else title
    if not isinstance(title, str) or not title.strip():
        raise InvalidInput("an event needs a title", field="title")
    start_key = "date" if "date" in item and "start" not in item else "start"
    start = item.get(start_key)
    if "start" in item and "date" in item:
        raise InvalidInput("give 'start' or 'date', not both", field="date")
    if start is None or start == "":
        raise InvalidInput("an event needs a start (or date)", field=start_key)
    tz_key = "timezone" if item.get("timezone") else "tz"
    tz = item.get(tz_key)
    if tz is not None:
        with blame(tz_key, tz):
            if not isinstance(tz, str):
                raise InvalidInput(f"bad timezone {tz!r}")
            tz = check_timezone(tz)
    with blame("approximate"):
        approximate = parse_flag(item.get("approximate"), "approximate")
    with blame("uncertain"):
        uncertain = parse_flag(item.get("uncertain"), "uncertain")
    end = item.get("end")
    with blame("anchored" if item.get("anchored") else start_key):
        anchored = anchored_of(item, start, end)
    if anchored is not None:  # its date is worked out when it is saved (chrono.anchors)
        if (approximate or uncertain) and not item.get("anchored"):
            raise InvalidInput(
                "an anchored date takes its qualifiers from its anchor: leave out approximate/uncertain",
                field="approximate" if approximate else "uncertain",
            )
        when = PENDING
    else:
        with blame("end" if end not in (None, "") and _is_date(start, tz) else start_key):
            when = when_from(start, end, tz, approximate, uncertain)
    precision = item.get("precision")
    if anchored is None and precision is not None and precision != when.precision.value:
        raise InvalidInput(
            f"precision {precision!r} does not match start {str(start)!r} ({when.precision.value})",
            field="precision",
        )
    event_id = item.get("id")
    if event_id is not None:
        with blame("id", event_id):
            event_id = check_id(str(event_id))
    description = item.get("description") or ""
    location = item.get("location")
    roles = item.get("roles")
    if roles is not None and not isinstance(roles, Mapping):
        raise InvalidInput("roles must be a mapping of actor name to role", field="roles")
    with blame("actors"):
        actors = parse_actors(item.get("actors"), roles, None)
    with blame("tags"):
        tags = parse_tags(item.get("tags"), None)
    if defaults:
        known = {name_key(a.name) for a in actors}
        actors += [a for a in defaults.actors if name_key(a.name) not in known]
        known_tags = {name_key(t) for t in tags}
        tags += [t for t in defaults.tags if name_key(t) not in known_tags]
    with blame("status", item.get("status")):
        status = check_status(str(item.get("status") or "confirmed"))
    with blame("sources"):
        sources = [_source(s, n) for n, s in enumerate(as_list(item.get("sources"), None, "sources"))]
    event = EventInput(
        id=event_id,
        title=" ".join(title.split()),
        when=when,
        description=str(description).strip(),
        location=str(location).strip() or None if location is not None else None,
        status=status,
        actors=actors,
        tags=tags,
        sources=sources,
        same_as=check_id(str(item["same_as"])) if item.get("same_as") is not None else None,
        geo=geo_from_mapping(item),
        anchored=anchored,
    )
    from chrono.event_data import parse_event_data

    event.quantities, event.external_ids, event.media = parse_event_data(item)
    stamp = None
    if any(k in item for k in ("created", "updated", "revision")):
        revision = item.get("revision")
        if revision is not None and not _is_revision(revision):
            raise InvalidInput(f"bad revision {revision!r}: a whole number from 1", field="revision")
        with blame("created"):
            created = parse_timestamp(item.get("created"), "created")
        with blame("updated"):
            updated = parse_timestamp(item.get("updated"), "updated")
        stamp = Stamp(
            created=created, updated=updated, revision=int(revision) if revision is not None else None
        )
    return event, stamp


PENDING = When(PartialDate(1))  # the date of an anchored event until the store works it out


def anchored_of(item: Mapping[str, Any], start: Any, end: Any) -> Anchored | None:
    """The anchored date of an event: its `anchored` field (what an export writes beside the date it
    worked out, which is then only derived), else a start (and end) written as one."""
    written = item.get("anchored")
    if written is not None and written != "":
        if not isinstance(written, str):
            raise InvalidInput(f"anchored must be text, not {_short(written)}")
        return from_text(written)
    return parse_anchored(start, end)


def _short(value: Any, most: int = 60) -> str:
    """A value for an error message, cut so that a huge one is never echoed in full."""
    text = repr(value)
    return text if len(text) <= most else text[: most - 1] + "…"


@contextmanager
def blame(field: str, value: Any = None) -> Iterator[None]:
    """Pin an error raised inside on `field` (unless it already names one)."""
    try:
        yield
    except InvalidInput as exc:
        if exc.field is None:
            exc.field = field
            exc.value = value
        raise


@contextmanager
def _within(field: str, value: Any) -> Iterator[None]:
    """Name a field inside a list (`sources[0].published`) in the error and on it."""
    try:
        yield
    except InvalidInput as exc:
        raise InvalidInput(f"{field}: {exc}", field=field, value=value) from exc


def _is_date(start: Any, tz: str | None) -> bool:
    """Whether `start` parses on its own, so that a failing start–end pair is the end's fault."""
    try:
        parse_date(start, tz=tz)
    except InvalidInput:
        return False
    return True


def event_to_mapping(event: EventInput) -> dict[str, Any]:
    """An event's fields as `chrono list --format json` names them (without the stamps): the inverse
    of `event_from_mapping`."""
    when = event.when
    start, end, approximate, uncertain = when.fields()
    anchored = {} if event.anchored is None else {"anchored": event.anchored.text()}
    mapping: dict[str, Any] = {
        **anchored,
        "id": event.id,
        "title": event.title,
        "start": start,
        "end": end,
        "timezone": when.timezone,
        "approximate": approximate,
        "uncertain": uncertain,
        "status": event.status,
        "description": event.description,
        "location": event.location,
        "actors": [a.name for a in event.actors],
        "roles": {a.name: a.role for a in event.actors if a.role},
        "tags": list(event.tags),
        "sources": [s.to_dict() for s in event.sources],
        **extra_fields(event),
    }
    if event.geo is not None:
        mapping.update(event.geo.to_dict())
    return mapping


_STAMPS = ("created", "updated", "revision", "precision")
_DATE_KEYS = ("start", "date", "end")


def merge_patch(current: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """The event's fields with `patch` laid over them, ready to validate as a whole: the one edit model
    of `chrono edit` and `PATCH /events/ID`.

    A new date replaces the old one with its qualifiers: "approximate" and "uncertain" stay only when
    the patch says so (or writes them into the date, as in "2021~"). A new interval replaces the old
    end. The id never changes; stamps are the store's to keep.
    """
    if "id" in patch and patch["id"] != current["id"]:
        raise InvalidInput("an event's id never changes", field="id", value=patch["id"])
    merged = dict(current)
    new_date = any(k in patch for k in ("start", "date", "anchored"))
    if current.get("anchored") and not new_date and "end" in patch and patch["end"] != current.get("end"):
        raise InvalidInput(
            f"the date is anchored ({current['anchored']}): give a whole new date (--date)", field="end"
        )
    if any(k in patch for k in ("start", "date", "anchored")):
        merged.pop("anchored", None)  # a new date replaces the anchored one
    if "date" in patch:
        merged.pop("start", None)
    new_start = patch.get("start", patch.get("date"))
    if isinstance(new_start, str) and "/" in new_start and "end" not in patch:
        merged["end"] = None  # an interval replaces the old end
    if any(key in patch for key in ("start", "date")):
        for flag in ("approximate", "uncertain"):
            merged.pop(flag, None)
    merged.update({k: v for k, v in patch.items() if k not in _STAMPS})
    return merged


def apply_patch(event: EventInput, patch: Mapping[str, Any]) -> EventInput:
    """`event` with `patch` laid over it, validated as `chrono add` validates."""
    changed, _stamp = event_from_mapping(merge_patch(event_to_mapping(event), patch))
    return changed


def edit_lists(
    event: EventInput,
    *,
    add_actors: Sequence[str] = (),
    remove_actors: Sequence[str] = (),
    roles: Mapping[str, str] | None = None,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
    add_sources: Sequence[str | Mapping[str, Any]] = (),
    remove_sources: Sequence[str] = (),
) -> dict[str, Any]:
    """The actors, roles, tags and sources of `event` after adding and removing some, as patch fields
    (names match case-insensitively, sources by URL)."""
    have = {name_key(a.name) for a in event.actors}
    missing = [name for name in remove_actors if name_key(name) not in have]
    if missing:
        raise InvalidInput(f"event {event.id!r} has no actor {sorted(missing)[0]!r}", field="actors")
    dropped = {name_key(name) for name in remove_actors}
    names = [a.name for a in event.actors if name_key(a.name) not in dropped]
    for name in add_actors:
        if name_key(name) not in {name_key(n) for n in names}:
            names.append(name)
    role_of = {name_key(a.name): a.role for a in event.actors if a.role}
    role_of.update({name_key(k): v for k, v in (roles or {}).items()})
    keys = {name_key(n) for n in names}
    strangers = [name for name in (roles or {}) if name_key(name) not in keys]
    if strangers:
        raise InvalidInput(
            f"event {event.id!r} has no actor {strangers[0]!r}: add it with --actor {strangers[0]!r}",
            field="roles",
        )
    tag_keys = {name_key(t) for t in event.tags}
    absent = [t for t in remove_tags if name_key(t) not in tag_keys]
    if absent:
        raise InvalidInput(f"event {event.id!r} has no tag {absent[0]!r}", field="tags")
    urls = {s.url for s in event.sources}
    unknown = [u for u in remove_sources if u not in urls]
    if unknown:
        raise InvalidInput(f"event {event.id!r} has no source {unknown[0]!r}", field="sources")
    drop_tags = {name_key(t) for t in remove_tags}
    tags = [t for t in event.tags if name_key(t) not in drop_tags]
    for tag in add_tags:
        if name_key(tag) not in {name_key(t) for t in tags}:
            tags.append(tag)
    kept = [s for s in event.sources if s.url not in set(remove_sources)]
    urls = {s.url for s in kept}
    return {
        "actors": names,
        "roles": {n: role_of[name_key(n)] for n in names if role_of.get(name_key(n))},
        "tags": tags,
        "sources": [s.to_dict() for s in kept] + _new_sources(add_sources, urls),
    }


def _new_sources(add: Sequence[str | Mapping[str, Any]], urls: set[str | None]) -> list[dict[str, Any]]:
    """Sources to add (URLs, or mappings with a URL and details), once each, none already cited."""
    new: dict[str, dict[str, Any]] = {}
    for item in add:
        source = {"url": item} if isinstance(item, str) else dict(item)
        url = source.get("url")
        if url not in urls and url not in new:
            new[str(url)] = source
    return list(new.values())


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
        when = make_when(first, when.end, when.open)
    return when


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
            raise InvalidInput(f"{prefix}unknown {what} field {str(key)!r}", field=str(key))


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
            ids = _actor_ids(item.get("external_ids"))
            kind = check_kind(item.get("kind"))
            actors.append(ActorRef(name, str(role).strip() if role else None, kind, aliases, ids))
        else:
            raise InvalidInput(f"bad actor {item!r}: a name or a mapping with 'name'")
    return merge_actor_refs(actors)


def _actor_ids(value: Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    from chrono.external_ids import parse_external_ids

    return tuple(parse_external_ids(value).items())


def merge_actor_refs(actors: list[ActorRef]) -> list[ActorRef]:
    """One ref per name: an actor named twice keeps every role it is given ("actor 1; associated
    with actor 2"), and the details of each mention."""
    if len({name_key(a.name) for a in actors}) == len(actors):
        return actors
    merged: dict[str, ActorRef] = {}
    for ref in actors:
        known = merged.get(name_key(ref.name))
        merged[name_key(ref.name)] = ref if known is None else join_refs(known, ref)
    return list(merged.values())


def join_refs(first: ActorRef, second: ActorRef) -> ActorRef:
    """Two mentions of one actor as one: both roles (each once), the first kind, all aliases and ids."""
    roles = list(dict.fromkeys(_roles(first.role) + _roles(second.role)))
    return ActorRef(
        first.name,
        "; ".join(roles) or None,
        first.kind or second.kind,
        tuple(dict.fromkeys(first.aliases + second.aliases)),
        tuple((dict(second.external_ids) | dict(first.external_ids)).items()),
    )


def _roles(role: str | None) -> list[str]:
    return [part.strip() for part in (role or "").split(";") if part.strip()]


_WEB_SCHEMES = ("http", "https", "ftp", "ftps")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


def check_url(url: str, archive: bool = False) -> str:
    """A source URL: a URI with a scheme and no spaces, and with a host when it is written
    `scheme://` or is a web URL (http, https, ftp). `not a url`, `example.org/a`, `htps://…` and
    `https:/example.org` are refused rather than stored as if they were URLs."""
    from urllib.parse import urlsplit

    scheme, colon, rest = url.partition(":")
    ok = (
        bool(colon)
        and bool(rest)
        and _SCHEME.fullmatch(scheme) is not None
        and url.split() == [url]  # no white space in it (split's white space is isspace()'s)
    )
    if ok and (rest.startswith("//") or scheme.lower() in _WEB_SCHEMES):
        try:
            parts = urlsplit(url)
        except ValueError:
            parts = None
        ok = parts is not None and scheme.lower() in _WEB_SCHEMES and bool(parts.netloc)
    if not ok and archive:
        raise InvalidInput(f"bad archive URL {_short(url)}: give an http(s) URL (https://…)")
    if not ok:
        raise InvalidInput(
            f"bad source URL {_short(url)}: give an http(s) URL (https://…), or describe a source "
            "without one by its title (title:, publisher:, published:)"
        )
    return url


def _source(item: Any, index: int = 0) -> SourceRef:
    """One source; an error in one of its fields names it as `sources[INDEX].FIELD`."""
    if isinstance(item, str):
        url = item.strip()
        if not url:
            raise InvalidInput("empty source")
        with _within(f"sources[{index}]", url):
            return SourceRef(url=check_url(url))
    if not isinstance(item, Mapping):
        raise InvalidInput(f"bad source {item!r}: a URL or a mapping with 'url' or 'title'")
    check_fields(item, SOURCE_FIELDS, None, "source")
    values = {k: (str(item[k]).strip() or None) if item.get(k) is not None else None for k in SOURCE_FIELDS}
    if not values["url"] and not values["title"]:
        raise InvalidInput("a source needs a url or a title")
    for key in ("url", "archive_url"):
        link = values[key]
        if link:
            with _within(f"sources[{index}].{key}", link):
                check_url(link, archive=key == "archive_url")
    published = item.get("published")
    if published is not None and published != "":
        with _within(f"sources[{index}].published", published):
            values["published"] = parse_when(published).edtf()
    return SourceRef(**values)
