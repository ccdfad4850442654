"""`chrono serve`: the timeline over HTTP, as calendar feeds, JSON and a small web page.

Every feed goes through `chrono.publish.publish`, the function `chrono export` uses, so a URL and an
export with the same filter give the same bytes. Query strings are parsed by `Filter.from_params`,
the same parser saved feeds use. Responses carry a strong ETag (the SHA-256 of the body) so that
calendar apps can poll cheaply and can never be told "not modified" about a changed database.

The app comes from `create_app`, so tests build it over a temporary database; importing this module
touches no database. `chrono serve` (in `serve_cli`) imports it only when asked to serve, because
FastAPI costs more to import than `chrono list` may take.
"""

import hashlib
import hmac
import html
import json
import logging
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Annotated, Any, Literal, cast
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chrono import __version__
from chrono.db import Database
from chrono.errors import ChronoError, InvalidInput, NotFound
from chrono.feeds import NAME_RE, SavedFeed, get_feed, list_feeds
from chrono.fields import TextError, check_text
from chrono.models import EventInput, EventRecord
from chrono.publish import DEFAULT_TITLE, publish
from chrono.query import Filter, fetch_records, get_event, list_actors, list_tags

log = logging.getLogger("chrono.server")

DEFAULT_MAX_AGE = 300
MAX_COUNT = 1_000_000_000  # keeps limits and pages inside every backend's integer range
MAX_PER_PAGE = 1000
FILTER_PARAMS = ("from", "to", "tz", "within", "actor", "tag", "search", "status", "limit", "reverse")

# Where each publishing format is served: the whole database, and each saved feed.
PUBLISHED_PATHS = {
    "ics": "/calendar.ics",
    "json": "/timeline.json",
    "timelinejs": "/timeline.timelinejs.json",
    "markdown": "/timeline.md",
}
FEED_SUFFIXES = {"ics": ".ics", "json": ".json", "timelinejs": ".timelinejs.json", "markdown": ".md"}

_EVENT_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


# --- errors -----------------------------------------------------------------------------------


class BadParameter(InvalidInput):
    """A query parameter that cannot be used; the response names it."""

    http_status = 400

    def __init__(self, message: str, parameter: str | None) -> None:
        super().__init__(message)
        self.parameter = parameter


