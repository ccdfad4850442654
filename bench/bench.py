"""chrono's speed targets, each measured beside the tool a user would pick instead, in the same run.

    python bench/bench.py                 # 1,000,000 events (generates bench/data/ once)
    python bench/bench.py --events 100000 # a quicker run

Prints one row a figure: what was measured, chrono's figure, the target and the baseline. Whole
commands are timed as a user runs them (a new process each time, median of several runs).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
CHRONO = [sys.executable, "-m", "chrono"]
# Measure what users get: an installed package runs from compiled bytecode.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(cmd: Sequence[str]) -> tuple[float, int, bytes]:
    """Wall seconds, peak RSS in KiB and stdout of one process."""
    seconds, _, rss, out = run_cpu(cmd)
    return seconds, rss, out


def run_cpu(cmd: Sequence[str]) -> tuple[float, float, int, bytes]:
    """Wall seconds, CPU seconds (user + system), peak RSS in KiB and stdout of one process.

    CPU seconds are the figure to trust on a shared machine: wall time also counts the other
    processes the scheduler runs meanwhile.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, env=ENV)
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed: {err.read().decode()[-500:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out


def median_time(cmd: Sequence[str], repeat: int = 7) -> float:
    return median_times(cmd, repeat)[0]


def median_times(cmd: Sequence[str], repeat: int = 7) -> tuple[float, float]:
    """Median wall and median CPU seconds of `repeat` runs (after one that warms the file cache)."""
    run(cmd)
    runs = [run_cpu(cmd) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def median_cpu(cmd: Sequence[str], repeat: int = 7) -> float:
    return statistics.median(run_cpu(cmd)[1] for _ in range(repeat))


def row(what: str, figure: str, target: str, baseline: str, met: bool | None = None) -> None:
    verdict = "—" if met is None else "met" if met else "**not met**"
    print(f"| {what} | {figure} | {target} | {baseline} | {verdict} |", flush=True)


def events_file(count: int) -> Path:
    DATA.mkdir(exist_ok=True)
    path = DATA / f"events-{count}.jsonl"
    if not path.exists():
        print(f"generating {count:,} events into {path} …", file=sys.stderr)
        with path.open("w") as handle:
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(count)], stdout=handle, check=True)
    return path


def raw_sqlite_import(jsonl: Path, schema_from: Path, target: Path) -> float:
    """The baseline: the same rows into the same schema with sqlite3 executemany, indexes afterwards."""
    src = sqlite3.connect(schema_from)
    ddl = [
        r[0]
        for r in src.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'event_fts%' AND type IN ('table', 'index')"
        )
    ]
    src.close()
    start = time.perf_counter()
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    tables = [d for d in ddl if d.startswith("CREATE TABLE")]
    indexes = [d for d in ddl if d.startswith("CREATE INDEX") or d.startswith("CREATE UNIQUE")]
    for sql in tables:
        conn.execute(sql)
    conn.execute("BEGIN")
    actors: dict[str, int] = {}
    rows, links = [], []
    with jsonl.open() as handle:
        for pk, line in enumerate(handle, start=1):
            e = json.loads(line)
            rows.append(
                (
                    pk,
                    e["id"],
                    e["title"],
                    e.get("description", ""),
                    e["start"],
                    e.get("end"),
                    "day",
                    None,
                    0,
                    0,
                    None,
                    "confirmed",
                    0,
                    0,
                    "",
                    "",
                    1,
                    "",
                )
            )
            for name in e["actors"]:
                actor = actors.setdefault(name, len(actors) + 1)
                links.append((pk, actor, 0, None, 0, 0))
            if len(rows) >= 10_000:
                _flush(conn, rows, links)
    _flush(conn, rows, links)
    conn.executemany(
        "INSERT INTO actor (id, name, kind) VALUES (?, ?, NULL)", [(i, n) for n, i in actors.items()]
    )
    for sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def _flush(conn: sqlite3.Connection, rows: list[tuple[object, ...]], links: list[tuple[object, ...]]) -> None:
    conn.executemany(
        'INSERT INTO event (pk, id, title, description, start, "end", "precision", timezone, approximate, '
        "uncertain, location, status, span_start, span_end, created, updated, revision, digest, search_text) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
        rows,
    )
    conn.executemany(
        "INSERT INTO event_actor (event_pk, actor_id, position, role, span_start, span_end) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        links,
    )
    rows.clear()
    links.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--export-events", type=int, default=100_000)
    parser.add_argument("--edited", type=int, default=10_000, help="events edited for the update row")
    args = parser.parse_args()
    jsonl = events_file(args.events)
    work = Path(tempfile.mkdtemp(prefix="chrono-bench-"))
    db = work / "chrono.db"
    n = args.events
    load = os.getloadavg()[0]
    print(
        f"chrono benchmarks: {n:,} events; {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, load average {load:.1f}\n"
    )
    print("| what | chrono | target | baseline, same run | |")
    print("|---|---|---|---|---|")

    # Import into an empty database, beside raw executemany of the same rows.
    seconds, cpu, rss, _ = run_cpu([*CHRONO, "import", str(jsonl), "--db", str(db)])
    raw_seconds = raw_sqlite_import(jsonl, db, work / "raw.db")
    ratio = raw_seconds / seconds
    baseline = f"raw sqlite3 executemany (no validation, same schema): {n / raw_seconds:,.0f} events/s"
    if shutil.which("sqlite-utils"):
        su_seconds, _, _ = run(["sqlite-utils", "insert", str(work / "su.db"), "events", str(jsonl), "--nl"])
        baseline += f"; sqlite-utils insert --nl: {n / su_seconds:,.0f} events/s"
    row(
        f"`chrono import` {n:,} events into an empty database",
        f"{n / seconds:,.0f} events/s ({ratio:.2f}× raw; CPU {cpu:.1f} s), peak {rss / 1024:,.0f} MiB",
        "≥ 0.64× raw executemany, ≤ 600 MiB",
        baseline,
        ratio >= 0.64 and rss / 1024 <= 600,
    )

    # The same file again: nothing changes.
    seconds, cpu, rss, _ = run_cpu([*CHRONO, "import", str(jsonl), "--db", str(db)])
    row(
        f"re-import of the same {n:,} events (nothing changes)",
        f"{n / seconds:,.0f} events/s (CPU {cpu:.1f} s), peak {rss / 1024:,.0f} MiB",
        "≥ 100,000 events/s",
        "-",
        n / seconds >= 100_000,
    )

    # Some events edited.
    edited = work / "edited.jsonl"
    m_edit = min(args.edited, n)
    with jsonl.open() as src, edited.open("w") as dst:
        for _, line in zip(range(m_edit), src, strict=False):
            event = json.loads(line)
            event["title"] += " (edited)"
            dst.write(json.dumps(event, ensure_ascii=False) + "\n")
    seconds, cpu, _, _ = run_cpu([*CHRONO, "import", str(edited), "--db", str(db)])
    row(
        f"importing {m_edit:,} edited events into the {n:,}-event database",
        f"{seconds:.2f} s (CPU {cpu:.2f} s)",
        "≤ 2 s",
        "-",
        seconds <= 2,
    )

    # The actor query, whole process.
    query = ["list", "--actor", "Vladimir Putin", "--from", "2022", "--to", "2022", "--format", "json"]
    chrono_s, chrono_cpu = median_times([*CHRONO, *query, "--db", str(db)])
    chrono_ms = chrono_s * 1000
    count = len(json.loads(run([*CHRONO, *query, "--db", str(db)])[2]))
    shell = shutil.which("sqlite3")
    sql = (
        "SELECT e.id, e.title, e.start FROM event e WHERE e.pk IN (SELECT ea.event_pk FROM event_actor ea "
        "WHERE ea.actor_id IN (SELECT actor_id FROM actor_name WHERE key = 'vladimir putin') "
        "AND ea.span_start < 20230101000000 AND ea.span_end > 20220101000000) ORDER BY e.span_start, e.id;"
    )
    shell_ms = median_time([shell, "-json", str(db), sql]) * 1000 if shell else None
    row(
        f'`chrono list --actor "Vladimir Putin" --from 2022 --to 2022 --format json` ({count} events)',
        f"{chrono_ms:.0f} ms median (CPU {chrono_cpu * 1000:.0f} ms)",
        "≤ 150 ms, ≤ 6× the sqlite3 shell",
        f"sqlite3 shell: {shell_ms:.0f} ms" if shell_ms else "no sqlite3 shell",
        chrono_ms <= 150 and (shell_ms is None or chrono_ms <= 6 * shell_ms),
    )

    # Start-up.
    help_s, help_cpu = median_times([*CHRONO, "--help"])
    pass_s, pass_cpu = median_times([sys.executable, "-c", "pass"])
    help_ms, pass_ms = help_s * 1000, pass_s * 1000
    row(
        "`chrono --help`",
        f"{help_ms:.0f} ms median (CPU {help_cpu * 1000:.0f} ms)",
        "≤ 120 ms, ≤ 8× `python -c pass`",
        f"`python -c pass`: {pass_ms:.0f} ms (CPU {pass_cpu * 1000:.0f} ms)",
        help_ms <= 120 and help_ms <= 8 * pass_ms,
    )

    # A year of ids.
    ids_cmd = [*CHRONO, "list", "--from", "2022", "--to", "2022", "--format", "ids", "--db", str(db)]
    ids_s, ids_cpu = median_times(ids_cmd, repeat=5)
    ids_ms = ids_s * 1000
    rows = len(run(ids_cmd)[2].split())
    year_sql = (
        "SELECT id FROM event WHERE span_start < 20230101000000 AND span_end > 20220101000000 "
        "ORDER BY span_start, id;"
    )
    base = (
        f"sqlite3 shell: {median_time([shell, str(db), year_sql], repeat=5) * 1000:.0f} ms" if shell else "-"
    )
    row(
        f"`chrono list --from 2022 --to 2022 --format ids` ({rows:,} rows)",
        f"{ids_ms:.0f} ms median (CPU {ids_cpu * 1000:.0f} ms)",
        "≤ 400 ms",
        base,
        ids_ms <= 400,
    )

    # Reads and exports of the first M events.
    small = work / "export.db"
    subset = work / "subset.jsonl"
    with jsonl.open() as src, subset.open("w") as dst:
        for _, line in zip(range(args.export_events), src, strict=False):
            dst.write(line)
    run([*CHRONO, "import", str(subset), "--db", str(small)])
    m = args.export_events
    read_seconds, read_cpu = _read_all(small)
    row(
        f"reading {m:,} events with all their details (the export path)",
        f"{read_seconds:.2f} s (CPU {read_cpu:.2f} s)",
        "≤ 0.5 s",
        "-",
        read_seconds <= 0.5,
    )
    idle_rss = run([*CHRONO, "list", "--limit", "1", "--format", "ids", "--db", str(small)])[1]
    seconds, cpu, rss, out = run_cpu([*CHRONO, "export", "json", "-o", "-", "--db", str(small)])
    row(
        f"`chrono export json` of {m:,} events",
        f"{seconds:.2f} s (CPU {cpu:.2f} s), peak {rss / 1024:,.0f} MiB, {len(out) / 2**20:.0f} MiB out",
        "≤ 1 s, peak ≤ 150 MiB",
        "-",
        seconds <= 1 and rss / 1024 <= 150,
    )
    seconds, cpu, rss, out = run_cpu([*CHRONO, "export", "ics", "-o", "-", "--db", str(small)])
    ical_rate, ical_text = _icalendar_baseline(small)
    above = (rss - idle_rss) / 1024
    row(
        f"`chrono export ics` of {m:,} events",
        f"{seconds:.2f} s ({m / seconds:,.0f} events/s; CPU {cpu:.2f} s), peak {rss / 1024:,.0f} MiB "
        f"({above:,.0f} MiB above `chrono list --limit 1`), {len(out) / 2**20:.0f} MiB out",
        "≥ 30,000 events/s, ≥ 5× a plain icalendar build, ≤ 50 MiB above the data",
        ical_text,
        m / seconds >= 30_000 and m / seconds >= 5 * ical_rate and above <= 50,
    )
    shutil.rmtree(work, ignore_errors=True)


