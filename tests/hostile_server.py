"""A server on 127.0.0.1 that answers HeavySet's S2S routes badly, on purpose.

Raw asyncio streams, so it can send what no framework would: a gzip bomb,
a body that never ends, one that arrives a byte a second, a ``Content-Length``
it does not keep. The first path segment picks the case; everything after it
is HeavySet's own path, so a client is pointed at ``origin(case)``::

    with HostileServer() as server:
        endpoints = Endpoints(server.origin("gzip_bomb"))
        # GET {origin}/api/v1/appointment/s2s/phone/query?phone=... → 2 GiB of zeros, gzip-compressed

Routes (under every case): ``GET /phone/query``, ``GET /phone/query/blocks``,
``GET /phone/query/dispositions``, ``PATCH /phone/update`` below
:data:`S2S_PATH`. Unless the case says otherwise, each answers what the
HeavySet simulator would (its seeded data), so a case changes only what it
is about. The ``healthy`` case answers everything well.

A second listener, :attr:`HostileServer.elsewhere`, is "another origin": the
``redirect`` case points there, and it records every request it gets (and
whether a token came with it), so a test can prove a client never followed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import struct
import threading
import zlib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from hsconsole.domain.endpoints import S2S_PATH
from hsconsole.sim import DEMO_PHONES, SimState

PHONE = DEMO_PHONES["denver_booked"]
"""The lead every case is about (Jane Doe, Denver)."""
TODAY = date(2026, 3, 2)
BOMB_DECODED = 2 << 30
"""Bytes a ``gzip_bomb`` body inflates to (2 GiB); about 2 MB travel."""
DRIP_PAUSE = 1.0
"""Seconds between the bytes of a ``drip`` body."""
MANY_BLOCKS = 10_000

CASES: tuple[str, ...] = (
    "healthy",
    "gzip_bomb",
    "endless",
    "drip",
    "html_502",
    "wrong_type",
    "redirect",
    "blocks_10000",
    "dates_out_of_range",
    "not_utf8",
    "short_body",
)

_ROUTES = ("/phone/query", "/phone/query/blocks", "/phone/query/dispositions", "/phone/update")
_BOMB_PIECE = b"0" * (1 << 20)
_NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


# ---------------------------------------------------------------- what the answers hold


@cache
def _seed() -> dict[str, Any]:
    """The simulator's real answers for :data:`PHONE` (no HTTP)."""
    state = SimState(today=TODAY)
    return {
        "lead": state.query_lead(PHONE),
        "blocks": state.lead_blocks(PHONE, None, None),
        "dispositions": state.dispositions_payload(),
    }


def seed_lead() -> dict[str, Any]:
    """The lead as HeavySet sends it (a fresh copy)."""
    return json.loads(json.dumps(_seed()["lead"]))


def _real(route: str) -> dict[str, Any]:
    seed = _seed()
    if route == "/phone/query/blocks":
        return seed["blocks"]
    if route == "/phone/query/dispositions":
        return seed["dispositions"]
    return seed["lead"]


