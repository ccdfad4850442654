"""Handlers for dates that count from something: the publication date ("last year", "in December", "on
Friday", "two weeks ago"), a date earlier in the text ("a year later", "the day before"), or another event
("three days before the inauguration"), found through the caller's lookup.

An offset in units coarser than its base gives the offset's precision ("five months after 24 February
2022" is July 2022); one finer than the base gives an approximate date at the base's precision.
"""

from __future__ import annotations

import datetime as dt
import re

from chrono.dates import Precision, parse_date
from chrono.extract.mentions import (
    NO_REF,
    Context,
    Mention,
    add_months,
    checked,
    day_value,
    mention,
    month_number,
    month_value,
    nearest,
    number,
    sentence_tense,
    strip_preposition,
    unresolved,
    week_value,
    year_value,
)
from chrono.extract.vocabulary import APPROX_WORDS, WEEKDAYS


def h_md(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    mon, day = month_number(m["mon"]), int(m["d"])
    if not 1 <= day <= 31:
        return None
    if ctx.published is None:
        return unresolved(m, "the year is not given and " + NO_REF)
    pub = ctx.published
    candidates = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            candidates.append(dt.date(year, mon, day))
        except ValueError:  # 29 February in a common year
            continue
    if not candidates:
        return None
    date = nearest(candidates, pub, sentence_tense(ctx.text, m.start()))
    return mention(m, *day_value(date), ctx.ref, relative=True)


def h_month_span_rel(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return unresolved(m, "the year is not given and " + NO_REF)
    pub = ctx.published
    m1, m2 = month_number(m["m1"]), month_number(m["m2"])
    if sentence_tense(ctx.text, m.start()) == "future":
        y1 = pub.year if m1 >= pub.month else pub.year + 1
        y2 = y1 if m2 >= m1 else y1 + 1
    else:
        y2 = pub.year if m2 <= pub.month else pub.year - 1
        y1 = y2 if m1 <= m2 else y2 - 1
    text = f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}"
    return mention(m, text, text, "month", ctx.ref, relative=True)


def _rel_unit(unit: str, shift: int, pub: dt.date, approx: bool = False) -> tuple[str, str, str]:
    if unit == "year":
        value, date, precision = year_value(pub.year + shift)
    elif unit == "month":
        y, mo = add_months(pub.year, pub.month, shift)
        value, date, precision = month_value(y, mo)
    elif unit == "week":
        value, date, precision = week_value(pub + dt.timedelta(weeks=shift))
    elif unit == "decade":
        dec = (pub.year // 10 + shift) * 10
        return f"{dec // 10:03d}", f"{dec:04d}/{dec + 9:04d}", "year"
    else:
        value, date, precision = day_value(pub + dt.timedelta(days=shift))
    if approx:
        date = "/".join(part + "~" for part in date.split("/"))
    return value, date, precision


_SHIFT = {"last": -1, "previous": -1, "this": 0, "the": 0, "current": 0, "next": 1, "following": 1}


def h_rel_unit(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return unresolved(m, NO_REF)
    shift = _SHIFT[m["rel"].lower()]
    return mention(m, *_rel_unit(m["unit"].lower(), shift, ctx.published), ctx.ref, relative=True)


def h_part_rel(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return unresolved(m, NO_REF)
    shift = _SHIFT[m["rel"].lower()]
    part = m["part"].lower()
    # "earlier this month" is inside the month: certain; "the end of the year" is a part: approximate.
    approx = part not in ("earlier", "later")
    return mention(m, *_rel_unit(m["unit"].lower(), shift, ctx.published, approx), ctx.ref, relative=True)


def h_ago(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return unresolved(m, NO_REF)
    n = number(m["n"])
    unit = m["unit"].lower()
    if unit == "decade":
        unit, n = "year", n * 10
    return mention(m, *_rel_unit(unit, -n, ctx.published), ctx.ref, relative=True)


def h_dayword(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return unresolved(m, NO_REF)
    word = " ".join(m["w"].lower().split())
    shift = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word]
    return mention(m, *day_value(ctx.published + dt.timedelta(days=shift)), ctx.ref, relative=True)


def h_day_rel(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    unit = (m["unit"] or m["unit2"]).lower()
    direction = (m["dir"] or m["dir2"]).lower()
    shift = -1 if direction in ("before", "earlier", "previous") else 1
    base = next((p for p in reversed(prior) if p.date and p.precision == "day" and "/" not in p.date), None)
    if base is None or base.date is None:
        return unresolved(m, f"no day earlier in the text to count the {unit} from")
    day = dt.date.fromisoformat(base.date.rstrip("~?"))
    return mention(m, *_rel_unit(unit, shift, day), f"{base.text!r} ({base.date})", relative=True)


def h_weekend(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return unresolved(m, NO_REF)
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
    return mention(m, value, f"{saturday.isoformat()}/{sunday.isoformat()}", "day", ctx.ref, relative=True)


def h_offset_rel(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    """ "a year earlier", "two days later": counted from the date mentioned before it."""
    base = next((p for p in reversed(prior) if p.date and "/" not in p.date), None)
    if base is None or base.date is None or base.precision is None:
        return unresolved(m, "no date earlier in the text to count from")
    n, unit = number(m["n"]), m["unit"].lower()
    sign = -1 if (m["dir"] or m["dir2"]).lower() in ("earlier", "before") else 1
    start = parse_date(base.date.rstrip("~?"))
    rank = min(_level(start.precision), {"year": 1, "month": 1, "week": 2, "day": 2}[unit])
    day = start.first_day()
    if unit in ("day", "week"):
        day += dt.timedelta(days=sign * n * (7 if unit == "week" else 1))
        y, mo = day.year, day.month
    elif unit == "month":
        y, mo = add_months(day.year, day.month, sign * n)
    else:
        y, mo = day.year + sign * n, day.month
    value, date, precision = (
        year_value(y) if rank == 0 else month_value(y, mo) if rank == 1 else day_value(day)
    )
    return mention(m, value, date, precision, f"{base.text!r} ({base.date})", relative=True)


def h_weekday(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    if ctx.published is None:
        return unresolved(m, NO_REF)
    pub = ctx.published
    target = WEEKDAYS.index(m["wd"])
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
    return mention(m, *day_value(day), ctx.ref, start=start, relative=True)


def h_month_rel(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    mon = month_number(m["mon"])
    prep = " ".join(m["prep"].lower().split())
    if m["mon"].rstrip(".") == "May" and prep in ("by", "this", "in") and _next_is_verb(m):
        return None
    if ctx.published is None:
        return unresolved(m, "the year is not given and " + NO_REF)
    pub = ctx.published
    if prep == "last":
        year = pub.year if mon < pub.month else pub.year - 1
    elif prep == "next":
        year = pub.year if mon > pub.month else pub.year + 1
    elif prep == "this":
        year = pub.year
    else:
        firsts = [dt.date(y, mon, 1) for y in (pub.year - 1, pub.year, pub.year + 1)]
        year = nearest(firsts, pub.replace(day=1), sentence_tense(ctx.text, m.start())).year
    approx = prep in ("early", "mid", "late") or prep.startswith("the ") or bool(m["part"])
    start = m.start() if prep in ("last", "next", "this") or approx else strip_preposition(m)
    if prep in ("earlier in", "later in"):
        start = m.start()
    return mention(m, *month_value(year, mon, approx), ctx.ref, start=start, relative=True)


def _next_is_verb(m: re.Match[str]) -> bool:
    """ "by May" is a date, "this may be" is not: a month name followed by a verb's object."""
    rest = m.string[m.end() : m.end() + 12].lower()
    return bool(re.match(r"\s+(?:be|have|not|also|well|never|still|soon)\b", rest))


def h_anchored(m: re.Match[str], ctx: Context, prior: list[Mention]) -> Mention | None:
    phrase = _trim_anchor(m["anchor"])
    end = m.start("anchor") + len(phrase)
    n, unit = number(m["n"]), m["unit"].lower()
    half = bool(m["half"])
    approx = " ".join((m["q"] or "").lower().split()) in APPROX_WORDS
    sign = -1 if m["dir"].lower() == "before" else 1
    if ctx.anchors is None:
        reason = f"anchored to {phrase!r}: no database of events to look it up in"
        return unresolved(m, reason, end=end, anchor=phrase)
    anchor = ctx.anchors(phrase)
    if anchor is None:
        reason = f"anchored to {phrase!r}: no event in the database matches it"
        return unresolved(m, reason, end=end, anchor=phrase)
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
        y, mo = add_months(day.year, base.month or 1, sign * n)
    else:
        y, mo = day.year + sign * n, base.month or 1
    if rank == 0:
        value, date, precision = year_value(y)
    elif rank == 1:
        value, date, precision = month_value(y, mo)
    else:
        value, date, precision = day_value(day)
    if approx:
        date += "~"
    return Mention(
        m.string[m.start() : end],
        m.start(),
        end,
        value,
        checked(date),
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
    stop = re.compile(r"(?:and|but|while|when|which|who|that|as|is|are|was|were|has|have|had|will)$", re.I)
    kept: list[str] = []
    for word in words[:16]:
        if kept and stop.match(word):
            break
        kept.append(word)
    return " ".join(kept).rstrip()
