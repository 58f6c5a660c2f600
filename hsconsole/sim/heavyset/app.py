"""HTTP for the simulator: Starlette routes mapping requests onto :class:`SimState`.

Every API request goes through one pipeline, in this order:

1. read the body; log the request (completed with its status at the end,
   so the log is in arrival order); sleep ``latency_ms``;
2. the low-latency route answers 503 when ``regional_down`` (the edge is down);
3. auth (S2S ``x-hs-token``, Zapier ``x-heavyset-token``): missing, invalid, demo;
4. rate limit per token (sliding window) → 429 with ``Retry-After``;
5. fault decision (forced queue, then the seeded random draw): 429/500/503
   (``retry_after_long``: a 429 with a day's ``Retry-After``), a dropped
   connection, a hang, or a malformed answer — all before any effect,
   except the faults that come *after* it: ``drop_after_apply`` (the
   connection drops), ``apply_then_hang`` (the answer hangs),
   ``in_progress`` (a 409 saying the key is still being processed),
   ``drip`` (the answer trickles in), ``unreadable_after_apply`` and the
   malformed answers built from the real one (``truncated``, ``huge``
   without a body);
6. the route itself (validation → 404 → effect), with idempotency for mutations.

Token values are never recorded in the log.

The admin routes under ``/_sim/`` skip all of that and only answer loopback clients.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hsconsole.sim.common import (
    BAD_JSON,
    NO_BODY,
    Reply,
    admin_endpoint,
    answer_with_faults,
    begin_request,
    check_rate_knobs,
    encode_json,
    json_object,
    shared_admin_routes,
)
from hsconsole.sim.heavyset.model import Lead
from hsconsole.sim.heavyset.state import AuthStatus, ErrorKind, IdempotencyConflict, SimError, SimState

S2S_PREFIX = "/api/v1/appointment/s2s"
ZAPIER_PREFIX = "/api/v1/zaps"

_S2S_ERROR_NAMES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
_ZAPIER_ERROR_CODES = {429: "rate_limited", 500: "internal_error", 503: "service_unavailable", 404: "not_found"}
_S2S_KEY_HEADER = "idempotency-key"
_ZAPIER_KEY_HEADER = "x-idempotency-key"


class Family(enum.Enum):
    S2S = "s2s"
    ZAPIER = "zapier"

    @property
    def token_header(self) -> str:
        return "x-hs-token" if self is Family.S2S else "x-heavyset-token"

    @property
    def key_header(self) -> str:
        return _S2S_KEY_HEADER if self is Family.S2S else _ZAPIER_KEY_HEADER


def s2s_error(status: int, messages: list[str] | str) -> Reply:
    """NestJS-style ``{statusCode, message: [...], error}``."""
    listed = [messages] if isinstance(messages, str) else list(messages)
    return Reply(status, {"statusCode": status, "message": listed, "error": _S2S_ERROR_NAMES.get(status, "Error")})


def zapier_error(status: int, code: str, message: str | None = None) -> Reply:
    """``{ok: false, error: code}`` (+ ``message`` for humans, a simulator addition)."""
    body: dict[str, Any] = {"ok": False, "error": code}
    if message:
        body["message"] = message
    return Reply(status, body)


def _from_sim_error(family: Family, exc: SimError) -> Reply:
    if family is Family.S2S:
        return s2s_error(404 if exc.kind is ErrorKind.NOT_FOUND else 400, exc.messages)
    if exc.kind is ErrorKind.MISSING_ONE_TIME_TOKEN:
        return zapier_error(400, "missing_one_time_token", "; ".join(exc.messages))
    if exc.kind is ErrorKind.NOT_FOUND:
        return zapier_error(404, "not_found", "; ".join(exc.messages))
    return zapier_error(400, "validation_error", "; ".join(exc.messages))


def _fault_reply(family: Family, status: int) -> Reply:
    headers = {"Retry-After": "1"} if status in (429, 503) else {}
    if family is Family.S2S:
        messages = {
            429: "ThrottlerException: Too Many Requests",
            500: "Internal server error",
            503: "Service Unavailable",
        }
        reply = s2s_error(status, messages[status])
    else:
        reply = zapier_error(status, _ZAPIER_ERROR_CODES[status])
    reply.headers.update(headers)
    return reply


def _in_progress_reply(family: Family) -> Reply:
    """409: another request with this idempotency key is still being processed (its twin applies the change)."""
    if family is Family.S2S:
        return s2s_error(409, "A request with this Idempotency-Key is still being processed")
    return zapier_error(
        409, "idempotency_key_in_progress", "A request with this x-idempotency-key is still being processed"
    )


def _to_response(reply: Reply) -> Response:
    if reply.body is None:
        return Response(status_code=reply.status, headers=reply.headers)
    return Response(
        encode_json(reply.body), status_code=reply.status, headers=reply.headers, media_type="application/json"
    )


@dataclass
class Ctx:
    """What a route handler gets: the request, the accepted token, the parsed body."""

    request: Request
    token: str
    body: Any
    raw: bytes

    def fingerprint(self) -> str:
        """Method, path and body (canonical JSON when it parses) for idempotency checks."""
        if self.body is BAD_JSON:
            payload = self.raw.hex()
        else:
            payload = json.dumps(self.json_body, sort_keys=True, separators=(",", ":"))
        text = f"{self.request.method} {self.request.url.path} {payload}"
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def json_body(self) -> Any:
        """The parsed body; an empty body reads as ``{}``; bad JSON as a non-object marker."""
        if self.body is NO_BODY:
            return {}
        return self.body


Handler = Callable[[SimState, Ctx], Reply]


# ---------------------------------------------------------------- S2S handlers


def _s2s_query(state: SimState, ctx: Ctx) -> Reply:
    try:
        return Reply(200, state.query_lead(ctx.request.query_params.get("phone")))
    except SimError as exc:
        return _from_sim_error(Family.S2S, exc)


def _s2s_regional_query(state: SimState, ctx: Ctx) -> Reply:
    if ctx.request.path_params.get("crm_settings_id") != state.crm_settings_id:
        return s2s_error(404, "Unknown crmSettingsId")
    return _s2s_query(state, ctx)


def _s2s_blocks(state: SimState, ctx: Ctx) -> Reply:
    params = ctx.request.query_params
    try:
        return Reply(200, state.lead_blocks(params.get("phone"), params.get("simpleBlockId"), params.get("limitDays")))
    except SimError as exc:
        return _from_sim_error(Family.S2S, exc)


def _s2s_dispositions(state: SimState, ctx: Ctx) -> Reply:
    return Reply(200, state.dispositions_payload())


def _s2s_update(state: SimState, ctx: Ctx) -> Reply:
    body = ctx.json_body
    if "token_in_body" in state.dialects:  # the token must come in the body too, and match
        if not isinstance(body, dict) or body.get("token") != ctx.token:
            return s2s_error(401, "token should not be empty")
        body = {name: value for name, value in body.items() if name != "token"}

    def work() -> tuple[int, Any, str | None]:
        try:
            payload, lead_id = state.update_lead(body if body is not BAD_JSON else None)
        except SimError as exc:
            reply = _from_sim_error(Family.S2S, exc)
            return reply.status, reply.body, None
        return 200, payload, lead_id

    key = ctx.request.headers.get(_S2S_KEY_HEADER) or None
    try:
        outcome = state.run_idempotent(ctx.token, key, ctx.fingerprint(), work, strict=True)
    except IdempotencyConflict:
        return s2s_error(400, "Idempotency-Key was already used with a different request body")
    return Reply(outcome.status, outcome.body, applied=outcome.applied)


# ---------------------------------------------------------------- Zapier handlers


def _zap_auth_test(state: SimState, ctx: Ctx) -> Reply:
    return Reply(200, state.auth_test_payload())


def _zap_mutation(
    state: SimState,
    ctx: Ctx,
    operation: Callable[[str, Any], tuple[dict[str, Any], str]],
    default_key: Callable[[Any], str | None],
) -> Reply:
    body = ctx.json_body
    given = body if body is not BAD_JSON else None

    def work() -> tuple[int, Any, str | None]:
        try:
            payload, lead_id = operation(ctx.token, given)
        except SimError as exc:
            reply = _from_sim_error(Family.ZAPIER, exc)
            return reply.status, reply.body, None
        return 200, payload, lead_id

    header_key = ctx.request.headers.get(_ZAPIER_KEY_HEADER) or None
    key = header_key or default_key(given)
    try:
        outcome = state.run_idempotent(ctx.token, key, ctx.fingerprint(), work, strict=header_key is not None)
    except IdempotencyConflict:
        return zapier_error(400, "validation_error", "x-idempotency-key was already used with a different request body")
    return Reply(outcome.status, outcome.body, applied=outcome.applied)


def _zap_lead(state: SimState, ctx: Ctx) -> Reply:
    return _zap_mutation(state, ctx, state.submit_lead, state.default_lead_key)


def _zap_appointment(state: SimState, ctx: Ctx) -> Reply:
    return _zap_mutation(state, ctx, state.book_appointment, state.default_appointment_key)


def _zap_slots(state: SimState, ctx: Ctx) -> Reply:
    try:
        return Reply(200, state.slots(ctx.token, ctx.request.query_params.get("oneTimeToken")))
    except SimError as exc:
        return _from_sim_error(Family.ZAPIER, exc)


# ---------------------------------------------------------------- the pipeline


class _Api:
    """The shared request pipeline for every API route (see the module notes)."""

    def __init__(self, state: SimState, stopping: threading.Event) -> None:
        self.state = state
        self.stopping = stopping

    def route(self, path: str, family: Family, handler: Handler, method: str, *, regional: bool = False) -> Route:
        async def endpoint(request: Request) -> Response:
            return await self.handle(request, family, handler, regional=regional)

        return Route(path, endpoint, methods=[method], name=f"{family.value}:{handler.__name__}")

    def _auth_reply(self, family: Family, status: AuthStatus) -> Reply | None:
        if status is AuthStatus.OK:
            return None
        if family is Family.ZAPIER:
            if status is AuthStatus.MISSING:
                return zapier_error(400, "missing_token")
            return Reply(403 if status is AuthStatus.DEMO else 401)
        if status is AuthStatus.MISSING:
            return s2s_error(401, "token should not be empty")
        if status is AuthStatus.DEMO:
            return s2s_error(403, "This account is in demo mode")
        return s2s_error(401, "Invalid token")

    async def handle(self, request: Request, family: Family, handler: Handler, *, regional: bool) -> Response:
        state = self.state
        key = request.headers.get(family.key_header)
        begun = await begin_request(state, request, idempotency_key=key, family=family.value)
        faults = state.faults

        reply: Reply | None = None
        fault: str | None = None
        if regional and faults.regional_down:
            reply = _fault_reply(family, 503)
            fault = "regional_down"
        token = request.headers.get(family.token_header) or ""
        if reply is None:
            reply = self._auth_reply(family, state.auth(token))
        if reply is None:
            retry_after = state.rate_check(token)
            if retry_after is not None:
                reply = _fault_reply(family, 429)
                reply.headers["Retry-After"] = str(retry_after)
        return await answer_with_faults(
            state,
            request,
            begun,
            reply,
            fault,
            run=lambda: handler(state, Ctx(request, token, begun.body, begun.raw)),
            fault_reply=lambda status: _fault_reply(family, status),
            to_response=_to_response,
            faults=faults,
            stopping=self.stopping,
            drop_body=b'{"ok":true,"dropped":"by the simulator"}',
            in_progress=lambda: _in_progress_reply(family) if key else None,
        )


# ---------------------------------------------------------------- admin routes

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
_LEAD_FIELDS = {f.name for f in fields(Lead)}
_LEAD_ALIASES = {"appointmentStartAMPM": "appointment_start_ampm", "appointmentEndAMPM": "appointment_end_ampm"}


def _snake(key: str) -> str:
    if key in _LEAD_ALIASES:
        return _LEAD_ALIASES[key]
    return _CAMEL.sub("_", key).lower().replace("alpha_2", "alpha2").replace("alpha_3", "alpha3")


def _admin_error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _admin_routes(state: SimState) -> list[Route]:
    admin = admin_endpoint

    def faults_payload() -> dict[str, Any]:
        return {**state.faults.to_json(), "rate_limit": state.rate_limit, "rate_window_s": state.rate_window_s}

    async def get_faults(request: Request) -> Any:
        return faults_payload()

    async def post_faults(request: Request) -> Any:
        data = await json_object(request)
        limit_keys = {k: data.pop(k) for k in ("rate_limit", "rate_window_s") if k in data}
        state.update_faults(data)
        if limit_keys:
            state.set_rate_limit(*check_rate_knobs(limit_keys, state.rate_limit))
        return faults_payload()

    async def get_blocks(request: Request) -> Any:
        return state.blocks_snapshot(request.query_params.get("market"))

    async def post_blocks(request: Request) -> Any:
        data = await json_object(request)
        allowed = {"market", "zip", "date", "startTime", "endTime", "capacity"}
        extra = set(data) - allowed
        if extra:
            raise ValueError(f"unknown keys: {', '.join(sorted(extra))}")
        for required in ("date", "startTime", "endTime"):
            if not isinstance(data.get(required), str):
                raise ValueError(f"{required} is required (a string)")
        return state.add_block(
            day=date.fromisoformat(data["date"]),
            start_time=data["startTime"],
            end_time=data["endTime"],
            capacity=data.get("capacity", 1),
            market=data.get("market"),
            zip=data.get("zip"),
        )

    async def post_leads(request: Request) -> Any:
        data = await json_object(request)
        phone = data.pop("phone", None)
        if not isinstance(phone, str):
            raise ValueError("phone is required (a string)")
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            name = _snake(key)
            if name not in _LEAD_FIELDS | {"block_id", "deferred", "zip", "name"}:
                raise ValueError(f"unknown lead field {key!r}")
            kwargs[name] = value
        return state.add_lead(phone, **kwargs)

    async def get_lead(request: Request) -> Any:
        snapshot = state.lead_snapshot(request.path_params["phone"])
        if snapshot is None:
            return _admin_error("no lead for that phone", 404)
        return snapshot

    async def get_effects(request: Request) -> Any:
        return state.effects()

    async def get_clock(request: Request) -> Any:
        return state.clock_info()

    async def post_clock(request: Request) -> Any:
        data = await json_object(request)
        today, now, reseed = data.get("today"), data.get("now"), data.get("reseed", True)
        if not isinstance(reseed, bool):
            raise ValueError("reseed must be a boolean")
        return state.set_clock(
            today=date.fromisoformat(today) if isinstance(today, str) else None,
            now=datetime.fromisoformat(now) if isinstance(now, str) else None,
            reseed=reseed,
        )

    return [
        Route("/_sim/faults", admin(get_faults), methods=["GET"]),
        Route("/_sim/faults", admin(post_faults), methods=["POST"]),
        *shared_admin_routes(state, admin, state.clock_info),
        Route("/_sim/blocks", admin(get_blocks), methods=["GET"]),
        Route("/_sim/blocks", admin(post_blocks), methods=["POST"]),
        Route("/_sim/leads", admin(post_leads), methods=["POST"]),
        Route("/_sim/leads/{phone}", admin(get_lead), methods=["GET"]),
        Route("/_sim/effects", admin(get_effects), methods=["GET"]),
        Route("/_sim/clock", admin(get_clock), methods=["GET"]),
        Route("/_sim/clock", admin(post_clock), methods=["POST"]),
    ]


# ---------------------------------------------------------------- the app


def create_app(state: SimState, *, stopping: threading.Event | None = None) -> Starlette:
    """The simulator as an ASGI app over ``state``.

    ``stopping``, when set, makes hung requests (the ``timeout`` fault) give
    up at once so a server can shut down quickly.
    """
    api = _Api(state, stopping or threading.Event())
    s2s = S2S_PREFIX
    zap = ZAPIER_PREFIX
    routes = [
        # literal paths before the {crmSettingsId} one
        api.route(f"{s2s}/phone/query/blocks", Family.S2S, _s2s_blocks, "GET"),
        api.route(f"{s2s}/phone/query/dispositions", Family.S2S, _s2s_dispositions, "GET"),
        api.route(f"{s2s}/phone/query", Family.S2S, _s2s_query, "GET"),
        api.route(f"{s2s}/phone/query/{{crm_settings_id}}", Family.S2S, _s2s_regional_query, "GET", regional=True),
        api.route(f"{s2s}/phone/update", Family.S2S, _s2s_update, "PATCH"),
        api.route(f"{zap}/auth-test", Family.ZAPIER, _zap_auth_test, "GET"),
        api.route(f"{zap}/lead", Family.ZAPIER, _zap_lead, "POST"),
        api.route(f"{zap}/slots", Family.ZAPIER, _zap_slots, "GET"),
        api.route(f"{zap}/appointment", Family.ZAPIER, _zap_appointment, "POST"),
        *_admin_routes(state),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        """Unknown routes (and wrong methods, like NestJS) as 404 in the family's shape."""
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        path = request.url.path
        if path.startswith(S2S_PREFIX):
            return _to_response(s2s_error(404, f"Cannot {request.method} {path}"))
        if path.startswith(ZAPIER_PREFIX):
            return _to_response(zapier_error(404, "not_found", f"Cannot {request.method} {path}"))
        return JSONResponse({"error": "Not Found" if status == 404 else "Method Not Allowed"}, status_code=status)

    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
    app.state.sim = state
    return app
