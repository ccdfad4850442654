"""Hostile input, from issue 15: each case is data, each check goes through a public surface.

Files are imported by a real `chrono` process under a memory cap (RLIMIT_AS) and a CPU-time cap
(RLIMIT_CPU): a case that blows up is a failure with its reason, never a hung or swapping suite.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

MEMORY_CAP = 1 << 30  # address space of a `chrono` process checked against hostile input
CPU_CAP = 30  # seconds of CPU time


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_CAP, CPU_CAP))


def run_capped(*args: str) -> subprocess.CompletedProcess[str]:
    """`chrono ARGS` in a process of its own, under the caps."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "chrono", *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=_capped,
        check=False,
    )


# --- 1. the YAML alias bomb ("billion laughs"): 0.5 KB that expands to 9^9 strings ----------------


def _laughs(levels: int = 9) -> str:
    """One flow sequence defining every level, the last expanding to 9**levels "lol"s."""
    parts = ['&lol0 "lol"']
    parts += [f"&lol{i} [" + ", ".join([f"*lol{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "[" + ", ".join(parts) + "]"


BOMBS = {  # where in an event the bomb goes off (line 3 of the file each time)
    "title": "  - start: 2024-01-01\n    title: {bomb}\n",
    "description": "  - title: a bomb\n    description: {bomb}\n    start: 2024-01-01\n",
    "unknown key": "  - title: a bomb\n    payload: {bomb}\n    start: 2024-01-01\n",
    "actors": "  - title: a bomb\n    actors: {bomb}\n    start: 2024-01-01\n",
}


@pytest.mark.parametrize("where", sorted(BOMBS))
def test_yaml_alias_bomb_is_one_line_error(tmp_path: Path, where: str) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text("events:\n" + BOMBS[where].format(bomb=_laughs()))
    assert len(path.read_bytes()) < 1024
    result = run_capped("import", str(path), "--db", str(tmp_path / "c.db"))
    assert result.returncode == 4, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"chrono: error: {path}:3: "), lines[0]
    assert "alias" in lines[0]


def test_recursive_yaml_alias_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("events:\n  - title: loop\n    start: 2024-01-01\n    tags: &loop [*loop]\n")
    result = run_capped("import", str(path), "--db", str(tmp_path / "c.db"))
    assert result.returncode == 4, result.stderr
    assert result.stderr.startswith(f"chrono: error: {path}:4: ") and result.stderr.count("\n") == 1


def test_yaml_aliases_within_the_limit_still_work(tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    events = "".join(
        f"  - {{id: e{n}, title: event {n}, start: 2024-01-{n:02d}, tags: *shared}}\n" for n in range(1, 29)
    )
    path.write_text(
        f"events:\n  - {{id: e0, title: first, start: 2024-01-01, tags: &shared [alpha, beta]}}\n{events}"
    )
    result = run_capped("import", str(path), "--db", str(tmp_path / "c.db"))
    assert result.returncode == 0, result.stderr
    listed = run_capped("list", "--tag", "beta", "--format", "ids", "--db", str(tmp_path / "c.db"))
    assert len(listed.stdout.split()) == 29
