"""README's tour, run as written: every `$ chrono …` line of its console blocks, in order, in a
temporary copy of the repository's event files and exports, compared with the output shown.

Generated ids and timestamps are masked; a shown line `…` means "and more", so only the lines before
it are compared. Commands that need a network or run forever (`serve`, a PostgreSQL `db copy`) and
non-chrono lines (`pip`, `export`) are not run. `$ cat FILE` followed by lines gives FILE those
lines, so that a file the tour uses is shown in the README itself. Running the whole tour must not
change one file of the repository it was copied from (README commands run where README says).
"""

from __future__ import annotations

import filecmp
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chrono.cli import app
from tests.conftest import ROOT

_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_NEW_ID = re.compile(r"[a-z2-7]{12}")
_ADDED = re.compile(r"^(added )[a-z2-7]{12}:")
_SKIPPED = ("chrono serve", "pip ", "export ")


@dataclass
class Step:
    line: int
    command: str
    shown: list[str] = field(default_factory=list)


def tour() -> list[Step]:
    steps: list[Step] = []
    inside = False
    for number, text in enumerate((ROOT / "README.md").read_text(encoding="utf-8").splitlines(), 1):
        if text.startswith("```"):
            inside = text.strip() == "```console"
            continue
        if not inside:
            continue
        if text.startswith("$ "):
            steps.append(Step(number, text[2:]))
        elif steps:
            steps[-1].shown.append(text)
    return steps


def _mask(lines: list[str]) -> list[str]:
    masked = ["<new id>" if _NEW_ID.fullmatch(line) else _TIMESTAMP.sub("<time>", line) for line in lines]
    masked = [_ADDED.sub(r"\1<new id>:", line) for line in masked]
    return ["database:  <path>" if line.startswith("database:  ") else line for line in masked]


def _run(step: Step, runner: CliRunner, folder: Path, env: dict[str, str]) -> list[str]:
    command, _, pipe = step.command.partition(" | ")
    words = shlex.split(command)
    if words[0] == "cat":
        (folder / words[1]).write_text("".join(f"{line}\n" for line in step.shown), encoding="utf-8")
        return step.shown
    assert words[0] == "chrono", step.command
    result = runner.invoke(app, words[1:], env=env)
    lines = result.stdout.splitlines() + result.stderr.splitlines()
    if pipe:
        head = shlex.split(pipe)
        assert head[:2] == ["head", "-1"] or head[0] == "head", step.command
        lines = result.stdout.splitlines()[: int(head[1].lstrip("-"))]
    return lines


def _is_remote(step: Step) -> bool:
    return step.command.startswith(_SKIPPED) or "postgresql://" in step.command


def test_readme_tour_shows_what_it_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("events", "exports"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    env = {"CHRONO_DB": str(tmp_path / "tour.db"), "COLUMNS": "200"}
    failures = []
    for step in tour():
        if _is_remote(step):
            continue
        actual = _mask(_run(step, runner, tmp_path, env))
        shown = _mask(step.shown)
        if "…" in shown:
            cut = shown.index("…")
            shown, actual = shown[:cut], actual[:cut]
        if actual != shown:
            failures.append(f"README.md:{step.line}: $ {step.command}\n" + "\n".join(actual))
    assert not failures, "\n\n".join(failures)
    # The tour changed no file it was given (README commands never overwrite tracked files).
    for name in ("events", "exports"):
        compared = filecmp.dircmp(ROOT / name, tmp_path / name)
        assert not compared.diff_files and not compared.left_only, (name, compared.diff_files)


def test_readme_tour_is_found() -> None:
    steps = tour()
    assert len(steps) > 20
    assert any(step.command.startswith("chrono export") for step in steps)
