"""One httpx transport for every HeavySet call.

It owns what all API families share: the long-lived ``httpx.AsyncClient``,
timeouts that suit a live call, the per-token request budget, retries with
exponential backoff and jitter, idempotency keys reused across retries, and
the mapping of HTTP failures to :mod:`hsconsole.api.errors`.

It also keeps the way to each server open: HTTP/2 where the server offers it
(one connection carries a lookup's two requests at once), two HTTP/1.1
connections where it does not, idle connections let go before a server would
close them (:data:`KEEPALIVE_S`), and :meth:`Transport.warm`, which opens them
(TCP and TLS) before a request needs them.

Tokens travel only in headers. They are wrapped in :class:`Credential`,
whose repr hides them, and no log line or exception built here contains one.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import functools
import hashlib
import importlib.util
import itertools
import logging
import math
import random
import ssl
import threading
import time
import zlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from hsconsole import __version__
from hsconsole.api.errors import (
    AnswerTooLargeError,
    ApiError,
    AuthRejectedError,
    BadRequestError,
    DemoModeError,
    InProgressError,
    InvalidResponseError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)
from hsconsole.domain.words import translate

log = logging.getLogger("hsconsole.network")

ModelT = TypeVar("ModelT", bound=BaseModel)
Sleep = Callable[[float], Awaitable[None]]


class Credential:
    """A token and the header it travels in. Its repr never shows the token."""

    __slots__ = ("_token", "header")

    def __init__(self, header: str, token: str) -> None:
        token = token.strip()
        if not token:
            raise ValueError("the token is empty")
        if any(ch in token for ch in "\r\n\0"):
            raise ValueError("the token contains a line break")
        self.header = header
        self._token = token

    @property
    def fingerprint(self) -> str:
        """A short, non-reversible id of the token (for budgets and logs)."""
        return hashlib.sha256(self._token.encode()).hexdigest()[:12]

    def headers(self) -> dict[str, str]:
        return {self.header: self._token}

    def token_for_body(self) -> str:
        """The token, for a server that wants it in a request's JSON body (never in a URL, never stored)."""
        return self._token

    def __repr__(self) -> str:
        return f"Credential(header={self.header!r}, token=<redacted #{self.fingerprint}>)"

    def scrub(self, error: ApiError) -> ApiError:
        """``error`` with this token taken out of its text: a server may echo the token it was sent."""
        token = self._token
        if len(token) < 8:  # too short to be told from ordinary words (test tokens); real ones are long
            return error

        def clean(text: str) -> str:
            return text.replace(token, "<redacted>")

        error.message = clean(error.message)
        error.args = tuple(clean(a) if isinstance(a, str) else a for a in error.args)
        if isinstance(error, BadRequestError):
            error.messages = [clean(m) for m in error.messages]
            error.code = clean(error.code)
        return error

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Credential) and (self.header, self._token) == (other.header, other._token)

    def __hash__(self) -> int:
        return hash((self.header, self._token))

    def __reduce__(self) -> Any:  # never pickle a secret by accident
        raise TypeError("a Credential cannot be pickled")


@dataclass(frozen=True)
class Timeouts:
    """Seconds. Defaults suit a live call: fail fast on connect, allow a slow CRM."""

    connect: float = 3.0
    read: float = 10.0
    write: float = 10.0
    pool: float = 3.0

    def to_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


@dataclass(frozen=True)
class Limits:
    """What one answer may cost, whatever the server sends.

    ``max_bytes``: the body's size *after* decoding (a gzip bomb is stopped
    at this size, not after unpacking). ``deadline``: seconds for a call as a
    whole, its retries included, from its first send to the last byte of its
    last answer; the read timeout alone lets a body dripped a byte at a time
    run for ever. The outbox's lease on an entry is longer, so a send never
    outlives its claim.
    """

    max_bytes: int = 8 * 1024 * 1024
    deadline: float = 15.0


ACCEPTED_ENCODINGS = "gzip, deflate"
"""What the console asks for and unpacks itself, within :attr:`Limits.max_bytes`."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a failed call is tried again.

    ``attempts`` counts the first try. Delays grow as ``base_delay * 2**n``
    up to ``max_delay``, with full jitter. A ``Retry-After`` longer than
    ``max_retry_after`` is not waited for: the 429 is raised instead.
    """

    attempts: int = 4
    base_delay: float = 0.25
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def backoff(self, retry_number: int, rng: random.Random) -> float:
        ceiling = min(self.max_delay, self.base_delay * (2**retry_number))
        return rng.uniform(ceiling / 2, ceiling)


NO_RETRY = RetryPolicy(attempts=1)


