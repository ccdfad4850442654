"""README's tour, run as written: every `$ chrono …` line of the console blocks of "A tour of the
commands", in order, in a temporary copy of the repository's event files, test data and exports,
compared with the output shown. The `chrono extract` part reads an article kept beside the repository
(`../shared/seed-article.txt`); where it is missing, that part is left out, and so are the rows later
listings show of the draft it imports (README's id for it, `DRAFT_ID`).

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
_ID_IN_ROW = re.compile(r"(?<![\w.-])[a-z2-7]{12}(?![\w.-])")  # a generated id in a table or CSV row
_ADDED = re.compile(r"^(added )[a-z2-7]{12}:")
_SKIPPED = ("chrono serve", "pip ", "export ")
ARTICLE = ROOT.parent / "shared" / "seed-article.txt"  # the article README's extract reads
DRAFT_ID = "jvsbdvwnkaay"  # the draft the extract part imports, as README shows its generated id


@dataclass
class Step:
    line: int
    command: str
    shown: list[str] = field(default_factory=list)


def tour() -> list[Step]:
    """The console steps of README's "A tour of the commands", in order."""
    steps: list[Step] = []
    inside = False
    in_tour = skipping = False
    for number, text in enumerate((ROOT / "README.md").read_text(encoding="utf-8").splitlines(), 1):
        if text.startswith("## "):
            in_tour = text.strip() == "## A tour of the commands"
        if text.startswith("### "):
            # The extract section reads an article kept outside the repository; the rest of the tour
            # does not depend on it, and runs without it.
            skipping = text.startswith("### `chrono extract`") and not ARTICLE.exists()
        if not in_tour or skipping:
            continue
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
    masked = [_ID_IN_ROW.sub("<new id>", _ADDED.sub(r"\1<new id>:", line)) for line in masked]
    return ["database:  <path>" if line.startswith("database:  ") else line for line in masked]


def _run(step: Step, runner: CliRunner, folder: Path, env: dict[str, str]) -> list[str]:
    command, _, pipe = step.command.partition(" | ")
    quiet = command.endswith(" > /dev/null")
    words = shlex.split(command.removesuffix(" > /dev/null"))
    if words[0] == "cat":
        (folder / words[1]).write_text("".join(f"{line}\n" for line in step.shown), encoding="utf-8")
        return step.shown
    if words[0] == "head":  # head -n N FILE
        return (folder / words[-1]).read_text(encoding="utf-8").splitlines()[: _count(words)]
    assert words[0] == "chrono", step.command
    result = runner.invoke(app, words[1:], env=env)
    out = [] if quiet else result.stdout.splitlines()
    if pipe:
        out = out[: _count(shlex.split(pipe))]
        return out
    return out + result.stderr.splitlines()


def _count(head: list[str]) -> int:
    """N of `head -N` or `head -n N`."""
    return int(head[2]) if head[1] == "-n" else int(head[1].lstrip("-"))


def _is_remote(step: Step, folder: Path) -> bool:
    """Steps not run: a server, a network database, or a file outside the repository that is not here."""
    outside = [w for w in shlex.split(step.command.split(" | ")[0]) if w.startswith("../")]
    missing = any(not (folder / w).exists() for w in outside)
    return step.command.startswith(_SKIPPED) or "postgresql://" in step.command or missing


def test_readme_tour_shows_what_it_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("events", "exports", "tests/data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    if ARTICLE.exists():
        (tmp_path.parent / "shared").mkdir(exist_ok=True)
        shutil.copy(ARTICLE, tmp_path.parent / "shared" / "seed-article.txt")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    env = {"CHRONO_DB": str(tmp_path / "tour.db"), "COLUMNS": "200"}
    failures = []
    for step in tour():
        if _is_remote(step, tmp_path):
            continue
        actual = _mask(_run(step, runner, tmp_path, env))
        shown = _mask([line for line in step.shown if ARTICLE.exists() or DRAFT_ID not in line])
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
