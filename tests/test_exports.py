"""The committed `exports/` are exactly what chrono makes of `events/` today.

When this fails, the events or a renderer changed: regenerate with
`CHRONO_UPDATE_EXPORTS=1 pytest tests/test_exports.py` and commit the result.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import ROOT, Chrono

# The exports are built as of a fixed time, so they change only when the events or renderers do.
EPOCH = "1795651200"  # 2026-11-26T00:00:00Z
TITLE = "Russia, Iran and the war in Ukraine"
FILES = {
    "ics": "timeline.ics",
    "json": "timeline.json",
    "timelinejs": "timeline.timeline.json",
    "timelinejs-csv": "timeline.timeline.csv",
    "markwhen": "timeline.mw",
    "markdown": "timeline.md",
    "svg": "timeline.svg",
    "html": "timeline.html",
    "yaml": "timeline.yaml",
    "csv": "timeline.csv",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        folder = tmp_path_factory.mktemp("exports")
        chrono = Chrono(str(folder / "chrono.db"))
        chrono("import", str(ROOT / "events"))
        out: dict[str, bytes] = {}
        for fmt, name in FILES.items():
            chrono("export", fmt, "--title", TITLE, "--output", str(folder / name))
            out[name] = (folder / name).read_bytes()
        return out
    finally:
        mp.undo()


@pytest.mark.parametrize("name", FILES.values())
def test_committed_export_is_current(built: dict[str, bytes], name: str) -> None:
    committed = ROOT / "exports" / name
    if os.environ.get("CHRONO_UPDATE_EXPORTS"):
        committed.parent.mkdir(exist_ok=True)
        committed.write_bytes(built[name])
    assert committed.exists(), f"{committed} is missing: CHRONO_UPDATE_EXPORTS=1 pytest {__file__}"
    assert committed.read_bytes() == built[name], (
        f"exports/{name} is stale: run CHRONO_UPDATE_EXPORTS=1 pytest tests/test_exports.py and commit"
    )


def test_exports_are_deterministic(
    built: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two databases built from the same files render the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    chrono = Chrono(str(tmp_path / "again.db"))
    chrono("import", str(ROOT / "events"))
    for fmt, name in FILES.items():
        chrono("export", fmt, "--title", TITLE, "-o", str(tmp_path / name))
        assert (tmp_path / name).read_bytes() == built[name], name
