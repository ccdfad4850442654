"""What `chrono stats` prints: a timeline summed up, with small text histograms for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

BAR = 40  # the longest bar, in characters


def render_stats(stats: dict[str, Any]) -> str:
    """Counts per year, the busiest actors and tags, the span covered and the gaps in sourcing."""
    lines = [
        f"events:     {stats['events']:,}",
        f"span:       {stats['first'] or '-'} – {stats['last'] or '-'}",
        f"unsourced:  {stats['unsourced']:,}",
        f"imprecise:  {stats['imprecise']:,} (known only to the month or year)",
    ]
    for title, rows in (("per year", stats["years"]), ("actors", stats["actors"]), ("tags", stats["tags"])):
        if rows:
            lines += ["", title.upper(), *_bars(rows)]
    return "\n".join(lines) + "\n"


def _bars(rows: Sequence[tuple[str, int]]) -> list[str]:
    width = max(len(label) for label, _ in rows)
    most = max(count for _, count in rows) or 1
    return [
        f"{label:<{width}}  {count:>6}  {'█' * max(1, round(count * BAR / most)) if count else ''}".rstrip()
        for label, count in rows
    ]
