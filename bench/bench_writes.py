"""One-event writes (issue 12, item 23): `chrono add`, `edit`, `rm` and `undo` beside `chrono list`.

    python bench/bench_writes.py                 # a 20,000-event database (generates it once)
    python bench/bench_writes.py --events 100000 --repeat 9

Each command is timed as a user runs it (a new process, median of --repeat runs, after one warm-up),
on the same database in the same run, with its CPU time (user + system): on a shared machine the
wall time also counts the other processes, so the verdict goes by CPU time. The target: a one-event
write as quick as `chrono list` of a page of events (within 25%), and at most 300 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import CHRONO, events_file, row, run_cpu

TARGET_MS = 300


def median(cmds: list[list[str]]) -> tuple[float, float]:
    """Median wall and CPU milliseconds over the commands (each run once)."""
    runs = [run_cpu(cmd) for cmd in cmds]
    return statistics.median(r[0] for r in runs) * 1000, statistics.median(r[1] for r in runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    n = args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "writes.db")
        subprocess.run([*CHRONO, "import", str(events_file(args.events)), "--db", db], check=True)
        run_cpu([*CHRONO, "list", "--limit", "50", "--db", db])  # warm the file cache
        ids = [f"bench-write-{i}" for i in range(n)]
        figures = {
            "list": median([[*CHRONO, "list", "--limit", "50", "--db", db] for _ in range(n)]),
            "add": median(
                [
                    [
                        *CHRONO,
                        "add",
                        "A new event",
                        "--date",
                        "2024-05-01",
                        "--actor",
                        "Vladimir Putin",
                        "--tag",
                        "bench",
                        "--source",
                        "https://example.org/x",
                        "--id",
                        i,
                        "--db",
                        db,
                    ]
                    for i in ids
                ]
            ),
            "edit": median(
                [[*CHRONO, "edit", i, "--title", "Edited", "--tag", "more", "--db", db] for i in ids]
            ),
            "undo": median([[*CHRONO, "undo", i, "--db", db] for i in ids]),
            "rm": median([[*CHRONO, "rm", i, "--yes", "--db", db] for i in ids]),
        }
    print(f"{args.events:,} events, median of {n} runs each", file=sys.stderr)
    print("| what | chrono | target | baseline, same run | |")
    print("|---|---|---|---|---|")
    list_ms = figures["list"][0]
    # The verdict goes by CPU time, which the other jobs of a shared machine do not inflate.
    for name in ("add", "edit", "rm", "undo"):
        wall, cpu = figures[name]
        row(
            f"`chrono {name}` of one event",
            f"{wall:.0f} ms (CPU {cpu:.0f} ms)",
            f"≤ {TARGET_MS} ms, as quick as `list`",
            f"`chrono list --limit 50`: {list_ms:.0f} ms (CPU {figures['list'][1]:.0f} ms)",
            cpu <= TARGET_MS and cpu <= figures["list"][1] * 1.25,
        )


if __name__ == "__main__":
    main()
