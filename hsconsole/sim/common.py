"""What the three simulators (HeavySet, Apptoto, TimeZest) share.

* the fault knobs (:class:`Faults`): the forced-outcome queue, the seeded
  random draw and the malformed answers (:class:`FaultKnobs` gives a state
  the methods over them);
* :class:`SlidingWindows`: per-key sliding-window rate limits with the
  Retry-After seconds of a refusal;
* :class:`RequestLog`: the request log in arrival order, completed later,
  with :func:`redact` for token-named keys and secret text, and the traffic
  counts kept beside it (never capped like the log);
* HTTP helpers: :class:`Reply` and :func:`malformed_response`,
  :class:`BrokenResponse` (a dropped connection), :func:`hang` (the
  ``timeout`` fault), :class:`DrippedResponse` (the ``drip`` fault),
  :func:`answer_with_faults` (the fault half of the HeavySet and Apptoto
  pipelines), body parsing, and the loopback-only admin routes under
  ``/_sim/`` (:func:`admin_endpoint`, :func:`shared_admin_routes`);
* :func:`iso_ms`, the ``…000Z`` timestamps the seeds show.

Where the simulators differ on purpose (error bodies, drop bodies, the
outcome sets, TimeZest's stricter loopback test), the difference is a
parameter here, not a copy.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import ipaddress
import json
import math
import random
import threading
import time as _time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, NamedTuple, Protocol, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

# ---------------------------------------------------------------- faults

FORCE_OUTCOMES: tuple[str, ...] = (
    "429",
    "500",
    "503",
    "drop",
    "drop_after_apply",
    "timeout",
    "malformed",
    "apply_then_hang",
    "in_progress",
    "drip",
    "retry_after_long",
    "unreadable_after_apply",
)
"""What ``Faults.force`` entries may ask for."""

MALFORMED_KINDS: tuple[str, ...] = ("json", "truncated", "html", "empty", "huge", "raw")
"""What a ``"malformed"`` forced outcome may answer with (see :class:`MalformedResponse`)."""

HUGE_SIZE = 5 * 1024 * 1024
"""Default length of the padding string of a ``"huge"`` malformed answer (5 MiB)."""

_MALFORMED_KEYS = {"kind", "status", "body", "size"}


@dataclass(frozen=True)
class MalformedResponse:
    """What a ``"malformed"`` forced outcome sends instead of the real answer.

    ``kind``:

    * ``"json"``: ``body`` (any JSON value; None is JSON ``null``) as
      ``application/json``;
    * ``"truncated"``: the first half of the real answer's JSON (or of ``body``
      as JSON, when given), with a ``Content-Length`` that matches what is
      sent: a complete HTTP response whose body is broken JSON;
    * ``"html"``: a proxy's error page (``<html><body><h1>502 Bad Gateway</h1>…``,
      or ``body`` when it is a string) as ``text/html``;
    * ``"empty"``: no body at all;
    * ``"huge"``: a JSON object with a ``padding`` string of ``size``
      characters (default 5 MiB) added: the real answer's object, or ``body``
      (an object) when given;
    * ``"raw"``: ``body`` (a string) sent as it is, labelled ``application/json``
      (for what no JSON value can express, such as 100 000 nested ``[``).

    ``status`` is the HTTP status sent; None means the real answer's status for
    the kinds built from it (``truncated`` and ``huge`` without ``body``), else 200.

    The route itself runs (and a mutation takes effect, stored under its
    idempotency key like any 2xx) only when the answer is built from the real
    one; every other malformed answer replaces the route, so nothing changes.
    """

    kind: str
    status: int | None = None
    body: Any = None
    size: int = HUGE_SIZE

    def __post_init__(self) -> None:
        self.validate()

    @property
    def uses_real_response(self) -> bool:
        """True when the answer is built from the route's real answer (so the route runs)."""
        return self.kind in ("truncated", "huge") and self.body is None

    def validate(self) -> None:
        if self.kind not in MALFORMED_KINDS:
            raise ValueError(f"malformed kind must be one of {', '.join(MALFORMED_KINDS)}")
        status = self.status
        if status is not None and (isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599):
            raise ValueError("malformed status must be an integer from 200 to 599")
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size < 0:
            raise ValueError("malformed size must be a non-negative integer")
        if self.kind in ("html", "raw"):
            if self.body is not None and not isinstance(self.body, str):
                raise ValueError(f"a {self.kind!r} malformed body must be a string")
        elif self.kind == "empty":
            if self.body is not None:
                raise ValueError("an 'empty' malformed answer takes no body")
        else:
            if self.kind == "huge" and self.body is not None and not isinstance(self.body, Mapping):
                raise ValueError("a 'huge' malformed body must be a JSON object")
            try:
                json.dumps(self.body, allow_nan=False)
            except (TypeError, ValueError, RecursionError):
                raise ValueError("a malformed body must be a JSON value") from None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "status": self.status, "body": self.body, "size": self.size}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MalformedResponse:
        extra = set(data) - _MALFORMED_KEYS
        if extra or not isinstance(data.get("kind"), str):
            raise ValueError("malformed is {kind, status?, body?, size?}")
        return cls(str(data["kind"]), data.get("status"), data.get("body"), data.get("size", HUGE_SIZE))