class RequestBudget:
    """At most ``limit`` requests per ``window`` seconds for each token.

    HeavySet answers 429 past 60 requests a minute; waiting here first keeps
    the console from hitting that wall. ``limit=0`` turns the budget off.

    The server counts a request when it *arrives*, which is later than when
    it was sent; so each request is counted from when its answer came back
    (:meth:`settle`), never earlier than the server could have counted it.
    """

    def __init__(
        self,
        limit: int = 60,
        window: float = 60.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._sleep = sleep
        self._sent: dict[str, dict[int, float]] = {}
        self._tickets = itertools.count()
        self._waiting: dict[str, float] = {}
        """Key → when the request waiting longest for the budget may go (clock time)."""

    def _live(self, key: str) -> dict[int, float]:
        sent = self._sent.setdefault(key, {})
        horizon = self._clock() - self.window
        for ticket in [t for t, when in sent.items() if when <= horizon]:
            del sent[ticket]
        return sent

    def wait_time(self, key: str) -> float:
        """Seconds until a request for ``key`` may go out (0 when it may now)."""
        if self.limit <= 0:
            return 0.0
        sent = self._live(key)
        if len(sent) < self.limit:
            return 0.0
        return max(0.0, min(sent.values()) + self.window - self._clock())

    async def acquire(self, key: str) -> int:
        """Wait until the budget allows a request for ``key``; count it and return its ticket."""
        if self.limit <= 0:
            return -1
        while True:
            delay = self.wait_time(key)
            if delay <= 0:
                ticket = next(self._tickets)
                self._live(key)[ticket] = self._clock()
                return ticket
            log.info("request budget of %d/%.0fs used up; waiting %.2fs", self.limit, self.window, delay)
            self._waiting[key] = max(self._waiting.get(key, 0.0), self._clock() + delay)
            try:
                await self._sleep(delay)
            finally:
                if self._waiting.get(key, 0.0) <= self._clock():
                    self._waiting.pop(key, None)

    def take(self, key: str, *, spare: float = 0.0) -> int | None:
        """Count a request for ``key`` now, if the budget allows it without waiting and leaves ``spare`` (a
        share of the limit, 0–1) free after it; its ticket, or None (then nothing is counted)."""
        if self.limit <= 0:
            return -1
        sent = self._live(key)
        if len(sent) + 1 > self.limit * (1.0 - spare) or self._waiting.get(key, 0.0) > self._clock():
            return None
        ticket = next(self._tickets)
        sent[ticket] = self._clock()
        return ticket

    def used(self, key: str) -> int:
        """Requests for ``key`` counted in the current window."""
        return len(self._live(key)) if self.limit > 0 else 0

    def waiting(self, key: str) -> float:
        """Seconds until a request for ``key`` that waits for the budget now may go (0 when none waits)."""
        until = self._waiting.get(key)
        return max(0.0, until - self._clock()) if until is not None else 0.0

    def settle(self, key: str, ticket: int) -> None:
        """The request's answer is in: count it from now."""
        sent = self._sent.get(key)
        if sent is not None and ticket in sent:
            sent[ticket] = self._clock()


@dataclass(frozen=True)
class Idempotency:
    """An idempotency header and its key, sent identically on every retry."""

    header: str
    key: str


RETRY_AFTER_MARGIN = 1.06
"""A ``Retry-After`` wait is this much longer than the server asked (see :meth:`Transport.request`)."""

KEEPALIVE_S = 4.0
"""Seconds an idle connection is kept for the next request. Node.js and Apache close an idle connection after
5 s by default, the shortest timeout common among servers and load balancers: letting it go first, the console
never sends a request on a connection the server is closing at that moment."""

WARM_MARGIN_S = 0.5
"""A connection idle for longer than the keep-alive less this is about to be let go: a warm-up opens another
rather than count on it."""

WARM_CONNECTIONS = 2
"""Connections a warm-up opens to a server that speaks only HTTP/1.1 (one request at a time each), or whose
HTTP version is not known yet: one for each of a lookup's two requests, so that both go out at once."""

WARM_SPARE = 0.5
"""A warm-up is sent only while this share of the request budget stays free after it: it never makes one of
the setter's requests wait for the budget."""

WARM_TIMEOUT_S = 5.0
"""A warm-up that has not been answered by then is given up (nothing is said: the next request connects)."""

WARM_JOIN_MOST_S = 1.0
"""The longest a request waits for a warm-up on its way (from the warm-up's start) rather than open a connection
of its own. Less once a warm-up of the same kind (one that opened its connections, or one that kept them) has
been answered in full: twice what that one took."""

WARM_JOIN_LEAST_S = 0.05
"""A request waits for a warm-up on its way at least this long (a round trip on the same network)."""


def http2_available() -> bool:
    """The ``h2`` package is installed: httpx can speak HTTP/2."""
    return importlib.util.find_spec("h2") is not None


@dataclass
class _Origin:
    """What the transport knows of one server (scheme, host and port)."""

    last_used: float = -math.inf
    """When a request to it last ended (monotonic clock)."""
    in_flight: int = 0
    http_version: str = ""
    """How it answered last: ``"HTTP/2"`` or ``"HTTP/1.1"`` (empty until it has)."""
    warming: bool = False
    warm_done: asyncio.Event | None = None
    """Set when the warm-up on its way ends (None while none is)."""
    warm_started: float = 0.0
    """When the warm-up on its way started (monotonic clock)."""
    warm_opening: bool = False
    """The warm-up on its way opens its connections (those of before were let go, or none was opened)."""
    warm_took: dict[bool, float] = field(default_factory=dict)
    """Seconds the last warm-up answered in full took: of one that opened its connections (True), and of one that
    kept them (False)."""
    secure: bool = False
    """Reached over TLS (where HTTP/2 is offered)."""
    unopened: bool = False
    """Its requests go to another client from now on, with no connection open yet: the next warm-up opens them."""
    cold_h1: bool = False
    """Its requests go on HTTP/1.1 connections of their own, opened by requests that found none open and no
    warm-up on its way (a screen-pop after the connection was let go): a new HTTP/2 connection would carry a
    lookup's second request only after the server's first SETTINGS frame, a round trip after the first, where
    two HTTP/1.1 connections carry both at once. Until the next warm-up, which opens the HTTP/2 one again."""


class _Seen:
    """Whether a request opened its connection or went out on one kept from before (httpcore's trace)."""

    __slots__ = ("opened", "reused")

    def __init__(self) -> None:
        self.opened = False
        self.reused = False

    async def trace(self, name: str, info: Mapping[str, Any]) -> None:
        if name.startswith("connection.connect_tcp"):
            self.opened = True
        elif name.endswith("send_request_headers.started") and not self.opened:
            self.reused = True


class _StaleConnection(Exception):
    """A request went out on a connection kept from before that broke before any answer came: the server had
    let it go. A GET is sent again at once, on a new connection."""

    def __init__(self, cause: httpx.HTTPError) -> None:
        super().__init__(type(cause).__name__)
        self.cause = cause


@dataclass
class Transport:
    """Sends requests with auth, budget, retries and error mapping.

    ``keepalive``: seconds an idle connection is kept (:data:`KEEPALIVE_S`). ``http2``: offer HTTP/2 to servers
    (None: whenever ``h2`` is installed). ``ca_file``: verify servers against this bundle of certificate
    authorities instead of the default one (a test server's own authority); verification itself is never off.
    ``client``: one ``httpx.AsyncClient`` for every request (tests); by default the transport makes its own.
    """

    timeouts: Timeouts = field(default_factory=Timeouts)
    limits: Limits = field(default_factory=Limits)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    budget: RequestBudget | None = field(default_factory=RequestBudget)
    sleep: Sleep = asyncio.sleep
    rng: random.Random = field(default_factory=random.Random)
    client: httpx.AsyncClient | None = None
    keepalive: float = KEEPALIVE_S
    http2: bool | None = None
    ca_file: str | None = None
    _h1_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)
    _own_client: bool = field(default=False, init=False, repr=False)
    _building: dict[str, asyncio.Future[httpx.AsyncClient]] = field(default_factory=dict, init=False, repr=False)
    _origins: dict[tuple[str, str, int | None], _Origin] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.http2 is None:
            self.http2 = http2_available()

    def _new_client(self, http2: bool) -> httpx.AsyncClient:
        verify: ssl.SSLContext | bool = True
        if self.ca_file is not None:
            verify = ssl.create_default_context(cafile=self.ca_file)  # verifies, and checks the host name
        return httpx.AsyncClient(
            timeout=self.timeouts.to_httpx(),
            headers={
                "user-agent": f"hsconsole/{__version__}",
                "accept": "application/json",
                "accept-encoding": ACCEPTED_ENCODINGS,
            },
            follow_redirects=False,
            trust_env=True,
            http2=http2,
            verify=verify,
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=self.keepalive),
        )

    async def _client_for(self, place: _Origin) -> httpx.AsyncClient:
        """The client for a server. One that offers HTTP/2, except for a server known to answer HTTP/1.1 only:
        there a client that offers HTTP/1.1 alone, since a client offering HTTP/2 sends a request that finds no
        idle connection to a connection still being opened, and only once that turns out HTTP/1.1 opens another
        (a lookup's second request would wait for the first one's handshake before starting its own)."""
        if place.cold_h1 or self._h1_only(place, place.http_version):
            return self._h1_client or await self._build("h1")
        return self.client or await self._build("main")

    def _cold(self, place: _Origin) -> bool:
        """A request to ``place`` now would find no connection open nor being opened, and could be sent over
        HTTP/1.1 instead of a new HTTP/2 connection (see :attr:`_Origin.cold_h1`)."""
        return (
            bool(self.http2)
            and place.secure
            and (self.client is None or self._own_client)
            and not place.warming
            and not place.in_flight
            and time.monotonic() - place.last_used > self.warm_interval
        )

    async def _build(self, role: str) -> httpx.AsyncClient:
        """A client made once, in a thread: its TLS context reads the certificate authorities (tens of ms) and
        HTTP/2 imports h2, which would hold the window meanwhile."""
        future = self._building.get(role)
        if future is None:
            future = self._building[role] = asyncio.ensure_future(self._make(role))
        return await asyncio.shield(future)

    async def _make(self, role: str) -> httpx.AsyncClient:
        client = await _in_thread(self._new_client, bool(self.http2) and role == "main")
        if role == "main":
            if self.client is not None:  # given meanwhile: the one made here is not needed
                await client.aclose()
                return self.client
            self.client, self._own_client = client, True
        else:
            self._h1_client = client
        return client

    async def aclose(self) -> None:
        building, self._building = list(self._building.values()), {}
        for future in building:
            with contextlib.suppress(Exception):
                await future
        for client in (self.client, self._h1_client):
            if client is not None:
                await client.aclose()
        self.client = self._h1_client = None
        self._own_client = False

    async def __aenter__(self) -> Transport:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _origin(self, url: httpx.URL) -> _Origin:
        key = _origin_key(url)
        place = self._origins.get(key)
        if place is None:
            place = self._origins[key] = _Origin(secure=url.scheme == "https")
        return place

    @property
    def warm_interval(self) -> float:
        """Seconds of idle after which a connection counts as gone (a warm-up opens another)."""
        return max(0.1, self.keepalive - WARM_MARGIN_S)

    def warm_due(self, url: str) -> float:
        """Seconds until the connections to ``url``'s server may be gone: 0 when they may be already (or none was
        ever opened), so that :meth:`warm` would open them now."""
        place = self._origins.get(_origin_key(httpx.URL(url)))
        if place is None or place.unopened:
            return 0.0
        if place.warming or place.in_flight:
            return self.warm_interval
        return max(0.0, place.last_used + self.warm_interval - time.monotonic())

    async def warm(self, url: str, *, budget_key: str, budget: RequestBudget | None = None) -> bool:
        """Open the connections a request to ``url`` will want, TLS done, unless they are open already.

        Sends ``OPTIONS`` to ``url`` without its query and without a credential (nothing of the setter's goes
        with it); a server's framework answers that before any handler runs. A server that speaks HTTP/2 needs
        that one connection; one known to speak only HTTP/1.1, or not known yet, gets
        :data:`WARM_CONNECTIONS` of them at once, so a lookup's two requests find a connection each. Each counts
        in the request budget of ``budget_key`` (``budget``, else the transport's) and goes only while the
        budget keeps :data:`WARM_SPARE` free: a warm-up never makes a request wait. Nothing is sent while a
        warm-up of that server is on its way, or while its connections are fresh (:meth:`warm_due`).

        Never raises (but when cancelled): a failed warm-up changes nothing, and the next request connects as
        it would have. True when a warm-up was sent and answered.
        """
        target = httpx.URL(url).copy_with(query=None, fragment=None)
        place = self._origin(target)
        if place.warming or self.warm_due(url) > 0:
            return False
        budget = budget or self.budget
        place.warming = True
        place.warm_done, place.warm_started = asyncio.Event(), time.monotonic()
        place.warm_opening = place.unopened or place.warm_started - place.last_used >= self.keepalive
        place.cold_h1 = False  # the connections a warm-up opens are the HTTP/2 client's (when it is spoken)
        try:
            answered, sent = await self._warm_round(target, place, budget, budget_key)
            if answered and place.unopened:  # it turned out to speak HTTP/1.1 only: its own client's connections
                answered, sent = await self._warm_round(target, place, budget, budget_key)
        finally:
            place.warming = False
            place.warm_done.set()
            place.warm_done = None
        if answered and answered == sent:  # one that waited for a request's timeout says nothing of the network
            place.warm_took[place.warm_opening] = time.monotonic() - place.warm_started
        return answered > 0

    async def _join_warm_up(self, place: _Origin) -> None:
        """Wait for a warm-up of ``place`` on its way to end, if the request would otherwise open a connection.

        Over HTTP/1.1 a warm-up's requests hold the connections until they are answered, and a request sent
        meanwhile would open one more: a TCP and TLS handshake, two round trips or more, where the warm-up's
        answer is at most one round trip away (and where the warm-up is opening them, the request would open
        its own alongside). Over HTTP/2, or where it may be spoken (not known yet), the request is sent on the
        warm-up's connection at once, even one still being opened: it does not wait.

        The wait is bounded (:data:`WARM_JOIN_MOST_S`, less where warm-ups of the same kind have been quicker):
        past it the warm-up is stuck, and the request connects as it would have. It comes before the request's
        own deadline starts."""
        done = place.warm_done
        if done is None or (self.http2 and place.secure and place.http_version != "HTTP/1.1"):
            return
        took = place.warm_took.get(place.warm_opening)
        bound = min(WARM_JOIN_MOST_S, max(2 * took, WARM_JOIN_LEAST_S)) if took is not None else WARM_JOIN_MOST_S
        wait = bound - (time.monotonic() - place.warm_started)
        if wait > 0:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await done.wait()

    async def _warm_round(
        self, target: httpx.URL, place: _Origin, budget: RequestBudget | None, budget_key: str
    ) -> tuple[int, int]:
        """Send the OPTIONS of one round; (how many were answered, how many were sent)."""
        count = 1 if place.http_version == "HTTP/2" else WARM_CONNECTIONS
        tickets: list[int] = []
        if budget is not None:
            for _ in range(count):
                ticket = budget.take(budget_key, spare=WARM_SPARE)
                if ticket is None:
                    break
                tickets.append(ticket)
            if not tickets:
                log.debug("no warm-up of %s: the request budget is kept for the setter's requests", target.host)
                return 0, 0
            count = len(tickets)
        started = time.perf_counter()
        place.unopened = False
        try:
            answered = await asyncio.gather(*(self._warm_one(target, place) for _ in range(count)))
        finally:
            if budget is not None:
                for ticket in tickets:
                    budget.settle(budget_key, ticket)
        if not any(answered):
            return 0, count
        if not place.unopened:
            place.last_used = time.monotonic()
        log.debug(
            "warmed %s: %d of %d answered in %.0f ms (%s)",
            target.host,
            sum(answered),
            count,
            (time.perf_counter() - started) * 1000,
            place.http_version,
        )
        return sum(answered), count

    async def _warm_one(self, url: httpx.URL, place: _Origin) -> bool:
        try:
            client = await self._client_for(place)
            async with asyncio.timeout(WARM_TIMEOUT_S):
                response = await client.send(client.build_request("OPTIONS", url), stream=True)
                try:
                    await read_bounded(response, 64 * 1024)
                finally:
                    await response.aclose()
        except (httpx.HTTPError, TimeoutError, InvalidResponseError, OSError) as exc:
            log.debug("warm-up of %s failed: %s", url.host, type(exc).__name__)
            return False
        self._learn(place, response.http_version)
        return True

    def _learn(self, place: _Origin, version: str) -> None:
        """The server answered in ``version``; a server found to speak only HTTP/1.1 goes to its own client from
        now on (:meth:`_client_for`), where no connection is open yet."""
        if version != place.http_version:
            if version == "HTTP/1.1" and self._h1_only(place, version):
                place.unopened = True
            place.http_version = version

    def _h1_only(self, place: _Origin, version: str) -> bool:
        return bool(self.http2) and place.secure and self._own_client and version == "HTTP/1.1"

    async def request(
        self,
        method: str,
        url: str,
        *,
        credential: Credential,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        idempotency: Idempotency | None = None,
        retry: RetryPolicy | None = None,
        budget: RequestBudget | None = None,
        replayable: bool = False,
    ) -> httpx.Response:
        """Send until success or a final failure; return the 2xx response.

        GETs are always retried on retryable failures; other methods only
        when they carry an idempotency key (then with the same key), or are
        ``replayable``: keyed in their body, so sending them twice changes
        nothing (Apptoto's upserts by ``external_id``). A GET sent on a kept
        connection that the server had let go is sent again at once.
        ``budget`` replaces the transport's request budget for this call
        (each service has its own rate limit).
        """
        policy = retry or self.retry
        budget = budget or self.budget
        limits = self.limits
        may_retry = method.upper() == "GET" or idempotency is not None or replayable
        headers = credential.headers()
        if idempotency is not None:
            headers[idempotency.header] = idempotency.key
        target = httpx.URL(url)
        host = target.host
        place = self._origin(target)
        failures = 0
        ends: float | None = None  # the call's deadline, counted from its first send (not the budget's wait)
        maybe_made = False  # a try of this call may have reached the server
        stale_resent = False  # a GET is sent again at once once, after a kept connection turned out gone
        await self._join_warm_up(place)
        while True:
            ticket = await budget.acquire(credential.fingerprint) if budget is not None else -1
            started = time.perf_counter()
            if ends is None:
                ends = time.monotonic() + limits.deadline
            at_once = False
            if self._cold(place):
                place.cold_h1 = True
            place.in_flight += 1
            try:
                response = await self._exchange(method, url, params, json_body, headers, ends - time.monotonic(), place)
            except _StaleConnection as stale:
                error: ApiError = _network_error(stale.cause, host)
                at_once = method.upper() == "GET" and not stale_resent
                stale_resent = True
                log.info("%s %s: the kept connection was gone (%s)", method, target.path, stale)
            except httpx.HTTPError as exc:
                error = _network_error(exc, host)
                log.info("%s %s failed: %s", method, target.path, type(exc).__name__)
            except TimeoutError:
                error = NetworkError(f"{host} did not finish answering within {limits.deadline:.0f} s", timeout=True)
                failures = policy.attempts  # the call's time is up: no more tries
                log.info("%s %s passed its %.0f s deadline", method, target.path, limits.deadline)
            except InvalidResponseError as exc:  # too big, or packed in a way that cannot be unpacked
                error = exc
                log.info("%s %s: %s", method, target.path, type(exc).__name__)
            else:
                elapsed = (time.perf_counter() - started) * 1000
                log.debug("%s %s → %d in %.1f ms", method, response.url.path, response.status_code, elapsed)
                if response.is_success:
                    return response
                if response.status_code == 409 and idempotency is not None:
                    error = InProgressError(
                        "HeavySet is still working on this change (same key in progress)", status=409
                    )
                else:
                    error = error_from_response(response)
            finally:
                place.in_flight -= 1
                if not place.unopened:
                    place.last_used = time.monotonic()
                if budget is not None:
                    budget.settle(credential.fingerprint, ticket)
            error = credential.scrub(error)
            if error.uncertain:
                maybe_made = True
            elif maybe_made and idempotency is not None:  # an earlier try may have made the change: still unknown
                error.uncertain = True
            failures += 1
            if not (error.retryable and may_retry and failures < policy.attempts):
                raise error
            delay = 0.0 if at_once else policy.backoff(failures - 1, self.rng)
            if isinstance(error, RateLimitedError) and error.retry_after is not None:
                if error.retry_after > policy.max_retry_after:
                    raise error
                # the wait is the server's and a little more: Qt's timers (the console's loop runs on them) may
                # fire up to 5 % early, and a retry a hair early is refused again and counted twice
                delay = max(error.retry_after, 0.0) * RETRY_AFTER_MARGIN + self.rng.uniform(0.05, 0.15)
            if time.monotonic() + delay >= ends:  # another try could not end in the call's time
                raise error
            log.info(
                "retrying %s %s in %.2fs after %s (attempt %d of %d)",
                method,
                target.path,
                delay,
                type(error).__name__,
                failures + 1,
                policy.attempts,
            )
            if delay > 0:
                await self.sleep(delay)

    async def _exchange(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        json_body: Any,
        headers: dict[str, str],
        seconds: float,
        place: _Origin,
    ) -> httpx.Response:
        """One request, its whole answer read within ``seconds`` and the size limit; the response holds the
        decoded body."""
        cold = place.cold_h1  # then HTTP/1.1 was asked for: the answer says nothing of what the server speaks
        client = await self._client_for(place)
        seen = _Seen()
        request = client.build_request(
            method, url, params=params, json=json_body, headers=headers, extensions={"trace": seen.trace}
        )
        async with asyncio.timeout(max(seconds, 0.0)):
            try:
                response = await client.send(request, stream=True)
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                if seen.reused:
                    raise _StaleConnection(exc) from exc
                raise
            try:
                body = await read_bounded(response, self.limits.max_bytes)
            finally:
                await response.aclose()
        if not cold:
            self._learn(place, response.http_version)
        plain = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _BODY_HEADERS]
        return httpx.Response(
            response.status_code, headers=plain, content=body, request=request, extensions=response.extensions
        )


