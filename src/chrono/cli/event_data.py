"""`chrono add` and `chrono edit` on an event's quantities, external ids and media (their options
are in `cli.options`): the option values as event fields, and an edit's patch of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chrono.models import EventInput


def data_of(
    quantities: list[str] | None, external_ids: list[str] | None, media: str | None
) -> dict[str, Any]:
    """The options as event fields (only those given), for `fields.event_from_mapping` to check."""
    from chrono.errors import InvalidInput
    from chrono.fields import split_role

    item: dict[str, Any] = {}
    for option, form, values, key in (
        ("--quantity", "NAME=VALUE", quantities, "quantities"),
        ("--external-id", "SCHEME=ID", external_ids, "external_ids"),
    ):
        pairs: dict[str, str] = {}
        for text in values or []:
            pair = split_role(text)
            if pair is None:
                raise InvalidInput(f"{option} takes {form}, not {text!r}")
            pairs[pair[0]] = pair[1]
        if pairs:
            item[key] = pairs
    if media is not None:
        item["media"] = media
    return item


def edited_data(event: EventInput, given: dict[str, Any]) -> dict[str, Any]:
    """`chrono edit`'s patch for them: a quantity replaces the one of its name (or is added), an
    external id the one of its scheme, `--media` the media (`--media ''` takes it away)."""
    from chrono.external_ids import parse_external_ids
    from chrono.quantities import parse_quantities

    patch: dict[str, Any] = {}
    if "quantities" in given:
        new = {q.key: q for q in parse_quantities(given["quantities"])}
        merged = [new.pop(q.key, q) for q in event.quantities]  # in place, where it was
        patch["quantities"] = [q.to_dict() for q in [*merged, *new.values()]]
    if "external_ids" in given:
        patch["external_ids"] = {**event.external_ids, **parse_external_ids(given["external_ids"])}
    if "media" in given:
        patch["media"] = given["media"] or None
    return patch