def _encode(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def many_blocks(count: int = MANY_BLOCKS) -> dict[str, Any]:
    """A blocks answer of ``count`` valid slots (the real first slot, renumbered)."""
    blocks = _seed()["blocks"]
    template = blocks["slots"][0]
    slots = [{**template, "blockId": f"a0p8X{n:011d}", "availableSlots": 1 + n % 4} for n in range(count)]
    return {**blocks, "slots": slots}


def _out_of_range(route: str) -> dict[str, Any]:
    """Dates in year 0 and year 99999 where HeavySet sends dates."""
    if route == "/phone/query/blocks":
        blocks = json.loads(json.dumps(_seed()["blocks"]))
        blocks["slots"][0]["appointmentDate"] = "0000-01-01"
        blocks["slots"][-1]["appointmentDate"] = "99999-12-31"
        return blocks
    if route == "/phone/query/dispositions":
        return _seed()["dispositions"]
    lead = seed_lead()
    lead["createdDate"] = "0000-01-01T00:00:00.000Z"
    lead["appointmentStart"] = "99999-03-04T17:00:00.000Z"
    lead["appointmentEnd"] = "99999-03-04T19:00:00.000Z"
    return lead


@cache
def _bomb_parts() -> tuple[bytes, bytes, bytes]:
    """The gzip stream of :data:`BOMB_DECODED` zeros in three parts: the first MiB, every other MiB, the end.

    Each MiB is compressed on its own (a full flush resets the history), so
    one compressed MiB serves them all; the end holds the final empty block.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    first = compressor.compress(_BOMB_PIECE) + compressor.flush(zlib.Z_FULL_FLUSH)
    every = compressor.compress(_BOMB_PIECE) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)[:-8]  # without the trailer: it is for what was compressed here
    return first, every, end


@cache
def _bomb_trailer() -> bytes:
    crc = 0
    for _ in range(BOMB_DECODED // len(_BOMB_PIECE)):
        crc = zlib.crc32(_BOMB_PIECE, crc)
    return struct.pack("<II", crc, BOMB_DECODED & 0xFFFFFFFF)


# ---------------------------------------------------------------- HTTP by hand


@dataclass
class Hit:
    """A request a listener got."""

    case: str
    method: str
    path: str
    query: dict[str, list[str]]
    had_token: bool


@dataclass
class _Request:
    method: str
    path: str
    raw_query: str
    headers: dict[str, str]
    body: bytes

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(self.raw_query)


Writer = asyncio.StreamWriter


async def _read_request(reader: asyncio.StreamReader) -> _Request | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    body = b""
    length = int(headers.get("content-length", "0") or 0)
    if length:
        body = await reader.readexactly(length)
    parts = urlsplit(target)
    return _Request(method, parts.path, parts.query, headers, body)


def _head(status: int, reason: str, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}", *(f"{k}: {v}" for k, v in headers.items()), "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _send(writer: Writer, status: int, body: bytes, content_type: str, reason: str = "OK") -> None:
    writer.write(_head(status, reason, {"Content-Type": content_type, "Content-Length": str(len(body))}) + body)
    await writer.drain()


async def _chunk(writer: Writer, data: bytes) -> None:
    writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
    await writer.drain()


# ---------------------------------------------------------------- the cases


Answer = Callable[["HostileServer", _Request, str, Writer], Awaitable[None]]


async def _healthy(server: HostileServer, request: _Request, route: str, writer: Writer) -> None:
    await _send(writer, 200, _encode(_real(route)), "application/json; charset=utf-8")


async def _gzip_bomb(server: HostileServer, request: _Request, route: str, writer: Writer) -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip", "Transfer-Encoding": "chunked"}
    writer.write(_head(200, "OK", headers))
    first, every, end = _bomb_parts()
    await _chunk(writer, first)
    for _ in range(BOMB_DECODED // len(_BOMB_PIECE) - 1):
        await _chunk(writer, every)
    await _chunk(writer, end + _bomb_trailer())
    await _chunk(writer, b"")


async def _endless(server: HostileServer, request: _Request, route: str, writer: Writer) -> None:
    writer.write(_head(200, "OK", {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}))
    await _chunk(writer, b'{"timeZone":"America/Denver","slots":[')
    piece = b'{"blockId":"a0p8X00000ENDLESS","availableSlots":1},' * 1000
    while True:
        await _chunk(writer, piece)


async def _drip(server: HostileServer, request: _Request, route: str, writer: Writer) -> None:
    body = _encode(_real(route))
    headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    writer.write(_head(200, "OK", headers))
    await writer.drain()
    for index in range(len(body)):
        await asyncio.sleep(DRIP_PAUSE)
        if writer.is_closing():
            return  # the client went away
        writer.write(body[index : index + 1])
        await writer.drain()


async def _html_502(server: HostileServer, request: _Request, route: str, writer: Writer) -> None:
    await _send(writer, 502, _NGINX_502, "text/html", reason="Bad Gateway")


async def _wrong_type(server: HostileServer, request: _Request, route: str, writer: Writer) -> None:
    """A captive portal's or a proxy's page that looks like JSON at a glance: JavaScript object notation."""
    real = _real(route)
    jsish = "{" + ", ".join(f"{k}: {json.dumps(v)!s}".replace('"', "'") for k, v in real.items()) + "}"
    await _send(writer, 200, jsish.encode(), "text/html; charset=utf-8")


async def _redirect(server: HostileServer, request: _Request, route: str, writer: Writer) -> None:
    location = f"{server.elsewhere}{request.path}" + (f"?{request.raw_query}" if request.raw_query else "")
    headers = {"Location": location, "Content-Type": "text/html", "Content-Length": "0"}
    writer.write(_head(302, "Found", headers))
    await writer.drain()


async def _blocks_10000(server: HostileServer, request: _Request, route: str, writer: Writer) -> None:
    if route != "/phone/query/blocks":
        await _healthy(server, request, route, writer)
        return
    await _send(writer, 200, server.many_blocks_body, "application/json")


async def _dates_out_of_range(server: HostileServer, request: _Request, route: str, writer: Writer) -> None:
    await _send(writer, 200, _encode(_out_of_range(route)), "application/json")


async def _not_utf8(server: HostileServer, request: _Request, route: str, writer: Writer) -> None:
    """The real answer with names in Latin-1 and a stray 0xFF: not UTF-8, as JSON must be."""
    body = _encode(_real(route)).replace(b'"Jane Doe"', b'"Jos\xe9 Mu\xf1oz \xff"')
    body = body.replace(b'"Credit too low"', b'"Cr\xe9dit trop \xff"')
    body = body.replace(b'"America/Denver"', b'"Am\xe9rica/Denver\xff"')
    await _send(writer, 200, body, "application/json; charset=utf-8")


async def _short_body(server: HostileServer, request: _Request, route: str, writer: Writer) -> None:
    body = _encode(_real(route))
    headers = {"Content-Type": "application/json", "Content-Length": str(len(body) + 500)}
    writer.write(_head(200, "OK", headers) + body)
    await writer.drain()


_ANSWERS: dict[str, Answer] = {
    "healthy": _healthy,
    "gzip_bomb": _gzip_bomb,
    "endless": _endless,
    "drip": _drip,
    "html_502": _html_502,
    "wrong_type": _wrong_type,
    "redirect": _redirect,
    "blocks_10000": _blocks_10000,
    "dates_out_of_range": _dates_out_of_range,
    "not_utf8": _not_utf8,
    "short_body": _short_body,
}
assert set(_ANSWERS) == set(CASES)


# ---------------------------------------------------------------- the server


@dataclass
class HostileServer:
    """Both listeners on 127.0.0.1 in a background thread; a context manager."""

    hits: list[Hit] = field(default_factory=list)
    """Every request the main listener got."""
    elsewhere_hits: list[Hit] = field(default_factory=list)
    """Every request "another origin" got (a client that followed a redirect)."""
    port: int = 0
    elsewhere_port: int = 0
    many_blocks_body: bytes = b""

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="hostile-server", daemon=True)
        self._servers: list[asyncio.Server] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def elsewhere(self) -> str:
        """Another origin (another port): where the ``redirect`` case sends clients."""
        return f"http://127.0.0.1:{self.elsewhere_port}"

    def origin(self, case: str) -> str:
        """The API origin of ``case`` (give it to ``Endpoints``)."""
        if case not in _ANSWERS:
            raise ValueError(f"unknown case {case!r}; one of {', '.join(CASES)}")
        return f"{self.url}/{case}"

    def start(self) -> Self:
        self.many_blocks_body = _encode(many_blocks())
        _seed()
        _bomb_parts()
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        self.port, self.elsewhere_port = future.result(timeout=10)
        return self

    async def _listen(self) -> tuple[int, int]:
        main = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        other = await asyncio.start_server(self._serve_elsewhere, "127.0.0.1", 0)
        self._servers = [main, other]
        return main.sockets[0].getsockname()[1], other.sockets[0].getsockname()[1]

    def stop(self) -> None:
        async def close() -> None:
            for server in self._servers:
                server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def _record(self, into: list[Hit], case: str, request: _Request) -> None:
        with self._lock:
            into.append(Hit(case, request.method, request.path, request.query, "x-hs-token" in request.headers))

    @contextlib.contextmanager
    def _tracked(self) -> Iterator[None]:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            yield
        finally:
            self._tasks.discard(task)

    async def _serve(self, reader: asyncio.StreamReader, writer: Writer) -> None:
        with self._tracked():
            try:
                request = await _read_request(reader)
                if request is None:
                    return
                case, _, rest = request.path.lstrip("/").partition("/")
                route = "/" + rest
                route = route[len(S2S_PATH) :] if route.startswith(S2S_PATH) else ""
                self._record(self.hits, case, request)
                answer = _ANSWERS.get(case)
                if answer is None or route not in _ROUTES:
                    await _send(writer, 404, b'{"statusCode":404,"message":["Not Found"]}', "application/json")
                    return
                await answer(self, request, route, writer)
            except (ConnectionError, asyncio.IncompleteReadError):
                pass  # the client went away: that is what a bounded client does
            except asyncio.CancelledError:
                pass  # the server is stopping
            finally:
                writer.close()
                with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                    await writer.wait_closed()

    async def _serve_elsewhere(self, reader: asyncio.StreamReader, writer: Writer) -> None:
        with self._tracked():
            try:
                request = await _read_request(reader)
                if request is not None:
                    self._record(self.elsewhere_hits, "elsewhere", request)
                    await _send(writer, 200, _encode(seed_lead()), "application/json")
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                writer.close()
                with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                    await writer.wait_closed()
