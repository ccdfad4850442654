"""Writes and reads of the event data tables (schema version 8): `event_extra` holds an event's
quantities, external ids and media as JSON, `event_quantity` one row per quantity for `--min`, and
`actor_external_id` the external ids of actors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from chrono.db import Reader, chunks
from chrono.models import EventInput, EventRecord, extra_fields

if TYPE_CHECKING:
    from chrono.media import Media
    from chrono.quantities import Quantity

DATA_TABLES = ("event_extra", "event_quantity")


def save_event_data(raw: Reader, events: Iterable[tuple[int, EventInput]]) -> None:
    """The data rows of newly linked events (their old rows are already gone)."""
    extra_rows: list[tuple[int, str]] = []
    quantity_rows: list[tuple[Any, ...]] = []
    for pk, event in events:
        if not (event.quantities or event.external_ids or event.media is not None):
            continue
        extra_rows.append((pk, json.dumps(extra_fields(event), ensure_ascii=False)))
        for position, quantity in enumerate(event.quantities):
            quantity_rows.append((pk, position, quantity.key, quantity.value, quantity.qualifier))
    raw.executemany("INSERT INTO event_extra (event_pk, data) VALUES (?, ?)", extra_rows)
    raw.executemany(
        "INSERT INTO event_quantity (event_pk, position, key, value, qualifier) VALUES (?, ?, ?, ?, ?)",
        quantity_rows,
    )


def attach_event_data(
    reader: Reader, by_pk: dict[int, EventRecord], chosen: str, params: Sequence[Any]
) -> None:
    """Fill in the quantities, external ids and media of the records whose keys `chosen` selects."""
    rows = reader.all(f"SELECT event_pk, data FROM event_extra WHERE event_pk IN ({chosen})", params)
    for pk, data in rows:
        record = by_pk.get(pk)
        if record is not None:
            record.quantities, record.external_ids, record.media = load_data(json.loads(data))


def load_data(data: dict[str, Any]) -> tuple[list[Quantity], dict[str, str], Media | None]:
    """The stored JSON back as values; it was written from checked values, so it is not checked again."""
    from chrono.media import Media
    from chrono.quantities import Quantity

    quantities = [Quantity(**q) for q in data.get("quantities") or ()]
    media = data.get("media")
    return quantities, dict(data.get("external_ids") or {}), Media(**media) if media else None


def save_actor_ids(raw: Reader, given: Sequence[tuple[int, tuple[tuple[str, str], ...]]]) -> None:
    """Set external ids of actors: a scheme given again takes the new value, others stay."""
    rows = {(actor_id, scheme): value for actor_id, ids in given for scheme, value in ids}
    if not rows:
        return
    raw.executemany("DELETE FROM actor_external_id WHERE actor_id = ? AND scheme = ?", list(rows))
    raw.executemany(
        "INSERT INTO actor_external_id (actor_id, scheme, value) VALUES (?, ?, ?)",
        [(actor_id, scheme, value) for (actor_id, scheme), value in rows.items()],
    )


def actor_ids(reader: Reader, actor_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """External ids of these actors, by actor id, schemes in alphabetical order."""
    found: dict[int, dict[str, str]] = {}
    for chunk in chunks(sorted(set(actor_ids))):
        marks = ", ".join("?" * len(chunk))
        for actor_id, scheme, value in sorted(
            reader.all(
                f"SELECT actor_id, scheme, value FROM actor_external_id WHERE actor_id IN ({marks})", chunk
            )
        ):
            found.setdefault(actor_id, {})[scheme] = value
    return found


def move_actor_ids(raw: Reader, keep_id: int, gone_id: int) -> None:
    """An actor merge: the absorbed actor's ids go to the kept one, where it has none of that scheme."""
    raw.execute(
        "UPDATE actor_external_id SET actor_id = ? WHERE actor_id = ? AND scheme NOT IN "
        "(SELECT scheme FROM actor_external_id WHERE actor_id = ?)",
        [keep_id, gone_id, keep_id],
    )
    raw.execute("DELETE FROM actor_external_id WHERE actor_id = ?", [gone_id])
