"""The routes, by resource: published formats and saved feeds, events, actors and tags, the page.

Handlers are module-level functions on routers; the database, the token check and the public base
URL come from dependencies on the app's state (see `create_app`).
"""

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from chrono.db import Database, Reader
from chrono.errors import NotFound
from chrono.feeds import NAME_RE, SavedFeed, get_feed, list_feeds, saved_feed_urls
from chrono.fields import apply_patch
from chrono.filters import Filter
from chrono.models import EventRecord, is_id
from chrono.query import count_events, get_event, list_actors, list_tags, select_events, select_page
from chrono.render import FORMATS
from chrono.server.bodies import (
    EVENT_INPUT_SCHEMA,
    EVENT_PATCH_SCHEMA,
    body_schema,
    read_json_object,
    validate_event,
)
from chrono.server.http import Unauthorized, cached, etag_of, json_bytes
from chrono.server.page import page_csp, page_filter, render_index
from chrono.server.params import (
    EventsQuery,
    NoQuery,
    PageQuery,
    format_query,
    options_of,
    parse_filter,
    title_of,
)

bearer = HTTPBearer(auto_error=False, description="The token given to `chrono serve --token-file`.")


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def base(request: Request) -> str:
    """The public root URL: --base-url, or the request's own."""
    return str(request.app.state.base_url or request.base_url).rstrip("/")


def has_token(request: Request) -> bool:
    """Whether the request carries the server's token (the server may have none)."""
    token: str | None = request.app.state.token
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if token is None or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))


def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    token: str | None = request.app.state.token
    if token is None:
        raise Unauthorized("this server is read-only: start it with --token-file to allow writes")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise Unauthorized("a valid 'Authorization: Bearer <token>' header is required")


Db = Annotated[Database, Depends(database)]
Writer = Annotated[None, Depends(require_token)]
Nothing = Annotated[NoQuery, Query()]


# --- published formats: the whole database, and saved feeds ------------------------------------

published = APIRouter()


def publish_response(
    request: Request, db: Database, fmt: str, flt: Filter, title: str | None, options: dict[str, Any]
) -> Response:
    from chrono.server.streams import publish_response as respond

    return respond(request, db, fmt, flt, title, options, trusted=has_token(request))


def _content_responses(fmt: str) -> dict[int | str, dict[str, Any]]:
    media_type = FORMATS[fmt].media_type.split(";")[0]
    return {
        200: {"content": {media_type: {}}, "description": f"The events as {media_type}."},
        304: {"description": "Not modified: the If-None-Match ETag is still current."},
        400: {"description": "A bad query parameter; the error names it."},
    }


def _add_publish_routes(fmt: str) -> None:
    query_type, feed_query_type = format_query(fmt, False), format_query(fmt, True)
    label = FORMATS[fmt].label
    responses = _content_responses(fmt)

    def whole(request: Request, db: Db, query: Annotated[query_type, Query()]) -> Response:  # type: ignore[valid-type]
        flt = parse_filter(request)
        return publish_response(request, db, fmt, flt, title_of(query), options_of(query, fmt))

    def feed(name: str, request: Request, db: Db, query: Annotated[feed_query_type, Query()]) -> Response:  # type: ignore[valid-type]
        with db.reader() as reader:
            saved = _get_feed(reader, name)
        flt = Filter.from_params(saved.params)
        title = title_of(query) or saved.title or saved.name
        return publish_response(request, db, fmt, flt, title, options_of(query, fmt))

    published.add_api_route(
        FORMATS[fmt].path,
        whole,
        methods=["GET"],
        summary=f"All events (filtered) as {label}",
        response_class=Response,
        responses=responses,
        name=f"published_{fmt}",
    )
    published.add_api_route(
        "/feeds/{name}" + FORMATS[fmt].suffix,
        feed,
        methods=["GET"],
        summary=f"A saved feed as {label}",
        response_class=Response,
        responses={**responses, 404: {"description": "No such feed."}},
        name=f"feed_{fmt}",
    )


# Longest suffix first: /feeds/x.timelinejs.json must not be taken for feed "x.timelinejs".
for _name in sorted(FORMATS, key=lambda f: -len(FORMATS[f].suffix)):
    _add_publish_routes(_name)


@published.get("/feeds", summary="Saved feeds and their URLs")
def feeds_index(request: Request, db: Db, _: Nothing) -> Response:
    with db.reader() as reader:
        saved = list_feeds(reader)
    root = base(request)
    data = [{**f.to_dict(), "urls": saved_feed_urls(root, f.name)} for f in saved]
    return cached(request, json_bytes(data), "application/json")


def _get_feed(reader: Reader, name: str) -> SavedFeed:
    if not NAME_RE.fullmatch(name):
        raise NotFound(f"no feed named {name!r}")
    return get_feed(reader, name)


# --- events, actors, tags ------------------------------------------------------------------------

events = APIRouter()


@events.get("/events", summary="Events, filtered and paginated")
def events_index(request: Request, db: Db, query: Annotated[EventsQuery, Query()]) -> Response:
    from urllib.parse import urlencode

    flt = parse_filter(request)
    with db.reader() as reader:
        total = count_events(reader, flt)
        records = select_page(reader, flt, query.page, query.per_page)
    newest = max((r.updated for r in records), default=None)

    def page_url(page: int) -> str:
        items = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
        return f"{base(request)}/events?{urlencode([*items, ('page', str(page))])}"

    data = {
        "events": [r.to_dict() for r in records],
        "total": total,
        "page": query.page,
        "per_page": query.per_page,
        "next": page_url(query.page + 1) if query.page * query.per_page < total else None,
        "previous": page_url(query.page - 1) if query.page > 1 else None,
    }
    return cached(request, json_bytes(data), "application/json", newest)