def _origin_key(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port)


R = TypeVar("R")


async def _in_thread(work: Callable[..., R], *args: Any) -> R:
    """``work(*args)`` in a thread of its own. Not the loop's executor: on the Qt loop that is a pool of QThreads,
    which Qt aborts the process over if one still runs when the application ends."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[R] = loop.create_future()

    def settle(result: R | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]  # None only with an error

    def run() -> None:
        try:
            result, error = work(*args), None
        except BaseException as exc:  # handed to the awaiting task
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody waits any more
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name="hsconsole-transport", daemon=True).start()
    return await future


_BODY_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


async def read_bounded(response: httpx.Response, limit: int) -> bytes:
    """The body of a streamed ``response``, unpacked, or :class:`AnswerTooLargeError` past ``limit`` bytes.

    Unpacking goes a bounded piece at a time, so a small packed answer that
    unpacks to gigabytes costs at most ``limit`` bytes before it is stopped.
    """
    status = response.status_code
    declared = response.headers.get("content-length", "")
    encodings = [e.strip().lower() for e in response.headers.get("content-encoding", "").split(",") if e.strip()]
    encodings = [e for e in encodings if e != "identity"]
    if not encodings and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit, status)
    if len(encodings) > 1 or (encodings and encodings[0] not in ("gzip", "x-gzip", "deflate")):
        raise InvalidResponseError(
            f"The server's answer is packed in a way the console cannot read ({', '.join(encodings)})", status=status
        )
    if response.is_stream_consumed:  # an answer made in memory (a test transport): already whole
        if len(response.content) > limit:
            raise _too_large(limit, status)
        return response.content
    unpack = _Unpacker(encodings[0]) if encodings else None
    body = bytearray()
    async for chunk in response.aiter_raw():
        if unpack is None:
            body += chunk
        else:
            unpack.feed(chunk, body, limit)
        if len(body) > limit:
            raise _too_large(limit, status)
    if unpack is not None:
        unpack.finish(body)
        if len(body) > limit:
            raise _too_large(limit, status)
    return bytes(body)


def _too_large(limit: int, status: int) -> AnswerTooLargeError:
    return AnswerTooLargeError(
        f"The server's answer was too big to read (over {limit // (1024 * 1024)} MB); nothing of it was used",
        status=status,
    )


class _Unpacker:
    """gzip or deflate, unpacked at most ``limit + 1`` bytes at a time."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.raw_deflate = False
        self.started = False
        self._z = zlib.decompressobj(zlib.MAX_WBITS | 16 if encoding != "deflate" else zlib.MAX_WBITS)

    def feed(self, chunk: bytes, out: bytearray, limit: int) -> None:
        data = chunk
        while data:
            try:
                piece = self._z.decompress(data, max(1, limit + 1 - len(out)))
            except zlib.error:
                if self.encoding == "deflate" and not self.started and not self.raw_deflate:
                    self.raw_deflate = True  # deflate without its zlib header, as some servers send it
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise InvalidResponseError("The server's answer could not be unpacked") from None
            self.started = True
            out += piece
            if len(out) > limit:
                return
            data = self._z.unconsumed_tail

    def finish(self, out: bytearray) -> None:
        try:
            out += self._z.flush()
        except zlib.error:
            raise InvalidResponseError("The server's answer could not be unpacked") from None


