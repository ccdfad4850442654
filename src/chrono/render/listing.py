"""What `chrono list`, `show`, `actors` and `tags` print: a table for people, JSON/CSV for programs."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from chrono.models import ActorSummary, EventRecord, TagSummary

CSV_FIELDS = (
    "id", "title", "start", "end", "precision", "timezone", "approximate", "uncertain", "status",
    "description", "location", "latitude", "longitude", "geo_precision", "actors", "roles", "tags",
    "sources", "quantities", "external_ids", "media", "created", "updated", "revision", "anchored",
)  # fmt: skip


# Text for a terminal shows control characters instead of obeying them: stored text cannot clear the
# screen, retitle the window or move the cursor (ESC[2J, ESC]0;…BEL, CR). C0 characters become their
# Unicode control pictures (ESC as ␛), DEL ␡, C1 characters �; line breaks and tabs stay. One
# character for one, so columns stay aligned.
_VISIBLE = (
    {c: 0x2400 + c for c in range(0x20) if chr(c) not in "\n\t"}
    | {0x7F: 0x2421}
    | {c: 0xFFFD for c in range(0x80, 0xA0)}
)


def terminal_text(text: str) -> str:
    """`text` with its control characters shown, not obeyed (see `_VISIBLE`)."""
    return text.translate(_VISIBLE)


def display_when(record: EventRecord, tz: str | None = None) -> str:
    """The date as people write it, at its precision ("Dec 2024", "~2024", "20 Jan 2025 12:00 EST"),
    times on the clocks of `tz` when one is given."""
    when = record.when()
    return (when.in_zone(tz) if tz else when).display()


def render_table(records: Sequence[EventRecord], *, width: int | None = None, tz: str | None = None) -> str:
    """A plain-text table: date, id, title and actors, fitted to `width` when one is given; times
    shown in `tz` when one is given."""
    if not records:
        return ""
    rows = [(display_when(r, tz), r.id, _title(r), _actors(r.actors)) for r in records]
    headers = ("DATE", "ID", "TITLE", "ACTORS")
    widths = [max(len(headers[i]), *(len(r[i]) for r in rows)) for i in range(4)]
    if width is not None:
        rest = max(width - widths[0] - widths[1] - 6, 30)
        widths[2] = min(widths[2], max(rest * 3 // 5, 20))
        widths[3] = max(rest - widths[2], 10)
    date_w, id_w, title_w, actor_w = widths
    out = [_row(headers, (date_w, id_w, title_w, actor_w))]
    out += [_row(row, (date_w, id_w, title_w, actor_w)) for row in rows]
    return terminal_text("\n".join(out) + "\n")


def _actors(names: Sequence[str], most: int = 3) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" +{len(names) - most}" if len(names) > most else "")


def _title(record: EventRecord) -> str:
    marks = {"disputed": " [disputed]", "retracted": " [retracted]", "draft": " [draft]"}
    return record.title + marks.get(record.status, "")


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    parts = [_fit(c, w).ljust(w) for c, w in zip(cells, widths, strict=True)]
    return "  ".join(parts).rstrip()


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_json(records: Iterable[EventRecord]) -> str:
    return json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=2) + "\n"


def render_jsonl(records: Iterable[EventRecord]) -> str:
    return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records)


def render_csv(records: Iterable[EventRecord]) -> str:
    """CSV that `chrono import` reads back exactly: list fields as JSON cells, formula-looking cells
    neutralised with a leading quote (see `chrono.csv_cells`)."""
    from chrono.csv_cells import list_cell, protect, source_cell, write_rows

    def cells(record: EventRecord) -> list[str]:
        data: dict[str, Any] = record.to_dict()
        data["actors"] = list_cell(record.actors)
        data["roles"] = list_cell(record.roles)
        data["tags"] = list_cell(record.tags)
        data["sources"] = source_cell(record.sources)
        for key in ("quantities", "external_ids", "media"):
            data[key] = list_cell(data.get(key) or [])
        # A number (a coordinate) is never a formula: "-0.1276" stays a number to the spreadsheet.
        return [_cell(v) if isinstance(v := data.get(f), float) else protect(_cell(v)) for f in CSV_FIELDS]

    buffer = io.StringIO()
    write_rows(buffer, [list(CSV_FIELDS)])
    write_rows(buffer, (cells(r) for r in records))
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def render_ids(records: Iterable[str]) -> str:
    return "".join(f"{r}\n" for r in records)


def render_event_text(record: EventRecord) -> str:
    """One event, in full, for `chrono show`."""
    lines = [record.title, "=" * min(len(record.title), 78)]
    fields: list[tuple[str, str | None]] = [
        ("id", record.id),
        ("date", record.date_words()),
        ("anchored", record.anchored),
        ("edtf", record.when().edtf()),
        ("precision", record.precision),
        ("timezone", record.timezone),
        ("status", record.status),
        ("location", record.location),
        ("point", record.geo.words() if record.geo else None),
        (
            "actors",
            ", ".join(f"{a} ({record.roles[a]})" if a in record.roles else a for a in record.actors),
        ),
        ("tags", ", ".join(record.tags)),
        ("revision", f"{record.revision} (created {record.created}, updated {record.updated})"),
    ]
    lines += [f"{name + ':':<10} {value}" for name, value in fields if value]
    lines += data_lines(record)
    if record.description:
        lines += ["", record.description]
    if record.sources:
        lines += ["", "Sources:"]
        for number, source in enumerate(record.sources, start=1):
            lines.append(f"  [{number}] {_source_line(source)}")
            if source.quote:
                lines.append(f"      “{source.quote}”")
    return terminal_text("\n".join(lines) + "\n")


def data_lines(record: EventRecord) -> list[str]:
    """`chrono show`'s lines for the event's quantities, external ids and media."""
    from chrono.external_ids import display

    lines = [f"{'quantity:':<10} {q.display()}" for q in record.quantities]
    if record.external_ids:
        lines.append(f"{'ids:':<10} {display(record.external_ids)}")
    if record.media is not None:
        media = record.media
        bits = [b for b in (media.caption, media.credit and f"credit: {media.credit}") if b]
        lines.append(f"{'media:':<10} {media.url}" + (f" ({'; '.join(bits)})" if bits else ""))
    return lines


def _source_line(source: Any) -> str:
    bits = [b for b in (source.title, source.publisher, source.published) if b]
    text = ", ".join(bits)
    if source.url:
        text = f"{text} <{source.url}>" if text else source.url
    if source.archive_url:
        text += f" (archived: {source.archive_url})"
    return text


def render_actors_table(actors: Sequence[ActorSummary]) -> str:
    if not actors:
        return ""
    name_w = max(4, *(len(a.name) for a in actors))
    kind_w = max(4, *(len(a.kind or "-") for a in actors))
    out = [f"{'NAME':<{name_w}}  {'KIND':<{kind_w}}  EVENTS  ALIASES"]
    for a in actors:
        out.append(
            f"{a.name:<{name_w}}  {a.kind or '-':<{kind_w}}  {a.events:>6}  {', '.join(a.aliases)}".rstrip()
        )
    return terminal_text("\n".join(out) + "\n")


def render_tags_table(tags: Sequence[TagSummary]) -> str:
    if not tags:
        return ""
    name_w = max(3, *(len(t.name) for t in tags))
    out = [f"{'TAG':<{name_w}}  EVENTS"]
    out += [f"{t.name:<{name_w}}  {t.events:>6}" for t in tags]
    return terminal_text("\n".join(out) + "\n")
