"""The `chrono` command group and the one place where errors become a line on stderr and an exit code.

Commands build an input, call one library function and hand the result to a renderer; they raise
chrono's errors and never print them. `ChronoGroup.invoke` turns every error into
`chrono: error: …` on stderr and the exit code its kind carries, for every command alike.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
import typer.main
from typer.core import TyperGroup

from chrono import __version__
from chrono.errors import MAX_SHOWN, ChronoError, ExitCode, shorten

if TYPE_CHECKING:
    from chrono.db import Database


def fail(message: str, code: ExitCode = ExitCode.ERROR) -> NoReturn:
    typer.echo(f"chrono: error: {message}", err=True)
    raise typer.Exit(int(code))


# What typer itself raises to stop (usage errors, --help, Exit, Abort): it reports those its own way.
# typer 0.28 has its own copy of click's exceptions, older ones use click's: take whichever is here.
_TYPER_OWN: tuple[type[BaseException], ...] = (
    typer.Exit,
    typer.Abort,
    KeyboardInterrupt,
    getattr(typer, "TyperException", None) or __import__("click").ClickException,
)


# Every command and group under `chrono`: the module that defines it and its one-line help, in the
# order `chrono --help` lists them. A command's module is imported only when that command runs, so
# `chrono --help` and `chrono list` load none of the others; tests/test_cli.py checks this table
# against the commands the modules define.
COMMANDS: dict[str, tuple[str, str]] = {
    "actors": ("actors", "List actors with their aliases and event counts."),
    "tags": ("actors", "List tags with their event counts."),
    "import": ("data", "Import events from YAML, JSON, JSON Lines, CSV or iCalendar files, all or nothing."),
    "add": ("events", "Add an event and print its id."),
    "list": ("events", "List events in chronological order."),
    "show": ("events", "Show one event in full."),
    "edit": ("events", "Change an event; its id stays, its revision goes up."),
    "rm": (
        "events",
        "Remove an event: it leaves every list and document; feeds keep a tombstone (cancelled in "
        '.ics, under "removed" in .json) so that subscribers see it go.',
    ),
    "log": (
        "revisions",
        "Show every revision of an event: when it was made and what it changed, field by field.",
    ),
    "undo": (
        "revisions",
        "Take an event back to its previous revision, as a new revision (a removal is undone, an undo "
        "redone).",
    ),
    "restore": (
        "revisions",
        "Bring back a removed event as it was when removed, or any event as it was at --revision N (as a "
        "new revision).",
    ),
    "stats": (
        "events",
        "Sum the timeline up: events per year, the busiest actors and tags, the span covered, and the "
        "events that cite no source or are known only to a month or year. Takes the filters of `list`.",
    ),
    "export": (
        "export",
        "Publish events as an iCalendar feed, chrono JSON, TimelineJS JSON or its Sheets CSV, "
        "Markwhen, a Markdown timeline, an SVG chart (or its PNG), a self-contained HTML page, GeoJSON "
        "for a map, or the YAML and CSV event files.",
    ),
    "extract": (
        "extract",
        "Draft events from a news article: each dated statement with its date at the precision the "
        "text gives, its actors, and the article as its source with the sentence as the quote.",
    ),
    "serve": ("serve", "Serve the timeline over HTTP: calendar feeds, JSON, Markdown and a web page."),
    "actor": ("actors", "Show, rename, alias, merge and remove actors, and say what kind they are."),
    "tag": ("actors", "Rename, merge and remove tags across every event."),
    "db": ("data", "The database itself: what it holds, and moving it to another file or server."),
    "feed": ("serve", "Saved feeds: named filters that `chrono serve` publishes at /feeds/NAME.ics."),
}


def _click() -> Any:
    """The click that typer runs on: its own copy from typer 0.28, click itself before."""
    import importlib

    try:
        return importlib.import_module("typer._click")
    except ImportError:
        return importlib.import_module("click")


class ChronoGroup(TyperGroup):
    """The root group: runs the command and turns what it raises into an exit code, once for all.

    Commands load lazily: `list_commands` and the help come from `COMMANDS`, and `get_command`
    imports the one module a command needs and builds it the way typer builds every command.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"chrono.cli.{COMMANDS[cmd_name][0]}")
            built = typer.main.get_group(app)  # the commands of every module imported so far
            self.commands.update(built.commands)
        command = self.commands.get(cmd_name)
        if command is not None:
            from chrono.cli.examples import add_examples

            add_examples({cmd_name: command})  # each command's --help ends with a worked example
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except _TYPER_OWN[-1] as exc:  # a usage error: suggest among all commands, loaded or not
            message = getattr(exc, "message", "")
            if args and message.startswith("No such command") and "Did you mean" not in message:
                from difflib import get_close_matches

                matches = get_close_matches(args[0], list(COMMANDS))
                if matches:
                    exc.message = message.rstrip(".") + f". Did you mean {', '.join(map(repr, matches))}?"  # type: ignore[attr-defined]
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        from typer.core import TyperCommand

        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, TyperCommand(name, help=text).get_short_help_str(limit))
            for name, (_, text) in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Click's own errors (a bad option value, an unknown option, a missing argument) as one line
        `chrono: error: …` with exit code 2, like chrono's own, instead of click's usage block."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **kwargs)
        click = _click()
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args, **kwargs)
        except click.exceptions.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # `chrono feed`: the help is the answer
                exc.show()
                sys.exit(exc.exit_code)
            command = exc.ctx.command_path if exc.ctx is not None else "chrono"
            message = " ".join(exc.format_message().split())
            message = re.sub(r"^Invalid value for '([^']+)': ", r"\1: ", message)
            typer.echo(f"chrono: error: {shorten(message.rstrip('.'))} (see {command} --help)", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.ClickException as exc:
            typer.echo(f"chrono: error: {shorten(' '.join(exc.format_message().split()))}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:  # (typer's own copy of click has no exceptions.Abort)
            typer.echo("chrono: error: aborted", err=True)
            sys.exit(int(ExitCode.ERROR))
        sys.exit(result if isinstance(result, int) else int(ExitCode.OK))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ChronoError as exc:
            parameter = getattr(exc, "parameter", None)  # a filter parameter is an option here
            fail(f"--{parameter}: {exc}" if parameter else str(exc), exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # `chrono list | head`: the reader left; nothing more to say
            raise typer.Exit(int(ExitCode.OK)) from None
        except _TYPER_OWN:
            raise
        except OSError as exc:  # a file the system refuses: too long a name, no permission, a full disk
            if os.environ.get("CHRONO_DEBUG") or exc.strerror is None:
                raise
            name = str(exc.filename) if exc.filename else ""
            if len(name) > MAX_SHOWN:
                name = f"{name[: MAX_SHOWN - 20]}… ({len(name):,} characters)"
            fail(f"{name}: {exc.strerror}" if name else exc.strerror)
        except Exception as exc:
            if os.environ.get("CHRONO_DEBUG"):
                raise
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            fail(shorten(f"unexpected {type(exc).__name__}: {detail} (set CHRONO_DEBUG=1 for a traceback)"))


def group(help: str) -> typer.Typer:
    """A command group under `chrono` (actor, db, feed)."""
    return typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=None)


app = typer.Typer(
    name="chrono",
    cls=ChronoGroup,
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"chrono {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH_OR_URL",
            help="Database file or URL, for any command [env: CHRONO_DB].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """A timeline event database: record dated events with actors, tags and sources; query them;
    publish them as calendars, JSON and Markdown.

    The database is chrono.db in your user data folder unless --db or CHRONO_DB says otherwise
    (a file path, or a URL such as postgresql://user@host/dbname).
    """


def db_option(db: str | None) -> str | None:
    """A command's --db, or the one given before the command (`chrono --db X list`)."""
    if db is not None:
        return db
    import importlib

    ctx = importlib.import_module(_click().__name__ + ".globals").get_current_context(silent=True)
    given = ctx.find_root().params.get("db") if ctx is not None else None
    return str(given) if given is not None else None


def open_db(db: str | None) -> Database:
    from chrono.db import Database

    return Database.open(db_option(db))


def out(text: str) -> None:
    """Data to stdout (messages go to stderr)."""
    sys.stdout.write(text)
    sys.stdout.flush()


def note(text: str) -> None:
    """A message to stderr."""
    typer.echo(text, err=True)


@contextmanager
def atomic_file(path: Path, *, binary: bool = False) -> Iterator[Any]:
    """A file written under a temporary name and renamed at the end: a reader never sees half a file,
    and a failed export leaves the old one in place. Text (UTF-8) unless `binary`."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") if binary else tmp.open("w", encoding="utf-8", newline="") as handle:
            yield handle
        tmp.replace(path)
    except OSError as exc:
        raise ChronoError(f"cannot write {path}: {exc.strerror}") from exc
    finally:
        with suppress(OSError):  # a folder it could not be written in (read-only): nothing to remove
            tmp.unlink(missing_ok=True)


class Progress:
    """A count on the terminal, for imports that take a while."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, count: int) -> None:
        sys.stderr.write(f"\rimporting… {count:,} events")
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def progress() -> Progress | None:
    """A progress counter when stderr is a terminal."""
    return Progress() if sys.stderr.isatty() else None