def _network_error(exc: httpx.HTTPError, host: str) -> NetworkError:
    if isinstance(exc, httpx.ConnectTimeout):
        return NetworkError(
            translate("Network", "Connecting to {host} timed out").format(host=host), timeout=True, sent=False
        )
    if isinstance(exc, httpx.PoolTimeout):
        busy = translate("Network", "No connection to {host} was free in time").format(host=host)
        return NetworkError(busy, timeout=True, sent=False)
    if isinstance(exc, httpx.TimeoutException):
        return NetworkError(translate("Network", "{host} did not answer in time").format(host=host), timeout=True)
    if isinstance(exc, httpx.ConnectError):
        return NetworkError(translate("Network", "Could not connect to {host}").format(host=host), sent=False)
    if isinstance(exc, httpx.RemoteProtocolError):
        return NetworkError(translate("Network", "{host} dropped the connection").format(host=host))
    if isinstance(exc, httpx.NetworkError):
        return NetworkError(translate("Network", "The connection to {host} broke").format(host=host))
    return NetworkError(translate("Network", "Network error talking to {host}").format(host=host))


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_details(response: httpx.Response) -> tuple[list[str], str]:
    """Messages and error code from either error payload shape (or none)."""
    try:
        data = response.json()
    except (ValueError, RecursionError):
        return [], ""
    if not isinstance(data, dict):
        return [], ""
    raw = data.get("message")
    if isinstance(raw, str):
        messages = [raw]
    elif isinstance(raw, list):
        messages = [m for m in raw if isinstance(m, str)]
    else:
        messages = []
    code = data.get("error")
    return messages, code if isinstance(code, str) else ""


