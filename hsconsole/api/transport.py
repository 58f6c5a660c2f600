"""One httpx transport for every HeavySet call.

It owns what all API families share: the long-lived ``httpx.AsyncClient``,
timeouts that suit a live call, the per-token request budget, retries with
exponential backoff and jitter, idempotency keys reused across retries, and
the mapping of HTTP failures to :mod:`hsconsole.api.errors`.

Tokens travel only in headers. They are wrapped in :class:`Credential`,
whose repr hides them, and no log line or exception built here contains one.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import hashlib
import itertools
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from hsconsole import __version__
from hsconsole.api.errors import (
    ApiError,
    AuthRejectedError,
    BadRequestError,
    DemoModeError,
    InvalidResponseError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)

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

    def __repr__(self) -> str:
        return f"Credential(header={self.header!r}, token=<redacted #{self.fingerprint}>)"

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
            await self._sleep(delay)

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


@dataclass
class Transport:
    """Sends requests with auth, budget, retries and error mapping."""

    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    budget: RequestBudget | None = field(default_factory=RequestBudget)
    sleep: Sleep = asyncio.sleep
    rng: random.Random = field(default_factory=random.Random)
    client: httpx.AsyncClient | None = None

    def _client(self) -> httpx.AsyncClient:
        if self.client is None:
            self.client = httpx.AsyncClient(
                timeout=self.timeouts.to_httpx(),
                headers={"user-agent": f"hsconsole/{__version__}", "accept": "application/json"},
                follow_redirects=False,
                trust_env=True,
            )
        return self.client

    async def aclose(self) -> None:
        if self.client is not None:
            await self.client.aclose()
            self.client = None

    async def __aenter__(self) -> Transport:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

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
        nothing (Apptoto's upserts by ``external_id``).
        ``budget`` replaces the transport's request budget for this call
        (each service has its own rate limit).
        """
        policy = retry or self.retry
        budget = budget or self.budget
        may_retry = method.upper() == "GET" or idempotency is not None or replayable
        headers = credential.headers()
        if idempotency is not None:
            headers[idempotency.header] = idempotency.key
        host = httpx.URL(url).host
        failures = 0
        while True:
            ticket = await budget.acquire(credential.fingerprint) if budget is not None else -1
            started = time.perf_counter()
            try:
                response = await self._client().request(method, url, params=params, json=json_body, headers=headers)
            except httpx.HTTPError as exc:
                error: ApiError = _network_error(exc, host)
                log.info("%s %s failed: %s", method, httpx.URL(url).path, type(exc).__name__)
            else:
                elapsed = (time.perf_counter() - started) * 1000
                log.debug("%s %s → %d in %.1f ms", method, response.url.path, response.status_code, elapsed)
                if response.is_success:
                    return response
                error = error_from_response(response)
            finally:
                if budget is not None:
                    budget.settle(credential.fingerprint, ticket)
            failures += 1
            if not (error.retryable and may_retry and failures < policy.attempts):
                raise error
            delay = policy.backoff(failures - 1, self.rng)
            if isinstance(error, RateLimitedError) and error.retry_after is not None:
                if error.retry_after > policy.max_retry_after:
                    raise error
                delay = max(error.retry_after, 0.0) + self.rng.uniform(0, 0.1)
            log.info(
                "retrying %s %s in %.2fs after %s (attempt %d of %d)",
                method,
                httpx.URL(url).path,
                delay,
                type(error).__name__,
                failures + 1,
                policy.attempts,
            )
            await self.sleep(delay)


def _network_error(exc: httpx.HTTPError, host: str) -> NetworkError:
    if isinstance(exc, httpx.ConnectTimeout):
        return NetworkError(f"Connecting to {host} timed out", timeout=True)
    if isinstance(exc, httpx.TimeoutException):
        return NetworkError(f"{host} did not answer in time", timeout=True)
    if isinstance(exc, httpx.ConnectError):
        return NetworkError(f"Could not connect to {host}")
    if isinstance(exc, httpx.RemoteProtocolError):
        return NetworkError(f"{host} dropped the connection")
    if isinstance(exc, httpx.NetworkError):
        return NetworkError(f"The connection to {host} broke")
    return NetworkError(f"Network error talking to {host}")


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
        return AuthRejectedError("The token was rejected", status=status)
    if status == 403:
        return DemoModeError("This HeavySet account is in demo mode", status=status)
    if status == 404:
        return NotFoundError(messages[0] if messages else "Not found", status=status)
    if status == 429:
        return RateLimitedError("Too many requests", retry_after=parse_retry_after(response.headers.get("retry-after")))
    if status >= 500:
        return ServerError(f"The server failed (HTTP {status})", status=status)
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
    adapter = _list_adapter(item)
    done: list[Any] = []
    for start in range(0, len(items), slice_size):
        if start:
            await asyncio.sleep(0)
        try:
            done.extend(adapter.validate_python(items[start : start + slice_size]))
        except ValidationError as exc:
            raise _invalid(exc, response.status_code, within=(field, start)) from None
    return validate_model({**data, field: done}, model, status=response.status_code)


@functools.cache
def _list_adapter(item: type[BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[item])  # type: ignore[valid-type]


def validate_model(data: Any, model: type[ModelT], *, status: int | None = None) -> ModelT:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc, status) from None


def _invalid(
    exc: ValidationError, status: int | None, *, within: tuple[str, int] | None = None
) -> InvalidResponseError:
    """The first error in words, without the values; ``within``: the error is in a slice of that list, from there."""
    first = exc.errors(include_url=False, include_input=False)[0]
    loc = list(first["loc"])
    if within is not None:
        name, offset = within
        loc = [name, offset + loc[0], *loc[1:]] if loc and isinstance(loc[0], int) else [name, *loc]
    where = ".".join(str(part) for part in loc) or "(body)"
    return InvalidResponseError(
        f"Unexpected answer from the server: {where}: {first['msg']}", field=where, status=status
    )