@dataclass
class Forced:
    """An outcome forced on the next API request matching ``path`` (a substring) and ``method`` (any case)."""

    outcome: str
    path: str | None = None
    method: str | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.path is not None and self.path not in path:
            return False
        return self.method is None or self.method.upper() == method.upper()

    def to_json(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "path": self.path, "method": self.method}


@dataclass
class ForcedOutcome(Forced):
    """One forced outcome for the next API request matching the filters.

    ``path`` matches when it is a substring of the request path
    (``"phone/update"``); ``method`` matches case-insensitively.
    ``malformed`` describes the answer of a ``"malformed"`` outcome (default:
    the real answer truncated) and is None for every other outcome.
    """

    malformed: MalformedResponse | None = None

    def __post_init__(self) -> None:
        if self.outcome == "malformed" and self.malformed is None:
            self.malformed = MalformedResponse("truncated")

    def to_json(self) -> dict[str, Any]:
        data = super().to_json()
        if self.malformed is not None:
            data["malformed"] = self.malformed.to_json()
        return data


def iso_ms(value: datetime) -> str:
    """``2025-03-14T20:25:31.000Z``: UTC, milliseconds, ``Z`` (the seed's date format)."""
    utc = value.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


RATE_KNOBS = (
    "error_rate",
    "drop_rate",
    "timeout_rate",
    "rate_429",
    "drop_after_apply_rate",
    "apply_then_hang_rate",
    "in_progress_rate",
    "drip_rate",
    "retry_after_long_rate",
    "unreadable_after_apply_rate",
)
_RATE_OUTCOMES = {
    "error_rate": "500",
    "drop_rate": "drop",
    "timeout_rate": "timeout",
    "rate_429": "429",
    "drop_after_apply_rate": "drop_after_apply",
    "apply_then_hang_rate": "apply_then_hang",
    "in_progress_rate": "in_progress",
    "drip_rate": "drip",
    "retry_after_long_rate": "retry_after_long",
    "unreadable_after_apply_rate": "unreadable_after_apply",
}
LONG_RETRY_AFTER_S = 86400.0
"""The ``Retry-After`` of a ``retry_after_long`` answer by default: a day."""


