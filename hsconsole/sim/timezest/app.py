"""HTTP for the TimeZest simulator: Starlette routes onto :class:`~hsconsole.sim.timezest.state.TimeZestState`,
:class:`TimeZestServer`, which serves them on 127.0.0.1 in a thread, and :func:`describe` for its banner."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from hsconsole.sim.common import (
    AdminFunc,
    BrokenResponse,
    admin_endpoint,
    hang,
    json_object,
    shared_admin_routes,
    state_or_kwargs,
)
from hsconsole.sim.serving import AppServer
from hsconsole.sim.timezest.state import (
    API_PREFIX,
    ERR_FORBIDDEN,
    ERR_RATE,
    ERR_SERVER,
    ERR_UNAUTHORIZED,
    NOT_FOUND_PAGE,
    ForcedFault,
    KeyScope,
    TimeZestState,
    TzError,
    is_int,
)

# ---------------------------------------------------------------- HTTP


def _json_response(status: int, body: Any, headers: Mapping[str, str] | None = None) -> Response:
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(data, status_code=status, headers=dict(headers or {}), media_type="application/json")


def _error(exc: TzError) -> Response:
    if exc.html:
        return HTMLResponse(NOT_FOUND_PAGE, status_code=exc.status)
    return _json_response(exc.status, {"error": exc.message})


Handler = Callable[[TimeZestState, Request, Any], Awaitable[tuple[int, Any]]]


class _Api:
    """The pipeline of every ``/v1`` request: log, latency, auth, permission, rate limit, fault, route."""

    def __init__(self, state: TimeZestState, stopping: threading.Event) -> None:
        self.state = state
        self.stopping = stopping

    async def handle(self, request: Request, handler: Handler, *, write: bool) -> Response:
        state = self.state
        raw = await request.body()
        try:
            body: Any = json.loads(raw) if raw.strip() else None
            bad_json = False
        except (ValueError, UnicodeDecodeError):
            body, bad_json = None, True
        scope = state.auth(request.headers.get("authorization"))
        entry = {
            "method": request.method,
            "path": request.url.path,
            "query": dict(request.query_params),
            "body": body,
            "key": scope.value
            if scope is not None
            else ("missing" if not request.headers.get("authorization") else "rejected"),
            "status": None,
            "fault": None,
            "at": datetime.now(UTC).isoformat(),
        }
        logged = state.record_request(entry)
        if state.latency_ms > 0:
            await asyncio.sleep(state.latency_ms / 1000)
        if scope is None:
            state.update_request(logged, status=401)
            return _json_response(401, {"error": ERR_UNAUTHORIZED})
        if write and scope is KeyScope.READ_ONLY:
            state.update_request(logged, status=403)
            return _json_response(403, {"error": ERR_FORBIDDEN})
        retry_after = state.rate_check()
        if retry_after is not None:
            state.update_request(logged, status=429, fault="rate_limit")
            return _json_response(429, {"error": ERR_RATE}, {"Retry-After": str(retry_after)})
        fault = state.next_fault(request.method, request.url.path)
        if fault == "429":
            state.update_request(logged, status=429, fault=fault)
            return _json_response(429, {"error": ERR_RATE}, {"Retry-After": "1"})
        if fault == "500":
            state.update_request(logged, status=500, fault=fault)
            return _json_response(500, {"error": ERR_SERVER})
        if fault == "drop":
            state.update_request(logged, status=200, fault=fault)
            return BrokenResponse(200, b'{"object":"list","dropped":"by the simulator"}')
        if fault == "timeout":
            state.update_request(logged, fault=fault)
            await hang(request, state.hang_s, self.stopping)
            state.update_request(logged, status=499)
            return _json_response(503, {"error": "Service Unavailable"})
        try:
            if bad_json:
                raise TzError(400, "The request body is not valid JSON.")
            status, payload = await handler(state, request, body)
        except TzError as exc:
            state.update_request(logged, status=exc.status, fault=fault)
            return _error(exc)
        state.update_request(logged, status=status, fault=fault, applied=write)
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        if fault == "drop_after_apply":
            return BrokenResponse(status, data)
        return Response(data, status_code=status, media_type="application/json")

    def routes(self, path: str, handler: Handler, method: str, *, write: bool = False) -> list[Route]:
        async def endpoint(request: Request) -> Response:
            return await self.handle(request, handler, write=write)

        # Both spellings: WYRE asks for /v1/agents/, the others for /v1/agents (INF: both work).
        return [Route(p, endpoint, methods=[method]) for p in (path, path + "/")]


def _lister(collection: str) -> Handler:
    async def handler(state: TimeZestState, request: Request, body: Any) -> tuple[int, Any]:
        url = f"{request.url.scheme}://{request.url.netloc}{request.url.path}"
        return 200, state.list_page(collection, request.query_params, url)

    return handler


async def _get_request(state: TimeZestState, request: Request, body: Any) -> tuple[int, Any]:
    return 200, state.get_scheduling_request(request.path_params["request_id"])


async def _create_request(state: TimeZestState, request: Request, body: Any) -> tuple[int, Any]:
    return 201, state.create_scheduling_request(body)


def _is_loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    return host in ("127.0.0.1", "::1", "localhost") or host.startswith("127.")


def _admin_routes(state: TimeZestState) -> list[Route]:
    def admin(func: AdminFunc) -> Callable[[Request], Awaitable[Response]]:
        return admin_endpoint(func, loopback=_is_loopback, encode_in_try=True)

    async def get_faults(request: Request) -> Any:
        return {"force": state.forced(), "latency_ms": state.latency_ms, "rate_limit": state.rate_limit,
                "rate_window_s": state.rate_window_s}  # fmt: skip

    async def post_faults(request: Request) -> Any:
        data = await json_object(request, "the body must be a JSON object")
        unknown = set(data) - {"force", "latency_ms", "rate_limit", "rate_window_s"}
        if unknown:
            raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
        if "force" in data:
            items = data["force"]
            if not isinstance(items, list):
                raise ValueError("force must be a list")
            faults = [
                ForcedFault(i) if isinstance(i, str) else ForcedFault(i["outcome"], i.get("path"), i.get("method"))
                for i in items
            ]
            state.replace_forced(faults)
        if "latency_ms" in data:
            if not is_int(data["latency_ms"]) or data["latency_ms"] < 0:
                raise ValueError("latency_ms must be a non-negative integer")
            state.latency_ms = data["latency_ms"]
        if "rate_limit" in data or "rate_window_s" in data:
            state.set_rate_limit(data.get("rate_limit", state.rate_limit), data.get("rate_window_s"))
        return await get_faults(request)

    async def get_clock(request: Request) -> Any:
        return {"now": state.now().isoformat(), "epoch": state.epoch()}

    async def post_clock(request: Request) -> Any:
        data = await json_object(request, "the body must be a JSON object")
        if "advance_s" in data:
            state.advance(float(data["advance_s"]))
        elif "now" in data:
            state.set_clock(datetime.fromisoformat(data["now"]) if data["now"] is not None else None)
        return await get_clock(request)

    async def get_timeline(request: Request) -> Any:
        return state.timeline(request.path_params["request_id"])

    return [
        Route("/_sim/faults", admin(get_faults), methods=["GET"]),
        Route("/_sim/faults", admin(post_faults), methods=["POST"]),
        *shared_admin_routes(state, admin, lambda: {"now": state.now().isoformat()}),
        Route("/_sim/clock", admin(get_clock), methods=["GET"]),
        Route("/_sim/clock", admin(post_clock), methods=["POST"]),
        Route("/_sim/scheduling_requests/{request_id}/timeline", admin(get_timeline), methods=["GET"]),
    ]


def create_app(state: TimeZestState, stopping: threading.Event | None = None) -> Starlette:
    """The TimeZest simulator as an ASGI app over ``state``.

    ``stopping``, when set, makes a request held by the ``timeout`` fault end
    at once, so a server can shut down quickly.
    """
    api = _Api(state, stopping or threading.Event())
    v1 = API_PREFIX
    routes = [
        *api.routes(f"{v1}/agents", _lister("agents"), "GET"),
        *api.routes(f"{v1}/teams", _lister("teams"), "GET"),
        *api.routes(f"{v1}/appointment_types", _lister("appointment_types"), "GET"),
        *api.routes(f"{v1}/resources", _lister("resources"), "GET"),
        *api.routes(f"{v1}/scheduling_requests", _lister("scheduling_requests"), "GET"),
        *api.routes(f"{v1}/scheduling_requests", _create_request, "POST", write=True),
        *api.routes(f"{v1}/scheduling_requests/{{request_id}}", _get_request, "GET"),
        *_admin_routes(state),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        """Unknown routes and methods: the HTML 404 page the live API sends (CODE-obs)."""
        if request.url.path.startswith("/_sim/"):
            return JSONResponse({"error": "Not Found"}, status_code=404)
        return HTMLResponse(NOT_FOUND_PAGE, status_code=404)

    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
    app.state.timezest = state
    return app


class TimeZestServer(AppServer):
    """The TimeZest simulator on 127.0.0.1 in a background thread::

    with TimeZestServer(now=datetime(2026, 3, 2, 18, tzinfo=UTC)) as sim:
        client = TimeZestClient(transport, sim.api_key, sim.url, clock=sim.state.now)
    """

    def __init__(
        self, state: TimeZestState | None = None, *, host: str = "127.0.0.1", port: int = 0, **state_kwargs: Any
    ) -> None:
        self.state = state_or_kwargs(state, state_kwargs, TimeZestState)
        super().__init__(lambda stopping: create_app(self.state, stopping), host=host, port=port)

    @property
    def api_key(self) -> str:
        return self.state.api_key

    @property
    def read_only_key(self) -> str:
        return self.state.read_only_key

    @property
    def api_base(self) -> str:
        """``http://127.0.0.1:<port>/v1``."""
        return self.url + API_PREFIX


def describe(state: TimeZestState, url: str) -> str:
    """Lines for a start-up banner: where the API is and which keys work."""
    return "\n".join(
        [
            f"TimeZest simulator on {url}",
            f"  API base:       {url}{API_PREFIX}   (Authorization: Bearer <key>)",
            f"  Read/write key: {state.api_key}",
            f"  Read-only key:  {state.read_only_key}   (403 on POST)",
            f"  Rate limit:     {state.rate_limit or 'off'} requests per {state.rate_window_s:g} s (whole account)",
            f"  Admin:          {url}/_sim/info, /_sim/faults, /_sim/clock, /_sim/requests (loopback only)",
        ]
    )
