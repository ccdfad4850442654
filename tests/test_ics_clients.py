"""iCalendar end to end: the CLI's export and import, and a real subscribing client (vdirsyncer
syncs the served feed, khal lists it)."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT
from tests.ics_cases import (
    CASES,
    DATA,
    RECORDS,
    icalendar_view,
    render,
    uids_starts_ends,
)

# --- end to end through the CLI -----------------------------------------------------------------


def test_cli_imports_calendars_and_lists_them(chrono_sqlite: Any) -> None:
    _out, err = chrono_sqlite("import", str(DATA / "thunderbird.ics"), str(DATA / "google.ics"))
    assert "10 added" in err
    out, _err = chrono_sqlite("list", "--format", "json")
    listed = {e["title"]: e for e in json.loads(out)}
    assert listed["Dentist"]["start"] == "2024-11-05T08:30-05:00"
    assert listed["Dentist"]["end"] == "2024-11-05T09:15-05:00"
    assert listed["Dentist"]["timezone"] == "America/New_York"
    assert listed["Sommerurlaub 🏖️"]["end"] == "2024-07-26"
    assert listed["Offsite (abgesagt)"]["status"] == "retracted"
    _out, err = chrono_sqlite("import", str(DATA / "google.ics"))
    assert "6 unchanged" in err  # stable ids: the same calendar updates, never duplicates


def test_cli_export_then_import_is_lossless(tmp_path: Path, chrono_sqlite: Any) -> None:
    from tests.helpers import Chrono

    chrono_sqlite("import", str(ROOT / "events"))
    feed = tmp_path / "timeline.ics"
    chrono_sqlite("export", "ics", "--output", str(feed))
    other = Chrono(str(tmp_path / "other.db"))
    other("import", str(feed))
    strip = ("created", "updated", "revision")

    def listing(runner: Any) -> list[dict[str, Any]]:
        out, _err = runner("list", "--format", "json")
        return [{k: v for k, v in e.items() if k not in strip} for e in json.loads(out)]

    assert listing(other) == listing(chrono_sqlite)


def test_cli_export_of_the_seed_events_reads_the_same_everywhere(tmp_path: Path, chrono_sqlite: Any) -> None:
    chrono_sqlite("import", str(ROOT / "events"))
    feed = tmp_path / "timeline.ics"
    for mode in ("marker", "span"):
        chrono_sqlite("export", "ics", "--imprecise", mode, "--output", str(feed))
        text = feed.read_bytes().decode("utf-8")
        want = icalendar_view(text)
        assert len(want) == 25
        for parser in ("ical.js", "vobject"):
            assert uids_starts_ends(parser, text, tmp_path) == want, parser


# --- vdirsyncer + khal --------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The rendered calendar on a local HTTP server; yields its URL."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "timeline.ics").write_bytes(render().encode("utf-8"))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/timeline.ics"
    finally:
        server.shutdown()
        server.server_close()


def test_vdirsyncer_and_khal_show_every_event_on_its_day(tmp_path: Path, served: str) -> None:
    vdirsyncer, khal = shutil.which("vdirsyncer"), shutil.which("khal")
    if not vdirsyncer or not khal:
        if os.environ.get("CHRONO_REQUIRE_KHAL"):
            pytest.fail("CHRONO_REQUIRE_KHAL is set but vdirsyncer or khal is not on PATH")
        pytest.skip("vdirsyncer and khal are not installed")
    local = tmp_path / "local"
    local.mkdir()
    (tmp_path / "vdirsyncer.conf").write_text(
        f'[general]\nstatus_path = "{tmp_path / "status"}/"\n\n'
        '[pair timeline]\na = "timeline_local"\nb = "timeline_feed"\ncollections = null\n'
        'conflict_resolution = "b wins"\n\n'
        f'[storage timeline_local]\ntype = "filesystem"\npath = "{local}/"\nfileext = ".ics"\n\n'
        f'[storage timeline_feed]\ntype = "http"\nurl = "{served}"\n',
        encoding="utf-8",
    )
    (tmp_path / "khal.conf").write_text(
        f"[calendars]\n[[timeline]]\npath = {local}/\ntype = calendar\n\n"
        "[locale]\nlocal_timezone = UTC\ndefault_timezone = UTC\n"
        "dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ntimeformat = %H:%M\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    base = [vdirsyncer, "-c", str(tmp_path / "vdirsyncer.conf")]
    for step in (["discover"], ["sync"]):
        subprocess.run([*base, *step], env=env, check=True, capture_output=True, timeout=120)
    assert len(list(local.glob("*.ics"))) == len(RECORDS)
    result = subprocess.run(
        [khal, "-c", str(tmp_path / "khal.conf"), "list", "--once", "--day-format", "",
         "--format", "{start-date}\t{end-date}\t{title}", "1999-01-01", "2026-01-01"],
        env=env, check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    shown = sorted(line.split("\t") for line in result.stdout.splitlines() if line.strip())
    want = []
    for record, (start, end), _span, words in CASES:
        title = record.title if words is None else f"{record.title} ({words})"
        # khal shows times in its local_timezone (UTC here) and the last day of all-day events,
        # where DTEND is the day after
        last = end[:10] if "T" in end else str(dt.date.fromisoformat(end) - dt.timedelta(days=1))
        want.append([start[:10], last, title])
    assert shown == sorted(want)