@dataclass
class Faults:
    """Fault knobs. They apply to API routes only, never to ``/_sim/``.

    Each API request draws one number from the seeded fault RNG when any rate
    is non-zero, and the rates are stacked in this order: ``error_rate`` → 500;
    ``drop_rate`` → dropped connection; ``timeout_rate`` → hang for
    ``hang_s``; ``rate_429`` → 429 with ``Retry-After: 1``;
    ``drop_after_apply_rate`` → the mutation takes effect, then the
    connection drops (on a GET it is a plain drop); ``apply_then_hang_rate``
    → the mutation takes effect, then the answer hangs for ``hang_s``;
    ``in_progress_rate`` → the mutation takes effect (as a concurrent twin
    with the same idempotency key would make it), and the answer is a 409
    saying a request with this key is still being processed (only requests
    that carry an idempotency key; others are served as they are);
    ``drip_rate`` → the real answer, its body sent a few bytes at a time over
    ``drip_s``; ``retry_after_long_rate`` → 429 with ``Retry-After:
    long_retry_after_s``; ``unreadable_after_apply_rate`` → the mutation
    takes effect and its answer arrives cut in half (broken JSON).
    ``force`` entries win over the random draw and are used up in order.
    """

    latency_ms: int = 0
    error_rate: float = 0.0
    drop_rate: float = 0.0
    timeout_rate: float = 0.0
    rate_429: float = 0.0
    drop_after_apply_rate: float = 0.0
    apply_then_hang_rate: float = 0.0
    in_progress_rate: float = 0.0
    drip_rate: float = 0.0
    retry_after_long_rate: float = 0.0
    unreadable_after_apply_rate: float = 0.0
    hang_s: float = 30.0
    drip_s: float = 5.0
    long_retry_after_s: float = LONG_RETRY_AFTER_S
    regional_down: bool = False
    force: list[ForcedOutcome] = field(default_factory=list)

    @property
    def total_rate(self) -> float:
        """The share of API requests the random draw faults (the rates added up)."""
        return float(sum(getattr(self, name) for name in RATE_KNOBS))

    def validate(self) -> None:
        if self.latency_ms < 0:
            raise ValueError("latency_ms must be >= 0")
        for name in RATE_KNOBS:
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.total_rate > 1.0 + 1e-9:
            raise ValueError(f"{' + '.join(RATE_KNOBS)} must not exceed 1")
        for name in ("hang_s", "drip_s", "long_retry_after_s"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0")
        for entry in self.force:
            if entry.outcome not in FORCE_OUTCOMES:
                raise ValueError(f"force outcome must be one of {', '.join(FORCE_OUTCOMES)}")
            if entry.outcome == "malformed":
                if not isinstance(entry.malformed, MalformedResponse):
                    raise ValueError("a 'malformed' force item needs a MalformedResponse")
            elif entry.malformed is not None:
                raise ValueError("only a 'malformed' force item takes a malformed answer")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["force"] = [entry.to_json() for entry in self.force]
        return data

    def updated(self, changes: Mapping[str, Any]) -> Faults:
        """A copy with ``changes`` (JSON) applied; ValueError on unknown keys or bad values.

        ``force`` items may be strings (``"500"``) or objects
        (``{"outcome": "drop", "path": "phone/update", "method": "PATCH"}``);
        the list replaces the queue. A ``"malformed"`` item describes its answer
        either nested (``"malformed": {"kind": "html", "status": 502}``, the
        shape ``GET /_sim/faults`` shows) or flat (``"kind": "html", "status": 502``).
        """
        known = {f.name for f in fields(self)}
        result = copy.deepcopy(self)
        for key, value in changes.items():
            if key not in known:
                raise ValueError(f"unknown fault knob {key!r}")
            if key == "force":
                result.force = [_forced_from_json(item) for item in _as_list(value)]
            elif key == "regional_down":
                if not isinstance(value, bool):
                    raise ValueError("regional_down must be a boolean")
                result.regional_down = value
            elif key == "latency_ms":
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise ValueError("latency_ms must be a number")
                result.latency_ms = int(value)
            else:
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise ValueError(f"{key} must be a number")
                setattr(result, key, float(value))
        result.validate()
        return result


def _as_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("force must be a list")
    return value


_FORCE_ITEM_HELP = "force items are strings or {outcome, path?, method?} (+ malformed or kind, status?, body?, size?)"


def _forced_from_json(item: Any) -> ForcedOutcome:
    if isinstance(item, str):
        return ForcedOutcome(item)
    if not isinstance(item, Mapping):
        raise ValueError(_FORCE_ITEM_HELP)
    outcome = item.get("outcome")
    flat = {key: item[key] for key in _MALFORMED_KEYS if key in item}
    extra = set(item) - {"outcome", "path", "method", "malformed"} - set(flat)
    if extra or not isinstance(outcome, str):
        raise ValueError(_FORCE_ITEM_HELP)
    for name in ("path", "method"):
        if item.get(name) is not None and not isinstance(item[name], str):
            raise ValueError(f"force item {name} must be a string")
    nested = item.get("malformed")
    malformed: MalformedResponse | None = None
    if nested is not None or flat:
        if outcome != "malformed":
            raise ValueError("only a 'malformed' force item takes kind, status, body, size or malformed")
        if nested is not None and flat:
            raise ValueError("give the malformed answer nested or flat, not both")
        if nested is not None and not isinstance(nested, Mapping):
            raise ValueError("malformed must be an object")
        malformed = MalformedResponse.from_json(nested if nested is not None else flat)
    return ForcedOutcome(outcome, item.get("path"), item.get("method"), malformed)


class FaultKnobs:
    """The fault-knob methods of a state (HeavySet and Apptoto share the knobs).

    The state provides ``_lock``, ``_faults`` and ``_fault_rng`` (seeded,
    reset with the state).
    """

    _lock: threading.RLock
    _faults: Faults
    _fault_rng: random.Random

    @property
    def faults(self) -> Faults:
        """A copy of the current knobs."""
        with self._lock:
            return copy.deepcopy(self._faults)

    def set_faults(self, faults: Faults | None = None, **changes: Any) -> Faults:
        """Replace the knobs with ``faults``, or change some: ``set_faults(latency_ms=50)``."""
        with self._lock:
            new = copy.deepcopy(faults) if faults is not None else copy.deepcopy(self._faults)
            for key, value in changes.items():
                if not hasattr(new, key):
                    raise ValueError(f"unknown fault knob {key!r}")
                setattr(new, key, value)
            new.force = [ForcedOutcome(f) if isinstance(f, str) else f for f in new.force]
            new.validate()
            self._faults = new
            return copy.deepcopy(new)

    def update_faults(self, changes: Mapping[str, Any]) -> Faults:
        """Apply JSON ``changes`` (``POST /_sim/faults``); ValueError when invalid."""
        with self._lock:
            self._faults = self._faults.updated(changes)
            return copy.deepcopy(self._faults)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults = Faults()

    def force(
        self,
        outcome: str,
        *,
        path: str | None = None,
        method: str | None = None,
        times: int = 1,
        malformed: MalformedResponse | None = None,
    ) -> None:
        """Queue ``outcome`` (one of :data:`FORCE_OUTCOMES`) for the next ``times`` API requests matching the filters.

        ``path`` matches as a substring of the request path (``"/v1/event"``
        also matches ``/v1/events``: give ``method`` too to tell them apart).
        ``malformed`` is the answer of a ``"malformed"`` outcome (default: the
        real answer truncated); see also :meth:`force_malformed`.
        """
        if outcome not in FORCE_OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(FORCE_OUTCOMES)}")
        if malformed is not None and outcome != "malformed":
            raise ValueError("only the 'malformed' outcome takes a malformed answer")
        with self._lock:
            self._faults.force.extend(
                ForcedOutcome(outcome, path, method, copy.deepcopy(malformed)) for _ in range(times)
            )

    def force_malformed(
        self,
        kind: str,
        *,
        path: str | None = None,
        method: str | None = None,
        times: int = 1,
        status: int | None = None,
        body: Any = None,
        size: int = HUGE_SIZE,
    ) -> MalformedResponse:
        """Answer the next ``times`` matching API requests with a malformed body.

        ``kind`` is one of :data:`MALFORMED_KINDS` (see :class:`MalformedResponse`);
        ValueError when the description is invalid. Returns the description.
        """
        spec = MalformedResponse(kind, status, body, size)
        self.force("malformed", path=path, method=method, times=times, malformed=spec)
        return spec

    def next_fault_entry(self, method: str, path: str) -> tuple[str | None, MalformedResponse | None]:
        """The fault for one authenticated API request (uses up a forced one), else the seeded draw,
        with the malformed answer of a ``"malformed"`` outcome."""
        with self._lock:
            faults = self._faults
            entry = pop_forced(faults.force, method, path)
            if entry is not None:
                return entry.outcome, entry.malformed
            if not any(getattr(faults, name) for name in RATE_KNOBS):
                return None, None
            roll = self._fault_rng.random()
            edge = 0.0
            for name in RATE_KNOBS:
                edge += getattr(faults, name)
                if roll < edge:
                    return _RATE_OUTCOMES[name], None
            return None, None


