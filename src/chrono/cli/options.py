"""Options shared by several commands, declared once.

`filter_options` gives a command every filter of `chrono list` (as sqlite-utils' `output_options`
does for its output flags) and hands it one built `Filter` as `flt`. A new filter criterion is a row
in `FILTER_OPTIONS` and a row of `chrono.filters.CRITERIA`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, get_type_hints

import typer

if TYPE_CHECKING:
    pass

F = TypeVar("F", bound=Callable[..., Any])

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH_OR_URL",
        help="Database file or URL [env: CHRONO_DB].",
        show_default=False,
    ),
]
TzOpt = Annotated[
    str | None,
    typer.Option("--tz", metavar="ZONE", help="IANA time zone for times without an offset."),
]
ListTzOpt = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="IANA time zone: for times without an offset in --from/--to, and the one `list` shows times in.",
    ),
]


QuantityOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--quantity",
        metavar="NAME=VALUE",
        help="A quantity: fatalities=12, drones='>11,000 drones', wounded='~30'; repeatable.",
    ),
]
ExternalIdOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--external-id",
        metavar="SCHEME=ID",
        help="What another database calls it: wikidata=Q123; repeatable.",
    ),
]
MediaOpt = Annotated[
    str | None, typer.Option("--media", metavar="URL", help="A picture, video or page to show with it.")
]


class TableFormat(StrEnum):
    table = "table"
    json = "json"


FormatOpt = Annotated[TableFormat, typer.Option("--format", help="Output format.")]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at", metavar="LAT,LON", help="Where on the map, in decimal degrees (48.85,2.35); '' clears it."
    ),
]
GeoPrecisionOpt = Annotated[
    str | None,
    typer.Option(
        "--geo-precision", metavar="WORD", help="What --at stands for: exact, town, near, region or country."
    ),
]

# (field of Filter, annotation, default): the options every filtering command takes.
FILTER_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    (
        "start",
        Annotated[
            str | None,
            typer.Option("--from", metavar="WHEN", help="Events from this date on (any precision)."),
        ],
        None,
    ),
    (
        "end",
        Annotated[
            str | None,
            typer.Option("--to", metavar="WHEN", help="Events up to this date, inclusive at its precision."),
        ],
        None,
    ),
    (
        "within",
        Annotated[
            bool,
            typer.Option(
                "--within", help="Only events entirely inside the range, not merely overlapping it."
            ),
        ],
        False,
    ),
    (
        "actors",
        Annotated[
            list[str] | None,
            typer.Option(
                "--actor",
                metavar="NAME",
                help="Events with this actor (name or alias); repeat for all of several.",
            ),
        ],
        None,
    ),
    (
        "tags",
        Annotated[
            list[str] | None,
            typer.Option("--tag", metavar="TAG", help="Events with this tag; repeat for all of several."),
        ],
        None,
    ),
    (
        "search",
        Annotated[
            str | None,
            typer.Option(
                "--search",
                metavar="TEXT",
                help="Events whose title, description, location, actors, tags or sources have every "
                "word of TEXT, as a word or the start of one (drone finds drones), ignoring case and "
                "accents.",
            ),
        ],
        None,
    ),
    (
        "sources",
        Annotated[
            list[str] | None,
            typer.Option(
                "--source",
                metavar="NAME",
                help="Events citing a source by this publisher (reuters) or on this web domain "
                "(reuters.com); repeat for all of several.",
            ),
        ],
        None,
    ),
    (
        "status",
        Annotated[
            str | None,
            typer.Option("--status", metavar="STATUS", help="confirmed, disputed, retracted or draft."),
        ],
        None,
    ),
    (
        "near",
        Annotated[
            str | None,
            typer.Option(
                "--near",
                metavar="LAT,LON",
                help="Events with a point within --km of this one (decimal degrees, e.g. 48.85,2.35).",
            ),
        ],
        None,
    ),
    (
        "km",
        Annotated[
            str | None,
            typer.Option("--km", metavar="N", help="How far from --near, in km (great-circle distance)."),
        ],
        None,
    ),
    (
        "minimums",
        Annotated[
            list[str] | None,
            typer.Option(
                "--min",
                metavar="NAME=N",
                help="Events whose quantity NAME is known to be at least N (fatalities=10); an upper "
                "bound such as <20 is not; repeat for all of several.",
            ),
        ],
        None,
    ),
    ("limit", Annotated[int | None, typer.Option("--limit", metavar="N", help="At most N events.")], None),
    ("reverse", Annotated[bool, typer.Option("--reverse", help="Newest first.")], False),
    ("tz", ListTzOpt, None),
    (
        "as_of",
        Annotated[
            str | None,
            typer.Option(
                "--as-of",
                metavar="WHEN",
                help="The timeline as it stood then (to the end of a day given as a date, UTC or --tz): "
                "events added by then, as they were then, with those removed since.",
            ),
        ],
        None,
    ),
)


def filter_options(fn: F) -> F:
    """Add the filter options to a command; it receives them built into one `Filter` as `flt`."""
    hints = get_type_hints(fn, localns={"Filter": object}, include_extras=True)
    signature = inspect.signature(fn)
    own = [p.replace(annotation=hints[p.name]) for p in signature.parameters.values() if p.name != "flt"]
    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        for name, annotation, default in FILTER_OPTIONS
    ]
    # The filter options go before the command's own trailing ones (--format, --db) in --help.
    position = next((i for i, p in enumerate(own) if p.default is not inspect.Parameter.empty), len(own))
    parameters = [*own[:position], *extra, *own[position:]]
    parameters = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY) if p.default is not inspect.Parameter.empty else p
        for p in parameters
    ]

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from chrono.filters import Filter

        values = {name: kwargs.pop(name) for name, _, _ in FILTER_OPTIONS}
        kwargs["flt"] = Filter.build(**values)
        return fn(*args, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper  # type: ignore[return-value]
