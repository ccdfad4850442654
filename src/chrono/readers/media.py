"""What readers share about an event's data fields: media taken only when chrono can hold it (else
counted), and the quantities and external ids that chrono's own text exports write as paragraphs."""

from __future__ import annotations

from typing import Any

from chrono.errors import InvalidInput
from chrono.readers.reading import Reading


def take_media(fields: dict[str, Any], media: Any, reading: Reading) -> None:
    """Set `fields["media"]` from a reader's media (a URL or a mapping of media fields) when it is
    valid; otherwise count it as media not kept, with the reason."""
    from chrono.media import parse_media

    try:
        parsed = parse_media(media)
    except InvalidInput:
        reading.dropped["media that is not an http(s) URL"] += 1
        return
    if parsed is not None:
        fields["media"] = parsed.to_dict()


def own_data(text: str, fields: dict[str, Any]) -> bool:
    """Read chrono's "Quantities: …" or "External ids: …" paragraph into `fields`; False when the
    paragraph does not parse as chrono writes it (it is then kept as text)."""
    from chrono.quantities import parse_display

    if text.startswith("Quantities: "):
        quantities = [parse_display(part) for part in text[len("Quantities: ") :].split("; ")]
        if any(q is None for q in quantities):
            return False
        fields["quantities"] = [q.to_dict() for q in quantities if q is not None]
        return True
    ids: dict[str, str] = {}
    for part in text[len("External ids: ") :].split(", "):
        scheme, _, value = part.partition(" ")
        if not value or scheme in ids:
            return False
        ids[scheme] = value
    fields["external_ids"] = ids
    return True


def calendar_media(event: Any, reading: Reading) -> dict[str, Any] | None:
    """The media of a VEVENT from another program: its first `ATTACH` URI (a thumbnail from an RFC 7986
    `IMAGE` beside it), else its first `IMAGE` URI. Inline (base64) attachments and images are not
    URLs: they are counted, as are more attachments or images than the one media holds."""
    attach, image = _uris(event, "ATTACH", reading), _uris(event, "IMAGE", reading)
    if attach:
        media = {"url": attach[0], "thumbnail": image[0] if image else None}
    elif image:
        media = {"url": image[0]}
    else:
        return None
    extra = len(attach) + len(image) - (1 if not attach or not image else 2)
    if extra:
        reading.dropped["attachments and images beyond the first"] += extra
    return media


def _uris(event: Any, name: str, reading: Reading) -> list[str]:
    values = event.get(name)
    found = []
    for value in values if isinstance(values, list) else [values]:
        if value is None:
            continue
        params = getattr(value, "params", {})
        if params.get("ENCODING") == "BASE64" or params.get("VALUE") == "BINARY":
            reading.dropped["inline attachments and images"] += 1
        elif str(value).strip():
            found.append(str(value).strip())
    return found