class BadField(InvalidInput):
    """A request body that `chrono add` would refuse; the response names the field when it can."""

    def __init__(self, message: str, field: str | None, value: Any = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class Unauthorized(ChronoError):
    """A write without the server's token (or to a server that has none)."""

    http_status = 401


# --- query parameters, as documented in the OpenAPI schema ------------------------------------
# The models only describe the parameters and refuse unknown ones; the values are parsed by
# `Filter.from_params` from the raw query string, exactly as a saved feed's are.


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FilterQuery(_Query):
    from_: str | None = Field(
        default=None,
        alias="from",
        description="Events from this date on, at any precision: 2022, 2022-07, 2022-07-19, 2022-07-19T10:00",
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
    status: str | None = Field(default=None, description="confirmed, disputed or retracted.")
    limit: int | None = Field(default=None, ge=0, le=MAX_COUNT, description="At most this many events.")
    reverse: bool | None = Field(default=None, description="Newest first.")


class PublishQuery(FilterQuery):
    title: str | None = Field(default=None, description="The timeline's or calendar's title.")


class IcsQuery(PublishQuery):
    imprecise: Literal["marker", "span", "omit"] = Field(
        default="marker",
        description="Month and year events as a one-day marker, the whole span, or left out.",
    )


class TimelineQuery(PublishQuery):
    group_by: Literal["none", "tag", "actor"] = Field(
        default="none", description="Group events by their first tag or first actor."
    )


class EventsQuery(FilterQuery):
    page: int = Field(default=1, ge=1, le=MAX_COUNT, description="Page number, from 1.")
    per_page: int = Field(default=100, ge=1, le=MAX_PER_PAGE, description="Events per page.")


class FeedQuery(_Query):
    title: str | None = Field(default=None, description="Overrides the feed's title.")


class FeedIcsQuery(FeedQuery):
    imprecise: Literal["marker", "span", "omit"] = Field(
        default="marker", description=IcsQuery.model_fields["imprecise"].description
    )


class FeedTimelineQuery(FeedQuery):
    group_by: Literal["none", "tag", "actor"] = Field(
        default="none", description=TimelineQuery.model_fields["group_by"].description
    )


class NoQuery(_Query):
    """Routes without parameters still refuse unknown ones, so typos are not silently ignored."""


_FORMAT_QUERIES: dict[str, tuple[type[_Query], type[_Query]]] = {
    "ics": (IcsQuery, FeedIcsQuery),
    "json": (PublishQuery, FeedQuery),
    "timelinejs": (TimelineQuery, FeedTimelineQuery),
    "markdown": (PublishQuery, FeedQuery),
}


def parse_filter(request: Request) -> Filter:
    """The filter of a request's query string, with any error pinned on the parameter at fault."""
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        if "\x00" in value:
            raise BadParameter(f"{name}: NUL characters are not allowed", name)
        if name in FILTER_PARAMS:
            params.setdefault(name, []).append(value)
    return filter_from_params(params)


def filter_from_params(params: Mapping[str, Sequence[str]]) -> Filter:
    try:
        return _checked_filter(params)
    except InvalidInput as exc:
        raise BadParameter(_plain(str(exc)), _culprit(params)) from exc


def _checked_filter(params: Mapping[str, Sequence[str]]) -> Filter:
    return Filter.from_params(params)


def _culprit(params: Mapping[str, Sequence[str]]) -> str | None:
    """Which parameter makes the filter fail: the first that fails on its own (with its zone)."""
    for name in ("tz", "from", "to", "status", "within", "reverse", "limit", "search", "actor", "tag"):
        if name not in params:
            continue
        alone = {name: params[name]}
        if name in ("from", "to") and "tz" in params:
            alone["tz"] = params["tz"]
        try:
            _checked_filter(alone)
        except InvalidInput:
            return name
    return "to" if "to" in params else None  # each is fine alone: `to` is before `from`


def _plain(message: str) -> str:
    """CLI option names in library messages become query parameter names."""
    return re.sub(r"--(" + "|".join(FILTER_PARAMS) + r")\b", r"\1", message)


# --- HTTP plumbing ----------------------------------------------------------------------------


class HeadAsGet:
    """Answer HEAD on every GET route: run the GET and send its headers without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def http_date(timestamp: str) -> str | None:
    """An HTTP date from a stored UTC timestamp (2025-01-20T17:00:00Z); None if it is not one."""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest() + '"'


def not_modified(request: Request, etag: str) -> bool:
    """True when the client's copy is this very body.

    Only If-None-Match is honoured. If-Modified-Since is ignored on purpose: the newest `updated`
    among the served events does not move when an event is removed, leaves the filter or is
    imported with old timestamps, so a date could call a changed feed unchanged. The body hash
    cannot.
    """
    header = request.headers.get("if-none-match")
    if header is None:
        return False
    if header.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in header.split(","))


def _error_body(message: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"error": message}
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- request bodies ---------------------------------------------------------------------------

_STRING_OR_NULL: dict[str, Any] = {"type": ["string", "null"]}
_SOURCE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "description": "A URL."},
        {
            "type": "object",
            "properties": {
                k: _STRING_OR_NULL for k in ("url", "title", "publisher", "published", "archive_url", "quote")
            },
            "additionalProperties": False,
        },
    ]
}
EVENT_FIELDS_SCHEMA: dict[str, Any] = {
    "id": {
        "type": "string",
        "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
        "description": "Generated if absent.",
    },
    "title": {"type": "string", "minLength": 1},
    "start": {
        "type": "string",
        "description": "2024, 2024-12, 2024-12-08, 2025-01-20T12:00-05:00, or an interval start/end.",
        "examples": ["2024-12-08"],
    },
    "end": {**_STRING_OR_NULL, "description": "Last date of a span, inclusive."},
    "timezone": {**_STRING_OR_NULL, "description": "IANA time zone for times without an offset."},
    "approximate": {"type": "boolean"},
    "uncertain": {"type": "boolean"},
    "status": {"type": "string", "enum": ["confirmed", "disputed", "retracted"]},
    "description": {"type": "string"},
    "location": _STRING_OR_NULL,
    "actors": {"type": "array", "items": {"type": "string"}},
    "roles": {"type": "object", "additionalProperties": {"type": "string"}},
    "tags": {"type": "array", "items": {"type": "string"}},
    "sources": {"type": "array", "items": _SOURCE_SCHEMA},
}
EVENT_INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": EVENT_FIELDS_SCHEMA,
    "required": ["title", "start"],
    "description": "The fields of `chrono list --format json` (created, updated, revision are ignored).",
}
EVENT_PATCH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": EVENT_FIELDS_SCHEMA,
    "description": "Only the fields to change; null clears end, timezone and location.",
}


def _body_schema(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


async def read_json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object of text chrono can store, or a 422 naming the problem."""
    raw = await request.body()
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise BadField(f"the body is not valid JSON: {exc}", None) from None
    if not isinstance(data, dict):
        raise BadField("the body must be a JSON object of event fields", None)
    try:
        check_text(data)
    except TextError as exc:
        raise BadField(str(exc), exc.field) from None
    return data


def validate_event(item: Mapping[str, Any]) -> EventInput:
    """Validate as `chrono add` and `chrono import` do, naming the field at fault on failure."""
    from chrono.fields import event_from_mapping

    try:
        event, _stamp = event_from_mapping(item)
    except InvalidInput as exc:
        field = _blame(item)
        raise BadField(str(exc), field, item.get(field) if field else None) from exc
    return event


_WHEN_KEYS = ("start", "date", "end", "timezone", "tz", "approximate", "uncertain", "precision")


def _blame(item: Mapping[str, Any]) -> str | None:
    """The first field that fails on its own, with only the date fields it depends on."""
    from chrono.dates import check_timezone
    from chrono.fields import event_from_mapping

    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        return "title"
    if "start" in item and "date" in item:
        return "date"
    start_key = "date" if "date" in item and "start" not in item else "start"
    if item.get(start_key) in (None, ""):
        return start_key
    zone: dict[str, Any] = {}
    for key in ("timezone", "tz"):
        if item.get(key) is not None:
            try:
                check_timezone(item[key])
            except (ChronoError, TypeError, AttributeError):
                return key
            zone[key] = item[key]
    base: dict[str, Any] = {"title": "x", start_key: item[start_key], **zone}
    probes: list[tuple[str, dict[str, Any]]] = [(start_key, base)]
    probes += [(k, {**base, "end": item.get("end"), k: item[k]}) for k in _WHEN_KEYS[2:] if k in item]
    probes += [(k, {"title": "x", "start": "2000", k: item[k]}) for k in item if k not in _WHEN_KEYS]
    for key, probe in probes:
        try:
            event_from_mapping(probe)
        except ChronoError:
            return key
    return None


def event_fields(event: EventInput) -> dict[str, Any]:
    """A stored event's fields as `chrono list --format json` names them (without the stamps)."""
    when = event.when
    return {
        "id": event.id,
        "title": event.title,
        "start": when.start.iso(),
        "end": when.end.iso() if when.end else None,
        "timezone": when.timezone,
        "approximate": when.approximate,
        "uncertain": when.uncertain,
        "status": event.status,
        "description": event.description,
        "location": event.location,
        "actors": [a.name for a in event.actors],
        "roles": {a.name: a.role for a in event.actors if a.role},
        "tags": list(event.tags),
        "sources": [s.to_dict() for s in event.sources],
    }


def merge_patch(current: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """The event's fields with `patch` laid over them, ready to validate as a whole."""
    if "id" in patch and patch["id"] != current["id"]:
        raise BadField("an event's id never changes", "id", patch["id"])
    merged = dict(current)
    new_start = patch.get("start", patch.get("date"))
    if "date" in patch:
        merged.pop("start")
    if isinstance(new_start, str) and "/" in new_start and "end" not in patch:
        merged["end"] = None  # an interval replaces the old end
    merged.update(
        {k: v for k, v in patch.items() if k not in ("created", "updated", "revision", "precision")}
    )
    return merged


# --- the app ----------------------------------------------------------------------------------


def create_app(
    db_url: str,
    *,
    token: str | None = None,
    base_url: str | None = None,
    cors_origins: Sequence[str] = ("*",),
    max_age: int = DEFAULT_MAX_AGE,
) -> FastAPI:
    """The chrono web app over the database at `db_url` (a path or URL, as `--db` takes).

    Writes are possible only when `token` is given, and then only with `Authorization: Bearer`.
    `base_url` is the public address used in links (behind a proxy); without it, the request's.
    The database is opened (and upgraded if need be) here, so a bad one fails at start.
    """
    if token is not None and not token.strip():
        raise InvalidInput("the server token is empty")
    db = Database.open(db_url)
    with db.reader():
        pass  # creates or upgrades the schema once, before requests race to do it
    if token is not None:
        _ = db.engine  # the write engine too, for the same reason
    cache_control = f"public, max-age={max_age}"

    app = FastAPI(
        title="chrono",
        version=__version__,
        description=(
            "A timeline event database: calendar feeds, JSON and Markdown, with the filters of "
            "`chrono list` as query parameters. Writes need `Authorization: Bearer <token>`."
        ),
    )
    app.add_middleware(HeadAsGet)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(cors_origins),
        allow_methods=["GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "If-None-Match", "If-Modified-Since"],
        expose_headers=["ETag", "Last-Modified", "Location"],
        max_age=600,
    )
    _add_error_handlers(app)
    bearer = HTTPBearer(auto_error=False, description="The token given to `chrono serve --token-file`.")

    def base(request: Request) -> str:
        return (base_url or str(request.base_url)).rstrip("/")

    def cached(request: Request, body: bytes, media_type: str, last_modified: str | None = None) -> Response:
        etag = etag_of(body)
        headers = {"ETag": etag, "Cache-Control": cache_control}
        stamp = http_date(last_modified) if last_modified else None
        if stamp:
            headers["Last-Modified"] = stamp
        if not_modified(request, etag):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=media_type, headers=headers)

    def require_token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        if token is None:
            raise Unauthorized("this server is read-only: start it with --token-file to allow writes")
        given = credentials.credentials if credentials else ""
        if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
            raise Unauthorized("a valid 'Authorization: Bearer <token>' header is required")

    def publish_response(
        request: Request, fmt: str, flt: Filter, title: str | None, options: Mapping[str, Any]
    ) -> Response:
        with db.reader() as reader:
            result = publish(reader, fmt, flt, title=title, **options)
        return cached(request, result.text.encode("utf-8"), result.format.media_type, result.last_modified)

    # --- published formats: the whole database, and saved feeds ----------------------------

    def add_publish_routes(fmt: str) -> None:
        query_type, feed_query_type = _FORMAT_QUERIES[fmt]
        summary = {"ics": "iCalendar", "json": "chrono JSON", "timelinejs": "TimelineJS JSON"}
        what = summary.get(fmt, fmt.capitalize())
        responses = _content_responses(fmt)

        def published(request: Request, query: Annotated[query_type, Query()]) -> Response:  # type: ignore[valid-type]
            flt = parse_filter(request)
            return publish_response(request, fmt, flt, _title(query), _options(query))

        def feed(name: str, request: Request, query: Annotated[feed_query_type, Query()]) -> Response:  # type: ignore[valid-type]
            with db.reader() as reader:
                saved = _get_feed(reader, name)
            flt = filter_from_params(saved.params)
            title = _title(query) or saved.title or saved.name
            return publish_response(request, fmt, flt, title, _options(query))

        app.add_api_route(
            PUBLISHED_PATHS[fmt],
            published,
            methods=["GET"],
            summary=f"All events (filtered) as {what}",
            response_class=Response,
            responses=responses,
            name=f"published_{fmt}",
        )
        app.add_api_route(
            "/feeds/{name}" + FEED_SUFFIXES[fmt],
            feed,
            methods=["GET"],
            summary=f"A saved feed as {what}",
            response_class=Response,
            responses={**responses, 404: {"description": "No such feed."}},
            name=f"feed_{fmt}",
        )

    # Longest suffix first: /feeds/x.timelinejs.json must not be taken for feed "x.timelinejs".
    for fmt in sorted(FEED_SUFFIXES, key=lambda f: -len(FEED_SUFFIXES[f])):
        add_publish_routes(fmt)

    @app.get("/feeds", summary="Saved feeds and their URLs")
    def feeds_index(request: Request, _: Annotated[NoQuery, Query()]) -> Response:
        with db.reader() as reader:
            saved = list_feeds(reader)
        root = base(request)
        data = [{**f.to_dict(), "urls": saved_feed_urls(root, f.name)} for f in saved]
        return cached(request, _json_bytes(data), "application/json")

    # --- events, actors, tags --------------------------------------------------------------

    @app.get("/events", summary="Events, filtered and paginated")
    def events_index(request: Request, query: Annotated[EventsQuery, Query()]) -> Response:
        flt = parse_filter(request)
        with db.reader() as reader:
            sql, params = flt.sql("e.pk", dialect=reader.dialect)
            pks = [row[0] for row in reader.all(sql, params)]
            first = (query.page - 1) * query.per_page
            page_pks = pks[first : first + query.per_page]
            records = fetch_records(reader, page_pks) if page_pks else []
        newest = max((r.updated for r in records), default=None)

        def page_url(page: int) -> str:
            items = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
            return f"{base(request)}/events?{urlencode([*items, ('page', str(page))])}"

        data = {
            "events": [r.to_dict() for r in records],
            "total": len(pks),
            "page": query.page,
            "per_page": query.per_page,
            "next": page_url(query.page + 1) if first + query.per_page < len(pks) else None,
            "previous": page_url(query.page - 1) if query.page > 1 else None,
        }
        return cached(request, _json_bytes(data), "application/json", newest)

    @app.get(
        "/events/{event_id}",
        summary="One event",
        responses={404: {"description": "No such event."}},
    )
    def event_detail(event_id: str, request: Request, _: Annotated[NoQuery, Query()]) -> Response:
        with db.reader() as reader:
            record = _get_event(reader, event_id)
        return cached(request, _json_bytes(record.to_dict()), "application/json", record.updated)

    @app.get("/actors", summary="Actors with their aliases and event counts")
    def actors_index(request: Request, _: Annotated[NoQuery, Query()]) -> Response:
        with db.reader() as reader:
            actors = list_actors(reader)
        return cached(request, _json_bytes([a.to_dict() for a in actors]), "application/json")

    @app.get("/tags", summary="Tags with their event counts")
    def tags_index(request: Request, _: Annotated[NoQuery, Query()]) -> Response:
        with db.reader() as reader:
            tags = list_tags(reader)
        return cached(request, _json_bytes([t.to_dict() for t in tags]), "application/json")

    # --- writes: only with the token ---------------------------------------------------------

    write_responses: dict[int | str, dict[str, Any]] = {
        401: {"description": "No valid token, or the server has none."},
        422: {"description": "The event is not valid; the error names the field."},
    }

    @app.post(
        "/events",
        summary="Add an event",
        status_code=201,
        openapi_extra=_body_schema(EVENT_INPUT_SCHEMA),
        responses={**write_responses, 409: {"description": "The id is taken."}},
    )
    async def create_event(
        request: Request,
        _auth: Annotated[None, Depends(require_token)],
        _: Annotated[NoQuery, Query()],
    ) -> Response:
        item = await read_json_object(request)
        record = await run_in_threadpool(_create, item)
        return _written(request, record, 201)

    def _create(item: dict[str, Any]) -> EventRecord:
        from chrono.store import add_event

        for stamp in ("created", "updated", "revision"):
            item.pop(stamp, None)  # the server keeps time, as `chrono add` does
        event_id = add_event(db, validate_event(item))
        with db.reader() as reader:
            return get_event(reader, event_id)

    @app.patch(
        "/events/{event_id}",
        summary="Change some fields of an event",
        openapi_extra=_body_schema(EVENT_PATCH_SCHEMA),
        responses={**write_responses, 404: {"description": "No such event."}},
    )
    async def update_event(
        event_id: str,
        request: Request,
        _auth: Annotated[None, Depends(require_token)],
        _: Annotated[NoQuery, Query()],
    ) -> Response:
        patch = await read_json_object(request)
        record = await run_in_threadpool(_update, event_id, patch)
        return _written(request, record, 200)

    def _update(event_id: str, patch: dict[str, Any]) -> EventRecord:
        from chrono.store import edit_event

        if not _EVENT_ID_RE.fullmatch(event_id):
            raise NotFound(f"no event with id {event_id!r}")
        # The patch is laid over the event as read in the write transaction, so a concurrent edit
        # of other fields is kept, not undone.
        edit_event(db, event_id, lambda current: validate_event(merge_patch(event_fields(current), patch)))
        with db.reader() as reader:
            return get_event(reader, event_id)

    @app.delete(
        "/events/{event_id}",
        summary="Remove an event for good",
        status_code=204,
        responses={401: write_responses[401], 404: {"description": "No such event."}},
    )
    def delete_event(
        event_id: str,
        _auth: Annotated[None, Depends(require_token)],
        _: Annotated[NoQuery, Query()],
    ) -> Response:
        from chrono.store import remove_event

        if not _EVENT_ID_RE.fullmatch(event_id):
            raise NotFound(f"no event with id {event_id!r}")
        remove_event(db, event_id)
        return Response(status_code=204)

    def _written(request: Request, record: EventRecord, status: int) -> Response:
        headers = {"Cache-Control": "no-store", "ETag": etag_of(_json_bytes(record.to_dict()))}
        if status == 201:
            headers["Location"] = f"{base(request)}/events/{record.id}"
        return Response(
            _json_bytes(record.to_dict()), status_code=status, media_type="application/json", headers=headers
        )

    # --- the page ----------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, summary="A page with the feeds and the timeline")
    def index(request: Request, _: Annotated[NoQuery, Query()]) -> Response:
        with db.reader() as reader:
            saved = list_feeds(reader)
            count = reader.all("SELECT COUNT(*) FROM event")[0][0]
        page = render_index(base(request), saved, count)
        return HTMLResponse(page, headers={"Cache-Control": "no-cache"})

    return app


def _title(query: BaseModel) -> str | None:
    return cast(PublishQuery | FeedQuery, query).title


def _options(query: BaseModel) -> dict[str, Any]:
    return {k: getattr(query, k) for k in ("imprecise", "group_by") if hasattr(query, k)}


def _content_responses(fmt: str) -> dict[int | str, dict[str, Any]]:
    from chrono.render import FORMATS

    media_type = FORMATS[fmt].media_type.split(";")[0]
    return {
        200: {"content": {media_type: {}}, "description": f"The events as {media_type}."},
        304: {"description": "Not modified: the If-None-Match ETag is still current."},
        400: {"description": "A bad query parameter; the error names it."},
    }


def _get_feed(reader: Any, name: str) -> SavedFeed:
    if not NAME_RE.fullmatch(name):
        raise NotFound(f"no feed named {name!r}")
    return get_feed(reader, name)


def _get_event(reader: Any, event_id: str) -> EventRecord:
    if not _EVENT_ID_RE.fullmatch(event_id):
        raise NotFound(f"no event with id {event_id!r}")
    return get_event(reader, event_id)


def _add_error_handlers(app: FastAPI) -> None:
    """One place that turns errors into JSON: chrono's own kinds by their `http_status`."""

    async def chrono_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ChronoError)
        body = _error_body(
            str(exc),
            parameter=getattr(exc, "parameter", None),
            field=getattr(exc, "field", None),
            value=getattr(exc, "value", None),
        )
        headers = {"WWW-Authenticate": 'Bearer realm="chrono"'} if isinstance(exc, Unauthorized) else None
        if exc.http_status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return JSONResponse(body, status_code=exc.http_status, headers=headers)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = list(exc.errors())
        unknown = [e for e in errors if e.get("type") == "extra_forbidden"]
        first = unknown[0] if unknown else errors[0]
        loc = [str(part) for part in first.get("loc", ())]
        where = loc[0] if loc else "request"
        name = loc[1] if len(loc) > 1 else None
        if unknown:
            return JSONResponse(
                _error_body(f"unknown query parameter {name!r}", parameter=name), status_code=400
            )
        message = f"{name}: {first.get('msg', 'invalid')}" if name else str(first.get("msg", "invalid"))
        if where == "query":
            return JSONResponse(_error_body(message, parameter=name), status_code=400)
        return JSONResponse(_error_body(message, field=name), status_code=422)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return JSONResponse(_error_body(str(exc.detail)), status_code=exc.status_code, headers=exc.headers)

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse(_error_body("internal server error"), status_code=500)

    app.add_exception_handler(ChronoError, chrono_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)


# --- the HTML page ----------------------------------------------------------------------------

TIMELINE_CSS = "https://cdn.knightlab.com/libs/timeline3/latest/css/timeline.css"
TIMELINE_JS = "https://cdn.knightlab.com/libs/timeline3/latest/js/timeline.js"


def feed_urls(root: str) -> dict[str, str]:
    """Every URL of the whole timeline, by format, plus the webcal:// one for calendar apps."""
    urls = {fmt: root + path for fmt, path in PUBLISHED_PATHS.items()}
    urls["webcal"] = webcal(urls["ics"])
    return urls


def saved_feed_urls(root: str, name: str) -> dict[str, str]:
    """Every URL of one saved feed, by format, plus its webcal:// one."""
    urls = {fmt: f"{root}/feeds/{name}{suffix}" for fmt, suffix in FEED_SUFFIXES.items()}
    urls["webcal"] = webcal(urls["ics"])
    return urls


def webcal(url: str) -> str:
    """The webcal:// form of an http(s) URL, which calendar apps open as a subscription."""
    return re.sub(r"^https?://", "webcal://", url)


def render_index(root: str, feeds: Sequence[SavedFeed], count: int) -> str:
    """The front page: subscribe links for every feed, and the timeline through TimelineJS."""
    e = html.escape
    rows = [_feed_row("All events", DEFAULT_TITLE, feed_urls(root))]
    for saved in feeds:
        rows.append(
            _feed_row(saved.name, saved.title or saved.filter().describe(), saved_feed_urls(root, saved.name))
        )
    timeline_url = json.dumps(root + PUBLISHED_PATHS["timelinejs"]).replace("</", "<\\/")
    if count:
        timeline = (
            '<div id="timeline-embed" style="width: 100%; height: 600px"></div>\n'
            f"<script>new TL.Timeline('timeline-embed', {timeline_url});</script>"
        )
    else:
        timeline = (
            "<p>No events yet: add some with <code>chrono add</code> or <code>chrono import</code>.</p>"
        )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(DEFAULT_TITLE)}</title>