def error_from_response(response: httpx.Response) -> ApiError:
    """Map a non-2xx response to the matching :class:`ApiError`."""
    status = response.status_code
    messages, code = _error_details(response)
    if status == 401:
        return AuthRejectedError("The token was rejected", status=status, detail="; ".join(messages))
    if status == 403:
        return DemoModeError("This HeavySet account is in demo mode", status=status, detail="; ".join(messages))
    if status == 404:
        return NotFoundError(messages[0] if messages else "Not found", status=status)
    if status == 429:
        return RateLimitedError("Too many requests", retry_after=parse_retry_after(response.headers.get("retry-after")))
    if status >= 500:
        return ServerError(f"The server had a problem (HTTP {status})", status=status)
    if 300 <= status < 400:  # never followed: a token would go with it to wherever it points
        try:
            where = httpx.URL(response.headers.get("location", "")).host or "another address"
        except httpx.InvalidURL:
            where = "another address"
        return InvalidResponseError(
            f"The server sent the request on to {where} (HTTP {status}); the console does not follow it",
            status=status,
        )
    if not messages and code:
        messages = [code.replace("_", " ").capitalize()]
    return BadRequestError(messages or [f"Request refused (HTTP {status})"], code=code, status=status)


def parse_model(response: httpx.Response, model: type[ModelT]) -> ModelT:
    """Validate a response body as ``model`` or raise :class:`InvalidResponseError`.

    The message names the offending field and never echoes the values (they
    may include one-time tokens).
    """
    try:  # the body straight into the model: no intermediate dicts (a calendar answer holds thousands of blocks)
        return model.model_validate_json(response.content)
    except ValidationError as exc:
        if exc.errors(include_url=False, include_input=False)[0]["type"] != "json_invalid":
            raise _invalid(exc, response.status_code) from None
    return validate_model(response_json(response), model, status=response.status_code)  # not UTF-8 JSON: say which


