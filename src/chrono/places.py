"""Where an event happened: coordinates, how precise they are, and distances between places.

An event's place is its `location` text (kept in `EventInput.location`) plus, when known, a point:
`latitude` and `longitude` in decimal degrees (WGS 84, as GeoJSON, iCalendar GEO and every source
chrono reads write them) and `geo_precision`, a word for what the point stands for:

- `exact`: the point is the place itself (a building, a street corner);
- `town`: the town or city the event happened in;
- `near`: near that town, or somewhere in the part of a region around it;
- `region`: somewhere in the province or state the point stands for;
- `country`: somewhere in the country.

A word rather than an uncertainty radius because that is what sources say: ACLED's geo_precision
(1, 2, 3) and GDELT's geographic types name a kind of place, not a distance, and turning them into
kilometres would invent a number nobody measured. The words are ordered from fine to coarse.

`--near LAT,LON --km N` finds events within N km (great-circle distance on a sphere of the Earth's
mean radius) of a point. Each point is also stored as a unit vector (`geo_x`, `geo_y`, `geo_z`), so
the exact test is a dot product against the cosine of the angle: plain multiplication and addition,
which SQLite and PostgreSQL evaluate to the same bits, with no trigonometry in SQL (SQLite's math
functions are optional) and no PostGIS. A latitude/longitude box around the point comes first, so
an index narrows the rows before the exact test.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chrono.errors import InvalidInput

EARTH_KM = 6371.0088  # the Earth's mean radius (IUGG), in km
GEO_PRECISIONS = ("exact", "town", "near", "region", "country")
GEO_FIELDS = ("latitude", "longitude", "geo_precision")


@dataclass(frozen=True, slots=True)
class Geo:
    """A point on the Earth, in decimal degrees, and what it stands for (see `GEO_PRECISIONS`)."""

    latitude: float
    longitude: float
    precision: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The event fields that carry the point, as `chrono list --format json` writes them."""
        fields: dict[str, Any] = {"latitude": self.latitude, "longitude": self.longitude}
        if self.precision is not None:
            fields["geo_precision"] = self.precision
        return fields

    def vector(self) -> tuple[float, float, float]:
        """The point as a unit vector from the Earth's centre (x towards 0°,0°; z to the North Pole)."""
        lat, lon = math.radians(self.latitude), math.radians(self.longitude)
        return math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)

    def words(self) -> str:
        """The point as people read it, every stored digit kept: "48.8566° N, 2.3522° E (town)".
        `parse_words` reads it back."""
        north = "S" if self.latitude < 0 else "N"
        east = "W" if self.longitude < 0 else "E"
        text = f"{number_text(abs(self.latitude))}° {north}, {number_text(abs(self.longitude))}° {east}"
        return f"{text} ({self.precision})" if self.precision else text


def number_text(value: float) -> str:
    """A number as written, in the fewest digits that read back as the same float and never in
    exponent form (iCalendar's FLOAT has none): 48.8566, 2, 0.00001."""
    from decimal import Decimal

    text = format(Decimal(repr(float(value))), "f")
    return text.removesuffix(".0") if text.endswith(".0") else text


_WORDS = re.compile(
    r"(?P<lat>\d+(?:\.\d+)?)° (?P<ns>[NS]), (?P<lon>\d+(?:\.\d+)?)° (?P<ew>[EW])"
    r"(?: \((?P<precision>[a-z]+)\))?"
)


def parse_words(text: str) -> Geo | None:
    """The point that `Geo.words` wrote, or None when `text` is not written that way."""
    found = _WORDS.fullmatch(text.strip())
    if found is None:
        return None
    latitude = float(found["lat"]) * (-1 if found["ns"] == "S" else 1)
    longitude = float(found["lon"]) * (-1 if found["ew"] == "W" else 1)
    try:
        return Geo(
            coordinate(latitude, "latitude", 90),
            coordinate(longitude, "longitude", 180),
            check_precision(found["precision"]),
        )
    except InvalidInput:
        return None


def geo_from_mapping(item: Mapping[str, Any]) -> Geo | None:
    """The point of an event mapping (`latitude`, `longitude`, `geo_precision`), or None without one.

    Errors name the field at fault (`InvalidInput.field`)."""
    lat, lon, precision = (item.get(name) for name in GEO_FIELDS)
    if _blank(lat) and _blank(lon):
        if not _blank(precision):
            raise InvalidInput("geo_precision needs a latitude and a longitude", field="geo_precision")
        return None
    if _blank(lat) or _blank(lon):
        missing = "latitude" if _blank(lat) else "longitude"
        raise InvalidInput(f"give both latitude and longitude ({missing} is missing)", field=missing)
    return Geo(
        coordinate(lat, "latitude", 90),
        coordinate(lon, "longitude", 180),
        check_precision(None if _blank(precision) else precision),
    )


def point_patch(at: str | None, precision: str | None) -> dict[str, Any]:
    """`--at LAT,LON` and `--geo-precision WORD` as event fields. A new point replaces the old
    precision unless one is given with it; `--at ''` clears the point."""
    fields: dict[str, Any] = {}
    if at is not None:
        lat, comma, lon = at.partition(",")
        if at.strip() and not comma:
            raise InvalidInput(f"give a point as LAT,LON in decimal degrees (48.85,2.35), not {at!r}")
        fields = {"latitude": lat or None, "longitude": lon or None, "geo_precision": None}
    if precision is not None:
        fields["geo_precision"] = precision or None
    return fields


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def coordinate(value: Any, name: str, most: float) -> float:
    """A latitude (most 90) or longitude (most 180) in decimal degrees, from a number or its text."""
    number: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or not -most <= number <= most:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:39] + "…"
        raise InvalidInput(
            f"{name} must be a number of degrees from {-most:g} to {most:g}, not {shown}", field=name
        )
    return number + 0.0  # -0.0 is 0