_F = TypeVar("_F", bound=Forced)


def pop_forced(queue: list[_F], method: str, path: str) -> _F | None:
    """Take the first forced entry of ``queue`` that matches the request out of it (None: none does)."""
    for index, entry in enumerate(queue):
        if entry.matches(method, path):
            del queue[index]
            return entry
    return None


# ---------------------------------------------------------------- rate limits


class SlidingWindows:
    """Sliding-window rate limits, one window per key (a token's fingerprint, an account)."""

    def __init__(self) -> None:
        self._windows: dict[str, deque[float]] = {}

    def check(self, key: str, limit: int | None, window_s: float) -> int | None:
        """Count one request for ``key``; None when allowed (or ``limit`` is 0/None), else Retry-After seconds.

        Refused requests are not counted.
        """
        if not limit:
            return None
        now = _time.monotonic()
        window = self._windows.setdefault(key, deque())
        while window and window[0] <= now - window_s:
            window.popleft()
        if len(window) >= limit:
            return max(1, math.ceil(window[0] + window_s - now))
        window.append(now)
        return None

    def clear(self) -> None:
        self._windows.clear()


def check_rate_knobs(limits: Mapping[Any, Any], current: int | None) -> tuple[int | None, float | None]:
    """``rate_limit`` and ``rate_window_s`` from a ``POST /_sim/faults`` body (``current`` when absent)."""
    limit = limits.get("rate_limit", current)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError("rate_limit must be a non-negative integer or null")
    window = limits.get("rate_window_s")
    if window is not None and (isinstance(window, bool) or not isinstance(window, (int, float)) or window <= 0):
        raise ValueError("rate_window_s must be a positive number")
    return limit, float(window) if window is not None else None


