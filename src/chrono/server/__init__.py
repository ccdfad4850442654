"""`chrono serve`: the timeline over HTTP, as calendar feeds, JSON and a small web page.

Every feed goes through `chrono.publish.publish`, the function `chrono export` uses, so a URL and an
export with the same filter give the same bytes. Query strings are parsed by `Filter.from_params`,
the same parser saved feeds use. Responses carry a strong ETag so that calendar apps can poll
cheaply and can never be told "not modified" about a changed database: for published formats it is
built from the database's change mark and the request (no rendering needed for a 304, and the feed
itself streams, see `chrono.server.streams`); for other JSON, the SHA-256 of the body.

The app comes from `create_app`, so tests build it over a temporary database; importing this package
touches no database. `chrono serve` imports it only when asked to serve, because FastAPI costs more
to import than `chrono list` may take.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from chrono import __version__
from chrono.db import Database
from chrono.errors import InvalidInput
from chrono.server import routes
from chrono.server.http import AllowedHosts, BodyLimit, Hardened, HeadAsGet, Unexpected, add_error_handlers
from chrono.server.streams import RENDER_LIMIT

DEFAULT_MAX_AGE = 300
READ_TIMEOUT = 30.0  # seconds one request's read may take before it is stopped (503)


def create_app(
    db_url: str,
    *,
    token: str | None = None,
    base_url: str | None = None,
    cors_origins: Sequence[str] = ("*",),
    max_age: int = DEFAULT_MAX_AGE,
    read_timeout: float | None = READ_TIMEOUT,
    allowed_hosts: Sequence[str] = (),
    render_limit: int | None = RENDER_LIMIT,
) -> FastAPI:
    """The chrono web app over the database at `db_url` (a path or URL, as `--db` takes).

    Writes are possible only when `token` is given, and then only with `Authorization: Bearer`.
    `base_url` is the public address used in links (behind a proxy); without it, the request's,
    and responses say `Vary: Host`. With `allowed_hosts`, a request for any other Host is refused.
    The database is opened (and upgraded if need be) here, so a bad one fails at start. Every
    read is one snapshot, each of its statements stopped with a 503 after `read_timeout` seconds.
    Feeds stream; a format rendered whole answers at most `render_limit` events a request without
    the token (None: no limit).
    """
    if token is not None and not token.strip():
        raise InvalidInput("the server token is empty")
    db = Database.open(db_url)
    with db.reader():
        pass  # creates or upgrades the schema once, before requests race to do it
    if token is not None:
        _ = db.engine  # the write engine too, for the same reason

    from fastapi_offline import FastAPIOffline  # /docs with Swagger UI's files from the package, no CDN

    app = FastAPIOffline(
        title="chrono",
        version=__version__,
        description=(
            "A timeline event database: calendar feeds, JSON and Markdown, with the filters of "
            "`chrono list` as query parameters. Writes need `Authorization: Bearer <token>`."
        ),
    )
    db.read_timeout = read_timeout
    app.state.db = db
    app.state.token = token
    app.state.base_url = base_url
    app.state.cache_control = f"public, max-age={max_age}"
    app.state.render_limit = render_limit
    # Outermost last: CORS, the headers, then errors (so that a 500 carries the headers), hosts...
    app.add_middleware(HeadAsGet)
    app.add_middleware(BodyLimit)
    if allowed_hosts:
        app.add_middleware(AllowedHosts, hosts=list(allowed_hosts))
    app.add_middleware(Unexpected)
    app.add_middleware(Hardened, vary_host=base_url is None)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(cors_origins),
        allow_methods=["GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "If-None-Match", "If-Modified-Since"],
        expose_headers=["ETag", "Last-Modified", "Location"],
        max_age=600,
    )
    add_error_handlers(app)
    for router in (routes.published, routes.events, routes.page):
        app.include_router(router)
    return app
