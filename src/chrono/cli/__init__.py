"""The `chrono` command: options in, library call, renderer out.

`app` holds the group and the one error exit; each other module adds one group of commands, and is
imported only when one of its commands runs (`chrono.cli.app.COMMANDS`).
"""

from __future__ import annotations

from chrono.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point (also of `python -m chrono`, which is `chrono` too: in messages, and
    for shell completion, whose variable is named after the program)."""
    app(prog_name="chrono")
