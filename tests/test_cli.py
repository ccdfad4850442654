"""Every command's happy and error paths, through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT, Chrono


def events_json(chrono: Chrono, *args: str) -> list[dict[str, object]]:
    out, _ = chrono("list", "--format", "json", *args)
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def ids(chrono: Chrono, *args: str) -> list[str]:
    out, _ = chrono("list", "--format", "ids", *args)
    return out.split()


# --- add ----------------------------------------------------------------------------------------


def test_add_prints_id_and_keeps_precision(chrono: Chrono) -> None:
    out, err = chrono(
        "add", "Russia launched over 11,000 drones in Ukraine", "--date", "2024", "--tag", "drones"
    )
    new_id = out.strip()
    assert len(new_id) == 12 and err == f"added {new_id}: 2024 (year)\n"  # what it understood
    [event] = events_json(chrono)
    assert event["id"] == new_id
    assert event["start"] == "2024" and event["end"] is None
    assert event["precision"] == "year"
    assert event["tags"] == ["drones"]
    assert event["revision"] == 1


def test_add_with_everything(chrono: Chrono) -> None:
    chrono(
        "add", "Trump inaugurated", "--date", "2025-01-20T12:00", "--tz", "America/New_York",
        "--actor", "Donald Trump", "--role", "Donald Trump=president", "--tag", "us-politics",
        "--source", "https://example.org/a", "--description", "Second *term*.",
        "--location", "Washington, D.C.", "--id", "trump-inauguration",
    )  # fmt: skip
    [event] = events_json(chrono)
    assert event["id"] == "trump-inauguration"
    assert event["start"] == "2025-01-20T12:00-05:00"
    assert event["timezone"] == "America/New_York"
    assert event["precision"] == "minute"
    assert event["actors"] == ["Donald Trump"]
    assert event["roles"] == {"Donald Trump": "president"}
    assert event["sources"] == [
        {"url": "https://example.org/a", "title": None, "publisher": None, "published": None,
         "archive_url": None, "quote": None}
    ]  # fmt: skip
    assert event["location"] == "Washington, D.C."
    out, _ = chrono("list")
    assert "20 Jan 2025 12:00 EST" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--date", "2024-12", "--approximate"],
            {"start": "2024-12", "approximate": True, "precision": "month"},
        ),
        (["--date", "2024?"], {"start": "2024", "uncertain": True, "precision": "year"}),
        (["--date", "2024-10-22/2024-10-24"], {"start": "2024-10-22", "end": "2024-10-24"}),
        (["--date", "2024-10-22", "--end", "2024-11"], {"start": "2024-10-22", "end": "2024-11"}),
        (["--date", "19 July 2022"], {"start": "2022-07-19", "precision": "day"}),
        (["--date", "Jan 17, 2025"], {"start": "2025-01-17", "precision": "day"}),
        (
            ["--date", "2025-01-20T12:00:00-05:00"],
            {"start": "2025-01-20T12:00:00-05:00", "timezone": "-05:00"},
        ),
    ],
)
def test_add_date_forms(chrono_sqlite: Chrono, args: list[str], expected: dict[str, object]) -> None:
    chrono_sqlite("add", "An event", *args)
    [event] = events_json(chrono_sqlite)
    for key, value in expected.items():
        assert event[key] == value, key


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2022-02-30"], "bad date '2022-02-30'"),
        (["--date", "2022-13"], "bad date '2022-13'"),
        (["--date", "2025-01-20T12:00"], "needs a time zone"),
        (["--date", "2024", "--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["--date", "2024", "--end", "2023"], "before"),
        (["--date", "2024", "--id", "has space"], "bad id 'has space'"),
        (["--date", "2024", "--status", "rumour"], "bad status 'rumour'"),
        (["--date", "2024", "--role", "Putin"], "--role takes ACTOR=ROLE"),
    ],
)
def test_add_rejects_bad_input(chrono_sqlite: Chrono, args: list[str], message: str) -> None:
    out, err = chrono_sqlite("add", "Bad", *args, code=4)
    assert out == ""
    assert err.startswith("chrono: error: ") and message in err
    assert err.count("\n") == 1
    assert not Path(chrono_sqlite.db).exists()  # a failed first write leaves no database behind


def test_add_taken_id_is_a_conflict(chrono: Chrono) -> None:
    chrono("add", "First", "--date", "2024", "--id", "same")
    _, err = chrono("add", "Second", "--date", "2025", "--id", "same", code=5)
    assert "already exists" in err
    assert [e["title"] for e in events_json(chrono)] == ["First"]


# --- list ---------------------------------------------------------------------------------------


def test_list_actor_matches_aliases_case_insensitively(seeded: Chrono) -> None:
    by_alias = ids(seeded, "--actor", "putin")
    by_name = ids(seeded, "--actor", "Vladimir Putin")
    assert by_alias == by_name
    assert "putin-visits-tehran" in by_alias
    assert "russia-iran-strategic-partnership-treaty" in by_alias
    assert "trump-second-inauguration" not in by_alias


def test_list_repeated_actor_and_tag_mean_all(seeded: Chrono) -> None:
    both = set(ids(seeded, "--actor", "Russia", "--actor", "Iran"))
    assert both == set(ids(seeded, "--actor", "Russia")) & set(ids(seeded, "--actor", "Iran"))
    tagged = set(ids(seeded, "--tag", "diplomacy", "--tag", "russia-iran"))
    assert tagged == set(ids(seeded, "--tag", "diplomacy")) & set(ids(seeded, "--tag", "russia-iran"))
    assert tagged


def test_list_range_is_inclusive_at_precision_and_overlaps(chrono: Chrono) -> None:
    chrono("add", "Year", "--date", "2022", "--id", "y")
    chrono("add", "Dec", "--date", "2022-12-31", "--id", "d")
    chrono("add", "Span", "--date", "2021-06/2022-02", "--id", "s")
    chrono("add", "Next", "--date", "2023-01-01", "--id", "n")
    assert ids(chrono, "--from", "2022", "--to", "2022") == ["s", "y", "d"]
    assert ids(chrono, "--from", "2022", "--to", "2022", "--within") == ["y", "d"]
    assert ids(chrono, "--from", "2022-12") == ["y", "d", "n"]
    assert ids(chrono, "--to", "2021-12") == ["s"]
    assert ids(chrono, "--reverse", "--limit", "2") == ["n", "d"]


def test_list_timed_event_belongs_to_its_local_day(chrono: Chrono) -> None:
    # 23:30 in New York is already the next day in UTC; it still belongs to the 20th.
    chrono("add", "Late", "--date", "2025-01-20T23:30", "--tz", "America/New_York", "--id", "late")
    assert ids(chrono, "--from", "2025-01-20", "--to", "2025-01-20") == ["late"]
    assert ids(chrono, "--from", "2025-01-21") == []


def test_list_search_and_status(chrono: Chrono) -> None:
    chrono("add", "Treaty signed in Moscow", "--date", "2025-01-17", "--id", "t")
    chrono("add", "Rumour of a deal", "--date", "2025-01", "--status", "disputed", "--id", "r")
    assert ids(chrono, "--search", "moscow") == ["t"]
    assert ids(chrono, "--status", "disputed") == ["r"]
    out, _ = chrono("list")
    assert "[disputed]" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2024-13"], "--from: bad date '2024-13'"),
        (["--from", "2024", "--to", "2023"], "--to: '2023' ends before the range starts ('2024')"),
        (["--status", "maybe"], "--status: bad status"),
        (["--tz", "Nowhere/Land", "--from", "2024-01-01T10:00"], "unknown time zone"),
        (["--limit", "99999999999999999999999"], "--limit: must be from 0 to"),
        (["--search", "?!"], "--search: '?!' has no word to look for"),
    ],
)
def test_list_rejects_bad_filters(chrono_sqlite: Chrono, args: list[str], message: str) -> None:
    _, err = chrono_sqlite("list", *args, code=4)
    assert message in err and err.count("\n") == 1


def test_list_formats(seeded: Chrono) -> None:
    import csv
    import io

    events = events_json(seeded, "--actor", "Putin")
    out, _ = seeded("list", "--actor", "Putin", "--format", "jsonl")
    assert [json.loads(line) for line in out.splitlines()] == events
    out, _ = seeded("list", "--actor", "Putin", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == [e["id"] for e in events]
    assert json.loads(rows[0]["actors"]) == events[0]["actors"]
    expected_keys = {
        "id", "title", "start", "end", "precision", "timezone", "approximate", "uncertain", "status",
        "description", "location", "actors", "roles", "tags", "sources", "created", "updated", "revision",
    }  # fmt: skip
    assert set(events[0]) == expected_keys


def test_list_table_shows_precision(seeded: Chrono) -> None:
    out, _ = seeded("list")
    lines = out.splitlines()
    assert lines[0].split() == ["DATE", "ID", "TITLE", "ACTORS"]
    by_id = {line.split("  ")[0]: line for line in lines[1:]}
    assert any(line.startswith("2024 ") and "russia-drone-launches-2024" in line for line in lines)
    assert any(line.startswith("Dec 2024 ") for line in lines)
    assert any(line.startswith("~Nov 2022 ") for line in lines)
    assert any(line.startswith("20 Jan 2025 12:00 EST ") for line in lines)
    assert by_id


# --- show, edit, rm -----------------------------------------------------------------------------


def test_show_text_and_json(seeded: Chrono) -> None:
    out, _ = seeded("show", "putin-visits-tehran")
    assert out.startswith("Putin visits Tehran\n")
    assert "19 Jul 2022" in out and "Sources:" in out
    out, _ = seeded("show", "putin-visits-tehran", "--format", "json")
    assert json.loads(out)["start"] == "2022-07-19"
    _, err = seeded("show", "no-such-event", code=3)
    assert err == "chrono: error: no event with id 'no-such-event'\n"


def test_edit_keeps_id_and_bumps_revision(chrono: Chrono) -> None:
    chrono("add", "Draft", "--date", "2024", "--id", "e1", "--actor", "A", "--tag", "x")
    chrono("edit", "e1", "--title", "Final", "--date", "2024-12-08", "--actor", "B", "--role", "B=host",
           "--remove-actor", "A", "--remove-tag", "x", "--tag", "y", "--status", "disputed")  # fmt: skip
    [event] = events_json(chrono)
    assert event["id"] == "e1"
    assert event["title"] == "Final"
    assert event["start"] == "2024-12-08" and event["precision"] == "day"
    assert event["actors"] == ["B"] and event["roles"] == {"B": "host"}
    assert event["tags"] == ["y"]
    assert event["status"] == "disputed"
    assert event["revision"] == 2
    assert event["created"] <= event["updated"]
    # An edit that changes nothing leaves the revision alone.
    chrono("edit", "e1", "--title", "Final")
    assert events_json(chrono)[0]["revision"] == 2


def test_edit_end_and_flags(chrono: Chrono) -> None:
    chrono("add", "Span", "--date", "2024-10/2024-11", "--id", "s")
    chrono("edit", "s", "--clear-end", "--approximate")
    [event] = events_json(chrono)
    assert event["end"] is None and event["approximate"] is True
    chrono("edit", "s", "--end", "2025", "--not-approximate")
    [event] = events_json(chrono)
    assert event["end"] == "2025" and event["approximate"] is False


def test_edit_errors(chrono_sqlite: Chrono) -> None:
    chrono_sqlite("add", "E", "--date", "2024", "--id", "e")
    _, err = chrono_sqlite("edit", "missing", "--title", "x", code=3)
    assert "no event with id 'missing'" in err
    _, err = chrono_sqlite("edit", "e", "--date", "2024-02-30", code=4)
    assert "bad date" in err
    _, err = chrono_sqlite("edit", "e", "--remove-actor", "Nobody", code=4)
    assert "no actor 'Nobody'" in err
    assert events_json(chrono_sqlite)[0]["revision"] == 1


def test_rm(chrono: Chrono) -> None:
    chrono("add", "Gone", "--date", "2024", "--id", "g", "--actor", "A", "--source", "https://e.org")
    _, err = chrono("rm", "g", code=4)  # no terminal to confirm on
    assert "--yes" in err
    chrono("rm", "g", "--yes")
    assert events_json(chrono) == []
    _, err = chrono("rm", "g", "--yes", code=3)
    assert "no event with id 'g'" in err


# --- actors and tags ----------------------------------------------------------------------------


def test_actors_and_tags(seeded: Chrono) -> None:
    out, _ = seeded("actors", "--format", "json")
    actors = {a["name"]: a for a in json.loads(out)}
    putin = actors["Vladimir Putin"]
    assert putin["kind"] == "person"
    assert "Putin" in putin["aliases"]
    assert putin["events"] == len(ids(seeded, "--actor", "Putin"))
    out, _ = seeded("actors")
    assert out.splitlines()[0].split() == ["NAME", "KIND", "EVENTS", "ALIASES"]
    out, _ = seeded("tags", "--format", "json")
    tags = {t["name"]: t["events"] for t in json.loads(out)}
    assert tags["diplomacy"] == len(ids(seeded, "--tag", "diplomacy"))


def test_actor_alias_rename_merge(chrono: Chrono) -> None:
    chrono("add", "One", "--date", "2024", "--actor", "V. Putin", "--id", "one")
    chrono("add", "Two", "--date", "2025", "--actor", "Vladimir Putin", "--id", "two")
    assert ids(chrono, "--actor", "Vladimir Putin") == ["two"]
    chrono("actor", "merge", "Vladimir Putin", "V. Putin")
    assert ids(chrono, "--actor", "V. Putin") == ["one", "two"]
    assert events_json(chrono)[0]["actors"] == ["Vladimir Putin"]
    chrono("actor", "alias", "Vladimir Putin", "Putin")
    assert ids(chrono, "--actor", "putin") == ["one", "two"]
    chrono("actor", "rename", "Putin", "Vladimir V. Putin")
    events = events_json(chrono)
    assert [e["actors"] for e in events] == [["Vladimir V. Putin"]] * 2
    assert all(e["revision"] >= 2 for e in events)  # calendar clients must see the new name
    assert ids(chrono, "--actor", "Vladimir Putin") == ["one", "two"]  # old name stays an alias
    _, err = chrono("actor", "alias", "Nobody", "X", code=3)
    assert "no actor named 'Nobody'" in err
    chrono("add", "Three", "--date", "2025", "--actor", "Iran")
    _, err = chrono("actor", "alias", "Iran", "Putin", code=5)
    assert "already names another actor" in err


# --- start-up and help --------------------------------------------------------------------------


def test_every_command_has_help(chrono_sqlite: Chrono) -> None:
    from typer.testing import CliRunner

    from chrono.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = [line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()]
    assert {"add", "list", "show", "edit", "rm", "actors", "actor", "tags", "import", "export"} <= set(
        commands
    )
    for command in commands:
        sub = runner.invoke(app, [command, "--help"])
        assert sub.exit_code == 0, command
        assert "Usage:" in sub.stdout


def _leaf_commands() -> dict[str, Any]:
    """Every command that runs (not a group), by its path: "list", "actor alias", …"""
    import typer.main

    import chrono.cli
    from chrono.cli.app import COMMANDS, app

    for module in {m for m, _ in COMMANDS.values()}:
        importlib.import_module(f"chrono.cli.{module}")
    found: dict[str, Any] = {}

    def walk(commands: dict[str, Any], prefix: str) -> None:
        for name, command in commands.items():
            if getattr(command, "commands", None):
                walk(command.commands, f"{prefix}{name} ")
            else:
                found[f"{prefix}{name}"] = command

    assert chrono.cli
    walk(typer.main.get_group(app).commands, "")
    return found


def test_every_command_s_help_ends_with_a_worked_example_that_parses(chrono_sqlite: Chrono) -> None:
    """Each example names its own command and only options the command has (`--help` appended, so
    nothing runs; click still refuses an unknown option or command)."""
    import shlex

    from chrono.cli.examples import EXAMPLES

    commands = _leaf_commands()
    assert sorted(EXAMPLES) == sorted(commands)
    for path in commands:
        out, _ = chrono_sqlite(*path.split(), "--help", db=False)
        assert "Example" in out.rsplit("Options:", 1)[-1], path
        for example in EXAMPLES[path]:
            assert f"  {example}\n" in out, (path, example)
            for part in example.split(" | "):
                words = shlex.split(part.split(" > ")[0])
                assert words[0] == "chrono", example
                chrono_sqlite(*words[1:], "--help", db=False)  # exits 0: the options exist
            assert f"chrono {path} " in f"{example} ", example  # an example of this very command


def test_the_lazy_command_table_matches_the_commands_the_modules_define() -> None:
    """`chrono --help` lists commands from a table without importing them: the table must be true."""
    import importlib
    import pkgutil

    import typer.main

    import chrono.cli
    from chrono.cli.app import COMMANDS, app

    for module in pkgutil.iter_modules(chrono.cli.__path__):
        importlib.import_module(f"chrono.cli.{module.name}")
    built = typer.main.get_group(app).commands  # in the order the modules happened to load
    assert sorted(built) == sorted(COMMANDS)
    for name, command in built.items():
        module, help_line = COMMANDS[name]
        assert (command.help or "").split("\n\n")[0].replace("\n", " ") == help_line, name
        owner = command.callback.__module__ if command.callback else None
        assert owner in (f"chrono.cli.{module}", None), name
        if owner is None:  # a group: its module adds it to the app
            source = importlib.import_module(f"chrono.cli.{module}").__dict__.values()
            assert any(getattr(v, "info", None) and v.info.help == help_line for v in source), name


def test_help_and_list_load_only_their_own_command_module(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from chrono.cli import main\n"
        "sys.argv = ['chrono', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('chrono.cli.')), file=sys.stderr)\n"
    )
    db = str(tmp_path / "c.db")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for args, loaded in (
        (["--help"], ["chrono.cli.app"]),
        (
            ["list", "--db", db],
            ["chrono.cli.app", "chrono.cli.events", "chrono.cli.examples", "chrono.cli.options"],
        ),
    ):
        proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
        assert proc.stderr.strip().splitlines()[-1] == repr(loaded), args


def test_bad_database_url_is_one_line(tmp_path: Path) -> None:
    chrono = Chrono("mysql://nope")
    _, err = chrono("list", code=1)
    assert err.startswith("chrono: error: unsupported database URL") and err.count("\n") == 1


def test_readme_documents_every_command() -> None:
    readme = (ROOT / "README.md").read_text()
    for command in ("add", "list", "show", "edit", "rm", "actors", "actor alias", "actor rename",
                    "actor merge", "tags", "import", "export", "serve", "feed add", "feed list",
                    "feed rm", "db copy", "extract", "log", "undo", "restore"):  # fmt: skip
        assert f"chrono {command}" in readme, command


def test_search_uses_full_text_words_and_prefixes(seeded: Chrono) -> None:
    """--search finds every word, as a prefix, ignoring case and accents, on both engines."""
    assert "putin-visits-tehran" in ids(seeded, "--search", "tehran summit")
    assert ids(seeded, "--search", "Erdogan") == ids(seeded, "--search", "erdoğan") != []
    drones = ids(seeded, "--search", "drone")
    assert "russia-drone-launches-2024" in drones
    assert set(ids(seeded, "--search", "drone", "--tag", "drones")) <= set(drones)
    assert ids(seeded, "--search", "xylophone") == []
    seeded("edit", "putin-visits-tehran", "--description", "A quite different text about zanzibar.")
    assert ids(seeded, "--search", "zanzibar") == ["putin-visits-tehran"]
    assert "putin-visits-tehran" not in ids(seeded, "--search", "summit")
    _, err = seeded("list", "--search", "'*'", code=4)
    assert "has no word to look for" in err


# --- qualifiers belong to each end (issue 10) -----------------------------------------------------


@pytest.mark.parametrize(
    "date", ["1984/2004-06~", "1984-06-02?/2004-08-08~", "1984~/2004", "2004-06%/2005?", "~1984/2004-06?"]
)
def test_qualifiers_stay_on_their_end(chrono: Chrono, tmp_path: Path, date: str) -> None:
    from chrono.dates import parse_when

    edtf = parse_when(date).edtf()
    chrono("add", "Interval", "--date", date, "--id", "interval")
    out, _ = chrono("show", "interval")
    assert f"edtf:      {edtf}" in out.splitlines()
    export = tmp_path / "timeline.json"
    chrono("export", "json", "--output", str(export))
    chrono2 = Chrono(str(tmp_path / "again.db"))
    chrono2("import", str(export))
    out2, _ = chrono2("show", "interval")
    assert f"edtf:      {edtf}" in out2.splitlines()
    again = tmp_path / "again.json"
    chrono2("export", "json", "--output", str(again))
    assert again.read_bytes() == export.read_bytes()
