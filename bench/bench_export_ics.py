"""Benchmark: `chrono.render.ics.render_ics` against building the same calendar with icalendar objects.

    python bench/bench_export_ics.py [--events N] [--seed S]

Makes N synthetic events (default 100,000) shaped like a real timeline: mostly days, some day
intervals, months, years and timed events in several zones, with descriptions, actors, tags and
sources. Timestamps come from a few hundred import runs plus some later edits, as in a real
database. Times each way (best of --repeat runs, without tracing), then runs each once more under
tracemalloc for peak memory, and prints the figures side by side. The target for render_ics is at
least 30,000 events/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import time
import tracemalloc
from collections.abc import Callable, Sequence

from chrono.dates import Precision, key_to_datetime, parse_when
from chrono.errors import DateError
from chrono.models import EventRecord, SourceRef
from chrono.render.ics import DEFAULT_DURATION, render_ics

TARGET = 30_000  # events per second

ZONES = ("America/New_York", "Europe/Kyiv", "Asia/Tehran", "UTC", "+05:30")
WORDS = (
    "troops", "summit", "sanctions", "ceasefire", "treaty", "drones", "talks", "election",
    "protest", "inquiry", "report", "parliament", "strike", "resolution", "border", "envoy",
    "Kyiv", "Tehran", "Vienna", "Genève", "Zürich", "Київ",
)  # fmt: skip
ACTORS = ("Russia", "Ukraine", "Iran", "United States", "European Union", "NATO", "UN Security Council")
TAGS = ("war", "diplomacy", "sanctions", "nuclear", "drones", "treaty", "elections", "un")


def synthetic_records(count: int, seed: int = 1) -> list[EventRecord]:
    """`count` events in chronological order, every field filled as the store would fill it."""
    rng = random.Random(seed)
    imports = [
        dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=rng.randrange(20_000)) for _ in range(300)
    ]
    records = []
    for n in range(count):
        when_text, zone = _random_when(rng)
        try:
            when = parse_when(when_text, tz=zone)
        except DateError:  # a wall time skipped or repeated by a DST change: make it a day
            when = parse_when(when_text[:10])
        span_start, span_end = when.span()
        created = rng.choice(imports)
        edited = rng.random() < 0.2
        updated = created + dt.timedelta(seconds=rng.randrange(1, 10**7)) if edited else created
        actors = rng.sample(ACTORS, rng.randint(0, 3))
        records.append(
            EventRecord(
                id=f"ev-{n:07d}",
                title=" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 10))).capitalize(),
                start=when.start.iso(),
                end=when.end.iso() if when.end else None,
                precision=when.precision.value,
                timezone=when.timezone,
                approximate=when.approximate,
                uncertain=when.uncertain,
                status=rng.choices(("confirmed", "disputed", "retracted"), (90, 8, 2))[0],
                description=" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 60))),
                location=rng.choice((None, "Vienna, Austria", "Kyiv, Ukraine", "New York")),
                created=created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                updated=updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
                revision=2 if edited else 1,
                span_start=span_start,
                span_end=span_end,
                actors=actors,
                roles={actors[0]: "mediator"} if actors and rng.random() < 0.2 else {},
                tags=rng.sample(TAGS, rng.randint(0, 4)),
                sources=[
                    SourceRef(
                        url=f"https://example.org/news/{n}/{i}",
                        title=f"Report {n}.{i}",
                        publisher="Example News",
                    )
                    for i in range(rng.randint(0, 2))
                ],
            )
        )
    records.sort(key=lambda r: (r.span_start, r.id))
    return records


def _random_when(rng: random.Random) -> tuple[str, str | None]:
    day = dt.date(1900, 1, 1) + dt.timedelta(days=rng.randrange(45_000))
    kind = rng.random()
    if kind < 0.60:
        return day.isoformat() + ("~" if rng.random() < 0.05 else ""), None
    if kind < 0.70:
        last = day + dt.timedelta(days=rng.randint(1, 30))
        return f"{day.isoformat()}/{last.isoformat()}", None
    if kind < 0.80:
        return day.strftime("%Y-%m"), None
    if kind < 0.85:
        return str(day.year), None
    zone = rng.choice(ZONES)
    return f"{day.isoformat()}T{rng.randrange(24):02d}:{rng.choice((0, 15, 30, 45)):02d}", zone


def icalendar_build(records: Sequence[EventRecord]) -> str:
    """The same calendar the plain way: Calendar() + one Event() per event + to_ical().

    Same properties and values as render_ics in its default marker mode, so the two compare.
    """
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//chrono//chrono bench//EN")
    cal.add("calscale", "GREGORIAN")
    for name in ("name", "x-wr-calname"):
        cal.add(name, "bench")
    for name in ("description", "x-wr-caldesc"):
        cal.add(name, "Events.")
    cal.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    status = {"confirmed": "CONFIRMED", "disputed": "TENTATIVE", "retracted": "CANCELLED"}
    for record in records:
        when = record.when()
        start, end = when.start, when.end
        event = Event()
        event.add("uid", f"{record.id}@chrono")
        updated = dt.datetime.fromisoformat(record.updated)
        event.add("dtstamp", updated)
        event.add("created", dt.datetime.fromisoformat(record.created))
        event.add("last-modified", updated)
        event.add("sequence", record.revision)
        summary = record.title
        if start.precision.timed:
            begin = start.to_utc()
            event.add("dtstart", begin)
            event.add("dtend", end.to_utc() if end else begin + DEFAULT_DURATION)
        else:
            first = key_to_datetime(record.span_start).date()
            last = key_to_datetime(record.span_end).date()
            if {start.precision, (end or start).precision} & {Precision.YEAR, Precision.MONTH}:
                last = first + dt.timedelta(days=1)
                summary = f"{summary} ({when.display()})"
            event.add("dtstart", first)
            event.add("dtend", last)
        event.add("summary", summary)
        actors = [f"{a} ({record.roles[a]})" if a in record.roles else a for a in record.actors]
        sources = [f"[{n}] {s.title} — {s.publisher} <{s.url}>" for n, s in enumerate(record.sources, 1)]
        parts = [record.description, "Actors: " + ", ".join(actors) if actors else ""]
        parts.append("Sources:\n" + "\n".join(sources) if sources else "")
        description = "\n\n".join(p for p in parts if p)
        if description:
            event.add("description", description)
        if record.location:
            event.add("location", record.location)
        urls = [s.url for s in record.sources if s.url]
        if urls:
            event.add("url", urls[0])
        if record.tags:
            event.add("categories", record.tags)
        event.add("status", status[record.status])
        event.add("transp", "TRANSPARENT")
        event.add("x-chrono-precision", record.precision)
        event.add("x-chrono-edtf", when.edtf())
        if when.timezone:
            event.add("x-chrono-tzid", when.timezone)
        for name in record.actors:
            role = record.roles.get(name)
            actor = {"name": name} if role is None else {"name": name, "role": role}
            event.add("x-chrono-actor", json.dumps(actor, ensure_ascii=False))
        for source in record.sources:
            data = {k: v for k, v in source.to_dict().items() if v}
            event.add("x-chrono-source", json.dumps(data, ensure_ascii=False))
        cal.add_component(event)
    return str(cal.to_ical().decode("utf-8"))


def chrono_render(records: Sequence[EventRecord]) -> str:
    return render_ics(records, title="bench", description="Events.")


def cold_caches() -> None:
    """Empty chrono.dates' memo caches, so each timed run parses dates as a fresh process would."""
    from chrono import dates

    for value in vars(dates).values():
        clear = getattr(value, "cache_clear", None)
        if callable(clear):
            clear()


