"""A temporal tagger for news English that keeps the precision the text gives, and nothing more.

It finds date expressions in a text and resolves each to a chrono date string ("2024", "2022-07",
"2025-01-17", "2022-11~", "2024-06/2024-08"), which `chrono.dates` then parses: this module finds and
reckons, `chrono.dates` stays the only parser. Relative expressions ("last year", "in December", "on
Friday") are resolved against the article's publication date and never against today; with no
publication date they are kept, unresolved, with the reason. Anchored expressions ("three days before
the inauguration") are resolved through a lookup the caller gives (events in the database).

Hand-written on purpose: general date parsers fill in what the text does not say (dateparser turns
"July 2022" into 26 July 2022, the day it runs), which is exactly what chrono must never do.

Conventions, stated once: seasons are meteorological, northern hemisphere (winter YEAR is December
YEAR to February YEAR+1); weeks are ISO weeks (Monday to Sunday); a part of a month or year ("early
November", "the end of the year") is that month or year marked approximate; "the Nth century" runs
from year (N-1)01 to N00; an offset in units coarser than the anchor gives the offset's precision
("five months after 24 February 2022" is July 2022), one finer than the anchor an approximate date at
the anchor's precision.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from chrono.dates import Precision, When, parse_date, parse_when

__all__ = ["Anchor", "Mention", "find_dates", "sentence_tense"]


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


# --- vocabulary -------------------------------------------------------------------------------

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip
_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)(?![a-z])"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![a-z])\.?)"
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "a few": 3, "several": 3,
}  # fmt: skip
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}  # fmt: skip
_ORDINAL = (
    r"(?:twenty[- ]first|"
    + "|".join(sorted((w for w in _ORDINALS if "-" not in w), key=len, reverse=True))
    + r")"
)
_SEASONS = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "autumn": ("FA", 9),
    "fall": ("FA", 9),
    "winter": ("WI", 12),
}
_PART = r"(?:early|mid|middle|late|the\s+(?:beginning|start|end|middle|first\s+half|second\s+half)\s+of)"
_FUTURE = re.compile(
    r"\b(?:will|shall|won't|would|(?:is|are|was|were)\s+(?:expected|set|due|scheduled|planning|going)\s+(?:to|for)|"
    r"plans?\s+to|intends?\s+to|expects?|hopes?\s+to|upcoming|forthcoming|next)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|took|met|won|lost|fell|rose|began|struck|made|came|went|fled|held|led|"
    r"left|sent|told|saw|gave|ago|last|earlier|[a-z]{2,}ed)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r",\s|;\s|\s(?:and|but|while|as|after|before|when)\s")
_QUANTITY_BEFORE = re.compile(
    r"(?:over|than|about|nearly|almost|some|around|approximately|roughly|up\s+to|least|only|just|\$|€|£)\s*$",
    re.IGNORECASE,
)
_APPROX_WORDS = {
    "almost",
    "nearly",
    "about",
    "around",
    "some",
    "roughly",
    "approximately",
    "over",
    "more than",
}


# --- the patterns -------------------------------------------------------------------------------


def _p(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags | re.VERBOSE)


_I = re.IGNORECASE
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "anchored",
        _p(
            r"(?:\b(?P<q>almost|nearly|about|around|some|roughly|just|only|more\s+than|over)\s+)?"
            r"\b(?P<n>" + _NUM + r")(?P<half>\s+and\s+a\s+half)?\s+(?P<unit>day|week|month|year)s?\s+"
            r"(?P<dir>before|after)\s+(?P<anchor>(?:the|his|her|its|their|[A-Z])[^,.;:!?\n\"“”()]{2,120})",
            _I,
        ),
    ),
    (
        "month_span",
        _p(
            r"\b(?:(?P<kw>from|between)\s+)?(?P<m1>" + _MONTH + r")\s*(?:–|-|to|until|through|and)\s*"
            r"(?P<m2>" + _MONTH + r"),?\s+(?P<y>\d{4})\b"
        ),
    ),
    (
        "year_span",
        _p(
            r"\b(?:(?P<kw>[Ff]rom|[Bb]etween)\s+)?(?P<y1>1\d{3}|20\d{2})\s*(?:–|-|\s(?:to|until|and|through)\s)"
            r"\s*(?P<y2>1\d{3}|20\d{2}|\d{2})\b(?!\d|,\d)"
        ),
    ),
    (
        "dmy",
        _p(
            r"(?:\b" + _WEEKDAY + r",?\s+)?(?:\bthe\s+)?\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
            r"(?P<mon>" + _MONTH + r"),?\s+(?P<y>\d{4})\b"
        ),
    ),
    (
        "mdy",
        _p(
            r"(?:\b" + _WEEKDAY + r",?\s+)?\b(?P<mon>" + _MONTH + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
            r"(?P<y>\d{4})\b"
        ),
    ),
    (
        "md",
        _p(
            r"(?:\b" + _WEEKDAY + r",?\s+)?\b(?P<mon>" + _MONTH + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b"
            r"(?!\d|:\d|,?\s*\d{4}\b)"
        ),
    ),
    (
        "dm",
        _p(
            r"(?:\b" + _WEEKDAY + r",?\s+)?(?:\bthe\s+)?\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
            r"(?P<mon>" + _MONTH + r")(?!\s*,?\s*\d)"
        ),
    ),
    (
        "my",
        _p(r"(?:\b(?P<part>" + _PART + r")[\s-]+)?\b(?P<mon>" + _MONTH + r"),?\s+(?:of\s+)?(?P<y>\d{4})\b"),
    ),
    (
        "season",
        _p(
            r"(?:\b(?P<part>early|late|mid)[\s-]+)?(?:\bthe\s+)?(?:\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Cc]oming)\s+)?"
            r"\b(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)\b(?:\s+(?:of\s+)?(?P<y>\d{4})\b)?"
        ),
    ),
    (
        "quarter",
        _p(
            r"\b(?:the\s+)?(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)\s+quarter"
            r"(?:\s+of\s+(?:(?P<y>\d{4})|(?P<rel>last|this|next)\s+year))?"
            r"|\bQ(?P<qn>[1-4])\s+(?P<y2>\d{4})\b",
            _I,
        ),
    ),
    (
        "decade",
        _p(r"(?:\b(?:the\s+)?(?P<part>early|mid|late)[\s-]+|\bthe\s+)?\b(?P<dec>1\d{2}0|20\d0)'?s\b", _I),
    ),
    ("short_decade", _p(r"\bthe\s+(?P<part>(?:early|mid|late)[\s-]+)?'(?P<dd>\d0)s\b", _I)),
    (
        "century",
        _p(
            r"\bthe\s+(?:(?P<part>early|mid|late)[\s-]+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>"
            + _ORDINAL
            + r"))"
            r"[\s-]+century\b",
            _I,
        ),
    ),
    (
        "part_rel",
        _p(
            r"\b(?P<part>earlier|later|early|late|the\s+(?:beginning|start|end|middle)\s+of)\s+"
            r"(?P<rel>last|next|this|the)\s+(?P<unit>week|month|year)\b",
            _I,
        ),
    ),
    ("rel_unit", _p(r"\b(?P<rel>last|next|this)\s+(?P<unit>week|month|year|decade)\b", _I)),
    ("ago", _p(r"\b(?P<n>" + _NUM + r")\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b", _I)),
    ("dayword", _p(r"\b(?P<w>yesterday|today|tomorrow|tonight|last\s+night)\b", _I)),
    ("weekend", _p(r"\b(?P<rel>last|next|this|the)\s+weekend\b", _I)),
    (
        "offset_rel",
        _p(
            r"\b(?P<n>" + _NUM + r")\s+(?P<unit>day|week|month|year)s?\s+"
            r"(?:(?P<dir>earlier|later)\b|(?P<dir2>before|after)\b(?![ \t]+\w))",
            _I,
        ),
    ),
    (
        "day_rel",
        _p(
            r"\bthe\s+(?:(?P<unit>day|week|month|year)\s+(?P<dir>before|after|earlier|later)\b"
            r"(?!\s+(?:the|his|her|its|their|[A-Z]))|(?P<dir2>previous|next|following)\s+(?P<unit2>day|week|month|year)\b)",
            _I,
        ),
    ),
    (
        "weekday",
        _p(
            r"(?:\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Oo]n|[Ss]ince|[Bb]y|[Uu]ntil)\s+)?\b(?P<wd>"
            + _WEEKDAY
            + r")\b"
            r"(?:\s+(?:morning|afternoon|evening|night)\b)?"
            r"(?!,?\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
            + _MONTH
            + r"|,?\s+"
            + _MONTH
            + r"\s+\d)"
        ),
    ),
    (
        "month_span_rel",
        _p(
            r"\b(?:[Ff]rom|[Bb]etween)\s+(?P<m1>" + _MONTH + r")\s+(?:to|until|through|and)\s+"
            r"(?P<m2>" + _MONTH + r")(?!\s*,?\s*\d)"
        ),
    ),
    (
        "month_rel",
        _p(
            r"(?:\b(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[\s-]+(?=(?:last|next|this)\s))?"
            r"\b(?P<prep>[Ii]n|[Tt]he(?=\s+"
            + _MONTH
            + r"\s+[a-z])|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Dd]uring|[Tt]hrough|[Ll]ast|[Nn]ext|[Tt]his|"
            r"[Ee]arly|[Mm]id|[Ll]ate|[Ee]arlier\s+in|[Ll]ater\s+in|[Tt]he\s+(?:beginning|start|end|middle)\s+of)"
            r"[\s-]+(?P<mon>" + _MONTH + r")(?!\s*,?\s*\d)"
        ),
    ),
    (
        "year",
        _p(
            r"(?:\b(?P<part>" + _PART + r")[\s-]+|(?<![\d,.$€£/'-]))\b(?P<y>1\d{3}|20\d{2})\b"
            r"(?!\d|,\d|\.\d|\s*%|-\d|'?s\b)"
        ),
    ),
    ("short_year", _p(r"(?<![\w'’])['’](?P<yy>\d{2})\b(?!s\b)")),
)

_PREPOSITIONS = re.compile(r"(?:in|the|since|until|by|from|during|through)\s+", re.IGNORECASE)


# --- the tagger ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Ctx:
    text: str
    published: dt.date | None
    anchors: AnchorLookup | None

    @property
    def ref(self) -> str:
        return f"published {self.published.isoformat()}" if self.published else ""


def find_dates(
    text: str, published: dt.date | None = None, anchors: AnchorLookup | None = None
) -> list[Mention]:
    """Every date expression in `text`, in order, with offsets into `text` exactly as given."""
    candidates: list[tuple[int, int, int, str, re.Match[str]]] = []
    for order, (name, pattern) in enumerate(_PATTERNS):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                candidates.append((m.start(), -(m.end() - m.start()), order, name, m))
    # Of overlapping matches the longest wins ("March–May 2022" over "in March"), ties to the earlier.
    chosen: list[tuple[int, int, int, str, re.Match[str]]] = []
    starts: list[int] = []  # of the spans taken, which never overlap: sorted, and so are their ends
    ends: list[int] = []
    for candidate in sorted(candidates, key=lambda c: (c[1], c[0], c[2])):
        m = candidate[4]
        at = bisect.bisect_left(starts, m.end())
        if at and ends[at - 1] > m.start():
            continue
        chosen.append(candidate)
        starts.insert(at, m.start())
        ends.insert(at, m.end())
    chosen.sort()
    ctx = _Ctx(text, published, anchors)
    mentions: list[Mention] = []
    for _, _, _, name, m in chosen:
        mention = _HANDLERS[name](m, ctx, mentions)
        if mention is not None:
            mentions.append(mention)
    return mentions


def sentence_tense(text: str, position: int) -> str:
    """'future', 'past' or 'present' for a date at `position`: the verbs of its own clause decide,
    then those of its sentence; with neither, 'present', and a date is taken nearest the reference."""
    start = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position)) + 1
    ends = [i for i in (text.find(". ", position), text.find("\n", position)) if i >= 0]
    end = min(ends) if ends else len(text)
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, start, position)]
    clause = text[breaks[-1] if breaks else start : position]
    for window in (clause, text[start:end]):
        if _FUTURE.search(window):
            return "future"
        if _PAST.search(window):
            return "past"
    return "present"


def _nearest(candidates: list[dt.date], pub: dt.date, tense: str) -> dt.date:
    """Of the occurrences around the reference, the one the tense points to."""
    if tense == "future":
        return min((c for c in candidates if c >= pub), default=max(candidates))
    if tense == "past":
        return max((c for c in candidates if c <= pub), default=min(candidates))
    return min(candidates, key=lambda c: (abs((c - pub).days), c > pub))


# --- values -------------------------------------------------------------------------------------


def _month_number(name: str) -> int:
    """Read a month name through chrono.dates, the one date parser."""
    word = name.rstrip(".")
    word = "Sep" if word == "Sept" else word
    return _month_of(word)


@lru_cache(maxsize=64)
def _month_of(word: str) -> int:
    month = parse_date(f"{word} 2000").month
    assert month is not None
    return month


def _checked(date: str) -> str:
    """Every value goes through chrono's own parser: what it refuses, the tagger does not claim."""
    parse_when(date)
    return date


