"""HTTP plumbing shared by the routes: HEAD as GET, cache validators, JSON bodies, the error handlers."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chrono.errors import MAX_SHOWN, ChronoError

log = logging.getLogger("chrono.server")


class Unauthorized(ChronoError):
    """A write without the server's token (or to a server that has none)."""

    http_status = 401


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


# What every response says about itself, so that browsers neither guess its type, nor frame it, nor
# pass its address on. A response's own Content-Security-Policy (the page's) wins over these.
HARDENING = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
# HTML without its own policy (/docs, /redoc): scripts and styles from this server, inline ones too,
# as the API documentation needs; anything else (feeds, JSON, errors) may run nothing at all.
HTML_CSP = (
    b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
DATA_CSP = b"default-src 'none'; frame-ancestors 'none'; sandbox"


class Hardened:
    """Hardening headers on every response, in one place; `Vary: Host` when links follow the Host
    header (no --base-url), so that no cache hands one host's links to another."""

    def __init__(self, app: ASGIApp, *, vary_host: bool) -> None:
        self.app = app
        self.vary_host = vary_host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in HARDENING if name not in have]
                if b"content-security-policy" not in have:
                    html = any(
                        n.lower() == b"content-type" and v.startswith(b"text/html") for n, v in headers
                    )
                    headers.append((b"content-security-policy", HTML_CSP if html else DATA_CSP))
                if self.vary_host:
                    varies = [v for n, v in headers if n.lower() == b"vary"]
                    if not any(b"host" in v.lower() for v in varies):
                        headers.append((b"vary", b"Host"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class Unexpected:
    """A 500 in chrono's JSON shape for any error nothing else handled, answered inside `Hardened`
    (Starlette's own 500 comes from its outermost middleware, past every header we add). An error
    after the response has begun (a streamed feed) cannot be answered: the connection is cut, so
    that the client sees a broken body rather than a short one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            log.exception("%s %s failed", scope["method"], scope["path"])
            if started:
                raise
            await _refuse(send, 500, "internal server error", close=False)


class AllowedHosts:
    """Answer only requests for these Host names (`--allowed-host`; `*.example.org` for any
    subdomain); any other gets a 400 in the JSON shape of every other error."""

    def __init__(self, app: ASGIApp, *, hosts: Sequence[str]) -> None:
        self.app = app
        self.hosts = [h.lower() for h in hosts]

    def allows(self, host: str) -> bool:
        return any(
            host == allowed or (allowed.startswith("*.") and host.endswith(allowed[1:]))
            for allowed in self.hosts
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1").lower()
        bracketed = given.startswith("[") and "]" in given  # an IPv6 address: [::1]:8000
        host = given[: given.index("]") + 1] if bracketed else given.split(":")[0]
        if self.allows(host):
            await self.app(scope, receive, send)
            return
        await _refuse(send, 400, f"this server does not answer for host {host!r}", close=False)


# Bytes of a body: one event's JSON, with room for the longest description (1,000,000 characters).
MAX_BODY = 8 << 20
BODY_TIMEOUT = 30.0  # seconds a client may take to send a body


class BodyLimit:
    """Read a request body up to `max_bytes`, then hand it on: 413 as soon as it is known to be
    larger (from Content-Length, or while it arrives), 408 when it takes longer than `timeout`."""

    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BODY, timeout: float = BODY_TIMEOUT) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        import asyncio

        length = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_bytes:
            await _refuse(send, 413, f"the body is larger than {self.max_bytes:,} bytes")
            return
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.max_bytes:
                        await _refuse(send, 413, f"the body is larger than {self.max_bytes:,} bytes")
                        return
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await _refuse(send, 408, f"the body took longer than {self.timeout:g} s to arrive")
            return
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def refuse(send: Send, status: int, message: str) -> None:
    """An error the server answers before the app (too many connections), with the headers
    `Hardened` gives every response of the app."""
    await _refuse(send, status, message, extra=[*HARDENING, (b"content-security-policy", DATA_CSP)])


async def _refuse(
    send: Send,
    status: int,
    message: str,
    *,
    close: bool = True,
    extra: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    """An error answered below the routes, in the JSON shape of every other (a body refused on
    its way in also closes the connection: the rest of it is not read)."""
    body = json.dumps(error_body(message)).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    headers += extra
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


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
    among the served events (and tombstones) does not move when an event leaves the filter or is
    imported with old timestamps, so a date could call a changed feed unchanged. The ETag (the
    body's hash, or for exports the database's change mark with the request) cannot.
    """
    header = request.headers.get("if-none-match")
    if header is None:
        return False
    if header.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in header.split(","))


def validators(request: Request, etag: str, last_modified: str | None = None) -> dict[str, str]:
    """The caching headers of a response: its ETag, Cache-Control and (when known) Last-Modified."""
    headers = {"ETag": etag, "Cache-Control": request.app.state.cache_control}
    stamp = http_date(last_modified) if last_modified else None
    if stamp:
        headers["Last-Modified"] = stamp
    return headers


def cached(request: Request, body: bytes, media_type: str, last_modified: str | None = None) -> Response:
    """A response with a strong ETag, or 304 when the client already has this body."""
    etag = etag_of(body)
    headers = validators(request, etag, last_modified)
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def error_body(message: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"error": message}
    body.update({k: v for k, v in extra.items() if v is not None})
    value = body.get("value")
    if isinstance(value, str) and len(value) > MAX_SHOWN:  # a huge bad value is not sent back whole
        body["value"] = value[:MAX_SHOWN] + "…"
    return body


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def add_error_handlers(app: FastAPI) -> None:
    """One place that turns errors into JSON: chrono's own kinds by their `http_status`.

    An invalid input names its query parameter (400) or body field (422) from the error itself."""

    async def chrono_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ChronoError)
        parameter = getattr(exc, "parameter", None)
        field = getattr(exc, "field", None)
        message = f"{parameter}: {exc}" if parameter else str(exc)
        status = 400 if parameter else exc.http_status
        value = getattr(exc, "value", None)
        body = error_body(message, parameter=parameter, field=None if parameter else field, value=value)
        headers = {"WWW-Authenticate": 'Bearer realm="chrono"'} if isinstance(exc, Unauthorized) else None
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return JSONResponse(body, status_code=status, headers=headers)

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
                error_body(f"unknown query parameter {name!r}", parameter=name), status_code=400
            )
        message = f"{name}: {first.get('msg', 'invalid')}" if name else str(first.get("msg", "invalid"))
        if where == "query":
            return JSONResponse(error_body(message, parameter=name), status_code=400)
        return JSONResponse(error_body(message, field=name), status_code=422)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return JSONResponse(error_body(str(exc.detail)), status_code=exc.status_code, headers=exc.headers)

    app.add_exception_handler(ChronoError, chrono_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
