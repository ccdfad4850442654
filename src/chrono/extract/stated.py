"""Handlers for dates the text states itself: "19 July 2022", "March 2024", "1990s", "the 20th century",
"spring 2022", "Q1 2024", "2014–2016". A year the text leaves out ("'22", "the '90s") is taken from the
publication date.
"""

from __future__ import annotations

import datetime as dt
import re

from chrono.dates import parse_date
from chrono.extract.mentions import (
    NO_REF,
    Context,
    Mention,
    add_months,
    day_value,
    mention,
    month_number,
    month_value,
    unresolved,
    year_value,
)
from chrono.extract.vocabulary import MONTHS, ORDINALS, QUANTITY_BEFORE, SEASONS


def h_dmy(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    mon = month_number(m["mon"])
    try:
        date = parse_date(f"{int(m['d'])} {MONTHS[mon - 1]} {m['y']}")
    except ValueError:
        return None
    return mention(m, *day_value(date.first_day()))


def h_my(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    mon = month_number(m["mon"])
    return mention(m, *month_value(int(m["y"]), mon, approx=bool(m["part"])))


def h_month_span(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    y = int(m["y"])
    m1, m2 = month_number(m["m1"]), month_number(m["m2"])
    y1 = y if m1 <= m2 else y - 1
    return mention(m, f"{y1:04d}-{m1:02d}/{y:04d}-{m2:02d}", f"{y1:04d}-{m1:02d}/{y:04d}-{m2:02d}", "month")


def h_year_span(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
    if y2 <= y1 or (m["kw"] is None and y2 - y1 > 50):
        return None
    return mention(m, f"{y1:04d}/{y2:04d}", f"{y1:04d}/{y2:04d}", "year")


def h_year(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    y = int(m["y"])
    before = m.string[max(0, m.start("y") - 20) : m.start("y")]
    circa = re.search(
        r"\b(?:in|since|until|by|from|to)\s+(?:about|around|circa|c\.|roughly)\s+$", before, re.I
    )
    if circa:
        return mention(m, f"{y:04d}", f"{y:04d}~", "year")
    if not m["part"] and QUANTITY_BEFORE.search(before):
        return None  # "over 2000 soldiers", "$2024"
    if (
        y < 1900
        and not m["part"]
        and not re.search(r"\b(?:in|since|until|by|from|of|year)\s+$", before, re.I)
    ):
        return None
    part = " ".join((m["part"] or "").lower().split())
    if part.endswith("half of"):
        half = 1 if "first" in part else 2
        first = 6 * half - 5
        return mention(m, f"{y:04d}-H{half}", f"{y:04d}-{first:02d}/{y:04d}-{first + 5:02d}", "month")
    if part:
        return mention(m, f"{y:04d}", f"{y:04d}~", "year")
    return mention(m, f"{y:04d}", f"{y:04d}", "year")


def _season_start(season: str, year: int) -> tuple[str, str, str]:
    code, first = SEASONS[season.lower()]
    y2, m2 = add_months(year, first, 2)
    return f"{year:04d}-{code}", f"{year:04d}-{first:02d}/{y2:04d}-{m2:02d}", "month"


def h_season(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    season, rel = m["season"], (m["rel"] or "").lower()
    if m["y"]:
        value, date, precision = _season_start(season, int(m["y"]))
        return mention(m, value, date + ("~" if m["part"] else ""), precision)
    if not rel:
        return None  # "fall", "spring" alone are as often verbs and nouns as dates
    if ctx.published is None:
        return unresolved(m, NO_REF)
    pub = ctx.published
    _, first = SEASONS[season.lower()]
    this_year = pub.year if not (first == 12 and pub.month <= 2) else pub.year - 1
    starts = dt.date(this_year, first, 1)
    if rel in ("last", "past"):
        year = this_year if add_months(this_year, first, 3) <= (pub.year, pub.month) else this_year - 1
        if starts > pub:
            year = this_year - 1
    elif rel in ("next", "coming"):
        year = this_year if starts > pub else this_year + 1
    else:
        year = this_year
    value, date, precision = _season_start(season, year)
    return mention(m, value, date + ("~" if m["part"] else ""), precision, ctx.ref, relative=True)


def h_quarter(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
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
            return unresolved(m, NO_REF)
        rel = (m["rel"] or "this").lower()
        year = ctx.published.year + {"last": -1, "this": 0, "next": 1}[rel]
    else:
        year = int(year_text)
    first = 3 * q - 2
    date = f"{year:04d}-{first:02d}/{year:04d}-{first + 2:02d}"
    return mention(m, f"{year:04d}-Q{q}", date, "month", ctx.ref if relative else "text", relative=relative)


def _decade(m: re.Match[str], dec: int, resolved_from: str, relative: bool) -> Mention:
    approx = "~" if m["part"] else ""
    return mention(
        m,
        f"{dec // 10:03d}",
        f"{dec:04d}{approx}/{dec + 9:04d}{approx}",
        "year",
        resolved_from,
        relative=relative,
    )


def h_decade(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    return _decade(m, int(m["dec"]), "text", False)


def h_short_decade(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return unresolved(m, "the century is not given and " + NO_REF)
    dec = ctx.published.year // 100 * 100 + int(m["dd"])
    if dec > ctx.published.year:
        dec -= 100
    return _decade(m, dec, ctx.ref, True)


def h_century(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    n = int(m["n"]) if m["n"] else ORDINALS[re.sub(r"[\s-]+", "-", m["w"].lower())]
    if not 1 <= n <= 21:
        return None
    approx = "~" if m["part"] else ""
    first, last = (n - 1) * 100 + 1, n * 100
    return mention(m, f"{n - 1:02d}", f"{first:04d}{approx}/{last:04d}{approx}", "year")


def h_short_year(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return unresolved(m, "the century is not given and " + NO_REF)
    yy = int(m["yy"])
    year = ctx.published.year // 100 * 100 + yy
    if year > ctx.published.year:
        year -= 100
    return mention(m, *year_value(year), ctx.ref, relative=True)