# ---------------------------------------------------------------- the request log

REDACTED = "<redacted>"


def redact(value: Any, keys: Collection[str], secrets: Sequence[str]) -> Any:
    """``value`` with the values of ``keys`` (any case) and any ``secrets`` text replaced by :data:`REDACTED`."""
    if isinstance(value, Mapping):
        return {
            k: REDACTED if isinstance(k, str) and k.lower() in keys and v is not None else redact(v, keys, secrets)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact(v, keys, secrets) for v in value]
    if isinstance(value, str):
        for secret in secrets:
            if secret in value:
                value = value.replace(secret, REDACTED)
        return value
    return value


@dataclass
class Traffic:
    """What the API routes saw since the last reset, counted beside the request log.

    The log keeps the latest ``max_log`` entries; these counts keep every
    request, so a run of any size can be checked from them.
    """

    requests: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    longest: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "faulted": sum(self.faults.values()),
            "faults": dict(self.faults),
            "longest": dict(self.longest) or None,
        }


class RequestLog:
    """The request-log methods of a state.

    The app logs a request when it arrives and completes the stored entry
    later, so the log is in arrival order and shows requests still in flight
    (``status`` None). The state provides ``_lock`` and ``_log`` (a bounded
    deque), calls :meth:`_clear_log_locked` when it resets, and may override
    :meth:`redact`. Beside the log, :meth:`traffic` counts every request, the
    faults by kind and the longest request (from its arrival until its answer
    was sent or its client went away); those counts are not capped.
    """

    _lock: threading.RLock
    _log: deque[dict[str, Any]]
    _traffic: Traffic

    def redact(self, value: Any) -> Any:
        """What is logged of ``value`` (here: all of it)."""
        return value

    def _clear_log_locked(self) -> None:
        self._log.clear()
        self._traffic = Traffic()

    def record_request(self, entry: Mapping[str, Any]) -> dict[str, Any]:
        """Append to the request log (through :meth:`redact`); returns the stored entry for :meth:`update_request`."""
        with self._lock:
            stored: dict[str, Any] = self.redact(dict(entry))
            self._log.append(stored)
            self._traffic.requests += 1
            return stored

    def update_request(self, stored: dict[str, Any], **changes: Any) -> None:
        """Complete a logged entry (status, applied, fault); a fault is counted once per request."""
        with self._lock:
            fault = changes.get("fault")
            if fault and stored.get("fault") != fault:
                self._traffic.faults[str(fault)] += 1
            stored.update(self.redact(changes))

    def finish_request(self, stored: dict[str, Any], seconds: float) -> None:
        """The answer was sent (or the client went away) ``seconds`` after the request arrived."""
        with self._lock:
            stored["seconds"] = round(seconds, 3)
            longest = self._traffic.longest
            if seconds > longest.get("seconds", -1.0):
                longest.clear()
                longest.update(
                    seconds=round(seconds, 3),
                    method=stored.get("method"),
                    path=stored.get("path"),
                    fault=stored.get("fault"),
                    status=stored.get("status"),
                )

    def requests(self) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(list(self._log))

    def traffic(self) -> dict[str, Any]:
        """``{requests, faulted, faults: {kind: n}, longest: {seconds, method, path, fault, status}}``."""
        with self._lock:
            return self._traffic.to_json()

    def clear_requests(self) -> None:
        """Empty the log and start the traffic counts again (effects are kept)."""
        with self._lock:
            self._clear_log_locked()


_S = TypeVar("_S")


def state_or_kwargs(state: _S | None, state_kwargs: Mapping[str, Any], make: Callable[..., _S]) -> _S:
    """A server's state: the one given, else ``make(**state_kwargs)`` (TypeError when both are given)."""
    if state is not None and state_kwargs:
        raise TypeError("give a state or state keyword arguments, not both")
    return state if state is not None else make(**state_kwargs)


# ---------------------------------------------------------------- HTTP


