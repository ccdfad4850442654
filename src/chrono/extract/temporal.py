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
from collections.abc import Iterator
from dataclasses import replace

from chrono.extract import relative, stated
from chrono.extract.mentions import Anchor, AnchorLookup, Context, Handler, Mention, sentence_tense
from chrono.extract.vocabulary import PATTERNS

__all__ = ["Anchor", "Mention", "find_dates", "sentence_tense"]


def find_dates(
    text: str, published: dt.date | None = None, anchors: AnchorLookup | None = None
) -> list[Mention]:
    """Every date expression in `text`, in order, with offsets into `text` exactly as given."""
    candidates: list[tuple[int, int, int, str, re.Match[str]]] = []
    for order, (name, pattern) in enumerate(PATTERNS):
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
    ctx = Context(text, published, anchors)
    mentions: list[Mention] = []
    for _, _, _, name, m in chosen:
        mention = HANDLERS[name](m, ctx, mentions)
        if mention is not None:
            mentions.append(mention)
    return mentions


HANDLERS: dict[str, Handler] = {
    "anchored": relative.h_anchored,
    "month_span": stated.h_month_span,
    "year_span": stated.h_year_span,
    "dmy": stated.h_dmy,
    "mdy": stated.h_dmy,
    "md": relative.h_md,
    "dm": relative.h_md,
    "my": stated.h_my,
    "season": stated.h_season,
    "quarter": stated.h_quarter,
    "decade": stated.h_decade,
    "short_decade": stated.h_short_decade,
    "century": stated.h_century,
    "part_rel": relative.h_part_rel,
    "rel_unit": relative.h_rel_unit,
    "ago": relative.h_ago,
    "dayword": relative.h_dayword,
    "day_rel": relative.h_day_rel,
    "weekday": relative.h_weekday,
    "weekend": relative.h_weekend,
    "offset_rel": relative.h_offset_rel,
    "month_span_rel": relative.h_month_span_rel,
    "month_rel": relative.h_month_rel,
    "year": stated.h_year,
    "short_year": stated.h_short_year,
}


def iter_unresolved(mentions: list[Mention]) -> Iterator[Mention]:
    return (m for m in mentions if m.date is None)


def with_offset(mention: Mention, offset: int) -> Mention:
    return replace(mention, start=mention.start + offset, end=mention.end + offset)
