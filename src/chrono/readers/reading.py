"""What a reader of another tool's format gives back: event mappings, and what it could not keep.

A reader is a pure function from a file's text (and its name, for messages) to a `Reading`: the
events as mappings of `chrono list --format json` fields (which `chrono.fields.event_from_mapping`
then validates), the entries it refused with their line and why, and a count of everything it read
but had nowhere to put. Nothing is dropped without being counted.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from chrono.errors import InvalidInput


@dataclass(slots=True)
class Item:
    """One event as a mapping of chrono fields, and the line it starts on (None when unknown)."""

    fields: dict[str, Any]
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Skip:
    """An entry the format holds but chrono cannot express (a millennium, a date without a year)."""

    line: int | None
    reason: str


@dataclass(slots=True)
class Reading:
    items: list[Item] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
    stream: Iterator[Item] | None = None  # a large file's events, read as they are asked for
    _derived: Counter[str] = field(default_factory=Counter, repr=False)

    def derive(self, prefix: str, *parts: object) -> str:
        """A stable id for an entry its format gives none: the same entry gets it again on re-import.

        Entries alike in every part are told apart by their order (a second one gets "-2").
        """
        digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
        event_id = f"{prefix}-{digest[:12]}"
        self._derived[event_id] += 1
        count = self._derived[event_id]
        return event_id if count == 1 else f"{event_id}-{count}"

    def entries(self) -> Iterator[Item]:
        """Every event; `skipped` and `dropped` are complete once this is exhausted."""
        yield from self.items
        if self.stream is not None:
            yield from self.stream

    def add(self, fields: dict[str, Any], line: int | None = None) -> None:
        self.items.append(Item(fields, line))

    def skip(self, line: int | None, reason: str) -> None:
        self.skipped.append(Skip(line, reason))


def where(name: str, line: int | None) -> str:
    return f"{name}:{line}" if line is not None else name


def bad(name: str, line: int | None, message: str) -> InvalidInput:
    """The one-line error of a reader: `file:line: message`."""
    return InvalidInput(f"{where(name, line)}: {message}")


def json_item_lines(text: str, key: str) -> list[int]:
    """The line on which each object of the first list under `key` starts, for messages.

    JSON parsers give no positions, so this walks the text once, minding strings and nesting.
    """
    lines: list[int] = []
    line, depth = 1, 0
    in_string = escaped = False
    string_start = 0
    last_string = ""
    list_depth: int | None = None
    done = False
    for index, char in enumerate(text):
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
                last_string = text[string_start:index]
            continue
        if char == '"':
            in_string, string_start = True, index + 1
        elif char == "[":
            depth += 1
            if list_depth is None and not done and last_string == key:
                list_depth = depth
        elif char == "{":
            depth += 1
            if list_depth is not None and depth == list_depth + 1:
                lines.append(line)
        elif char in "}]":
            if char == "]" and depth == list_depth:
                list_depth, done = None, True
            depth -= 1
        elif char not in " \t\r\n:":
            last_string = ""
    return lines
