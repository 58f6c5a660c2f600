"""HTTP for the Apptoto simulator: Starlette routes onto :class:`~hsconsole.sim.apptoto.state.ApptotoState`,
and :class:`ApptotoServer`, which serves them on 127.0.0.1 in a thread."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from hsconsole.sim.apptoto.state import API_PREFIX, ERROR_STYLES, REALM, SCRIPTS, ApptotoError, ApptotoState, AuthResult
from hsconsole.sim.common import (
    BAD_JSON,
    NO_BODY,
    Reply,
    admin_endpoint,
    answer_with_faults,
    begin_request,
    check_rate_knobs,
    json_object,
    shared_admin_routes,
    state_or_kwargs,
)
from hsconsole.sim.serving import AppServer

# ---------------------------------------------------------------- HTTP


class _Text(str):
    """A plain-text error body (``error_style="text"``)."""


def error_reply(state: ApptotoState, status: int, code: str, message: str) -> Reply:
    """An error in the configured style; 401 always carries ``WWW-Authenticate``."""
    headers = {"WWW-Authenticate": f'Basic realm="{REALM}"'} if status == 401 else {}
    if state.error_style == "empty":
        return Reply(status, None, headers)
    if state.error_style == "text":
        text = "HTTP Basic: Access denied.\n" if status == 401 else f"{message}\n"
        return Reply(status, _Text(text), headers)
    return Reply(status, {"error": code, "message": message}, headers)


def _fault_reply(state: ApptotoState, status: int) -> Reply:
    messages = {
        429: ("rate_limited", f"Rate limit exceeded: {state.rate_limit} requests per minute"),
        500: ("internal_server_error", "We're sorry, but something went wrong."),
        503: ("service_unavailable", "Service Unavailable"),
    }
    code, message = messages[status]
    reply = error_reply(state, status, code, message)
    if status in (429, 503):
        reply.headers["Retry-After"] = "1"
    return reply


def _to_response(reply: Reply) -> Response:
    if reply.body is None:
        return Response(status_code=reply.status, headers=reply.headers)
    if isinstance(reply.body, _Text):
        return PlainTextResponse(str(reply.body), status_code=reply.status, headers=reply.headers)
    if reply.status == 502 and isinstance(reply.body, dict) and reply.body.get("error") == "bad_gateway":
        page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
        return Response(page, status_code=502, media_type="text/html", headers=reply.headers)
    data = json.dumps(reply.body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(data, status_code=reply.status, headers=reply.headers, media_type="application/json")


Handler = Callable[[ApptotoState, Request, Any], dict[str, Any]]


def _events_get(state: ApptotoState, request: Request, body: Any) -> dict[str, Any]:
    return state.list_events(request.query_params)


def _event_get(state: ApptotoState, request: Request, body: Any) -> dict[str, Any]:
    return state.get_event(request.query_params)


def _events_post(state: ApptotoState, request: Request, body: Any) -> dict[str, Any]:
    return state.write_events("POST", body)


def _events_put(state: ApptotoState, request: Request, body: Any) -> dict[str, Any]:
    return state.write_events("PUT", body)


def _events_delete(state: ApptotoState, request: Request, body: Any) -> dict[str, Any]:
    return state.delete_event(request.query_params)


def _contact_get(state: ApptotoState, request: Request, body: Any) -> dict[str, Any]:
    return state.get_contact(request.query_params)


def _contacts_get(state: ApptotoState, request: Request, body: Any) -> dict[str, Any]:
    return state.list_contacts(request.query_params)


def _contacts_post(state: ApptotoState, request: Request, body: Any) -> dict[str, Any]:
    return state.write_contacts("POST", body)


def _contacts_put(state: ApptotoState, request: Request, body: Any) -> dict[str, Any]:
    return state.write_contacts("PUT", body)


def _contacts_delete(state: ApptotoState, request: Request, body: Any) -> dict[str, Any]:
    return state.delete_contact(body, request.query_params)


def _address_books_get(state: ApptotoState, request: Request, body: Any) -> dict[str, Any]:
    return state.address_books_payload()


class _Api:
    """The request pipeline of every API route.

    In order: log the request (never its ``Authorization`` header); latency;
    Basic auth (401); the account's rate limit (429 + ``Retry-After``); the
    fault decision (forced queue, then the seeded draw); the route, whose
    :class:`ApptotoError` becomes an error in the configured style.
    """

    def __init__(self, state: ApptotoState, stopping: threading.Event) -> None:
        self.state = state
        self.stopping = stopping

    def route(self, path: str, method: str, handler: Handler) -> Route:
        async def endpoint(request: Request) -> Response:
            return await self.handle(request, handler)

        return Route(API_PREFIX + path, endpoint, methods=[method], name=f"apptoto:{handler.__name__}")

    def _run(self, handler: Handler, request: Request, body: Any) -> Reply:
        state = self.state
        mutation = request.method in ("POST", "PUT", "DELETE")
        if body is BAD_JSON:
            return error_reply(state, 400, "invalid_request", "the body is not valid JSON")
        try:
            payload = handler(state, request, None if body is NO_BODY else body)
        except ApptotoError as exc:
            if exc.status == 502:
                return Reply(502, {"error": "bad_gateway"})
            return error_reply(state, exc.status, exc.code, exc.message)
        return Reply(200, payload, applied=mutation)

    async def handle(self, request: Request, handler: Handler) -> Response:
        state = self.state
        begun = await begin_request(state, request)

        reply: Reply | None = None
        fault: str | None = None
        auth = state.auth(request.headers.get("authorization"))
        if auth is AuthResult.MISSING:
            reply = error_reply(
                state, 401, "unauthorized", "HTTP Basic authentication required: account email and API key"
            )
        elif auth is AuthResult.INVALID:
            reply = error_reply(state, 401, "unauthorized", "Invalid email or API key")
        else:
            retry_after = state.rate_check()
            if retry_after is not None:
                reply = _fault_reply(state, 429)
                reply.headers["Retry-After"] = str(retry_after)
        return await answer_with_faults(
            state,
            request,
            begun,
            reply,
            fault,
            run=lambda: self._run(handler, request, begun.body),
            fault_reply=lambda status: _fault_reply(state, status),
            to_response=_to_response,
            faults=state.faults,
            stopping=self.stopping,
            drop_body=b'{"events":[{"dropped":"by the simulator"}]}',
            encode=lambda value: json.dumps(value).encode(),
        )


def _admin_routes(state: ApptotoState) -> list[Route]:
    admin = admin_endpoint

    def faults_payload() -> dict[str, Any]:
        return {
            **state.faults.to_json(),
            "rate_limit": state.rate_limit,
            "rate_window_s": state.rate_window_s,
            "error_style": state.error_style,
        }

    async def get_faults(request: Request) -> Any:
        return faults_payload()

    async def post_faults(request: Request) -> Any:
        data = await json_object(request)
        style = data.pop("error_style", None)
        if style is not None and style not in ERROR_STYLES:
            raise ValueError(f"error_style must be one of {', '.join(ERROR_STYLES)}")
        limits = {k: data.pop(k) for k in ("rate_limit", "rate_window_s") if k in data}
        state.update_faults(data)
        if style is not None:
            state.error_style = style
        if limits:
            state.set_rate_limit(*check_rate_knobs(limits, state.rate_limit))
        return faults_payload()

    async def get_clock(request: Request) -> Any:
        return state.clock_info()

    async def post_clock(request: Request) -> Any:
        data = await json_object(request)
        if "advance_s" in data:
            seconds = data["advance_s"]
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
                raise ValueError("advance_s must be a number")
            return state.advance(float(seconds))
        now = data.get("now")
        return state.set_clock(datetime.fromisoformat(now) if isinstance(now, str) else None)

    async def post_scripts(request: Request) -> Any:
        data = await json_object(request)
        who, script = data.get("phone") or data.get("email"), data.get("script")
        if not isinstance(who, str) or not isinstance(script, str):
            raise ValueError('give {"phone" or "email": ..., "script": one of ' + ", ".join(SCRIPTS) + "}")
        state.set_script(who, script)
        return state.info()["scripts"]

    async def get_events(request: Request) -> Any:
        return state.events_snapshot()

    return [
        Route("/_sim/faults", admin(get_faults), methods=["GET"]),
        Route("/_sim/faults", admin(post_faults), methods=["POST"]),
        *shared_admin_routes(state, admin, state.clock_info),
        Route("/_sim/clock", admin(get_clock), methods=["GET"]),
        Route("/_sim/clock", admin(post_clock), methods=["POST"]),
        Route("/_sim/scripts", admin(post_scripts), methods=["POST"]),
        Route("/_sim/events", admin(get_events), methods=["GET"]),
    ]


def create_app(state: ApptotoState, stopping: threading.Event | None = None) -> Starlette:
    """The Apptoto simulator as an ASGI app over ``state`` (real ``/v1/...`` paths, admin under ``/_sim/``).

    ``stopping``, when set, makes hung requests (the ``timeout`` fault) give up
    at once so a server can shut down quickly.
    """
    api = _Api(state, stopping or threading.Event())
    routes = [
        api.route("/events", "GET", _events_get),
        api.route("/events", "POST", _events_post),
        api.route("/events", "PUT", _events_put),
        api.route("/events", "DELETE", _events_delete),
        api.route("/event", "GET", _event_get),
        api.route("/contact", "GET", _contact_get),
        api.route("/contacts", "GET", _contacts_get),
        api.route("/contacts", "POST", _contacts_post),
        api.route("/contacts", "PUT", _contacts_put),
        api.route("/contacts", "DELETE", _contacts_delete),
        api.route("/address_books", "GET", _address_books_get),
        *_admin_routes(state),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        message = f"No route for {request.method} {request.url.path}"
        if request.url.path.startswith(API_PREFIX + "/"):
            return _to_response(error_reply(state, 404, "not_found", message))
        return JSONResponse({"error": "Not Found" if status == 404 else "Method Not Allowed"}, status_code=status)

    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
    app.state.apptoto = state
    return app


class ApptotoServer(AppServer):
    """The Apptoto simulator on 127.0.0.1 in a background thread::

    with ApptotoServer(today=date(2026, 3, 2)) as sim:
        client = ApptotoClient(transport, sim.email, sim.api_key, sim.url)
    """

    def __init__(
        self, state: ApptotoState | None = None, *, host: str = "127.0.0.1", port: int = 0, **state_kwargs: Any
    ) -> None:
        self.state = state_or_kwargs(state, state_kwargs, ApptotoState)
        super().__init__(lambda stopping: create_app(self.state, stopping), host=host, port=port)

    @property
    def email(self) -> str:
        return self.state.email

    @property
    def api_key(self) -> str:
        return self.state.api_key
