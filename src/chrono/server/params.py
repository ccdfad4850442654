"""Query parameters, as the OpenAPI document describes them.

The models only describe the parameters and refuse unknown ones; the values are parsed by
`Filter.from_params` from the raw query string, exactly as a saved feed's are, and its errors name
the parameter at fault. Each format's own options come from its entry in `chrono.render.FORMATS`.
"""

from __future__ import annotations

import keyword
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, create_model

from chrono.errors import InvalidInput
from chrono.filters import CRITERIA, PARAMS, Criterion, Filter
from chrono.render import FORMATS

MAX_COUNT = 1_000_000_000  # keeps limits and pages inside every backend's integer range
MAX_PER_PAGE = 1000


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _filter_field(row: Criterion) -> tuple[str, tuple[Any, Any]]:
    """A criterion as the API document shows it: (model field name, (type, Field))."""
    name = row.param.replace("-", "_")  # as-of: as_of
    name = name + "_" if keyword.iskeyword(name) else name
    alias: dict[str, Any] = {"alias": row.param} if name != row.param else {}
    if row.kind == "list":
        return name, (list[str], Field(default_factory=list, description=row.help, **alias))
    if row.kind == "flag":
        return name, (bool | None, Field(default=None, description=row.help, **alias))
    if row.kind == "count":
        return name, (int | None, Field(default=None, ge=0, le=MAX_COUNT, description=row.help, **alias))
    return name, (str | None, Field(default=None, description=row.help, **alias))


# The filter's parameters, one per row of chrono.filters.CRITERIA (type checkers see the base only).
if TYPE_CHECKING:
    FilterQuery = _Query
else:
    FilterQuery = create_model("FilterQuery", __base__=_Query, **dict(map(_filter_field, CRITERIA)))


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
        if name in PARAMS:
            params.setdefault(name, []).append(value)
    return Filter.from_params(params)


def title_of(query: BaseModel) -> str | None:
    title = getattr(query, "title", None)
    return title if isinstance(title, str) else None


def options_of(query: BaseModel, name: str) -> dict[str, Any]:
    return {choice.name: getattr(query, choice.name) for choice in FORMATS[name].options}
