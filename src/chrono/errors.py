"""The one error base of chrono and its kinds.

Core code raises these; the CLI and the server turn them into a one-line message and an exit code or
an HTTP status, in one place each. Every kind is also a ``ValueError`` or ``LookupError`` so that
library users can catch them the usual way.
"""

from __future__ import annotations

import re
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the `chrono` command, documented in README."""

    OK = 0
    ERROR = 1  # anything unexpected: a database that cannot be opened, an I/O failure
    USAGE = 2  # a wrong option or argument (typer/click's own code)
    NOT_FOUND = 3  # an id, actor or feed that does not exist
    INVALID = 4  # a bad date, time zone, field or file
    CONFLICT = 5  # an id that already exists, a name already taken


MAX_SHOWN = 120  # characters of a value an error message quotes; a longer one is cut
_QUOTED = re.compile(f"'[^'\\n]{{{MAX_SHOWN + 1},}}'|\"[^\"\\n]{{{MAX_SHOWN + 1},}}\"")


def shorten(message: str) -> str:
    """`message` with every quoted value longer than MAX_SHOWN cut, saying how long it was: a bad
    5,000-character title is never echoed back in full, on a terminal or in an HTTP answer."""
    if len(message) <= 2 * MAX_SHOWN:
        return message

    def cut(found: re.Match[str]) -> str:
        text = found.group()
        return f"{text[: MAX_SHOWN - 20]}…{text[0]} ({len(text) - 2:,} characters)"

    return _QUOTED.sub(cut, message)


class ChronoError(Exception):
    """Base of every error chrono raises on purpose."""

    exit_code: ExitCode = ExitCode.ERROR
    http_status: int = 500

    def __str__(self) -> str:
        return shorten(super().__str__())


class InvalidInput(ChronoError, ValueError):
    """Input that cannot be accepted: a bad value, field or file.

    `field` names the event field at fault (title, start, …) and `parameter` the filter parameter
    (from, actor, …), where one is; each edge puts them in its own words: `--from: …` on the command
    line, `{"parameter": "from"}` in an HTTP error. The message itself names neither.
    """

    exit_code = ExitCode.INVALID
    http_status = 422

    def __init__(
        self, message: str, *, field: str | None = None, parameter: str | None = None, value: object = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.parameter = parameter
        self.value = value


class DateError(InvalidInput):
    """A date, interval or time zone that cannot be parsed or does not exist."""


class NotFound(ChronoError, LookupError):
    """An id, actor or feed that does not exist."""

    exit_code = ExitCode.NOT_FOUND
    http_status = 404


class Conflict(ChronoError, ValueError):
    """A write that would clash with what is stored: a taken id or name."""

    exit_code = ExitCode.CONFLICT
    http_status = 409


class DatabaseError(ChronoError):
    """The database cannot be opened, or is of a schema this chrono cannot handle."""


class ReadTimeout(DatabaseError):
    """A read stopped because it ran longer than the server allows."""

    http_status = 503
