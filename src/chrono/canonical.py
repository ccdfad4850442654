"""The import's fast path: events written the plain way chrono writes them, checked in one pass.

`fields.event_from_mapping` is the one judge of what an event may be: it accepts every spelling a
person may write (a `date` for a `start`, `tz`, yes/no flags, an actor with its kind, a tag that is
a number, ...) and pins every error on its field, with a context manager a field. Exports, generated
data sets and chrono's own JSON use one spelling of each field, and a large import is almost all of
them. `fast_event` validates those, with the same rules (the same date, zone, id, status and text
checks, called directly), and returns None for anything else; `event_from_mapping_fast` then asks the
full validator, and also whenever a check fails, so every error reads exactly as `chrono add` words
it. The fast path never decides alone that an input is bad, and tests/test_canonical.py checks with
hypothesis that it accepts exactly what the full validator accepts, as the same event.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chrono.dates import check_timezone, parse_timestamp, parse_when
from chrono.errors import ChronoError
from chrono.fields import (
    LONG_FIELDS,
    MAX_DESCRIPTION,
    MAX_ITEMS,
    MAX_TEXT,
    Defaults,
    Stamp,
    check_lengths,
    check_text,
    check_url,
    event_from_mapping,
    when_from,
)
from chrono.models import SOURCE_KEYS, ActorRef, EventInput, SourceRef, check_id, check_status, name_key
from chrono.places import GEO_FIELDS, geo_from_mapping

# The fields of `chrono list --format json` (and of an export), spelled the one way chrono writes them.
PLAIN_FIELDS = frozenset(
    {
        "id", "title", "start", "end", "precision", "timezone", "approximate", "uncertain", "status",
        "description", "location", "actors", "roles", "tags", "sources", "created", "updated", "revision",
        *GEO_FIELDS,
    }
)  # fmt: skip
_SOURCE_FIELDS = frozenset(SOURCE_KEYS)
_NO_GEO = frozenset(GEO_FIELDS)  # an event with none of these has no point
_STAMP_FIELDS = ("created", "updated", "revision")
_FLAG = (type(None), bool)
_TEXT = (type(None), str)


def event_from_mapping_fast(
    item: Mapping[str, Any], defaults: Defaults | None = None
) -> tuple[EventInput, Stamp | None]:
    """`fields.event_from_mapping(item, defaults)`, the same result or the same error, sooner."""
    try:
        result = fast_event(item, defaults)
    except ChronoError:
        result = None  # let the full validator find the error and word it
    return result if result is not None else event_from_mapping(item, defaults)


def fast_event(
    item: Mapping[str, Any], defaults: Defaults | None = None
) -> tuple[EventInput, Stamp | None] | None:
    """The event of a mapping in chrono's plain spelling, or None when it is spelled any other way.

    May raise chrono's errors for bad values; `event_from_mapping_fast` then asks the full validator.
    """
    if type(item) is not dict:
        return None
    if not PLAIN_FIELDS.issuperset(item) and not all(k in PLAIN_FIELDS or _hidden(k) for k in item):
        return None
    get = item.get
    title, start, end = get("title"), get("start"), get("end")
    tz, approximate, uncertain = get("timezone"), get("approximate"), get("uncertain")
    description, location, status = get("description"), get("location"), get("status")
    roles, actors, tags, sources = get("roles"), get("actors"), get("tags"), get("sources")
    precision = get("precision")
    event_id = get("id")
    if (
        type(title) is not str
        or type(start) is not str
        or type(end) not in _TEXT
        or type(approximate) not in _FLAG
        or type(uncertain) not in _FLAG
        or type(event_id) not in _TEXT
        or type(description) not in _TEXT
        or type(location) not in _TEXT
        or type(status) not in _TEXT
        or (tz and type(tz) is not str)
        or roles  # roles are the full validator's
        or (roles is not None and type(roles) is not dict)
        or not title.strip()
        or not start
    ):
        return None
    check_text(item)
    if not _short(item):
        check_lengths(item)  # raises, or passes a value `_short` does not know
    tz = check_timezone(tz) if tz else None
    if end and "/" in start:
        return None
    when = when_from(start, end, tz, approximate or False, uncertain or False)
    if precision is not None and precision != when.precision.value:
        return None
    actor_refs = _actors(actors)
    tag_names = _tags(tags)
    source_refs = _sources(sources)
    if actor_refs is None or tag_names is None or source_refs is None:
        return None
    if defaults:
        known = {name_key(a.name) for a in actor_refs}
        actor_refs += [a for a in defaults.actors if name_key(a.name) not in known]
        known_tags = {name_key(t) for t in tag_names}
        tag_names += [t for t in defaults.tags if name_key(t) not in known_tags]
    event = EventInput(
        id=check_id(event_id) if event_id is not None else None,
        title=" ".join(title.split()),
        when=when,
        description=description.strip() if description else "",
        location=(location.strip() or None) if location is not None else None,
        status=check_status(status or "confirmed"),
        actors=actor_refs,
        tags=tag_names,
        sources=source_refs,
        geo=None if _NO_GEO.isdisjoint(item) else geo_from_mapping(item),
    )
    stamp = None
    if "created" in item or "updated" in item or "revision" in item:
        revision = get("revision")
        if revision is not None and (type(revision) is not int or revision < 1):
            return None
        created, updated = get("created"), get("updated")
        if type(created) not in _TEXT or type(updated) not in _TEXT:
            return None
        stamp = Stamp(parse_timestamp(created, "created"), parse_timestamp(updated, "updated"), revision)
    return event, stamp


_SCALARS = (type(None), bool, int, float)


def _short(item: dict[Any, Any]) -> bool:
    """Every text within `fields.check_lengths`'s limits, judged by exact types only; False for
    anything it cannot judge so (then `check_lengths` itself decides)."""
    for key, value in item.items():
        kind = type(value)
        if kind is str:
            if len(value) > MAX_TEXT and (key not in LONG_FIELDS or len(value) > MAX_DESCRIPTION):
                return False
        elif kind is list:
            if len(value) > MAX_ITEMS:
                return False
            for part in value:
                part_kind = type(part)
                if part_kind is str:
                    if len(part) > MAX_TEXT:
                        return False
                elif part_kind is dict:
                    if not _short(part):
                        return False
                elif part_kind not in _SCALARS:
                    return False
        elif kind is dict:
            if not _short(value):
                return False
        elif kind not in _SCALARS:
            return False
    return True


def _hidden(key: object) -> bool:
    """Keys such as YAML's `__line__`, which every reader skips."""
    return isinstance(key, str) and key.startswith("__")