<link rel="stylesheet" href="{e(TIMELINE_CSS)}">
<script src="{e(TIMELINE_JS)}"></script>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }}
td a {{ margin-right: .8rem; }}
</style>
</head>
<body>
<h1>{e(DEFAULT_TITLE)}</h1>
<p>{count} event{"" if count == 1 else "s"}. Subscribe to a feed in your calendar app, or read it as JSON or
Markdown. <a href="{e(root)}/docs">API documentation</a>.</p>
<h2>Feeds</h2>
<table>
<thead><tr><th>Feed</th><th>What</th><th>Subscribe</th><th>Read</th></tr></thead>
<tbody>
{"".join(rows)}</tbody>
</table>
<h2>Timeline</h2>
{timeline}
</body>
</html>
"""


def _feed_row(name: str, what: str, urls: Mapping[str, str]) -> str:
    e = html.escape
    return (
        f"<tr><td>{e(name)}</td><td>{e(what)}</td>"
        f'<td><a href="{e(urls["webcal"])}">webcal://</a><a href="{e(urls["ics"])}">.ics</a></td>'
        f'<td><a href="{e(urls["json"])}">JSON</a><a href="{e(urls["timelinejs"])}">TimelineJS</a>'
        f'<a href="{e(urls["markdown"])}">Markdown</a></td></tr>\n'
    )