@events.get("/events/{event_id}", summary="One event", responses={404: {"description": "No such event."}})
def event_detail(event_id: str, request: Request, db: Db, _: Nothing) -> Response:
    with db.reader() as reader:
        record = _get_event(reader, event_id)
    return cached(request, json_bytes(record.to_dict()), "application/json", record.updated)


@events.get(
    "/events/{event_id}/revisions",
    summary="Every revision of one event, oldest first, with what each changed",
    responses={404: {"description": "No such event."}},
)
def event_revisions(event_id: str, request: Request, db: Db, _: Nothing) -> Response:
    from chrono.render.revisions import log_data
    from chrono.revisions import event_revisions as revisions_of

    if not is_id(event_id):
        raise NotFound(f"no event with id {event_id!r}")
    with db.reader() as reader:
        revisions = revisions_of(reader, event_id)
    return cached(request, json_bytes(log_data(revisions)), "application/json", revisions[-1].updated)


@events.get("/actors", summary="Actors with their aliases and event counts")
def actors_index(request: Request, db: Db, _: Nothing) -> Response:
    with db.reader() as reader:
        actors = list_actors(reader)
    return cached(request, json_bytes([a.to_dict() for a in actors]), "application/json")


@events.get("/tags", summary="Tags with their event counts")
def tags_index(request: Request, db: Db, _: Nothing) -> Response:
    with db.reader() as reader:
        tags = list_tags(reader)
    return cached(request, json_bytes([t.to_dict() for t in tags]), "application/json")


def _get_event(reader: Reader, event_id: str) -> EventRecord:
    if not is_id(event_id):
        raise NotFound(f"no event with id {event_id!r}")
    return get_event(reader, event_id)


# --- writes: only with the token -----------------------------------------------------------------

_WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid token, or the server has none."},
    422: {"description": "The event is not valid; the error names the field."},
}


@events.post(
    "/events",
    summary="Add an event",
    status_code=201,
    openapi_extra=body_schema(EVENT_INPUT_SCHEMA),
    responses={**_WRITE_RESPONSES, 409: {"description": "The id is taken."}},
)
async def create_event(request: Request, db: Db, _auth: Writer, _: Nothing) -> Response:
    item = await read_json_object(request)
    record = await run_in_threadpool(_create, db, item)
    return _written(request, record, 201)


def _create(db: Database, item: dict[str, Any]) -> EventRecord:
    from chrono.store import add_event

    for stamp in ("created", "updated", "revision"):
        item.pop(stamp, None)  # the server keeps time, as `chrono add` does
    event_id = add_event(db, validate_event(item))
    with db.reader() as reader:
        return get_event(reader, event_id)


@events.patch(
    "/events/{event_id}",
    summary="Change some fields of an event",
    openapi_extra=body_schema(EVENT_PATCH_SCHEMA),
    responses={**_WRITE_RESPONSES, 404: {"description": "No such event."}},
)
async def update_event(event_id: str, request: Request, db: Db, _auth: Writer, _: Nothing) -> Response:
    patch = await read_json_object(request)
    record = await run_in_threadpool(_update, db, event_id, patch)
    return _written(request, record, 200)


def _update(db: Database, event_id: str, patch: dict[str, Any]) -> EventRecord:
    from chrono.store import edit_event

    if not is_id(event_id):
        raise NotFound(f"no event with id {event_id!r}")
    # The patch is laid over the event as read in the write transaction, so a concurrent edit
    # of other fields is kept, not undone.
    edit_event(db, event_id, lambda current: apply_patch(current, patch))
    with db.reader() as reader:
        return get_event(reader, event_id)


@events.delete(
    "/events/{event_id}",
    summary="Remove an event (feeds keep a tombstone so that subscribers see it go)",
    status_code=204,
    responses={401: _WRITE_RESPONSES[401], 404: {"description": "No such event."}},
)
def delete_event(event_id: str, db: Db, _auth: Writer, _: Nothing) -> Response:
    from chrono.store import remove_event

    if not is_id(event_id):
        raise NotFound(f"no event with id {event_id!r}")
    remove_event(db, event_id)
    return Response(status_code=204)


def _written(request: Request, record: EventRecord, status: int) -> Response:
    body = json_bytes(record.to_dict())
    headers = {"Cache-Control": "no-store", "ETag": etag_of(body)}
    if status == 201:
        headers["Location"] = f"{base(request)}/events/{record.id}"
    return Response(body, status_code=status, media_type="application/json", headers=headers)


# --- the page ------------------------------------------------------------------------------------

page = APIRouter()


@page.get("/", response_class=HTMLResponse, summary="The timeline, filtered as the feeds are")
def index(request: Request, db: Db, query: Annotated[PageQuery, Query()]) -> Response:
    flt, items = page_filter(request)
    with db.reader() as reader:
        records = select_events(reader, flt)
        saved = list_feeds(reader)
        actors = [a.name for a in list_actors(reader)]
        tags = [t.name for t in list_tags(reader)]
    text = render_index(
        base(request), records, flt, items, saved, lanes=query.lanes, actors=actors, tags=tags
    )
    headers = {"Cache-Control": "no-cache", "Content-Security-Policy": page_csp(records)}
    return HTMLResponse(text, headers=headers)


def _add_asset_route(name: str, media_type: str) -> None:
    def asset_file(request: Request, _: Nothing) -> Response:
        from chrono.render.html import asset

        return cached(request, asset(name).encode("utf-8"), media_type)

    page.add_api_route(f"/assets/{name}", asset_file, methods=["GET"], include_in_schema=False)


def _add_asset_routes() -> None:
    from chrono.render.html import ASSETS

    for name, media_type in ASSETS.items():
        _add_asset_route(name, media_type)


_add_asset_routes()


__all__ = ["events", "page", "published"]
