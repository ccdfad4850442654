"""Journals: jrnl's JSON export (`jrnl --export json`) and Day One's JSON export (Journal.json).

jrnl writes each entry's `date` and `time` with no zone, so times take `--tz` (without it the import
stops at the first entry and says so). jrnl fills in its `default_hour` when an entry was written with
a date only; the time it wrote is kept, as there is no telling. Day One writes `creationDate` in UTC
and the entry's `timeZone`: the time is kept in that zone.

What becomes what: the title (jrnl) or the first line of the text (Day One, a leading `#` dropped)
becomes the title, the rest the description; tags become tags (jrnl's `@` dropped), a star the tag
`starred`, a `uuid` the id (else an id derived from the date and title, so a re-import finds the entry
again). Day One's place names become the location; its coordinates, weather, photos, audio and video
are counted as not kept.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from chrono.models import check_id
from chrono.readers.reading import Reading, bad, json_item_lines

_MEDIA = ("photos", "audios", "videos", "pdfAttachments")
_PLACE = ("placeName", "localityName", "administrativeArea", "country")


def _load(text: str, name: str) -> tuple[dict[str, Any], list[int]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise bad(name, exc.lineno, f"not valid JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise bad(name, 1, "expected an object with an 'entries' list")
    return data, json_item_lines(text, "entries")


def read_jrnl(text: str, name: str, *, tz: str | None = None) -> Reading:
    """Entries of `jrnl --export json`."""
    data, lines = _load(text, name)
    reading = Reading()
    for index, entry in enumerate(data["entries"]):
        line = lines[index] if index < len(lines) else None
        if not isinstance(entry, dict):
            raise bad(name, line, f"entry {index + 1} is not an object")
        date = str(entry.get("date") or "").strip()
        if not date:
            raise bad(name, line, "an entry needs a date")
        time = str(entry.get("time") or "").strip()
        start = f"{date}T{time}" if time else date
        title = str(entry.get("title") or "").strip()
        body = str(entry.get("body") or "").strip()
        fields: dict[str, Any] = {"title": title or body.split("\n", 1)[0] or "(untitled)", "start": start}
        if body:
            fields["description"] = body
        tags = [str(t).lstrip("@#") for t in entry.get("tags") or [] if str(t).lstrip("@#")]
        if entry.get("starred"):
            tags.append("starred")
        if tags:
            fields["tags"] = tags
        if tz is not None:
            fields["timezone"] = tz
        fields["id"] = _id(entry.get("uuid"), reading, "jrnl", start, title)
        if entry.get("creator"):
            reading.dropped["creator details"] += 1
        reading.add(fields, line)
    return reading


def read_dayone(text: str, name: str, *, tz: str | None = None) -> Reading:
    """Entries of a Day One JSON export."""
    data, lines = _load(text, name)
    reading = Reading()
    for index, entry in enumerate(data["entries"]):
        line = lines[index] if index < len(lines) else None
        if not isinstance(entry, dict):
            raise bad(name, line, f"entry {index + 1} is not an object")
        zone = str(entry.get("timeZone") or tz or "UTC")
        start = _local(entry.get("creationDate"), zone, name, line)
        text_ = str(entry.get("text") or "").strip()
        first, _, rest = text_.partition("\n")
        title = first.lstrip("#").strip()
        fields: dict[str, Any] = {"title": title or "(untitled)", "start": start, "timezone": zone}
        if rest.strip():
            fields["description"] = rest.strip()
        tags = [str(t) for t in entry.get("tags") or [] if str(t).strip()]
        if entry.get("starred"):
            tags.append("starred")
        if tags:
            fields["tags"] = tags
        place = entry.get("location")
        if isinstance(place, dict):
            names = [str(place[k]) for k in _PLACE if place.get(k)]
            if names:
                fields["location"] = ", ".join(dict.fromkeys(names))
            if "latitude" in place or "longitude" in place:
                reading.dropped["coordinates"] += 1
        for key in _MEDIA:
            if entry.get(key):
                reading.dropped[key] += len(entry[key]) if isinstance(entry[key], list) else 1
        if entry.get("weather"):
            reading.dropped["weather"] += 1
        fields["id"] = _id(entry.get("uuid"), reading, "dayone", start, title)
        reading.add(fields, line)
    return reading


def _id(uuid: Any, reading: Reading, prefix: str, *parts: object) -> str:
    if isinstance(uuid, str) and uuid.strip():
        try:
            return check_id(uuid.strip())
        except ValueError:
            return reading.derive(prefix, uuid.strip())
    return reading.derive(prefix, *parts)


def _local(value: Any, zone: str, name: str, line: int | None) -> str:
    """Day One's UTC `creationDate` as wall-clock time with its offset in the entry's zone."""
    from chrono.dates import check_timezone
    from chrono.errors import DateError

    if not isinstance(value, str) or not value.strip():
        raise bad(name, line, "an entry needs a creationDate")
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise bad(name, line, f"bad creationDate {value!r}") from None
    if moment.tzinfo is None:
        raise bad(name, line, f"creationDate {value!r} has no zone")
    try:
        canonical = check_timezone(zone)
    except DateError as exc:
        raise bad(name, line, str(exc)) from exc
    if canonical == "UTC":
        return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    if canonical[0] in "+-":
        info = dt.datetime.fromisoformat("2000-01-01T00:00" + canonical).tzinfo
        assert info is not None
        return moment.astimezone(info).isoformat(timespec="seconds")
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(canonical)).isoformat(timespec="seconds")
