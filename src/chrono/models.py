"""The input and output shapes of events, as plain dataclasses.

They are deliberately not SQLModel classes: the read path (`chrono list`) builds thousands of them and
must not pay for importing pydantic and SQLAlchemy. The tables live in `chrono.schema`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from chrono.dates import When
from chrono.errors import InvalidInput
from chrono.places import Geo

if TYPE_CHECKING:
    from chrono.anchors import Anchored
    from chrono.media import Media
    from chrono.quantities import Quantity

STATUSES = ("confirmed", "disputed", "retracted", "draft")
ACTOR_KINDS = ("person", "country", "organisation", "group")
SOURCE_KEYS = ("url", "title", "publisher", "published", "archive_url", "quote")  # a citation's fields

ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}"  # letters, digits, . _ -: safe in URLs and UIDs
_ID_RE = re.compile(ID_PATTERN)
_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def new_id() -> str:
    """A fresh random id: 12 base32 characters, so a million events never collide in practice."""
    import secrets

    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(12))


def is_id(value: str) -> bool:
    """Whether `value` is spelled as an id can be (say, before looking one up from a URL)."""
    return _ID_RE.fullmatch(value) is not None


def check_id(value: str) -> str:
    """Ids end up in URLs and iCalendar UIDs, so only URL-safe characters are allowed."""
    if not _ID_RE.fullmatch(value):
        shown = repr(value) if len(value) <= 70 else repr(value[:60]) + f"… ({len(value):,} characters)"
        raise InvalidInput(
            f"bad id {shown}: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    return value


_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0", "")


def parse_flag(value: object, name: str) -> bool:
    """True or false, from a bool or from text as files, forms and query strings write it: true/false,
    yes/no, on/off, 1/0; empty text (a blank cell, `?within=`) is false. The one rule for every door."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    raise InvalidInput(f"{name} must be true or false, not {value!r}")


def check_status(value: str) -> str:
    status = value.strip().lower()
    if status not in STATUSES:
        raise InvalidInput(f"bad status {value!r}: use one of {', '.join(STATUSES)}")
    return status