def _read_all(db: Path) -> tuple[float, float]:
    """Wall and CPU seconds to read every event with its actors, tags and sources, as exports do."""
    code = (
        "import time\n"
        "from chrono.db import Database\n"
        "from chrono.filters import Filter\n"
        "from chrono.query import iter_events\n"
        f"with Database.open({str(db)!r}).reader() as reader:\n"
        "    wall, cpu = time.perf_counter(), time.process_time()\n"
        "    count = sum(1 for _ in iter_events(reader, Filter()))\n"
        "    print(time.perf_counter() - wall, time.process_time() - cpu)\n"
    )
    wall, cpu = run([sys.executable, "-c", code])[2].split()
    return float(wall), float(cpu)


def _icalendar_baseline(db: Path) -> tuple[float, str]:
    code = (
        "import sys, time\n"
        "from chrono.db import Database\n"
        "from chrono.filters import Filter\n"
        "from chrono.query import select_events\n"
        "import icalendar\n"
        f"with Database.open({str(db)!r}).reader() as reader:\n"
        "    records = select_events(reader, Filter())\n"
        "t = time.perf_counter()\n"
        "cal = icalendar.Calendar()\n"
        "for r in records:\n"
        "    ev = icalendar.Event()\n"
        "    ev.add('uid', r.id + '@chrono'); ev.add('summary', r.title)\n"
        "    ev.add('dtstart', r.when().start.first_day()); ev.add('description', r.description)\n"
        "    ev.add('categories', r.tags or ['none'])\n"
        "    cal.add_component(ev)\n"
        "data = cal.to_ical()\n"
        "print(len(records) / (time.perf_counter() - t))\n"
    )
    _, rss, out = run([sys.executable, "-c", code])
    rate = float(out)
    text = f"plain icalendar.Calendar build: {rate:,.0f} events/s, peak {rss / 1024:,.0f} MiB (whole process)"
    return rate, text


if __name__ == "__main__":
    main()