@dataclass
class Reply:
    """A response to send: ``body`` None means an empty body."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    applied: bool = False


def encode_json(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


BAD_GATEWAY_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
"""What a reverse proxy sends when the service behind it is down (the ``html`` malformed answer)."""


def malformed_response(spec: MalformedResponse, real: Reply | None) -> Response:
    """The malformed answer ``spec`` describes; ``real`` is the route's answer when it ran.

    Every answer is a complete HTTP message (its ``Content-Length`` matches
    the bytes sent); only the body is wrong.
    """
    status = spec.status if spec.status is not None else (real.status if real is not None else 200)
    if spec.kind == "empty":
        return Response(status_code=status)
    if spec.kind == "html":
        page = spec.body if spec.body is not None else BAD_GATEWAY_PAGE
        return Response(page.encode(), status_code=status, media_type="text/html; charset=utf-8")
    if spec.kind == "raw":
        return Response((spec.body or "").encode(), status_code=status, media_type="application/json")
    source = spec.body if spec.body is not None or real is None else real.body
    if spec.kind == "json":
        # ASCII escapes, so any string (even a lone surrogate) can be sent.
        return Response(json.dumps(source).encode(), status_code=status, media_type="application/json")
    if spec.kind == "truncated":
        full = b"" if source is None else encode_json(source)
        return Response(full[: len(full) // 2], status_code=status, media_type="application/json")
    # huge: the object with a long string field added
    padded = dict(source) if isinstance(source, dict) else {"data": source}
    padded["padding"] = "x" * spec.size
    return Response(encode_json(padded), status_code=status, media_type="application/json")


class BrokenResponse(Response):
    """Start a response, promise more bytes than are sent, then stop.

    Returning from the ASGI app with the body incomplete makes uvicorn close
    the connection, so the client sees a truncated message (httpx raises
    ``RemoteProtocolError``).
    """

    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(status_code=status)
        self._full = body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared = max(len(self._full), 16) + 64
        sent = self._full[: max(1, len(self._full) // 2)]
        await send(
            {
                "type": "http.response.start",
                "status": self.status_code,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(declared).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": sent, "more_body": True})


class DrippedResponse(Response):
    """A complete answer whose body is sent a few bytes at a time, spread over ``seconds``.

    The status line and headers (with the true ``Content-Length``) go out at
    once; then the body in small pieces, evenly spaced, so a client's read
    timeout (which waits for *any* byte) never fires. It stops early when the
    client goes away or the server stops.
    """

    TICK = 0.05
    """The pause between pieces when the body is long enough (a piece is then a few bytes)."""

    def __init__(self, inner: Response, seconds: float, stopping: threading.Event) -> None:
        super().__init__(status_code=inner.status_code)
        self._inner = inner
        self._seconds = seconds
        self._stopping = stopping

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = bytes(self._inner.body)
        pieces = max(1, min(len(body), math.ceil(self._seconds / self.TICK)))
        size = max(1, math.ceil(len(body) / pieces))
        pause = self._seconds / pieces
        gone = asyncio.Event()

        async def listen() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()

        listener = asyncio.ensure_future(listen())
        try:
            await send({"type": "http.response.start", "status": self.status_code, "headers": self._inner.raw_headers})
            for offset in range(0, max(len(body), 1), size):
                if await self._wait(pause, gone):
                    return  # the connection closes with the body incomplete
                await send({"type": "http.response.body", "body": body[offset : offset + size], "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener

    async def _wait(self, seconds: float, gone: asyncio.Event) -> bool:
        """Sleep ``seconds``; True when the client went away or the server is stopping first."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not (gone.is_set() or self._stopping.is_set()):
            left = deadline - loop.time()
            if left <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(gone.wait(), min(left, self.TICK))
        return True


class TimedResponse(Response):
    """Sends ``inner``, then tells ``done`` (when the last byte went out or the client went away)."""

    def __init__(self, inner: Response, done: Callable[[], None]) -> None:
        super().__init__(status_code=inner.status_code)
        self._inner = inner
        self._done = done

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self._inner(scope, receive, send)
        finally:
            self._done()