def _actors(value: Any) -> list[ActorRef] | None:
    if value is None:
        return []
    if type(value) is not list:
        return None
    refs = []
    for name in value:
        if type(name) is not str:
            return None
        cleaned = " ".join(name.split())
        if not cleaned:
            return None
        refs.append(ActorRef(cleaned))
    if len({name_key(ref.name) for ref in refs}) != len(refs):
        return None  # an actor named twice: the full validator makes it one
    return refs


def _tags(value: Any) -> list[str] | None:
    if value is None:
        return []
    if type(value) is not list:
        return None
    tags: list[str] = []
    keys: set[str] = set()
    for tag in value:
        if type(tag) is not str:
            return None
        cleaned = " ".join(tag.split())
        if not cleaned:
            return None
        key = name_key(cleaned)
        if key not in keys:
            keys.add(key)
            tags.append(cleaned)
    return tags


def _sources(value: Any) -> list[SourceRef] | None:
    if value is None:
        return []
    if type(value) is not list:
        return None
    refs = []
    for source in value:
        if type(source) is str:
            url = source.strip()
            if not url:
                return None
            refs.append(SourceRef(url=check_url(url)))
            continue
        if type(source) is not dict or not _SOURCE_FIELDS.issuperset(source):
            return None
        fields: dict[str, str | None] = {}
        for key in SOURCE_KEYS:
            text = source.get(key)
            if type(text) not in _TEXT:
                return None
            fields[key] = (text.strip() or None) if text is not None else None
        if not fields["url"] and not fields["title"]:
            return None
        for key in ("url", "archive_url"):
            link = fields[key]
            if link:
                check_url(link)  # a bad one: the full validator words the error
        published = source.get("published")
        if published:
            fields["published"] = parse_when(published).edtf()
        refs.append(SourceRef(**fields))
    return refs
