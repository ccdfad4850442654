"""The `chrono` command: options in, library call, renderer out.

`app` holds the group and the one error exit; each other module adds one group of commands.
"""

from __future__ import annotations

from chrono.cli import actors, data, events, export, extract, serve
from chrono.cli.app import app

__all__ = ["actors", "app", "data", "events", "export", "extract", "main", "serve"]


def main() -> None:
    """Console-script entry point."""
    app()