def check_kind(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    kind = value.strip().lower()
    if kind == "organization":
        kind = "organisation"
    if kind not in ACTOR_KINDS:
        raise InvalidInput(f"bad actor kind {value!r}: use one of {', '.join(ACTOR_KINDS)}")
    return kind


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The case-insensitive key of a name, the same on SQLite and PostgreSQL."""
    return " ".join(name.split()).casefold()


# A word, for full-text search: a run of letters and digits. Everything else (hyphens, dots, slashes,
# @, underscores) separates words, so "Shahed-136", URLs, e-mail addresses and paths are found by
# their words on every engine: SQLite's tokenizer and PostgreSQL's parser only ever see plain words.
SEARCH_WORD = re.compile(r"[^\W_]+")


def search_text(
    title: str, description: str | None, location: str | None, extra: Iterable[str | None] = ()
) -> str:
    """What full-text search looks in: the words, lower case, accents folded, the same on every engine.
    `extra` holds the event's actors, tags and sources in words (see `event_words`)."""
    text = "\n".join(part for part in (title, description, location, *extra) if part)
    return " ".join(SEARCH_WORD.findall(fold(text)))


def event_words(
    actors: Iterable[str],
    tags: Iterable[str],
    sources: Iterable[SourceRef],
    external_ids: Mapping[str, str] | None = None,
) -> list[str | None]:
    """The words of an event besides its text that `--search` finds: actor names, tags, each
    source's title, publisher, URL and quote, and the event's external ids (scheme and value)."""
    words: list[str | None] = [*actors, *tags]
    for source in sources:
        words += [source.title, source.publisher, source.url, source.quote]
    for scheme, value in (external_ids or {}).items():
        words += [scheme, value]
    return words


def fold(text: str) -> str:
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Control characters chrono refuses in any text: all of C0 but tab, line feed and carriage return
# (which names fold into spaces and descriptions keep), DEL and C1. ESC starts terminal escapes.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def refuse_controls(text: str, what: str) -> None:
    """Refuse text with a control character in it (a terminal escape, a bell, a backspace)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{what}: not valid Unicode text") from None
    found = CONTROL.search(text)
    if found:
        raise InvalidInput(
            f"{what}: control character U+{ord(found.group()):04X} is not allowed"
            " (a terminal escape or other non-printing character)"
        )


def clean_name(name: str, what: str = "name") -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise InvalidInput(f"empty {what}")
    refuse_controls(cleaned, what)
    return cleaned


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as named by an event, optionally with its role and what we know of it."""

    name: str
    role: str | None = None
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    external_ids: tuple[tuple[str, str], ...] = ()  # (scheme, id): the actor's, not the event's


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A source as cited by an event; the same URL is stored once, the quote belongs to the citation."""

    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # a chrono date in EDTF, any precision
    archive_url: str | None = None
    quote: str | None = None

    @property
    def key(self) -> str:
        """Sources are the same when their URL is; without one, when title, publisher and date are."""
        if self.url:
            return self.url
        return "\x1f".join([self.title or "", self.publisher or "", self.published or ""])

    def to_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in SOURCE_KEYS}


@dataclass(slots=True)
class EventInput:
    """A validated event on its way into the store."""

    title: str
    when: When
    id: str | None = None
    description: str = ""
    location: str | None = None
    status: str = "confirmed"
    actors: list[ActorRef] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    same_as: str | None = None  # a draft that tells of this stored event: import adds its sources there
    geo: Geo | None = None  # where on the map (see `chrono.places`)
    anchored: Anchored | None = None  # dated from another event; `when` is then worked out on saving
    quantities: list[Quantity] = field(default_factory=list)
    external_ids: dict[str, str] = field(default_factory=dict)
    media: Media | None = None

    def content(self) -> dict[str, Any]:
        """Everything a user can change, in a canonical form: equal content means nothing to update."""
        start, end, approximate, uncertain = self.when.fields()
        anchored = {} if self.anchored is None else {"anchored": self.anchored.text()}
        content: dict[str, Any] = {
            **anchored,
            "title": self.title,
            "when": start + ("" if end is None else "/" + end),
            "approximate": approximate,
            "uncertain": uncertain,
            "timezone": self.when.timezone,
            "description": self.description,
            "location": self.location,
            "status": self.status,
            "actors": [[a.name, a.role] for a in self.actors],
            "tags": list(self.tags),
            "sources": [s.to_dict() for s in self.sources],
        }
        if self.geo is not None:  # only then, so that events without a point keep their digests
            content["geo"] = self.geo.to_dict()
        return extra_fields(self) | content


@dataclass(slots=True)
class EventRecord:
    """An event as stored, in the shape of `chrono list --format json`."""

    id: str
    title: str
    start: str
    end: str | None
    precision: str
    timezone: str | None
    approximate: bool
    uncertain: bool
    status: str
    description: str
    location: str | None
    created: str
    updated: str
    revision: int
    span_start: int
    span_end: int
    actors: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    removed: str | None = None  # a tombstone: when the event was removed (not part of `to_dict`)
    geo: Geo | None = None  # where on the map: `latitude`, `longitude`, `geo_precision` when known
    anchored: str | None = None  # the anchored date's expression (chrono.anchors), if it has one
    anchor_title: str | None = None  # and the title of the event it counts from
    quantities: list[Quantity] = field(default_factory=list)
    external_ids: dict[str, str] = field(default_factory=dict)
    media: Media | None = None

    def to_dict(self) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "precision": self.precision,
            "timezone": self.timezone,
            "approximate": self.approximate,
            "uncertain": self.uncertain,
            "status": self.status,
            "description": self.description,
            "location": self.location,
            "actors": list(self.actors),
            "roles": dict(self.roles),
            "tags": list(self.tags),
            "sources": [s.to_dict() for s in self.sources],
            **extra_fields(self),
            "created": self.created,
            "updated": self.updated,
            "revision": self.revision,
        }
        if self.geo is not None:  # the point's fields only when there is one, after `location`
            fields = _after(fields, "location", self.geo.to_dict())
        if self.anchored is not None:  # only then, so that plain exports stay as they were
            fields["anchored"] = self.anchored
        return fields

    def when(self) -> When:
        """The event's date, parsed back from its stored form."""
        return stored_when(self.start, self.end, self.timezone, self.approximate, self.uncertain)

    def date_words(self) -> str:
        """The date as people read it, with its anchor in words when it has one:
        "3 days before Trump sworn in (17 Jan 2025)"."""
        shown = self.when().display()
        words = self.anchor_words()
        return shown if words is None else f"{words} ({shown})"

    def anchor_words(self) -> str | None:
        """An anchored date's anchor in words ("3 days before Trump sworn in"), else None."""
        if self.anchored is None:
            return None
        from chrono.anchors import from_text

        return from_text(self.anchored).words(self.anchor_title)

    def to_input(self) -> EventInput:
        """The input that would store this very event again; `chrono edit` starts from it."""
        return EventInput(
            id=self.id,
            title=self.title,
            when=self.when(),
            description=self.description,
            location=self.location,
            status=self.status,
            actors=[ActorRef(name, self.roles.get(name)) for name in self.actors],
            tags=list(self.tags),
            sources=list(self.sources),
            geo=self.geo,
            anchored=None if self.anchored is None else _anchored(self.anchored),
            quantities=list(self.quantities),
            external_ids=dict(self.external_ids),
            media=self.media,
        )


def _after(fields: dict[str, Any], key: str, extra: dict[str, Any]) -> dict[str, Any]:
    """`fields` with `extra` inserted right after `key`."""
    items = list(fields.items())
    at = [k for k, _ in items].index(key) + 1
    return dict(items[:at] + list(extra.items()) + items[at:])


def _anchored(text: str) -> Anchored:
    from chrono.anchors import from_text

    return from_text(text)


def stored_when(start: str, end: str | None, tz: str | None, approximate: bool, uncertain: bool) -> When:
    """A date from the way an event stores it (see `When.fields`)."""
    from chrono.dates import make_when, parse_date, parse_when

    if end is None:  # one value, or an open interval kept whole ("2014/..")
        when = parse_when(start, tz=tz)
        if when.open is not None:
            return when
        return make_when(_with_flags(when.start, approximate, uncertain))
    first = _with_flags(parse_date(start, tz=tz), approximate, uncertain)
    return make_when(first, parse_date(end, tz=tz))


def extra_fields(event: EventInput | EventRecord) -> dict[str, Any]:
    """`quantities`, `external_ids` and `media`, each only when the event has it: events without
    them read, export and hash exactly as before these fields existed."""
    extra: dict[str, Any] = {}
    if event.quantities:
        extra["quantities"] = [q.to_dict() for q in event.quantities]
    if event.external_ids:
        extra["external_ids"] = dict(event.external_ids)
    if event.media is not None:
        extra["media"] = event.media.to_dict()
    return extra


def _with_flags(date: Any, approximate: bool, uncertain: bool) -> Any:
    """The stored flags are the start's (an end's qualifier is kept in its own text)."""
    from dataclasses import replace

    if date.approximate == approximate and date.uncertain == uncertain:
        return date
    return replace(date, approximate=date.approximate or approximate, uncertain=date.uncertain or uncertain)


@dataclass(frozen=True, slots=True)
class ActorSummary:
    name: str
    kind: str | None
    aliases: list[str]
    events: int
    external_ids: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "aliases": self.aliases,
            "events": self.events,
        }
        if self.external_ids:
            data["external_ids"] = dict(self.external_ids)
        return data


@dataclass(frozen=True, slots=True)
class TagSummary:
    name: str
    events: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "events": self.events}