def timed(
    fn: Callable[[Sequence[EventRecord]], str], records: Sequence[EventRecord], repeat: int
) -> tuple[float, float, int]:
    """Best wall time and best CPU time of `repeat` runs, and the output size in bytes.

    CPU time is what to compare on a busy machine: wall time also counts other processes.
    """
    wall = cpu = float("inf")
    size = 0
    for _ in range(repeat):
        cold_caches()
        gc.collect()
        began, began_cpu = time.perf_counter(), time.process_time()
        text = fn(records)
        wall = min(wall, time.perf_counter() - began)
        cpu = min(cpu, time.process_time() - began_cpu)
        size = len(text.encode("utf-8"))
        del text
    return wall, cpu, size


def peak_memory(fn: Callable[[Sequence[EventRecord]], str], records: Sequence[EventRecord]) -> int:
    """Peak bytes allocated while `fn` runs, the output included."""
    cold_caches()
    gc.collect()
    tracemalloc.start()
    try:
        fn(records)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="how many events (100000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each, best kept (1)")
    parser.add_argument("--skip-icalendar", action="store_true", help="time render_ics only")
    args = parser.parse_args()

    print(f"making {args.events:,} synthetic events ...", flush=True)
    records = synthetic_records(args.events, args.seed)
    chrono_render(records[:10])  # imports and caches warm, as in a running server
    contenders: list[tuple[str, Callable[[Sequence[EventRecord]], str]]] = [("render_ics", chrono_render)]
    if not args.skip_icalendar:
        icalendar_build(records[:10])
        contenders.append(("icalendar Calendar", icalendar_build))

    rows = []
    for name, fn in contenders:
        print(f"timing {name} ...", flush=True)
        wall, cpu, size = timed(fn, records, args.repeat)
        peak = peak_memory(fn, records)
        rows.append((name, wall, cpu, size, peak))

    n = args.events
    print(f"\n{n:,} events")
    print(
        f"{'':20} {'wall s':>8} {'events/s':>10} {'CPU s':>8} {'events/CPU s':>13}"
        f" {'output MB':>10} {'peak MB':>9}"
    )
    for name, wall, cpu, size, peak in rows:
        print(
            f"{name:20} {wall:8.2f} {n / wall:10,.0f} {cpu:8.2f} {n / cpu:13,.0f}"
            f" {size / 1e6:10.1f} {peak / 1e6:9.1f}"
        )
    if len(rows) == 2:
        (_, _, cpu, _, peak), (_, _, cpu2, _, peak2) = rows
        print(f"render_ics is {cpu2 / cpu:.1f}x faster (CPU) and needs {peak2 / peak:.1f}x less memory")
    rate = n / rows[0][2]
    verdict = "meets" if rate >= TARGET else "MISSES"
    print(f"render_ics {verdict} the target of {TARGET:,} events per CPU second")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
