"""What tests share besides fixtures: the repository root, the `chrono` runner, one record builder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from chrono.cli import app
from chrono.dates import parse_when
from chrono.models import EventRecord

ROOT = Path(__file__).resolve().parent.parent


class Chrono:
    """Runs `chrono` commands in-process against one database, stdout and stderr kept apart."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(
        self, *args: str, code: int = 0, input: str | None = None, db: bool = True
    ) -> tuple[str, str]:
        result = self.runner.invoke(app, [*args, "--db", self.db] if db else list(args), input=input)
        if result.exit_code != code:
            raise AssertionError(
                f"chrono {' '.join(args)} exited {result.exit_code}, expected {code}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
            )
        return result.stdout, result.stderr

    def stores_nothing(self) -> bool:
        """No event stored: the database holds none, or (a failed first write) does not exist at all."""
        result = self.runner.invoke(app, ["list", "--format", "ids", "--db", self.db])
        if result.exit_code == 3:
            return "no database at" in result.stderr
        assert result.exit_code == 0, result.stderr
        return result.stdout == ""

    def create(self) -> None:
        """Create the (empty) database, as the first write would."""
        from chrono.db import Database

        database = Database.open(self.db)
        _ = database.engine
        database.dispose()


def make_record(
    event_id: str = "e1", when: str = "2024-12-08", tz: str | None = None, **changes: Any
) -> EventRecord:
    """A record dated from any form parse_when accepts; `changes` override any other field."""
    value = parse_when(when, tz=tz)
    span_start, span_end = value.span()
    fields: dict[str, Any] = {
        "id": event_id,
        "title": "An event",
        "start": value.start.iso(),
        "end": value.end.iso() if value.end else None,
        "precision": value.precision.value,
        "timezone": value.timezone,
        "approximate": value.approximate,
        "uncertain": value.uncertain,
        "status": "confirmed",
        "description": "",
        "location": None,
        "created": "2025-01-01T00:00:00Z",
        "updated": "2025-01-01T00:00:00Z",
        "revision": 1,
        "span_start": span_start,
        "span_end": span_end,
    }
    fields.update(changes)
    return EventRecord(**fields)
