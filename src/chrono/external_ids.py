"""External ids: what other databases call an event or an actor (ACLED's event_id_cnty, a Wikidata
QID, a GDELT GlobalEventID), as a mapping of scheme to value: `{acled: UKR12345, wikidata: Q123}`.

Schemes are lower-case words (`wikidata`, `acled`, `gdelt`, or any other the user names); values are
kept as written. An event's external ids are part of its search text, so `--search Q123` finds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from chrono.errors import InvalidInput

SCHEME = re.compile(r"[a-z][a-z0-9_.-]{0,31}")


def check_scheme(value: Any) -> str:
    scheme = str(value).strip().lower()
    if not SCHEME.fullmatch(scheme):
        raise InvalidInput(
            f"bad external id scheme {str(value)!r}: a word of letters, digits, '.', '_' or '-' "
            "(wikidata, acled, gdelt)"
        )
    return scheme


def parse_external_ids(value: Any) -> dict[str, str]:
    """A mapping of scheme to id, checked; schemes lower case, in the order given."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInput("external_ids must be a mapping of scheme to id, as {wikidata: Q123}")
    ids: dict[str, str] = {}
    for key, given in value.items():
        if isinstance(key, str) and key.startswith("__"):
            continue
        scheme = check_scheme(key)
        if isinstance(given, bool) or not isinstance(given, (str, int)):
            raise InvalidInput(f"bad external id {scheme}: {given!r}: text or a whole number")
        text = " ".join(str(given).split())
        if not text:
            raise InvalidInput(f"empty external id for {scheme!r}")
        if scheme in ids:
            raise InvalidInput(f"two external ids for {scheme!r}")
        ids[scheme] = text
    return ids


def id_words(ids: Mapping[str, str]) -> Iterable[str]:
    """The words search finds an event by: each scheme and value."""
    for scheme, value in ids.items():
        yield f"{scheme} {value}"


def display(ids: Mapping[str, str]) -> str:
    """ "wikidata Q123, acled UKR1" for one line of text."""
    return ", ".join(f"{scheme} {value}" for scheme, value in ids.items())
