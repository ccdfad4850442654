"""Serving the timeline: `chrono serve` and the saved feeds it publishes (`chrono feed`).

FastAPI and uvicorn are imported only once `chrono serve` runs, so `chrono --help` and `chrono list`
never pay for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from chrono.cli.app import app, db_option, group, note, open_db, out
from chrono.cli.options import DbOpt, TableFormat, filter_options
from chrono.errors import ChronoError, InvalidInput

if TYPE_CHECKING:
    import socket

    from chrono.filters import Filter

feed_app = group("Saved feeds: named filters that `chrono serve` publishes at /feeds/NAME.ics.")
app.add_typer(feed_app, name="feed")


@app.command("serve")
def serve_cmd(
    host: Annotated[
        str,
        typer.Option(
            "--host", metavar="ADDRESS", help="Address to listen on; 0.0.0.0 or :: for every interface."
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option(
            "--port", metavar="PORT", min=0, max=65535, help="Port to listen on (0: any free port)."
        ),
    ] = 8000,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", metavar="URL", help="The server's public URL, for links (behind a proxy)."
        ),
    ] = None,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            metavar="PATH",
            help="File with the token that allows writes (POST/PATCH/DELETE /events); "
            "without it the server is read-only.",
        ),
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(
            "--cors-origin",
            metavar="ORIGIN",
            help="An origin whose web pages may read the feeds; repeatable [default: *].",
        ),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            metavar="HOST",
            help="A Host name the server answers to (others get 400); repeatable [default: any]. "
            "Without --base-url, links follow the Host header.",
        ),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Serve the timeline over HTTP: calendar feeds, JSON, Markdown and a web page.

    Every filter of `chrono list` works as a query parameter: /calendar.ics?actor=Putin&from=2022.
    Listens on 127.0.0.1 unless --host says otherwise. Ctrl-C stops it.
    """
    from chrono.db import resolve_url

    token = read_token(token_file) if token_file else None
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise InvalidInput(f"--base-url must start with http:// or https://, not {base_url!r}")
    url = resolve_url(db_option(db))
    from chrono.feeds import list_feeds
    from chrono.server import create_app

    application = create_app(
        url,
        token=token,
        base_url=base_url,
        cors_origins=tuple(cors_origin or ("*",)),
        allowed_hosts=tuple(allowed_host or ()),
    )
    with open_db(url).reader() as reader:
        feeds = [f.name for f in list_feeds(reader)]
    sock = listen(host, port)
    try:
        root = (base_url or f"http://{url_host(host)}:{sock.getsockname()[1]}").rstrip("/")
        note(startup_banner(open_db(url).display_url, root, feeds, token is not None))
        if token and host not in ("127.0.0.1", "::1", "localhost") and not root.startswith("https://"):
            note(
                "chrono: warning: the write token travels in clear text over plain HTTP; "
                "put a TLS proxy in front and give --base-url https://…"
            )
        run_server(application, sock)
    finally:
        sock.close()


@feed_app.command("add")
@filter_options
def feed_add_cmd(
    name: Annotated[str, typer.Argument(help="The feed's name: lowercase letters, digits and '-'.")],
    *,
    flt: Filter,
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="The calendar's title [default: the name]."),
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite a feed of that name.")] = False,
    db: DbOpt = None,
) -> None:
    """Save a filter under a name; `chrono serve` publishes it at /feeds/NAME.ics.

    Takes the same filters as `chrono list`.
    """
    from chrono.cli.events import explain_actors
    from chrono.feeds import check_name, save_feed

    check_name(name)
    database = open_db(db)
    save_feed(database, name, flt, title=title, replace=replace)
    note(f"feed {name}: {flt.describe()}, at /feeds/{name}.ics")
    if flt.actors:
        with database.reader() as reader:
            explain_actors(reader, flt.actors)  # saved anyway: the actor may come later


