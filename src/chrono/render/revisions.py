"""What `chrono log` prints: each revision of an event, when it was made, and what it changed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from chrono.render.listing import terminal_text
from chrono.revisions import Revision, changes

_WIDTH = 12  # the field-name column
_LONGEST = 160  # a changed value longer than this is shortened on the terminal (JSON keeps it whole)


def kind_of(before: Revision | None, after: Revision) -> str:
    """What a revision did: added, changed, removed or restored (or, above a gap in the history,
    the earliest revision kept)."""
    if before is None:
        return "added" if after.number == 1 else "earliest kept"
    if after.removed and not before.removed:
        return "removed"
    if before.removed and not after.removed:
        return "restored"
    return "changed"


def log_entries(revisions: Sequence[Revision]) -> list[dict[str, Any]]:
    """The revisions, oldest first, each with its kind and its changes from the one before (the
    first kept one: everything it said)."""
    entries: list[dict[str, Any]] = []
    before: Revision | None = None
    for revision in revisions:
        kind = kind_of(before, revision)
        entries.append(
            {
                **revision.to_dict(),
                "kind": kind,
                "changes": changes(before.record if before else None, revision.record),
                "after_gap": (before.number if before else 0) + 1 < revision.number,
            }
        )
        before = revision
    return entries


def log_data(revisions: Sequence[Revision]) -> list[dict[str, Any]]:
    """The revisions as `chrono log --format json` and GET /events/ID/revisions give them: oldest
    first, each with revision, updated, removed, kind, the event as it then was, and its changes."""
    return [{k: v for k, v in entry.items() if k != "after_gap"} for entry in log_entries(revisions)]


def render_log_json(revisions: Sequence[Revision]) -> str:
    return json.dumps(log_data(revisions), ensure_ascii=False, indent=2) + "\n"


def render_log_text(revisions: Sequence[Revision]) -> str:
    lines: list[str] = []
    last = 0
    for entry in log_entries(revisions):
        if entry["after_gap"]:
            gap = range(last + 1, entry["revision"])
            shown = str(gap[0]) if len(gap) == 1 else f"{gap[0]}–{gap[-1]}"
            lines.append(
                f"revision{'s' if len(gap) > 1 else ''} {shown}: not kept (before chrono kept history)"
            )
        lines.append(f"revision {entry['revision']} · {entry['updated']} · {entry['kind']}")
        for change in entry["changes"]:
            lines += _change_lines(change, first=entry["kind"] in ("added", "earliest kept"))
        last = entry["revision"]
    return terminal_text("\n".join(lines) + "\n")


def _change_lines(change: dict[str, Any], *, first: bool) -> list[str]:
    name = change["field"].ljust(_WIDTH)
    if "before" in change:
        after = _short(change["after"])
        if first:
            return [f"  {name}{after}"]
        return [f"  {name}{_short(change['before'])} → {after}"]
    if first:
        return [f"  {name}{', '.join(_short(v) for v in change['added'])}"]
    marks = [f"+ {_short(v)}" for v in change["added"]] + [f"− {_short(v)}" for v in change["removed"]]
    return [f"  {name}{marks[0]}", *(f"  {'':{_WIDTH}}{m}" for m in marks[1:])]


def _short(value: Any) -> str:
    text = "(none)" if value is None or value == "" else " ".join(str(value).split())
    return text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"
