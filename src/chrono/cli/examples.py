"""A worked example for every command, shown at the end of its `--help`.

One table, so that every command has one (tests/test_cli.py checks that each parses as the command it
names, with options the command really has). `ChronoGroup` adds them as the commands' epilogs.
"""

from __future__ import annotations

from typing import Any

EXAMPLES: dict[str, tuple[str, ...]] = {
    "actors": ("chrono actors", "chrono actors --format json"),
    "tags": ("chrono tags",),
    "import": (
        "chrono import events/",
        "chrono import --dry-run drafts.yaml",
        "chrono import --tz Europe/Lisbon journal.json",
        "chrono list --format jsonl --db a.db | chrono import - --format jsonl --db b.db",
    ),
    "add": (
        'chrono add "Putin visits Tehran" --date 2022-07-19 --actor "Vladimir Putin" --tag diplomacy',
        'chrono add "Talks in Vienna" --date "2025-03-01 14:00" --tz Europe/Vienna'
        ' --source https://example.org/report --quote "the talks ended without a deal"',
    ),
    "list": (
        "chrono list --actor Putin --from 2022 --to 2022",
        "chrono list --search drones --source reuters --format csv",
    ),
    "show": ("chrono show putin-visits-tehran",),
    "edit": ('chrono edit putin-visits-tehran --location Tehran --role "Ebrahim Raisi=host"',),
    "rm": ("chrono rm putin-visits-tehran --yes",),
    "restore": ("chrono restore putin-visits-tehran", "chrono restore putin-visits-tehran --revision 2"),
    "log": ("chrono log putin-visits-tehran", "chrono log putin-visits-tehran --format json"),
    "undo": ("chrono undo putin-visits-tehran",),
    "stats": ("chrono stats", "chrono stats --actor Putin --format json"),
    "export": (
        "chrono export ics --actor Putin -o putin.ics",
        "chrono export yaml -o timeline.yaml",
    ),
    "extract": ("chrono extract article.txt --published 2025-01-14 -o drafts.yaml",),
    "serve": ("chrono serve --port 8765",),
    "actor alias": ('chrono actor alias "Vladimir Putin" Putin',),
    "actor rename": ('chrono actor rename "Zelensky" "Volodymyr Zelensky"',),
    "actor merge": ('chrono actor merge "Vladimir Putin" "V. Putin"',),
    "actor show": ("chrono actor show Putin",),
    "actor kind": ('chrono actor kind "Wagner Group" group',),
    "actor rm": ('chrono actor rm "Nobody Known" --force',),
    "tag rename": ("chrono tag rename ukraine-war war-in-ukraine",),
    "tag merge": ("chrono tag merge drones drone",),
    "tag rm": ("chrono tag rm obsolete --force",),
    "db info": ("chrono db info --db news.db",),
    "db copy": ("chrono db copy chrono.db postgresql://newsroom@db.example.org/chrono",),
    "feed add": ('chrono feed add putin --actor Putin --title "Putin and Iran"',),
    "feed list": ("chrono feed list",),
    "feed show": ("chrono feed show putin",),
    "feed edit": ("chrono feed edit putin --tag iran --clear from",),
    "feed rm": ("chrono feed rm putin",),
}


def add_examples(commands: dict[str, Any], prefix: str = "") -> None:
    """Give each command (and each command of a group) its examples as the epilog of its help."""
    for name, command in commands.items():
        path = f"{prefix}{name}"
        if path in EXAMPLES and not command.epilog:
            lines = "\n".join(f"  {example}" for example in EXAMPLES[path])
            command.epilog = f"\b\nExample{'s' if len(EXAMPLES[path]) > 1 else ''}:\n{lines}"
        if getattr(command, "commands", None):
            add_examples(command.commands, f"{path} ")