@feed_app.command("list")
def feed_list_cmd(
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format.")] = TableFormat.table,
    db: DbOpt = None,
) -> None:
    """List saved feeds with their filters."""
    from chrono.feeds import list_feeds

    with open_db(db).reader() as reader:
        feeds = list_feeds(reader)
    if fmt is TableFormat.json:
        import json

        out(json.dumps([f.to_dict() for f in feeds], ensure_ascii=False, indent=2) + "\n")
        return
    rows = [(f.name, f.title or "", f.filter().describe()) for f in feeds]
    out(table(("NAME", "TITLE", "FILTER"), rows))


@feed_app.command("show")
def feed_show_cmd(
    name: Annotated[str, typer.Argument(help="The feed's name.")],
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format.")] = TableFormat.table,
    db: DbOpt = None,
) -> None:
    """Show a saved feed: its title, its filter and how many events it serves now."""
    from chrono.feeds import get_feed
    from chrono.query import count_events
    from chrono.render import FORMATS

    with open_db(db).reader() as reader:
        feed = get_feed(reader, name)
        count = count_events(reader, feed.filter())
    if fmt is TableFormat.json:
        import json

        out(json.dumps({**feed.to_dict(), "events": count}, ensure_ascii=False, indent=2) + "\n")
        return
    others = ", ".join(f.suffix for f in FORMATS.values() if f.suffix != ".ics")
    lines = [
        f"name:      {feed.name}",
        f"title:     {feed.title or feed.name}",
        f"filter:    {feed.filter().describe()}",
        f"events:    {count}",
        f"path:      /feeds/{feed.name}.ics ({others})",
        f"created:   {feed.created}",
        f"updated:   {feed.updated}",
    ]
    out("\n".join(lines) + "\n")


