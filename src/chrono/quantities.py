"""Quantities an event states as data: "over 11,000 drones", ACLED's fatalities.

A quantity has a name (`drones`, `fatalities`), a value, a qualifier that says how the value bounds
the truth (`=` exactly, `~` about, `>` more than, `≥` at least, `<` fewer than, `≤` at most), an
optional unit and an optional source (a URL or a title, as written). Files write them as a list of
mappings, or in short as a mapping of name to a value or to text such as `">11,000 drones"`.

`--min NAME=N` finds events whose quantity NAME is known to reach N: its value is at least N and its
qualifier is not an upper bound (`<`, `≤`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chrono.errors import InvalidInput
from chrono.models import clean_name, name_key

QUALIFIERS = ("=", "~", ">", "≥", "<", "≤")
UPPER_BOUNDS = ("<", "≤")  # a value that only bounds the truth from above never reaches a minimum
_SPELLINGS = {">=": "≥", "<=": "≤", "≈": "~", "==": "="}
_WORDS = {"=": "", "~": "about ", ">": "more than ", "≥": "at least ", "<": "fewer than ", "≤": "at most "}
QUANTITY_FIELDS = frozenset({"name", "value", "qualifier", "unit", "source"})
_TEXT = re.compile(r"\s*(>=|<=|==|[=~≈>≥<≤])?\s*([0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*(.*?)\s*")
LARGEST = 1e15  # values beyond this are surely typing errors, and lose whole-number precision


@dataclass(frozen=True, slots=True)
class Quantity:
    name: str
    value: int | float
    qualifier: str = "="
    unit: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "qualifier": self.qualifier,
            "unit": self.unit,
            "source": self.source,
        }

    @property
    def key(self) -> str:
        return name_key(self.name)

    def amount(self) -> str:
        """The value in words with its unit: "more than 11,000 drones", "about 300", "12"."""
        text = _WORDS[self.qualifier] + f"{self.value:,}"
        return f"{text} {self.unit}" if self.unit else text

    def display(self) -> str:
        """ "drones: more than 11,000 drones", then "(source: …)" when it has one."""
        text = f"{self.name}: {self.amount()}"
        return f"{text} (source: {self.source})" if self.source else text


def number(value: Any) -> int | float:
    """A finite number, whole numbers as int; text may group thousands with commas ("11,000")."""
    if isinstance(value, bool):
        raise InvalidInput(f"bad quantity value {value!r}: a number")
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        try:
            value = int(text) if text.lstrip("-").isdigit() else float(text)
        except ValueError:
            raise InvalidInput(f"bad quantity value {value!r}: a number") from None
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidInput(f"bad quantity value {value!r}: a number")
    if abs(value) > LARGEST:
        raise InvalidInput(f"bad quantity value {value!r}: at most {LARGEST:,.0f}")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def check_qualifier(value: Any) -> str:
    text = "=" if value is None or value == "" else str(value).strip()
    text = _SPELLINGS.get(text, text)
    if text not in QUALIFIERS:
        raise InvalidInput(f"bad quantity qualifier {value!r}: use one of {' '.join(QUALIFIERS)}")
    return text


def parse_text(name: str, text: str) -> Quantity:
    """A quantity written as text: ">11,000 drones", "~300", "12 people"."""
    match = _TEXT.fullmatch(text)
    if match is None:
        raise InvalidInput(
            f"bad quantity {name}: {text!r}: write a number, optionally after one of "
            f'{" ".join(QUALIFIERS)} and before a unit (">11,000 drones")'
        )
    qualifier, value, unit = match.groups()
    return Quantity(
        clean_name(name, "quantity name"), number(value), check_qualifier(qualifier), unit or None
    )


def parse_quantities(value: Any) -> list[Quantity]:
    """The quantities of an event field: a list of mappings, or a mapping of name to a value or text."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        found = []
        for name, given in value.items():
            if isinstance(name, str) and name.startswith("__"):
                continue
            name = clean_name(str(name), "quantity name")
            if isinstance(given, Mapping):
                found.append(_from_mapping({"name": name, **given}))
            elif isinstance(given, str):
                found.append(parse_text(name, given))
            else:
                found.append(Quantity(name, number(given)))
        return found
    if not isinstance(value, list):
        raise InvalidInput("quantities must be a list of {name, value, qualifier, unit, source}")
    return [_from_mapping(item) for item in value]