def response_json(response: httpx.Response) -> Any:
    """The decoded JSON body, or :class:`InvalidResponseError` when it is not JSON."""
    try:
        return response.json()
    except (ValueError, RecursionError):
        raise InvalidResponseError(
            f"The server's answer is not JSON (HTTP {response.status_code})", status=response.status_code
        ) from None


async def parse_list_in_slices(
    response: httpx.Response, model: type[ModelT], field: str, item: type[BaseModel], *, slice_size: int = 250
) -> ModelT:
    """:func:`parse_model` for a big answer: its ``field`` list validated ``slice_size`` items per loop turn.

    A 2,000-block calendar takes ≈ 5 ms to validate in one go; in slices the window stays live meanwhile.
    Errors name the same field as :func:`parse_model` would (``slots.700.startTime``).
    """
    data = response_json(response)
    items = data.get(field) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return validate_model(data, model, status=response.status_code)
    most = _max_items(model, field)
    if most is not None and len(items) > most:  # refused before a single one is validated
        raise _too_many(field, len(items), most, response.status_code)
    adapter = _list_adapter(item)
    done: list[Any] = []
    for start in range(0, len(items), slice_size):
        if start:
            await asyncio.sleep(0)
        part = items[start : start + slice_size]
        try:
            done.extend(adapter.validate_python(part))
        except ValidationError:
            done.extend(part)  # as they came: the whole answer's validation below names or leaves out what is wrong
    return validate_model({**data, field: done}, model, status=response.status_code)


