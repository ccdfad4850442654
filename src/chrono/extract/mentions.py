"""What the temporal tagger finds, and the small reckonings every handler shares.

A `Mention` is one date expression: where it is in the text, its TimeML value and the chrono date string
at the same precision, or why it could not be resolved. `Context` is what a handler may look at (the
text, the publication date, the lookup of anchor events); `Handler` is the shape of each of them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from chrono.dates import When, parse_date, parse_when
from chrono.extract.vocabulary import CLAUSE_BREAK, FUTURE, NUMBERS, PAST, PREPOSITIONS


@dataclass(frozen=True, slots=True)
class Anchor:
    """An event a phrase such as "the inauguration" refers to, as the caller found it."""

    id: str
    title: str
    when: When


AnchorLookup = Callable[[str], Anchor | None]


@dataclass(frozen=True, slots=True)
class Mention:
    """One date expression: where it is, what it means (or why that is not known)."""

    text: str
    start: int
    end: int
    value: str | None  # TimeML TIMEX3 value: 2024, 2024-12, 2024-12-08, 2013-W12, 2012-SU, 201, 19
    date: str | None  # the chrono date string, at the same precision
    precision: str | None
    resolved_from: str | None  # "text", "published 2025-01-14", "event putin-visits-tehran", …
    reason: str | None = None  # why value is None
    relative: bool = False
    anchor: str | None = None  # the anchor phrase of an anchored expression

    def to_dict(self) -> dict[str, object]:
        when = parse_when(self.date) if self.date else None
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "edtf": when.edtf() if when else None,
            "precision": self.precision,
            "resolved_from": self.resolved_from,
            **({"reason": self.reason} if self.reason else {}),
            **({"anchor": self.anchor} if self.anchor else {}),
        }

    def how(self) -> str:
        """How the value was reached, in words: "'last year' relative to published 2025-01-14 → 2024"."""
        if self.date is None:
            return f"{self.text!r}: unresolved ({self.reason})"
        if self.resolved_from == "text":
            return f"{self.text!r} → {self.date}"
        return f"{self.text!r} relative to {self.resolved_from} → {self.date}"


@dataclass(frozen=True, slots=True)
class Context:
    text: str
    published: dt.date | None
    anchors: AnchorLookup | None

    @property
    def ref(self) -> str:
        return f"published {self.published.isoformat()}" if self.published else ""


Handler = Callable[[re.Match[str], Context, list[Mention]], Mention | None]


# --- tense and the values a handler writes --------------------------------------------------------


def sentence_tense(text: str, position: int) -> str:
    """'future', 'past' or 'present' for a date at `position`: the verbs of its own clause decide,
    then those of its sentence; with neither, 'present', and a date is taken nearest the reference."""
    start = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position)) + 1
    ends = [i for i in (text.find(". ", position), text.find("\n", position)) if i >= 0]
    end = min(ends) if ends else len(text)
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, start, position)]
    clause = text[breaks[-1] if breaks else start : position]
    for window in (clause, text[start:end]):
        if FUTURE.search(window):
            return "future"
        if PAST.search(window):
            return "past"
    return "present"


def nearest(candidates: list[dt.date], pub: dt.date, tense: str) -> dt.date:
    """Of the occurrences around the reference, the one the tense points to."""
    if tense == "future":
        return min((c for c in candidates if c >= pub), default=max(candidates))
    if tense == "past":
        return max((c for c in candidates if c <= pub), default=min(candidates))
    return min(candidates, key=lambda c: (abs((c - pub).days), c > pub))


def month_number(name: str) -> int:
    """Read a month name through chrono.dates, the one date parser."""
    word = name.rstrip(".")
    word = "Sep" if word == "Sept" else word
    return _month_of(word)


@lru_cache(maxsize=64)
def _month_of(word: str) -> int:
    month = parse_date(f"{word} 2000").month
    assert month is not None
    return month


def checked(date: str) -> str:
    """Every value goes through chrono's own parser: what it refuses, the tagger does not claim."""
    parse_when(date)
    return date


def mention(
    m: re.Match[str],
    value: str,
    date: str,
    precision: str,
    resolved_from: str = "text",
    *,
    start: int | None = None,
    relative: bool = False,
    anchor: str | None = None,
) -> Mention:
    begin = m.start() if start is None else start
    return Mention(
        m.string[begin : m.end()],
        begin,
        m.end(),
        value,
        checked(date),
        precision,
        resolved_from,
        relative=relative,
        anchor=anchor,
    )


def unresolved(
    m: re.Match[str],
    reason: str,
    *,
    start: int | None = None,
    end: int | None = None,
    anchor: str | None = None,
) -> Mention:
    begin = m.start() if start is None else start
    stop = m.end() if end is None else end
    return Mention(
        m.string[begin:stop], begin, stop, None, None, None, None, reason, relative=True, anchor=anchor
    )


NO_REF = "relative to the publication date, which is not known (give --published)"


def year_value(y: int) -> tuple[str, str, str]:
    return f"{y:04d}", f"{y:04d}", "year"


def month_value(y: int, mo: int, approx: bool = False) -> tuple[str, str, str]:
    return f"{y:04d}-{mo:02d}", f"{y:04d}-{mo:02d}" + ("~" if approx else ""), "month"


def day_value(d: dt.date) -> tuple[str, str, str]:
    return d.isoformat(), d.isoformat(), "day"


def add_months(y: int, mo: int, n: int) -> tuple[int, int]:
    total = y * 12 + (mo - 1) + n
    return total // 12, total % 12 + 1


def week_value(d: dt.date) -> tuple[str, str, str]:
    iso = d.isocalendar()
    monday = d - dt.timedelta(days=d.weekday())
    sunday = monday + dt.timedelta(days=6)
    return f"{iso.year:04d}-W{iso.week:02d}", f"{monday.isoformat()}/{sunday.isoformat()}", "day"


def number(text: str) -> int:
    word = " ".join(text.lower().split())
    return int(word) if word.isdigit() else NUMBERS[word]


def strip_preposition(m: re.Match[str]) -> int:
    """TimeML leaves a leading preposition out of the expression ("in December" → "December")."""
    p = PREPOSITIONS.match(m.string, m.start())
    return p.end() if p and p.end() < m.end() else m.start()