async def hang(request: Request, seconds: float, stopping: threading.Event) -> bool:
    """Wait ``seconds``; True when the client went away or the server is stopping first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        if stopping.is_set() or await request.is_disconnected():
            return True
        await asyncio.sleep(0.02)
    return False


NO_BODY = object()
BAD_JSON = object()


def parse_body(raw: bytes) -> Any:
    """The JSON of a request body; :data:`NO_BODY` when blank, :data:`BAD_JSON` when it does not parse."""
    if not raw.strip():
        return NO_BODY
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return BAD_JSON


class _LoggingState(Protocol):
    @property
    def faults(self) -> Faults: ...
    def record_request(self, entry: Mapping[str, Any]) -> dict[str, Any]: ...


class Begun(NamedTuple):
    """A request as the pipeline started it."""

    raw: bytes
    """The body's bytes."""
    body: Any
    """Its JSON (:data:`NO_BODY`/:data:`BAD_JSON` when blank or unreadable)."""
    logged: dict[str, Any]
    """The log entry :func:`answer_with_faults` completes."""
    started: float
    """When it arrived (``time.monotonic``)."""


async def begin_request(state: _LoggingState, request: Request, **extra: Any) -> Begun:
    """The start of the HeavySet and Apptoto pipelines: read the body, log the request, wait the latency.

    ``extra`` keys are added to the logged entry.
    """
    started = _time.monotonic()
    raw = await request.body()
    body = parse_body(raw)
    entry: dict[str, Any] = {
        "method": request.method,
        "path": request.url.path,
        "query": dict(request.query_params),
        **extra,
        "body": body if body is not NO_BODY and body is not BAD_JSON else None,
        "status": None,
        "applied": False,
        "fault": None,
        "at": iso_ms(datetime.now(UTC)),
    }
    logged = state.record_request(entry)
    if state.faults.latency_ms > 0:
        await asyncio.sleep(state.faults.latency_ms / 1000)
    return Begun(raw, body, logged, started)


def is_loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def json_object(request: Request, message: str = "body must be a JSON object") -> dict[str, Any]:
    """An admin request's body as a JSON object (blank: ``{}``); ValueError(``message``) for any other JSON."""
    raw = await request.body()
    if not raw.strip():
        return {}
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError(message)
    return data


AdminFunc = Callable[[Request], Awaitable[Any]]