def check_precision(value: Any) -> str | None:
    if value is None:
        return None
    word = str(value).strip().lower()
    if word not in GEO_PRECISIONS:
        raise InvalidInput(
            f"bad geo_precision {value!r}: use one of {', '.join(GEO_PRECISIONS)}", field="geo_precision"
        )
    return word


def distance_km(a: Geo, b: Geo) -> float:
    """The great-circle distance between two points (haversine), in km."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


# The event table's columns for a point, as `place_values` fills them (see `chrono.schema`).
PLACE_COLUMNS = ("latitude", "longitude", "geo_precision", "geo_x", "geo_y", "geo_z")


def place_values(geo: Geo | None) -> tuple[float | str | None, ...]:
    """The values of `PLACE_COLUMNS` for a point, or NULLs without one."""
    if geo is None:
        return (None,) * len(PLACE_COLUMNS)
    return (geo.latitude, geo.longitude, geo.precision, *geo.vector())


def geo_of_row(latitude: float | None, longitude: float | None, precision: str | None) -> Geo | None:
    """The point stored in a row, or None."""
    if latitude is None or longitude is None:
        return None
    return Geo(float(latitude), float(longitude), precision)


# --- the --near filter ------------------------------------------------------------------------


def parse_point(raw: str | None) -> Geo | None:
    """`--near`'s LAT,LON in decimal degrees, or None when not given."""
    if raw is None or not str(raw).strip():
        return None
    lat, comma, lon = str(raw).partition(",")
    if not comma:
        raise InvalidInput(f"give a point as LAT,LON in decimal degrees (48.85,2.35), not {raw!r}")
    return Geo(coordinate(lat, "latitude", 90), coordinate(lon, "longitude", 180))


def point_text(point: Geo) -> str:
    """A point as `--near` and query strings write it: 48.85,2.35."""
    return f"{number_text(point.latitude)},{number_text(point.longitude)}"


def parse_km(raw: str | float | None) -> float | None:
    """`--km`'s distance: a number of km above 0, or None when not given."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        distance = float(raw)
    except ValueError:
        distance = math.nan
    if not math.isfinite(distance) or distance <= 0:
        raise InvalidInput(f"must be a distance in km above 0, not {raw!r}")
    return distance


@dataclass(frozen=True, slots=True)
class Near:
    """Events within `km` of `point` (great-circle distance)."""

    point: Geo
    km: float

    @classmethod
    def parse(cls, near: str | None, km: str | float | None) -> Near | None:
        """From `--near LAT,LON` and `--km N`; errors name the parameter (near or km)."""
        try:
            point = parse_point(near)
        except InvalidInput as exc:
            raise InvalidInput(str(exc), parameter="near") from None
        try:
            distance = parse_km(km)
        except InvalidInput as exc:
            raise InvalidInput(str(exc), parameter="km") from None
        return cls.pair(point, distance)

    @classmethod
    def pair(cls, point: Geo | None, km: float | None) -> Near | None:
        """The filter of a point and a distance, or None without either; one alone is an error."""
        if point is None and km is None:
            return None
        if point is None:
            raise InvalidInput("give the point (LAT,LON) that km is measured from", parameter="near")
        if km is None:
            raise InvalidInput("give the distance from near, in km", parameter="km")
        return cls(point, km)

    def describe(self) -> str:
        return f"within {number_text(self.km)} km of {self.point.words()}"

    def condition(self, alias: str = "e") -> tuple[str, list[Any]]:
        """SQL on `alias` (the event table): a box on latitude and longitude that holds every point
        within reach, then the exact test on the stored unit vector."""
        angle = min(self.km / EARTH_KM, math.pi)
        conds: list[str] = []
        params: list[Any] = []
        margin = 1e-7  # degrees (a centimetre): the box errs on the wide side; the exact test decides
        lat0, lon0 = self.point.latitude, self.point.longitude
        reach = math.degrees(angle)
        south, north = lat0 - reach - margin, lat0 + reach + margin
        conds.append(f"{alias}.latitude BETWEEN ? AND ?")
        params += [max(south, -90.0), min(north, 90.0)]
        if south > -90 and north < 90:  # a box that holds no pole: longitudes are bounded too
            spread = math.degrees(math.asin(min(1.0, math.sin(angle) / math.cos(math.radians(lat0)))))
            west, east = lon0 - spread - margin, lon0 + spread + margin
            if west < -180:  # across the antimeridian: two ranges
                conds.append(f"({alias}.longitude >= ? OR {alias}.longitude <= ?)")
                params += [west + 360, east]
            elif east > 180:
                conds.append(f"({alias}.longitude >= ? OR {alias}.longitude <= ?)")
                params += [west, east - 360]
            else:
                conds.append(f"{alias}.longitude BETWEEN ? AND ?")
                params += [west, east]
        x, y, z = self.point.vector()
        conds.append(f"{alias}.geo_x * ? + {alias}.geo_y * ? + {alias}.geo_z * ? >= ?")
        params += [x, y, z, math.cos(angle)]
        return " AND ".join(conds), params