@feed_app.command("edit")
@filter_options
def feed_edit_cmd(
    name: Annotated[str, typer.Argument(help="The feed's name.")],
    *,
    flt: Filter,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="A new title.")] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            metavar="PARAM",
            help="Drop a criterion of the filter by its parameter name (from, actor, near, min, as-of, …; "
            "a wrong name lists them all); repeatable.",
        ),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Change a saved feed; its URL stays.

    Each filter option given replaces that criterion (--actor Putin replaces the feed's actors),
    --clear drops one, the rest stay.
    """
    from chrono.cli.events import explain_actors
    from chrono.feeds import edit_feed

    database = open_db(db)
    feed, changed = edit_feed(database, name, params=flt.to_params(), clear=clear or (), title=title)
    note(f"feed {name}: {feed.filter().describe()}" + ("" if changed else " (unchanged)"))
    if flt.actors:
        with database.reader() as reader:
            explain_actors(reader, flt.actors)


@feed_app.command("rm")
def feed_rm_cmd(
    name: Annotated[str, typer.Argument(help="The feed's name.")],
    db: DbOpt = None,
) -> None:
    """Remove a saved feed (its events stay)."""
    from chrono.feeds import remove_feed

    remove_feed(open_db(db), name)
    note(f"feed {name} removed")


def read_token(path: Path) -> str:
    """The write token: the file's text without surrounding whitespace, never empty."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"token file {path} is not UTF-8 text") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read token file {path}: {exc.strerror}") from exc
    token = text.strip()
    if not token:
        raise InvalidInput(f"token file {path} is empty")
    return token


def listen(host: str, port: int) -> socket.socket:
    """Bind before anything is printed, so a taken port is one clear error, not a log line."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise ChronoError(f"cannot listen on {host}: {exc.strerror}") from exc
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ChronoError(f"cannot listen on {host} port {port}: {exc.strerror}") from exc
    return sock


def url_host(host: str) -> str:
    if host in ("", "0.0.0.0", "::"):
        return "localhost"
    return f"[{host}]" if ":" in host else host


def startup_banner(where: str, root: str, feeds: list[str], writable: bool) -> str:
    """What `chrono serve` prints on start: every URL a subscriber might want."""
    from chrono.feeds import feed_urls, saved_feed_urls

    urls = feed_urls(root)
    mode = "writes allowed with the token" if writable else "read-only"
    lines = [
        f"chrono: serving {where} at {root}/ ({mode}; Ctrl-C stops)",
        f"  page        {root}/",
        f"  calendar    {urls['ics']}",
        f"              {urls['webcal']}",
        f"  timeline    {urls['timelinejs']}",
        f"  json        {urls['json']}",
        f"  markdown    {urls['markdown']}",
        f"  api         {root}/docs",
    ]
    for name in feeds:
        feed = saved_feed_urls(root, name)
        lines += [f"  feed {name}", f"              {feed['ics']}", f"              {feed['webcal']}"]
    return "\n".join(lines)


def run_server(application: Any, sock: socket.socket) -> None:
    """Run uvicorn on `sock` until Ctrl-C or SIGTERM, which it turns into a graceful shutdown."""
    import contextlib

    server = make_server(application)
    # uvicorn shuts down gracefully on Ctrl-C, then raises it again only so that callers know why.
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])


HEADER_TIMEOUT = 10.0  # seconds a client has to send a request's headers
KEEP_ALIVE = 5  # seconds an idle connection stays open between requests
MAX_CONNECTIONS = 100  # open connections (and requests) at once; beyond them, 503


def make_server(
    application: Any, *, header_timeout: float = HEADER_TIMEOUT, max_connections: int = MAX_CONNECTIONS
) -> Any:
    """The uvicorn server `chrono serve` runs (`.run(sockets=[sock])`), logging to stderr.

    Connections are bounded: at most `max_connections`, idle ones closed after `KEEP_ALIVE`
    seconds, and a connection that has not sent a whole request's headers `header_timeout` seconds
    after it opened (or after its last response) is closed: silent and slow-header clients
    cannot hold the server. Bodies have limits of their own (`chrono.server.http.BodyLimit`).
    """
    import copy

    import uvicorn
    from uvicorn.config import LOGGING_CONFIG
    from uvicorn.protocols.http.h11_impl import H11Protocol

    from chrono.server.http import refuse

    class Protocol(H11Protocol):
        """uvicorn's HTTP/1.1 protocol with a deadline for each request's headers."""

        _deadline: Any = None
        _waiting_for: Any = None

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            app = self.app

            async def limited(scope: Any, receive: Any, send: Any) -> None:
                # uvicorn's own limit_concurrency answers in plain text without chrono's headers;
                # this is its test (the request's own task is already counted here).
                busy = len(self.connections) >= max_connections or len(self.tasks) > max_connections
                if scope["type"] == "http" and busy:
                    self.logger.warning("Exceeded concurrency limit.")
                    await refuse(send, 503, "the server is busy: too many connections; try again shortly")
                    return
                await app(scope, receive, send)

            self.app = limited

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._wait_for_headers()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._wait_for_headers()

        def handle_events(self) -> None:
            super().handle_events()
            if self._deadline is not None and self.cycle is not self._waiting_for:
                self._deadline.cancel()  # a request's headers are in
                self._deadline = None

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            super().connection_lost(exc)

        def _wait_for_headers(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            self._waiting_for = self.cycle
            self._deadline = self.loop.call_later(header_timeout, self._too_slow)

        def _too_slow(self) -> None:
            self._deadline = None
            idle = self.cycle is None or self.cycle.response_complete
            if idle and self.cycle is self._waiting_for and not self.transport.is_closing():
                self.transport.close()  # no new request since the deadline was set

    log_config = copy.deepcopy(LOGGING_CONFIG)
    log_config["handlers"]["access"]["stream"] = "ext://sys.stderr"  # stdout is for data, not logs
    config = uvicorn.Config(
        application,
        http=Protocol,
        log_config=log_config,
        timeout_graceful_shutdown=10,
        timeout_keep_alive=KEEP_ALIVE,
    )
    return uvicorn.Server(config)


def table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    if not rows:
        return ""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    from chrono.render.listing import terminal_text

    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in [headers, *rows]
    ]
    return terminal_text("\n".join(lines) + "\n")
