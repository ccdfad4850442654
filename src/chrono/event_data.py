"""The fields an event carries as data besides its text: `quantities`, `external_ids`, `media`.

Checked here for `fields.event_from_mapping`, each error pinned on its field, so that the model's
core module only names them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from chrono.fields import blame

if TYPE_CHECKING:
    from chrono.media import Media
    from chrono.quantities import Quantity

DATA_FIELDS = ("quantities", "external_ids", "media")


def parse_event_data(item: Mapping[str, Any]) -> tuple[list[Quantity], dict[str, str], Media | None]:
    """The quantities, external ids and media of an event mapping (empty when it gives none)."""
    if not any(item.get(name) is not None for name in DATA_FIELDS):
        return [], {}, None
    from chrono.external_ids import parse_external_ids
    from chrono.media import parse_media
    from chrono.quantities import parse_quantities

    with blame("quantities"):
        quantities = parse_quantities(item.get("quantities"))
    with blame("external_ids"):
        external_ids = parse_external_ids(item.get("external_ids"))
    with blame("media"):
        media = parse_media(item.get("media"))
    return quantities, external_ids, media


def shown_data(item: Mapping[str, Any]) -> tuple[list[Quantity], dict[str, str]]:
    """The quantities and external ids of an event mapping, as a text export shows them (to find
    and strip that text again on import); raises InvalidInput when they are not valid."""
    from chrono.external_ids import parse_external_ids
    from chrono.quantities import parse_quantities

    return parse_quantities(item.get("quantities")), parse_external_ids(item.get("external_ids"))