def _mention(
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
        _checked(date),
        precision,
        resolved_from,
        relative=relative,
        anchor=anchor,
    )


def _unresolved(
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


_NO_REF = "relative to the publication date, which is not known (give --published)"


def _year(y: int) -> tuple[str, str, str]:
    return f"{y:04d}", f"{y:04d}", "year"


def _month(y: int, mo: int, approx: bool = False) -> tuple[str, str, str]:
    return f"{y:04d}-{mo:02d}", f"{y:04d}-{mo:02d}" + ("~" if approx else ""), "month"


def _day(d: dt.date) -> tuple[str, str, str]:
    return d.isoformat(), d.isoformat(), "day"


def _add_months(y: int, mo: int, n: int) -> tuple[int, int]:
    total = y * 12 + (mo - 1) + n
    return total // 12, total % 12 + 1


def _week(d: dt.date) -> tuple[str, str, str]:
    iso = d.isocalendar()
    monday = d - dt.timedelta(days=d.weekday())
    sunday = monday + dt.timedelta(days=6)
    return f"{iso.year:04d}-W{iso.week:02d}", f"{monday.isoformat()}/{sunday.isoformat()}", "day"


def _num(text: str) -> int:
    word = " ".join(text.lower().split())
    return int(word) if word.isdigit() else _NUMBERS[word]


def _strip_prep(m: re.Match[str]) -> int:
    """TimeML leaves a leading preposition out of the expression ("in December" → "December")."""
    p = _PREPOSITIONS.match(m.string, m.start())
    return p.end() if p and p.end() < m.end() else m.start()


# --- handlers: one per pattern --------------------------------------------------------------------

Handler = Callable[[re.Match[str], _Ctx, list[Mention]], Mention | None]


def _h_dmy(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    mon = _month_number(m["mon"])
    try:
        date = parse_date(f"{int(m['d'])} {_MONTHS[mon - 1]} {m['y']}")
    except ValueError:
        return None
    return _mention(m, *_day(date.first_day()))


def _h_md(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    mon, day = _month_number(m["mon"]), int(m["d"])
    if not 1 <= day <= 31:
        return None
    if ctx.published is None:
        return _unresolved(m, "the year is not given and " + _NO_REF)
    pub = ctx.published
    candidates = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            candidates.append(dt.date(year, mon, day))
        except ValueError:  # 29 February in a common year
            continue
    if not candidates:
        return None
    date = _nearest(candidates, pub, sentence_tense(ctx.text, m.start()))
    return _mention(m, *_day(date), ctx.ref, relative=True)


def _h_my(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    mon = _month_number(m["mon"])
    return _mention(m, *_month(int(m["y"]), mon, approx=bool(m["part"])))


def _h_month_span(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    y = int(m["y"])
    m1, m2 = _month_number(m["m1"]), _month_number(m["m2"])
    y1 = y if m1 <= m2 else y - 1
    return _mention(m, f"{y1:04d}-{m1:02d}/{y:04d}-{m2:02d}", f"{y1:04d}-{m1:02d}/{y:04d}-{m2:02d}", "month")


def _h_month_span_rel(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return _unresolved(m, "the year is not given and " + _NO_REF)
    pub = ctx.published
    m1, m2 = _month_number(m["m1"]), _month_number(m["m2"])
    if sentence_tense(ctx.text, m.start()) == "future":
        y1 = pub.year if m1 >= pub.month else pub.year + 1
        y2 = y1 if m2 >= m1 else y1 + 1
    else:
        y2 = pub.year if m2 <= pub.month else pub.year - 1
        y1 = y2 if m1 <= m2 else y2 - 1
    text = f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}"
    return _mention(m, text, text, "month", ctx.ref, relative=True)


def _h_year_span(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
    if y2 <= y1 or (m["kw"] is None and y2 - y1 > 50):
        return None
    return _mention(m, f"{y1:04d}/{y2:04d}", f"{y1:04d}/{y2:04d}", "year")


def _h_year(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    y = int(m["y"])
    before = m.string[max(0, m.start("y") - 20) : m.start("y")]
    circa = re.search(r"\b(?:in|since|until|by|from|to)\s+(?:about|around|circa|c\.|roughly)\s+$", before, _I)
    if circa:
        return _mention(m, f"{y:04d}", f"{y:04d}~", "year")
    if not m["part"] and _QUANTITY_BEFORE.search(before):
        return None  # "over 2000 soldiers", "$2024"
    if y < 1900 and not m["part"] and not re.search(r"\b(?:in|since|until|by|from|of|year)\s+$", before, _I):
        return None
    part = " ".join((m["part"] or "").lower().split())
    if part.endswith("half of"):
        half = 1 if "first" in part else 2
        first = 6 * half - 5
        return _mention(m, f"{y:04d}-H{half}", f"{y:04d}-{first:02d}/{y:04d}-{first + 5:02d}", "month")
    if part:
        return _mention(m, f"{y:04d}", f"{y:04d}~", "year")
    return _mention(m, f"{y:04d}", f"{y:04d}", "year")


def _h_short_year(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return _unresolved(m, "the century is not given and " + _NO_REF)
    yy = int(m["yy"])
    year = ctx.published.year // 100 * 100 + yy
    if year > ctx.published.year:
        year -= 100
    return _mention(m, *_year(year), ctx.ref, relative=True)


def _season_start(season: str, year: int) -> tuple[str, str, str]:
    code, first = _SEASONS[season.lower()]
    y2, m2 = _add_months(year, first, 2)
    return f"{year:04d}-{code}", f"{year:04d}-{first:02d}/{y2:04d}-{m2:02d}", "month"


def _h_season(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    season, rel = m["season"], (m["rel"] or "").lower()
    if m["y"]:
        value, date, precision = _season_start(season, int(m["y"]))
        return _mention(m, value, date + ("~" if m["part"] else ""), precision)
    if not rel:
        return None  # "fall", "spring" alone are as often verbs and nouns as dates
    if ctx.published is None:
        return _unresolved(m, _NO_REF)
    pub = ctx.published
    _, first = _SEASONS[season.lower()]
    this_year = pub.year if not (first == 12 and pub.month <= 2) else pub.year - 1
    starts = dt.date(this_year, first, 1)
    if rel in ("last", "past"):
        year = this_year if _add_months(this_year, first, 3) <= (pub.year, pub.month) else this_year - 1
        if starts > pub:
            year = this_year - 1
    elif rel in ("next", "coming"):
        year = this_year if starts > pub else this_year + 1
    else:
        year = this_year
    value, date, precision = _season_start(season, year)
    return _mention(m, value, date + ("~" if m["part"] else ""), precision, ctx.ref, relative=True)


def _h_quarter(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    words = {
        "first": 1,
        "1st": 1,
        "second": 2,
        "2nd": 2,
        "third": 3,
        "3rd": 3,
        "fourth": 4,
        "4th": 4,
        "final": 4,
    }
    q = int(m["qn"]) if m["qn"] else words[m["q"].lower()]
    year_text = m["y"] or m["y2"]
    relative = year_text is None
    if relative:
        if ctx.published is None:
            return _unresolved(m, _NO_REF)
        rel = (m["rel"] or "this").lower()
        year = ctx.published.year + {"last": -1, "this": 0, "next": 1}[rel]
    else:
        year = int(year_text)
    first = 3 * q - 2
    date = f"{year:04d}-{first:02d}/{year:04d}-{first + 2:02d}"
    return _mention(m, f"{year:04d}-Q{q}", date, "month", ctx.ref if relative else "text", relative=relative)


def _decade(m: re.Match[str], dec: int, resolved_from: str, relative: bool) -> Mention:
    approx = "~" if m["part"] else ""
    return _mention(
        m,
        f"{dec // 10:03d}",
        f"{dec:04d}{approx}/{dec + 9:04d}{approx}",
        "year",
        resolved_from,
        relative=relative,
    )


def _h_decade(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    return _decade(m, int(m["dec"]), "text", False)


def _h_short_decade(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return _unresolved(m, "the century is not given and " + _NO_REF)
    dec = ctx.published.year // 100 * 100 + int(m["dd"])
    if dec > ctx.published.year:
        dec -= 100
    return _decade(m, dec, ctx.ref, True)


def _h_century(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    n = int(m["n"]) if m["n"] else _ORDINALS[re.sub(r"[\s-]+", "-", m["w"].lower())]
    if not 1 <= n <= 21:
        return None
    approx = "~" if m["part"] else ""
    first, last = (n - 1) * 100 + 1, n * 100
    return _mention(m, f"{n - 1:02d}", f"{first:04d}{approx}/{last:04d}{approx}", "year")


def _rel_unit(unit: str, shift: int, pub: dt.date, approx: bool = False) -> tuple[str, str, str]:
    if unit == "year":
        value, date, precision = _year(pub.year + shift)
    elif unit == "month":
        y, mo = _add_months(pub.year, pub.month, shift)
        value, date, precision = _month(y, mo)
    elif unit == "week":
        value, date, precision = _week(pub + dt.timedelta(weeks=shift))
    elif unit == "decade":
        dec = (pub.year // 10 + shift) * 10
        return f"{dec // 10:03d}", f"{dec:04d}/{dec + 9:04d}", "year"
    else:
        value, date, precision = _day(pub + dt.timedelta(days=shift))
    if approx:
        date = "/".join(part + "~" for part in date.split("/"))
    return value, date, precision


_SHIFT = {"last": -1, "previous": -1, "this": 0, "the": 0, "current": 0, "next": 1, "following": 1}


def _h_rel_unit(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return _unresolved(m, _NO_REF)
    shift = _SHIFT[m["rel"].lower()]
    return _mention(m, *_rel_unit(m["unit"].lower(), shift, ctx.published), ctx.ref, relative=True)


def _h_part_rel(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return _unresolved(m, _NO_REF)
    shift = _SHIFT[m["rel"].lower()]
    part = m["part"].lower()
    # "earlier this month" is inside the month: certain; "the end of the year" is a part: approximate.
    approx = part not in ("earlier", "later")
    return _mention(m, *_rel_unit(m["unit"].lower(), shift, ctx.published, approx), ctx.ref, relative=True)


def _h_ago(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return _unresolved(m, _NO_REF)
    n = _num(m["n"])
    unit = m["unit"].lower()
    if unit == "decade":
        unit, n = "year", n * 10
    return _mention(m, *_rel_unit(unit, -n, ctx.published), ctx.ref, relative=True)


def _h_dayword(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return _unresolved(m, _NO_REF)
    word = " ".join(m["w"].lower().split())
    shift = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word]
    return _mention(m, *_day(ctx.published + dt.timedelta(days=shift)), ctx.ref, relative=True)


def _h_day_rel(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    unit = (m["unit"] or m["unit2"]).lower()
    direction = (m["dir"] or m["dir2"]).lower()
    shift = -1 if direction in ("before", "earlier", "previous") else 1
    base = next((p for p in reversed(prior) if p.date and p.precision == "day" and "/" not in p.date), None)
    if base is None or base.date is None:
        return _unresolved(m, f"no day earlier in the text to count the {unit} from")
    day = dt.date.fromisoformat(base.date.rstrip("~?"))
    return _mention(m, *_rel_unit(unit, shift, day), f"{base.text!r} ({base.date})", relative=True)


def _h_weekend(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return _unresolved(m, _NO_REF)
    pub = ctx.published
    saturday = pub + dt.timedelta(days=5 - pub.weekday())  # this week's
    rel = m["rel"].lower()
    tense = sentence_tense(ctx.text, m.start())
    if rel == "last" or (rel == "the" and tense == "past" and saturday > pub):
        saturday -= dt.timedelta(days=7)
    elif rel == "next" and pub.weekday() >= 5:
        saturday += dt.timedelta(days=7)
    iso = saturday.isocalendar()
    sunday = saturday + dt.timedelta(days=1)
    value = f"{iso.year:04d}-W{iso.week:02d}-WE"
    return _mention(m, value, f"{saturday.isoformat()}/{sunday.isoformat()}", "day", ctx.ref, relative=True)


def _h_offset_rel(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    """ "a year earlier", "two days later": counted from the date mentioned before it."""
    base = next((p for p in reversed(prior) if p.date and "/" not in p.date), None)
    if base is None or base.date is None or base.precision is None:
        return _unresolved(m, "no date earlier in the text to count from")
    n, unit = _num(m["n"]), m["unit"].lower()
    sign = -1 if (m["dir"] or m["dir2"]).lower() in ("earlier", "before") else 1
    start = parse_date(base.date.rstrip("~?"))
    rank = min(_level(start.precision), {"year": 1, "month": 1, "week": 2, "day": 2}[unit])
    day = start.first_day()
    if unit in ("day", "week"):
        day += dt.timedelta(days=sign * n * (7 if unit == "week" else 1))
        y, mo = day.year, day.month
    elif unit == "month":
        y, mo = _add_months(day.year, day.month, sign * n)
    else:
        y, mo = day.year + sign * n, day.month
    value, date, precision = _year(y) if rank == 0 else _month(y, mo) if rank == 1 else _day(day)
    return _mention(m, value, date, precision, f"{base.text!r} ({base.date})", relative=True)


def _h_weekday(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return _unresolved(m, _NO_REF)
    pub = ctx.published
    target = _WEEKDAYS.index(m["wd"])
    rel = (m["rel"] or "").lower()
    back = (pub.weekday() - target) % 7  # days since the latest such weekday, 0 if today
    ahead = (target - pub.weekday()) % 7 or 7
    if rel == "last":
        day = pub - dt.timedelta(days=back or 7)
    elif rel == "next":
        day = pub + dt.timedelta(days=ahead)
    elif rel == "this":
        day = pub + dt.timedelta(days=ahead if back else 0)
    else:
        tense = sentence_tense(ctx.text, m.start())
        later = pub + dt.timedelta(days=ahead)
        earlier = pub - dt.timedelta(days=back)
        day = later if tense == "future" else earlier if tense == "past" or back <= ahead else later
    start = m.start("wd") if rel in ("on", "since", "by", "until") else m.start()
    return _mention(m, *_day(day), ctx.ref, start=start, relative=True)


def _h_month_rel(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    mon = _month_number(m["mon"])
    prep = " ".join(m["prep"].lower().split())
    if m["mon"].rstrip(".") == "May" and prep in ("by", "this", "in") and _next_is_verb(m):
        return None
    if ctx.published is None:
        return _unresolved(m, "the year is not given and " + _NO_REF)
    pub = ctx.published
    if prep == "last":
        year = pub.year if mon < pub.month else pub.year - 1
    elif prep == "next":
        year = pub.year if mon > pub.month else pub.year + 1
    elif prep == "this":
        year = pub.year
    else:
        firsts = [dt.date(y, mon, 1) for y in (pub.year - 1, pub.year, pub.year + 1)]
        year = _nearest(firsts, pub.replace(day=1), sentence_tense(ctx.text, m.start())).year
    approx = prep in ("early", "mid", "late") or prep.startswith("the ") or bool(m["part"])
    start = m.start() if prep in ("last", "next", "this") or approx else _strip_prep(m)
    if prep in ("earlier in", "later in"):
        start = m.start()
    return _mention(m, *_month(year, mon, approx), ctx.ref, start=start, relative=True)


def _next_is_verb(m: re.Match[str]) -> bool:
    """ "by May" is a date, "this may be" is not: a month name followed by a verb's object."""
    rest = m.string[m.end() : m.end() + 12].lower()
    return bool(re.match(r"\s+(?:be|have|not|also|well|never|still|soon)\b", rest))


def _h_anchored(m: re.Match[str], ctx: _Ctx, prior: list[Mention]) -> Mention | None:
    phrase = _trim_anchor(m["anchor"])
    end = m.start("anchor") + len(phrase)
    n, unit = _num(m["n"]), m["unit"].lower()
    half = bool(m["half"])
    approx = " ".join((m["q"] or "").lower().split()) in _APPROX_WORDS
    sign = -1 if m["dir"].lower() == "before" else 1
    if ctx.anchors is None:
        reason = f"anchored to {phrase!r}: no database of events to look it up in"
        return _unresolved(m, reason, end=end, anchor=phrase)
    anchor = ctx.anchors(phrase)
    if anchor is None:
        reason = f"anchored to {phrase!r}: no event in the database matches it"
        return _unresolved(m, reason, end=end, anchor=phrase)
    base = anchor.when.start
    base_rank = _level(base.precision)
    if half:  # "two and a half years": whole months, and approximate by nature
        unit, n, approx = ("month", n * 12 + 6, True) if unit == "year" else ("day", n * 30 + 15, True)
        if m["unit"].lower() in ("week", "day"):
            unit, n = "day", n
    unit_rank = {"year": 1, "month": 1, "week": 2, "day": 2}[unit]  # a year offset keeps the month
    rank = min(base_rank, unit_rank)
    if {"year": 0, "month": 1, "week": 2, "day": 2}[unit] > base_rank:
        approx = True  # days counted from a month: somewhere near, not a day
    day = base.first_day()
    if unit in ("day", "week"):
        day = day + dt.timedelta(days=sign * n * (7 if unit == "week" else 1))
        y, mo = day.year, day.month
    elif unit == "month":
        y, mo = _add_months(day.year, base.month or 1, sign * n)
    else:
        y, mo = day.year + sign * n, base.month or 1
    if rank == 0:
        value, date, precision = _year(y)
    elif rank == 1:
        value, date, precision = _month(y, mo)
    else:
        value, date, precision = _day(day)
    if approx:
        date += "~"
    return Mention(
        m.string[m.start() : end],
        m.start(),
        end,
        value,
        _checked(date),
        precision,
        f"event {anchor.id}",
        relative=True,
        anchor=phrase,
    )


def _level(precision: Precision) -> int:
    """How finely a date is known, as offsets count: 0 a year (or coarser), 1 a month, 2 a day."""
    if precision.rank >= Precision.DAY.rank:
        return 2
    return 1 if precision.rank >= Precision.MONTH.rank else 0


def _trim_anchor(phrase: str) -> str:
    """The anchor is a noun phrase: stop before a clause that starts with a verb or a conjunction."""
    words = phrase.split()
    stop = re.compile(r"(?:and|but|while|when|which|who|that|as|is|are|was|were|has|have|had|will)$", _I)
    kept: list[str] = []
    for word in words[:16]:
        if kept and stop.match(word):
            break
        kept.append(word)
    return " ".join(kept).rstrip()


_HANDLERS: dict[str, Handler] = {
    "anchored": _h_anchored,
    "month_span": _h_month_span,
    "year_span": _h_year_span,
    "dmy": _h_dmy,
    "mdy": _h_dmy,
    "md": _h_md,
    "dm": _h_md,
    "my": _h_my,
    "season": _h_season,
    "quarter": _h_quarter,
    "decade": _h_decade,
    "short_decade": _h_short_decade,
    "century": _h_century,
    "part_rel": _h_part_rel,
    "rel_unit": _h_rel_unit,
    "ago": _h_ago,
    "dayword": _h_dayword,
    "day_rel": _h_day_rel,
    "weekday": _h_weekday,
    "weekend": _h_weekend,
    "offset_rel": _h_offset_rel,
    "month_span_rel": _h_month_span_rel,
    "month_rel": _h_month_rel,
    "year": _h_year,
    "short_year": _h_short_year,
}


def iter_unresolved(mentions: list[Mention]) -> Iterator[Mention]:
    return (m for m in mentions if m.date is None)


def with_offset(mention: Mention, offset: int) -> Mention:
    return replace(mention, start=mention.start + offset, end=mention.end + offset)