def admin_endpoint(
    func: AdminFunc,
    *,
    loopback: Callable[[Request], bool] = is_loopback,
    encode_in_try: bool = False,
) -> Callable[[Request], Awaitable[Response]]:
    """A ``/_sim/`` endpoint: 403 for non-loopback clients, 400 ``{"error"}`` for ValueError, TypeError, KeyError.

    ``func`` returns a Response (sent as it is) or JSON. ``encode_in_try``:
    a result that cannot be encoded is a 400 too (TimeZest), not a 500.
    """

    async def endpoint(request: Request) -> Response:
        if not loopback(request):
            return JSONResponse({"error": "the /_sim/ endpoints answer loopback clients only"}, status_code=403)
        try:
            result = await func(request)
            if encode_in_try:
                return result if isinstance(result, Response) else JSONResponse(result)
        except (ValueError, TypeError, KeyError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return result if isinstance(result, Response) else JSONResponse(result)

    return endpoint


class _LoggedState(Protocol):
    def info(self) -> Any: ...
    def reset(self) -> None: ...
    def requests(self) -> list[dict[str, Any]]: ...
    def traffic(self) -> dict[str, Any]: ...
    def clear_requests(self) -> None: ...


def shared_admin_routes(
    state: _LoggedState,
    admin: Callable[[AdminFunc], Callable[[Request], Awaitable[Response]]],
    reset_payload: Callable[[], Mapping[str, Any]],
) -> list[Route]:
    """``GET /_sim/info``, ``POST /_sim/reset`` (answers ``{"ok": true, **reset_payload()}``),
    ``GET``/``DELETE /_sim/requests`` and ``GET /_sim/traffic``, the admin routes every simulator has alike."""

    async def get_info(request: Request) -> Any:
        return state.info()

    async def post_reset(request: Request) -> Any:
        state.reset()
        return {"ok": True, **reset_payload()}

    async def get_requests(request: Request) -> Any:
        return state.requests()

    async def delete_requests(request: Request) -> Any:
        state.clear_requests()
        return {"ok": True}

    async def get_traffic(request: Request) -> Any:
        return state.traffic()

    return [
        Route("/_sim/info", admin(get_info), methods=["GET"]),
        Route("/_sim/reset", admin(post_reset), methods=["POST"]),
        Route("/_sim/requests", admin(get_requests), methods=["GET"]),
        Route("/_sim/requests", admin(delete_requests), methods=["DELETE"]),
        Route("/_sim/traffic", admin(get_traffic), methods=["GET"]),
    ]


class _FaultyState(Protocol):
    def next_fault_entry(self, method: str, path: str) -> tuple[str | None, MalformedResponse | None]: ...
    def update_request(self, stored: dict[str, Any], **changes: Any) -> None: ...
    def finish_request(self, stored: dict[str, Any], seconds: float) -> None: ...


UNREADABLE = MalformedResponse("truncated")
"""The answer of ``unreadable_after_apply``: the real one, cut in half."""


async def answer_with_faults(
    state: _FaultyState,
    request: Request,
    begun: Begun,
    reply: Reply | None,
    fault: str | None,
    *,
    run: Callable[[], Reply],
    fault_reply: Callable[[int], Reply],
    to_response: Callable[[Reply], Response],
    faults: Faults,
    stopping: threading.Event,
    drop_body: bytes,
    in_progress: Callable[[], Reply | None] | None = None,
    encode: Callable[[Any], bytes] = encode_json,
) -> Response:
    """The end of the HeavySet and Apptoto pipelines, after auth and the rate limit.

    ``reply`` is the answer so far (an auth or rate-limit refusal; None: go
    on). Then the fault decision (forced queue, then the seeded draw): 429,
    500 or 503 as ``fault_reply`` makes them (``retry_after_long``: a 429 with
    ``Retry-After: faults.long_retry_after_s``); a dropped connection (the
    partial ``drop_body``); a hang of ``faults.hang_s`` (503 when the client
    or the server gives up first); a malformed answer (built from the route's
    answer when it says so). Else ``run`` the route, and after it:
    ``drop_after_apply`` drops the connection (the body ``encode``d);
    ``apply_then_hang`` holds the answer for ``faults.hang_s``;
    ``unreadable_after_apply`` sends it cut in half; ``drip`` sends it over
    ``faults.drip_s``; ``in_progress`` answers what ``in_progress()`` makes
    (a 409; None: the request carries no idempotency key, so it is served as
    it is). The logged entry gets the status, ``applied``, the fault, and the
    seconds until its answer went out.
    """
    logged = begun.logged

    def timed(response: Response) -> Response:
        return TimedResponse(response, lambda: state.finish_request(logged, _time.monotonic() - begun.started))

    malformed: MalformedResponse | None = None
    conflict: Reply | None = None
    if reply is None:
        fault, malformed = state.next_fault_entry(request.method, request.url.path)
        if fault == "unreadable_after_apply":
            malformed = UNREADABLE
        elif fault == "in_progress":
            conflict = in_progress() if in_progress is not None else None
            if conflict is None:
                fault = None
        if malformed is not None and not malformed.uses_real_response:
            response = malformed_response(malformed, None)
            state.update_request(logged, status=response.status_code, fault=f"malformed:{malformed.kind}")
            return timed(response)
        if fault in ("429", "500", "503"):
            reply = fault_reply(int(fault))
        elif fault == "retry_after_long":
            reply = fault_reply(429)
            reply.headers["Retry-After"] = str(math.ceil(faults.long_retry_after_s))
        elif fault == "drop":
            state.update_request(logged, status=200, fault="drop")
            return timed(BrokenResponse(200, drop_body))
        elif fault == "timeout":
            state.update_request(logged, fault="timeout")
            if await hang(request, faults.hang_s, stopping):
                state.update_request(logged, status=499)
                return timed(to_response(fault_reply(503)))
    if reply is None:
        reply = run()
        if fault == "apply_then_hang":
            state.update_request(logged, applied=reply.applied, fault=fault)
            if await hang(request, faults.hang_s, stopping):
                state.update_request(logged, status=499)
                return timed(to_response(fault_reply(503)))
        elif conflict is not None:
            state.update_request(logged, status=conflict.status, applied=reply.applied, fault=fault)
            return timed(to_response(conflict))
    if malformed is not None:
        response = malformed_response(malformed, reply)
        label = fault if fault == "unreadable_after_apply" else f"malformed:{malformed.kind}"
        state.update_request(logged, status=response.status_code, applied=reply.applied, fault=label)
        return timed(response)
    state.update_request(logged, status=reply.status, applied=reply.applied, fault=fault)
    if fault == "drop_after_apply":
        return timed(BrokenResponse(reply.status, b"" if reply.body is None else encode(reply.body)))
    if fault == "drip":
        return timed(DrippedResponse(to_response(reply), faults.drip_s, stopping))
    return timed(to_response(reply))
