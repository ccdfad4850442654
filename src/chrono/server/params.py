"""Query parameters, as the OpenAPI document describes them.

The models only describe the parameters and refuse unknown ones; the values are parsed by
`Filter.from_params` from the raw query string, exactly as a saved feed's are, and its errors name
the parameter at fault. Each format's own options come from its entry in `chrono.render.FORMATS`.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, create_model

from chrono.errors import InvalidInput
from chrono.query import Filter
from chrono.render import FORMATS

MAX_COUNT = 1_000_000_000  # keeps limits and pages inside every backend's integer range
MAX_PER_PAGE = 1000
FILTER_PARAMS = ("from", "to", "tz", "within", "actor", "tag", "search", "status", "limit", "reverse")


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FilterQuery(_Query):
    from_: str | None = Field(
        default=None,
        alias="from",
        description="Events from this date on, at any precision: 2022, 2022-07, 2022-07-19, "
        "2022-07-19T10:00, -0100 (101 BC), 1990s, 2022-21 (spring)",
    )
    to: str | None = Field(default=None, description="Events up to this date, inclusive at its precision.")
    tz: str | None = Field(default=None, description="IANA time zone for from/to times without an offset.")
    within: bool | None = Field(default=None, description="Only events entirely inside the range.")
    actor: list[str] = Field(
        default_factory=list, description="Events with this actor (name or alias); repeat for all of several."
    )
    tag: list[str] = Field(
        default_factory=list, description="Events with this tag; repeat for all of several."
    )
    search: str | None = Field(default=None, description="Text in the title, description or location.")
    status: str | None = Field(default=None, description="confirmed, disputed, retracted or draft.")
    limit: int | None = Field(default=None, ge=0, le=MAX_COUNT, description="At most this many events.")
    reverse: bool | None = Field(default=None, description="Newest first.")


class PublishQuery(FilterQuery):
    title: str | None = Field(default=None, description="The timeline's or calendar's title.")


class EventsQuery(FilterQuery):
    page: int = Field(default=1, ge=1, le=MAX_COUNT, description="Page number, from 1.")
    per_page: int = Field(default=100, ge=1, le=MAX_PER_PAGE, description="Events per page.")


class PageQuery(FilterQuery):
    lanes: Literal["none", "tag", "actor"] = Field(
        default="none", description="The timeline's lanes: one, by first tag or by first actor."
    )


class FeedQuery(_Query):
    title: str | None = Field(default=None, description="Overrides the feed's title.")


class NoQuery(_Query):
    """Routes without parameters still refuse unknown ones, so typos are not silently ignored."""


@cache
def format_query(name: str, saved: bool) -> type[BaseModel]:
    """The query model of one format's route: the filters (or, for a saved feed, none), the title,
    and the format's own options."""
    fmt = FORMATS[name]
    base: type[BaseModel] = FeedQuery if saved else PublishQuery
    options: dict[str, Any] = {
        choice.name: (
            Literal[choice.values],
            Field(default=choice.default, description=choice.help),
        )
        for choice in fmt.options
    }
    prefix = "Feed" if saved else ""
    return create_model(f"{prefix}{name.capitalize()}Query", __base__=base, **options)


def parse_filter(request: Request) -> Filter:
    """The filter of a request's query string; an error names the parameter at fault."""
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        if "\x00" in value:
            raise InvalidInput("NUL characters are not allowed", parameter=name)
        if name in FILTER_PARAMS:
            params.setdefault(name, []).append(value)
    return Filter.from_params(params)


def title_of(query: BaseModel) -> str | None:
    title = getattr(query, "title", None)
    return title if isinstance(title, str) else None


def options_of(query: BaseModel, name: str) -> dict[str, Any]:
    return {choice.name: getattr(query, choice.name) for choice in FORMATS[name].options}
