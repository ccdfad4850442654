"""The `chrono serve` and `chrono feed` commands (kept apart from cli.py, which they join)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer


def register(app: typer.Typer, command: Callable[[Any], Any]) -> None:
    """Add the server and feed commands to `app`, wrapping each with `command` (cli._command)."""
