"""Published formats over HTTP, without holding a whole feed: the ETag and Last-Modified come from the
database (see `chrono.publish.edition`), so a 304 costs three small queries and no rendering; a 200
streams the document from the very read transaction those came from, a batch of events at a time.

Formats whose renderer needs every event at once (Markdown, SVG, HTML) are rendered whole; an
unauthenticated request for more than `render_limit` events of one of them is refused with a word on
how to narrow it, so that no anonymous URL can make the server hold an unbounded document.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import ExitStack
from typing import Any

from fastapi import Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from chrono.db import Database
from chrono.errors import InvalidInput
from chrono.filters import Filter
from chrono.publish import edition, iter_published
from chrono.render import FORMATS
from chrono.server.http import not_modified, validators

CHUNK = 1 << 16  # bytes sent at a time: one event's piece is far smaller than a useful write
RENDER_LIMIT = 20_000  # events of a format rendered whole, per request without the token


def publish_response(
    request: Request,
    db: Database,
    fmt: str,
    flt: Filter,
    title: str | None,
    options: dict[str, Any],
    *,
    trusted: bool,
) -> Response:
    """One published document: 304 when the client's ETag is current, else the document itself,
    streamed where its format can be. All of it is read in one snapshot of the database."""
    stack = ExitStack()
    try:
        reader = stack.enter_context(db.reader())
        current = edition(reader, fmt, flt, title=title, **options)
        headers = validators(request, current.etag, current.last_modified)
        if not_modified(request, current.etag):
            stack.close()
            return Response(status_code=304, headers=headers)
        _check_size(request, fmt, current.count, trusted)
        pieces = iter_published(reader, fmt, flt, title=title, **options)
        media_type = FORMATS[fmt].media_type
        if FORMATS[fmt].stream is None:
            body = "".join(pieces).encode("utf-8")
            stack.close()
            return Response(body, media_type=media_type, headers=headers)
    except BaseException:
        stack.close()
        raise
    return StreamingResponse(streamed(chunked(pieces), stack.close), media_type=media_type, headers=headers)


def _check_size(request: Request, fmt: str, count: int, trusted: bool) -> None:
    limit: int | None = request.app.state.render_limit
    if trusted or FORMATS[fmt].stream is not None or limit is None or count <= limit:
        return
    streaming = ", ".join(FORMATS[f].path for f in FORMATS if FORMATS[f].stream)
    raise InvalidInput(
        f"this view holds {count:,} events, and {FORMATS[fmt].label} is rendered whole: at most "
        f"{limit:,} a request without the server's token. Narrow it (from, to, actor, tag, search, "
        f"limit) or read {streaming}, which stream",
        parameter="limit",
    )


def chunked(pieces: Iterable[str], size: int = CHUNK) -> Iterator[bytes]:
    """The pieces as UTF-8, gathered into writes of about `size` bytes."""
    batch: list[bytes] = []
    held = 0
    for piece in pieces:
        data = piece.encode("utf-8")
        batch.append(data)
        held += len(data)
        if held >= size:
            yield b"".join(batch)
            batch, held = [], 0
    if batch:
        yield b"".join(batch)


async def streamed(chunks: Iterator[bytes], close: Callable[[], None]) -> AsyncIterator[bytes]:
    """Each chunk rendered in a worker thread (it reads the database), sent from the event loop;
    the read transaction ends when the body does, or when the client goes away."""
    done = object()
    try:
        while True:
            chunk = await run_in_threadpool(next, chunks, done)
            if chunk is done:
                return
            assert isinstance(chunk, bytes)
            yield chunk
    finally:
        # No worker holds the generator now (a cancelled await waits for its thread to finish).
        getattr(chunks, "close", lambda: None)()
        close()