@functools.cache
def _list_adapter(item: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[item])  # type: ignore[valid-type]


def validate_model(data: Any, model: type[ModelT], *, status: int | None = None) -> ModelT:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc, status) from None


def _max_items(model: type[BaseModel], field: str) -> int | None:
    info = model.model_fields.get(field)
    for meta in info.metadata if info is not None else ():
        most = getattr(meta, "max_length", None)
        if isinstance(most, int):
            return most
    return None


def _too_many(where: str, count: int | None, most: int, status: int | None) -> AnswerTooLargeError:
    listed = f"{count:,}" if count is not None else "more"
    return AnswerTooLargeError(
        f"The server listed {listed} {where}, more than the console takes (at most {most:,})", status=status
    )


def _invalid(exc: ValidationError, status: int | None) -> InvalidResponseError:
    """The first error in words, without the values."""
    first = exc.errors(include_url=False, include_input=False)[0]
    if first["type"] == "too_long" and isinstance((first.get("ctx") or {}).get("max_length"), int):
        name = ".".join(str(part) for part in first["loc"]) or "items"
        actual = (first.get("ctx") or {}).get("actual_length")
        return _too_many(name, actual if isinstance(actual, int) else None, first["ctx"]["max_length"], status)
    loc = list(first["loc"])
    where = ".".join(str(part) for part in loc) or "(body)"
    return InvalidResponseError(
        f"Unexpected answer from the server: {where}: {first['msg']}", field=where, status=status
    )