def _from_mapping(item: Any) -> Quantity:
    if not isinstance(item, Mapping):
        raise InvalidInput(f"bad quantity {item!r}: a mapping with 'name' and 'value'")
    unknown = [k for k in item if k not in QUANTITY_FIELDS and not str(k).startswith("__")]
    if unknown:
        raise InvalidInput(f"unknown quantity field {str(unknown[0])!r}")
    name = clean_name(str(item.get("name") or ""), "quantity name")
    if item.get("value") is None or item.get("value") == "":
        raise InvalidInput(f"quantity {name!r} needs a value")
    unit, source = item.get("unit"), item.get("source")
    return Quantity(
        name,
        number(item["value"]),
        check_qualifier(item.get("qualifier")),
        " ".join(str(unit).split()) or None if unit is not None else None,
        str(source).strip() or None if source is not None else None,
    )


_DISPLAY = re.compile(
    r"(?P<name>.+?): (?P<words>about |more than |at least |fewer than |at most )?"
    r"(?P<value>-?[0-9][0-9,]*(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)"
    r"(?: (?P<unit>(?!\(source: ).+?))?(?: \(source: (?P<source>.+)\))?"
)
_QUALIFIER_OF = {words: qualifier for qualifier, words in _WORDS.items() if words}


def parse_display(text: str) -> Quantity | None:
    """The quantity of `Quantity.display()` text read back (chrono's TimelineJS export), or None."""
    match = _DISPLAY.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    try:
        value = number(match["value"])
    except InvalidInput:
        return None
    qualifier = _QUALIFIER_OF.get(match["words"] or "", "=")
    return Quantity(match["name"], value, qualifier, match["unit"] or None, match["source"] or None)


def parse_minimum(text: str) -> tuple[str, int | float]:
    """`--min NAME=N` as (name key, N)."""
    name, sep, value = text.rpartition("=")
    if not sep or not name.strip():
        raise InvalidInput(f"{text!r}: write NAME=N, as in fatalities=10")
    return name_key(name), number(value)


# --- the `--min` criterion of `chrono.filters` ------------------------------------------------------

MAX_MINIMUMS = 50


def read_minimums(raw: Any, tz: str | None = None) -> tuple[tuple[str, int | float], ...]:
    """`--min` values (NAME=N, or pairs already read) as (name key, N), each once."""
    pairs = [parse_minimum(v) if isinstance(v, str) else (name_key(v[0]), number(v[1])) for v in raw or ()]
    found = tuple(dict.fromkeys(p for p in pairs))
    if len(found) > MAX_MINIMUMS:
        raise InvalidInput(f"at most {MAX_MINIMUMS} values at once, not {len(found):,}")
    return found


def show_minimum(pair: tuple[str, int | float]) -> str:
    return f"{pair[0]}={pair[1]}"


def minimum_words(pairs: tuple[tuple[str, int | float], ...]) -> str:
    words = [f"at least {value:,} {name}" for name, value in pairs]
    return " with " + (words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1])


def minimums_sql(pairs: tuple[tuple[str, int | float], ...], scope: Any) -> tuple[str, list[Any]]:
    """Every minimum its own subquery: the event has the quantity, known to reach N (an upper bound,
    `<` or `≤`, does not say it does)."""
    conds, params = [], []
    for key, least in pairs:
        conds.append(
            "e.pk IN (SELECT q.event_pk FROM event_quantity q WHERE q.key = ? AND q.value >= ? "
            "AND q.qualifier NOT IN (?, ?))"
        )
        params += [key, least, *UPPER_BOUNDS]
    return " AND ".join(conds), params
